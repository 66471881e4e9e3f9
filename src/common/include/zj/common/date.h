// Calendar dates and school years (学年). A school year is keyed by its autumn year: 2020 means
// 2020-09-01 … 2021-08-31, counted at the statistical date 9月1日. Ages are completed years on
// 31 August of the school year's autumn (the cut-off for entry to kindergarten and grade 1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zj {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31

  bool valid() const;
  // "YYYY-MM-DD".
  std::string ToString() const;
  // Days since 1970-01-01 (proleptic Gregorian); for ordering and arithmetic.
  int64_t ToDays() const;
  static Date FromDays(int64_t days);
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the defaulted comparison
  friend auto operator<=>(const Date&, const Date&) = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// Parses "YYYY-MM-DD" or "YYYYMMDD"; nullopt when malformed or not a real date.
std::optional<Date> ParseDate(std::string_view text);

// The school year that contains `d` (autumn year): 2021-03-01 → 2020, 2021-09-01 → 2021.
int SchoolYearOf(const Date& d);

// Age in completed years on 31 August of `school_year` (the entry cut-off).
int AgeAtSchoolYear(const Date& birth, int school_year);

// "2020学年" / "2020–2021" helpers for display.
std::string SchoolYearLabel(int school_year);

}  // namespace zj
