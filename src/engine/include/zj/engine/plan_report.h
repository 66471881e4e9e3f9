// The plan evaluation report's content (年度监测 / 中期评估 / 总结评估): computed here from the
// Store through the indicator engine, plan monitoring and the work ledger, and handed over as one
// JSON document of display-ready figures. The API returns the document as is
// (/api/v1/reports/evaluation?format=json) and zj/io/plan_report_render.h renders the same
// document to PDF and xlsx, so every figure of the report is the API's figure.
// The structure is described in docs/report.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "zj/common/date.h"
#include "zj/common/status.h"
#include "zj/engine/ledger.h"
#include "zj/engine/plan.h"
#include "zj/model/store.h"

namespace zj::engine {

enum class EvaluationKind { kAnnual, kMidterm, kFinal };
std::optional<EvaluationKind> ParseEvaluationKind(std::string_view name);  // annual|midterm|final
std::string_view EvaluationKindName(EvaluationKind k);
std::string_view EvaluationKindNameZh(
    EvaluationKind k);  // 年度监测报告, 中期评估报告, 总结评估报告

struct EvaluationRequest {
  std::string plan_id = "yunyang-2021-2025";
  // The plan to evaluate (e.g. read from the database: zj/service/plans.h); when null, the
  // embedded plan `plan_id` (LoadPlan). Not owned; must outlive the call.
  const Plan* plan = nullptr;
  EvaluationKind kind = EvaluationKind::kFinal;
  int year = 0;  // school year evaluated; 0 = by kind (final: the plan's last year, midterm: the
                 // middle year, annual: the latest year with data)
  std::optional<Date> as_of;  // ledger date; default 31 December of the evaluated year (final
                              // report on the plan's last year: 1 January after it)
  LedgerRules rules;
};

// Builds the report document (JSON text). kInvalidArgument for a year outside the data or the
// plan period, a database without a county root; kNotFound for an unknown plan.
Result<std::string> BuildEvaluationReport(model::Store& store, const EvaluationRequest& request);

}  // namespace zj::engine
