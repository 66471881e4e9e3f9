// Whole-workflow tests: re-import changes nothing, undo restores the database exactly, export →
// import is the identity (xlsx and CSV), templates import back, the annotated error copy marks
// the bad cells, hostile files are refused cleanly with nothing written, and the reader agrees
// with xlsx2csv on the LibreOffice-made fixtures.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "test_util.h"
#include "zj/common/id_number.h"
#include "zj/io/csv_reader.h"
#include "zj/io/exporter.h"
#include "zj/io/importer.h"
#include "zj/io/memory_import_log.h"
#include "zj/io/xlsx_reader.h"
#include "zj/storage/import_log.h"
#include "zj/storage/memory_store.h"
#include "zj/storage/sqlite_store.h"

namespace zj::io {
namespace {

using testing::ReadFile;
using testing::TempDir;
using testing::TestData;
using testing::WriteFile;

struct Db {
  TempDir dir;
  std::unique_ptr<storage::SqliteStore> store;
  std::unique_ptr<model::ImportLog> log;
  Db() {
    auto s = storage::SqliteStore::Open(dir.File("db.sqlite"), {.create_if_missing = true});
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    store = std::move(*s);
    model::DatabaseInfo info;
    info.county_code = "500235";
    EXPECT_TRUE(store->SetInfo(info).ok());
    log = storage::NewSqliteImportLog(*store);
  }
  ImportSummary Import(const std::string& path, const std::string& table, int year,
                       bool check = false) {
    ImportOptions o;
    o.table = table;
    o.year = year;
    o.check_only = check;
    o.user = "tester";
    auto r = ImportFile(*store, *log, path, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ImportSummary{};
  }
  // Everything stored, as text, for before/after comparisons.
  std::string Dump() {
    std::ostringstream o;
    auto schools = *store->ListSchools();
    auto classes = *store->ListClasses(2024);
    auto students = *store->ListStudents(0);
    auto enrolments = *store->ListEnrolments(2024);
    auto teachers = *store->ListTeachers();
    auto years = *store->ListTeacherYears(2024);
    auto population = *store->ListPopulation(0);
    auto births = *store->ListBirths();
    auto values = *store->ListDataValues("");
    for (const auto& s : schools)
      o << "S " << s.code << s.name << s.type_code << s.township_code << s.urban_rural << s.boarding
        << s.opened_year << "\n";
    for (const auto& c : classes) o << "C " << c.id << c.school_code << c.name << c.grade << "\n";
    for (const auto& s : students)
      o << "P " << s.id << s.id_number << s.name << static_cast<int>(s.gender) << s.ethnicity
        << s.birth_date.ToString() << s.hukou_township << s.migrant << s.left_behind << "\n";
    for (const auto& e : enrolments)
      o << "E " << e.student_id << e.school_code << e.class_id << e.grade
        << static_cast<int>(e.status) << e.prev_school_code << "\n";
    for (const auto& t : teachers) o << "T " << t.id << t.name << t.birth_date.ToString() << "\n";
    for (const auto& y : years)
      o << "Y " << y.teacher_id << y.school_code << y.subjects << y.education
        << static_cast<int>(y.title) << static_cast<int>(y.backbone) << y.on_staff
        << y.training_hours << "\n";
    for (const auto& p : population)
      o << "N " << p.township_code << p.year << p.age << p.count << "\n";
    for (const auto& b : births)
      o << "B " << b.township_code << b.year << b.month << b.count << "\n";
    for (const auto& d : values)
      o << "D " << d.code << d.unit_code << d.year << d.value << d.unit << d.source << d.note
        << "\n";
    return o.str();
  }
};

void LoadAll(Db& db) {
  ASSERT_TRUE(db.Import(TestData("fixtures/schools_ok.csv"), "schools", 0).written);
  ASSERT_TRUE(db.Import(TestData("fixtures/students_ok.csv"), "students", 2024).written);
  ASSERT_TRUE(db.Import(TestData("fixtures/students_gbk_tab.xls"), "students", 2024).written);
  ASSERT_TRUE(db.Import(TestData("fixtures/teachers_ok.csv"), "teachers", 2024).written);
  ASSERT_TRUE(db.Import(TestData("fixtures/population_ok.csv"), "population", 2024).written);
  ASSERT_TRUE(db.Import(TestData("fixtures/births_ok.csv"), "births", 0).written);
  ASSERT_TRUE(db.Import(TestData("fixtures/data_values_ok.csv"), "data_values", 0).written);
}

TEST(ImportWorkflowTest, ReimportChangesNothingAndUndoRestores) {
  Db db;
  LoadAll(db);
  std::string loaded = db.Dump();
  ImportSummary again = db.Import(TestData("fixtures/students_ok.csv"), "students", 2024);
  EXPECT_TRUE(again.written);
  EXPECT_EQ(again.rows_added, 0);
  EXPECT_EQ(again.rows_changed, 0);
  EXPECT_EQ(again.rows_unchanged, 3);
  EXPECT_EQ(db.Dump(), loaded);
  EXPECT_TRUE(db.log->ListChanges(again.import_id)->empty());

  // A correction: one student moves class and one changes 民族; undo brings the old rows back.
  std::string text = ReadFile(TestData("fixtures/students_ok.csv"));
  text.replace(text.find("三年级（2）班"), std::string("三年级（2）班").size(), "三年级（1）班");
  text.replace(text.find(",汉,"), 5, ",苗族,");
  WriteFile(db.dir.File("fix.csv"), text);
  ImportSummary fix = db.Import(db.dir.File("fix.csv"), "students", 2024);
  ASSERT_TRUE(fix.written) << SummaryToJson(fix);
  EXPECT_EQ(fix.rows_changed, 2);
  EXPECT_NE(db.Dump(), loaded);
  // Undoing an older import that the fix touched is refused; undoing the fix works once.
  auto imports = *db.log->ListImports();
  EXPECT_EQ(UndoImport(*db.store, *db.log, imports[1].id, "tester").code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(UndoImport(*db.store, *db.log, fix.import_id, "tester").ok());
  EXPECT_EQ(db.Dump(), loaded);
  EXPECT_EQ(UndoImport(*db.store, *db.log, fix.import_id, "tester").code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(UndoImport(*db.store, *db.log, 999, "tester").code(), StatusCode::kNotFound);
  // Undo of the first students import deletes its students, enrolments and created classes.
  ASSERT_TRUE(UndoImport(*db.store, *db.log, again.import_id, "tester").ok());  // no changes
  auto before_students = db.store->Counts()->students;
  ASSERT_TRUE(UndoImport(*db.store, *db.log, imports[1].id, "tester").ok());
  EXPECT_EQ(db.store->Counts()->students, before_students - 3);
}

// A file larger than one flush batch (4096 rows) and than the bulk-insert chunks: a duplicate far
// from its first row is reported with that row and blocks the import; the clean file adds every
// row; a second file with changed, unchanged and new students is counted right (stored students
// are found, new ones are not), and undo restores the first state.
TEST(ImportWorkflowTest, LargeFileDuplicatesUpdatesAndUndo) {
  Db db;
  std::string schools = "学校标识码,学校名称,办学类型,所在乡镇街道,城乡分类\n";
  for (int s = 0; s < 5; ++s) {
    schools +=
        "500200000" + std::to_string(s) + ",测试小学" + std::to_string(s) + ",小学,500235001,111\n";
  }
  WriteFile(db.dir.File("schools.csv"), schools);
  ASSERT_TRUE(db.Import(db.dir.File("schools.csv"), "schools", 0).written);
  const std::string header = "学校标识码,姓名,性别,出生日期,民族,身份证件号,学段,年级,班级\n";
  auto line = [](int i, const std::string& name) {
    int grade = i % 6 + 1;
    Date birth{2024 - 6 - grade + 1, i % 12 + 1, i % 28 + 1};
    char addr[8];
    std::snprintf(addr, sizeof addr, "5%05d", i / 999);
    std::string id = MakeIdNumber(addr, birth, i % 999 + 1);
    bool male = (id[16] - '0') % 2 == 1;
    return "500200000" + std::to_string(i % 5) + "," + name + "," + (male ? "男" : "女") + "," +
           birth.ToString() + ",汉族," + id + ",小学," + std::to_string(grade) + "," +
           std::to_string(grade) + "年级（1）班\n";
  };
  constexpr int kRows = 5000;
  std::string clean = header;
  for (int i = 0; i < kRows; ++i) clean += line(i, "学生" + std::to_string(i));
  std::string dup = clean + line(7, "重复");  // file row 5002 repeats file row 9
  WriteFile(db.dir.File("dup.csv"), dup);
  WriteFile(db.dir.File("clean.csv"), clean);
  std::string empty = db.Dump();

  ImportSummary bad = db.Import(db.dir.File("dup.csv"), "students", 2024);
  EXPECT_FALSE(bad.written);
  EXPECT_EQ(bad.errors, 1);
  auto dup_issue = std::find_if(bad.issues.begin(), bad.issues.end(),
                                [](const Issue& i) { return i.code == "duplicate_in_file"; });
  ASSERT_NE(dup_issue, bad.issues.end());
  EXPECT_EQ(dup_issue->row, kRows + 2);
  EXPECT_EQ(dup_issue->message, "与第 9 行重复（同一身份证件号）");
  EXPECT_EQ(db.Dump(), empty);

  ImportSummary added = db.Import(db.dir.File("clean.csv"), "students", 2024);
  ASSERT_TRUE(added.written) << SummaryToJson(added).substr(0, 2000);
  EXPECT_EQ(added.rows_added, kRows);
  EXPECT_EQ(db.store->Counts()->students, kRows);
  std::string loaded = db.Dump();

  // Rows 0..99 renamed, 100..4999 as before, 5000..5099 new.
  std::string next = header;
  for (int i = 0; i < kRows + 100; ++i) {
    next += line(i, (i < 100 ? "改名" : "学生") + std::to_string(i));
  }
  WriteFile(db.dir.File("next.csv"), next);
  ImportSummary mixed = db.Import(db.dir.File("next.csv"), "students", 2024);
  ASSERT_TRUE(mixed.written);
  EXPECT_EQ(mixed.rows_added, 100);
  EXPECT_EQ(mixed.rows_changed, 100);
  EXPECT_EQ(mixed.rows_unchanged, kRows - 100);
  EXPECT_EQ(db.store->Counts()->students, kRows + 100);
  EXPECT_EQ(db.log->ListChanges(mixed.import_id)->size(), 100u + 2 * 100u);
  ASSERT_TRUE(UndoImport(*db.store, *db.log, mixed.import_id, "tester").ok());
  EXPECT_EQ(db.Dump(), loaded);
  ImportSummary again = db.Import(db.dir.File("clean.csv"), "students", 2024);
  EXPECT_EQ(again.rows_unchanged, kRows);
  EXPECT_EQ(db.Dump(), loaded);
}

// The in-memory journal finds stored students too: a re-import into a MemoryStore is unchanged.
TEST(ImportWorkflowTest, MemoryStoreReimportFindsStoredStudents) {
  storage::MemoryStore store;
  model::DatabaseInfo info;
  info.county_code = "500235";
  ASSERT_TRUE(store.SetInfo(info).ok());
  auto log = NewMemoryImportLog(store);
  ImportOptions o;
  o.table = "schools";
  ASSERT_TRUE(ImportFile(store, *log, TestData("fixtures/schools_ok.csv"), o)->written);
  o.table = "students";
  o.year = 2024;
  auto first = ImportFile(store, *log, TestData("fixtures/students_ok.csv"), o);
  ASSERT_TRUE(first.ok() && first->written);
  EXPECT_EQ(first->rows_added, 3);
  auto again = ImportFile(store, *log, TestData("fixtures/students_ok.csv"), o);
  ASSERT_TRUE(again.ok() && again->written);
  EXPECT_EQ(again->rows_added, 0);
  EXPECT_EQ(again->rows_unchanged, 3);
  EXPECT_EQ(store.Counts()->students, 3);
}

TEST(ImportWorkflowTest, CheckOnlyWritesNothing) {
  Db db;
  ASSERT_TRUE(db.Import(TestData("fixtures/schools_ok.csv"), "schools", 0).written);
  std::string before = db.Dump();
  ImportSummary s = db.Import(TestData("fixtures/students_ok.csv"), "students", 2024, true);
  EXPECT_FALSE(s.written);
  EXPECT_EQ(s.errors, 0);
  EXPECT_EQ(s.rows_added, 3);
  EXPECT_EQ(db.Dump(), before);
  EXPECT_EQ(db.log->ListImports()->size(), 1u);
}

TEST(ImportWorkflowTest, UnitScopeHookRefusesForeignRowsAndWritesNothing) {
  Db db;
  ASSERT_TRUE(db.Import(TestData("fixtures/schools_ok.csv"), "schools", 0).written);
  std::string before = db.Dump();
  std::vector<RowUnits> seen;
  ImportOptions o;
  o.table = "students";
  o.year = 2024;
  o.user = "tester";
  o.unit_allowed = [&](const RowUnits& u) {
    seen.push_back(u);
    return u.school != "5002350001";
  };
  auto r = ImportFile(*db.store, *db.log, TestData("fixtures/students_ok.csv"), o);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->written);
  EXPECT_EQ(r->errors, 3);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].school, "5002350001");
  EXPECT_EQ(seen[0].township, "");
  for (const Issue& i : r->issues) {
    if (i.severity != Severity::kError) continue;
    EXPECT_EQ(i.code, "out_of_scope");
    EXPECT_EQ(i.column, "学校标识码");
    EXPECT_EQ(i.value, "5002350001");
  }
  EXPECT_EQ(db.Dump(), before);
  // Schools: the row's own code and township; manual values: the unit.
  seen.clear();
  o.table = "schools";
  o.year = 0;
  o.unit_allowed = [&](const RowUnits& u) {
    seen.push_back(u);
    return true;
  };
  ASSERT_TRUE(ImportFile(*db.store, *db.log, TestData("fixtures/schools_ok.csv"), o).ok());
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen[0].school, "5002350001");
  EXPECT_EQ(seen[0].township, "500235001");
  seen.clear();
  o.table = "data_values";
  ASSERT_TRUE(ImportFile(*db.store, *db.log, TestData("fixtures/data_values_ok.csv"), o).ok());
  ASSERT_FALSE(seen.empty());
  EXPECT_FALSE(seen[0].unit.empty());
  EXPECT_TRUE(seen[0].school.empty());
}

// Issue #15: a school account moved another school's student into its own school by importing
// a 转入 row naming the other school. The move needs the scope of the school the student leaves.
TEST(ImportWorkflowTest, TransferInNeedsTheScopeOfTheSchoolLeft) {
  Db db;
  ASSERT_TRUE(db.Import(TestData("fixtures/schools_ok.csv"), "schools", 0).written);
  ASSERT_TRUE(db.Import(TestData("fixtures/students_ok.csv"), "students", 2024).written);
  const std::string before = db.Dump();
  const std::string file = db.dir.File("transfer.csv");
  WriteFile(file,
            "学校标识码,姓名,性别,出生日期,民族,身份证件号,学段,年级,学籍状态,原学校标识码\n"
            "5002350003,李小红,女,2015-06-20,汉族,50023520150620022X,小学,3,转入,5002350001\n");
  ImportOptions o;
  o.table = "students";
  o.year = 2024;
  o.user = "school-c";
  o.unit_allowed = [](const RowUnits& u) { return u.school == "5002350003"; };  // school C only
  auto r = ImportFile(*db.store, *db.log, file, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->written);
  ASSERT_EQ(r->errors, 1);
  for (const Issue& i : r->issues) {
    if (i.severity != Severity::kError) continue;
    EXPECT_EQ(i.code, "out_of_scope");
    EXPECT_EQ(i.column, "原学校标识码");
    EXPECT_NE(i.message.find("5002350001"), std::string::npos) << i.message;
  }
  EXPECT_EQ(db.Dump(), before);
  // An account covering both schools (the county) may move the student.
  o.unit_allowed = [](const RowUnits&) { return true; };
  auto county = ImportFile(*db.store, *db.log, file, o);
  ASSERT_TRUE(county.ok());
  EXPECT_TRUE(county->written);
  EXPECT_EQ(county->errors, 0);
}

// The before_commit hook runs inside the import's transaction: its failure undoes the import.
TEST(ImportWorkflowTest, BeforeCommitFailureWritesNothing) {
  Db db;
  ASSERT_TRUE(db.Import(TestData("fixtures/schools_ok.csv"), "schools", 0).written);
  const std::string before = db.Dump();
  const size_t journal_before = db.log->ListImports()->size();
  ImportOptions o;
  o.table = "students";
  o.year = 2024;
  o.user = "tester";
  int64_t seen_id = 0;
  o.before_commit = [&](const ImportSummary& s) {
    seen_id = s.import_id;
    return Status::IoError("audit log unavailable");
  };
  auto r = ImportFile(*db.store, *db.log, TestData("fixtures/students_ok.csv"), o);
  EXPECT_FALSE(r.ok());
  EXPECT_GT(seen_id, 0);
  EXPECT_EQ(db.Dump(), before);
  EXPECT_EQ(db.log->ListImports()->size(), journal_before);
  // A hook that succeeds sees the journal id the import keeps.
  o.before_commit = [&](const ImportSummary& s) {
    seen_id = s.import_id;
    return Status::Ok();
  };
  auto ok = ImportFile(*db.store, *db.log, TestData("fixtures/students_ok.csv"), o);
  ASSERT_TRUE(ok.ok() && ok->written);
  EXPECT_EQ(ok->import_id, seen_id);
  // Undo with a failing hook leaves the import in effect.
  EXPECT_FALSE(UndoImport(*db.store, *db.log, ok->import_id, "tester", [] {
                 return Status::IoError("audit log unavailable");
               }).ok());
  EXPECT_EQ(db.store->Counts()->students, 3);
}

// Which years an import may write: data first (years held, year asked, current school year,
// allow_new_year → accepted?).
TEST(ImportYearTest, OnlyHeldYearsOrTheNextUnlessAllowed) {
  struct Case {
    std::vector<int> years;
    int year;
    int current;
    bool allow;
    bool ok;
  } cases[] = {
      {{2023, 2024, 2025}, 2024, 2026, false, true},   // a year held
      {{2023, 2024, 2025}, 2026, 2026, false, true},   // the next school year
      {{2023, 2024, 2025}, 2027, 2026, false, false},  // two ahead
      {{2023, 2024, 2025}, 2100, 2026, false, false},  // the stray row of issue #15
      {{2023, 2024, 2025}, 2100, 2026, true, false},   // never beyond next year, even allowed
      {{2023, 2024, 2025}, 2015, 2026, false, false},  // history needs the confirmation
      {{2023, 2024, 2025}, 2015, 2026, true, true},
      {{}, 2026, 2026, false, true},  // an empty database: this school year …
      {{}, 2027, 2026, false, true},  // … or the next
      {{}, 2020, 2026, false, false},
      {{}, 2020, 2026, true, true},
      {{2025}, 1948, 2026, true, false},
  };
  for (const Case& c : cases) {
    Status s = CheckImportYear(c.years, c.year, c.current, c.allow);
    EXPECT_EQ(s.ok(), c.ok) << c.year << " allow=" << c.allow << ": " << s.ToString();
    if (!s.ok()) EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  }
}

class ExportRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(ExportRoundTrip, ExportThenImportIsIdentity) {
  Db db;
  LoadAll(db);
  // Full-width brackets and spaces inside names are data, not noise: they must survive.
  model::School kg = (*db.store->ListSchools())[3];
  kg.code = "5002350009";
  kg.name = "云阳县人和幼儿园（二）　分园";
  ASSERT_TRUE(db.store->PutSchools({kg}).ok());
  std::string loaded = db.Dump();
  for (const TableDef* t : Tables()) {
    SCOPED_TRACE(t->name);
    std::string out = db.dir.File(t->name + GetParam());
    ExportOptions o{t->name, 2024, "", /*unmasked=*/true};
    auto r = ExportTable(*db.store, o, out);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ImportSummary s = db.Import(out, t->name, 2024);
    EXPECT_TRUE(s.written) << SummaryToJson(s);
    EXPECT_EQ(s.rows_read, r->rows);
    EXPECT_EQ(s.rows_changed + s.rows_added, 0) << SummaryToJson(s);
    EXPECT_EQ(s.rows_unchanged, r->rows);
  }
  EXPECT_EQ(db.Dump(), loaded);
}

INSTANTIATE_TEST_SUITE_P(Formats, ExportRoundTrip, ::testing::Values(".xlsx", ".csv"),
                         [](const auto& info) { return std::string(info.param + 1); });

TEST(ExportTest, MasksPersonalFieldsAndFiltersByUnit) {
  Db db;
  LoadAll(db);
  std::string out = db.dir.File("s.csv");
  ExportOptions o{"students", 2024, "5002350002", false};
  auto r = ExportTable(*db.store, o, out);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows, 2);  // the two junior students of 5002350002
  std::string text = ReadFile(out);
  EXPECT_NE(text.find("赵*"), std::string::npos) << text;
  EXPECT_EQ(text.find("赵一"), std::string::npos);
  EXPECT_NE(text.find("500235********"), std::string::npos) << text;
  EXPECT_NE(text.find("2012-**-**"), std::string::npos);
  o.unit = "500235001";  // township 双江街道: school 5002350001
  EXPECT_EQ(ExportTable(*db.store, o, out)->rows, 3);
  EXPECT_EQ(ExportTable(*db.store, {"students", 0, "", false}, out).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      ExportTable(*db.store, {"students", 2024, "", false}, db.dir.File("x.txt")).status().code(),
      StatusCode::kInvalidArgument);
}

