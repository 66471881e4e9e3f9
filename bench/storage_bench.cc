// Storage benchmark (prints figures): writes a county-sized registry — 400 schools, 200,000
// students and 2,200,000 enrolment rows (11 school years × 200,000) — into a fresh SQLite file,
// then reads one school year back as the engine's snapshot loader does, and reports rows/s,
// read times and the file size. Usage: storage_bench [directory] (default: the temp directory).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "zj/storage/sqlite_store.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
using zj::model::Enrolment;
using zj::model::School;
using zj::model::Student;

constexpr int kSchools = 400;
constexpr int kStudents = 200'000;
constexpr int kFirstYear = 2014;
constexpr int kYears = 11;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}
// Process CPU seconds: the figure to trust when the machine is shared with other work.
double CpuSeconds(std::clock_t since) {
  return static_cast<double>(std::clock() - since) / CLOCKS_PER_SEC;
}

void Check(const zj::Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s failed: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}

std::string SchoolCode(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "21500%05d", i);
  return buf;
}

std::vector<School> MakeSchools() {
  std::vector<School> v;
  for (int i = 0; i < kSchools; ++i) {
    School s;
    s.code = SchoolCode(i);
    s.name = "第" + std::to_string(i) + "小学";
    s.type_code = 211;
    s.township_code = "500235" + std::to_string(100 + i % 40);
    v.push_back(s);
  }
  return v;
}

std::vector<Student> MakeStudents() {
  std::vector<Student> v;
  v.reserve(kStudents);
  for (int i = 0; i < kStudents; ++i) {
    Student s;
    s.id = 1'000'000 + i;
    char idn[24];
    std::snprintf(idn, sizeof idn, "500235%04d%02d%02d%04d", 2005 + i % 12, 1 + i % 12, 1 + i % 28,
                  i % 10000);
    s.id_number = idn;
    s.name = i % 2 ? "张小明" : "欧阳娜娜";
    s.gender = i % 2 ? zj::model::Gender::kMale : zj::model::Gender::kFemale;
    s.birth_date = {2005 + i % 12, 1 + i % 12, 1 + i % 28};
    s.hukou_township = "500235" + std::to_string(100 + i % 40);
    s.migrant = i % 9 == 0;
    s.left_behind = i % 7 == 0;
    v.push_back(std::move(s));
  }
  return v;
}

std::vector<Enrolment> MakeEnrolments(int year, const std::vector<School>& schools) {
  std::vector<Enrolment> v;
  v.reserve(kStudents);
  for (int i = 0; i < kStudents; ++i) {
    Enrolment e;
    e.student_id = 1'000'000 + i;
    e.year = year;
    e.school_code = schools[static_cast<size_t>(i % kSchools)].code;
    e.class_id = year * 100'000LL + i / 45;
    e.stage = zj::model::Stage::kPrimary;
    e.grade = 1 + (i + year) % 6;
    e.status = i % 50 == 0 ? zj::model::EnrolmentStatus::kTransferredIn
                           : zj::model::EnrolmentStatus::kEnrolled;
    if (i % 50 == 0) e.prev_school_code = schools[static_cast<size_t>((i + 1) % kSchools)].code;
    v.push_back(std::move(e));
  }
  return v;
}

uintmax_t SizeOr0(const fs::path& p) {
  std::error_code ec;
  auto n = fs::file_size(p, ec);
  return ec ? 0 : n;
}

