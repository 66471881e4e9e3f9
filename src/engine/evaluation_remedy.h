// Internal to the engine: the two remediation methods behind Remedy() and what they share. The
// water-filling heuristic (evaluation_remedy.cc) is the warm start and fallback of the
// mixed-integer programme (evaluation_remedy_mip.cc); docs/evaluation.md describes both.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "zj/engine/evaluation.h"

namespace zj::engine::internal {

// The water-filling heuristic: per school the indicator left unmet is the one whose completion
// costs most, per indicator the lowest schools are raised to a common level; a few feedback
// rounds. Always passes when it returns a plan (re-evaluated); not proven optimal.
Result<RemedyPlan> HeuristicRemedy(const EvalInput& input, const EvalConfig& config);

// The minimum-cost plan as a mixed-integer programme (GLPK) with outer-approximation cuts on the
// 差异系数 cones. `warm` (may be null) is a passing plan used as the first incumbent and seed
// cuts. The returned plan passes when re-evaluated, or the status says why not.
Result<RemedyPlan> MipRemedy(const EvalInput& input, const EvalConfig& config,
                             const RemedyOptions& options, const RemedyPlan* warm);

// 差异系数 as the standard defines it: the enrolment-weighted population CV of the per-student
// values r_j/n_j around Σr/Σn; nullopt when Σn ≤ 0 or Σr ≤ 0 (evaluation.cc).
std::optional<double> WeightedCv(const std::vector<double>& r, const std::vector<double>& n);

// Whether every stage of an 优质均衡 evaluation passes (county class/school size items are not
// remedied by resources and do not count).
bool StagesPass(const Evaluation& e);

// Completes a plan from its additions: total cost (summed in their order), per-resource totals,
// the unit costs' mark and source; then sorts the additions by (school, resource).
void SummarisePlan(RemedyPlan& plan, const EvalConfig& config);

// Why an addition is made: "cv", "school_rule" or "school_rule+cv", from the part of `amount`
// the school rule needs.
const char* AdditionReason(double for_rule, double amount);

// Adds `amount` of the unit-cost resource `cost_key` to a school (teacher_qualified raises both
// qualification bars).
void AddResource(SchoolInput& s, const std::string& cost_key, double amount,
                 const EvalConfig& config);

}  // namespace zj::engine::internal
