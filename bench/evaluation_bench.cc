// Supervision evaluation benchmark (Google Benchmark).
//  - BM_Evaluate/10000: 优质均衡 of 10,000 synthetic schools (goal ≤ 200 ms);
//  - BM_EvaluateAll4/10000: all four frameworks of the same schools;
//  - BM_Remedy/N: the remediation MIP of one synthetic county of N schools (goal ≤ 2 s), and
//    BM_RemedyHeuristic/N the water-filling heuristic alone (counters: cost, the heuristic's cost,
//    the proven lower bound and the gap);
//  - with ZJ_EVAL_DB=FILE (e.g. the 40-county dataset: zhijiao demo --counties 40 --years
//    2020-2020): BM_DbExtractEvaluate (inputs from the snapshot of every school under the first
//    root unit + 优质均衡) and BM_DbRemedyCounty (the first county: MIP, heuristic, MIP with
//    ZJ_EVAL_REMEDY_SECONDS = 20 s), on recorded data.
// Synthetic schools: 60% 小学, 30% 初中, 10% 九年一贯制, 40–1500 students, resources drawn from
// 30% to 160% of the 优质均衡 standards (seeded, reproducible).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>

#include "zj/engine/evaluation.h"
#include "zj/storage/open.h"

namespace {

using namespace zj::engine;

EvalConfig Load(const char* overrides) {
  auto c = LoadEvalConfig(overrides);
  if (!c.ok()) {
    std::fprintf(stderr, "%s\n", c.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(c).value();
}

// The built-in frameworks (remediation: the MIP, 1.5 s CPU budget).
const EvalConfig& Config() {
  static const EvalConfig config = Load("");
  return config;
}

// The water-filling heuristic alone (the method before the MIP), for comparison.
const EvalConfig& HeuristicConfig() {
  static const EvalConfig config = Load(R"({"remedy": {"method": "heuristic"}})");
  return config;
}

// The MIP with a longer budget (ZJ_EVAL_REMEDY_SECONDS, default 20 s): how far the default
// budget is from the optimum.
const EvalConfig& LongConfig() {
  static const EvalConfig config = [] {
    const char* s = std::getenv("ZJ_EVAL_REMEDY_SECONDS");
    std::string o = std::string(R"({"remedy": {"time_limit_seconds": )") + (s ? s : "20") + "}}";
    return Load(o.c_str());
  }();
  return config;
}

void RemedyCounters(benchmark::State& state, const RemedyPlan& plan, bool passes) {
  state.counters["cost_yuan"] = plan.total_cost;
  state.counters["heuristic_yuan"] = plan.optimality.heuristic_cost;
  state.counters["lower_bound_yuan"] = plan.optimality.lower_bound;
  state.counters["gap"] = plan.optimality.gap;
  state.counters["lp_rounds"] = plan.optimality.lp_iterations;
  state.counters["mip_rounds"] = plan.optimality.iterations;
  state.counters["after_passes"] = passes ? 1 : 0;
}

EvalInput Synthetic(int schools, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.3, 1.6);
  std::uniform_int_distribution<int> n(40, 1500), kind(0, 9), grade(0, 60);
  EvalInput in;
  in.year = 2020;
  in.unit_code = "bench";
  in.unit_name = "bench";
  for (int j = 0; j < schools; ++j) {
    SchoolInput s;
    s.code = std::to_string(5000000000LL + j);
    s.name = "学校" + std::to_string(j);
    const int k = kind(rng);
    s.type_code = k < 6 ? 211 : (k < 9 ? 311 : 312);
    if (s.type_code != 311) s.students[2] = n(rng);
    if (s.type_code != 211) s.students[3] = n(rng) / 2 + 20;
    const double st = s.students[2] + s.students[3];
    auto& r = s.resources;
    r[0] = std::round(st * 0.05 * u(rng));
    r[1] = std::round(r[0] * 0.8);
    r[2] = std::round(st * 0.01 * u(rng));
    r[3] = std::round(st * 0.009 * u(rng));
    r[4] = st * 5 * u(rng);
    r[5] = st * 9 * u(rng) * u(rng);
    r[6] = st * 2200 * u(rng);
    r[7] = std::round(st * 0.024 * u(rng));
    r[8] = std::round(st * 0.12 * u(rng));
    r[9] = std::round(st * 30 * u(rng));
    r[10] = std::round(st / 16 * u(rng));
    r[11] = std::round(st / 40 * u(rng));
    for (int stage : {2, 3}) {
      if (s.students[stage] <= 0) continue;
      ClassSummary& c = s.classes[stage];
      c.classes = static_cast<int>(s.students[stage] / 42) + 1;
      c.max_size = 35 + grade(rng);
      c.over_standard = c.max_size > 45 ? 1 : 0;
      c.big = c.max_size >= 56 && c.max_size < 66 ? 1 : 0;
      c.super_big = c.max_size >= 66 ? 1 : 0;
    }
    in.schools.push_back(std::move(s));
  }
  return in;
}

void BM_Evaluate(benchmark::State& state) {
  EvalInput in = Synthetic(static_cast<int>(state.range(0)), 7);
  for (auto _ : state) {
    Evaluation e = Evaluate(Framework::kYz2017, in, Config());
    benchmark::DoNotOptimize(e);
  }
  state.counters["schools"] = static_cast<double>(in.schools.size());
}
BENCHMARK(BM_Evaluate)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_EvaluateAll4(benchmark::State& state) {
  EvalInput in = Synthetic(static_cast<int>(state.range(0)), 7);
  for (auto _ : state) {
    for (Framework f :
         {Framework::kYz2017, Framework::kJb2012, Framework::kXq2020, Framework::kClassSize}) {
      Evaluation e = Evaluate(f, in, Config());
      benchmark::DoNotOptimize(e);
    }
  }
}
BENCHMARK(BM_EvaluateAll4)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_EvaluateJson(benchmark::State& state) {
  EvalInput in = Synthetic(static_cast<int>(state.range(0)), 7);
  for (auto _ : state) {
    std::string j = EvaluationJson(Evaluate(Framework::kYz2017, in, Config()));
    benchmark::DoNotOptimize(j);
  }
}
BENCHMARK(BM_EvaluateJson)->Arg(10000)->Unit(benchmark::kMillisecond);

void RunRemedy(benchmark::State& state, const EvalInput& in, const EvalConfig& config) {
  std::optional<RemedyPlan> last;
  bool passes = true;
  for (auto _ : state) {
    auto plan = Remedy(in, config);
    if (!plan.ok()) {
      state.SkipWithError(plan.status().ToString().c_str());
      return;
    }
    for (const StageResult& s : plan->after.stages) passes = passes && s.pass;
    last = std::move(plan).value();
  }
  if (last) RemedyCounters(state, *last, passes);
  state.counters["schools"] = static_cast<double>(in.schools.size());
}

void BM_Remedy(benchmark::State& state) {
  RunRemedy(state, Synthetic(static_cast<int>(state.range(0)), 11), Config());
}
BENCHMARK(BM_Remedy)->Arg(300)->Arg(1000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

void BM_RemedyHeuristic(benchmark::State& state) {
  RunRemedy(state, Synthetic(static_cast<int>(state.range(0)), 11), HeuristicConfig());
}
BENCHMARK(BM_RemedyHeuristic)
    ->Arg(300)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();

// ---- recorded data (ZJ_EVAL_DB) ----

struct DbData {
  std::unique_ptr<History> history;
  int year = 0;
  std::string root, county;
};

DbData* Db() {
  static DbData* data = []() -> DbData* {
    const char* path = std::getenv("ZJ_EVAL_DB");
    if (!path) return nullptr;
    zj::storage::OpenOptions opt;
    opt.read_only = true;
    auto store = zj::storage::OpenStore(path, opt);
    if (!store.ok()) return nullptr;
    auto years = (*store)->ListYears();
    if (!years.ok() || years->empty()) return nullptr;
    auto h = LoadHistory(**store, {years->back()});
    if (!h.ok()) return nullptr;
    auto* d = new DbData;
    d->year = years->back();
    d->history = std::make_unique<History>(std::move(h).value());
    const Hierarchy& hi = d->history->hierarchy();
    d->root = hi.unit(hi.roots().front()).code;
    for (int u : hi.admin_units()) {
      if (hi.unit(u).kind == UnitKind::kCounty) {
        d->county = hi.unit(u).code;
        break;
      }
    }
    return d;
  }();
  return data;
}

void BM_DbExtractEvaluate(benchmark::State& state) {
  DbData* d = Db();
  if (!d) {
    state.SkipWithError("set ZJ_EVAL_DB");
    return;
  }
  size_t schools = 0;
  for (auto _ : state) {
    auto in = ExtractEvalInput(*d->history, d->year, d->root, Config());
    schools = in->schools.size();
    Evaluation e = Evaluate(Framework::kYz2017, *in, Config());
    benchmark::DoNotOptimize(e);
  }
  state.counters["schools"] = static_cast<double>(schools);
}
BENCHMARK(BM_DbExtractEvaluate)->Unit(benchmark::kMillisecond);

void BM_DbEvaluateOnly(benchmark::State& state) {
  DbData* d = Db();
  if (!d) {
    state.SkipWithError("set ZJ_EVAL_DB");
    return;
  }
  auto in = ExtractEvalInput(*d->history, d->year, d->root, Config());
  for (auto _ : state) {
    Evaluation e = Evaluate(Framework::kYz2017, *in, Config());
    benchmark::DoNotOptimize(e);
  }
  state.counters["schools"] = static_cast<double>(in->schools.size());
}
BENCHMARK(BM_DbEvaluateOnly)->Unit(benchmark::kMillisecond);

// The first county of ZJ_EVAL_DB with the default MIP budget, the heuristic alone, and the MIP
// with a long budget (one iteration).
void BM_DbRemedyCounty(benchmark::State& state) {
  DbData* d = Db();
  if (!d) {
    state.SkipWithError("set ZJ_EVAL_DB");
    return;
  }
  const EvalConfig& config =
      state.range(0) == 0 ? Config() : (state.range(0) == 1 ? HeuristicConfig() : LongConfig());
  auto in = ExtractEvalInput(*d->history, d->year, d->county, config);
  RunRemedy(state, *in, config);
}
BENCHMARK(BM_DbRemedyCounty)
    ->ArgName("mip0_heuristic1_long2")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();
BENCHMARK(BM_DbRemedyCounty)
    ->ArgName("mip0_heuristic1_long2")
    ->Arg(2)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();

}  // namespace

BENCHMARK_MAIN();
