// Hierarchy and snapshot tests: depth-first school ranges, placement of schools whose township is
// unknown, rejected inputs, and a History loaded through the Store interface (MemoryStore) giving
// the same figures as one built from record vectors.
#include "zj/engine/hierarchy.h"

#include <gtest/gtest.h>

#include "fixture.h"
#include "zj/engine/indicators.h"
#include "zj/storage/memory_store.h"

namespace zj::engine {
namespace {

model::AdminUnit Unit(std::string code, std::string name, model::AdminLevel level,
                      std::string parent) {
  model::AdminUnit u;
  u.code = std::move(code);
  u.name = std::move(name);
  u.level = level;
  u.parent_code = std::move(parent);
  return u;
}

model::School School(std::string code, std::string township, int type = 211) {
  model::School s;
  s.code = std::move(code);
  s.name = s.code;
  s.township_code = std::move(township);
  s.type_code = type;
  return s;
}

TEST(Hierarchy, DepthFirstRanges) {
  using L = model::AdminLevel;
  std::vector<model::AdminUnit> units = {
      Unit("500235002", "青龙街道", L::kTownship, "500235"),
      Unit("500235", "云阳县", L::kCounty, "5002"),
      Unit("5002", "重庆市辖县", L::kCity, ""),
      Unit("500235001", "双江街道", L::kTownship, "500235"),
      Unit("500235001001", "某村", L::kVillage, "500235001"),
  };
  std::vector<model::School> schools = {School("S3", "500235002"), School("S1", "500235001"),
                                        School("S2", "500235001"), School("S4", "500235999"),
                                        School("S5", "110101001")};
  auto h = Hierarchy::Build(units, schools);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->roots().size(), 1u);
  EXPECT_EQ(h->Find("500235001001"), -1);  // villages are ignored
  const UnitNode& county = h->unit(h->Find("500235"));
  EXPECT_EQ(county.school_end - county.school_begin, 4);  // S4 placed by code prefix
  const UnitNode& a = h->unit(h->Find("500235001"));
  EXPECT_EQ(a.school_end - a.school_begin, 2);
  EXPECT_EQ(h->schools()[a.school_begin].code, "S1");
  EXPECT_EQ(h->schools()[a.school_begin + 1].code, "S2");
  const UnitNode& b = h->unit(h->Find("500235002"));
  EXPECT_EQ(h->schools()[b.school_begin].code, "S3");
  EXPECT_EQ(h->unit(h->Find("S4")).parent, h->Find("500235"));
  ASSERT_EQ(h->unplaced_schools().size(), 1u);
  EXPECT_EQ(h->schools()[h->unplaced_schools()[0]].code, "S5");
  EXPECT_EQ(h->unit(h->Find("S2")).kind, UnitKind::kSchool);
  EXPECT_EQ(h->FindSchool("S2"), a.school_begin + 1);
}

TEST(Hierarchy, RejectsBadInput) {
  using L = model::AdminLevel;
  auto dup = Hierarchy::Build(
      {Unit("500235", "a", L::kCounty, ""), Unit("500235", "b", L::kCounty, "")}, {});
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("行政区划代码重复：500235"), std::string::npos);
  auto cycle =
      Hierarchy::Build({Unit("1", "a", L::kCounty, "2"), Unit("2", "b", L::kCounty, "1")}, {});
  ASSERT_FALSE(cycle.ok());
  EXPECT_NE(cycle.status().message().find("成环"), std::string::npos);
  auto dup_school = Hierarchy::Build({Unit("500235", "a", L::kCounty, "")},
                                     {School("S1", "500235"), School("S1", "500235")});
  ASSERT_FALSE(dup_school.ok());
  EXPECT_NE(dup_school.status().message().find("学校标识码重复：S1"), std::string::npos);
}

TEST(Snapshot, RejectsRowsOfUnknownSchools) {
  RecordSet r;
  r.admin_units = {Unit("500235", "云阳县", model::AdminLevel::kCounty, "")};
  r.schools = {School("S1", "500235")};
  model::Enrolment e;
  e.student_id = 7;
  e.year = 2020;
  e.school_code = "NOPE";
  r.enrolments = {e};
  auto h = History::Build(r);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().message(), "2020学年学生 7 的学籍引用了不存在的学校：NOPE");
}

