// `zhijiao init` (src/cli/cmd_init.cc) run in-process with stdin and stderr redirected: a real,
// non-synthetic county database with exactly one administrator, the refusals that leave the file
// system untouched, no demo account or demo password on such a database; and the loopback test
// behind the warning of `zhijiao serve --host`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_util.h"
#include "commands.h"
#include "zj/service/accounts.h"
#include "zj/storage/account_store.h"
#include "zj/storage/open.h"

namespace zj::cli {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string err;
};

// Runs fn with `input` as stdin, capturing stderr.
template <typename Fn>
Outcome WithStdin(const std::string& input, Fn fn) {
  std::istringstream in(input);
  std::ostringstream err;
  std::streambuf* old_in = std::cin.rdbuf(in.rdbuf());
  std::streambuf* old_err = std::cerr.rdbuf(err.rdbuf());
  Outcome r;
  r.code = fn();
  std::cin.rdbuf(old_in);
  std::cerr.rdbuf(old_err);
  r.err = err.str();
  return r;
}

class InitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("zj_init_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome Init(const std::string& db, const std::string& county, const std::string& password,
               const std::string& admin = "admin", bool password_stdin = true) {
    InitOptions o;
    o.db = db;
    o.county = county;
    o.admin = admin;
    o.password_stdin = password_stdin;
    return WithStdin(password + "\n", [&] { return RunInit(o); });
  }
  // Files in the test directory (nothing may be left behind by a refused init).
  size_t Files() {
    size_t n = 0;
    for (auto it = fs::directory_iterator(dir_); it != fs::directory_iterator(); ++it) ++n;
    return n;
  }

  fs::path dir_;
};

TEST_F(InitTest, CreatesARealCountyWithOneAdministrator) {
  const std::string db = (dir_ / "county.db").string();
  Outcome r = Init(db, "500235", "Jiaoyu-Xitong-7391", "chief");
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.err.find("云阳县"), std::string::npos) << r.err;
  // No temporary, WAL or SHM file left: the database and the audit chain's head kept beside it.
  EXPECT_EQ(Files(), 2u);
  EXPECT_TRUE(fs::exists(db + ".audit-head"));

  storage::OpenOptions so;
  auto store = storage::OpenStore(db, so);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto info = (*store)->GetInfo();
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->synthetic);
  EXPECT_EQ(info->county_code, "500235");
  auto units = (*store)->ListAdminUnits();
  ASSERT_EQ(units->size(), 1u);
  EXPECT_EQ((*units)[0].name, "云阳县");
  EXPECT_TRUE((*store)->ListSchools()->empty());
  EXPECT_TRUE((*store)->ListYears()->empty());

  auto accounts = storage::OpenSqliteAccountStore(db);
  ASSERT_TRUE(accounts.ok());
  auto users = (*accounts)->ListUsers();
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].username, "chief");
  EXPECT_EQ((*users)[0].role, model::Role::kAdmin);
  EXPECT_EQ((*users)[0].unit_code, "500235");
  // Audited, attributed to the OS user.
  auto log = (*accounts)->ListAudit({});
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].action, "database.init");
  EXPECT_EQ((*log)[1].action, "user.create");
  EXPECT_EQ((*log)[1].actor.rfind("cli:", 0), 0u) << (*log)[1].actor;
  // No demo account, now or later.
  EXPECT_TRUE(service::UsableDemoAccounts(*info, **accounts).empty());
  EXPECT_EQ(service::CreateDemoAccounts(**store, **accounts, 1).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ((*accounts)->CountUsers().value(), 1);
}

