// SQLite-only behaviour of SqliteStore: persistence across reopen, the schema settings, and the
// refusals that must leave a file byte-identical (newer schema, text file, random bytes, foreign
// SQLite database), missing files, and read-only opening. The raw sqlite3 API is used here only
// to build foreign files and to fake a newer schema.
#include "zj/storage/sqlite_store.h"

#include <gtest/gtest.h>
#include <malloc.h>
#include <sqlite3.h>

#include <filesystem>
#include <functional>
#include <random>
#include <set>
#include <type_traits>

#include "store_fixture.h"
#include "temp_dir.h"
#include "zj/common/embedded.h"
#include "zj/storage/account_store.h"
#include "zj/storage/import_log.h"
#include "zj/storage/memory_store.h"

namespace zj::storage {
namespace {

using testing::DumpAll;
using testing::kFixtureYears;
using testing::MakeCountyFixture;
using testing::PutCountyFixture;
using testing::ReadFileBytes;
using testing::TempDir;
using testing::WriteFileBytes;

// Runs SQL on a file with a plain sqlite3 connection (outside zhijiao).
void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

// One row, one column of an integer query on a plain connection.
int64_t RawQueryInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  int64_t v = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW) {
    v = sqlite3_column_int64(s, 0);
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return v;
}

std::set<std::string> ListDir(const std::filesystem::path& dir) {
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    names.insert(e.path().filename().string());
  }
  return names;
}

// Creates a zhijiao database holding the county fixture and closes it.
void MakeCountyDb(const std::string& path) {
  auto store = SqliteStore::Open(path, {.create_if_missing = true});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE(PutCountyFixture(**store, MakeCountyFixture()).ok());
}

TEST(SqliteStoreTest, ReopenKeepsEverything) {
  TempDir dir;
  const std::string path = dir.File("county.db");
  std::vector<std::string> before;
  {
    auto store = SqliteStore::Open(path, {.create_if_missing = true});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE(PutCountyFixture(**store, MakeCountyFixture()).ok());
    model::DatabaseInfo info;
    info.synthetic = true;
    info.county_code = "500235";
    info.created_by = "test";
    ASSERT_TRUE((*store)->SetInfo(info).ok());
    before = DumpAll(**store, kFixtureYears);
  }
  auto store = SqliteStore::Open(path);  // no create needed now
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(DumpAll(**store, kFixtureYears), before);
  EXPECT_EQ(before.size(), 49u);  // the dump is not trivially empty
}

// WAL journal, STRICT tables, schema version and the meta marker, as another tool sees them.
TEST(SqliteStoreTest, SchemaSettings) {
  TempDir dir;
  const std::string path = dir.File("county.db");
  MakeCountyDb(path);
  EXPECT_EQ(RawQueryInt(path, "PRAGMA user_version"), CurrentSchemaVersion());
  EXPECT_EQ(RawQueryInt(path,
                        "SELECT count(*) FROM meta WHERE key = 'application' AND "
                        "value = 'zhijiao'"),
            1);
  const std::string bytes = ReadFileBytes(path);
  ASSERT_GE(bytes.size(), 20u);
  EXPECT_EQ(bytes[18], 2) << "file format write version 2 = WAL";
  EXPECT_EQ(bytes[19], 2) << "file format read version 2 = WAL";
  // Every zhijiao table is STRICT.
  EXPECT_EQ(RawQueryInt(path,
                        "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND "
                        "type = 'table' AND name NOT LIKE 'sqlite_%' AND strict = 0"),
            0);
  EXPECT_GE(RawQueryInt(path,
                        "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND "
                        "type = 'table' AND strict = 1"),
            13);
  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->GetInfo()->schema_version, CurrentSchemaVersion());
}

