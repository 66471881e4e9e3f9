// Import benchmark (prints figures; not run by ctest): 1,000,000 student rows from CSV validated
// and imported into a fresh SQLite database, a 100,000-row xlsx exported and read back, and the
// peak resident memory of the process (getrusage). Targets: ≤ 10 s, ≤ 2 s, ≤ 300 MB.
//   build-*/bench/io_bench [ROWS] [DIR] [csv]
// With "csv" only the CSV import and re-import run (for `perf record`).
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "zj/common/id_number.h"
#include "zj/io/exporter.h"
#include "zj/io/importer.h"
#include "zj/io/xlsx_reader.h"
#include "zj/storage/import_log.h"
#include "zj/storage/sqlite_store.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

// CPU seconds (user + system) used by the process so far: meaningful on a shared machine.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long MaxRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

int Die(const zj::Status& s) {
  std::fprintf(stderr, "io_bench: %s\n", s.ToString().c_str());
  return 1;
}

// Writes `n` student rows (primary, 45 per class, 400 schools) and the schools file.
void WriteInputs(const std::string& dir, int64_t n) {
  std::ofstream schools(dir + "/schools.csv");
  schools << "学校标识码,学校名称,办学类型,所在乡镇街道,城乡分类\n";
  for (int s = 0; s < 400; ++s) {
    char code[16];
    std::snprintf(code, sizeof code, "5002%06d", s);
    schools << code << ",测试小学" << s << ",小学,50023500" << (1 + s % 4) << ",111\n";
  }
  std::ofstream out(dir + "/students.csv");
  out << "学校标识码,姓名,性别,出生日期,民族,身份证件号,学段,年级,班级\n";
  for (int64_t i = 0; i < n; ++i) {
    int grade = static_cast<int>(i % 6) + 1;
    zj::Date birth{2024 - 6 - grade + 1, static_cast<int>(i % 12) + 1,
                   static_cast<int>(i % 28) + 1};
    // Unique numbers: the address code varies with i / 999 so that (address, birth, sequence)
    // never repeats.
    char addr[8];
    std::snprintf(addr, sizeof addr, "5%05lld", static_cast<long long>((i / 999) % 100000));
    std::string id = zj::MakeIdNumber(addr, birth, static_cast<int>(i % 999) + 1);
    char code[16];
    std::snprintf(code, sizeof code, "5002%06d", static_cast<int>(i % 400));
    bool male = (id[16] - '0') % 2 == 1;
    out << code << ",学生" << i << "," << (male ? "男" : "女") << "," << birth.ToString()
        << ",汉族," << id << ",小学," << grade << "," << grade << "年级（" << (i / 2400) % 10 + 1
        << "）班\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  int64_t rows = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  std::string dir = argc > 2 ? argv[2]
                             : std::filesystem::temp_directory_path().string() + "/zj_io_bench_" +
                                   std::to_string(getpid());
  std::filesystem::create_directories(dir);
  WriteInputs(dir, rows);
  std::printf("input: %lld student rows, %.1f MB CSV\n", static_cast<long long>(rows),
              std::filesystem::file_size(dir + "/students.csv") / 1e6);

  auto store = zj::storage::SqliteStore::Open(dir + "/bench.sqlite", {.create_if_missing = true});
  if (!store.ok()) return Die(store.status());
  zj::model::DatabaseInfo info;
  info.county_code = "500235";
  (void)(*store)->SetInfo(info);
  auto log = zj::storage::NewSqliteImportLog(**store);
  zj::io::ImportOptions o;
  o.table = "schools";
  auto s = zj::io::ImportFile(**store, *log, dir + "/schools.csv", o);
  if (!s.ok() || !s->written) return Die(s.ok() ? zj::Status::Internal("schools") : s.status());

  long rss_before = MaxRssMb();
  o.table = "students";
  o.year = 2024;
  auto t0 = std::chrono::steady_clock::now();
  double c0 = CpuSeconds();
  auto r = zj::io::ImportFile(**store, *log, dir + "/students.csv", o);
  double import_s = Seconds(t0), import_cpu = CpuSeconds() - c0;
  if (!r.ok()) return Die(r.status());
  std::printf("csv import: %lld rows read, %lld added, %lld errors, %lld warnings, written=%d\n",
              static_cast<long long>(r->rows_read), static_cast<long long>(r->rows_added),
              static_cast<long long>(r->errors), static_cast<long long>(r->warnings), r->written);
  if (r->errors > 0 && !r->issues.empty()) {
    std::printf("  first issue: %s %s\n", r->issues[0].code.c_str(), r->issues[0].message.c_str());
  }
  std::printf(
      "csv import: %.2f s wall, %.2f s CPU (%.0f rows/s); peak RSS %ld MB (before %ld MB)\n",
      import_s, import_cpu, rows / import_s, MaxRssMb(), rss_before);

  t0 = std::chrono::steady_clock::now();
  auto again = zj::io::ImportFile(**store, *log, dir + "/students.csv", o);
  double again_s = Seconds(t0);
  if (again.ok()) {
    std::printf("re-import (unchanged): %.2f s, %lld unchanged; peak RSS %ld MB\n", again_s,
                static_cast<long long>(again->rows_unchanged), MaxRssMb());
  }
  if (argc > 3 && std::string(argv[3]) == "csv") {
    std::filesystem::remove_all(dir);
    return 0;
  }

  // A 100,000-row xlsx written by the exporter from a second database, then read back.
  zj::io::ExportOptions e{"students", 2024, "", true};
  std::string xlsx = dir + "/export.xlsx";
  int64_t small_rows = std::min<int64_t>(rows, 100'000);
  {
    std::string sdir = dir + "/small";
    std::filesystem::create_directories(sdir);
    WriteInputs(sdir, small_rows);
    auto small = zj::storage::SqliteStore::Open(sdir + "/db.sqlite", {.create_if_missing = true});
    if (!small.ok()) return Die(small.status());
    (void)(*small)->SetInfo(info);
    auto slog = zj::storage::NewSqliteImportLog(**small);
    zj::io::ImportOptions so;
    so.table = "schools";
    (void)zj::io::ImportFile(**small, *slog, sdir + "/schools.csv", so);
    so.table = "students";
    so.year = 2024;
    (void)zj::io::ImportFile(**small, *slog, sdir + "/students.csv", so);
    t0 = std::chrono::steady_clock::now();
    auto ex = zj::io::ExportTable(**small, e, xlsx);
    if (!ex.ok()) return Die(ex.status());
    std::printf("xlsx export: %lld rows in %.2f s, %.1f MB\n", static_cast<long long>(ex->rows),
                Seconds(t0), std::filesystem::file_size(xlsx) / 1e6);
  }
  t0 = std::chrono::steady_clock::now();
  c0 = CpuSeconds();
  auto wb = zj::io::XlsxWorkbook::Open(xlsx);
  if (!wb.ok()) return Die(wb.status());
  auto src = (*wb)->OpenSheet(0);
  if (!src.ok()) return Die(src.status());
  zj::io::SheetRow row;
  int64_t n = 0, cells = 0;
  while (true) {
    auto more = (*src)->Next(&row);
    if (!more.ok()) return Die(more.status());
    if (!*more) break;
    ++n;
    cells += static_cast<int64_t>(row.cells.size());
  }
  std::printf("xlsx read: %lld rows (%lld cells) in %.2f s wall, %.2f s CPU\n",
              static_cast<long long>(n), static_cast<long long>(cells), Seconds(t0),
              CpuSeconds() - c0);
  o.check_only = true;
  t0 = std::chrono::steady_clock::now();
  auto chk = zj::io::ImportFile(**store, *log, xlsx, o);
  if (chk.ok()) {
    std::printf("xlsx validate (--check, %lld rows): %.2f s\n",
                static_cast<long long>(chk->rows_read), Seconds(t0));
  }
  std::printf("peak RSS of the whole run: %ld MB\n", MaxRssMb());
  std::filesystem::remove_all(dir);
  return 0;
}
