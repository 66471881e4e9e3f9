// Unit tests of the server's pure rules: role permissions and scopes over a hierarchy, the audit
// hash chain (memory and SQLite, including tampering with the file), account validation, demo
// accounts, the config file, the generated OpenAPI document and the refusal to serve without
// accounts.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "server_fixture.h"
#include "zj/engine/evaluation.h"
#include "zj/server/server.h"
#include "zj/service/accounts.h"
#include "zj/service/audit.h"
#include "zj/service/auth.h"
#include "zj/service/permissions.h"
#include "zj/sim/demo.h"
#include "zj/storage/account_store.h"
#include "zj/storage/memory_store.h"
#include "zj/storage/sqlite_store.h"

namespace zj::server::testing {
namespace {

using model::Role;

std::shared_ptr<const engine::Hierarchy> FixtureHierarchy() {
  storage::MemoryStore store;
  EXPECT_TRUE(FillRegistries(store, true).ok());
  auto h = service::LoadHierarchy(store);
  EXPECT_TRUE(h.ok());
  return *h;
}

model::User MakeUser(Role role, const std::string& unit) {
  model::User u;
  u.role = role;
  u.unit_code = unit;
  return u;
}

TEST(PermissionsTest, RoleTable) {
  // (role, permission) → allowed, as documented in permissions.h and docs/api.md.
  struct Case {
    Role role;
    service::Permission p;
    bool allowed;
  } cases[] = {
      {Role::kAdmin, service::Permission::kManageUsers, true},
      {Role::kAdmin, service::Permission::kReadDirectory, true},
      {Role::kAdmin, service::Permission::kReadAggregates, false},
      {Role::kAdmin, service::Permission::kReadPeople, false},
      {Role::kAdmin, service::Permission::kReadAudit, false},
      {Role::kCountyStaff, service::Permission::kReadPeople, true},
      {Role::kCountyStaff, service::Permission::kWriteData, true},
      {Role::kCountyStaff, service::Permission::kManageUsers, false},
      {Role::kLeader, service::Permission::kReadAggregates, true},
      {Role::kLeader, service::Permission::kReadPeople, false},
      {Role::kLeader, service::Permission::kWriteData, false},
      {Role::kSchool, service::Permission::kReadPeople, true},
      {Role::kSchool, service::Permission::kWriteData, true},
      {Role::kSchool, service::Permission::kReadAudit, false},
      {Role::kAuditor, service::Permission::kReadAudit, true},
      {Role::kAuditor, service::Permission::kReadDirectory, false},
      {Role::kAuditor, service::Permission::kReadAggregates, false},
      {Role::kAuditor, service::Permission::kAuthenticated, true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(service::RoleAllows(c.role, c.p), c.allowed)
        << model::RoleName(c.role) << " " << service::PermissionName(c.p);
  }
}

TEST(PermissionsTest, ScopeCoversSubtreeAndAncestorsOnlyForAggregates) {
  auto h = FixtureHierarchy();
  service::Scope town(h.get(), MakeUser(Role::kCountyStaff, kTown1));
  EXPECT_TRUE(town.CoversCode(kTown1));
  EXPECT_TRUE(town.CoversCode(kSchoolA));
  EXPECT_TRUE(town.CoversCode(kSchoolC));
  EXPECT_FALSE(town.CoversCode(kSchoolB));
  EXPECT_FALSE(town.CoversCode(kCounty));
  EXPECT_TRUE(town.CanReadAggregatesOf(kCounty));  // ancestor
  EXPECT_FALSE(town.CanReadAggregatesOf(kTown2));  // sibling
  EXPECT_FALSE(town.CanReadAggregatesOf(kSchoolB));
  EXPECT_FALSE(town.CoversCode("nonsense"));

  service::Scope school(h.get(), MakeUser(Role::kSchool, kSchoolA));
  EXPECT_TRUE(school.CoversCode(kSchoolA));
  EXPECT_FALSE(school.CoversCode(kSchoolC));
  EXPECT_TRUE(school.CanReadAggregatesOf(kTown1));
  EXPECT_TRUE(school.CanReadAggregatesOf(kCounty));
  EXPECT_FALSE(school.CanReadAggregatesOf(kSchoolC));

  // Admin and auditor never read aggregates above their unit.
  service::Scope admin(h.get(), MakeUser(Role::kAdmin, kTown1));
  EXPECT_FALSE(admin.CanReadAggregatesOf(kCounty));
  // A school account bound to an admin unit (or the reverse) covers nothing.
  EXPECT_EQ(service::Scope(h.get(), MakeUser(Role::kSchool, kTown1)).home(), -1);
  EXPECT_EQ(service::Scope(h.get(), MakeUser(Role::kLeader, kSchoolA)).home(), -1);
  EXPECT_FALSE(service::Scope(h.get(), MakeUser(Role::kLeader, kSchoolA)).CoversCode(kSchoolA));
}

TEST(AuthTest, PasswordsHashAndVerify) {
  auto hash = service::HashPassword("correct horse");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(service::VerifyPassword("correct horse", *hash));
  EXPECT_FALSE(service::VerifyPassword("correct horsE", *hash));
  EXPECT_FALSE(service::VerifyPassword("correct horse", ""));
  EXPECT_FALSE(service::VerifyPassword("correct horse", "not a hash"));
  EXPECT_EQ(service::HashPassword("short").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(service::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(service::NewBearerToken().size(), 52u);
  EXPECT_NE(service::RandomHex(16), service::RandomHex(16));
  EXPECT_TRUE(service::CheckUsername("li.hua-2").ok());
  EXPECT_FALSE(service::CheckUsername("a").ok());
  EXPECT_FALSE(service::CheckUsername("李华").ok());
  EXPECT_FALSE(service::CheckUsername("a b").ok());
}

service::AuditRecord Rec(const std::string& action, const std::string& target) {
  return service::AuditRecord{1, "county", "127.0.0.1", action, target, "", R"({"v":1})"};
}

TEST(AuditTest, ChainVerifiesAndDetectsChangesInMemory) {
  auto store = storage::NewMemoryAccountStore();
  auto empty = service::VerifyAuditChain(*store);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->ok);
  EXPECT_EQ(empty->head_hash, model::kAuditGenesisHash);
  for (int i = 0; i < 5; ++i) {
    auto e = service::AppendAudit(*store, Rec("data_values.put", "t" + std::to_string(i)), 100 + i);
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(e->seq, i + 1);
    EXPECT_EQ(e->hash, service::AuditEntryHash(*e));
  }
  auto report = service::VerifyAuditChain(*store);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
  EXPECT_EQ(report->entries, 5);
  // The canonical text is stable: sorted keys, before/after as stored text.
  model::AuditEntry e;
  e.seq = 1;
  e.time = 2;
  e.actor = "a";
  e.after_json = R"({"x":1})";
  EXPECT_EQ(service::CanonicalAuditEntry(e),
            R"({"action":"","actor":"a","address":"","after":"{\"x\":1}","before":"","seq":1,)"
            R"("target":"","time":2,"user_id":0})");
}

// Tampering with the SQLite file, as someone with file access would: the triggers refuse plain
// UPDATE/DELETE; after dropping them, verify names the first broken entry.
class SqliteAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("zj_audit_test_" + std::to_string(getpid()) + ".db"))
                .string();
    std::filesystem::remove(path_);
    storage::OpenOptions o;
    o.create_if_missing = true;
    ASSERT_TRUE(storage::SqliteStore::Open(path_, o).ok());
    auto store = storage::OpenSqliteAccountStore(path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(
          service::AppendAudit(**store, Rec("user.update", "user:" + std::to_string(i)), 10 + i)
              .ok());
    }
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  // Runs SQL with the sqlite3 library directly; returns the error message or "".
  std::string Exec(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    char* err = nullptr;
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    return msg;
  }
  service::AuditVerifyReport Verify() {
    auto store = storage::OpenSqliteAccountStore(path_);
    EXPECT_TRUE(store.ok());
    auto r = service::VerifyAuditChain(**store);
    EXPECT_TRUE(r.ok());
    return *r;
  }
  std::string path_;
};

TEST_F(SqliteAuditTest, IntactChainVerifies) {
  service::AuditVerifyReport r = Verify();
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.entries, 5);
}

TEST_F(SqliteAuditTest, TriggersMakeTheLogAppendOnly) {
  EXPECT_NE(Exec("UPDATE audit_log SET target = 'x' WHERE seq = 3").find("append-only"),
            std::string::npos);
  EXPECT_NE(Exec("DELETE FROM audit_log WHERE seq = 3").find("append-only"), std::string::npos);
  EXPECT_TRUE(Verify().ok);
}

TEST_F(SqliteAuditTest, ModifiedEntryIsReported) {
  ASSERT_EQ(Exec("DROP TRIGGER audit_log_no_update; "
                 "UPDATE audit_log SET target = 'user:99' WHERE seq = 3"),
            "");
  service::AuditVerifyReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 3);
  EXPECT_EQ(r.entries, 2);
  EXPECT_NE(r.reason.find("内容被修改"), std::string::npos);
}

