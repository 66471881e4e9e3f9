// Accounts (系统管理员, within the admin's own unit) and the audit log (审计员).
#include <set>

#include "dto.h"
#include "handlers.h"
#include "zj/service/accounts.h"
#include "zj/service/audit.h"

namespace zj::server::internal {
namespace {

service::Actor ActorOf(const Call& c) {
  return service::Actor{c.user->id, c.user->username, c.address};
}

Result<std::optional<model::Role>> OptRole(const Json& body) {
  ZJ_ASSIGN_OR_RETURN(std::optional<std::string> name, OptString(body, "role"));
  if (!name) return std::optional<model::Role>();
  std::optional<model::Role> role = model::ParseRole(*name);
  if (!role) {
    return Status::InvalidArgument("未知角色：" + *name +
                                   "（可选 admin, county_staff, leader, school, auditor）");
  }
  return role;
}

}  // namespace

Result<Json> HandleListUsers(Call& c) {
  ZJ_ASSIGN_OR_RETURN(std::vector<model::User> users, c.s.accounts->ListUsers());
  Json items = Json::array();
  for (const model::User& u : users) {
    if (c.scope.CoversCode(u.unit_code)) items.push_back(UserJson(u));
  }
  return Json{{"items", items}, {"total", items.size()}};
}

Result<Json> HandleCreateUser(Call& c) {
  ZJ_ASSIGN_OR_RETURN(Json body, c.BodyObject());
  service::NewAccount a;
  ZJ_ASSIGN_OR_RETURN(std::optional<std::string> username, OptString(body, "username"));
  ZJ_ASSIGN_OR_RETURN(std::optional<std::string> display, OptString(body, "display_name"));
  ZJ_ASSIGN_OR_RETURN(std::optional<model::Role> role, OptRole(body));
  ZJ_ASSIGN_OR_RETURN(std::optional<std::string> unit, OptString(body, "unit_code"));
  ZJ_ASSIGN_OR_RETURN(std::optional<std::string> password, OptString(body, "password"));
  ZJ_ASSIGN_OR_RETURN(std::optional<bool> personal, OptBool(body, "view_personal"));
  if (!username || !role || !unit || !password) {
    return Status::InvalidArgument("username、role、unit_code、password 为必填字段");
  }
  if (!c.scope.CoversCode(*unit)) {
    return Status::PermissionDenied("只能在本单位及下级单位创建账户：" + *unit);
  }
  a.username = *username;
  a.display_name = display.value_or("");
  a.role = *role;
  a.unit_code = *unit;
  a.password = *password;
  a.view_personal = personal.value_or(false);
  ZJ_ASSIGN_OR_RETURN(model::User u,
                      service::CreateAccount(*c.hierarchy, *c.s.accounts, a, ActorOf(c), c.Now(),
                                             c.s.info.synthetic));
  c.res.status = 201;
  return UserJson(u);
}

Result<Json> HandlePatchUser(Call& c) {
  ZJ_ASSIGN_OR_RETURN(int64_t id, c.ParamId(0));
  ZJ_ASSIGN_OR_RETURN(Json body, c.BodyObject());
  ZJ_ASSIGN_OR_RETURN(std::optional<model::User> target, c.s.accounts->GetUser(id));
  if (!target || !c.scope.CoversCode(target->unit_code)) {
    return Status::NotFound("用户不存在：" + std::to_string(id));
  }
  static const std::set<std::string> kKnown = {"display_name", "role",          "unit_code",
                                               "disabled",     "view_personal", "password"};
  for (const auto& [key, value] : body.items()) {
    if (!kKnown.count(key)) return Status::InvalidArgument("不能修改的字段：" + key);
  }
  service::AccountPatch p;
  ZJ_ASSIGN_OR_RETURN(p.display_name, OptString(body, "display_name"));
  ZJ_ASSIGN_OR_RETURN(p.role, OptRole(body));
  ZJ_ASSIGN_OR_RETURN(p.unit_code, OptString(body, "unit_code"));
  ZJ_ASSIGN_OR_RETURN(p.disabled, OptBool(body, "disabled"));
  ZJ_ASSIGN_OR_RETURN(p.view_personal, OptBool(body, "view_personal"));
  ZJ_ASSIGN_OR_RETURN(p.password, OptString(body, "password"));
  if (p.unit_code && !c.scope.CoversCode(*p.unit_code)) {
    return Status::PermissionDenied("只能把账户绑定到本单位及下级单位：" + *p.unit_code);
  }
  ZJ_ASSIGN_OR_RETURN(
      model::User u, service::UpdateAccount(*c.hierarchy, *c.s.accounts, id, p, ActorOf(c), c.Now(),
                                            c.s.info.synthetic));
  return UserJson(u);
}

Result<Json> HandleListAudit(Call& c) {
  model::AuditQuery q;
  ZJ_ASSIGN_OR_RETURN(int after, c.QueryInt("after_seq", 0, 0, 2000000000));
  ZJ_ASSIGN_OR_RETURN(int limit, c.QueryInt("limit", 100, 1, 1000));
  q.after_seq = after;
  q.limit = limit;
  q.actor = c.Query("actor").value_or("");
  q.action = c.Query("action").value_or("");
  std::string order = c.Query("order").value_or("asc");
  if (order != "asc" && order != "desc") return Status::InvalidArgument("order 只能是 asc 或 desc");
  q.newest_first = order == "desc";
  ZJ_ASSIGN_OR_RETURN(std::vector<model::AuditEntry> entries, c.s.accounts->ListAudit(q));
  Json items = Json::array();
  for (const model::AuditEntry& e : entries) items.push_back(AuditEntryJson(e));
  return Json{{"items", items}};
}

Result<Json> HandleVerifyAudit(Call& c) {
  ZJ_ASSIGN_OR_RETURN(service::AuditVerifyReport r, service::VerifyAuditChain(*c.s.accounts));
  if (!c.s.config.db_path.empty()) {
    ZJ_RETURN_IF_ERROR(service::CheckAuditHead(c.s.config.db_path, *c.s.accounts, &r));
  }
  return Json{{"ok", r.ok},           {"outside_head", r.outside_head},
              {"entries", r.entries}, {"first_broken", r.ok ? Json(nullptr) : Json(r.first_broken)},
              {"reason", r.reason},   {"head_hash", r.head_hash}};
}

}  // namespace zj::server::internal
