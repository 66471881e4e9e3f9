// `zhijiao report evaluation`: the plan evaluation report (年度监测 / 中期评估 / 总结评估) as PDF,
// xlsx or the JSON document the API serves. Content from the engine (zj/engine/plan_report.h),
// rendering in io (zj/io/plan_report_render.h).
#include <fstream>
#include <iostream>

#include "cli_util.h"
#include "commands.h"
#include "zj/engine/plan_report.h"
#include "zj/io/plan_report_render.h"
#include "zj/service/plans.h"

namespace zj::cli {

int RunReportEvaluation(const ReportEvaluationOptions& opt) {
  auto kind = engine::ParseEvaluationKind(opt.kind);
  if (!kind) return FailBadInput("--kind 须为 annual、midterm 或 final：" + opt.kind);
  if (opt.format != "pdf" && opt.format != "xlsx" && opt.format != "json") {
    return FailBadInput("--format 须为 pdf、xlsx 或 json：" + opt.format);
  }
  if (opt.out.empty()) return FailBadInput("缺少 --out FILE");
  engine::EvaluationRequest req;
  req.plan_id = opt.plan;
  req.kind = *kind;
  req.year = opt.year;
  if (!opt.as_of.empty()) {
    req.as_of = ParseDate(opt.as_of);
    if (!req.as_of) return FailBadInput("--as-of 不是有效日期（YYYY-MM-DD）：" + opt.as_of);
  }
  auto store = OpenExistingStore(opt.db, /*read_only=*/true);
  if (!store.ok()) return FailWith(store.status());
  auto plan_id = service::ResolvePlanId(**store, opt.plan);
  if (!plan_id.ok()) return FailWith(plan_id.status());
  auto plan = service::LoadStoredPlan(**store, *plan_id);
  if (!plan.ok()) return FailWith(plan.status());
  req.plan_id = *plan_id;
  req.plan = &*plan;
  auto doc = engine::BuildEvaluationReport(**store, req);
  if (!doc.ok()) return FailWith(doc.status());
  if (opt.format == "json") {
    std::ofstream out(opt.out, std::ios::binary | std::ios::trunc);
    out << *doc << "\n";
    if (!out) return FailBadInput("无法写入 " + opt.out);
  } else {
    Status st = io::WriteEvaluationReport(
        *doc, opt.format == "pdf" ? io::ReportFormat::kPdf : io::ReportFormat::kXlsx, opt.out);
    if (!st.ok()) return FailWith(st);
  }
  std::cerr << "zhijiao: 已生成 " << engine::EvaluationKindNameZh(*kind) << "：" << opt.out << "\n";
  return kExitOk;
}

}  // namespace zj::cli
