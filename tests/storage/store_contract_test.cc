// The Store contract (zj/model/store.h) as one typed test suite, run against MemoryStore,
// SqliteStore and PgStore (a throw-away PostgreSQL cluster, pg_cluster.h) alike: round trips of
// every record type, upserts, ordering, year filters, lookups, counts, transactions (rollback on
// error and on a reference violation) and metadata.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "pg_cluster.h"
#include "store_fixture.h"
#include "temp_dir.h"
#include "zj/storage/memory_store.h"
#include "zj/storage/open.h"
#include "zj/storage/pg_store.h"
#include "zj/storage/sqlite_store.h"

namespace zj::storage {
namespace {

using testing::CountyFixture;
using testing::D;
using testing::DumpAll;
using testing::kFixtureYears;
using testing::MakeCountyFixture;
using testing::PutCountyFixture;

struct MemoryFactory {
  std::unique_ptr<model::Store> Make() { return std::make_unique<MemoryStore>(); }
};

struct SqliteFactory {
  testing::TempDir dir;
  std::unique_ptr<model::Store> Make() {
    auto store = SqliteStore::Open(dir.File("county.db"), {.create_if_missing = true});
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
};

// A new database of the test binary's cluster per store.
struct PgFactory {
  static constexpr bool kNeedsPg = true;
  std::unique_ptr<model::Store> Make() {
    std::string url = testing::PgCluster::Get().NewDatabase();
    if (url.empty()) return nullptr;
    auto store = PgStore::Open(url, {.create_if_missing = true});
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
};

template <typename Factory>
class StoreContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if constexpr (requires { Factory::kNeedsPg; }) ZJ_REQUIRE_PG_CLUSTER();
    store_ = factory_.Make();
    ASSERT_NE(store_, nullptr);
  }
  void PutFixture() { ASSERT_TRUE(PutCountyFixture(*store_, fixture_).ok()); }
  std::vector<std::string> Dump() { return DumpAll(*store_, kFixtureYears); }

  Factory factory_;
  std::unique_ptr<model::Store> store_;
  const CountyFixture fixture_ = MakeCountyFixture();
};

using StoreTypes = ::testing::Types<MemoryFactory, SqliteFactory, PgFactory>;
class StoreNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    if (std::is_same_v<T, MemoryFactory>) return "Memory";
    return std::is_same_v<T, SqliteFactory> ? "Sqlite" : "Postgres";
  }
};
TYPED_TEST_SUITE(StoreContractTest, StoreTypes, StoreNames);

// Unwraps a Result in a test (fails the test on error).
template <typename T>
T Must(Result<T> r) {
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : T{};
}

TYPED_TEST(StoreContractTest, EmptyStoreListsNothing) {
  model::Store& s = *this->store_;
  EXPECT_TRUE(Must(s.ListAdminUnits()).empty());
  EXPECT_TRUE(Must(s.ListSchools()).empty());
  EXPECT_TRUE(Must(s.ListStudents(0)).empty());
  EXPECT_TRUE(Must(s.ListStudents(2021)).empty());
  EXPECT_TRUE(Must(s.ListEnrolments(2021)).empty());
  EXPECT_TRUE(Must(s.ListYears()).empty());
  EXPECT_FALSE(Must(s.GetSchool("2150000001")).has_value());
  EXPECT_FALSE(Must(s.FindStudentByIdNumber("50023520130228002X")).has_value());
  EXPECT_EQ(D(Must(s.Counts())), "Counts{0,0,0,0,0,0,0,0,0,0,0,0}");
  EXPECT_TRUE(s.PutEnrolments({}).ok());
}