// Writes the registry into a fresh file with enrolment batches of `batch` rows; returns the path.
fs::path WriteCounty(const fs::path& dir, const std::string& name, size_t batch,
                     const std::vector<School>& schools, const std::vector<Student>& students,
                     const std::vector<std::vector<Enrolment>>& years) {
  fs::path path = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  auto store = zj::storage::SqliteStore::Open(path.string(), {.create_if_missing = true});
  Check(store.status(), "open");
  Check((*store)->PutSchools(schools), "PutSchools");

  auto t0 = Clock::now();
  std::clock_t c0 = std::clock();
  Check((*store)->PutStudents(students), "PutStudents");
  double student_s = Seconds(t0);
  double student_cpu = CpuSeconds(c0);

  std::vector<std::vector<Enrolment>> batches;  // sliced before the clock starts
  for (const auto& year : years) {
    for (size_t i = 0; i < year.size(); i += batch) {
      size_t end = std::min(year.size(), i + batch);
      batches.emplace_back(year.begin() + static_cast<long>(i),
                           year.begin() + static_cast<long>(end));
    }
  }
  size_t rows = 0;
  auto t1 = Clock::now();
  std::clock_t c1 = std::clock();
  for (const auto& part : batches) {
    Check((*store)->PutEnrolments(part), "PutEnrolments");
    rows += part.size();
  }
  double enrol_s = Seconds(t1);
  double enrol_cpu = CpuSeconds(c1);
  std::printf("  enrolment batches of %zu rows:\n", batch);
  std::printf("    students   %9d rows: wall %6.2f s = %8.0f rows/s | cpu %6.2f s = %8.0f rows/s\n",
              kStudents, student_s, kStudents / student_s, student_cpu, kStudents / student_cpu);
  std::printf(
      "    enrolments %9zu rows: wall %6.2f s = %8.0f rows/s | cpu %6.2f s = %8.0f rows/s\n", rows,
      enrol_s, rows / enrol_s, enrol_cpu, rows / enrol_cpu);
  return path;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path() / "zj_storage_bench";
  fs::create_directories(dir);
  std::printf("storage_bench: %d schools, %d students, %d years x %d enrolments, dir %s\n",
              kSchools, kStudents, kYears, kStudents, dir.c_str());

  auto schools = MakeSchools();
  auto students = MakeStudents();
  std::vector<std::vector<Enrolment>> years;
  for (int y = 0; y < kYears; ++y) years.push_back(MakeEnrolments(kFirstYear + y, schools));

  std::printf("write (fresh file, one transaction per Put call):\n");
  fs::path path = WriteCounty(dir, "bench_county.db", kStudents, schools, students, years);
  fs::path small = WriteCounty(dir, "bench_county_10k.db", 10'000, schools, students, years);
  fs::remove(small);

  const int year = kFirstYear + 6;
  {  // the store closes at the end of this block (WAL checkpointed)
    auto store = zj::storage::SqliteStore::Open(path.string(), {.read_only = true});
    Check(store.status(), "reopen");
    std::printf("read (reopened read-only):\n");
    for (int round = 1; round <= 2; ++round) {
      auto t = Clock::now();
      std::clock_t c = std::clock();
      auto rows = (*store)->ListEnrolments(year);
      Check(rows.status(), "ListEnrolments");
      double s = Seconds(t);
      std::printf("  ListEnrolments(%d) #%d: %zu rows, wall %.1f ms, cpu %.1f ms\n", year, round,
                  rows->size(), s * 1e3, CpuSeconds(c) * 1e3);
    }
    {
      auto t = Clock::now();
      auto rows = (*store)->ListStudents(year);
      Check(rows.status(), "ListStudents");
      std::printf("  ListStudents(%d): %zu rows in %.1f ms\n", year, rows->size(),
                  Seconds(t) * 1e3);
    }
    {
      auto t = Clock::now();
      auto ys = (*store)->ListYears();
      Check(ys.status(), "ListYears");
      std::printf("  ListYears: %zu years in %.2f ms\n", ys->size(), Seconds(t) * 1e3);
    }
    {
      auto t = Clock::now();
      auto c = (*store)->Counts();
      Check(c.status(), "Counts");
      std::printf("  Counts: %lld enrolments, %lld students in %.1f ms\n",
                  static_cast<long long>(c->enrolments), static_cast<long long>(c->students),
                  Seconds(t) * 1e3);
    }
  }
  std::printf("file: %s %.1f MiB (wal %.1f MiB)\n", path.c_str(), SizeOr0(path) / 1048576.0,
              SizeOr0(path.string() + "-wal") / 1048576.0);
  return 0;
}
