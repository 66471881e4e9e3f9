// The county map (zj/service/map.h and /api/v1/map/townships): GeoJSON validation with Chinese
// messages naming the feature, storage with the audit entry in the same transaction, the CLI's
// and the server's shared use-case, and who may upload.
#include "zj/service/map.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "server_fixture.h"
#include "zj/sim/township_map.h"
#include "zj/storage/account_store.h"
#include "zj/storage/memory_store.h"
#include "zj/storage/sqlite_store.h"

namespace zj::server::testing {
namespace {

const std::vector<model::AdminUnit> kTownships = {
    {kTown1, "双江街道", model::AdminLevel::kTownship, kCounty, 111},
    {kTown2, "青龙街道", model::AdminLevel::kTownship, kCounty, 220},
};

std::string Square(const std::string& props, double lon = 108.5, double lat = 30.9) {
  auto p = [](double x, double y) {
    return "[" + std::to_string(x) + "," + std::to_string(y) + "]";
  };
  return R"({"type":"Feature","properties":)" + props +
         R"(,"geometry":{"type":"Polygon","coordinates":[[)" + p(lon, lat) + "," +
         p(lon + 0.1, lat) + "," + p(lon + 0.1, lat + 0.1) + "," + p(lon, lat + 0.1) + "," +
         p(lon, lat) + "]]}}";
}
std::string Collection(const std::vector<std::string>& features) {
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
  return out + "]}";
}
const std::string kGood =
    Collection({Square(R"({"XZDM":"500235001"})"), Square(R"({"名称":"青龙街道"})", 108.6)});

std::string FirstError(const service::MapReport& r) {
  return r.errors.empty() ? "" : r.errors.front().message;
}

TEST(MapCheckTest, MatchesByCodeOrNameAndNormalises) {
  service::MapReport r = service::CheckTownshipMap(kGood, kTownships);
  ASSERT_TRUE(r.ok()) << FirstError(r);
  EXPECT_EQ(r.matched, 2);
  EXPECT_TRUE(r.missing.empty());
  Json j = Json::parse(r.normalized);
  EXPECT_EQ(j["features"][1]["properties"]["code"], kTown2);
  EXPECT_EQ(j["features"][1]["properties"]["name"], "青龙街道");
}

TEST(MapCheckTest, EachRuleHasAChineseMessageNamingTheFeature) {
  struct Case {
    std::string text, expected;
  } cases[] = {
      {"{not json", "文件不是有效的 JSON"},
      {R"({"type":"Feature"})", "须为 GeoJSON FeatureCollection"},
      {R"({"type":"FeatureCollection","features":[]})", "features 为空"},
      {Collection(
           {Square(R"({"n":"双江街道"})"),
            R"({"type":"Feature","properties":{"n":"青龙街道"},"geometry":{"type":"Point","coordinates":[108,30]}})"}),
       "第 2 个要素：几何类型为 Point，须为 Polygon 或 MultiPolygon"},
      {Collection({Square(R"({"n":"双江街道"})", 30.9, 108.5)}),
       "第 1 个要素：坐标 [30.9, 108.5] 不在中国范围内"},
      {Collection({Square(R"({"n":"某某镇"})")}),
       "第 1 个要素：属性中没有与本县乡镇代码或名称相符的值（如 n=某某镇）"},
      {Collection({Square(R"({"n":"双江街道"})"), Square(R"({"c":"500235001000"})")}),
       "第 2 个要素：与第 1 个要素是同一乡镇（双江街道）"},
      {Collection(
           {R"({"type":"Feature","properties":{"n":"双江街道"},"geometry":{"type":"Polygon","coordinates":[[[108.5,30.9],[108.6,30.9],[108.6,31.0],[108.5,31.0]]]}})"}),
       "第 1 个要素：环未闭合"},
  };
  for (const Case& c : cases) {
    service::MapReport r = service::CheckTownshipMap(c.text, kTownships);
    EXPECT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(FirstError(r).rfind(c.expected, 0), 0u) << FirstError(r);
  }
  // A township without a feature is reported, not refused.
  service::MapReport partial =
      service::CheckTownshipMap(Collection({Square(R"({"n":"双江街道"})")}), kTownships);
  EXPECT_TRUE(partial.ok());
  EXPECT_EQ(partial.missing, std::vector<std::string>{std::string(kTown2) + " 青龙街道"});
}

TEST(MapCheckTest, SyntheticDemoBoundariesPassAndCoverEveryTownship) {
  std::vector<model::AdminUnit> many;
  for (int i = 1; i <= 42; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "500235%03d", i);
    many.push_back({code, "镇" + std::to_string(i), model::AdminLevel::kTownship, kCounty, 210});
  }
  const std::string text = sim::SyntheticTownshipMap(many, 1);
  EXPECT_EQ(text, sim::SyntheticTownshipMap(many, 1));  // deterministic
  service::MapReport r = service::CheckTownshipMap(text, many);
  EXPECT_TRUE(r.ok()) << FirstError(r);
  EXPECT_EQ(r.matched, 42);
  EXPECT_NE(text.find("非真实边界"), std::string::npos);
}

class MapStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("zj_map_test_" + std::to_string(::getpid()) + ".db"))
                .string();
    std::filesystem::remove(path_);
    storage::OpenOptions o;
    o.create_if_missing = true;
    auto s = storage::SqliteStore::Open(path_, o);
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(*s);
    ASSERT_TRUE(FillRegistries(*store_, true).ok());
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm", ".audit-head"})
      std::filesystem::remove(path_ + suffix);
  }
  std::vector<model::AuditEntry> Audit() {
    auto accounts = storage::OpenSqliteAccountStore(path_);
    EXPECT_TRUE(accounts.ok());
    model::AuditQuery q;
    q.limit = 100;
    return *(*accounts)->ListAudit(q);
  }
  std::string path_;
  std::unique_ptr<storage::SqliteStore> store_;
  service::Actor actor_{7, "cli:tester", "local (test)"};
};

