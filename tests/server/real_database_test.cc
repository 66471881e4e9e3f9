// A real (non-synthetic) database served over HTTP: no demo account is listed, the documented
// demo passwords are refused at login even on accounts copied in from a demo database, and new
// passwords set through the API must pass the password policy.
#include <gtest/gtest.h>

#include <thread>

#include "server_fixture.h"
#include "zj/service/accounts.h"
#include "zj/service/auth.h"
#include "zj/storage/account_store.h"
#include "zj/storage/memory_store.h"

namespace zj::server::testing {
namespace {

TEST(RealDatabaseTest, DemoPasswordsOpenNothing) {
  auto store = std::make_unique<storage::MemoryStore>();
  ASSERT_TRUE(FillRegistries(*store, /*synthetic=*/false).ok());
  auto accounts = storage::NewMemoryAccountStore();
  auto h = service::LoadHierarchy(*store);
  ASSERT_TRUE(h.ok());
  service::NewAccount admin{"chief", "", model::Role::kAdmin, kCounty, "Jiaoyu-Xitong-7391", false};
  auto chief = service::CreateAccount(**h, *accounts, admin, service::Actor{}, 1);
  ASSERT_TRUE(chief.ok()) << chief.status().ToString();
  auto token = service::CreateToken(*accounts, *chief, "t", 0, service::Actor{}, 1);
  ASSERT_TRUE(token.ok());
  // Demo accounts with their demo passwords, as if copied from a demo database (the policy
  // would refuse them, so they are written straight into the store).
  for (const service::DemoAccount& d : service::DemoAccountSpecs(kCounty, kSchoolA)) {
    model::User u;
    u.username = d.username;
    u.display_name = d.display_name;
    u.role = d.role;
    u.unit_code = d.unit_code;
    u.password_hash = *service::HashPassword(d.password);
    ASSERT_TRUE(accounts->CreateUser(u).ok());
  }
  ServerConfig config;
  config.port = 0;
  config.threads = 4;
  config.preload = false;
  auto server = ApiServer::Create(config, std::move(store), std::move(accounts));
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  ASSERT_TRUE((*server)->Bind().ok());
  std::thread t([&] { (void)(*server)->Run(); });
  httplib::Client client("127.0.0.1", (*server)->port());

  auto info = client.Get("/api/v1/info");
  ASSERT_TRUE(info);
  Json j = Json::parse(info->body);
  EXPECT_EQ(j["synthetic"], false);
  EXPECT_EQ(j["demo_accounts"], Json::array());
  EXPECT_EQ(info->body.find("-demo"), std::string::npos);

  for (const service::DemoAccount& d : service::DemoAccountSpecs(kCounty, kSchoolA)) {
    Json body = {{"username", d.username}, {"password", d.password}};
    auto r = client.Post("/api/v1/auth/login", body.dump(), "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << d.username << ": " << r->body;
    EXPECT_NE(r->body.find("演示密码"), std::string::npos) << r->body;
    EXPECT_EQ(r->get_header_value("Set-Cookie"), "");
  }
  // The real administrator logs in, and cannot give an account a demo or common password.
  Json good = {{"username", "chief"}, {"password", "Jiaoyu-Xitong-7391"}};
  auto ok = client.Post("/api/v1/auth/login", good.dump(), "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  httplib::Headers bearer = {{"Authorization", "Bearer " + token->token}};
  for (const char* password : {"admin-demo", "leader-demo", "Password2024!", "admin2024"}) {
    Json patch = {{"password", password}};
    auto r = client.Patch("/api/v1/users/2", bearer, patch.dump(), "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << password << ": " << r->body;
  }
  Json create = {{"username", "staff"},
                 {"role", "county_staff"},
                 {"unit_code", kCounty},
                 {"password", "yunyang2024"}};
  auto created = client.Post("/api/v1/users", bearer, create.dump(), "application/json");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 400) << created->body;
  create["password"] = "Jiaoyu-Xitong-8402";
  created = client.Post("/api/v1/users", bearer, create.dump(), "application/json");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
  (*server)->Stop();
  t.join();
}

}  // namespace
}  // namespace zj::server::testing
