// The throw-away PostgreSQL cluster of a test binary (scripts/pg-test-cluster): started on first
// use, one per process, stopped and removed by a global test environment at the end. Each caller
// of NewDatabase gets a database of its own. When the server binaries are missing, Unavailable()
// says so; tests then skip — or fail when ZJ_REQUIRE_PG=1 (scripts/test sets it, so CI cannot
// skip them silently).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>

namespace zj::storage::testing {

inline bool PgRequired() {
  const char* v = std::getenv("ZJ_REQUIRE_PG");
  return v != nullptr && std::string(v) == "1";
}

class PgCluster {
 public:
  static PgCluster& Get() {
    static PgCluster* cluster = new PgCluster();
    return *cluster;
  }

  // "" when a server is running; else why there is none.
  const std::string& Unavailable() {
    Start();
    return unavailable_;
  }

  // A new empty database; its URL. "" (and a test failure) when it cannot be made.
  std::string NewDatabase() {
    if (!Unavailable().empty()) return "";
    static std::atomic<int> counter{0};
    std::string name = "zj_test_" + std::to_string(counter++);
    std::string cmd = "'" + bin_ + "/createdb' -h '" + dir_ + "' -U zj " + name;
    if (std::system(cmd.c_str()) != 0) {
      ADD_FAILURE() << "createdb failed: " << cmd;
      return "";
    }
    return Url(name);
  }

  // Whether Unavailable() is because the server binaries are not installed (a cluster that does
  // not start although they are is always a failure).
  bool binaries_missing() const { return binaries_missing_; }

  std::string Url(const std::string& database) const {
    return "postgresql:///" + database + "?host=" + dir_ + "&user=zj";
  }
  const std::string& socket_dir() const { return dir_; }

  void Stop() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_ || !unavailable_.empty()) return;
    std::string cmd = "'" + Script() + "' stop '" + dir_ + "'";
    (void)std::system(cmd.c_str());
    unavailable_ = "stopped";
  }

 private:
  static std::string Script() { return std::string(ZJ_SOURCE_DIR) + "/scripts/pg-test-cluster"; }

  void Start() {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_) return;
    started_ = true;
    // The directory of initdb, pg_ctl and createdb (exit status 2: not installed).
    FILE* p = ::popen(("'" + Script() + "' check").c_str(), "r");
    char buf[512] = {0};
    if (p != nullptr) {
      if (std::fgets(buf, sizeof buf, p) == nullptr) buf[0] = 0;
      if (::pclose(p) != 0) buf[0] = 0;
    }
    bin_ = buf;
    while (!bin_.empty() && bin_.back() == '\n') bin_.pop_back();
    if (bin_.empty()) {
      binaries_missing_ = true;
      unavailable_ =
          "PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql-15 "
          "(scripts/install-deps)";
      return;
    }
    dir_ =
        (std::filesystem::temp_directory_path() / ("zj_pg_" + std::to_string(::getpid()))).string();
    std::string cmd = "'" + Script() + "' start '" + dir_ + "' >/dev/null";
    if (std::system(cmd.c_str()) != 0) {
      unavailable_ = "could not start a PostgreSQL test cluster in " + dir_ + " (" + cmd + ")";
      return;
    }
  }

  std::mutex mu_;
  bool started_ = false;
  bool binaries_missing_ = false;
  std::string unavailable_;
  std::string dir_;
  std::string bin_;
};

// Stops the cluster when the test binary ends (registered once per binary by including files).
class PgClusterEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { PgCluster::Get().Stop(); }
};
inline ::testing::Environment* const kPgClusterEnvironment =
    ::testing::AddGlobalTestEnvironment(new PgClusterEnvironment);

// In a test's SetUp: skips the test (fails it under ZJ_REQUIRE_PG=1) without a server.
#define ZJ_REQUIRE_PG_CLUSTER()                                                      \
  do {                                                                               \
    const std::string& why = ::zj::storage::testing::PgCluster::Get().Unavailable(); \
    if (!why.empty()) {                                                              \
      if (::zj::storage::testing::PgRequired() ||                                    \
          !::zj::storage::testing::PgCluster::Get().binaries_missing()) {            \
        FAIL() << why << " (ZJ_REQUIRE_PG=1)";                                       \
      }                                                                              \
      GTEST_SKIP() << why;                                                           \
    }                                                                                \
  } while (0)

}  // namespace zj::storage::testing
