// PostgreSQL-only behaviour of PgStore (the shared contract is store_contract_test.cc): opening
// (empty database, foreign tables, newer schema — each refused and left unchanged), the audit
// hash chain (atomic with its transaction, contiguous under two concurrent writers), the snapshot
// cache, the second reader, read-only opening, messages for unreachable servers, and the
// SQLite → PostgreSQL copy and its comparison (which must notice a changed row). Raw SQL goes
// through the storage-internal PgConnection, only to build foreign databases and fake states.
#include "zj/storage/pg_store.h"

#include <gtest/gtest.h>

#include <thread>
#include <type_traits>

#include "migrations.h"
#include "pg_cluster.h"
#include "pg_connection.h"
#include "pg_migrations.h"
#include "store_fixture.h"
#include "temp_dir.h"
#include "zj/storage/import_log.h"
#include "zj/storage/memory_store.h"
#include "zj/storage/open.h"
#include "zj/storage/pg_copy.h"
#include "zj/storage/sqlite_store.h"

namespace zj::storage {
namespace {

using testing::DumpAll;
using testing::kFixtureYears;
using testing::MakeCountyFixture;
using testing::PgCluster;
using testing::PutCountyFixture;

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ZJ_REQUIRE_PG_CLUSTER();
    url_ = PgCluster::Get().NewDatabase();
    ASSERT_FALSE(url_.empty());
  }
  std::unique_ptr<PgStore> Open(OpenOptions options = {.create_if_missing = true}) {
    auto s = PgStore::Open(url_, options);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  // Runs SQL on the test database outside zhijiao.
  void Raw(const std::string& sql) {
    auto c = internal::PgConnection::Open(url_);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    Status s = (*c)->Exec(sql);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  int64_t RawInt(const std::string& sql) {
    auto c = internal::PgConnection::Open(url_);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    if (!c.ok()) return -1;
    auto v = (*c)->QueryInt(sql);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : -1;
  }
  std::string url_;
};

TEST(PgMigrationsTest, SameStepsAsSqlite) {
  ASSERT_EQ(internal::PgMigrations().size(), internal::Migrations().size());
  for (size_t i = 0; i < internal::Migrations().size(); ++i) {
    EXPECT_EQ(internal::PgMigrations()[i].version, internal::Migrations()[i].version);
    EXPECT_EQ(internal::PgMigrations()[i].name, internal::Migrations()[i].name);
  }
}

TEST(PgUrlTest, RecognisedPrefixes) {
  EXPECT_TRUE(IsPostgresUrl("postgresql://u@h/db"));
  EXPECT_TRUE(IsPostgresUrl("postgres:///db?host=/tmp"));
  EXPECT_FALSE(IsPostgresUrl("county.db"));
  EXPECT_FALSE(IsPostgresUrl("postgresql.db"));
  EXPECT_FALSE(IsPostgresUrl(":memory:"));
  EXPECT_EQ(internal::RedactConnInfo("postgresql://zj:s3cret@db.example:5432/county"),
            "postgresql://zj:***@db.example:5432/county");
  EXPECT_EQ(internal::RedactConnInfo("postgresql:///county?user=zj&password=s3cret&x=1"),
            "postgresql:///county?user=zj&password=***&x=1");
  EXPECT_EQ(internal::RedactConnInfo("postgresql://zj@db/county"), "postgresql://zj@db/county");
}

TEST(PgConnectTest, UnreachableServerIsAClearIoError) {
  testing::TempDir dir;  // no server listens in it
  auto s = PgStore::Open("postgresql:///county?host=" + dir.path().string() + "&user=zj",
                         {.create_if_missing = true});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kIoError);
  EXPECT_EQ(s.status().message().rfind("无法连接 PostgreSQL 数据库", 0), 0u)
      << s.status().message();
  auto opened = OpenStore("postgresql://zj:s3cret@127.0.0.1:1/county?connect_timeout=2");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().message().find("s3cret"), std::string::npos);
}

TEST_F(PgStoreTest, OpenStoreSelectsPostgresForAUrl) {
  auto s = OpenStore(url_, {.create_if_missing = true});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_NE(dynamic_cast<PgStore*>(s->get()), nullptr);
}

TEST_F(PgStoreTest, EmptyDatabaseWithoutCreateIsNotFoundAndStaysEmpty) {
  auto s = PgStore::Open(url_);
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound) << s.status().ToString();
  auto ro = PgStore::Open(url_, {.create_if_missing = true, .read_only = true});
  EXPECT_EQ(ro.status().code(), StatusCode::kNotFound) << ro.status().ToString();
  EXPECT_EQ(RawInt("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"), 0);
}