// Every record type comes back with all its fields, in natural-key order.
TYPED_TEST(StoreContractTest, RoundTripEveryRecordTypeInNaturalKeyOrder) {
  this->PutFixture();
  model::Store& s = *this->store_;
  const CountyFixture& f = this->fixture_;
  using Strings = std::vector<std::string>;

  EXPECT_EQ(D(Must(s.ListAdminUnits())),
            (Strings{D(f.admin_units[1]), D(f.admin_units[2]), D(f.admin_units[0])}));
  EXPECT_EQ(D(Must(s.ListSchools())), (Strings{D(f.schools[2]), D(f.schools[1]), D(f.schools[0])}));
  EXPECT_EQ(D(Must(s.ListFacilities(2021))), (Strings{D(f.facilities[1]), D(f.facilities[0])}));
  EXPECT_EQ(D(Must(s.ListFacilities(2020))), (Strings{D(f.facilities[2])}));
  EXPECT_EQ(D(Must(s.ListClasses(2021))), (Strings{D(f.classes[2]), D(f.classes[0])}));
  EXPECT_EQ(D(Must(s.ListClasses(2020))), (Strings{D(f.classes[1])}));
  EXPECT_EQ(D(Must(s.ListStudents(0))),
            (Strings{D(f.students[1]), D(f.students[2]), D(f.students[0])}));
  EXPECT_EQ(D(Must(s.ListEnrolments(2021))),
            (Strings{D(f.enrolments[1]), D(f.enrolments[3]), D(f.enrolments[0])}));
  EXPECT_EQ(D(Must(s.ListEnrolments(2020))), (Strings{D(f.enrolments[2])}));
  EXPECT_EQ(D(Must(s.ListEnrolments(2023))), (Strings{D(f.enrolments[4])}));
  EXPECT_EQ(D(Must(s.ListHealthRecords(2021))),
            (Strings{D(f.health[1]), D(f.health[2]), D(f.health[0])}));
  EXPECT_EQ(D(Must(s.ListHealthRecords(2020))), (Strings{D(f.health[3])}));
  EXPECT_EQ(D(Must(s.ListTeachers())), (Strings{D(f.teachers[1]), D(f.teachers[0])}));
  EXPECT_EQ(D(Must(s.ListTeacherYears(2021))),
            (Strings{D(f.teacher_years[1]), D(f.teacher_years[0])}));
  EXPECT_EQ(D(Must(s.ListTeacherYears(2020))), (Strings{D(f.teacher_years[2])}));
  EXPECT_EQ(D(Must(s.ListPopulation(0))), (Strings{D(f.population[1]), D(f.population[2]),
                                                   D(f.population[3]), D(f.population[0])}));
  EXPECT_EQ(D(Must(s.ListPopulation(2021))),
            (Strings{D(f.population[1]), D(f.population[3]), D(f.population[0])}));
  EXPECT_EQ(D(Must(s.ListBirths())), (Strings{D(f.births[2]), D(f.births[1]), D(f.births[0])}));
  EXPECT_EQ(D(Must(s.ListDataValues(""))),
            (Strings{D(f.data_values[1]), D(f.data_values[2]), D(f.data_values[0])}));
  EXPECT_EQ(D(Must(s.ListDataValues("fiscal_education_share"))),
            (Strings{D(f.data_values[2]), D(f.data_values[0])}));
  EXPECT_TRUE(Must(s.ListDataValues("no_such_metric")).empty());
  EXPECT_TRUE(Must(s.ListEnrolments(2022)).empty());
}

// The optional health fields survive in all four combinations, and unicode text is kept exactly.
TYPED_TEST(StoreContractTest, OptionalFieldsAndUnicodeText) {
  this->PutFixture();
  model::Store& s = *this->store_;
  auto health = Must(s.ListHealthRecords(2021));
  ASSERT_EQ(health.size(), 3u);
  EXPECT_EQ(health[0].myopia, std::optional<bool>(false));  // student 10
  EXPECT_FALSE(health[0].fitness_score.has_value());
  EXPECT_FALSE(health[1].myopia.has_value());  // student 20
  EXPECT_FALSE(health[1].fitness_score.has_value());
  EXPECT_EQ(health[2].myopia, std::optional<bool>(true));  // student 30
  EXPECT_EQ(health[2].fitness_score, std::optional<double>(88.5));
  auto h2020 = Must(s.ListHealthRecords(2020));
  ASSERT_EQ(h2020.size(), 1u);
  EXPECT_FALSE(h2020[0].myopia.has_value());
  EXPECT_EQ(h2020[0].fitness_score, std::optional<double>(101.25));

  auto school = Must(s.GetSchool("1150000003"));
  ASSERT_TRUE(school.has_value());
  EXPECT_EQ(school->name, "青龙幼儿园 Qinglong 🌟");
  auto student = Must(s.FindStudentByIdNumber("500235201006150012"));
  ASSERT_TRUE(student.has_value());
  EXPECT_EQ(student->name, "阿卜杜热合曼·买买提");
}

