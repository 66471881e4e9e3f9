// A small county on a real SQLite file, with one account per role, served by a real ApiServer on
// 127.0.0.1 (ephemeral port) with a controllable clock. Shared by the HTTP tests of the server
// module (one instance per test binary: argon2id hashing makes accounts slow to create).
#pragma once

#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "zj/model/accounts.h"
#include "zj/model/store.h"
#include "zj/server/server.h"

namespace zj::server::testing {

using Json = nlohmann::json;

inline constexpr char kCounty[] = "500235";
inline constexpr char kTown1[] = "500235001";
inline constexpr char kTown2[] = "500235002";
inline constexpr char kSchoolA[] = "5002350001";  // town 1, primary — bound to the school account
inline constexpr char kSchoolB[] = "5002350002";  // town 2, primary
inline constexpr char kSchoolC[] = "5002350003";  // town 1, junior
inline constexpr int kYear = 2020;
inline constexpr char kPassword[] = "correct-horse-1";

// Roles of the fixture's accounts: username → (role, unit).
struct FixtureAccount {
  const char* username;
  model::Role role;
  const char* unit;
  bool view_personal;
};
inline constexpr FixtureAccount kAccounts[] = {
    {"admin", model::Role::kAdmin, kCounty, false},
    {"county", model::Role::kCountyStaff, kCounty, false},
    {"town", model::Role::kCountyStaff, kTown1, false},
    {"leader", model::Role::kLeader, kCounty, false},
    {"school", model::Role::kSchool, kSchoolA, false},
    {"auditor", model::Role::kAuditor, kCounty, false},
    {"personal", model::Role::kCountyStaff, kCounty, true},
    {"victim", model::Role::kLeader, kCounty, false},  // for the rate-limit test
};

// Writes the fixture registries into `store` (3 schools, classes, 12 students, 6 teachers).
Status FillRegistries(model::Store& store, bool synthetic);

struct Response {
  int status = 0;
  std::string body;
  Json json;  // parsed body (null when not JSON)
  std::map<std::string, std::string> headers;
};

class TestServer {
 public:
  // Built once per process.
  static TestServer& Get();

  std::string db_path;
  std::filesystem::path web_root;
  std::string secret_path;  // a file next to (outside) the web root
  int port = 0;
  std::atomic<int64_t> now{1'700'000'000};
  std::map<std::string, std::string> tokens;  // username → bearer token
  std::map<std::string, int64_t> user_ids;    // username → id

  // Requests with a bearer token of `username` ("" = anonymous).
  Response Call(const std::string& method, const std::string& path,
                const std::string& username = "", const std::string& body = "",
                const httplib::Headers& extra = {});
  // Raw request (no token), e.g. with a cookie.
  Response Raw(const std::string& method, const std::string& path, const httplib::Headers& headers,
               const std::string& body = "", const std::string& content_type = "application/json");
  model::AccountStore& accounts() { return server_->accounts(); }

  ~TestServer();

 private:
  TestServer();
  std::unique_ptr<ApiServer> server_;
  std::thread thread_;
};

}  // namespace zj::server::testing
