// Clean-up of the work directories (uploads with personal data) that crashed servers leave in the
// temporary directory (src/server/work_dir.h): only `zhijiao-serve-<pid>-<hex>` directories of
// the current user whose process is gone are removed — by the function and at server start.
#include "work_dir.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "server_fixture.h"
#include "zj/service/accounts.h"
#include "zj/storage/account_store.h"
#include "zj/storage/memory_store.h"

namespace zj::server {
namespace {

namespace fs = std::filesystem;

// The pid of a process that has ended (forked, exited and reaped).
pid_t DeadPid() {
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  waitpid(pid, nullptr, 0);
  return pid;
}

fs::path MakeDir(const fs::path& root, const std::string& name) {
  fs::create_directories(root / name);
  std::ofstream(root / name / "upload.xlsx") << "身份证号 500235…";
  return root / name;
}

class WorkDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("zj_workdir_test_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(WorkDirTest, RemovesOnlyStaleDirectoriesOfThisUser) {
  const std::string dead = std::to_string(DeadPid());
  const fs::path stale = MakeDir(root_, "zhijiao-serve-" + dead + "-0a1b2c3d");
  const fs::path stale2 = MakeDir(root_, "zhijiao-serve-999999999-ff");  // beyond pid_max
  const fs::path running = MakeDir(root_, "zhijiao-serve-" + std::to_string(getpid()) + "-ab");
  const fs::path init = MakeDir(root_, "zhijiao-serve-1-ab");  // pid 1 always runs
  const fs::path not_hex = MakeDir(root_, "zhijiao-serve-" + dead + "-xyz");
  const fs::path no_pid = MakeDir(root_, "zhijiao-serve--ab");
  const fs::path other = MakeDir(root_, "something-" + dead + "-ab");
  std::ofstream(root_ / ("zhijiao-serve-" + dead + "-cd")) << "a file, not a directory";
  // A symlink with a work-directory name pointing at a directory that must survive.
  const fs::path target = MakeDir(root_, "precious");
  fs::create_directory_symlink(target, root_ / ("zhijiao-serve-" + dead + "-ee"));
  // Another user's directory (checkable when the test runs as root).
  const fs::path foreign = MakeDir(root_, "zhijiao-serve-" + dead + "-dd");
  const bool chowned = chown(foreign.c_str(), 65534, 65534) == 0 && geteuid() != 65534;

  EXPECT_EQ(RemoveStaleWorkDirs(root_), chowned ? 2 : 3);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_FALSE(fs::exists(stale2));
  EXPECT_TRUE(fs::exists(running / "upload.xlsx"));
  EXPECT_TRUE(fs::exists(init / "upload.xlsx"));
  EXPECT_TRUE(fs::exists(not_hex));
  EXPECT_TRUE(fs::exists(no_pid));
  EXPECT_TRUE(fs::exists(other));
  EXPECT_TRUE(fs::is_regular_file(root_ / ("zhijiao-serve-" + dead + "-cd")));
  EXPECT_TRUE(fs::exists(target / "upload.xlsx"));
  EXPECT_TRUE(fs::is_symlink(root_ / ("zhijiao-serve-" + dead + "-ee")));
  if (chowned) EXPECT_TRUE(fs::exists(foreign / "upload.xlsx"));
  EXPECT_EQ(RemoveStaleWorkDirs(root_ / "missing"), 0);
}

TEST_F(WorkDirTest, ServerStartRemovesTheLeftovers) {
  const fs::path stale = MakeDir(root_, "zhijiao-serve-" + std::to_string(DeadPid()) + "-77");
  const char* old = getenv("TMPDIR");
  const std::string saved = old ? old : "";
  setenv("TMPDIR", root_.c_str(), 1);
  auto store = std::make_unique<storage::MemoryStore>();
  ASSERT_TRUE(testing::FillRegistries(*store, false).ok());
  auto accounts = storage::NewMemoryAccountStore();
  auto h = service::LoadHierarchy(*store);
  service::NewAccount a{"chief", "", model::Role::kAdmin, testing::kCounty, "Jiaoyu-Xitong-7391",
                        false};
  ASSERT_TRUE(service::CreateAccount(**h, *accounts, a, service::Actor{}, 1).ok());
  ServerConfig config;
  config.port = 0;
  config.threads = 1;
  config.preload = false;
  auto server = ApiServer::Create(config, std::move(store), std::move(accounts));
  if (old) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  EXPECT_FALSE(fs::exists(stale));
  // The server's own work directory is there, private, named with its pid …
  int own = 0;
  for (const auto& e : fs::directory_iterator(root_)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("zhijiao-serve-" + std::to_string(getpid()) + "-", 0) == 0) {
      ++own;
      EXPECT_EQ(fs::status(e.path()).permissions() & fs::perms::all, fs::perms::owner_all);
    }
  }
  EXPECT_EQ(own, 1);
  // … and gone after shutdown.
  server->reset();
  EXPECT_TRUE(fs::is_empty(root_));
}

}  // namespace
}  // namespace zj::server