// Putting the same natural key again keeps one row with the new values, for every record type.
TYPED_TEST(StoreContractTest, UpsertReplacesByNaturalKey) {
  this->PutFixture();
  model::Store& s = *this->store_;
  CountyFixture f = this->fixture_;
  const std::string before_counts = D(Must(s.Counts()));

  f.admin_units[0].name = "双江街道（新）";
  f.schools[1].name = "双江小学";
  f.schools[1].closed_year = 0;
  f.facilities[0].books = 61000;
  f.classes[0].name = "三年级（3）班";
  f.students[1].name = "欧阳娜";
  f.students[1].birth_date = {2013, 3, 1};
  f.enrolments[1].status = model::EnrolmentStatus::kTransferredOut;
  f.enrolments[1].school_code = "3150000002";
  f.health[1].myopia = true;
  f.health[1].fitness_score = 70;
  f.health[0].myopia.reset();
  f.teachers[0].name = "李老师（退休）";
  f.teacher_years[0].training_hours = 80;
  f.population[0].count = 1201;
  f.births[0].count = 1299;
  f.data_values[0].value = 4.5;
  f.data_values[0].note = "修订";
  ASSERT_TRUE(s.PutAdminUnits({f.admin_units[0]}).ok());
  ASSERT_TRUE(s.PutSchools({f.schools[1]}).ok());
  ASSERT_TRUE(s.PutFacilities({f.facilities[0]}).ok());
  ASSERT_TRUE(s.PutClasses({f.classes[0]}).ok());
  ASSERT_TRUE(s.PutStudents({f.students[1]}).ok());
  ASSERT_TRUE(s.PutEnrolments({f.enrolments[1]}).ok());
  ASSERT_TRUE(s.PutHealthRecords({f.health[1], f.health[0]}).ok());
  ASSERT_TRUE(s.PutTeachers({f.teachers[0]}).ok());
  ASSERT_TRUE(s.PutTeacherYears({f.teacher_years[0]}).ok());
  ASSERT_TRUE(s.PutPopulation({f.population[0]}).ok());
  ASSERT_TRUE(s.PutBirths({f.births[0]}).ok());
  ASSERT_TRUE(s.PutDataValues({f.data_values[0]}).ok());

  EXPECT_EQ(D(Must(s.Counts())), before_counts);
  // The whole store now equals a fresh store loaded with the modified fixture.
  TypeParam other_factory;
  auto other = other_factory.Make();
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(PutCountyFixture(*other, f).ok());
  EXPECT_EQ(DumpAll(s, kFixtureYears), DumpAll(*other, kFixtureYears));
  EXPECT_EQ(Must(s.GetSchool("2150000001"))->name, "双江小学");
}

// Within one batch the last row of a key wins.
TYPED_TEST(StoreContractTest, LastRowOfAKeyWithinABatchWins) {
  this->PutFixture();
  model::Store& s = *this->store_;
  model::Enrolment a = this->fixture_.enrolments[2];  // student 10, 2020
  model::Enrolment b = a;
  b.grade = 5;
  ASSERT_TRUE(s.PutEnrolments({a, b}).ok());
  auto rows = Must(s.ListEnrolments(2020));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].grade, 5);
}

TYPED_TEST(StoreContractTest, ListStudentsOfAYearVersusAll) {
  this->PutFixture();
  model::Store& s = *this->store_;
  auto ids = [](const std::vector<model::Student>& v) {
    std::vector<int64_t> out;
    for (const auto& st : v) out.push_back(st.id);
    return out;
  };
  EXPECT_EQ(ids(Must(s.ListStudents(0))), (std::vector<int64_t>{10, 20, 30}));
  EXPECT_EQ(ids(Must(s.ListStudents(2021))), (std::vector<int64_t>{10, 20, 30}));
  EXPECT_EQ(ids(Must(s.ListStudents(2020))), (std::vector<int64_t>{10}));
  EXPECT_EQ(ids(Must(s.ListStudents(2023))), (std::vector<int64_t>{20}));
  EXPECT_TRUE(Must(s.ListStudents(2022)).empty());
  // A student without any enrolment is listed under 0 only.
  ASSERT_TRUE(s.PutStudents({{5, "", "无学籍", model::Gender::kMale}}).ok());
  EXPECT_EQ(ids(Must(s.ListStudents(0))), (std::vector<int64_t>{5, 10, 20, 30}));
  EXPECT_EQ(ids(Must(s.ListStudents(2021))), (std::vector<int64_t>{10, 20, 30}));
  // Full records, not only ids.
  EXPECT_EQ(D(Must(s.ListStudents(2020))), D(std::vector{this->fixture_.students[1]}));
}

