// Plans (规划) as data in the database: import, list, show, export and delete, shared by
// `zhijiao plan …` (src/cli/cmd_plan.cc) and /api/v1/plans (src/server/handlers_plans.cc).
// A plan file is the JSON form of data/plans/ (docs/plan.md); it is validated by the engine's
// parser (engine::ParsePlan) and against the indicator catalog, stored as a new version
// (model::StoredPlan) and audited in the same transaction. Every function reads and writes only
// through the Store it is given; none is thread-safe on the same store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"
#include "zj/engine/plan.h"
#include "zj/model/store.h"
#include "zj/service/accounts.h"

namespace zj::service {

// The largest plan file accepted (the Yunyang plan is about 140 KB).
inline constexpr size_t kPlanMaxBytes = 4 * 1024 * 1024;

inline constexpr char kPlanAdopted[] = "adopted";  // 已印发
inline constexpr char kPlanDraft[] = "draft";      // 草案
// "已印发" for adopted, "草案" for draft.
inline std::string_view PlanStatusNameZh(std::string_view status) {
  return status == kPlanAdopted ? "已印发" : "草案";
}

// Parses and validates a plan file without storing it: engine::ParsePlan (fields, ids,
// references, years) plus every indicator code (and both codes of a derived ratio) known to the
// catalog. kInvalidArgument with a Chinese message naming the field or target.
Result<engine::Plan> ValidatePlanText(std::string_view json_text);

// Validates and stores the plan as the next version of its id (1 for a new id), with `status`
// "adopted" or "draft"; audit entry "plan.import" in the same transaction. Returns the stored
// row. kInvalidArgument for a bad file or status, kResourceExhausted above kPlanMaxBytes.
Result<model::StoredPlan> ImportPlan(model::Store& store, std::string_view json_text,
                                     const Actor& actor, int64_t now,
                                     std::string_view status = kPlanAdopted);

// The current version of every stored plan, by id.
Result<std::vector<model::StoredPlan>> ListPlans(model::Store& store);

// The current version of one plan; kNotFound (Chinese, listing the stored ids) when unknown.
Result<model::StoredPlan> GetPlan(model::Store& store, const std::string& id);

// The stored plan parsed (a stored file always parses: it was validated on import).
Result<engine::Plan> LoadStoredPlan(model::Store& store, const std::string& id);

// The plan file exactly as it was imported (same JSON text, so the same meaning).
Result<std::string> ExportPlan(model::Store& store, const std::string& id);

// Removes every version of a plan; audit entry "plan.delete" in the same transaction. kNotFound
// for an unknown id; kFailedPrecondition while work-ledger tasks name the plan (task.plan_id).
Status DeletePlan(model::Store& store, const std::string& id, const Actor& actor, int64_t now);

// The plan a request without a plan id means: the adopted plan with the latest period (latest
// first_year, then latest import), else the latest draft; "" when there is none.
std::string DefaultPlanId(const std::vector<model::StoredPlan>& plans);

// `requested`, or the default when empty; kNotFound (Chinese) when there is no such plan.
Result<std::string> ResolvePlanId(model::Store& store, std::string_view requested);

}  // namespace zj::service
