// Date arithmetic and the school-year convention (9月1日 statistical date, 31 Aug age cut-off).
#include "zj/common/date.h"

#include <cstdio>

namespace zj {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool Date::valid() const {
  return year >= 1800 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

std::string Date::ToString() const {
  if (year >= 0 && year <= 9999 && month >= 0 && month <= 99 && day >= 0 && day <= 99) {
    // Hot in imports (every date cell): formatted by hand, same text as the printf below.
    std::string s = "0000-00-00";
    s[0] = static_cast<char>('0' + year / 1000);
    s[1] = static_cast<char>('0' + year / 100 % 10);
    s[2] = static_cast<char>('0' + year / 10 % 10);
    s[3] = static_cast<char>('0' + year % 10);
    s[5] = static_cast<char>('0' + month / 10);
    s[6] = static_cast<char>('0' + month % 10);
    s[8] = static_cast<char>('0' + day / 10);
    s[9] = static_cast<char>('0' + day % 10);
    return s;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// Howard Hinnant's days_from_civil.
int64_t Date::ToDays() const {
  int y = year - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned m = static_cast<unsigned>(month);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

Date Date::FromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

std::optional<Date> ParseDate(std::string_view t) {
  auto digits = [](std::string_view s, int& out) {
    if (s.empty()) return false;
    int v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    out = v;
    return true;
  };
  Date d;
  if (t.size() == 10 && t[4] == '-' && t[7] == '-') {
    if (!digits(t.substr(0, 4), d.year) || !digits(t.substr(5, 2), d.month) ||
        !digits(t.substr(8, 2), d.day))
      return std::nullopt;
  } else if (t.size() == 8) {
    if (!digits(t.substr(0, 4), d.year) || !digits(t.substr(4, 2), d.month) ||
        !digits(t.substr(6, 2), d.day))
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!d.valid()) return std::nullopt;
  return d;
}

int SchoolYearOf(const Date& d) { return d.month >= 9 ? d.year : d.year - 1; }

int AgeAtSchoolYear(const Date& birth, int school_year) {
  // Completed years on 31 August of `school_year`.
  int age = school_year - birth.year;
  if (birth.month > 8) --age;  // birthday (Sep–Dec) not yet reached by 31 Aug
  return age;
}

std::string SchoolYearLabel(int school_year) {
  return std::to_string(school_year) + "–" + std::to_string(school_year + 1) + "学年";
}

}  // namespace zj
