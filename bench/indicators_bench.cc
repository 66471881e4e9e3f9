// Indicator engine benchmark (prints figures):
//  1. demo county (zj::sim::GenerateDemo, 2015–2025): the whole catalog for every admin unit and
//     school and every school year — cold (snapshot load from SQLite + element pass + evaluation),
//     recomputed (elements from the in-memory snapshots again) and warm (elements cached);
//  2. the same county figures computed with plain SQL GROUP BY queries on the SQLite file
//     (sqlite3 directly, here only), checked equal to the engine's, with the time ratio;
//  3. the 40-county single-year dataset: the whole catalog for every unit, load + warm.
// Usage: indicators_bench [--db DEMO.db] [--big-db FORTY.db] [--dir DIR]
// Missing databases are generated into DIR (default: the temp directory) and kept for reruns.
// Wall and process-CPU seconds are both printed: trust CPU when the machine is shared.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "zj/engine/indicators.h"
#include "zj/sim/demo.h"
#include "zj/storage/open.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
using zj::engine::Engine;
using zj::engine::History;

struct Timer {
  Clock::time_point wall = Clock::now();
  std::clock_t cpu = std::clock();
  double Wall() const { return std::chrono::duration<double>(Clock::now() - wall).count(); }
  double Cpu() const { return static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC; }
};

void Check(const zj::Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s failed: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}

std::unique_ptr<zj::model::Store> OpenOrGenerate(const std::string& path, int counties, int first,
                                                 int last) {
  bool exists = fs::exists(path);
  zj::storage::OpenOptions opt;
  opt.create_if_missing = !exists;
  auto store = zj::storage::OpenStore(path, opt);
  Check(store.status(), "open store");
  if (!exists) {
    std::printf("generating %s (%d counties, %d–%d) …\n", path.c_str(), counties, first, last);
    Timer t;
    zj::sim::DemoOptions d;
    d.counties = counties;
    d.first_year = first;
    d.last_year = last;
    Check(zj::sim::GenerateDemo(d, **store), "GenerateDemo");
    std::printf("  generated in %.1f s\n", t.Wall());
  }
  return std::move(store).value();
}

// Runs the whole catalog for every admin unit and school of every year; returns the value count.
size_t EvaluateEverything(Engine& engine, const std::vector<int>& years) {
  size_t n = 0;
  for (int y : years) {
    auto all = engine.EvaluateAll(y, /*include_schools=*/true);
    Check(all.status(), "EvaluateAll");
    n += all->size();
  }
  return n;
}

// ---- plain SQL on the SQLite file ----

struct SqlFigures {
  std::map<std::pair<int, int>, int64_t> students_by_year_stage;
  std::map<int, int64_t> big_classes_by_year;
  std::map<std::pair<int, int>, int64_t> teachers_by_year_stage;
  std::map<std::pair<int, std::string>, int64_t> primary_by_year_township;
};

void Query(sqlite3* db, const char* sql, const std::function<void(sqlite3_stmt*)>& row) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "SQL error: %s\n", sqlite3_errmsg(db));
    std::exit(1);
  }
  while (sqlite3_step(st) == SQLITE_ROW) row(st);
  sqlite3_finalize(st);
}

SqlFigures RunSql(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "cannot open %s\n", path.c_str());
    std::exit(1);
  }
  SqlFigures f;
  // 在校生 by stage (status 4 = 休学 does not count).
  Query(db, "SELECT year, stage, COUNT(*) FROM enrolment WHERE status <> 4 GROUP BY year, stage",
        [&](sqlite3_stmt* s) {
          f.students_by_year_stage[{sqlite3_column_int(s, 0), sqlite3_column_int(s, 1)}] =
              sqlite3_column_int64(s, 2);
        });
  // 大班额: primary/junior classes with 56–65 enrolled rows.
  Query(db,
        "SELECT c.year, COUNT(*) FROM class c JOIN (SELECT class_id, school_code, COUNT(*) AS n "
        "FROM enrolment WHERE status <> 4 AND class_id <> 0 GROUP BY class_id, school_code) e "
        "ON e.class_id = c.id AND e.school_code = c.school_code "
        "WHERE c.stage IN (2, 3) AND e.n BETWEEN 56 AND 65 GROUP BY c.year",
        [&](sqlite3_stmt* s) {
          f.big_classes_by_year[sqlite3_column_int(s, 0)] = sqlite3_column_int64(s, 1);
        });
  // 专任教师 by stage.
  Query(db,
        "SELECT year, stage, COUNT(*) FROM teacher_year WHERE full_time = 1 GROUP BY year, stage",
        [&](sqlite3_stmt* s) {
          f.teachers_by_year_stage[{sqlite3_column_int(s, 0), sqlite3_column_int(s, 1)}] =
              sqlite3_column_int64(s, 2);
        });
  // 小学在校生 by township (roll-up through the school table).
  Query(db,
        "SELECT e.year, s.township_code, COUNT(*) FROM enrolment e JOIN school s "
        "ON s.code = e.school_code WHERE e.status <> 4 AND e.stage = 2 GROUP BY 1, 2",
        [&](sqlite3_stmt* s) {
          f.primary_by_year_township[{sqlite3_column_int(s, 0),
                                      reinterpret_cast<const char*>(sqlite3_column_text(s, 1))}] =
              sqlite3_column_int64(s, 2);
        });
  sqlite3_close(db);
  return f;
}