// The lean scans give the List* rows, same order, reduced to the snapshot's columns.
TYPED_TEST(StoreContractTest, ScansMatchTheLists) {
  this->PutFixture();
  model::Store& s = *this->store_;
  for (int year : {0, 2020, 2021, 2022, 2023}) {
    std::vector<std::string> listed, scanned;
    for (const auto& r : Must(s.ListStudents(year))) {
      listed.push_back(std::to_string(r.id) + "|" + std::to_string(static_cast<int>(r.gender)) +
                       "|" + std::to_string(r.birth_date.year) + "-" +
                       std::to_string(r.birth_date.month) + "-" + std::to_string(r.birth_date.day) +
                       "|" + std::to_string(r.migrant) + std::to_string(r.left_behind) + "|" +
                       std::to_string(r.disability));
    }
    ASSERT_TRUE(s.ScanStudents(year, [&](const model::StudentFacts& r) {
                   scanned.push_back(
                       std::to_string(r.id) + "|" + std::to_string(static_cast<int>(r.gender)) +
                       "|" + std::to_string(r.birth_date.year) + "-" +
                       std::to_string(r.birth_date.month) + "-" + std::to_string(r.birth_date.day) +
                       "|" + std::to_string(r.migrant) + std::to_string(r.left_behind) + "|" +
                       std::to_string(r.disability));
                 }).ok());
    EXPECT_EQ(scanned, listed) << year;
    if (year == 0) continue;
    listed.clear();
    scanned.clear();
    auto line = [](int64_t id, std::string_view school, int64_t cls, model::Stage st, int grade,
                   model::EnrolmentStatus status) {
      return std::to_string(id) + "|" + std::string(school) + "|" + std::to_string(cls) + "|" +
             std::to_string(static_cast<int>(st)) + "|" + std::to_string(grade) + "|" +
             std::to_string(static_cast<int>(status));
    };
    for (const auto& r : Must(s.ListEnrolments(year))) {
      listed.push_back(line(r.student_id, r.school_code, r.class_id, r.stage, r.grade, r.status));
    }
    ASSERT_TRUE(s.ScanEnrolments(year, [&](const model::EnrolmentFacts& r) {
                   scanned.push_back(
                       line(r.student_id, r.school_code, r.class_id, r.stage, r.grade, r.status));
                 }).ok());
    EXPECT_EQ(scanned, listed) << year;
    EXPECT_FALSE(year == 2021 && listed.empty());
  }
}

