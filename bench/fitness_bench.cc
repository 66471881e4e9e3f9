// 体质健康 scoring benchmark (prints figures; not run by ctest): loading the standard's tables,
// scoring ROWS synthetic upload rows with engine::FitnessStandard::Score (goal: 200,000 rows ≤ 2
// s), and the whole `zhijiao fitness score --format json` path over a CSV file of the same rows
// (read, parse, score, render JSON Lines to /dev/null).
//   build/bench/fitness_bench [ROWS] [DIR]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "zj/cli/main.h"
#include "zj/engine/fitness.h"

namespace {

using zj::model::FitnessItem;
using zj::model::FitnessRecord;

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

constexpr int kGrades[] = {11, 12, 13, 14, 15, 16, 21, 22, 23, 31, 32, 33, 41, 42, 43, 44};

// Plausible synthetic rows: every grade and sex, each item near the middle of its table.
std::vector<FitnessRecord> MakeRows(int64_t n) {
  std::mt19937_64 rng(20261207);
  std::vector<FitnessRecord> rows(static_cast<size_t>(n));
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (auto& r : rows) {
    r.grade = kGrades[uni(0, 15)];
    r.sex = uni(1, 2);
    bool primary = r.grade < 20;
    r.Set(FitnessItem::kHeight, uni(110'00, 185'00));
    r.Set(FitnessItem::kWeight, uni(20'00, 80'00));
    r.Set(FitnessItem::kVitalCapacity, uni(800, 5000) * 100);
    r.Set(FitnessItem::kRun50m, uni(650, 1300));
    r.Set(FitnessItem::kSitAndReach, uni(-800, 2500));
    if (primary) {
      r.Set(FitnessItem::kRope1min, uni(20, 180) * 100);
      if (r.grade >= 13) r.Set(FitnessItem::kSitUp1min, uni(10, 55) * 100);
      if (r.grade >= 15) r.Set(FitnessItem::kShuttle50x8, uni(90, 170) * 100);
    } else {
      r.Set(FitnessItem::kStandingLongJump, uni(130, 270) * 100);
      if (r.sex == 1) {
        r.Set(FitnessItem::kPullUp, uni(0, 22) * 100);
        r.Set(FitnessItem::kRun1000m, uni(200, 420) * 100);
      } else {
        r.Set(FitnessItem::kSitUp1min, uni(10, 60) * 100);
        r.Set(FitnessItem::kRun800m, uni(190, 330) * 100);
      }
    }
  }
  return rows;
}

void WriteCsv(const std::string& path, const std::vector<FitnessRecord>& rows) {
  std::ofstream out(path);
  out << "学籍号,姓名,年级编号,性别,身高,体重,肺活量,50米跑,坐位体前屈,一分钟跳绳,一分钟仰卧起坐,"
         "50米×8往返跑,立定跳远,引体向上,1000米跑,800米跑\n";
  int64_t id = 0;
  for (const auto& r : rows) {
    out << "G" << 500235000000 + id++ << ",学生," << r.grade << "," << r.sex;
    for (int i = 0; i < zj::model::kFitnessItemCount; ++i) {
      out << ",";
      int32_t v = r.centi[static_cast<size_t>(i)];
      if (v == zj::model::kFitnessNoValue) continue;
      const auto& info = zj::model::kFitnessItems[static_cast<size_t>(i)];
      if (info.timed && static_cast<FitnessItem>(i) != FitnessItem::kRun50m) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%d'%02d", v / 6000, (v / 100) % 60);
        out << buf;
      } else {
        out << zj::model::FormatFitnessCenti(v);
      }
    }
    out << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  int64_t n = argc > 1 ? std::atoll(argv[1]) : 200'000;
  std::string dir = argc > 2 ? argv[2] : std::filesystem::temp_directory_path().string();

  auto t0 = std::chrono::steady_clock::now();
  auto standard = zj::engine::FitnessStandard::Load();
  if (!standard.ok()) {
    std::fprintf(stderr, "fitness_bench: %s\n", standard.status().ToString().c_str());
    return 1;
  }
  double load_s = Seconds(t0);

  auto rows = MakeRows(n);
  double cpu0 = CpuSeconds();
  t0 = std::chrono::steady_clock::now();
  int64_t complete = 0, total_tenths = 0;
  for (const auto& r : rows) {
    auto s = (*standard)->Score(r);
    if (!s.ok()) {
      std::fprintf(stderr, "fitness_bench: %s\n", s.status().ToString().c_str());
      return 1;
    }
    complete += s->complete;
    total_tenths += s->total_tenths;
  }
  double score_s = Seconds(t0), score_cpu = CpuSeconds() - cpu0;

  std::string csv = dir + "/fitness_bench.csv";
  WriteCsv(csv, rows);
  std::ofstream null("/dev/null");
  std::streambuf* saved = std::cout.rdbuf(null.rdbuf());
  cpu0 = CpuSeconds();
  t0 = std::chrono::steady_clock::now();
  std::vector<std::string> args = {"zhijiao", "fitness", "score", "--in", csv, "--format", "json"};
  std::vector<char*> argv_cli;
  for (auto& a : args) argv_cli.push_back(a.data());
  int rc = zj::cli::Main(static_cast<int>(argv_cli.size()), argv_cli.data(), nullptr);
  double cli_s = Seconds(t0), cli_cpu = CpuSeconds() - cpu0;
  std::cout.rdbuf(saved);
  std::filesystem::remove(csv);

  std::printf("fitness_bench: %lld rows (%lld complete, mean total %.1f)\n",
              static_cast<long long>(n), static_cast<long long>(complete),
              complete ? total_tenths / 10.0 / static_cast<double>(complete) : 0.0);
  std::printf("  load tables (embedded CSV → lookup arrays): %.1f ms\n", load_s * 1e3);
  std::printf(
      "  score %lld rows (engine only): %.3f s wall, %.3f s CPU (%.2f µs/row)  goal ≤ 2 s\n",
      static_cast<long long>(n), score_s, score_cpu, score_s * 1e6 / n);
  std::printf(
      "  zhijiao fitness score --format json over the CSV (read + parse + score + render): %.3f s "
      "wall, %.3f s CPU, exit %d\n",
      cli_s, cli_cpu, rc);
  return 0;
}
