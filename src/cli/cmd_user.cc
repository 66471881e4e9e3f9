// `zhijiao user add|list|disable|enable|passwd|grant-personal|token`: local accounts in the
// database file (src/server/accounts.h does the validation and writes the audit entries).
// Passwords are read from stdin only (--password-stdin), never from the command line.
#include <iomanip>
#include <iostream>

#include "cli_util.h"
#include "commands.h"
#include "zj/service/accounts.h"
#include "zj/storage/account_store.h"

namespace zj::cli {
namespace {

struct Opened {
  std::unique_ptr<model::Store> store;
  std::unique_ptr<model::AccountStore> accounts;
};

Result<Opened> Open(const std::string& db) {
  Opened o;
  ZJ_ASSIGN_OR_RETURN(o.store, OpenExistingStore(db, /*read_only=*/false));
  ZJ_ASSIGN_OR_RETURN(o.accounts, storage::OpenSqliteAccountStore(db));
  return o;
}

Result<model::User> FindByName(model::AccountStore& accounts, const std::string& name) {
  ZJ_ASSIGN_OR_RETURN(std::optional<model::User> u, accounts.FindUser(name));
  if (!u) return Status::NotFound("用户不存在：" + name);
  return *u;
}

int64_t Now() { return static_cast<int64_t>(::time(nullptr)); }

int Patch(const UserOptions& opt, const service::AccountPatch& patch, const char* done) {
  auto o = Open(opt.db);
  if (!o.ok()) return FailWith(o.status());
  auto h = service::LoadHierarchy(*o->store);
  if (!h.ok()) return FailWith(h.status());
  auto user = FindByName(*o->accounts, opt.name);
  if (!user.ok()) return FailWith(user.status());
  auto info = o->store->GetInfo();
  if (!info.ok()) return FailWith(info.status());
  auto updated = service::UpdateAccount(**h, *o->accounts, user->id, patch, service::CliActor(),
                                        Now(), info->synthetic);
  if (!updated.ok()) return FailWith(updated.status());
  std::cerr << "zhijiao: " << done << "：" << opt.name << "\n";
  return kExitOk;
}

}  // namespace

int RunUser(const UserOptions& opt) {
  if (opt.action == "add") {
    auto role = model::ParseRole(opt.role);
    if (!role) {
      return FailBadInput("未知角色：" + opt.role +
                          "（可选 admin, county_staff, leader, school, auditor）");
    }
    auto password = ReadPassword(opt.password_stdin);
    if (!password.ok()) return FailWith(password.status());
    auto o = Open(opt.db);
    if (!o.ok()) return FailWith(o.status());
    auto h = service::LoadHierarchy(*o->store);
    if (!h.ok()) return FailWith(h.status());
    service::NewAccount a{opt.name, opt.display_name, *role, opt.unit, *password, false};
    auto info = o->store->GetInfo();
    if (!info.ok()) return FailWith(info.status());
    auto u =
        service::CreateAccount(**h, *o->accounts, a, service::CliActor(), Now(), info->synthetic);
    if (!u.ok()) return FailWith(u.status());
    std::cerr << "zhijiao: 已创建账户 " << u->username << "（" << model::RoleNameZh(u->role)
              << "，绑定 " << u->unit_code << "）\n";
    return kExitOk;
  }
  if (opt.action == "list") {
    auto o = Open(opt.db);
    if (!o.ok()) return FailWith(o.status());
    auto users = o->accounts->ListUsers();
    if (!users.ok()) return FailWith(users.status());
    std::cout << "id\tusername\trole\tunit\tview_personal\tdisabled\tdisplay_name\n";
    for (const model::User& u : *users) {
      std::cout << u.id << "\t" << u.username << "\t" << model::RoleName(u.role) << "\t"
                << u.unit_code << "\t" << (u.view_personal ? "yes" : "no") << "\t"
                << (u.disabled ? "yes" : "no") << "\t" << u.display_name << "\n";
    }
    return kExitOk;
  }
  if (opt.action == "disable" || opt.action == "enable") {
    service::AccountPatch p;
    p.disabled = opt.action == "disable";
    return Patch(opt, p, opt.action == "disable" ? "已停用账户" : "已启用账户");
  }
  if (opt.action == "passwd") {
    auto password = ReadPassword(opt.password_stdin);
    if (!password.ok()) return FailWith(password.status());
    service::AccountPatch p;
    p.password = *password;
    return Patch(opt, p, "已修改密码（该账户的会话已全部失效）");
  }
  if (opt.action == "grant-personal") {
    service::AccountPatch p;
    p.view_personal = !opt.revoke;
    return Patch(opt, p, opt.revoke ? "已收回查看个人信息权限" : "已授予查看个人信息权限");
  }
  if (opt.action == "token") {
    auto o = Open(opt.db);
    if (!o.ok()) return FailWith(o.status());
    auto user = FindByName(*o->accounts, opt.name);
    if (!user.ok()) return FailWith(user.status());
    if (user->disabled) return FailBadInput("账户已停用：" + opt.name);
    auto t = service::CreateToken(*o->accounts, *user, opt.label, opt.expires_days,
                                  service::CliActor(), Now());
    if (!t.ok()) return FailWith(t.status());
    std::cout << t->token << "\n";
    std::cerr << "zhijiao: 已为 " << opt.name << " 创建 API 令牌（只显示这一次，请妥善保存）\n";
    return kExitOk;
  }
  return FailBadInput("未知的 user 子命令：" + opt.action);
}

}  // namespace zj::cli