TYPED_TEST(StoreContractTest, FindStudentByIdNumber) {
  this->PutFixture();
  model::Store& s = *this->store_;
  auto found = Must(s.FindStudentByIdNumber("50023520130228002X"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(D(*found), D(this->fixture_.students[1]));
  EXPECT_FALSE(Must(s.FindStudentByIdNumber("500235201301010000")).has_value());
  EXPECT_FALSE(Must(s.FindStudentByIdNumber("")).has_value());
  // A shared id number (a data error upstream) resolves to the smallest student id.
  ASSERT_TRUE(s.PutStudents({{40, "500235200601010017", "张三（重复）"}}).ok());
  ASSERT_TRUE(s.PutStudents({{15, "500235200601010017", "张三（更早）"}}).ok());
  auto dup = Must(s.FindStudentByIdNumber("500235200601010017"));
  ASSERT_TRUE(dup.has_value());
  EXPECT_EQ(dup->id, 15);
  // An id number changed by an upsert is found under the new number only.
  ASSERT_TRUE(s.PutStudents({{15, "500235201001010011", "张三（更早）"}}).ok());
  EXPECT_EQ(Must(s.FindStudentByIdNumber("500235200601010017"))->id, 20);
  EXPECT_EQ(Must(s.FindStudentByIdNumber("500235201001010011"))->id, 15);
}

TYPED_TEST(StoreContractTest, ListYearsAndCounts) {
  this->PutFixture();
  model::Store& s = *this->store_;
  EXPECT_EQ(Must(s.ListYears()), (std::vector<int>{2020, 2021, 2023}));
  EXPECT_EQ(D(Must(s.Counts())), "Counts{3,3,3,3,3,5,4,2,3,4,3,3}");
  EXPECT_EQ(Must(s.CountEnrolments(2021)), 3);
  EXPECT_EQ(Must(s.CountEnrolments(2020)), 1);
  EXPECT_EQ(Must(s.CountEnrolments(2022)), 0);
}

TYPED_TEST(StoreContractTest, GetSchool) {
  this->PutFixture();
  model::Store& s = *this->store_;
  auto school = Must(s.GetSchool("3150000002"));
  ASSERT_TRUE(school.has_value());
  EXPECT_EQ(D(*school), D(this->fixture_.schools[0]));
  EXPECT_FALSE(Must(s.GetSchool("315000000")).has_value());
}

TYPED_TEST(StoreContractTest, InfoRoundTrip) {
  model::Store& s = *this->store_;
  model::DatabaseInfo empty = Must(s.GetInfo());
  EXPECT_EQ(D(empty), "Info{v" + std::to_string(CurrentSchemaVersion()) + "|0||}");
  model::DatabaseInfo info;
  info.schema_version = 999;  // ignored: managed by the store
  info.synthetic = true;
  info.county_code = "500235";
  info.created_by = "zhijiao demo --seed 1 --county 云阳县";
  ASSERT_TRUE(s.SetInfo(info).ok());
  EXPECT_EQ(D(Must(s.GetInfo())), "Info{v" + std::to_string(CurrentSchemaVersion()) +
                                      "|1|500235|zhijiao demo --seed 1 --county 云阳县}");
  info.synthetic = false;
  info.county_code = "";
  ASSERT_TRUE(s.SetInfo(info).ok());
  EXPECT_EQ(D(Must(s.GetInfo())), "Info{v" + std::to_string(CurrentSchemaVersion()) +
                                      "|0||zhijiao demo --seed 1 --county 云阳县}");
}

// A reference to a missing parent is kInvalidArgument naming the record; nothing of the batch is
// written (data first: each case is a batch and the message it must produce).
TYPED_TEST(StoreContractTest, MissingReferencesAreRejectedAndNameTheRecord) {
  this->PutFixture();
  model::Store& s = *this->store_;
  const CountyFixture& f = this->fixture_;
  const auto before = this->Dump();

  model::Enrolment good = f.enrolments[2];
  good.year = 2024;
  model::Enrolment no_student = good;
  no_student.student_id = 999;
  model::Enrolment no_school = good;
  no_school.school_code = "9999999999";
  model::Class bad_class = f.classes[0];
  bad_class.id = 7777;
  bad_class.school_code = "8888888888";
  model::Facility bad_facility = f.facilities[0];
  bad_facility.year = 2024;
  bad_facility.school_code = "";
  model::HealthRecord bad_health = f.health[0];
  bad_health.student_id = 31;
  model::TeacherYear no_teacher = f.teacher_years[0];
  no_teacher.teacher_id = "T9999";
  model::TeacherYear teacher_no_school = f.teacher_years[0];
  teacher_no_school.year = 2024;
  teacher_no_school.school_code = "7777777777";

  struct Case {
    std::string name;
    std::function<Status()> put;
    std::string message;
  } cases[] = {
      {"enrolment→student",
       [&] {
         return s.PutEnrolments({good, no_student, good});
       },
       "学籍记录（学生 999，2024学年）引用的学生 999 不存在"},
      {"enrolment→school",
       [&] {
         return s.PutEnrolments({good, no_school});
       },
       "学籍记录（学生 10，2024学年）引用的学校 9999999999 不存在"},
      {"class→school", [&] { return s.PutClasses({bad_class}); },
       "班级记录（班级 7777，学校 8888888888，2021学年）引用的学校 8888888888 不存在"},
      {"facility→school", [&] { return s.PutFacilities({bad_facility}); },
       "设施记录（学校 ，2024学年）引用的学校  不存在"},
      {"health→student",
       [&] {
         return s.PutHealthRecords({f.health[1], bad_health});
       },
       "健康记录（学生 31，2021学年）引用的学生 31 不存在"},
      {"teacher_year→teacher", [&] { return s.PutTeacherYears({no_teacher}); },
       "教师任职记录（教师 T9999，2021学年）引用的教师 T9999 不存在"},
      {"teacher_year→school", [&] { return s.PutTeacherYears({teacher_no_school}); },
       "教师任职记录（教师 T0002，2024学年）引用的学校 7777777777 不存在"},
  };
  for (const Case& c : cases) {
    Status st = c.put();
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << c.name << ": " << st.ToString();
    EXPECT_EQ(st.message(), c.message) << c.name;
    EXPECT_EQ(this->Dump(), before) << c.name;
  }
}

// Batches longer than the SQLite store's multi-row statements (32 rows) behave like short ones:
// the last row of a key wins even inside one statement, and a missing reference in the middle of
// a long batch is named and writes nothing.
TYPED_TEST(StoreContractTest, LongBatchesUpsertAndNameAMissingReference) {
  this->PutFixture();
  model::Store& s = *this->store_;
  const CountyFixture& f = this->fixture_;
  std::vector<model::Student> students;
  std::vector<model::Enrolment> enrolments;
  for (int i = 0; i < 100; ++i) {
    model::Student st = f.students[0];
    st.id = 5000 + i;
    st.id_number = "50023520160101" + std::to_string(1000 + i);
    st.name = "学生" + std::to_string(i);
    students.push_back(st);
    model::Enrolment e = f.enrolments[2];
    e.year = 2024;
    e.student_id = st.id;
    enrolments.push_back(e);
  }
  students[10].id = 5003;  // same statement as row 3: this later row wins
  students[10].name = "后写";
  ASSERT_TRUE(s.PutStudents(students).ok());
  auto stored = Must(s.ListStudents(0));
  EXPECT_EQ(stored.size(), f.students.size() + 99);
  auto it = std::find_if(stored.begin(), stored.end(),
                         [](const model::Student& st) { return st.id == 5003; });
  ASSERT_NE(it, stored.end());
  EXPECT_EQ(it->name, "后写");

  enrolments.erase(enrolments.begin() + 10);  // student 5010 was never written
  const auto before = this->Dump();
  const size_t enrolled = Must(s.ListEnrolments(2024)).size();
  std::vector<model::Enrolment> bad = enrolments;
  bad[40].student_id = 999;
  Status st = s.PutEnrolments(bad);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
  EXPECT_EQ(st.message(), "学籍记录（学生 999，2024学年）引用的学生 999 不存在");
  EXPECT_EQ(this->Dump(), before);
  ASSERT_TRUE(s.PutEnrolments(enrolments).ok());
  EXPECT_EQ(Must(s.ListEnrolments(2024)).size(), enrolled + 99);
}

TYPED_TEST(StoreContractTest, TransactionCommits) {
  model::Store& s = *this->store_;
  Status st = s.RunInTransaction([&] { return PutCountyFixture(s, this->fixture_); });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(D(Must(s.Counts())), "Counts{3,3,3,3,3,5,4,2,3,4,3,3}");
}

// Everything written inside a failing transaction is undone: compare the full listings.
TYPED_TEST(StoreContractTest, TransactionRollsBackWhenFnFails) {
  this->PutFixture();
  model::Store& s = *this->store_;
  const auto before = this->Dump();
  CountyFixture f = this->fixture_;
  for (auto& st : f.students) st.name += "（改）";
  for (auto& e : f.enrolments) e.year += 1;  // new rows
  f.schools.push_back({"2150000099", "新建小学", 211});
  Status st = s.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(PutCountyFixture(s, f));
    model::DatabaseInfo info;
    info.synthetic = true;
    info.county_code = "500101";
    ZJ_RETURN_IF_ERROR(s.SetInfo(info));
    // Reads inside the transaction see its writes.
    auto schools = s.ListSchools();
    if (!schools.ok() || schools->size() != 4) return Status::Internal("读不到事务内的写入");
    return Status::InvalidArgument("导入文件第 3 行有误");
  });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "导入文件第 3 行有误");
  EXPECT_EQ(this->Dump(), before);
}