TEST_F(PgStoreTest, ReopenKeepsEverythingAndSchemaVersionIsCurrent) {
  {
    auto s = Open();
    ASSERT_NE(s, nullptr);
    ASSERT_TRUE(PutCountyFixture(*s, MakeCountyFixture()).ok());
  }
  EXPECT_EQ(RawInt("SELECT version FROM schema_version"), CurrentSchemaVersion());
  auto again = Open({});
  ASSERT_NE(again, nullptr);
  auto fresh = std::make_unique<MemoryStore>();
  ASSERT_TRUE(PutCountyFixture(*fresh, MakeCountyFixture()).ok());
  auto pg_dump = DumpAll(*again, kFixtureYears);
  auto mem_dump = DumpAll(*fresh, kFixtureYears);
  // The info line differs only in the managed schema version (memory stores report theirs too).
  EXPECT_EQ(std::vector(pg_dump.begin() + 1, pg_dump.end()),
            std::vector(mem_dump.begin() + 1, mem_dump.end()));
}

TEST_F(PgStoreTest, ForeignTablesAreRefusedAndLeftAlone) {
  Raw("CREATE TABLE orders (id bigint PRIMARY KEY, total numeric); INSERT INTO orders VALUES (1, "
      "2)");
  auto s = PgStore::Open(url_, {.create_if_missing = true});
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument) << s.status().ToString();
  EXPECT_NE(s.status().message().find("不是 zhijiao 数据库"), std::string::npos);
  EXPECT_EQ(RawInt("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"), 1);
  // A meta table that is not ours is foreign too.
  Raw("CREATE TABLE meta (key text PRIMARY KEY, value text); "
      "INSERT INTO meta VALUES ('application', 'other')");
  EXPECT_EQ(PgStore::Open(url_, {.create_if_missing = true}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(PgStoreTest, NewerSchemaIsRefusedOlderIsUpgradedButNotReadOnly) {
  ASSERT_NE(Open(), nullptr);
  Raw("UPDATE schema_version SET version = 99");
  auto newer = PgStore::Open(url_);
  EXPECT_EQ(newer.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(newer.status().message().find("请升级 zhijiao"), std::string::npos);
  EXPECT_EQ(RawInt("SELECT version FROM schema_version"), 99);

  // Version 4: the snapshot cache tables missing; read-only refuses, read-write upgrades.
  Raw("UPDATE schema_version SET version = 4; DROP TABLE snapshot_cache, snapshot_epoch, "
      "map_layer, plan");
  EXPECT_EQ(PgStore::Open(url_, {.read_only = true}).status().code(),
            StatusCode::kFailedPrecondition);
  auto upgraded = Open({});
  ASSERT_NE(upgraded, nullptr);
  EXPECT_EQ(RawInt("SELECT version FROM schema_version"), CurrentSchemaVersion());
  EXPECT_EQ(RawInt("SELECT epoch FROM snapshot_epoch"), 0);
  EXPECT_EQ(upgraded->GetInfo()->schema_version, CurrentSchemaVersion());
}

TEST_F(PgStoreTest, ReadOnlyStoreReadsButNeverWrites) {
  {
    auto s = Open();
    ASSERT_TRUE(PutCountyFixture(*s, MakeCountyFixture()).ok());
  }
  auto ro = Open({.read_only = true});
  ASSERT_NE(ro, nullptr);
  EXPECT_EQ(ro->ListSchools()->size(), 3u);
  EXPECT_EQ(ro->PutSchools(MakeCountyFixture().schools).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(ro->SetInfo({}).code(), StatusCode::kFailedPrecondition);
  auto stored = ro->WriteSnapshotCache(2021, 0, "fp", "x");
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(*stored);
}

std::string TestHash(const model::AuditEntry& e) {
  return "h(" + e.prev_hash + "|" + std::to_string(e.seq) + "|" + e.action + ")";
}

TEST_F(PgStoreTest, AuditChainAppendsAtomicallyWithItsTransaction) {
  auto s = Open();
  ASSERT_NE(s, nullptr);
  model::AuditEntry e;
  e.action = "a";
  e.actor = "管理员";
  auto first = s->AppendAudit(e, TestHash);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->seq, 1);
  EXPECT_EQ(first->prev_hash, model::kAuditGenesisHash);
  e.action = "b";
  auto second = s->AppendAudit(e, TestHash);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->seq, 2);
  EXPECT_EQ(second->prev_hash, first->hash);

  // Rolled back with the change it records.
  Status st = s->RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(s->PutSchools(MakeCountyFixture().schools));
    e.action = "c";
    ZJ_RETURN_IF_ERROR(s->AppendAudit(e, TestHash).status());
    return Status::InvalidArgument("导入失败");
  });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(RawInt("SELECT count(*) FROM audit_log"), 2);
  EXPECT_TRUE(s->ListSchools()->empty());

  // The log is append-only.
  auto c = internal::PgConnection::Open(url_);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE((*c)->Exec("UPDATE audit_log SET actor = 'x'").ok());
  EXPECT_FALSE((*c)->Exec("DELETE FROM audit_log").ok());
  EXPECT_EQ(RawInt("SELECT count(*) FROM audit_log"), 2);
}