// Entry names of an xlsx.
std::string ZipEntries(const std::string& path) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (z == nullptr) return "";
  std::string names;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    names += std::string(zip_get_name(z, static_cast<zip_uint64_t>(i), 0)) + "\n";
  }
  zip_discard(z);
  return names;
}

std::string ZipEntry(const std::string& path, const std::string& name) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  std::string out;
  char buf[4096];
  zip_int64_t n;
  while (f != nullptr && (n = zip_fread(f, buf, sizeof buf)) > 0) out.append(buf, n);
  if (f) zip_fclose(f);
  zip_discard(z);
  return out;
}

TEST(TemplateTest, EveryTableTemplateHasDropdownsAndImportsEmpty) {
  Db db;
  ASSERT_TRUE(db.Import(TestData("fixtures/schools_ok.csv"), "schools", 0).written);
  for (const TableDef* t : Tables()) {
    SCOPED_TRACE(t->name);
    std::string path = db.dir.File(t->name + "_template.xlsx");
    ASSERT_TRUE(WriteTemplate(*t, path).ok());
    auto wb = XlsxWorkbook::Open(path);
    ASSERT_TRUE(wb.ok()) << wb.status().ToString();
    ASSERT_EQ((*wb)->sheets().size(), 3u);
    EXPECT_EQ((*wb)->sheets()[0].name, t->sheet);
    EXPECT_EQ((*wb)->sheets()[1].name, "填写说明");
    EXPECT_TRUE((*wb)->sheets()[2].hidden);
    std::string sheet1 = ZipEntry(path, "xl/worksheets/sheet1.xml");
    bool coded = false;
    for (const auto& c : t->columns)
      coded |= c.type == ColumnType::kCode || c.type == ColumnType::kBool;
    if (coded) EXPECT_NE(sheet1.find("<dataValidation type=\"list\""), std::string::npos);
    EXPECT_NE(ZipEntries(path).find("comments"), std::string::npos);
    // The untouched template (header + example row) imports as "no rows".
    ImportSummary s = db.Import(path, t->name, 2024, true);
    EXPECT_EQ(s.errors, 0) << SummaryToJson(s);
    EXPECT_EQ(s.rows_read, 0) << SummaryToJson(s);
  }
}