double Value(Engine& e, const char* code, const std::string& unit, int year) {
  auto v = e.Evaluate(code, unit, year);
  Check(v.status(), code);
  return v->value.value_or(-1);
}

}  // namespace

int main(int argc, char** argv) {
  std::string demo_path, big_path, dir = fs::temp_directory_path().string();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--db")
      demo_path = argv[i + 1];
    else if (a == "--big-db")
      big_path = argv[i + 1];
    else if (a == "--dir")
      dir = argv[i + 1];
  }
  if (demo_path.empty()) demo_path = dir + "/zj_indicators_bench_demo.db";
  if (big_path.empty()) big_path = dir + "/zj_indicators_bench_40.db";
  auto catalog = zj::engine::LoadCatalog();
  Check(catalog.status(), "LoadCatalog");

  // ---- 1. demo county, every year ----
  auto store = OpenOrGenerate(demo_path, 1, 2015, 2025);
  // From records (the cache is not read; the snapshots built are stored in it), then again from
  // the store's snapshot cache, which must give the same snapshots byte for byte.
  double load_wall = 0, load_cpu = 0;
  double records_wall = 0, records_cpu = 0;
  auto history = [&] {
    Timer from_records;
    auto built = zj::engine::LoadHistory(*store, {}, {.read_cache = false, .write_cache = true});
    Check(built.status(), "LoadHistory (from records)");
    records_wall = from_records.Wall();
    records_cpu = from_records.Cpu();
    Timer load;
    auto cached = zj::engine::LoadHistory(*store);
    Check(cached.status(), "LoadHistory");
    load_wall = load.Wall();
    load_cpu = load.Cpu();
    for (int y : built->years()) {
      const auto* c = cached->Find(y);
      if (c == nullptr ||
          zj::engine::SerializeSnapshot(*c) != zj::engine::SerializeSnapshot(*built->Find(y))) {
        std::fprintf(stderr, "cached snapshot of %d differs from the one built from records\n", y);
        std::exit(1);
      }
    }
    return cached;
  }();
  std::vector<int> years = history->years();
  const auto& h = history->hierarchy();
  size_t rows = 0;
  for (int y : years) rows += history->Find(y)->enrolments().size();
  std::printf("demo county: %zu years (%d–%d), %zu schools, %zu units, %zu enrolment rows\n",
              years.size(), years.front(), years.back(), h.school_count(), h.unit_count(), rows);
  std::printf(
      "  snapshot load from SQLite records (cache not read, then written): %.3f s wall, %.3f s "
      "CPU\n",
      records_wall, records_cpu);
  std::printf(
      "  snapshot load from SQLite's snapshot cache (identical snapshots): %.3f s wall, %.3f s "
      "CPU\n",
      load_wall, load_cpu);

  auto engine = Engine::Create(*catalog, *history);
  Check(engine.status(), "Engine::Create");
  Timer cold;
  size_t values = EvaluateEverything(*engine, years);
  double cold_wall = cold.Wall(), cold_cpu = cold.Cpu();
  std::printf(
      "  catalog: %zu indicators, %zu data elements; %zu values per pass "
      "(every admin unit and school × every year)\n",
      catalog->indicators().size(), engine->element_count(), values);
  std::printf(
      "  first pass (element pass over every snapshot + evaluation): %.1f ms wall, %.1f ms "
      "CPU\n",
      cold_wall * 1e3, cold_cpu * 1e3);
  std::printf(
      "  load + first pass: %.3f s wall from the cache (goal ≤ 1 s); %.3f s from records after a "
      "change to every year\n",
      load_wall + cold_wall, records_wall + cold_wall);
  constexpr int kRepeat = 5;
  Timer recompute;
  for (int i = 0; i < kRepeat; ++i) {
    engine->ClearCache();
    EvaluateEverything(*engine, years);
  }
  std::printf(
      "  recompute from in-memory snapshots (elements + evaluation): %.1f ms wall, %.1f ms "
      "CPU per pass\n",
      recompute.Wall() * 1e3 / kRepeat, recompute.Cpu() * 1e3 / kRepeat);
  // ZJ_BENCH_WARM_REPEAT=N repeats the warm pass N times (for profiling it with perf).
  const char* warm_env = std::getenv("ZJ_BENCH_WARM_REPEAT");
  const int warm_repeat = warm_env != nullptr ? std::max(1, std::atoi(warm_env)) : kRepeat;
  Timer warm;
  for (int i = 0; i < warm_repeat; ++i) EvaluateEverything(*engine, years);
  double warm_ms = warm.Wall() * 1e3 / warm_repeat;
  std::printf(
      "  warm (elements cached, evaluation only): %.1f ms wall, %.1f ms CPU per pass "
      "(goal ≤ 50 ms)\n",
      warm_ms, warm.Cpu() * 1e3 / warm_repeat);

  // ---- 2. plain SQL, same figures ----
  Timer sql;
  SqlFigures f = RunSql(demo_path);
  double sql_wall = sql.Wall();
  const std::string county = h.unit(h.roots().front()).code;
  int mismatches = 0, compared = 0;
  auto compare = [&](const char* what, double engine_value, double sql_value) {
    ++compared;
    if (engine_value != sql_value) {
      ++mismatches;
      std::printf("  MISMATCH %s: engine %.0f, SQL %.0f\n", what, engine_value, sql_value);
    }
  };
  Timer engine_same;
  for (int y : years) {
    compare("primary_enrolment", Value(*engine, "primary_enrolment", county, y),
            static_cast<double>(f.students_by_year_stage[{y, 2}]));
    compare("junior_enrolment", Value(*engine, "junior_enrolment", county, y),
            static_cast<double>(f.students_by_year_stage[{y, 3}]));
    compare("kindergarten_enrolment", Value(*engine, "kindergarten_enrolment", county, y),
            static_cast<double>(f.students_by_year_stage[{y, 1}]));
    compare("big_class_count", Value(*engine, "big_class_count", county, y),
            static_cast<double>(f.big_classes_by_year[y]));
    auto ptr = engine->Evaluate("pupil_teacher_ratio_primary", county, y);
    compare("primary teachers", ptr->denominator.value_or(-1),
            static_cast<double>(f.teachers_by_year_stage[{y, 2}]));
  }
  for (const auto& [key, n] : f.primary_by_year_township) {
    compare("primary_enrolment by township",
            Value(*engine, "primary_enrolment", key.second, key.first), static_cast<double>(n));
  }
  double engine_same_ms = engine_same.Wall() * 1e3;
  std::printf(
      "plain SQL GROUP BY (4 queries: students by stage, 大班额, 专任教师, 小学生 by "
      "township; all years): %.1f ms wall\n",
      sql_wall * 1e3);
  std::printf("  engine, the same %d figures (warm): %.2f ms; %d mismatches\n", compared,
              engine_same_ms, mismatches);
  std::printf(
      "  ratio SQL ÷ engine (same figures, warm): %.0f×; SQL ÷ whole catalog warm pass: "
      "%.1f×\n",
      sql_wall * 1e3 / std::max(engine_same_ms, 1e-3), sql_wall * 1e3 / warm_ms);

  // ---- 3. forty counties, one year ----
  auto big = OpenOrGenerate(big_path, 40, 2024, 2024);
  Timer big_load;
  auto big_history = zj::engine::LoadHistory(*big);
  Check(big_history.status(), "LoadHistory (40 counties)");
  double big_load_wall = big_load.Wall(), big_load_cpu = big_load.Cpu();
  std::vector<int> big_years = big_history->years();
  size_t big_rows = 0;
  for (int y : big_years) big_rows += big_history->Find(y)->enrolments().size();
  std::printf(
      "40 counties, %zu year(s): %zu schools, %zu units, %zu enrolment rows; load %.3f s "
      "wall, %.3f s CPU\n",
      big_years.size(), big_history->hierarchy().school_count(),
      big_history->hierarchy().unit_count(), big_rows, big_load_wall, big_load_cpu);
  auto big_engine = Engine::Create(*catalog, *big_history);
  Check(big_engine.status(), "Engine::Create (40 counties)");
  Timer big_first;
  size_t big_values = EvaluateEverything(*big_engine, big_years);
  std::printf("  first pass (elements + evaluation, %zu values): %.1f ms wall, %.1f ms CPU\n",
              big_values, big_first.Wall() * 1e3, big_first.Cpu() * 1e3);
  Timer big_recompute;
  big_engine->ClearCache();
  EvaluateEverything(*big_engine, big_years);
  std::printf("  recompute from in-memory snapshots: %.1f ms wall, %.1f ms CPU (goal ≤ 1 s)\n",
              big_recompute.Wall() * 1e3, big_recompute.Cpu() * 1e3);
  Timer big_warm;
  EvaluateEverything(*big_engine, big_years);
  std::printf("  warm (elements cached): %.1f ms wall, %.1f ms CPU\n", big_warm.Wall() * 1e3,
              big_warm.Cpu() * 1e3);
  return mismatches == 0 ? 0 : 1;
}