TEST_F(InitTest, InfoSaysNotSyntheticAndListsNoDemoAccount) {
  const std::string db = (dir_ / "county.db").string();
  ASSERT_EQ(Init(db, "500235", "Jiaoyu-Xitong-7391").code, kExitOk);
  InfoOptions info;
  info.db = db;
  info.format = "json";
  std::ostringstream out;
  std::streambuf* old_out = std::cout.rdbuf(out.rdbuf());
  const int code = RunInfo(info);
  std::cout.rdbuf(old_out);
  ASSERT_EQ(code, kExitOk);
  EXPECT_NE(out.str().find("\"synthetic\": false"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("\"demo_accounts\": []"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("-demo"), std::string::npos) << out.str();
}

TEST_F(InitTest, DemoPasswordsAreRefusedOnTheNewDatabase) {
  const std::string db = (dir_ / "county.db").string();
  ASSERT_EQ(Init(db, "500235", "Jiaoyu-Xitong-7391").code, kExitOk);
  UserOptions add;
  add.action = "add";
  add.db = db;
  add.name = "county";
  add.role = "county_staff";
  add.unit = "500235";
  add.password_stdin = true;
  Outcome r = WithStdin("county-demo\n", [&] { return RunUser(add); });
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_NE(r.err.find("演示密码"), std::string::npos) << r.err;
  // A common password is refused as well; a good one is accepted.
  EXPECT_EQ(WithStdin("yunyang2021\n", [&] { return RunUser(add); }).code, kExitBadInput);
  EXPECT_EQ(WithStdin("Jiaoyu-Xitong-8402\n", [&] { return RunUser(add); }).code, kExitOk);
  // And at password change.
  UserOptions passwd = add;
  passwd.action = "passwd";
  EXPECT_EQ(WithStdin("county-demo\n", [&] { return RunUser(passwd); }).code, kExitBadInput);
}

TEST_F(InitTest, RefusesAnExistingNonEmptyFile) {
  const fs::path db = dir_ / "county.db";
  std::ofstream(db) << "precious";
  Outcome r = Init(db.string(), "500235", "Jiaoyu-Xitong-7391");
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_NE(r.err.find("已存在"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  std::ifstream in(db);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "precious");
  EXPECT_EQ(Files(), 1u);
  // An existing empty file may be initialised.
  const fs::path empty = dir_ / "empty.db";
  std::ofstream(empty).close();
  EXPECT_EQ(Init(empty.string(), "500235", "Jiaoyu-Xitong-7391").code, kExitOk);
}

TEST_F(InitTest, RefusalsCreateNothing) {
  const std::string db = (dir_ / "county.db").string();
  struct Case {
    const char* county;
    const char* password;
    const char* admin;
    const char* message;
  } cases[] = {
      {"50023", "Jiaoyu-Xitong-7391", "admin", "6 位"},
      {"5002351", "Jiaoyu-Xitong-7391", "admin", "6 位"},
      {"50023x", "Jiaoyu-Xitong-7391", "admin", "6 位"},
      {"990235", "Jiaoyu-Xitong-7391", "admin", "6 位"},  // no such province
      {"500200", "Jiaoyu-Xitong-7391", "admin", "县级"},  // a city, not a county
      {"500235", "short", "admin", "8"},
      {"500235", "password123", "admin", "常见"},
      {"500235", "Yunyang2024!", "admin", "常见"},
      {"500235", "1qaz2wsx", "admin", "常见"},
      {"500235", "administrator", "administrator", "用户名"},
      {"500235", "admin-demo", "admin", "演示密码"},
      {"500235", "Jiaoyu-Xitong-7391", "a", "用户名"},
  };
  for (const Case& c : cases) {
    Outcome r = Init(db, c.county, c.password, c.admin);
    EXPECT_EQ(r.code, kExitBadInput) << c.county << " " << c.password;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(Files(), 0u) << c.county << " " << c.password;
  }
  // The password only from stdin.
  InitOptions o;
  o.db = db;
  o.county = "500235";
  Outcome r = WithStdin("Jiaoyu-Xitong-7391\n", [&] { return RunInit(o); });
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_NE(r.err.find("--password-stdin"), std::string::npos) << r.err;
  EXPECT_EQ(Files(), 0u);
}

TEST_F(InitTest, CountyNotInTheTable) {
  const std::string db = (dir_ / "county.db").string();
  ASSERT_EQ(Init(db, "110101", "Jiaoyu-Xitong-7391").code, kExitOk);
  auto store = storage::OpenStore(db, {});
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->ListAdminUnits()->at(0).name, "110101");
  EXPECT_EQ((*store)->GetInfo()->county_code, "110101");
}

}  // namespace
}  // namespace zj::cli