TEST(TemplateTest, FilledTemplateImports) {
  Db db;
  ASSERT_TRUE(db.Import(TestData("fixtures/schools_ok.csv"), "schools", 0).written);
  std::string path = db.dir.File("t.xlsx");
  ASSERT_TRUE(WriteTemplate(*FindTable("population"), path).ok());
  // Fill it the way a user would: a second workbook with the same header and one row.
  lxw_workbook* wb = workbook_new(db.dir.File("filled.xlsx").c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "人口");
  const TableDef& t = *FindTable("population");
  for (size_t i = 0; i < t.columns.size(); ++i) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(i), t.columns[i].header.c_str(), nullptr);
  }
  worksheet_write_string(ws, 1, 0, "青龙街道", nullptr);
  worksheet_write_number(ws, 1, 1, 6, nullptr);
  worksheet_write_number(ws, 1, 2, 410, nullptr);
  workbook_close(wb);
  ImportSummary s = db.Import(db.dir.File("filled.xlsx"), "population", 2024);
  EXPECT_TRUE(s.written) << SummaryToJson(s);
  auto pop = *db.store->ListPopulation(2024);
  ASSERT_EQ(pop.size(), 1u);
  EXPECT_EQ(pop[0].count, 410);
}

TEST(AnnotatedCopyTest, MarksBadCellsAndAddsErrorColumn) {
  Db db;
  ASSERT_TRUE(db.Import(TestData("fixtures/schools_ok.csv"), "schools", 0).written);
  ImportSummary s = db.Import(TestData("fixtures/students_errors.csv"), "students", 2024);
  ASSERT_GT(s.errors, 0);
  std::string out = db.dir.File("report.xlsx");
  ASSERT_TRUE(WriteAnnotatedCopy(TestData("fixtures/students_errors.csv"), s, out).ok());
  auto wb = XlsxWorkbook::Open(out);
  ASSERT_TRUE(wb.ok());
  auto src = (*wb)->OpenSheet(0);
  std::string all = testing::Drain(**src);
  // The original values come back, plus the 错误说明 column K.
  EXPECT_NE(all.find("K1=错误说明"), std::string::npos) << all;
  EXPECT_NE(all.find("K4=【身份证件号】身份证号"), std::string::npos) << all;
  EXPECT_NE(all.find("K13="), std::string::npos);  // warning rows get their note too
  EXPECT_EQ(all.find("K2="), std::string::npos);   // a clean row has none
  std::string comments;
  for (const std::string& name : {"xl/comments1.xml", "xl/comments2.xml"}) {
    comments += ZipEntry(out, name);
  }
  EXPECT_NE(comments.find("校验码"), std::string::npos);
  std::string styles = ZipEntry(out, "xl/styles.xml");
  EXPECT_NE(styles.find("FFFFC7CE"), std::string::npos);  // red fill for errors
  // Fixing the marked cells and sending the same file back is the intended loop: re-import the
  // copy (extra 错误说明 column is ignored) → still the same errors, nothing else.
  ImportSummary again = db.Import(out, "students", 2024, true);
  EXPECT_EQ(again.errors, s.errors) << SummaryToJson(again);
}