TEST(Snapshot, ColumnsAndClassSizes) {
  auto doc = testing::ReadJsonFile(std::string(ZJ_TEST_DATA_DIR) + "/cases/classes.json");
  ASSERT_TRUE(doc.ok());
  auto records = testing::RecordsFromFixture(doc->at("fixture"));
  ASSERT_TRUE(records.ok());
  auto h = History::Build(*records);
  ASSERT_TRUE(h.ok());
  const Snapshot* s = h->Find(2020);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(h->Find(2019), nullptr);
  EXPECT_EQ(s->enrolments().size(), 646u);  // 644 in classes + 2 suspended
  EXPECT_EQ(s->classes().size(), 12u);
  int sum = 0;
  for (int32_t size : s->classes().class_size) sum += size;
  EXPECT_EQ(sum, 644);
  EXPECT_EQ(s->MaxGrade(model::Stage::kPrimary), 4);
  EXPECT_EQ(h->GradeCount(model::Stage::kPrimary), 4);
  EXPECT_EQ(h->GradeCount(model::Stage::kVocational), 3);  // no rows: default
}

// The same fixture through a Store gives the same values as from record vectors.
TEST(Snapshot, LoadHistoryFromStoreMatchesRecords) {
  for (const char* name : {"compulsory.json", "teachers.json", "health.json", "senior_data.json"}) {
    SCOPED_TRACE(name);
    auto doc = testing::ReadJsonFile(std::string(ZJ_TEST_DATA_DIR) + "/cases/" + name);
    ASSERT_TRUE(doc.ok());
    auto records = testing::RecordsFromFixture(doc->at("fixture"));
    ASSERT_TRUE(records.ok());
    storage::MemoryStore store;
    ASSERT_TRUE(store.PutAdminUnits(records->admin_units).ok());
    ASSERT_TRUE(store.PutSchools(records->schools).ok());
    ASSERT_TRUE(store.PutClasses(records->classes).ok());
    ASSERT_TRUE(store.PutStudents(records->students).ok());
    ASSERT_TRUE(store.PutEnrolments(records->enrolments).ok());
    ASSERT_TRUE(store.PutHealthRecords(records->health_records).ok());
    ASSERT_TRUE(store.PutTeachers(records->teachers).ok());
    ASSERT_TRUE(store.PutTeacherYears(records->teacher_years).ok());
    ASSERT_TRUE(store.PutFacilities(records->facilities).ok());
    ASSERT_TRUE(store.PutPopulation(records->population).ok());
    ASSERT_TRUE(store.PutBirths(records->births).ok());
    ASSERT_TRUE(store.PutDataValues(records->data_values).ok());
    auto from_store = LoadHistory(store);
    ASSERT_TRUE(from_store.ok()) << from_store.status().ToString();
    auto from_records = History::Build(*records);
    ASSERT_TRUE(from_records.ok());
    auto catalog = LoadCatalog();
    ASSERT_TRUE(catalog.ok());
    auto e1 = Engine::Create(*catalog, *from_store);
    auto e2 = Engine::Create(*catalog, *from_records);
    ASSERT_TRUE(e1.ok() && e2.ok());
    auto v1 = e1->EvaluateAll(2020, true);
    auto v2 = e2->EvaluateAll(2020, true);
    ASSERT_TRUE(v1.ok() && v2.ok());
    ASSERT_EQ(v1->size(), v2->size());
    int with_value = 0;
    for (size_t i = 0; i < v1->size(); ++i) {
      EXPECT_EQ((*v1)[i].code, (*v2)[i].code);
      EXPECT_EQ((*v1)[i].unit_code, (*v2)[i].unit_code);
      EXPECT_EQ((*v1)[i].value, (*v2)[i].value) << (*v1)[i].code << " " << (*v1)[i].unit_code;
      EXPECT_EQ((*v1)[i].reason.text(), (*v2)[i].reason.text());
      with_value += (*v1)[i].value.has_value();
    }
    EXPECT_GT(with_value, 10);
    auto snap = LoadSnapshot(store, 2020);
    ASSERT_TRUE(snap.ok()) << snap.status().ToString();
    EXPECT_EQ(snap->enrolments().size(), from_records->Find(2020)->enrolments().size());
  }
}

}  // namespace
}  // namespace zj::engine