TYPED_TEST(StoreContractTest, TransactionRollsBackOnReferenceViolation) {
  this->PutFixture();
  model::Store& s = *this->store_;
  const auto before = this->Dump();
  model::Student extra{50, "500235201101010018", "新生"};
  model::Enrolment ok_row{50, 2024, "2150000001", 0, model::Stage::kPrimary, 1};
  model::Enrolment bad_row{51, 2024, "2150000001", 0, model::Stage::kPrimary, 1};

  // fn propagates the error.
  Status st = s.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(s.PutStudents({extra}));
    ZJ_RETURN_IF_ERROR(s.PutEnrolments({ok_row, bad_row}));
    return Status::Ok();
  });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
  EXPECT_EQ(st.message(), "学籍记录（学生 51，2024学年）引用的学生 51 不存在");
  EXPECT_EQ(this->Dump(), before);

  // fn ignores the error and returns ok: the failed write still rolls everything back.
  st = s.RunInTransaction([&]() -> Status {
    (void)s.PutStudents({extra});
    (void)s.PutEnrolments({bad_row});
    (void)s.PutEnrolments({ok_row});
    return Status::Ok();
  });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
  EXPECT_EQ(this->Dump(), before);

  // The store is usable afterwards.
  st = s.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(s.PutStudents({extra}));
    return s.PutEnrolments({ok_row});
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(Must(s.ListYears()), (std::vector<int>{2020, 2021, 2023, 2024}));
}