TEST_F(PgStoreTest, ConcurrentAppendersKeepOneContiguousChain) {
  ASSERT_NE(Open(), nullptr);
  constexpr int kPerThread = 25;
  auto append = [&](const std::string& who) {
    auto s = PgStore::Open(url_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    for (int i = 0; i < kPerThread; ++i) {
      model::AuditEntry e;
      e.action = who + std::to_string(i);
      auto r = (*s)->AppendAudit(e, TestHash);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  };
  std::thread a(append, "a"), b(append, "b");
  a.join();
  b.join();
  EXPECT_EQ(RawInt("SELECT count(*) FROM audit_log"), 2 * kPerThread);
  EXPECT_EQ(RawInt("SELECT max(seq) FROM audit_log"), 2 * kPerThread);
  // Every entry's prev_hash is the hash of the entry before it.
  EXPECT_EQ(RawInt("SELECT count(*) FROM audit_log a JOIN audit_log b ON b.seq = a.seq - 1 "
                   "WHERE a.prev_hash <> b.hash"),
            0);
}

TEST_F(PgStoreTest, SnapshotCacheKeepsBytesAndDiesWithItsRecords) {
  auto s = Open();
  ASSERT_NE(s, nullptr);
  const auto fixture = MakeCountyFixture();
  ASSERT_TRUE(PutCountyFixture(*s, fixture).ok());
  std::string bytes("\0\x01\xff\\x00'\"\n", 9);
  for (int i = 0; i < 1000; ++i) bytes += static_cast<char>(i * 7);
  int64_t epoch = *s->SnapshotEpoch();
  ASSERT_TRUE(*s->WriteSnapshotCache(2021, epoch, "fp", bytes));
  ASSERT_TRUE(*s->WriteSnapshotCache(2020, epoch, "fp", "y2020"));
  EXPECT_EQ(**s->ReadSnapshotCache(2021, "fp"), bytes);
  EXPECT_FALSE(s->ReadSnapshotCache(2021, "other")->has_value());

  std::vector<model::Enrolment> e2021;
  for (const auto& e : fixture.enrolments)
    if (e.year == 2021) e2021.push_back(e);
  ASSERT_TRUE(s->PutEnrolments(e2021).ok());
  EXPECT_FALSE(s->ReadSnapshotCache(2021, "fp")->has_value());
  EXPECT_EQ(**s->ReadSnapshotCache(2020, "fp"), "y2020");
  EXPECT_GT(*s->SnapshotEpoch(), epoch);
  // Built before the change: not stored.
  EXPECT_FALSE(*s->WriteSnapshotCache(2021, epoch, "fp", bytes));
  // Students feed every year.
  ASSERT_TRUE(s->PutStudents({fixture.students.front()}).ok());
  EXPECT_FALSE(s->ReadSnapshotCache(2020, "fp")->has_value());
  // Inside a transaction nothing is cached.
  Status st = s->RunInTransaction([&]() -> Status {
    auto stored = s->WriteSnapshotCache(2020, *s->SnapshotEpoch(), "fp", "in-tx");
    return stored.ok() && !*stored ? Status::Ok() : Status::Internal("cached inside a transaction");
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

TEST_F(PgStoreTest, SecondReaderSeesCommittedDataOnlyOutsideTransactions) {
  auto s = Open();
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(PutCountyFixture(*s, MakeCountyFixture()).ok());
  auto reader = s->OpenReader();
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ASSERT_NE(*reader, nullptr);
  EXPECT_EQ(DumpAll(**reader, kFixtureYears), DumpAll(*s, kFixtureYears));
  EXPECT_EQ((*reader)->PutSchools({}).code(), StatusCode::kFailedPrecondition);
  Status st = s->RunInTransaction([&]() -> Status {
    auto inside = s->OpenReader();
    if (!inside.ok()) return inside.status();
    return *inside == nullptr ? Status::Ok() : Status::Internal("a reader inside a transaction");
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

// A failed write inside a transaction is undone at once: reads inside fn keep working and see
// the earlier writes; the whole transaction still rolls back.
TEST_F(PgStoreTest, FailedWriteInsideATransactionLeavesItReadable) {
  auto s = Open();
  ASSERT_NE(s, nullptr);
  const auto fixture = MakeCountyFixture();
  size_t schools_inside = 0;
  Status st = s->RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(s->PutSchools(fixture.schools));
    EXPECT_EQ(s->PutEnrolments(fixture.enrolments).code(), StatusCode::kInvalidArgument);
    auto schools = s->ListSchools();
    if (!schools.ok()) return schools.status();
    schools_inside = schools->size();
    return Status::Ok();
  });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
  EXPECT_EQ(schools_inside, fixture.schools.size());
  EXPECT_TRUE(s->ListSchools()->empty());
}

TEST_F(PgStoreTest, CopyFromSqliteIsIdenticalAndTheComparisonSeesAChange) {
  testing::TempDir dir;
  const std::string file = dir.File("county.db");
  const auto fixture = MakeCountyFixture();
  {
    auto src = SqliteStore::Open(file, {.create_if_missing = true});
    ASSERT_TRUE(src.ok());
    ASSERT_TRUE(PutCountyFixture(**src, fixture).ok());
    model::AuditEntry e;
    e.action = "demo";
    ASSERT_TRUE((*src)->AppendAudit(e, TestHash).ok());
    int64_t epoch = *(*src)->SnapshotEpoch();
    ASSERT_TRUE(*(*src)->WriteSnapshotCache(2021, epoch, "fp", std::string("\0bin\xff", 5)));
  }
  auto report = CopySqliteToPostgres(file, url_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->identical());
  EXPECT_EQ(report->tables.size(), 27u);
  for (const auto& t : report->tables) {
    EXPECT_TRUE(t.same()) << t.table;
    if (t.table == "enrolment") EXPECT_EQ(t.target_rows, 5);
    if (t.table == "snapshot_cache") EXPECT_EQ(t.target_rows, 1);
  }
  // The copied county reads back the same through the Store interface.
  auto pg = Open({});
  auto sqlite = SqliteStore::Open(file, {.read_only = true});
  ASSERT_TRUE(sqlite.ok());
  EXPECT_EQ(DumpAll(*pg, kFixtureYears), DumpAll(**sqlite, kFixtureYears));

  // A second copy into the now non-empty target is refused, unchanged.
  auto again = CopySqliteToPostgres(file, url_);
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);

  // One changed name: only that table differs.
  model::Student changed = fixture.students[0];
  changed.name += "（改）";
  ASSERT_TRUE(pg->PutStudents({changed}).ok());
  auto cmp = CompareSqliteWithPostgres(file, url_);
  ASSERT_TRUE(cmp.ok()) << cmp.status().ToString();
  for (const auto& t : *cmp) {
    // Students feed the snapshot cache: the write dropped the cached entry and bumped the epoch.
    bool touched =
        t.table == "student" || t.table == "snapshot_cache" || t.table == "snapshot_epoch";
    EXPECT_EQ(t.same(), !touched) << t.table;
    if (t.table == "student") EXPECT_EQ(t.source_rows, t.target_rows);
  }
  // --replace brings the target back to the source.
  auto replaced = CopySqliteToPostgres(file, url_, {.replace = true});
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  EXPECT_TRUE(replaced->identical());
}

// The same journal operations on SQLite and on PostgreSQL give the same transcript: ids, change
// order, updates, the refusals of DeleteRow (a failed one leaves the transaction usable), MaxId,
// FindEnrolment and the id numbers.
std::vector<std::string> JournalTranscript(model::Store& store, model::ImportLog& log) {
  std::vector<std::string> out;
  auto note = [&](const std::string& what, const Status& s) {
    out.push_back(what + ": " +
                  (s.ok() ? "ok" : std::string(StatusCodeName(s.code())) + " " + s.message()));
  };
  auto run = [&](int64_t id) {
    auto r = log.GetImport(id);
    if (!r.ok()) return "ERROR " + r.status().ToString();
    if (!r->has_value()) return std::string("none");
    const model::ImportRecord& m = **r;
    return std::to_string(m.id) + "|" + m.user + "|" + std::to_string(m.started_at) + "|" +
           m.file_name + "|" + m.sha256 + "|" + m.table + "|" + std::to_string(m.year) + "|" +
           std::to_string(m.rows_read) + "/" + std::to_string(m.rows_added) + "/" +
           std::to_string(m.rows_changed) + "/" + std::to_string(m.rows_unchanged) + "|" +
           std::to_string(m.undone_at) + "|" + m.undone_by;
  };
  EXPECT_TRUE(PutCountyFixture(store, MakeCountyFixture()).ok());
  model::ImportRecord rec{0, "张三", 1700000000, "学生.xlsx", "abc", "students", 2021, 3, 1, 1, 1};
  int64_t first = 0;
  note("first import", store.RunInTransaction([&]() -> Status {
    ZJ_ASSIGN_OR_RETURN(first, log.AddImport(rec));
    ZJ_RETURN_IF_ERROR(log.AddChanges(first, {{"student", "10", "{\"name\":\"欧阳\"}"},
                                              {"enrolment", "2021|10", ""},
                                              {"school", "2150000001", "a\tb\\c\"d"}}));
    return log.AddChanges(first, {{"student", "40", ""}, {"class", "9002", "{}"}});
  }));
  out.push_back("first id " + std::to_string(first));
  note("rolled back import", store.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(log.AddImport(rec).status());
    return Status::InvalidArgument("第 2 行有误");
  }));
  auto second = log.AddImport(rec);
  out.push_back("second id " +
                (second.ok() ? std::to_string(*second) : second.status().ToString()));
  auto list = log.ListImports();
  out.push_back("imports " + std::to_string(list.ok() ? list->size() : 999));
  out.push_back(run(first));
  out.push_back(run(999));
  auto changes = log.ListChanges(first);
  if (changes.ok()) {
    for (const auto& c : *changes)
      out.push_back("change " + c.table + " " + c.key + " " + c.before);
  }
  rec.id = first;
  rec.undone_at = 1700000100;
  rec.undone_by = "李四";
  note("update", log.UpdateImport(rec));
  out.push_back(run(first));
  rec.id = 999;
  note("update missing", log.UpdateImport(rec));
  note("undo", store.RunInTransaction([&]() -> Status {
    note("delete referenced student", log.DeleteRow("student", "10"));
    note("delete enrolment", log.DeleteRow("enrolment", "2020|10"));
    note("delete it again", log.DeleteRow("enrolment", "2020|10"));
    note("delete bad key", log.DeleteRow("enrolment", "2020"));
    note("delete unknown table", log.DeleteRow("nope", "x"));
    return Status::Ok();
  }));
  out.push_back("enrolments 2020: " + std::to_string(store.ListEnrolments(2020)->size()));
  for (const char* t : {"student", "class", "school"}) {
    auto m = log.MaxId(t);
    out.push_back(std::string("max ") + t + " " +
                  (m.ok() ? std::to_string(*m) : std::string(StatusCodeName(m.status().code()))));
  }
  auto e = log.FindEnrolment(2021, 10);
  out.push_back(e.ok() && e->has_value() ? testing::D(**e) : "no enrolment");
  auto none = log.FindEnrolment(2019, 10);
  out.push_back(none.ok() && !none->has_value() ? "none" : "unexpected");
  std::vector<std::string> numbers;
  note("id numbers",
       log.ForEachStudentIdNumber([&](std::string_view n) { numbers.emplace_back(n); }));
  std::sort(numbers.begin(), numbers.end());
  for (const auto& n : numbers) out.push_back("id " + n);
  return out;
}

TEST_F(PgStoreTest, ImportJournalBehavesAsOnSqlite) {
  testing::TempDir dir;
  auto sqlite = SqliteStore::Open(dir.File("county.db"), {.create_if_missing = true});
  ASSERT_TRUE(sqlite.ok());
  auto sqlite_log = NewImportLogFor(**sqlite);
  auto pg = Open();
  ASSERT_NE(pg, nullptr);
  auto pg_log = NewImportLogFor(*pg);
  ASSERT_NE(pg_log, nullptr);
  const auto want = JournalTranscript(**sqlite, *sqlite_log);
  const auto got = JournalTranscript(*pg, *pg_log);
  EXPECT_EQ(got, want);
  EXPECT_GT(want.size(), 20u);
}

TEST(PgCopyTest, RefusesANonPostgresTarget) {
  auto r = CopySqliteToPostgres("county.db", "mysql://localhost/county");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("不是 PostgreSQL 地址"), std::string::npos);
}

}  // namespace
}  // namespace zj::storage
