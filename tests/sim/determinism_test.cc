// Determinism and windowing: the same options give identical listings, another seed gives a
// different dataset, the requested window only selects which years are written, and no record is
// written twice (a Store that counts Put rows sees exactly what the listings return).
#include <gtest/gtest.h>

#include "demo_fixture.h"

namespace zj::sim::testing {
namespace {

// Forwards to a MemoryStore and counts the rows passed to each Put.
class CountingStore final : public model::Store {
 public:
  model::StoreCounts put;
  storage::MemoryStore inner;

  Result<model::DatabaseInfo> GetInfo() override { return inner.GetInfo(); }
  Status SetInfo(const model::DatabaseInfo& i) override { return inner.SetInfo(i); }
  Status RunInTransaction(const std::function<Status()>& fn) override {
    return inner.RunInTransaction(fn);
  }
  Status PutAdminUnits(const std::vector<model::AdminUnit>& v) override {
    put.admin_units += static_cast<int64_t>(v.size());
    return inner.PutAdminUnits(v);
  }
  Status PutSchools(const std::vector<model::School>& v) override { return inner.PutSchools(v); }
  Status PutFacilities(const std::vector<model::Facility>& v) override {
    put.facilities += static_cast<int64_t>(v.size());
    return inner.PutFacilities(v);
  }
  Status PutClasses(const std::vector<model::Class>& v) override {
    put.classes += static_cast<int64_t>(v.size());
    return inner.PutClasses(v);
  }
  Status PutStudents(const std::vector<model::Student>& v) override { return inner.PutStudents(v); }
  Status PutEnrolments(const std::vector<model::Enrolment>& v) override {
    put.enrolments += static_cast<int64_t>(v.size());
    return inner.PutEnrolments(v);
  }
  Status PutHealthRecords(const std::vector<model::HealthRecord>& v) override {
    put.health_records += static_cast<int64_t>(v.size());
    return inner.PutHealthRecords(v);
  }
  Status PutTeachers(const std::vector<model::Teacher>& v) override {
    put.teachers += static_cast<int64_t>(v.size());
    return inner.PutTeachers(v);
  }
  Status PutTeacherYears(const std::vector<model::TeacherYear>& v) override {
    put.teacher_years += static_cast<int64_t>(v.size());
    return inner.PutTeacherYears(v);
  }
  Status PutPopulation(const std::vector<model::PopulationCount>& v) override {
    put.population += static_cast<int64_t>(v.size());
    return inner.PutPopulation(v);
  }
  Status PutBirths(const std::vector<model::BirthCount>& v) override {
    put.births += static_cast<int64_t>(v.size());
    return inner.PutBirths(v);
  }
  Status PutDataValues(const std::vector<model::DataValue>& v) override {
    return inner.PutDataValues(v);
  }
  Status PutTasks(const std::vector<model::Task>& v) override { return inner.PutTasks(v); }
  Status PutMilestones(const std::vector<model::Milestone>& v) override {
    return inner.PutMilestones(v);
  }
  Status PutTaskProgress(const std::vector<model::TaskProgress>& v) override {
    return inner.PutTaskProgress(v);
  }
  Status PutEvidence(const std::vector<model::Evidence>& v) override {
    return inner.PutEvidence(v);
  }
  Result<std::vector<model::Task>> ListTasks() override { return inner.ListTasks(); }
  Result<std::optional<model::Task>> GetTask(const std::string& id) override {
    return inner.GetTask(id);
  }
  Result<std::vector<model::Milestone>> ListMilestones(const std::string& t) override {
    return inner.ListMilestones(t);
  }
  Result<std::vector<model::TaskProgress>> ListTaskProgress(const std::string& t) override {
    return inner.ListTaskProgress(t);
  }
  Result<std::vector<model::Evidence>> ListEvidence(const std::string& t) override {
    return inner.ListEvidence(t);
  }
  Result<std::vector<model::AdminUnit>> ListAdminUnits() override { return inner.ListAdminUnits(); }
  Result<std::vector<model::School>> ListSchools() override { return inner.ListSchools(); }
  Result<std::optional<model::School>> GetSchool(const std::string& c) override {
    return inner.GetSchool(c);
  }
  Result<std::vector<model::Facility>> ListFacilities(int y) override {
    return inner.ListFacilities(y);
  }
  Result<std::vector<model::Class>> ListClasses(int y) override { return inner.ListClasses(y); }
  Result<std::vector<model::Student>> ListStudents(int y) override { return inner.ListStudents(y); }
  Result<std::optional<model::Student>> FindStudentByIdNumber(const std::string& id) override {
    return inner.FindStudentByIdNumber(id);
  }
  Result<std::vector<model::Enrolment>> ListEnrolments(int y) override {
    return inner.ListEnrolments(y);
  }
  Result<std::vector<model::HealthRecord>> ListHealthRecords(int y) override {
    return inner.ListHealthRecords(y);
  }
  Result<std::vector<model::Teacher>> ListTeachers() override { return inner.ListTeachers(); }
  Result<std::vector<model::TeacherYear>> ListTeacherYears(int y) override {
    return inner.ListTeacherYears(y);
  }
  Result<std::vector<model::PopulationCount>> ListPopulation(int y) override {
    return inner.ListPopulation(y);
  }
  Result<std::vector<model::BirthCount>> ListBirths() override { return inner.ListBirths(); }
  Result<std::vector<model::DataValue>> ListDataValues(const std::string& c) override {
    return inner.ListDataValues(c);
  }
  Result<std::vector<int>> ListYears() override { return inner.ListYears(); }
  Result<int64_t> CountEnrolments(int year) override { return inner.CountEnrolments(year); }
  Result<model::StoreCounts> Counts() override { return inner.Counts(); }
};

DemoOptions Year2020(uint64_t seed) {
  DemoOptions o;
  o.seed = seed;
  o.first_year = 2020;
  o.last_year = 2020;
  return o;
}

// Reads a store back like Generate does.
std::unique_ptr<DemoData> ReadBack(model::Store& store, const DemoOptions& o) {
  auto d = std::make_unique<DemoData>();
  d->options = o;
  d->info = Must(store.GetInfo());
  d->units = Must(store.ListAdminUnits());
  d->schools = Must(store.ListSchools());
  d->students = Must(store.ListStudents(0));
  d->teachers = Must(store.ListTeachers());
  d->births = Must(store.ListBirths());
  d->years = Must(store.ListYears());
  for (int y : d->years) {
    YearData& yd = d->by_year[y];
    yd.facilities = Must(store.ListFacilities(y));
    yd.classes = Must(store.ListClasses(y));
    yd.enrolments = Must(store.ListEnrolments(y));
    yd.health = Must(store.ListHealthRecords(y));
    yd.teacher_years = Must(store.ListTeacherYears(y));
    yd.population = Must(store.ListPopulation(y));
  }
  return d;
}

TEST(DeterminismTest, SameSeedSameDatasetOtherSeedDifferentNothingWrittenTwice) {
  CountingStore store;
  ASSERT_TRUE(GenerateDemo(Year2020(1), store).ok());
  auto a = ReadBack(store, Year2020(1));
  auto b = Generate(Year2020(1));
  auto c = Generate(Year2020(2));
  EXPECT_EQ(Digest(*a), Digest(*b));
  EXPECT_NE(Digest(*a), Digest(*c));
  // Another seed changes the people, not the school network.
  ASSERT_EQ(a->schools.size(), c->schools.size());
  EXPECT_EQ(a->schools.front().name, c->schools.front().name);
  EXPECT_NE(a->students.front().name + a->students.back().id_number,
            c->students.front().name + c->students.back().id_number);
  // Every row put is a distinct record: no upsert ever overwrote another (so no student has two
  // enrolments in a year, no class id is reused, …).
  auto counts = store.Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(store.put.enrolments, counts->enrolments);
  EXPECT_EQ(store.put.health_records, counts->health_records);
  EXPECT_EQ(store.put.classes, counts->classes);
  EXPECT_EQ(store.put.facilities, counts->facilities);
  EXPECT_EQ(store.put.teachers, counts->teachers);
  EXPECT_EQ(store.put.teacher_years, counts->teacher_years);
  EXPECT_EQ(store.put.population, counts->population);
  EXPECT_EQ(store.put.births, counts->births);
  EXPECT_EQ(store.put.admin_units, counts->admin_units);
  EXPECT_GT(counts->enrolments, 150000);

  // The window only selects years: the 2020 school year written alone equals the 2020 part of
  // the 2012–2025 dataset.
  const DemoData& full = SharedDemo();
  const YearData& x = a->by_year.at(2020);
  const YearData& y = full.by_year.at(2020);
  ASSERT_EQ(x.enrolments.size(), y.enrolments.size());
  for (size_t i = 0; i < x.enrolments.size(); ++i) {
    const auto& e = x.enrolments[i];
    const auto& f = y.enrolments[i];
    ASSERT_EQ(e.student_id, f.student_id);
    EXPECT_EQ(e.class_id, f.class_id);
    EXPECT_EQ(e.school_code, f.school_code);
    EXPECT_EQ(e.status, f.status);
  }
  ASSERT_EQ(x.teacher_years.size(), y.teacher_years.size());
  for (size_t i = 0; i < x.teacher_years.size(); ++i) {
    EXPECT_EQ(x.teacher_years[i].teacher_id, y.teacher_years[i].teacher_id);
    EXPECT_EQ(x.teacher_years[i].backbone, y.teacher_years[i].backbone);
  }
  ASSERT_EQ(x.population.size(), y.population.size());
  for (size_t i = 0; i < x.population.size(); ++i) {
    EXPECT_EQ(x.population[i].count, y.population[i].count);
  }
  EXPECT_EQ(ComputeFigures(*a, 2020).at("large_classes_56plus"),
            ComputeFigures(full, 2020).at("large_classes_56plus"));
}

}  // namespace
}  // namespace zj::sim::testing