TEST(HostileImportTest, BadFilesGiveOneClearIssueAndWriteNothing) {
  Db db;
  ASSERT_TRUE(db.Import(TestData("fixtures/schools_ok.csv"), "schools", 0).written);
  std::string before = db.Dump();
  struct Bad {
    std::string name, bytes, code;
  };
  std::string good = ReadFile(TestData("fixtures/students_lo_school.xlsx"));
  std::vector<Bad> bad = {
      {"junk.xlsx", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0", 20), "file_read"},
      {"truncated.xlsx", good.substr(0, good.size() / 2), "file_read"},
      {"old.xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'),
       "file_format"},
      {"page.xls", "<html><body><table><tr><td>姓名</td></tr></table></body></html>",
       "file_format"},
      {"empty.csv", "", "file_format"},
      {"wrong.csv", "甲,乙\n1,2\n", "missing_column"},
  };
  for (const auto& b : bad) {
    SCOPED_TRACE(b.name);
    WriteFile(db.dir.File(b.name), b.bytes);
    ImportSummary s = db.Import(db.dir.File(b.name), "students", 2024);
    EXPECT_FALSE(s.written);
    ASSERT_EQ(s.issues.size(), 1u) << SummaryToJson(s);
    EXPECT_EQ(s.issues[0].code, b.code) << s.issues[0].message;
    EXPECT_EQ(db.Dump(), before);
  }
  // A formula error value in a cell is reported at the cell.
  lxw_workbook* wb = workbook_new(db.dir.File("formula.xlsx").c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "人口");
  worksheet_write_string(ws, 0, 0, "乡镇街道", nullptr);
  worksheet_write_string(ws, 0, 1, "年龄", nullptr);
  worksheet_write_string(ws, 0, 2, "人数", nullptr);
  worksheet_write_string(ws, 1, 0, "500235001", nullptr);
  worksheet_write_number(ws, 1, 1, 3, nullptr);
  worksheet_write_formula_str(ws, 1, 2, "=1/0", nullptr, "#DIV/0!");
  workbook_close(wb);
  // libxlsxwriter writes string results as t="str"; rewrite as an error cell is not possible
  // through its API, so the check is that a formula string result is parsed as text → number
  // error, with nothing written.
  ImportSummary f = db.Import(db.dir.File("formula.xlsx"), "population", 2024);
  EXPECT_FALSE(f.written);
  ASSERT_EQ(f.errors, 1);
  EXPECT_EQ(f.issues.back().code, "number");
}

// xlsx2csv (a Python reader) as an oracle for string cells of LibreOffice-made files.
TEST(OracleTest, ReaderAgreesWithXlsx2csv) {
  if (std::system("command -v xlsx2csv >/dev/null 2>&1") != 0) GTEST_SKIP() << "no xlsx2csv";
  TempDir dir;
  for (const char* f : {"students_lo_school.xlsx", "students_lo_numeric_ids.xlsx"}) {
    SCOPED_TRACE(f);
    std::string path = TestData(std::string("fixtures/") + f);
    auto wb = XlsxWorkbook::Open(path);
    ASSERT_TRUE(wb.ok());
    int sheet = static_cast<int>((*wb)->sheets().size()) - 1;
    std::string csv = dir.File("oracle.csv");
    std::string cmd = "xlsx2csv -s " + std::to_string(sheet + 1) + " '" + path + "' '" + csv + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    auto oracle = CsvReader::Open(csv);
    ASSERT_TRUE(oracle.ok());
    auto mine = (*wb)->OpenSheet(sheet);
    ASSERT_TRUE(mine.ok());
    SheetRow a, b;
    int compared = 0;
    while (*(*mine)->Next(&a)) {
      ASSERT_TRUE(*(*oracle)->Next(&b));
      for (const Cell& c : a.cells) {
        const Cell* o = b.Find(c.col);
        ASSERT_NE(o, nullptr) << c.text;
        if (c.type == CellType::kString || c.type == CellType::kDate) {
          EXPECT_EQ(c.text, o->text);
        } else {
          EXPECT_DOUBLE_EQ(c.number, std::strtod(o->text.c_str(), nullptr)) << o->text;
        }
        ++compared;
      }
    }
    EXPECT_GT(compared, 8);
  }
}

long MaxRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

// A sheet with Excel's maximum of 1,048,576 rows streams in flat memory, and is refused cleanly
// under a lower row limit.
TEST(LargeSheetTest, MillionRowsStreamWithinLimits) {
  TempDir dir;
  std::string path = dir.File("big.xlsx");
  lxw_workbook_options opt{};
  opt.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &opt);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "数据");
  for (lxw_row_t r = 0; r < 1'048'576; ++r) worksheet_write_number(ws, r, 0, r, nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  long rss_before = MaxRssMb();
  auto book = XlsxWorkbook::Open(path);
  ASSERT_TRUE(book.ok());
  auto src = (*book)->OpenSheet(0);
  ASSERT_TRUE(src.ok());
  SheetRow row;
  int64_t n = 0, last = 0;
  while (true) {
    auto more = (*src)->Next(&row);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    ++n;
    last = row.row;
  }
  EXPECT_EQ(n, 1'048'576);
  EXPECT_EQ(last, 1'048'576);
  EXPECT_LT(MaxRssMb() - rss_before, 64);
  ReaderLimits small;
  small.max_rows = 100'000;
  auto limited = XlsxWorkbook::Open(path, small);
  ASSERT_TRUE(limited.ok());
  auto src2 = (*limited)->OpenSheet(0);
  Status s;
  testing::Drain(**src2, &s);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(s.message().find("行数上限"), std::string::npos);
}

}  // namespace
}  // namespace zj::io
