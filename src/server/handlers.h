// Every API handler: parse the request, check what the route table's permission cannot (scope,
// grants), call storage/engine, map the result to a DTO. One function per route; the table that
// binds them to methods and paths is routes.cc.
#pragma once

#include "server_impl.h"

namespace zj::server::internal {

// handlers_auth.cc — public, session and token endpoints
Result<Json> HandleHealth(Call& c);
Result<Json> HandleInfo(Call& c);
Result<Json> HandleOpenApi(Call& c);
Result<Json> HandleLogin(Call& c);
Result<Json> HandleLogout(Call& c);
Result<Json> HandleMe(Call& c);
Result<Json> HandleListTokens(Call& c);
Result<Json> HandleCreateToken(Call& c);
Result<Json> HandleRevokeToken(Call& c);

// handlers_schools.cc — directory, school detail, people
Result<Json> HandleAdminUnits(Call& c);
Result<Json> HandleListSchools(Call& c);
Result<Json> HandleSchoolDetail(Call& c);
Result<Json> HandleSchoolStudents(Call& c);
Result<Json> HandleSchoolTeachers(Call& c);

// handlers_data.cc — manual data values
Result<Json> HandleGetDataValues(Call& c);
Result<Json> HandlePutDataValues(Call& c);

// handlers_indicators.cc — indicator engine and plan monitoring
Result<Json> HandleIndicatorCatalog(Call& c);
Result<Json> HandleIndicatorValues(Call& c);
Result<Json> HandleIndicatorTable(Call& c);
Result<Json> HandleIndicatorExplain(Call& c);
Result<Json> HandlePlanTargets(Call& c);
Result<Json> HandlePlanStatus(Call& c);

// handlers_plans.cc — plans stored in the database
// The plan a plan route is asked about: ?plan=ID, else the default plan; kNotFound (Chinese) for
// an unknown id or a database without plans, kPermissionDenied outside the caller's scope.
Result<std::shared_ptr<const engine::Plan>> RequestPlan(Call& c);
Result<Json> HandleListPlans(Call& c);
Result<Json> HandleGetPlan(Call& c);
Result<Json> HandleImportPlan(Call& c);
Result<Json> HandleDeletePlan(Call& c);

// handlers_io.cc — templates, uploads (import), the import journal, exports
Result<Json> HandleImportTables(Call& c);
Result<Json> HandleImportTemplate(Call& c);
Result<Json> HandleImport(Call& c);
Result<Json> HandleImportReport(Call& c);
Result<Json> HandleListImports(Call& c);
Result<Json> HandleUndoImport(Call& c);
Result<Json> HandleExport(Call& c);
// handlers_projections.cc — 预测规划: projection runs, series, tables, targets, backtest, xlsx
Result<Json> HandleProjectionDefaults(Call& c);
Result<Json> HandleRunProjection(Call& c);
Result<Json> HandleGetProjection(Call& c);
Result<Json> HandleProjectionSchools(Call& c);
Result<Json> HandleProjectionTownships(Call& c);
Result<Json> HandleProjectionTargets(Call& c);
Result<Json> HandleProjectionXlsx(Call& c);
Result<Json> HandleProjectionBacktest(Call& c);
// handlers_evaluation.cc — 督导评估
Result<Json> HandleEvaluation(Call& c);
Result<Json> HandleEvaluationWhatIf(Call& c);
Result<Json> HandleEvaluationRemedy(Call& c);
Result<Json> HandleEvaluationExport(Call& c);
// handlers_ledger.cc — work ledger, 督查督办 通报, evidence files, evaluation report
Result<Json> HandleListTasks(Call& c);
Result<Json> HandleTaskDetail(Call& c);
Result<Json> HandleCreateTask(Call& c);
Result<Json> HandlePatchTask(Call& c);
Result<Json> HandleAddProgress(Call& c);
Result<Json> HandleUploadEvidence(Call& c);
Result<Json> HandleDownloadEvidence(Call& c);
Result<Json> HandleLedgerNotice(Call& c);
Result<Json> HandleEvaluationReport(Call& c);

// handlers_map.cc — the county map (乡镇边界 GeoJSON)
Result<Json> HandleGetTownshipMap(Call& c);
Result<Json> HandlePutTownshipMap(Call& c);
Result<Json> HandleDeleteTownshipMap(Call& c);

// handlers_admin.cc — accounts and the audit log
Result<Json> HandleListUsers(Call& c);
Result<Json> HandleCreateUser(Call& c);
Result<Json> HandlePatchUser(Call& c);
Result<Json> HandleListAudit(Call& c);
Result<Json> HandleVerifyAudit(Call& c);

}  // namespace zj::server::internal