TEST_F(MapStoreTest, ImportStoresAndAuditsThenDeleteRemovesAndAudits) {
  auto checked = service::ImportTownshipMap(*store_, kGood, /*check_only=*/true, actor_, 100);
  ASSERT_TRUE(checked.ok());
  EXPECT_TRUE(checked->ok());
  EXPECT_FALSE(service::GetTownshipMap(*store_)->has_value());  // check writes nothing
  EXPECT_TRUE(Audit().empty());

  auto r = service::ImportTownshipMap(*store_, kGood, false, actor_, 100);
  ASSERT_TRUE(r.ok()) << r.status().message();
  auto layer = service::GetTownshipMap(*store_);
  ASSERT_TRUE(layer.ok() && layer->has_value());
  EXPECT_EQ((*layer)->updated_by, "cli:tester");
  EXPECT_EQ(Json::parse((*layer)->geojson)["features"].size(), 2u);
  auto audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "map.import");
  EXPECT_EQ(Json::parse(audit[0].after_json)["features"], 2);

  ASSERT_TRUE(service::DeleteTownshipMap(*store_, actor_, 200).ok());
  EXPECT_FALSE(service::GetTownshipMap(*store_)->has_value());
  Status again = service::DeleteTownshipMap(*store_, actor_, 300);
  EXPECT_EQ(again.code(), StatusCode::kNotFound);
  EXPECT_EQ(again.message(), "尚未上传乡镇边界");
  audit = Audit();
  ASSERT_EQ(audit.size(), 2u);
}

TEST_F(MapStoreTest, RefusedFilesWriteNothingAndOversizedIsRefused) {
  auto bad =
      service::ImportTownshipMap(*store_, Collection({Square(R"({"n":"x"})")}), false, actor_, 100);
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(bad->ok());
  EXPECT_FALSE(service::GetTownshipMap(*store_)->has_value());
  EXPECT_TRUE(Audit().empty());
  std::string huge(static_cast<size_t>(service::kMapMaxBytes) + 1, ' ');
  auto big = service::ImportTownshipMap(*store_, huge, false, actor_, 100);
  EXPECT_EQ(big.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(big.status().message().find("上限 5 MiB"), std::string::npos);
}

TEST(MapAtomicityTest, NoAuditLogMeansNoLayer) {
  // A store without an audit log cannot append the entry: the layer is not kept either.
  storage::MemoryStore store;
  ASSERT_TRUE(FillRegistries(store, true).ok());
  auto r = service::ImportTownshipMap(store, kGood, false, {1, "x", "y"}, 1);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(store.GetMapLayer(service::kTownshipLayer)->has_value());
}

TEST(MapApiTest, CountyStaffUploadsEveryoneReadsOthersAreRefused) {
  TestServer& s = TestServer::Get();
  Response none = s.Call("GET", "/api/v1/map/townships", "school");
  ASSERT_EQ(none.status, 200) << none.body;
  for (const char* who : {"school", "town", "leader"}) {
    Response r = s.Call("PUT", "/api/v1/map/townships", who, kGood);
    EXPECT_EQ(r.status, 403) << who << r.body;
  }
  Response refused =
      s.Call("PUT", "/api/v1/map/townships", "county", Collection({Square(R"({"n":"某某镇"})")}));
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.json["error"]["message"].get<std::string>().find("第 1 个要素"),
            std::string::npos);
  Response check = s.Call("PUT", "/api/v1/map/townships?check=1", "county",
                          Collection({Square(R"({"n":"某某镇"})")}));
  ASSERT_EQ(check.status, 200);
  EXPECT_EQ(check.json["ok"], false);
  EXPECT_EQ(check.json["errors"][0]["feature"], 0);
  Response ok = s.Call("PUT", "/api/v1/map/townships", "county", kGood);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["stored"], true);
  Response got = s.Call("GET", "/api/v1/map/townships", "school");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json["available"], true);
  EXPECT_EQ(got.json["geojson"]["features"].size(), 2u);
  EXPECT_EQ(got.json["updated_by"], "county");
  EXPECT_EQ(s.Call("DELETE", "/api/v1/map/townships", "school").status, 403);
  EXPECT_EQ(s.Call("DELETE", "/api/v1/map/townships", "county").status, 200);
  Response gone = s.Call("DELETE", "/api/v1/map/townships", "county");
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.json["error"]["message"], "尚未上传乡镇边界");
  EXPECT_EQ(s.Call("GET", "/api/v1/map/townships", "leader").json["available"], false);
}

}  // namespace
}  // namespace zj::server::testing
