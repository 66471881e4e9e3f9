// Demo-generation benchmark (a main printing figures): wall time, CPU time and peak RSS of
//   county-memory    one county, school years 2015–2025, into a MemoryStore
//   county-sqlite    the same into a temporary SQLite file (and its size)
//   province-memory  40 counties, school year 2020 only (history still simulated), MemoryStore
//   province-sqlite  the same into SQLite
// Each scenario runs in a forked child so that its peak RSS is its own.
// Usage: demo_bench [scenario ...]   (default: all four). Goals: one county ≤ 15 s on 2 cores;
// 40 counties ≤ 90 s and ≤ 6 GB.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "zj/sim/demo.h"
#include "zj/storage/memory_store.h"
#include "zj/storage/sqlite_store.h"

namespace {

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

int RunScenario(const std::string& name) {
  zj::sim::DemoOptions o;
  const bool province = name.rfind("province", 0) == 0;
  const bool sqlite = name.find("sqlite") != std::string::npos;
  if (province) {
    o.counties = 40;
    o.first_year = o.last_year = 2020;
  }
  std::unique_ptr<zj::model::Store> store;
  std::string path;
  if (sqlite) {
    path = (std::filesystem::temp_directory_path() /
            ("zj_demo_bench_" + std::to_string(getpid()) + ".db"))
               .string();
    zj::storage::OpenOptions so;
    so.create_if_missing = true;
    auto s = zj::storage::SqliteStore::Open(path, so);
    if (!s.ok()) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), s.status().ToString().c_str());
      return 1;
    }
    store = std::move(s).value();
  } else {
    store = std::make_unique<zj::storage::MemoryStore>();
  }
  const double cpu0 = CpuSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  zj::Status st = zj::sim::GenerateDemo(o, *store);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = CpuSeconds() - cpu0;
  if (!st.ok()) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), st.ToString().c_str());
    return 1;
  }
  auto counts = store->Counts();
  store.reset();
  std::string size;
  if (sqlite) {
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(path, ec);
    size = " file " + std::to_string(bytes / (1024 * 1024)) + " MB";
    std::filesystem::remove(path, ec);
    std::filesystem::remove(path + "-wal", ec);
    std::filesystem::remove(path + "-shm", ec);
  }
  std::printf("%-16s counties %2d years %d–%d  wall %6.1f s  cpu %6.1f s  peak RSS %7.0f MB%s\n",
              name.c_str(), o.counties, o.first_year, o.last_year, wall, cpu, PeakRssMb(),
              size.c_str());
  if (counts.ok()) {
    std::printf(
        "%-16s rows: students %lld enrolments %lld health %lld classes %lld teacher-years %lld "
        "population %lld\n",
        "", static_cast<long long>(counts->students), static_cast<long long>(counts->enrolments),
        static_cast<long long>(counts->health_records), static_cast<long long>(counts->classes),
        static_cast<long long>(counts->teacher_years), static_cast<long long>(counts->population));
  }
  std::fflush(stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> scenarios;
  for (int i = 1; i < argc; ++i) scenarios.emplace_back(argv[i]);
  if (scenarios.empty()) {
    scenarios = {"county-memory", "county-sqlite", "province-memory", "province-sqlite"};
  }
  int failures = 0;
  for (const auto& s : scenarios) {
    if (s != "county-memory" && s != "county-sqlite" && s != "province-memory" &&
        s != "province-sqlite") {
      std::fprintf(stderr, "unknown scenario %s\n", s.c_str());
      return 2;
    }
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) _exit(RunScenario(s));
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
  }
  return failures == 0 ? 0 : 1;
}
