// Synthetic yearly values of the plan's manual progress metrics for the demo county: every metric
// declared in data/plans/yunyang-2021-2025.json (cumulative counts of demonstration schools,
// 专递课堂, 名师工作室 …, shares, amounts and milestone progress), the 主要指标 rows no registry
// yields (人均受教育年限, 劳动年龄人口平均受教育年限, 财政性教育经费占比 — at their published 2020
// values in 2020 — and 高等教育在学总规模) and the denominator 适龄残疾儿童少年数
// (disabled_children_6_14). Values grow
// toward the plan's targets without necessarily reaching them; docs/plan.md §5 gives the shapes.
//
// Deterministic: the value of (metric, year) depends only on the seed, the metric code and the
// year — not on the requested year range. Every record carries the synthetic-data source mark.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"
#include "zj/model/records.h"

namespace zj::sim {

inline constexpr char kSyntheticSource[] = "合成演示数据（synthetic demo data）";
// Code of the denominator data value of 特殊儿童少年义务教育入学率.
inline constexpr char kDisabledChildrenCode[] = "disabled_children_6_14";

struct PlanProgressOptions {
  // 适龄残疾儿童少年 (6–14) enrolled per school year, counted from the simulated registry. When
  // a year is given, disabled_children_6_14 is derived from it (enrolled ÷ an enrolment rate of
  // 97.5–99.9 %) so that the 特殊儿童少年义务教育入学率 the engine computes is plausible;
  // otherwise it is estimated (≈ 0.8 % of a 6–14 cohort of about 100 000).
  std::map<int, int64_t> enrolled_disabled_6_14;
};

// Values for the county `county_code` for school years first_year..last_year (inclusive) read
// from the embedded Yunyang plan. Returns an empty vector when first_year > last_year (or if the
// embedded plan file were broken — a build error the tests catch).
std::vector<model::DataValue> GeneratePlanProgress(const std::string& county_code, int first_year,
                                                   int last_year, uint64_t seed,
                                                   const PlanProgressOptions& options = {});

// The same from a given plan file (JSON text). kInvalidArgument when the text is not a plan file
// with "metrics" and "targets", or first_year > last_year.
Result<std::vector<model::DataValue>> GeneratePlanProgressFrom(
    std::string_view plan_json, const std::string& county_code, int first_year, int last_year,
    uint64_t seed, const PlanProgressOptions& options = {});

}  // namespace zj::sim
