// THE route table: every endpoint of the API in one screen (method, path, permission, handler,
// summary, query parameters, body). Dispatch (server.cc) and the OpenAPI document (below) are
// both generated from it.
#include <set>

#include "handlers.h"
#include "zj/server/server.h"

namespace zj::server {
namespace internal {

using P = service::Permission;

const std::vector<Route>& Routes() {
  static const std::vector<Route> kRoutes = {
      // method  path                                   permission          handler
      {"GET", "/api/v1/health", P::kPublic, HandleHealth, "健康检查", "", ""},
      {"GET", "/api/v1/info", P::kPublic, HandleInfo,
       "数据库信息（是否合成数据、县、学年；演示库列出演示账户）", "", ""},
      {"GET", "/api/v1/openapi.json", P::kPublic, HandleOpenApi, "本 API 的 OpenAPI 3 文档", "",
       ""},
      {"POST", "/api/v1/auth/login", P::kPublic, HandleLogin,
       "登录：设置会话 Cookie，返回 CSRF 令牌", "", "{username, password}"},
      {"POST", "/api/v1/auth/logout", P::kAuthenticated, HandleLogout, "退出登录", "", ""},
      {"GET", "/api/v1/me", P::kAuthenticated, HandleMe, "当前账户、权限与绑定单位", "", ""},
      {"GET", "/api/v1/auth/tokens", P::kAuthenticated, HandleListTokens, "本人的 API 令牌", "",
       ""},
      {"POST", "/api/v1/auth/tokens", P::kAuthenticated, HandleCreateToken,
       "创建 API 令牌（明文只返回一次）", "", "{label, expires_days}"},
      {"DELETE", "/api/v1/auth/tokens/{id}", P::kAuthenticated, HandleRevokeToken,
       "吊销本人的 API 令牌", "", ""},
      {"GET", "/api/v1/admin-units", P::kReadDirectory, HandleAdminUnits,
       "本单位的行政区划树（含上级路径）", "", ""},
      {"GET", "/api/v1/schools", P::kReadDirectory, HandleListSchools, "学校名录（筛选、分页）",
       "type,township,urban_rural,public,q,page,page_size", ""},
      {"GET", "/api/v1/schools/{code}", P::kReadAggregates, HandleSchoolDetail,
       "学校详情：班级、各年级人数、教师结构、办学条件", "year", ""},
      {"GET", "/api/v1/schools/{code}/students", P::kReadPeople, HandleSchoolStudents,
       "在籍学生（分页；默认脱敏，personal=1 需授权并记审计）",
       "year,stage,grade,personal,page,page_size", ""},
      {"GET", "/api/v1/schools/{code}/teachers", P::kReadPeople, HandleSchoolTeachers,
       "教职工（分页；默认脱敏，personal=1 需授权并记审计）", "year,personal,page,page_size", ""},
      {"GET", "/api/v1/indicators", P::kReadAggregates, HandleIndicatorCatalog,
       "指标目录（定义、公式、来源、核实状态）与参数", "", ""},
      {"GET", "/api/v1/indicators/values", P::kReadAggregates, HandleIndicatorValues,
       "某单位某学年的指标值", "unit,year,codes", ""},
      {"GET", "/api/v1/indicators/table", P::kReadAggregates, HandleIndicatorTable,
       "指标趋势表（单位 × 学年）", "codes,units,years", ""},
      {"GET", "/api/v1/indicators/explain", P::kReadAggregates, HandleIndicatorExplain,
       "指标值的解释：公式、输入、分子分母、贡献最大的学校", "code,unit,year", ""},
      {"GET", "/api/v1/plan/targets", P::kReadAggregates, HandlePlanTargets,
       "发展规划的量化目标（含原文引用；plan 缺省为默认规划）", "plan", ""},
      {"GET", "/api/v1/plan/status", P::kReadAggregates, HandlePlanStatus,
       "规划目标在某学年的监测状态与汇总（基线年显示基线；规划期后显示终期状态）", "plan,year", ""},
      // Plans stored in the database (zj/service/plans.h).
      {"GET", "/api/v1/plans", P::kReadAggregates, HandleListPlans,
       "数据库中的规划：id、名称、规划期、状态（draft/adopted）、目标数、默认规划", "", ""},
      {"POST", "/api/v1/plans", P::kWriteData, HandleImportPlan,
       "导入规划文件（县级账户；校验后存为新版本；记审计）", "status",
       "规划文件 JSON（docs/plan.md）"},
      {"GET", "/api/v1/plans/{id}", P::kReadAggregates, HandleGetPlan,
       "导出规划文件（与导入时相同的 JSON；id 为 default 时为默认规划）", "", ""},
      {"DELETE", "/api/v1/plans/{id}", P::kWriteData, HandleDeletePlan,
       "删除规划（县级账户；被工作台账任务引用时拒绝；记审计）", "", ""},
      // Projections: the fixed paths come before /projections/{id} (first match wins).
      {"GET", "/api/v1/projections/defaults", P::kReadAggregates, HandleProjectionDefaults,
       "预测规划：默认方案参数、可选基年、乡镇与本范围学校（方案编辑器用）", "", ""},
      {"GET", "/api/v1/projections/backtest", P::kReadAggregates, HandleProjectionBacktest,
       "预测模型滚动回测：各层级、各预测期的 MAPE/WAPE 与区间覆盖率（与两种朴素基准对比）",
       "base_year", ""},
      {"POST", "/api/v1/projections", P::kReadAggregates, HandleRunProjection,
       "按方案运行预测（只读，不保存；结果按 基年+年数+方案哈希 缓存），返回 id、县与乡镇序列", "",
       "{base_year, horizon, scenario: {…docs/projections.md 的场景格式}}"},
      {"GET", "/api/v1/projections/{id}", P::kReadAggregates, HandleGetProjection,
       "预测结果（id 或 default）：县与本范围乡镇的逐年序列及预测区间、十五五 建议指标", "", ""},
      {"GET", "/api/v1/projections/{id}/schools", P::kReadAggregates, HandleProjectionSchools,
       "预测学校表（本范围；按学位缺口或教师缺口排序，分页）", "year,sort,township,page,page_size",
       ""},
      {"GET", "/api/v1/projections/{id}/townships", P::kReadAggregates, HandleProjectionTownships,
       "乡镇排名（本范围；按在校生变化、学位缺口、教师缺口等）", "year,sort", ""},
      {"GET", "/api/v1/projections/{id}/targets", P::kReadAggregates, HandleProjectionTargets,
       "十五五 建议指标（目标年预测值及区间）", "", ""},
      {"GET", "/api/v1/projections/{id}/xlsx", P::kReadAggregates, HandleProjectionXlsx,
       "预测结果 Excel（建议指标、县、乡镇、学校、说明；按本范围）", "", ""},
      {"GET", "/api/v1/evaluations", P::kReadAggregates, HandleEvaluation,
       "督导评估：逐校指标、差异系数、结论（yz2017、jb2012、xq2020、class-size）",
       "framework,unit,year", ""},
      {"POST", "/api/v1/evaluations/what-if", P::kReadAggregates, HandleEvaluationWhatIf,
       "督导评估情景模拟：在数据副本上修改学校资源后重新评估（不写入）", "",
       "{framework, year, unit, changes: [{school, resource, add|set}]}"},
      {"GET", "/api/v1/evaluations/remedy", P::kReadAggregates, HandleEvaluationRemedy,
       "优质均衡补充方案：最低成本的补充项目与重新评估结果", "unit,year", ""},
      {"GET", "/api/v1/evaluations/export", P::kReadAggregates, HandleEvaluationExport,
       "督导评估结果导出为 xlsx（remedy=1 附补充方案）", "framework,unit,year,remedy", ""},
      {"GET", "/api/v1/data-values", P::kReadAggregates, HandleGetDataValues, "手工填报的数据值",
       "code,unit,year", ""},
      {"PUT", "/api/v1/data-values", P::kWriteData, HandlePutDataValues,
       "填报数据值（本单位及下级；记审计）", "",
       "{items: [{code, unit_code, year, value, unit, source, note}]}"},
      {"GET", "/api/v1/import/tables", P::kWriteData, HandleImportTables,
       "可导入的表及其列（模板、导入页用）", "", ""},
      {"GET", "/api/v1/import/templates/{table}", P::kWriteData, HandleImportTemplate,
       "下载某表的 xlsx 导入模板（下拉列表、示例行、填写说明）", "", ""},
      {"POST", "/api/v1/import", P::kWriteData, HandleImport,
       "上传 xlsx/CSV 文件导入（整文件一个事务；check=1 只检查；只能导入本账户范围内的行；记审计）",
       "table,year,check,file_name,allow_new_year", "文件内容（原始字节或 multipart 字段 file）",
       true},
      {"GET", "/api/v1/import/reports/{id}", P::kWriteData, HandleImportReport,
       "下载导入错误标注副本（xlsx，仅上传者，保留 1 小时）", "", ""},
      {"GET", "/api/v1/imports", P::kWriteData, HandleListImports,
       "导入记录（县级账户看全部，其余看本人的）", "limit", ""},
      {"POST", "/api/v1/imports/{id}/undo", P::kWriteData, HandleUndoImport,
       "撤销一次导入（记审计）", "", ""},
      {"GET", "/api/v1/export/{table}", P::kReadDirectory, HandleExport,
       "导出某表（xlsx/csv；限本账户范围；个人信息默认脱敏，personal=1 需授权并记审计）",
       "unit,year,format,personal", ""},
      {"GET", "/api/v1/tasks", P::kReadAggregates, HandleListTasks,
       "工作台账：本单位及下级的任务与状态（未开始/进行中/已完成/滞后）",
       "unit,state,flagged,as_of", ""},
      {"POST", "/api/v1/tasks", P::kWriteData, HandleCreateTask, "新增任务（本单位及下级；记审计）",
       "",
       "{id, title, unit_code, due_date, start_date, department, lead, section_id, target_ids, "
       "planned_quantity, quantity_unit, note}"},
      {"GET", "/api/v1/tasks/{id}", P::kReadAggregates, HandleTaskDetail,
       "任务详情：节点、进展与佐证材料", "as_of", ""},
      {"PATCH", "/api/v1/tasks/{id}", P::kWriteData, HandlePatchTask,
       "修改任务、完成节点（记审计）", "",
       "{title, unit_code, due_date, department, lead, note, cancelled, milestones: [{seq, "
       "done_date}]}"},
      {"POST", "/api/v1/tasks/{id}/progress", P::kWriteData, HandleAddProgress,
       "填报进展（记审计）", "", "{percent, quantity, text, report_date}"},
      {"POST", "/api/v1/tasks/{id}/progress/{seq}/evidence", P::kWriteData, HandleUploadEvidence,
       "上传佐证材料（PDF/PNG/JPEG/xlsx/docx，按文件头校验，限大小；记审计）", "",
       "{file_name, content_base64}"},
      {"GET", "/api/v1/evidence/{id}", P::kReadAggregates, HandleDownloadEvidence, "下载佐证材料",
       "", ""},
      {"GET", "/api/v1/ledger/notice", P::kReadAggregates, HandleLedgerNotice,
       "督查督办通报：逾期与停滞任务，按责任单位", "as_of", ""},
      {"GET", "/api/v1/reports/evaluation", P::kReadAggregates, HandleEvaluationReport,
       "规划实施评估报告（年度/中期/总结；json、pdf 或 xlsx）", "plan,kind,year,format,as_of", ""},
      {"GET", "/api/v1/map/townships", P::kReadDirectory, HandleGetTownshipMap,
       "县域地图：乡镇边界 GeoJSON（未上传时 available=false）", "", ""},
      {"PUT", "/api/v1/map/townships", P::kWriteData, HandlePutTownshipMap,
       "上传乡镇边界 GeoJSON（县级业务人员；校验后保存，check=1 只校验；记审计）", "check",
       "GeoJSON FeatureCollection（每个要素的属性含乡镇代码或名称）"},
      {"DELETE", "/api/v1/map/townships", P::kWriteData, HandleDeleteTownshipMap,
       "删除乡镇边界（县级业务人员；记审计）", "", ""},
      {"GET", "/api/v1/users", P::kManageUsers, HandleListUsers, "本单位及下级单位的账户", "", ""},
      {"POST", "/api/v1/users", P::kManageUsers, HandleCreateUser, "创建账户（记审计）", "",
       "{username, display_name, role, unit_code, password, view_personal}"},
      {"PATCH", "/api/v1/users/{id}", P::kManageUsers, HandlePatchUser,
       "修改账户：停用、角色、绑定单位、个人信息权限、密码（记审计）", "",
       "{display_name, role, unit_code, disabled, view_personal, password}"},
      {"GET", "/api/v1/audit", P::kReadAudit, HandleListAudit, "审计日志",
       "after_seq,limit,actor,action,order", ""},
      {"GET", "/api/v1/audit/verify", P::kReadAudit, HandleVerifyAudit, "校验审计日志哈希链", "",
       ""},
  };
  return kRoutes;
}

}  // namespace internal

std::string OpenApiJson() {
  using internal::Json;
  Json paths = Json::object();
  for (const internal::Route& r : internal::Routes()) {
    Json op = {{"summary", r.summary},
               {"operationId", std::string(r.method) + " " + r.path},
               {"x-permission", service::PermissionName(r.permission)}};
    Json params = Json::array();
    // Path parameters from the template.
    for (const char* p = r.path; *p; ++p) {
      if (*p != '{') continue;
      const char* end = p;
      while (*end && *end != '}') ++end;
      params.push_back({{"name", std::string(p + 1, end)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
      p = end;
      if (!*p) break;
    }
    std::string query = r.query;
    for (size_t start = 0; start < query.size();) {
      size_t comma = query.find(',', start);
      if (comma == std::string::npos) comma = query.size();
      params.push_back({{"name", query.substr(start, comma - start)},
                        {"in", "query"},
                        {"required", false},
                        {"schema", {{"type", "string"}}}});
      start = comma + 1;
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.upload) {
      op["requestBody"] = {
          {"required", true},
          {"description", r.body},
          {"content",
           {{"application/octet-stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}},
            {"multipart/form-data",
             {{"schema",
               {{"type", "object"},
                {"properties", {{"file", {{"type", "string"}, {"format", "binary"}}}}}}}}}}}};
    } else if (*r.body) {
      op["requestBody"] = {{"required", true},
                           {"description", r.body},
                           {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
    }
    if (r.permission == service::Permission::kPublic) {
      op["security"] = Json::array();
    } else {
      op["security"] =
          Json::array({{{"cookieAuth", Json::array()}}, {{"bearerAuth", Json::array()}}});
    }
    Json responses = {
        {"200", {{"description", "成功"}}},
        {"default",
         {{"description", "错误"},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}};
    if (r.permission != service::Permission::kPublic) {
      responses["401"] = {{"description", "未登录或会话已过期"}};
      responses["403"] = {{"description", "无权访问（角色、范围或缺少 X-CSRF-Token）"}};
    }
    op["responses"] = responses;
    std::string method = r.method;
    for (char& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    paths[r.path][method] = op;
  }
  Json doc = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "zhijiao (智教) API"},
        {"version", "1"},
        {"description",
         "县域教育数据平台 JSON API。写操作若以 Cookie 认证，须带 X-CSRF-Token 头。"}}},
      {"paths", paths},
      {"components",
       {{"securitySchemes",
         {{"cookieAuth", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "zj_session"}}},
          {"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}}}}},
        {"schemas",
         {{"Error",
           {{"type", "object"},
            {"required", {"error"}},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"required", {"code", "message"}},
                {"properties",
                 {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}}}}}}}};
  return doc.dump(2);
}

}  // namespace zj::server