TYPED_TEST(StoreContractTest, TransactionsDoNotNest) {
  model::Store& s = *this->store_;
  Status inner;
  Status st = s.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(s.PutSchools(this->fixture_.schools));
    inner = s.RunInTransaction([] { return Status::Ok(); });
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(inner.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Must(s.ListSchools()).size(), 3u);
}

// ---- work ledger ---------------------------------------------------------------------------

using Strings = std::vector<std::string>;

model::Task LedgerTask(std::string id, std::string unit) {
  model::Task t;
  t.id = std::move(id);
  t.plan_id = "yunyang-2021-2025";
  t.section_id = "col5";
  t.title = "新建探究实验室";
  t.unit_code = std::move(unit);
  t.department = "教育装备";
  t.lead = "装备股负责人";
  t.target_ids = "col5.inquiry_labs";
  t.planned_quantity = 60;
  t.quantity_unit = "间";
  t.start_date = {2021, 1, 1};
  t.due_date = {2025, 12, 31};
  return t;
}

std::string DL(const model::Task& t) {
  return t.id + "|" + t.unit_code + "|" + t.title + "|" + t.due_date.ToString() + "|" +
         std::to_string(t.planned_quantity) + "|" + (t.cancelled ? "x" : "-") + "|" + t.note;
}
std::string DL(const model::Milestone& m) {
  return m.task_id + "#" + std::to_string(m.seq) + "|" + m.due_date.ToString() + "|" +
         (m.done_date.valid() ? m.done_date.ToString() : "open");
}
std::string DL(const model::TaskProgress& p) {
  return p.task_id + "#" + std::to_string(p.seq) + "|" + p.report_date.ToString() + "|" +
         std::to_string(p.percent) + "|" + p.text;
}
std::string DL(const model::Evidence& e) {
  return e.id + "|" + e.task_id + "#" + std::to_string(e.progress_seq) + "|" + e.file_name + "|" +
         e.media_type + "|" + std::to_string(e.size);
}
template <typename T>
std::vector<std::string> DL(const std::vector<T>& v) {
  std::vector<std::string> out;
  for (const auto& r : v) out.push_back(DL(r));
  return out;
}

TYPED_TEST(StoreContractTest, LedgerRoundTripUpsertOrderAndCounts) {
  model::Store& s = *this->store_;
  ASSERT_TRUE(s.PutTasks({LedgerTask("t2", "500235"), LedgerTask("t1", "500235101")}).ok());
  model::Task changed = LedgerTask("t2", "500235");
  changed.note = "调整";
  changed.cancelled = true;
  ASSERT_TRUE(s.PutTasks({changed}).ok());
  EXPECT_EQ(DL(Must(s.ListTasks())), (Strings{DL(LedgerTask("t1", "500235101")), DL(changed)}));
  EXPECT_EQ(DL(*Must(s.GetTask("t2"))), DL(changed));
  EXPECT_FALSE(Must(s.GetTask("nope")).has_value());

  ASSERT_TRUE(s.PutMilestones({{"t2", 2, "建成", {2025, 12, 31}, {}, 60},
                               {"t2", 1, "过半", {2023, 12, 31}, {2023, 11, 2}, 30},
                               {"t1", 1, "启动", {2021, 6, 30}, {}, 0}})
                  .ok());
  EXPECT_EQ(
      DL(Must(s.ListMilestones(""))),
      (Strings{"t1#1|2021-06-30|open", "t2#1|2023-12-31|2023-11-02", "t2#2|2025-12-31|open"}));
  EXPECT_EQ(DL(Must(s.ListMilestones("t2"))).size(), 2u);

  ASSERT_TRUE(s.PutTaskProgress({{"t2", 1, {2022, 3, 1}, 20, 12, "完成12间", "甲"},
                                 {"t2", 2, {2023, 3, 1}, 50, 30, "完成30间", "甲"}})
                  .ok());
  EXPECT_EQ(DL(Must(s.ListTaskProgress("t2"))),
            (Strings{"t2#1|2022-03-01|20.000000|完成12间", "t2#2|2023-03-01|50.000000|完成30间"}));
  EXPECT_TRUE(Must(s.ListTaskProgress("t1")).empty());

  model::Evidence e{"e2", "t2", 2, "验收单.pdf", "application/pdf", 1234, "ab", "甲", 1700000000};
  model::Evidence e1{"e1", "t2", 1, "照片.png", "image/png", 99, "cd", "甲", 1690000000};
  ASSERT_TRUE(s.PutEvidence({e, e1}).ok());
  EXPECT_EQ(DL(Must(s.ListEvidence(""))),
            (Strings{"e1|t2#1|照片.png|image/png|99", "e2|t2#2|验收单.pdf|application/pdf|1234"}));
  EXPECT_TRUE(Must(s.ListEvidence("t1")).empty());

  model::StoreCounts c = Must(s.Counts());
  EXPECT_EQ(std::vector<int64_t>({c.tasks, c.milestones, c.task_progress, c.evidence}),
            std::vector<int64_t>({2, 3, 2, 2}));
}

