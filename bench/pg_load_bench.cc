// PostgreSQL vs SQLite (prints figures): a county's SQLite database is copied into PostgreSQL two
// ways — `zhijiao migrate`'s COPY path, and the Store's Put* calls (one unnest() statement per
// call) inside one transaction — then the engine's snapshot loading (LoadHistory: every school
// year, as `zhijiao serve` and the CLI do at start) is timed on both stores, from records and
// from the snapshot cache. Usage: pg_load_bench COUNTY.db EMPTY_PG_URL_1 EMPTY_PG_URL_2
// (bench/pg_load.sh makes the demo county and a throw-away cluster and runs it).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "zj/engine/snapshot.h"
#include "zj/storage/pg_copy.h"
#include "zj/storage/pg_store.h"
#include "zj/storage/sqlite_store.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}
double CpuSeconds(std::clock_t since) {
  return static_cast<double>(std::clock() - since) / CLOCKS_PER_SEC;
}

void Check(const zj::Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s failed: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}

// Median wall and cpu seconds of `runs` LoadHistory calls, and the enrolment rows loaded.
void TimeLoad(const char* label, zj::model::Store& store, const zj::engine::LoadOptions& options,
              int runs) {
  std::vector<double> wall, cpu;
  int64_t rows = 0;
  size_t years = 0;
  for (int i = 0; i < runs; ++i) {
    auto t = Clock::now();
    std::clock_t c = std::clock();
    auto h = zj::engine::LoadHistory(store, {}, options);
    Check(h.status(), label);
    wall.push_back(Seconds(t));
    cpu.push_back(CpuSeconds(c));
    years = h->years().size();
    rows = 0;
    for (int y : h->years()) rows += static_cast<int64_t>(h->Find(y)->enrolments().size());
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf("  %-34s %zu years, %lld enrolment rows: wall %.2f s (median of %d), cpu %.2f s\n",
              label, years, static_cast<long long>(rows), wall[wall.size() / 2], runs,
              cpu[cpu.size() / 2]);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: pg_load_bench COUNTY.db EMPTY_PG_URL_1 EMPTY_PG_URL_2\n");
    return 2;
  }
  const std::string file = argv[1], url_copy = argv[2], url_put = argv[3];

  std::printf("copy into PostgreSQL:\n");
  auto t = Clock::now();
  auto report = zj::storage::CopySqliteToPostgres(file, url_copy);
  Check(report.status(), "CopySqliteToPostgres");
  std::printf(
      "  COPY (zhijiao migrate), all 25 tables: %lld rows in %.2f s (%.0f rows/s), "
      "compared in %.2f s, %s\n",
      static_cast<long long>(report->rows_copied), report->copy_seconds,
      static_cast<double>(report->rows_copied) / report->copy_seconds, report->compare_seconds,
      report->identical() ? "identical" : "DIFFERENT");

  auto sqlite = zj::storage::SqliteStore::Open(file, {.read_only = true});
  Check(sqlite.status(), "open SQLite");
  auto records = zj::engine::ReadRecordSet(**sqlite);
  Check(records.status(), "ReadRecordSet");
  const zj::engine::RecordSet& r = *records;
  const int64_t registry_rows = static_cast<int64_t>(
      r.admin_units.size() + r.schools.size() + r.facilities.size() + r.classes.size() +
      r.students.size() + r.enrolments.size() + r.health_records.size() + r.teachers.size() +
      r.teacher_years.size() + r.population.size() + r.births.size() + r.data_values.size());
  auto pg_put = zj::storage::PgStore::Open(url_put, {.create_if_missing = true});
  Check(pg_put.status(), "open PostgreSQL");
  zj::storage::PgStore& p = **pg_put;
  t = Clock::now();
  std::clock_t c = std::clock();
  Check(p.RunInTransaction([&]() -> zj::Status {
    ZJ_RETURN_IF_ERROR(p.PutAdminUnits(r.admin_units));
    ZJ_RETURN_IF_ERROR(p.PutSchools(r.schools));
    ZJ_RETURN_IF_ERROR(p.PutFacilities(r.facilities));
    ZJ_RETURN_IF_ERROR(p.PutClasses(r.classes));
    ZJ_RETURN_IF_ERROR(p.PutStudents(r.students));
    ZJ_RETURN_IF_ERROR(p.PutEnrolments(r.enrolments));
    ZJ_RETURN_IF_ERROR(p.PutHealthRecords(r.health_records));
    ZJ_RETURN_IF_ERROR(p.PutTeachers(r.teachers));
    ZJ_RETURN_IF_ERROR(p.PutTeacherYears(r.teacher_years));
    ZJ_RETURN_IF_ERROR(p.PutPopulation(r.population));
    ZJ_RETURN_IF_ERROR(p.PutBirths(r.births));
    return p.PutDataValues(r.data_values);
  }),
        "Put* in one transaction");
  double put_s = Seconds(t);
  std::printf(
      "  Put* (unnest, one statement per call), 12 registry tables: %lld rows in %.2f s "
      "(%.0f rows/s), client cpu %.2f s\n",
      static_cast<long long>(registry_rows), put_s, static_cast<double>(registry_rows) / put_s,
      CpuSeconds(c));

  auto pg = zj::storage::PgStore::Open(url_copy, {.read_only = true});
  Check(pg.status(), "open PostgreSQL read-only");
  std::printf("LoadHistory from records (snapshot cache off):\n");
  const zj::engine::LoadOptions records_only{.read_cache = false, .write_cache = false};
  TimeLoad("SQLite", **sqlite, records_only, 3);
  TimeLoad("PostgreSQL", **pg, records_only, 3);

  // The cache needs a writable store: fill it once through read-write stores (a copy of the
  // SQLite file, so the input stays as it was), then time reads.
  std::printf("LoadHistory from the snapshot cache:\n");
  const std::string cache_file = file + ".cache.db";
  std::filesystem::copy_file(file, cache_file, std::filesystem::copy_options::overwrite_existing);
  {
    auto sqlite_rw = zj::storage::SqliteStore::Open(cache_file);
    Check(sqlite_rw.status(), "open the SQLite copy read-write");
    Check(zj::engine::LoadHistory(**sqlite_rw).status(), "fill the SQLite cache");
  }
  auto pg_rw = zj::storage::PgStore::Open(url_copy);
  Check(pg_rw.status(), "open PostgreSQL read-write");
  Check(zj::engine::LoadHistory(**pg_rw).status(), "fill the PostgreSQL cache");
  const zj::engine::LoadOptions cached{.read_cache = true, .write_cache = false};
  {
    auto sqlite_cached = zj::storage::SqliteStore::Open(cache_file, {.read_only = true});
    Check(sqlite_cached.status(), "reopen the SQLite copy");
    TimeLoad("SQLite", **sqlite_cached, cached, 3);
  }
  TimeLoad("PostgreSQL", **pg, cached, 3);
  std::filesystem::remove(cache_file);
  return 0;
}