TEST_F(SqliteAuditTest, RecomputedHashStillBreaksTheNextLink) {
  // An attacker who also recomputes the changed entry's hash breaks entry 4's prev_hash.
  ASSERT_EQ(Exec("DROP TRIGGER audit_log_no_update; "
                 "UPDATE audit_log SET hash = '" +
                 std::string(64, 'f') + "' WHERE seq = 3"),
            "");
  EXPECT_EQ(Verify().first_broken, 3);
}

TEST_F(SqliteAuditTest, DeletedEntryIsReported) {
  ASSERT_EQ(Exec("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2"), "");
  service::AuditVerifyReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken, 2);
  EXPECT_NE(r.reason.find("序号不连续"), std::string::npos);
}

TEST(AccountsTest, CreateValidatesAndAudits) {
  auto h = FixtureHierarchy();
  auto accounts = storage::NewMemoryAccountStore();
  service::Actor actor{0, "cli:test", "local"};
  struct Case {
    service::NewAccount a;
    StatusCode expected;
  } cases[] = {
      {{"ok_user", "", Role::kLeader, kCounty, "long-enough", false}, StatusCode::kOk},
      {{"ok_user", "", Role::kLeader, kCounty, "long-enough", false}, StatusCode::kAlreadyExists},
      {{"x", "", Role::kLeader, kCounty, "long-enough", false}, StatusCode::kInvalidArgument},
      {{"bad_unit", "", Role::kLeader, "123", "long-enough", false}, StatusCode::kInvalidArgument},
      {{"school_on_unit", "", Role::kSchool, kTown1, "long-enough", false},
       StatusCode::kInvalidArgument},
      {{"staff_on_school", "", Role::kCountyStaff, kSchoolA, "long-enough", false},
       StatusCode::kInvalidArgument},
      {{"weak", "", Role::kLeader, kCounty, "1234567", false}, StatusCode::kInvalidArgument},
      {{"school_ok", "", Role::kSchool, kSchoolA, "long-enough", false}, StatusCode::kOk},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(service::CreateAccount(*h, *accounts, c.a, actor, 1).status().code(), c.expected)
        << c.a.username;
  }
  EXPECT_EQ(*accounts->CountUsers(), 2);
  auto log = accounts->ListAudit({});
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].action, "user.create");
  EXPECT_EQ((*log)[0].actor, "cli:test");
  EXPECT_EQ((*log)[0].after_json.find("argon2"), std::string::npos);
}

