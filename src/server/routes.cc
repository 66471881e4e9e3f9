// THE route table: every endpoint of the API in one screen (method, path, permission, handler,
// summary, query parameters, body). Dispatch (server.cc) and the OpenAPI document (below) are
// both generated from it.
#include <set>

#include "handlers.h"
#include "zj/server/server.h"

namespace zj::server {
namespace internal {

using P = Permission;

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
       "发展规划的量化目标（含原文引用）", "", ""},
      {"GET", "/api/v1/plan/status", P::kReadAggregates, HandlePlanStatus,
       "规划目标在某学年的监测状态与汇总", "year", ""},
      {"GET", "/api/v1/data-values", P::kReadAggregates, HandleGetDataValues, "手工填报的数据值",
       "code,unit,year", ""},
      {"PUT", "/api/v1/data-values", P::kWriteData, HandlePutDataValues,
       "填报数据值（本单位及下级；记审计）", "",
       "{items: [{code, unit_code, year, value, unit, source, note}]}"},
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
       "规划实施评估报告（年度/中期/总结；json、pdf 或 xlsx）", "kind,year,format,as_of", ""},
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
               {"x-permission", PermissionName(r.permission)}};
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
    if (*r.body) {
      op["requestBody"] = {{"required", true},
                           {"description", r.body},
                           {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
    }
    if (r.permission == Permission::kPublic) {
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
    if (r.permission != Permission::kPublic) {
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
