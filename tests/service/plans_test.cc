// zj::service plans (issue #16): import, list, export, delete, the default plan, and the
// monitoring of a plan outside its period — once, at the service level (the CLI and the server
// only map these results). Error cases are data: cases/plans/import_errors.json edits the
// synthetic fixture cases/plans/example-2026-2030.json.
#include "zj/service/plans.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "zj/common/embedded.h"
#include "zj/common/file.h"
#include "zj/engine/plan_monitor.h"
#include "zj/storage/account_store.h"
#include "zj/storage/sqlite_store.h"

namespace zj::service {
namespace {

namespace fs = std::filesystem;

const std::string kCases = std::string(ZJ_TEST_DATA_DIR) + "/cases/plans/";
const Actor kActor{7, "county-user", "10.0.0.1"};
constexpr int64_t kNow = 1767225600;  // 2026-01-01

std::string ReadCase(const std::string& name) {
  Result<std::string> text = common::ReadTextFile(kCases + name, "case");
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  return text.ok() ? *text : "";
}

class PlansTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("zj_service_plans_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "county.db").string();
    auto store = storage::SqliteStore::Open(path_, {.create_if_missing = true});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    model::DatabaseInfo info;
    info.county_code = "500235";
    ASSERT_TRUE(store_->SetInfo(info).ok());
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::vector<model::AuditEntry> AuditOf(const std::string& action) {
    auto accounts = storage::OpenSqliteAccountStore(path_);
    EXPECT_TRUE(accounts.ok());
    model::AuditQuery q;
    q.action = action;
    q.limit = 0;
    auto entries = (*accounts)->ListAudit(q);
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? *entries : std::vector<model::AuditEntry>();
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<storage::SqliteStore> store_;
};

TEST_F(PlansTest, ImportListExportAndVersions) {
  const std::string text = ReadCase("example-2026-2030.json");
  auto row = ImportPlan(*store_, text, kActor, kNow);
  ASSERT_TRUE(row.ok()) << row.status().ToString();
  EXPECT_EQ(row->id, "example-2026-2030");
  EXPECT_EQ(row->version, 1);
  EXPECT_EQ(row->status, "adopted");
  EXPECT_EQ(row->first_year, 2026);
  EXPECT_EQ(row->last_year, 2030);
  EXPECT_EQ(row->baseline_year, 2025);
  EXPECT_EQ(row->target_count, 12);
  EXPECT_EQ(row->imported_by, "county-user");

  auto exported = ExportPlan(*store_, "example-2026-2030");
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(*exported, text);  // byte for byte what was imported
  auto parsed = LoadStoredPlan(*store_, "example-2026-2030");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->targets.size(), 12u);

  // Importing again stores version 2 (a draft now); the listing shows the current version.
  auto again = ImportPlan(*store_, text, kActor, kNow + 60, kPlanDraft);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->version, 2);
  auto plans = ListPlans(*store_);
  ASSERT_TRUE(plans.ok());
  ASSERT_EQ(plans->size(), 1u);
  EXPECT_EQ((*plans)[0].version, 2);
  EXPECT_EQ((*plans)[0].status, "draft");

  // Both imports audited, with the previous version as "before" of the second.
  std::vector<model::AuditEntry> audit = AuditOf("plan.import");
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].target, "plan:example-2026-2030");
  EXPECT_EQ(audit[0].actor, "county-user");
  EXPECT_EQ(audit[0].user_id, 7);
  EXPECT_TRUE(audit[0].before_json.empty());
  EXPECT_NE(audit[1].before_json.find("\"version\":1"), std::string::npos);
  EXPECT_NE(audit[1].after_json.find("\"version\":2"), std::string::npos);
}

TEST_F(PlansTest, ImportErrorCasesStoreNothing) {
  const std::string base = ReadCase("example-2026-2030.json");
  const nlohmann::json cases = nlohmann::json::parse(ReadCase("import_errors.json"));
  ASSERT_GE(cases["cases"].size(), 8u);
  for (const auto& c : cases["cases"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    std::string text;
    if (c.contains("raw")) {
      text = c["raw"].get<std::string>();
    } else {
      nlohmann::ordered_json j = nlohmann::ordered_json::parse(base);
      if (c.contains("set")) {
        for (const auto& [ptr, value] : c["set"].items()) {
          j[nlohmann::ordered_json::json_pointer(ptr)] = value;
        }
      }
      if (c.contains("remove")) {
        for (const auto& ptr : c["remove"]) {
          nlohmann::ordered_json::json_pointer p(ptr.get<std::string>());
          j[p.parent_pointer()].erase(p.back());
        }
      }
      text = j.dump();
    }
    auto row = ImportPlan(*store_, text, kActor, kNow);
    ASSERT_FALSE(row.ok());
    EXPECT_EQ(StatusCodeName(row.status().code()), c["code"].get<std::string>());
    EXPECT_NE(row.status().message().find(c["message"].get<std::string>()), std::string::npos)
        << row.status().message();
  }
  EXPECT_TRUE(ListPlans(*store_)->empty());
  EXPECT_TRUE(AuditOf("plan.import").empty());
}

TEST_F(PlansTest, ImportRefusesABadStatusAndAnOversizedFile) {
  const std::string text = ReadCase("example-2026-2030.json");
  auto bad = ImportPlan(*store_, text, kActor, kNow, "final");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("adopted"), std::string::npos);
  auto big = ImportPlan(*store_, std::string(kPlanMaxBytes + 1, ' '), kActor, kNow);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), StatusCode::kResourceExhausted);
}

