// Public endpoints (health, info, OpenAPI), login/logout with session cookies and CSRF tokens,
// the signed-in account (/me) and its bearer tokens.
#include <unistd.h>

#include "dto.h"
#include "handlers.h"
#include "zj/service/accounts.h"
#include "zj/service/auth.h"
#include "zj/service/password_policy.h"

namespace zj::server::internal {

namespace {

constexpr char kCookieName[] = "zj_session";

std::string SessionCookie(const Call& c, const std::string& value, int64_t max_age) {
  std::string cookie = std::string(kCookieName) + "=" + value +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (!c.s.config.tls_cert.empty()) cookie += "; Secure";
  return cookie;
}

Json PermissionsOf(const model::User& u) {
  Json out = Json::array();
  for (service::Permission p :
       {service::Permission::kReadDirectory, service::Permission::kReadAggregates,
        service::Permission::kReadPeople, service::Permission::kWriteData,
        service::Permission::kManageUsers, service::Permission::kReadAudit}) {
    if (service::RoleAllows(u.role, p)) out.push_back(service::PermissionName(p));
  }
  if (u.view_personal && service::RoleAllows(u.role, service::Permission::kReadPeople)) {
    out.push_back("view_personal");
  }
  return out;
}

}  // namespace

Result<Json> HandleHealth(Call&) { return Json{{"status", "ok"}}; }

Result<Json> HandleInfo(Call& c) {
  Json j = {{"application", "zhijiao"},
            {"synthetic", c.s.info.synthetic},
            {"county_code", c.s.info.county_code},
            {"county_name", c.s.county_name},
            {"schema_version", c.s.info.schema_version},
            {"years", c.years},
            {"default_year", c.default_year},
            {"tls", !c.s.config.tls_cert.empty()}};
  Json demo = Json::array();
  std::lock_guard lock(c.s.demo_mu);
  for (const service::DemoAccount& d : c.s.demo_accounts) {
    demo.push_back({{"username", d.username},
                    {"password", d.password},
                    {"role", model::RoleName(d.role)},
                    {"role_name", model::RoleNameZh(d.role)}});
  }
  j["demo_accounts"] = demo;
  return j;
}

Result<Json> HandleOpenApi(Call&) { return Json::parse(OpenApiJson()); }

Result<Json> HandleLogin(Call& c) {
  ZJ_ASSIGN_OR_RETURN(Json body, c.BodyObject());
  ZJ_ASSIGN_OR_RETURN(std::optional<std::string> username, OptString(body, "username"));
  ZJ_ASSIGN_OR_RETURN(std::optional<std::string> password, OptString(body, "password"));
  if (!username || username->empty() || !password || password->empty()) {
    return Status::InvalidArgument("请填写用户名和密码");
  }
  if (username->size() > 64 || password->size() > 1024) {
    return Status::InvalidArgument("用户名或密码过长");
  }
  const int64_t now = c.Now();
  // The documented demo passwords are public: on a real database they open nothing, even on
  // accounts copied from a demo database (refused before any password check).
  if (!c.s.info.synthetic && service::IsDemoPassword(*username, *password)) {
    ZJ_RETURN_IF_ERROR(
        c.Audit("auth.login_failed", "user:" + *username, "", R"({"reason":"demo_password"})"));
    return Status::PermissionDenied(
        "演示密码（<用户名>-demo）只能用于合成演示数据库，本数据库不接受；请系统管理员用 "
        "zhijiao user passwd 为该账户设置新密码");
  }
  // Reserve the password check first, so that parallel attempts count against the limits
  // before any of them has finished (login_throttle.h).
  LoginThrottle::Attempt attempt = c.s.throttle.Reserve(*username, c.address, now);
  if (!attempt) {
    const int64_t wait = attempt.retry_after();
    c.res.set_header("Retry-After", std::to_string(wait));
    if (attempt.refusal() == LoginThrottle::Refusal::kLocked) {
      return Status::ResourceExhausted("登录失败次数过多，请 " + std::to_string((wait + 59) / 60) +
                                       " 分钟后再试");
    }
    return Status::ResourceExhausted("登录尝试过于频繁，请 " + std::to_string(wait) + " 秒后再试");
  }
  ZJ_ASSIGN_OR_RETURN(std::optional<model::User> user, c.s.accounts->FindUser(*username));
  bool ok = service::VerifyPassword(*password, user ? user->password_hash : std::string());
  if (!ok || user->disabled) {
    attempt.Fail(now);
    ZJ_RETURN_IF_ERROR(c.Audit("auth.login_failed", "user:" + *username, "", ""));
    if (ok) return Status::PermissionDenied("账户已停用，请联系系统管理员");
    return Status::Unauthenticated("用户名或密码错误");
  }
  attempt.Succeed();
  std::string cookie_value = service::RandomHex(32);
  model::Session session{
      service::Sha256Hex(cookie_value),    user->id, service::RandomHex(16), c.address, now,
      now + c.s.config.session_ttl_seconds};
  ZJ_RETURN_IF_ERROR(c.s.accounts->PutSession(session));
  c.user = user;
  ZJ_RETURN_IF_ERROR(c.Audit("auth.login", "user:" + std::to_string(user->id), "", ""));
  c.res.set_header("Set-Cookie", SessionCookie(c, cookie_value, c.s.config.session_ttl_seconds));
  return Json{{"user", UserJson(*user)},
              {"permissions", PermissionsOf(*user)},
              {"csrf_token", session.csrf_token},
              {"expires_at", session.expires_at}};
}

Result<Json> HandleLogout(Call& c) {
  if (c.session) {
    ZJ_RETURN_IF_ERROR(c.s.accounts->DeleteSession(c.session->id_hash));
    ZJ_RETURN_IF_ERROR(c.Audit("auth.logout", "user:" + std::to_string(c.user->id), "", ""));
  }
  c.res.set_header("Set-Cookie", SessionCookie(c, "", 0));
  return Json{{"ok", true}};
}

Result<Json> HandleMe(Call& c) {
  Json j = {{"user", UserJson(*c.user)}, {"permissions", PermissionsOf(*c.user)}};
  const engine::Hierarchy& h = *c.hierarchy;
  int home = c.scope.home();
  j["unit"] = home >= 0 ? Json{{"code", h.unit(home).code},
                               {"name", h.unit(home).name},
                               {"kind", engine::UnitKindNameZh(h.unit(home).kind)}}
                        : Json(nullptr);
  if (c.session) {
    j["csrf_token"] = c.session->csrf_token;
    j["expires_at"] = c.session->expires_at;
  }
  return j;
}

Result<Json> HandleListTokens(Call& c) {
  ZJ_ASSIGN_OR_RETURN(std::vector<model::ApiToken> tokens, c.s.accounts->ListApiTokens(c.user->id));
  Json items = Json::array();
  for (const model::ApiToken& t : tokens) items.push_back(TokenJson(t));
  return Json{{"items", items}};
}

Result<Json> HandleCreateToken(Call& c) {
  ZJ_ASSIGN_OR_RETURN(Json body, c.BodyObject());
  ZJ_ASSIGN_OR_RETURN(std::optional<std::string> label, OptString(body, "label"));
  ZJ_ASSIGN_OR_RETURN(std::optional<int64_t> days, OptInt(body, "expires_days"));
  if (days && (*days < 0 || *days > 3650)) {
    return Status::InvalidArgument("expires_days 须在 0–3650 之间");
  }
  service::Actor actor{c.user->id, c.user->username, c.address};
  ZJ_ASSIGN_OR_RETURN(service::NewToken t,
                      service::CreateToken(*c.s.accounts, *c.user, label.value_or(""),
                                           static_cast<int>(days.value_or(90)), actor, c.Now()));
  Json j = TokenJson(t.record);
  j["token"] = t.token;
  c.res.status = 201;
  return j;
}

Result<Json> HandleRevokeToken(Call& c) {
  ZJ_ASSIGN_OR_RETURN(int64_t id, c.ParamId(0));
  ZJ_RETURN_IF_ERROR(c.s.accounts->RevokeApiToken(c.user->id, id));
  ZJ_RETURN_IF_ERROR(c.Audit("token.revoke", "token:" + std::to_string(id), "", ""));
  return Json{{"ok", true}};
}

}  // namespace zj::server::internal