TYPED_TEST(StoreContractTest, LedgerRejectsBadRowsAndDanglingReferencesAndRollsBack) {
  model::Store& s = *this->store_;
  ASSERT_TRUE(s.PutTasks({LedgerTask("t1", "500235")}).ok());
  model::Task no_due = LedgerTask("t3", "500235");
  no_due.due_date = {};
  EXPECT_EQ(s.PutTasks({no_due}).code(), StatusCode::kInvalidArgument);
  model::Task backwards = LedgerTask("t3", "500235");
  backwards.start_date = {2026, 1, 1};
  EXPECT_EQ(s.PutTasks({backwards}).code(), StatusCode::kInvalidArgument);
  Status dangling = s.PutMilestones({{"ghost", 1, "x", {2022, 1, 1}, {}, 0}});
  EXPECT_EQ(dangling.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(dangling.message().find("ghost"), std::string::npos) << dangling.message();
  EXPECT_EQ(s.PutTaskProgress({{"t1", 1, {2022, 1, 1}, 120, 0, "", ""}}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(s.PutTaskProgress({{"ghost", 1, {2022, 1, 1}, 10, 0, "", ""}}).code(),
            StatusCode::kInvalidArgument);
  // Evidence must hang on an existing progress report.
  EXPECT_EQ(s.PutEvidence({{"e", "t1", 7, "a.pdf", "application/pdf", 1, "", "", 0}}).code(),
            StatusCode::kInvalidArgument);

  // A progress report and its evidence in one transaction: a failing evidence row undoes both.
  Status st = s.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(s.PutTaskProgress({{"t1", 1, {2022, 1, 1}, 10, 0, "启动", "甲"}}));
    return s.PutEvidence({{"e", "t1", 2, "a.pdf", "application/pdf", 1, "", "", 0}});
  });
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(Must(s.ListTaskProgress("")).empty());
  EXPECT_TRUE(Must(s.ListEvidence("")).empty());
  EXPECT_EQ(Must(s.ListTasks()).size(), 1u);
}

TYPED_TEST(StoreContractTest, MapLayersReplaceDeleteAndRollBack) {
  model::Store& s = *this->store_;
  EXPECT_FALSE(Must(s.GetMapLayer("townships")).has_value());
  ASSERT_TRUE(s.PutMapLayer({"townships", R"({"a":1})", 10, "甲"}).ok());
  ASSERT_TRUE(s.PutMapLayer({"townships", R"({"a":2})", 20, "乙"}).ok());
  auto got = Must(s.GetMapLayer("townships"));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->geojson, R"({"a":2})");
  EXPECT_EQ(got->updated_at, 20);
  EXPECT_EQ(got->updated_by, "乙");
  // A failed transaction keeps the layer as it was.
  Status st = s.RunInTransaction([&] {
    EXPECT_TRUE(s.DeleteMapLayer("townships").ok());
    return Status::Internal("boom");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(Must(s.GetMapLayer("townships")).has_value());
  ASSERT_TRUE(s.DeleteMapLayer("townships").ok());
  ASSERT_TRUE(s.DeleteMapLayer("townships").ok());  // missing: fine
  EXPECT_FALSE(Must(s.GetMapLayer("townships")).has_value());
}

TEST(OpenStoreTest, MemoryPathAndFilePath) {
  auto mem = OpenStore(":memory:");
  ASSERT_TRUE(mem.ok());
  EXPECT_NE(dynamic_cast<MemoryStore*>(mem->get()), nullptr);

  testing::TempDir dir;
  auto missing = OpenStore(dir.File("x.db"));
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  auto created = OpenStore(dir.File("x.db"), {.create_if_missing = true});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_NE(dynamic_cast<SqliteStore*>(created->get()), nullptr);
}

}  // namespace
}  // namespace zj::storage