TEST_F(PlansTest, DeleteIsRefusedWhileLedgerTasksReferenceThePlan) {
  ASSERT_TRUE(ImportPlan(*store_, ReadCase("example-2026-2030.json"), kActor, kNow).ok());
  model::Task t;
  t.id = "t1";
  t.plan_id = "example-2026-2030";
  t.section_id = "s2.goals";
  t.title = "合成任务";
  t.unit_code = "500235";
  t.start_date = {2026, 1, 1};
  t.due_date = {2030, 12, 31};
  ASSERT_TRUE(store_->PutTasks({t}).ok());
  Status refused = DeletePlan(*store_, "example-2026-2030", kActor, kNow);
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("仍被工作台账的 1 项任务引用"), std::string::npos)
      << refused.message();
  EXPECT_TRUE(GetPlan(*store_, "example-2026-2030").ok());
  EXPECT_TRUE(AuditOf("plan.delete").empty());

  Status unknown = DeletePlan(*store_, "no-such-plan", kActor, kNow);
  EXPECT_EQ(unknown.code(), StatusCode::kNotFound);
  EXPECT_NE(unknown.message().find("未知规划：no-such-plan"), std::string::npos);

  // A plan no task names is deleted, every version, audited.
  const std::string yunyang(*common::EmbeddedFile("data/plans/yunyang-2021-2025.json"));
  ASSERT_TRUE(ImportPlan(*store_, yunyang, kActor, kNow).ok());
  ASSERT_TRUE(ImportPlan(*store_, yunyang, kActor, kNow).ok());
  ASSERT_TRUE(DeletePlan(*store_, "yunyang-2021-2025", kActor, kNow).ok());
  EXPECT_EQ(GetPlan(*store_, "yunyang-2021-2025").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(AuditOf("plan.delete").size(), 1u);
}

TEST_F(PlansTest, DefaultPlanIsTheLatestAdoptedOne) {
  EXPECT_EQ(ResolvePlanId(*store_, "").status().code(), StatusCode::kNotFound);
  const std::string yunyang(*common::EmbeddedFile("data/plans/yunyang-2021-2025.json"));
  ASSERT_TRUE(ImportPlan(*store_, yunyang, kActor, kNow).ok());
  EXPECT_EQ(*ResolvePlanId(*store_, ""), "yunyang-2021-2025");
  // A later plan as a draft does not take over …
  const std::string example = ReadCase("example-2026-2030.json");
  ASSERT_TRUE(ImportPlan(*store_, example, kActor, kNow, kPlanDraft).ok());
  EXPECT_EQ(*ResolvePlanId(*store_, ""), "yunyang-2021-2025");
  // … adopted, it does.
  ASSERT_TRUE(ImportPlan(*store_, example, kActor, kNow).ok());
  EXPECT_EQ(*ResolvePlanId(*store_, ""), "example-2026-2030");
  EXPECT_EQ(*ResolvePlanId(*store_, "yunyang-2021-2025"), "yunyang-2021-2025");
  auto unknown = ResolvePlanId(*store_, "nope");
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  EXPECT_NE(unknown.status().message().find("example-2026-2030"), std::string::npos);
}

// Monitoring never refuses a year: the baseline year shows baselines, a year after the period
// the final state labelled 规划期已结束 (engine::EvaluatePlan), for an imported plan.
TEST_F(PlansTest, MonitoringOutsideThePeriod) {
  ASSERT_TRUE(ImportPlan(*store_, ReadCase("example-2026-2030.json"), kActor, kNow).ok());
  auto plan = LoadStoredPlan(*store_, "example-2026-2030");
  ASSERT_TRUE(plan.ok());
  // 2025: the baselines; 2026–2030 rising by one point a year.
  engine::ValueSeries series = [&](const engine::Target& t, int year) -> std::optional<double> {
    if (year < 2025 || year > 2030) return std::nullopt;
    return t.baseline->value + (t.comparator == engine::Comparator::kEliminate ? 0 : year - 2025);
  };
  auto base = engine::EvaluatePlan(*plan, 2025, series);
  ASSERT_EQ(base.size(), 12u);
  for (const auto& e : base) {
    EXPECT_EQ(e.phase, engine::MonitorPhase::kBaseline);
    EXPECT_EQ(e.status, engine::TargetStatus::kNoData);
    ASSERT_TRUE(e.value);
    ASSERT_TRUE(e.baseline);
    EXPECT_EQ(e.baseline->year, 2025);
    EXPECT_NE(e.reason.find("基线年"), std::string::npos) << e.reason;
  }
  auto in_period = engine::EvaluatePlan(*plan, 2027, series);
  EXPECT_EQ(in_period[0].phase, engine::MonitorPhase::kPeriod);
  auto ended = engine::EvaluatePlan(*plan, 2032, series);
  auto final_state = engine::EvaluatePlan(*plan, 2030, series);
  for (size_t i = 0; i < ended.size(); ++i) {
    EXPECT_EQ(ended[i].phase, engine::MonitorPhase::kEnded);
    EXPECT_EQ(ended[i].status, final_state[i].status) << ended[i].target_id;
    EXPECT_EQ(ended[i].value, final_state[i].value);
    EXPECT_EQ(ended[i].reason.rfind("规划期已结束（2026—2030年）", 0), 0u) << ended[i].reason;
  }
  // main.preschool_ger: 96 + 5 = 101 ≥ 98 at the end: achieved, not "off track" in 2032.
  EXPECT_EQ(ended[0].status, engine::TargetStatus::kAchieved);
}

}  // namespace
}  // namespace zj::service
