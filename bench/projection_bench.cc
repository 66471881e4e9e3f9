// Projection benchmark: a synthetic input of 10,000 schools × 12 grades (小学 6 + 初中 3 + 普高 3,
// 十二年一贯制-like) in 200 townships with 8 years of history and monthly births, projected 10
// years ahead with all resources (classes, rooms, big classes, teachers) and prediction
// intervals. Target: ≤ 200 ms per projection. Prints the figures; run bench/projection_bench.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

#include "zj/engine/projection.h"
#include "zj/engine/projection_backtest.h"

namespace {

using zj::model::Stage;

zj::engine::ProjectionData Synthetic(int schools, int towns) {
  zj::engine::ProjectionData d;
  d.county_code = "999999";
  uint64_t x = 88172645463325252ull;
  auto rnd = [&] {  // xorshift, deterministic
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return (x % 1000000) / 1e6;
  };
  for (int t = 0; t < towns; ++t) d.townships.push_back({"T" + std::to_string(t), "", 0});
  for (int t = 0; t < towns; ++t) {
    for (int y = 2004; y <= 2022; ++y) {
      for (int m = 1; m <= 12; ++m) {
        double b = 60 * std::pow(0.95, y - 2004) * (0.8 + 0.4 * rnd());
        d.births.push_back({"T" + std::to_string(t), y, m, std::llround(b * 50)});
      }
    }
  }
  const std::vector<std::pair<Stage, int>> grades = {
      {Stage::kPrimary, 6}, {Stage::kJunior, 3}, {Stage::kGeneralSenior, 3}};
  for (int s = 0; s < schools; ++s) {
    std::string code = "S" + std::to_string(s);
    d.schools.push_back({code,
                         code,
                         "T" + std::to_string(s % towns),
                         {Stage::kPrimary, Stage::kJunior, Stage::kGeneralSenior},
                         0,
                         0});
    const double size = 20 + 80 * rnd();
    for (int y = 2015; y <= 2022; ++y) {
      for (const auto& [stage, n] : grades) {
        for (int g = 1; g <= n; ++g) {
          d.enrolment.push_back({code, y, stage, g, std::round(size * (0.9 + 0.2 * rnd()))});
        }
      }
      d.classrooms.push_back({code, y, 12 + static_cast<int>(rnd() * 20)});
      d.teachers.push_back({code, y, Stage::kPrimary, 8});
      d.teachers.push_back({code, y, Stage::kJunior, 6});
      d.teachers.push_back({code, y, Stage::kGeneralSenior, 6});
    }
  }
  return d;
}

double Ms(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace

int main() {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  auto data = Synthetic(10000, 200);
  auto t1 = Clock::now();
  auto input = zj::engine::MakeProjectionInput(data);
  auto t2 = Clock::now();
  if (!input.ok()) {
    std::fprintf(stderr, "input: %s\n", input.status().ToString().c_str());
    return 1;
  }
  auto scenario = zj::engine::DefaultScenario();
  if (!scenario.ok()) return 1;
  // A realistic error model so that intervals are computed too.
  zj::engine::ErrorModel errors;
  for (auto level :
       {zj::engine::Level::kCounty, zj::engine::Level::kTownship, zj::engine::Level::kSchool}) {
    auto& v = errors.by_lead[{level, "enrolment"}];
    for (int h = 1; h <= 5; ++h) v.push_back({-0.02 * h, 0.02 * h, 20});
  }
  zj::engine::ProjectionOptions o;
  o.base_year = 2022;
  o.horizon = 10;
  o.errors = &errors;
  std::vector<double> times, cpu;
  double students_2032 = 0;
  for (int run = 0; run < 7; ++run) {
    auto a = Clock::now();
    std::clock_t ca = std::clock();
    auto r = zj::engine::Project(*input, *scenario, o);
    std::clock_t cb = std::clock();
    auto b = Clock::now();
    cpu.push_back(1000.0 * (cb - ca) / CLOCKS_PER_SEC);
    if (!r.ok()) {
      std::fprintf(stderr, "project: %s\n", r.status().ToString().c_str());
      return 1;
    }
    students_2032 = r->county.years.back().students;
    times.push_back(Ms(a, b));
  }
  std::sort(times.begin(), times.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf("projection_bench: 10000 schools x 12 grades x 10 years, 200 townships\n");
  std::printf("  build plain data      %8.1f ms (%zu enrolment rows, %zu birth rows)\n", Ms(t0, t1),
              data.enrolment.size(), data.births.size());
  std::printf("  MakeProjectionInput   %8.1f ms\n", Ms(t1, t2));
  std::printf(
      "  Project (10 years)    min %.1f ms, median %.1f ms, max %.1f ms over %zu runs "
      "(target <= 200 ms)\n",
      times.front(), times[times.size() / 2], times.back(), times.size());
  std::printf(
      "  Project CPU time      min %.1f ms, median %.1f ms (wall time suffers on a shared "
      "machine)\n",
      cpu.front(), cpu[cpu.size() / 2]);
  std::printf("  county students 2032  %.0f\n", students_2032);
  // Backtest of 3 origins × 5 leads on the same input (no resources).
  zj::engine::BacktestOptions bo;
  bo.first_origin = 2017;
  bo.last_origin = 2019;
  auto a = Clock::now();
  auto rep = zj::engine::Backtest(*input, *scenario, bo);
  auto b = Clock::now();
  if (!rep.ok()) {
    std::fprintf(stderr, "backtest: %s\n", rep.status().ToString().c_str());
    return 1;
  }
  std::printf("  Backtest 3 origins    %8.1f ms\n", Ms(a, b));
  return std::min(times[times.size() / 2], cpu[cpu.size() / 2]) <= 200 ? 0 : 3;
}
