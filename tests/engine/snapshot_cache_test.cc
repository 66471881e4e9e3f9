// The store's snapshot cache seen from the engine: a History loaded from cached snapshots equals
// the one built from records, a record change is never hidden by a cached snapshot, and a broken
// entry is refused (kDataLoss) and rebuilt from records.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "fixture.h"
#include "zj/engine/snapshot.h"
#include "zj/storage/open.h"
#include "zj/storage/sqlite_store.h"

namespace zj::engine {
namespace {

class SnapshotCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("zj_snapshot_cache_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto opened = storage::SqliteStore::Open((dir_ / "c.db").string(), {.create_if_missing = true});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    auto doc = testing::ReadJsonFile(std::string(ZJ_TEST_DATA_DIR) + "/cases/compulsory.json");
    ASSERT_TRUE(doc.ok());
    auto records = testing::RecordsFromFixture(doc->at("fixture"));
    ASSERT_TRUE(records.ok());
    records_ = std::move(*records);
    Fill(*store_);
  }
  // Writes the fixture's records into a store.
  void Fill(model::Store& s) {
    ASSERT_TRUE(s.PutAdminUnits(records_.admin_units).ok());
    ASSERT_TRUE(s.PutSchools(records_.schools).ok());
    ASSERT_TRUE(s.PutClasses(records_.classes).ok());
    ASSERT_TRUE(s.PutStudents(records_.students).ok());
    ASSERT_TRUE(s.PutEnrolments(records_.enrolments).ok());
    ASSERT_TRUE(s.PutHealthRecords(records_.health_records).ok());
    ASSERT_TRUE(s.PutTeachers(records_.teachers).ok());
    ASSERT_TRUE(s.PutTeacherYears(records_.teacher_years).ok());
    ASSERT_TRUE(s.PutFacilities(records_.facilities).ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Every year's snapshot as bytes (equal bytes ⇔ equal columns).
  static std::map<int, std::string> Bytes(const History& h) {
    std::map<int, std::string> out;
    for (int y : h.years()) out[y] = SerializeSnapshot(*h.Find(y));
    return out;
  }
  std::map<int, std::string> FromRecords() {
    auto h = LoadHistory(*store_, {}, {.read_cache = false, .write_cache = false});
    EXPECT_TRUE(h.ok()) << h.status().ToString();
    return h.ok() ? Bytes(*h) : std::map<int, std::string>{};
  }
  std::string Fingerprint() {
    auto units = store_->ListAdminUnits();
    auto schools = store_->ListSchools();
    auto h = Hierarchy::Build(*units, *schools);
    EXPECT_TRUE(h.ok());
    return SnapshotFingerprint(*h);
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::SqliteStore> store_;
  RecordSet records_;
};

TEST_F(SnapshotCacheTest, CachedLoadEqualsTheLoadFromRecords) {
  auto first = LoadHistory(*store_);  // builds from records and fills the cache
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const std::string fp = Fingerprint();
  ASSERT_FALSE(first->years().empty());
  for (int y : first->years()) {
    auto cached = store_->ReadSnapshotCache(y, fp);
    ASSERT_TRUE(cached.ok() && cached->has_value()) << y;
  }
  auto second = LoadHistory(*store_);  // from the cache
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(Bytes(*second), Bytes(*first));
  EXPECT_EQ(Bytes(*second), FromRecords());
  auto one = LoadSnapshot(*store_, first->years().back());
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(SerializeSnapshot(*one), Bytes(*first)[first->years().back()]);
}

TEST_F(SnapshotCacheTest, ARecordChangeIsNeverHiddenByTheCache) {
  auto before = LoadHistory(*store_);
  ASSERT_TRUE(before.ok());
  // One student leaves school in the last year: a different snapshot, and the load shows it.
  model::Enrolment e = records_.enrolments.back();
  e.status = e.status == model::EnrolmentStatus::kDropout ? model::EnrolmentStatus::kEnrolled
                                                          : model::EnrolmentStatus::kDropout;
  ASSERT_TRUE(store_->PutEnrolments({e}).ok());
  auto after = LoadHistory(*store_);
  ASSERT_TRUE(after.ok());
  EXPECT_NE(Bytes(*after)[e.year], Bytes(*before)[e.year]);
  EXPECT_EQ(Bytes(*after), FromRecords());
  // A student's birth date feeds every year (ages).
  model::Student st = records_.students.front();
  st.birth_date = Date{st.birth_date.year - 3, st.birth_date.month, st.birth_date.day};
  ASSERT_TRUE(store_->PutStudents({st}).ok());
  auto aged = LoadHistory(*store_);
  ASSERT_TRUE(aged.ok());
  EXPECT_NE(Bytes(*aged), Bytes(*after));
  EXPECT_EQ(Bytes(*aged), FromRecords());
  // A new school renumbers the schools: a new fingerprint, so old entries are not used.
  const std::string fp = Fingerprint();
  model::School extra = records_.schools.front();
  extra.code = "0000000001";
  ASSERT_TRUE(store_->PutSchools({extra}).ok());
  EXPECT_NE(Fingerprint(), fp);
  auto grown = LoadHistory(*store_);
  ASSERT_TRUE(grown.ok());
  EXPECT_EQ(Bytes(*grown), FromRecords());
}

TEST_F(SnapshotCacheTest, BrokenEntriesAreRefusedAndRebuilt) {
  auto good = LoadHistory(*store_);
  ASSERT_TRUE(good.ok());
  const int year = good->years().back();
  const std::string bytes = SerializeSnapshot(*good->Find(year));
  auto hier = good->hierarchy_ptr();
  ASSERT_TRUE(DeserializeSnapshot(hier, year, bytes).ok());
  auto data_loss = [&](const std::string& b) {
    auto r = DeserializeSnapshot(hier, year, b);
    return !r.ok() && r.status().code() == StatusCode::kDataLoss;
  };
  EXPECT_TRUE(data_loss(""));
  EXPECT_TRUE(data_loss("not a snapshot"));
  EXPECT_TRUE(data_loss(bytes.substr(0, bytes.size() - 1)));      // truncated
  EXPECT_TRUE(data_loss(bytes + "x"));                            // trailing bytes
  EXPECT_FALSE(DeserializeSnapshot(hier, year - 1, bytes).ok());  // another year's entry
  // The first enrolment's school index (after the 54-byte header and the column length) set
  // past the last school.
  ASSERT_GT(good->Find(year)->enrolments().size(), 0u);
  std::string bad_school = bytes;
  const int32_t huge = 1 << 30;
  std::memcpy(bad_school.data() + 54 + 8, &huge, sizeof(huge));
  EXPECT_TRUE(data_loss(bad_school));

  // Garbage stored under the right fingerprint: the load rebuilds the year from records.
  auto epoch = store_->SnapshotEpoch();
  ASSERT_TRUE(epoch.ok());
  auto stored = store_->WriteSnapshotCache(year, *epoch, Fingerprint(), bad_school);
  ASSERT_TRUE(stored.ok() && *stored);
  auto reloaded = LoadHistory(*store_);
  ASSERT_TRUE(reloaded.ok()) << reloaded.status().ToString();
  EXPECT_EQ(Bytes(*reloaded), FromRecords());
}

// Years read from records by two threads (the SQLite store opens a second, read-only reader)
// give the same snapshots as one thread over the same records in a memory store (no reader).
TEST_F(SnapshotCacheTest, TwoLoadingThreadsBuildWhatOneBuilds) {
  auto reader = store_->OpenReader();
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ASSERT_NE(*reader, nullptr);
  EXPECT_EQ(*(*reader)->ListYears(), *store_->ListYears());
  EXPECT_EQ((*reader)->PutBirths({}).code(), StatusCode::kFailedPrecondition);  // read-only
  // Inside a transaction another connection cannot see the uncommitted rows: no reader.
  ASSERT_TRUE(store_
                  ->RunInTransaction([&]() -> Status {
                    auto inside = store_->OpenReader();
                    EXPECT_TRUE(inside.ok() && *inside == nullptr);
                    return Status::Ok();
                  })
                  .ok());

  auto memory = storage::OpenStore(storage::kMemoryPath);
  ASSERT_TRUE(memory.ok());
  model::Store& m = **memory;
  auto none = m.OpenReader();
  ASSERT_TRUE(none.ok() && *none == nullptr);
  Fill(m);
  ASSERT_FALSE(HasFatalFailure());
  auto one = LoadHistory(m);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  const std::map<int, std::string> two = FromRecords();
  ASSERT_GE(two.size(), 3u);
  EXPECT_EQ(Bytes(*one), two);
}

}  // namespace
}  // namespace zj::engine
