// Data-driven import cases: every tests/io/fixtures/*.expect names a fixture file, the table, the
// setup imports, and the expected outcome (written or not, row counts, and the exact set of
// issues as severity + rule code + cell). A failed import must leave the database unchanged.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "test_util.h"
#include "zj/io/importer.h"
#include "zj/storage/import_log.h"
#include "zj/storage/sqlite_store.h"

namespace zj::io {
namespace {

using testing::TempDir;
using testing::TestData;

struct Case {
  std::string name, file, table, encoding, sheet;
  int year = 0;
  std::vector<std::tuple<std::string, std::string, int>> setup;
  ImportOptions options;
  bool written = false;
  std::string rows;
  std::vector<std::string> issues;
};

Case LoadCase(const std::string& path) {
  Case c;
  c.name = std::filesystem::path(path).stem().string();
  std::istringstream in(testing::ReadFile(path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string key;
    ls >> key;
    std::string rest;
    std::getline(ls, rest);
    rest.erase(0, rest.find_first_not_of(' '));
    std::istringstream rs(rest);
    if (key == "file") c.file = rest;
    if (key == "table") c.table = rest;
    if (key == "year") c.year = std::stoi(rest);
    if (key == "encoding") c.encoding = rest;
    if (key == "sheet") c.sheet = rest;
    if (key == "written") c.written = rest == "yes";
    if (key == "rows") c.rows = rest;
    if (key == "issue") c.issues.push_back(rest);
    if (key == "setup") {
      std::string f, t;
      int y = 0;
      rs >> f >> t >> y;
      c.setup.emplace_back(f, t, y);
    }
    if (key == "option") {
      std::string name;
      int v = 0;
      rs >> name >> v;
      if (name == "large_class_size") c.options.large_class_size = v;
      if (name == "age_tolerance") c.options.age_tolerance = v;
    }
  }
  return c;
}

std::string Location(const Issue& i) {
  if (i.col >= 0) return ColumnLetters(i.col) + std::to_string(i.row);
  if (i.row > 0) return "row" + std::to_string(i.row);
  return "file";
}

std::string CountsText(model::Store& s) {
  auto c = s.Counts();
  if (!c.ok()) return c.status().ToString();
  std::ostringstream o;
  o << c->schools << "/" << c->classes << "/" << c->students << "/" << c->enrolments << "/"
    << c->teachers << "/" << c->teacher_years << "/" << c->population << "/" << c->births << "/"
    << c->data_values << "/" << c->facilities;
  return o.str();
}

class ImportCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ImportCaseTest, MatchesExpectation) {
  Case c = LoadCase(GetParam());
  SCOPED_TRACE(c.name);
  TempDir dir;
  auto store = storage::SqliteStore::Open(dir.File("db.sqlite"), {.create_if_missing = true});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  model::DatabaseInfo info;
  info.county_code = "500235";
  ASSERT_TRUE((*store)->SetInfo(info).ok());
  auto log = storage::NewSqliteImportLog(**store);
  for (const auto& [file, table, year] : c.setup) {
    ImportOptions o;
    o.table = table;
    o.year = year;
    auto r = ImportFile(**store, *log, TestData("fixtures/" + file), o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->written) << "setup " << file << " failed:\n" << SummaryToJson(*r);
  }
  std::string before = CountsText(**store);
  ImportOptions o = c.options;
  o.table = c.table;
  o.year = c.year;
  o.user = "tester";
  auto r = ImportFile(**store, *log, TestData("fixtures/" + c.file), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string json = SummaryToJson(*r);
  EXPECT_EQ(r->written, c.written) << json;
  std::ostringstream rows;
  rows << "read=" << r->rows_read << " added=" << r->rows_added << " changed=" << r->rows_changed
       << " unchanged=" << r->rows_unchanged;
  EXPECT_EQ(rows.str(), c.rows) << json;
  std::vector<std::string> got;
  for (const auto& i : r->issues) {
    if (i.severity == Severity::kInfo) continue;
    got.push_back(std::string(SeverityName(i.severity)) + " " + i.code + " " + Location(i));
    EXPECT_FALSE(i.message.empty());
  }
  std::sort(got.begin(), got.end());
  std::sort(c.issues.begin(), c.issues.end());
  std::string got_s, want_s;
  for (const auto& s : got) got_s += s + "\n";
  for (const auto& s : c.issues) want_s += s + "\n";
  EXPECT_EQ(got_s, want_s) << json;
  if (!c.encoding.empty()) EXPECT_EQ(r->encoding, c.encoding);
  if (!c.sheet.empty()) EXPECT_EQ(r->sheet, c.sheet);
  if (!c.written) {
    EXPECT_EQ(CountsText(**store), before) << "a failed import changed the database";
    EXPECT_EQ(r->import_id, 0);
  } else {
    EXPECT_GT(r->import_id, 0);
    auto rec = log->GetImport(r->import_id);
    ASSERT_TRUE(rec.ok() && rec->has_value());
    EXPECT_EQ((*rec)->user, "tester");
    EXPECT_EQ((*rec)->sha256.size(), 64u);
    EXPECT_EQ((*rec)->rows_added, r->rows_added);
  }
}

std::vector<std::string> CaseFiles() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(TestData("fixtures"))) {
    if (e.path().extension() == ".expect") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ImportCaseTest, ::testing::ValuesIn(CaseFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return std::filesystem::path(info.param).stem().string();
                         });

}  // namespace
}  // namespace zj::io