TEST(SqliteStoreTest, NewerSchemaIsRefusedAndFileUntouched) {
  TempDir dir;
  const std::string path = dir.File("county.db");
  MakeCountyDb(path);
  const int newer = CurrentSchemaVersion() + 1;
  RawExec(path, "PRAGMA user_version = " + std::to_string(newer));
  const std::string bytes = ReadFileBytes(path);
  const auto files = ListDir(dir.path());
  for (bool read_only : {false, true}) {
    auto store = SqliteStore::Open(path, {.read_only = read_only});
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
    const std::string expected = "数据库版本 " + std::to_string(newer) + " 高于本程序支持的版本 " +
                                 std::to_string(CurrentSchemaVersion()) + "，请升级 zhijiao";
    EXPECT_NE(store.status().message().find(expected), std::string::npos)
        << store.status().message();
    EXPECT_NE(store.status().message().find("please upgrade zhijiao"), std::string::npos);
    EXPECT_EQ(ReadFileBytes(path), bytes);
    if (!read_only) {
      EXPECT_EQ(ListDir(dir.path()), files);
    } else {
      // A read-only SQLite connection to a WAL database may leave the (empty) WAL companions.
      for (const std::string& name : ListDir(dir.path())) {
        if (files.contains(name)) continue;
        EXPECT_TRUE(name == "county.db-wal" || name == "county.db-shm") << name;
        if (name == "county.db-wal") EXPECT_EQ(std::filesystem::file_size(dir.File(name)), 0u);
      }
    }
  }
}

std::string ReadCase(const std::string& name) {
  return ReadFileBytes(std::string(ZJ_TEST_DATA_DIR) + "/cases/" + name);
}

// A file written by the first release (schema version 1, cases/schema_v1.sql) is upgraded in place
// to the current version and keeps every record.
TEST(SqliteStoreTest, UpgradesAVersion1Database) {
  TempDir dir;
  const std::string path = dir.File("v1.db");
  const std::string dump = ReadCase("schema_v1.sql");
  ASSERT_FALSE(dump.empty());
  RawExec(path, dump);
  ASSERT_EQ(RawQueryInt(path, "PRAGMA user_version"), 1);
  const std::string v1_bytes = ReadFileBytes(path);

  // Read-only cannot upgrade: refused, file untouched.
  auto ro = SqliteStore::Open(path, {.read_only = true});
  ASSERT_FALSE(ro.ok());
  EXPECT_EQ(ro.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(ro.status().message().find("数据库版本 1 低于本程序的版本"), std::string::npos)
      << ro.status().message();
  EXPECT_EQ(ReadFileBytes(path), v1_bytes);

  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(RawQueryInt(path, "PRAGMA user_version"), CurrentSchemaVersion());

  MemoryStore expected;
  model::DatabaseInfo info;
  info.synthetic = true;
  info.county_code = "500235";
  info.created_by = "zhijiao 0.1 (schema v1)";
  ASSERT_TRUE(expected.SetInfo(info).ok());
  ASSERT_TRUE(PutCountyFixture(expected, MakeCountyFixture()).ok());
  EXPECT_EQ(DumpAll(**store, kFixtureYears), DumpAll(expected, kFixtureYears));
  // And it is writable under the new schema.
  EXPECT_TRUE((*store)->PutSchools({{"2150000077", "新校"}}).ok());
  // Migration 6 stored the embedded plan of the county (500235), so the database keeps working
  // now that plans are read from the database.
  auto plans = (*store)->ListPlans();
  ASSERT_TRUE(plans.ok()) << plans.status().ToString();
  ASSERT_EQ(plans->size(), 1u);
  const model::StoredPlan& p = plans->front();
  EXPECT_EQ(p.id, "yunyang-2021-2025");
  EXPECT_EQ(p.version, 1);
  EXPECT_EQ(p.status, "adopted");
  EXPECT_EQ(p.unit_code, "500235");
  EXPECT_EQ(p.first_year, 2021);
  EXPECT_EQ(p.last_year, 2025);
  EXPECT_EQ(p.baseline_year, 2020);
  EXPECT_EQ(p.target_count, 122);  // commitments: 128 entries, 6 restatements
  EXPECT_EQ(p.json, *common::EmbeddedFile("data/plans/yunyang-2021-2025.json"));
}

// A new database has no county when it is created: no plan is seeded (the demo and `plan
// import` store plans); plans are versioned and deleted as a whole, in SQLite and in memory.
TEST(SqliteStoreTest, PlansAreVersionedInBothStores) {
  TempDir dir;
  auto sqlite = SqliteStore::Open(dir.File("new.db"), {.create_if_missing = true});
  ASSERT_TRUE(sqlite.ok());
  MemoryStore memory;
  for (model::Store* store :
       {static_cast<model::Store*>(sqlite->get()), static_cast<model::Store*>(&memory)}) {
    EXPECT_TRUE(store->ListPlans()->empty());
    model::StoredPlan p{"a", 1, "draft", "甲", "500235", 2021, 2025, 2020, 3, "{}", 1, "x"};
    ASSERT_TRUE(store->PutPlan(p).ok());
    EXPECT_EQ(store->PutPlan(p).code(), StatusCode::kAlreadyExists);
    p.version = 2;
    p.status = "adopted";
    ASSERT_TRUE(store->PutPlan(p).ok());
    p.id = "b";
    p.version = 1;
    ASSERT_TRUE(store->PutPlan(p).ok());
    auto all = store->ListPlans();
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, "a");
    EXPECT_EQ((*all)[0].version, 2);
    EXPECT_EQ((*store->GetPlan("a"))->status, "adopted");
    EXPECT_FALSE(store->GetPlan("c")->has_value());
    ASSERT_TRUE(store->DeletePlan("a").ok());
    EXPECT_EQ(store->DeletePlan("a").code(), StatusCode::kNotFound);
    EXPECT_FALSE(store->GetPlan("a")->has_value());
    EXPECT_EQ(store->ListPlans()->size(), 1u);
    // A failed transaction leaves the plans as they were.
    Status st = store->RunInTransaction([&] {
      (void)store->DeletePlan("b");
      return Status::InvalidArgument("roll back");
    });
    EXPECT_FALSE(st.ok());
    EXPECT_TRUE(store->GetPlan("b")->has_value());
  }
}

