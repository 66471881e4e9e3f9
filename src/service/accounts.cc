// Account management and demo accounts (see zj/service/accounts.h).
#include "zj/service/accounts.h"

#include <pwd.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "zj/service/audit.h"
#include "zj/service/auth.h"
#include "zj/service/password_policy.h"
#include "zj/service/permissions.h"

namespace zj::service {

using model::Role;
using model::User;

Result<std::shared_ptr<const engine::Hierarchy>> LoadHierarchy(model::Store& store) {
  ZJ_ASSIGN_OR_RETURN(std::vector<model::AdminUnit> units, store.ListAdminUnits());
  ZJ_ASSIGN_OR_RETURN(std::vector<model::School> schools, store.ListSchools());
  ZJ_ASSIGN_OR_RETURN(engine::Hierarchy h, engine::Hierarchy::Build(units, schools));
  return std::make_shared<const engine::Hierarchy>(std::move(h));
}

Status CheckBinding(const engine::Hierarchy& h, Role role, const std::string& unit_code) {
  int node = h.Find(unit_code);
  if (node < 0) return Status::InvalidArgument("单位或学校代码不存在：" + unit_code);
  bool is_school = h.unit(node).kind == engine::UnitKind::kSchool;
  if (RoleBindsSchool(role) && !is_school) {
    return Status::InvalidArgument("学校用户必须绑定学校标识码，而 " + unit_code + " 是行政区划");
  }
  if (!RoleBindsSchool(role) && is_school) {
    return Status::InvalidArgument(std::string(model::RoleNameZh(role)) +
                                   "必须绑定行政区划代码，而 " + unit_code + " 是学校");
  }
  return Status::Ok();
}

std::string AccountAuditJson(const User& u) {
  nlohmann::json j = {{"id", u.id},
                      {"username", u.username},
                      {"display_name", u.display_name},
                      {"role", model::RoleName(u.role)},
                      {"unit_code", u.unit_code},
                      {"view_personal", u.view_personal},
                      {"disabled", u.disabled}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

Status Record(model::AccountStore& accounts, const Actor& actor, std::string action,
              std::string target, std::string before, std::string after, int64_t now) {
  AuditRecord r{actor.user_id,     actor.name,        actor.address,   std::move(action),
                std::move(target), std::move(before), std::move(after)};
  return AppendAudit(accounts, r, now).status();
}

// Number of enabled admins other than `except_id`.
Result<int> OtherEnabledAdmins(model::AccountStore& accounts, int64_t except_id) {
  ZJ_ASSIGN_OR_RETURN(std::vector<User> users, accounts.ListUsers());
  int n = 0;
  for (const User& u : users) {
    if (u.id != except_id && u.role == Role::kAdmin && !u.disabled) ++n;
  }
  return n;
}

}  // namespace

Result<User> CreateAccount(const engine::Hierarchy& h, model::AccountStore& accounts,
                           const NewAccount& a, const Actor& actor, int64_t now, bool synthetic) {
  ZJ_RETURN_IF_ERROR(CheckUsername(a.username));
  ZJ_RETURN_IF_ERROR(CheckNewPassword(a.username, a.password, synthetic));
  ZJ_RETURN_IF_ERROR(CheckBinding(h, a.role, a.unit_code));
  if (a.display_name.size() > 64) return Status::InvalidArgument("显示名不能超过 64 个字节");
  ZJ_ASSIGN_OR_RETURN(std::optional<User> existing, accounts.FindUser(a.username));
  if (existing) return Status::AlreadyExists("用户名已存在：" + a.username);
  User u;
  u.username = a.username;
  u.display_name = a.display_name.empty() ? a.username : a.display_name;
  u.role = a.role;
  u.unit_code = a.unit_code;
  u.view_personal = a.view_personal;
  ZJ_ASSIGN_OR_RETURN(u.password_hash, HashPassword(a.password));
  u.created_at = now;
  u.password_changed_at = now;
  ZJ_ASSIGN_OR_RETURN(u.id, accounts.CreateUser(u));
  ZJ_RETURN_IF_ERROR(Record(accounts, actor, "user.create", "user:" + std::to_string(u.id), "",
                            AccountAuditJson(u), now));
  return u;
}

Result<User> UpdateAccount(const engine::Hierarchy& h, model::AccountStore& accounts,
                           int64_t user_id, const AccountPatch& patch, const Actor& actor,
                           int64_t now, bool synthetic) {
  ZJ_ASSIGN_OR_RETURN(std::optional<User> found, accounts.GetUser(user_id));
  if (!found) return Status::NotFound("用户不存在：" + std::to_string(user_id));
  const User before = *found;
  User u = before;
  if (patch.display_name) {
    if (patch.display_name->empty() || patch.display_name->size() > 64) {
      return Status::InvalidArgument("显示名须为 1–64 个字节");
    }
    u.display_name = *patch.display_name;
  }
  if (patch.role) u.role = *patch.role;
  if (patch.unit_code) u.unit_code = *patch.unit_code;
  if (patch.role || patch.unit_code) ZJ_RETURN_IF_ERROR(CheckBinding(h, u.role, u.unit_code));
  if (patch.disabled) u.disabled = *patch.disabled;
  if (patch.view_personal) u.view_personal = *patch.view_personal;
  if (patch.password) {
    ZJ_RETURN_IF_ERROR(CheckNewPassword(u.username, *patch.password, synthetic));
    ZJ_ASSIGN_OR_RETURN(u.password_hash, HashPassword(*patch.password));
    u.password_changed_at = now;
  }
  bool was_admin = before.role == Role::kAdmin && !before.disabled;
  bool is_admin = u.role == Role::kAdmin && !u.disabled;
  if (was_admin && !is_admin) {
    ZJ_ASSIGN_OR_RETURN(int others, OtherEnabledAdmins(accounts, u.id));
    if (others == 0) return Status::FailedPrecondition("不能停用或降级最后一个可用的系统管理员");
  }
  ZJ_RETURN_IF_ERROR(accounts.UpdateUser(u));
  if (u.disabled || patch.password || u.unit_code != before.unit_code || u.role != before.role) {
    ZJ_RETURN_IF_ERROR(accounts.DeleteSessionsOfUser(u.id));
  }
  nlohmann::json after = nlohmann::json::parse(AccountAuditJson(u));
  if (patch.password) after["password_changed"] = true;
  ZJ_RETURN_IF_ERROR(Record(accounts, actor, "user.update", "user:" + std::to_string(u.id),
                            AccountAuditJson(before), after.dump(), now));
  return u;
}

Result<NewToken> CreateToken(model::AccountStore& accounts, const User& user,
                             const std::string& label, int expires_days, const Actor& actor,
                             int64_t now) {
  if (label.size() > 64) return Status::InvalidArgument("令牌说明不能超过 64 个字节");
  if (expires_days < 0 || expires_days > 3650) {
    return Status::InvalidArgument("令牌有效期须为 0–3650 天（0 表示不过期）");
  }
  NewToken t;
  t.token = NewBearerToken();
  t.record.user_id = user.id;
  t.record.label = label;
  t.record.token_hash = Sha256Hex(t.token);
  t.record.prefix = t.token.substr(0, 10);
  t.record.created_at = now;
  t.record.expires_at = expires_days > 0 ? now + int64_t{expires_days} * 86400 : 0;
  ZJ_ASSIGN_OR_RETURN(t.record.id, accounts.CreateApiToken(t.record));
  nlohmann::json after = {{"id", t.record.id},
                          {"user_id", user.id},
                          {"label", label},
                          {"prefix", t.record.prefix},
                          {"expires_at", t.record.expires_at}};
  ZJ_RETURN_IF_ERROR(Record(accounts, actor, "token.create", "token:" + std::to_string(t.record.id),
                            "", after.dump(), now));
  return t;
}

std::vector<DemoAccount> DemoAccountSpecs(const std::string& county_code,
                                          const std::string& school_code) {
  auto make = [&](const char* name, Role role, const std::string& unit, const char* display) {
    return DemoAccount{name, std::string(name) + "-demo", role, unit, display};
  };
  return {make("admin", Role::kAdmin, county_code, "演示系统管理员"),
          make("county", Role::kCountyStaff, county_code, "演示县级业务人员"),
          make("leader", Role::kLeader, county_code, "演示领导"),
          make("school", Role::kSchool, school_code, "演示学校用户"),
          make("auditor", Role::kAuditor, county_code, "演示审计员")};
}

Result<std::vector<DemoAccount>> CreateDemoAccounts(model::Store& store,
                                                    model::AccountStore& accounts, int64_t now) {
  ZJ_ASSIGN_OR_RETURN(model::DatabaseInfo info, store.GetInfo());
  if (!info.synthetic) {
    return Status::FailedPrecondition("演示账户只能在合成（演示）数据库中创建");
  }
  ZJ_ASSIGN_OR_RETURN(std::vector<model::School> schools, store.ListSchools());
  if (schools.empty()) return Status::FailedPrecondition("数据库中没有学校，无法绑定演示学校用户");
  const model::School* pick = &schools.front();
  for (const model::School& s : schools) {
    if (s.closed_year == 0 && s.type_code == 211) {
      pick = &s;
      break;
    }
  }
  ZJ_ASSIGN_OR_RETURN(std::shared_ptr<const engine::Hierarchy> h, LoadHierarchy(store));
  // A multi-county (city) database has no single county: the accounts bind to its top unit.
  std::string top = info.county_code;
  if (top.empty()) {
    if (h->roots().size() != 1) {
      return Status::FailedPrecondition("数据库没有唯一的顶层行政区，无法绑定演示账户");
    }
    // Down from the province to the city: the lowest unit above every county of the database.
    int u = h->roots().front();
    for (;;) {
      int only = -1, admin_children = 0;
      for (int c : h->unit(u).children) {
        if (h->unit(c).kind != engine::UnitKind::kSchool) {
          ++admin_children;
          only = c;
        }
      }
      if (admin_children != 1) break;
      u = only;
    }
    top = h->unit(u).code;
  }
  std::vector<DemoAccount> specs = DemoAccountSpecs(top, pick->code);
  for (const DemoAccount& d : specs) {  // check everything before writing anything
    ZJ_ASSIGN_OR_RETURN(std::optional<User> existing, accounts.FindUser(d.username));
    if (existing) return Status::AlreadyExists("演示用户名已存在：" + d.username);
    ZJ_RETURN_IF_ERROR(CheckBinding(*h, d.role, d.unit_code));
  }
  Actor actor{0, "cli:demo", "local"};
  for (const DemoAccount& d : specs) {
    NewAccount a{d.username, d.display_name, d.role, d.unit_code, d.password, false};
    ZJ_RETURN_IF_ERROR(CreateAccount(*h, accounts, a, actor, now, /*synthetic=*/true).status());
  }
  return specs;
}

std::vector<DemoAccount> UsableDemoAccounts(const model::DatabaseInfo& info,
                                            model::AccountStore& accounts) {
  std::vector<DemoAccount> found;
  if (!info.synthetic) return found;
  for (const DemoAccount& d : DemoAccountSpecs(info.county_code, "")) {
    Result<std::optional<User>> u = accounts.FindUser(d.username);
    if (u.ok() && *u && (*u)->role == d.role && !(*u)->disabled &&
        VerifyPassword(d.password, (*u)->password_hash)) {
      found.push_back(d);
    }
  }
  return found;
}

}  // namespace zj::service