// A multi-county scale dataset (zhijiao demo --counties K) has no single county: the demo accounts
// bind to the city above the counties (this failed before with "数据库未设置县级区划代码").
TEST(AccountsTest, DemoAccountsOnMultiCountyDatabaseBindToTheCity) {
  storage::MemoryStore store;
  sim::DemoOptions d;
  d.counties = 2;
  d.first_year = 2020;
  d.last_year = 2020;
  ASSERT_TRUE(sim::GenerateDemo(d, store).ok());
  ASSERT_TRUE(store.GetInfo()->county_code.empty());
  auto accounts = storage::NewMemoryAccountStore();
  auto created = service::CreateDemoAccounts(store, *accounts, 1);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_EQ(created->size(), 5u);
  EXPECT_EQ((*created)[1].username, "county");
  EXPECT_EQ((*created)[1].unit_code.size(), 4u) << (*created)[1].unit_code;  // the city, 5002
  EXPECT_EQ((*created)[3].unit_code.size(), 10u);                            // a school
}

TEST(AccountsTest, DemoAccountsOnlyOnSyntheticDatabases) {
  storage::MemoryStore real;
  ASSERT_TRUE(FillRegistries(real, /*synthetic=*/false).ok());
  auto accounts = storage::NewMemoryAccountStore();
  EXPECT_EQ(service::CreateDemoAccounts(real, *accounts, 1).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(*accounts->CountUsers(), 0);

  auto demo_store = std::make_unique<storage::MemoryStore>();
  ASSERT_TRUE(FillRegistries(*demo_store, /*synthetic=*/true).ok());
  auto demo_accounts = storage::NewMemoryAccountStore();
  auto created = service::CreateDemoAccounts(*demo_store, *demo_accounts, 1);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_EQ(created->size(), 5u);
  EXPECT_EQ((*created)[3].username, "school");
  EXPECT_EQ((*created)[3].unit_code, kSchoolA);  // first primary school in code order
  EXPECT_EQ((*created)[0].password, "admin-demo");
  // Twice is refused, nothing half-created.
  EXPECT_EQ(service::CreateDemoAccounts(*demo_store, *demo_accounts, 1).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(*demo_accounts->CountUsers(), 5);

  // A server on that database lists exactly the demo accounts, and each can log in.
  ServerConfig config;
  config.port = 0;
  config.threads = 2;
  config.preload = false;
  auto server = ApiServer::Create(config, std::move(demo_store), std::move(demo_accounts));
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  ASSERT_TRUE((*server)->Bind().ok());
  std::thread t([&] { (void)(*server)->Run(); });
  httplib::Client client("127.0.0.1", (*server)->port());
  auto info = client.Get("/api/v1/info");
  ASSERT_TRUE(info);
  Json j = Json::parse(info->body);
  ASSERT_EQ(j["demo_accounts"].size(), 5u);
  for (const Json& d : j["demo_accounts"]) {
    Json body = {{"username", d["username"]}, {"password", d["password"]}};
    auto r = client.Post("/api/v1/auth/login", body.dump(), "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << d.dump();
  }
  (*server)->Stop();
  t.join();
}

TEST(ServerTest, RefusesToServeWithoutAccounts) {
  auto store = std::make_unique<storage::MemoryStore>();
  ASSERT_TRUE(FillRegistries(*store, true).ok());
  auto server =
      ApiServer::Create(ServerConfig{}, std::move(store), storage::NewMemoryAccountStore());
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(server.status().message().find("zhijiao user add"), std::string::npos);
}

TEST(ServerTest, ASecondServerCannotShareThePort) {
  // httplib's default SO_REUSEPORT would let another process take a share of the connections.
  auto make = [](int port) {
    auto store = std::make_unique<storage::MemoryStore>();
    EXPECT_TRUE(FillRegistries(*store, false).ok());
    auto accounts = storage::NewMemoryAccountStore();
    auto h = service::LoadHierarchy(*store);
    service::NewAccount a{"admin", "", Role::kAdmin, kCounty, "long-enough-1", false};
    EXPECT_TRUE(service::CreateAccount(**h, *accounts, a, service::Actor{}, 1).ok());
    ServerConfig config;
    config.port = port;
    config.threads = 1;
    config.preload = false;
    auto server = ApiServer::Create(config, std::move(store), std::move(accounts));
    EXPECT_TRUE(server.ok());
    return std::move(*server);
  };
  std::unique_ptr<ApiServer> first = make(0);
  ASSERT_TRUE(first->Bind().ok());
  std::unique_ptr<ApiServer> second = make(first->port());
  Status st = second->Bind();
  EXPECT_EQ(st.code(), StatusCode::kIoError);
  EXPECT_NE(st.message().find("端口被占用"), std::string::npos);
}

TEST(ServerTest, ConfigFile) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("zj_cfg_" + std::to_string(getpid()) + ".json"))
          .string();
  struct Case {
    const char* text;
    bool ok;
  } cases[] = {
      {R"({"port": 9000, "threads": 16, "session_ttl_minutes": 30, "db_cache_mib": 8,
           "auth_cache_seconds": 0,
           "login": {"max_failures_per_account": 3, "lock_minutes": 5}})",
       true},
      {R"({"port": "9000"})", false},
      {R"({"db_cache_mib": 0})", false},
      {R"({"auth_cache_seconds": -1})", false},
      {R"({"auth_cache_seconds": 61})", false},
      {R"({"port": 70000})", false},
      {R"({"prot": 9000})", false},
      {R"({"login": {"lock_minutes": 0}})", false},
      {R"(not json)", false},
  };
  for (const Case& c : cases) {
    std::ofstream(path) << c.text;
    ServerConfig config;
    Status st = LoadServerConfig(path, &config);
    EXPECT_EQ(st.ok(), c.ok) << c.text << " → " << st.ToString();
    if (st.ok()) {
      EXPECT_EQ(config.port, 9000);
      EXPECT_EQ(config.threads, 16);
      EXPECT_EQ(config.session_ttl_seconds, 1800);
      EXPECT_EQ(config.login.max_failures_per_account, 3);
      EXPECT_EQ(config.login.lock_seconds, 300);
      EXPECT_EQ(config.db_cache_mib, 8);
      EXPECT_EQ(config.auth_cache_seconds, 0);
      EXPECT_EQ(config.login.max_failures_per_address, 20);  // untouched default
    }
  }

  // 督导评估 overrides, the same object `zhijiao evaluate --config` reads: inline, or a file
  // next to the server config; checked when the config is read.
  {
    std::ofstream(path) << R"({"evaluation": {"unit_costs": {"teaching_area_m2": 2500}}})";
    ServerConfig config;
    ASSERT_TRUE(LoadServerConfig(path, &config).ok());
    auto ev = engine::LoadEvalConfig(config.evaluation_overrides);
    ASSERT_TRUE(ev.ok());
    EXPECT_EQ(ev->FindCost("teaching_area_m2")->yuan, 2500);
    EXPECT_TRUE(ev->FindCost("teaching_area_m2")->configured);
  }
  const std::string eval_path = path + ".evaluation.json";
  std::ofstream(eval_path) << R"({"remedy": {"method": "heuristic"}})";
  {
    std::ofstream(path) << "{\"evaluation\": \""
                        << std::filesystem::path(eval_path).filename().string() << "\"}";
    ServerConfig config;
    Status st = LoadServerConfig(path, &config);
    ASSERT_TRUE(st.ok()) << st.ToString();
    auto ev = engine::LoadEvalConfig(config.evaluation_overrides);
    ASSERT_TRUE(ev.ok());
    EXPECT_FALSE(ev->remedy.use_mip);
  }
  struct BadEval {
    const char* text;
    StatusCode code;
  } bad[] = {{R"({"evaluation": {"unit_costs": {"gold": 1}}})", StatusCode::kInvalidArgument},
             {R"({"evaluation": {"remedy": {"mip_gap": 2}}})", StatusCode::kInvalidArgument},
             {R"({"evaluation": 5})", StatusCode::kInvalidArgument},
             {R"({"evaluation": "no-such-file.json"})", StatusCode::kNotFound}};
  for (const BadEval& b : bad) {
    std::ofstream(path) << b.text;
    ServerConfig config;
    Status st = LoadServerConfig(path, &config);
    EXPECT_EQ(st.code(), b.code) << b.text << " → " << st.ToString();
    EXPECT_NE(st.message().find("evaluation"), std::string::npos) << st.message();
  }
  std::filesystem::remove(eval_path);
  std::filesystem::remove(path);
  ServerConfig config;
  EXPECT_EQ(LoadServerConfig("/nonexistent/zj.json", &config).code(), StatusCode::kNotFound);
}

TEST(ServerTest, OpenApiListsEveryRouteWithItsPermission) {
  Json doc = Json::parse(OpenApiJson());
  EXPECT_EQ(doc["openapi"], "3.0.3");
  const Json& paths = doc["paths"];
  for (const char* p : {"/api/v1/auth/login", "/api/v1/schools", "/api/v1/schools/{code}/students",
                        "/api/v1/indicators/values", "/api/v1/plan/status", "/api/v1/audit"}) {
    EXPECT_TRUE(paths.contains(p)) << p;
  }
  EXPECT_EQ(paths["/api/v1/auth/login"]["post"]["x-permission"], "public");
  EXPECT_EQ(paths["/api/v1/schools/{code}/students"]["get"]["x-permission"], "read_people");
  EXPECT_EQ(paths["/api/v1/schools/{code}/students"]["get"]["parameters"][0]["in"], "path");
  EXPECT_EQ(paths["/api/v1/users/{id}"]["patch"]["x-permission"], "manage_users");
  EXPECT_TRUE(paths["/api/v1/data-values"].contains("put"));
}

}  // namespace
}  // namespace zj::server::testing