// A migration that fails is rolled back as a whole: the file stays at its old version.
TEST(SqliteStoreTest, FailedUpgradeLeavesTheOldVersion) {
  TempDir dir;
  const std::string path = dir.File("v1.db");
  RawExec(path, ReadCase("schema_v1.sql"));
  // Step 2 creates account_user … then audit_log; a table already named audit_log makes the step
  // fail after it has created the first tables.
  RawExec(path, "CREATE TABLE audit_log (x INTEGER);");
  auto store = SqliteStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("数据库升级到版本 2"), std::string::npos)
      << store.status().message();
  EXPECT_EQ(RawQueryInt(path, "PRAGMA user_version"), 1);
  EXPECT_EQ(RawQueryInt(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'account_user'"), 0);
  EXPECT_EQ(RawQueryInt(path, "SELECT count(*) FROM school"), 3);
}

// Files that are not zhijiao databases are refused with kInvalidArgument and left byte-identical,
// even with create_if_missing (data first: each case is a file builder and the expected words).
TEST(SqliteStoreTest, ForeignFilesAreRefusedAndLeftByteIdentical) {
  std::mt19937 rng(42);
  std::string random_bytes(8192, '\0');
  for (char& c : random_bytes) c = static_cast<char>(rng() & 0xff);
  std::string fake_header = std::string("SQLite format 3", 16) + random_bytes;

  struct Case {
    std::string name;
    std::function<void(const std::string&)> make;
    std::string expected;  // part of the message
  } cases[] = {
      {"text file", [](const std::string& p) { WriteFileBytes(p, "学校,学生\n双江小学,1200\n"); },
       "不是 SQLite 数据库文件"},
      {"random bytes", [&](const std::string& p) { WriteFileBytes(p, random_bytes); },
       "不是 SQLite 数据库文件"},
      {"short file", [](const std::string& p) { WriteFileBytes(p, "SQLite format 3"); },
       "不是 SQLite 数据库文件"},
      {"SQLite magic then garbage", [&](const std::string& p) { WriteFileBytes(p, fake_header); },
       "不是 SQLite 数据库文件"},
      {"foreign SQLite database",
       [](const std::string& p) {
         RawExec(p,
                 "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT);"
                 "INSERT INTO people VALUES (1, '张三');");
       },
       "不是 zhijiao 数据库"},
      {"foreign SQLite database with a meta table",
       [](const std::string& p) {
         RawExec(p,
                 "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                 "INSERT INTO meta VALUES ('application', 'other');");
       },
       "不是 zhijiao 数据库"},
      {"foreign SQLite database with an odd meta table",
       [](const std::string& p) { RawExec(p, "CREATE TABLE meta (x INTEGER);"); },
       "不是 zhijiao 数据库"},
      {"empty SQLite database",
       [](const std::string& p) { RawExec(p, "PRAGMA user_version = 3;"); }, "不是 zhijiao 数据库"},
  };
  for (const Case& c : cases) {
    for (OpenOptions options :
         {OpenOptions{}, OpenOptions{.create_if_missing = true}, OpenOptions{.read_only = true}}) {
      TempDir dir;
      const std::string path = dir.File("input.db");
      c.make(path);
      const std::string bytes = ReadFileBytes(path);
      const auto files = ListDir(dir.path());
      ASSERT_FALSE(bytes.empty()) << c.name;
      auto store = SqliteStore::Open(path, options);
      ASSERT_FALSE(store.ok()) << c.name;
      EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument) << c.name;
      EXPECT_NE(store.status().message().find(c.expected), std::string::npos)
          << c.name << ": " << store.status().message();
      EXPECT_NE(store.status().message().find(path), std::string::npos) << c.name;
      EXPECT_EQ(ReadFileBytes(path), bytes) << c.name;
      EXPECT_EQ(ListDir(dir.path()), files) << c.name;
    }
  }
}

// Bytes allocated with malloc (every arena, mmapped blocks included). Debian's SQLite keeps no
// memory statistics of its own (sqlite3_memory_used() is 0).
int64_t HeapInUse() {
  struct mallinfo2 m = mallinfo2();
  return static_cast<int64_t>(m.uordblks + m.hblkhd);
}

// A long-running reader (the server) opens with a small page cache: a full read of the file must
// not leave it resident in the connection's cache, as the default 256 MiB cache does.
TEST(SqliteStoreTest, CacheMibBoundsThePageCache) {
  TempDir dir;
  const std::string path = dir.File("students.db");
  constexpr int kStudents = 120000;
  {
    auto store = SqliteStore::Open(path, {.create_if_missing = true});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    std::vector<model::Student> students(kStudents);
    for (int i = 0; i < kStudents; ++i) {
      students[i].id = i + 1;
      students[i].name = "学生" + std::to_string(i);
      students[i].id_number = std::to_string(500235201200000000LL + i);
      students[i].birth_date = {2012, 1 + i % 12, 1 + i % 28};
    }
    ASSERT_TRUE((*store)->PutStudents(students).ok());
  }
  const int64_t file = static_cast<int64_t>(std::filesystem::file_size(path));
  ASSERT_GT(file, int64_t{3} << 20);
  auto cache_after_full_read = [&](OpenOptions options) -> int64_t {
    auto store = SqliteStore::Open(path, options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    const int64_t before = HeapInUse();
    {
      auto all = (*store)->ListStudents(0);
      EXPECT_TRUE(all.ok());
      EXPECT_EQ(all->size(), static_cast<size_t>(kStudents));
    }
    return HeapInUse() - before;
  };
  EXPECT_GT(cache_after_full_read({}), file / 2);
  EXPECT_LT(cache_after_full_read({.cache_mib = 1}), int64_t{3} << 19);  // 1.5 MiB
}

TEST(SqliteStoreTest, MissingFileWithoutCreateIsNotFoundAndCreatesNothing) {
  TempDir dir;
  const std::string path = dir.File("missing.db");
  for (OpenOptions options : {OpenOptions{}, OpenOptions{.read_only = true},
                              OpenOptions{.create_if_missing = true, .read_only = true}}) {
    auto store = SqliteStore::Open(path, options);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
    EXPECT_NE(store.status().message().find("不存在"), std::string::npos);
    EXPECT_TRUE(ListDir(dir.path()).empty());
  }
  // A missing directory is not created either.
  auto nested = SqliteStore::Open(dir.File("no/such/dir.db"), {.create_if_missing = true});
  EXPECT_FALSE(nested.ok());
  EXPECT_TRUE(ListDir(dir.path()).empty());
}

TEST(SqliteStoreTest, EmptyFileBecomesADatabaseOnlyWhenAskedTo) {
  TempDir dir;
  const std::string path = dir.File("empty.db");
  WriteFileBytes(path, "");
  auto refused = SqliteStore::Open(path);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(std::filesystem::file_size(path), 0u);
  auto created = SqliteStore::Open(path, {.create_if_missing = true});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ((*created)->GetInfo()->schema_version, CurrentSchemaVersion());
}

TEST(SqliteStoreTest, ReadOnlyStoreReadsButNeverWrites) {
  TempDir dir;
  const std::string path = dir.File("county.db");
  MakeCountyDb(path);
  const std::string bytes = ReadFileBytes(path);
  {
    auto store = SqliteStore::Open(path, {.read_only = true});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    model::Store& s = **store;
    EXPECT_TRUE((*store)->read_only());
    const auto before = DumpAll(s, kFixtureYears);
    EXPECT_EQ(s.ListEnrolments(2021)->size(), 3u);

    const auto f = MakeCountyFixture();
    std::vector<Status> writes = {
        s.SetInfo(model::DatabaseInfo{}), s.PutAdminUnits(f.admin_units),
        s.PutSchools(f.schools),          s.PutFacilities(f.facilities),
        s.PutClasses(f.classes),          s.PutStudents(f.students),
        s.PutEnrolments(f.enrolments),    s.PutHealthRecords(f.health),
        s.PutTeachers(f.teachers),        s.PutTeacherYears(f.teacher_years),
        s.PutPopulation(f.population),    s.PutBirths(f.births),
        s.PutDataValues(f.data_values),   s.PutStudents({}),
    };
    for (size_t i = 0; i < writes.size(); ++i) {
      EXPECT_EQ(writes[i].code(), StatusCode::kFailedPrecondition) << i;
      EXPECT_NE(writes[i].message().find("只读"), std::string::npos) << i;
    }
    // A read-only transaction may read; a write inside it fails the transaction.
    size_t seen = 0;
    Status st = s.RunInTransaction([&]() -> Status {
      ZJ_ASSIGN_OR_RETURN(auto rows, s.ListStudents(0));
      seen = rows.size();
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    EXPECT_EQ(seen, 3u);
    st = s.RunInTransaction([&]() -> Status {
      (void)s.PutStudents(f.students);
      return Status::Ok();
    });
    EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(DumpAll(s, kFixtureYears), before);
  }
  EXPECT_EQ(ReadFileBytes(path), bytes);
}

// Several stores may open one file: a reader sees what a writer committed (WAL).
TEST(SqliteStoreTest, TwoConnectionsOnOneFile) {
  TempDir dir;
  const std::string path = dir.File("county.db");
  auto writer = SqliteStore::Open(path, {.create_if_missing = true});
  ASSERT_TRUE(writer.ok());
  auto reader = SqliteStore::Open(path, {.read_only = true});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_TRUE((*reader)->ListSchools()->empty());
  ASSERT_TRUE((*writer)->PutSchools(MakeCountyFixture().schools).ok());
  EXPECT_EQ((*reader)->ListSchools()->size(), 3u);
}

}  // namespace
}  // namespace zj::storage

namespace zj::storage {
namespace {

// The snapshot cache (migration 5): entries die with the records they were built from, in the
// writer's transaction; an entry built while records changed is refused; read-only connections
// and open transactions never write one.
TEST(SqliteStoreTest, SnapshotCacheEntriesDieWithTheirRecords) {
  TempDir dir;
  const std::string path = dir.File("cache.db");
  auto opened = SqliteStore::Open(path, {.create_if_missing = true});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  SqliteStore& s = **opened;
  const auto fixture = MakeCountyFixture();
  ASSERT_TRUE(PutCountyFixture(s, fixture).ok());
  auto put = [&](int year) {
    auto epoch = s.SnapshotEpoch();
    EXPECT_TRUE(epoch.ok());
    auto stored = s.WriteSnapshotCache(year, *epoch, "fp", "data-" + std::to_string(year));
    EXPECT_TRUE(stored.ok()) << stored.status().ToString();
    return stored.ok() && *stored;
  };
  auto read = [&](int year, const std::string& fingerprint = "fp") -> std::string {
    auto got = s.ReadSnapshotCache(year, fingerprint);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    return got.ok() && got->has_value() ? **got : "(none)";
  };
  auto of_year = [](const auto& rows, int year) {
    std::remove_cvref_t<decltype(rows)> out;
    for (const auto& r : rows)
      if (r.year == year) out.push_back(r);
    return out;
  };

  ASSERT_TRUE(put(2020));
  ASSERT_TRUE(put(2021));
  EXPECT_EQ(read(2021), "data-2021");
  EXPECT_EQ(read(2021, "another hierarchy"), "(none)");
  EXPECT_EQ(read(2019), "(none)");

  // Rewriting one year's enrolments (even unchanged) drops that year's entry only.
  const auto enrolments_2021 = of_year(fixture.enrolments, 2021);
  ASSERT_FALSE(enrolments_2021.empty());
  ASSERT_TRUE(s.PutEnrolments(enrolments_2021).ok());
  EXPECT_EQ(read(2021), "(none)");
  EXPECT_EQ(read(2020), "data-2020");

  // Built before a change, stored after it: refused.
  const int64_t before = *s.SnapshotEpoch();
  const auto facilities_2020 = of_year(fixture.facilities, 2020);
  ASSERT_FALSE(facilities_2020.empty());
  ASSERT_TRUE(s.PutFacilities(facilities_2020).ok());
  EXPECT_GT(*s.SnapshotEpoch(), before);
  auto stale = s.WriteSnapshotCache(2022, before, "fp", "stale");
  ASSERT_TRUE(stale.ok());
  EXPECT_FALSE(*stale);
  EXPECT_EQ(read(2022), "(none)");

  // Students, teachers, schools and units feed every year.
  ASSERT_TRUE(put(2021));
  ASSERT_TRUE(s.PutStudents({fixture.students.front()}).ok());
  EXPECT_EQ(read(2020), "(none)");
  EXPECT_EQ(read(2021), "(none)");
  for (auto write : std::vector<std::function<Status()>>{
           [&] { return s.PutTeachers({fixture.teachers.front()}); },
           [&] { return s.PutSchools({fixture.schools.front()}); },
           [&] { return s.PutAdminUnits({fixture.admin_units.front()}); },
           [&] { return s.PutClasses(of_year(fixture.classes, 2020)); },
           [&] { return s.PutHealthRecords(of_year(fixture.health, 2020)); },
           [&] { return s.PutTeacherYears(of_year(fixture.teacher_years, 2020)); }}) {
    ASSERT_TRUE(put(2020));
    ASSERT_TRUE(write().ok());
    EXPECT_EQ(read(2020), "(none)");
  }
  // Population, births and data values are not in snapshots.
  ASSERT_TRUE(put(2020));
  ASSERT_TRUE(s.PutPopulation(fixture.population).ok());
  ASSERT_TRUE(s.PutDataValues(fixture.data_values).ok());
  EXPECT_EQ(read(2020), "data-2020");

  // A rolled-back write keeps the entry; no entry is written inside a transaction.
  Status aborted = s.RunInTransaction([&]() -> Status {
    EXPECT_TRUE(s.PutStudents({fixture.students.front()}).ok());
    auto inside = s.WriteSnapshotCache(2019, *s.SnapshotEpoch(), "fp", "inside");
    EXPECT_TRUE(inside.ok() && !*inside);
    return Status::Internal("abort");
  });
  EXPECT_FALSE(aborted.ok());
  EXPECT_EQ(read(2020), "data-2020");
  EXPECT_EQ(read(2019), "(none)");

  // Undoing an import row through the journal drops the entries too.
  auto log = NewSqliteImportLog(s);
  const auto& e = enrolments_2021.front();
  ASSERT_TRUE(s.RunInTransaction([&] {
                 return log->DeleteRow("enrolment", "2021|" + std::to_string(e.student_id));
               }).ok());
  EXPECT_EQ(read(2020), "(none)");

  // A read-only connection reads entries but never writes one.
  ASSERT_TRUE(put(2020));
  opened->reset();  // close the writer
  auto ro = SqliteStore::Open(path, {.read_only = true});
  ASSERT_TRUE(ro.ok()) << ro.status().ToString();
  auto got = (*ro)->ReadSnapshotCache(2020, "fp");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ(**got, "data-2020");
  auto ro_write = (*ro)->WriteSnapshotCache(2020, *(*ro)->SnapshotEpoch(), "fp", "x");
  ASSERT_TRUE(ro_write.ok());
  EXPECT_FALSE(*ro_write);
}

// Accounts: a round trip through the cached statements, and a stored role this version does not
// know is an error (it used to become 领导 silently).
TEST(SqliteAccountStoreTest, RoundTripAndUnknownRoleIsAnError) {
  TempDir dir;
  const std::string path = dir.File("county.db");
  ASSERT_TRUE(SqliteStore::Open(path, {.create_if_missing = true}).ok());
  auto accounts = OpenSqliteAccountStore(path);
  ASSERT_TRUE(accounts.ok()) << accounts.status().ToString();
  model::User u;
  u.username = "staff";
  u.display_name = "科员";
  u.role = model::Role::kCountyStaff;
  u.unit_code = "500235";
  u.password_hash = "$argon2id$x";
  auto id = (*accounts)->CreateUser(u);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ((*accounts)->CreateUser(u).status().code(), StatusCode::kAlreadyExists);
  auto got = (*accounts)->FindUser("staff");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->role, model::Role::kCountyStaff);
  EXPECT_EQ((*got)->display_name, "科员");
  EXPECT_EQ(*(*accounts)->CountUsers(), 1);

  RawExec(path, "UPDATE account_user SET role = 'superuser' WHERE username = 'staff'");
  auto bad = (*accounts)->GetUser(*id);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(bad.status().message().find("superuser"), std::string::npos);
  EXPECT_FALSE((*accounts)->ListUsers().ok());
}

}  // namespace
}  // namespace zj::storage
