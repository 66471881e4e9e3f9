// The one range of school years a record, a query or a plan may name. A school year is named by
// the calendar year it starts in (2024 = 2024—2025 学年).
#pragma once

namespace zj {

// 1949: the first year of the national education statistics series; 2100: far enough for any
// plan or projection, near enough to catch a typo (20224).
inline constexpr int kFirstSchoolYear = 1949;
inline constexpr int kLastSchoolYear = 2100;

inline constexpr bool ValidSchoolYear(int year) {
  return year >= kFirstSchoolYear && year <= kLastSchoolYear;
}

}  // namespace zj
