// Authentication answers from a principal cache (src/server/principal_cache.h). Each test warms
// the cache for a credential, changes what the credential stands for, and expects the very next
// request to see the change. The fixture's clock stands still, so a cached entry would otherwise
// stay valid for ever: a missing invalidation fails here every time.
#include <gtest/gtest.h>

#include "server_fixture.h"
#include "zj/storage/account_store.h"

namespace zj::server::testing {
namespace {

constexpr char kTempPassword[] = "temp-pass-123";

// A fresh county-staff account, logged in (cookie + CSRF) and with a bearer token.
struct TempAccount {
  int64_t id = 0;
  int64_t token_id = 0;
  httplib::Headers bearer;
  httplib::Headers cookie;
  std::string csrf;
};

TempAccount MakeAccount(TestServer& s, const std::string& username) {
  TempAccount a;
  Response r = s.Call("POST", "/api/v1/users", "admin",
                      Json{{"username", username},
                           {"role", "county_staff"},
                           {"unit_code", kCounty},
                           {"password", kTempPassword}}
                          .dump());
  EXPECT_EQ(r.status, 201) << r.body;
  a.id = r.json.value("id", int64_t{0});
  Response login = s.Raw("POST", "/api/v1/auth/login", {},
                         Json{{"username", username}, {"password", kTempPassword}}.dump());
  EXPECT_EQ(login.status, 200) << login.body;
  const std::string set_cookie = login.headers["Set-Cookie"];
  a.cookie = {{"Cookie", set_cookie.substr(0, set_cookie.find(';'))}};
  a.csrf = login.json.value("csrf_token", "");
  httplib::Headers with_csrf = a.cookie;
  with_csrf.emplace("X-CSRF-Token", a.csrf);
  Response token = s.Raw("POST", "/api/v1/auth/tokens", with_csrf, R"({"label":"cache"})");
  EXPECT_EQ(token.status, 201) << token.body;
  a.token_id = token.json.value("id", int64_t{0});
  a.bearer = {{"Authorization", "Bearer " + token.json.value("token", "")}};
  return a;
}

// A few authenticated requests, so that the credential's principal is cached.
void Warm(TestServer& s, const httplib::Headers& credential) {
  for (int i = 0; i < 3; ++i) ASSERT_EQ(s.Raw("GET", "/api/v1/me", credential).status, 200);
}

int MeStatus(TestServer& s, const httplib::Headers& credential) {
  return s.Raw("GET", "/api/v1/me", credential).status;
}

std::string UserPath(int64_t id) { return "/api/v1/users/" + std::to_string(id); }

TEST(AuthCacheTest, RevokedTokenIsRefusedOnTheNextRequest) {
  TestServer& s = TestServer::Get();
  TempAccount a = MakeAccount(s, "cache_revoke");
  Warm(s, a.bearer);
  Warm(s, a.cookie);
  Response r = s.Raw("DELETE", "/api/v1/auth/tokens/" + std::to_string(a.token_id), a.bearer);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(MeStatus(s, a.bearer), 401);
  EXPECT_EQ(MeStatus(s, a.cookie), 200);  // the session is another credential
}

TEST(AuthCacheTest, LoggedOutSessionIsRefusedOnTheNextRequest) {
  TestServer& s = TestServer::Get();
  TempAccount a = MakeAccount(s, "cache_logout");
  Warm(s, a.cookie);
  Warm(s, a.bearer);
  httplib::Headers with_csrf = a.cookie;
  with_csrf.emplace("X-CSRF-Token", a.csrf);
  ASSERT_EQ(s.Raw("POST", "/api/v1/auth/logout", with_csrf).status, 200);
  EXPECT_EQ(MeStatus(s, a.cookie), 401);
  EXPECT_EQ(MeStatus(s, a.bearer), 200);
}

TEST(AuthCacheTest, DisabledAccountIsRefusedOnTheNextRequest) {
  TestServer& s = TestServer::Get();
  TempAccount a = MakeAccount(s, "cache_disable");
  Warm(s, a.bearer);
  Warm(s, a.cookie);
  ASSERT_EQ(s.Call("PATCH", UserPath(a.id), "admin", R"({"disabled": true})").status, 200);
  EXPECT_EQ(MeStatus(s, a.bearer), 401);
  EXPECT_EQ(MeStatus(s, a.cookie), 401);
  // Enabled again: the token works again (sessions were ended by the disable).
  ASSERT_EQ(s.Call("PATCH", UserPath(a.id), "admin", R"({"disabled": false})").status, 200);
  EXPECT_EQ(MeStatus(s, a.bearer), 200);
  EXPECT_EQ(MeStatus(s, a.cookie), 401);
}

TEST(AuthCacheTest, NewPasswordEndsCachedSessions) {
  TestServer& s = TestServer::Get();
  TempAccount a = MakeAccount(s, "cache_passwd");
  Warm(s, a.cookie);
  ASSERT_EQ(s.Call("PATCH", UserPath(a.id), "admin", R"({"password": "another-pass-1"})").status,
            200);
  EXPECT_EQ(MeStatus(s, a.cookie), 401);
}

TEST(AuthCacheTest, RoleAndGrantChangesApplyOnTheNextRequest) {
  TestServer& s = TestServer::Get();
  TempAccount a = MakeAccount(s, "cache_role");
  const std::string students = std::string("/api/v1/schools/") + kSchoolA + "/students";
  Warm(s, a.bearer);
  ASSERT_EQ(s.Raw("GET", students, a.bearer).status, 200);
  EXPECT_EQ(s.Raw("GET", "/api/v1/me", a.bearer).json["user"]["view_personal"], false);

  ASSERT_EQ(s.Call("PATCH", UserPath(a.id), "admin", R"({"view_personal": true})").status, 200);
  EXPECT_EQ(s.Raw("GET", "/api/v1/me", a.bearer).json["user"]["view_personal"], true);
  ASSERT_EQ(s.Call("PATCH", UserPath(a.id), "admin", R"({"view_personal": false})").status, 200);
  EXPECT_EQ(s.Raw("GET", "/api/v1/me", a.bearer).json["user"]["view_personal"], false);

  ASSERT_EQ(s.Call("PATCH", UserPath(a.id), "admin", R"({"role": "leader"})").status, 200);
  Response me = s.Raw("GET", "/api/v1/me", a.bearer);
  EXPECT_EQ(me.json["user"]["role"], "leader");
  EXPECT_EQ(s.Raw("GET", students, a.bearer).status, 403);  // leaders see no personal rows
}

TEST(AuthCacheTest, ChangesByAnotherProcessApplyWithinTheCacheTtl) {
  TestServer& s = TestServer::Get();
  TempAccount a = MakeAccount(s, "cache_cli");
  Warm(s, a.bearer);
  // Another connection to the file, as `zhijiao user disable` in another process would use.
  auto other = storage::OpenSqliteAccountStore(s.db_path);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  auto user = (*other)->GetUser(a.id);
  ASSERT_TRUE(user.ok() && user->has_value());
  model::User disabled = **user;
  disabled.disabled = true;
  ASSERT_TRUE((*other)->UpdateUser(disabled).ok());
  // Within the TTL (1 s) the cached principal may still answer: check that it does, so that a
  // cache that silently stopped caching (and the tests above with it) would be noticed.
  EXPECT_EQ(MeStatus(s, a.bearer), 200);
  s.now += 1;
  EXPECT_EQ(MeStatus(s, a.bearer), 401);
}

}  // namespace
}  // namespace zj::server::testing
