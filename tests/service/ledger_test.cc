// The work-ledger use-cases (zj/service/ledger.h), once for both faces: each write's validation,
// scope, transaction and audit entry; the ledger listing's filters. The CLI and server tests
// cover only their mapping of arguments/JSON onto these calls.
#include "zj/service/ledger.h"

#include <gtest/gtest.h>

#include <memory>

#include "../storage/temp_dir.h"
#include "zj/storage/account_store.h"
#include "zj/storage/open.h"

namespace zj::service {
namespace {

constexpr int64_t kNow = 1780000000;  // 2026-05-28 UTC
const Date kToday = Date::FromDays(kNow / 86400);

class LedgerServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A real SQLite file: the memory store keeps no audit log, and the audit entry written in
    // the change's transaction is what these tests check.
    storage::OpenOptions opt;
    opt.create_if_missing = true;
    auto opened = storage::OpenStore(dir_.File("county.db"), opt);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    owned_ = std::move(*opened);
    auto accounts = storage::OpenSqliteAccountStore(dir_.File("county.db"));
    ASSERT_TRUE(accounts.ok()) << accounts.status().message();
    accounts_ = std::move(*accounts);
    ASSERT_TRUE(
        S().PutAdminUnits({{"500235", "演示县", model::AdminLevel::kCounty, "", 0},
                           {"500235101", "甲镇", model::AdminLevel::kTownship, "500235", 0},
                           {"500235102", "乙镇", model::AdminLevel::kTownship, "500235", 0}})
            .ok());
    model::School a{"2100000001", "甲镇小学", 211,   true, false, model::KindergartenRating::kNone,
                    "500235101",  0,          false, 0,    0};
    model::School b{"2100000002", "乙镇小学", 211,   true, false, model::KindergartenRating::kNone,
                    "500235102",  0,          false, 0,    0};
    ASSERT_TRUE(S().PutSchools({a, b}).ok());
    auto h = LoadHierarchy(S());
    ASSERT_TRUE(h.ok()) << h.status().message();
    h_ = *h;
    school_user_.role = model::Role::kSchool;
    school_user_.unit_code = "2100000001";
    school_scope_ = Scope(h_.get(), school_user_);
  }

  NewTask Task(std::string id, std::string unit) {
    NewTask t;
    t.id = std::move(id);
    t.title = "建设标准化实验室";
    t.unit_code = std::move(unit);
    t.due_date = Date{2026, 12, 31};
    return t;
  }

  int64_t AuditCount() {
    int64_t n = 0;
    EXPECT_TRUE(accounts_
                    ->ScanAudit([&](const model::AuditEntry&) {
                      ++n;
                      return Status::Ok();
                    })
                    .ok());
    return n;
  }

  storage::testing::TempDir dir_;
  std::unique_ptr<model::Store> owned_;
  std::unique_ptr<model::AccountStore> accounts_;
  model::Store& S() { return *owned_; }
  std::shared_ptr<const engine::Hierarchy> h_;
  model::User school_user_;
  Scope school_scope_;
  Actor actor_{7, "staff", "127.0.0.1"};
};

TEST_F(LedgerServiceTest, CreateWritesTaskAndAuditTogether) {
  auto t = CreateTask(S(), *h_, Task("t.1", "500235101"), nullptr, actor_, kNow);
  ASSERT_TRUE(t.ok()) << t.status().message();
  auto got = S().GetTask("t.1");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->title, "建设标准化实验室");
  EXPECT_EQ(AuditCount(), 1);
  std::vector<model::AuditEntry> entries;
  ASSERT_TRUE(accounts_
                  ->ScanAudit([&](const model::AuditEntry& e) {
                    entries.push_back(e);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(entries[0].action, "tasks.create");
  EXPECT_EQ(entries[0].target, "task:t.1");
  EXPECT_EQ(entries[0].actor, "staff");
  EXPECT_EQ(entries[0].user_id, 7);
}

TEST_F(LedgerServiceTest, GeneratedIdsTakeTheFirstFreeNumberOfTheDay) {
  NewTask t = Task("", "500235");
  t.id.reset();
  auto a = CreateTask(S(), *h_, t, nullptr, actor_, kNow);
  auto b = CreateTask(S(), *h_, t, nullptr, actor_, kNow);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->id, "T20260528-1");
  EXPECT_EQ(b->id, "T20260528-2");
}

// Each bad input: the code and a part of the Chinese message; nothing is written.
struct BadCreate {
  const char* name;
  void (*edit)(NewTask&);
  StatusCode code;
  const char* message;
};

TEST_F(LedgerServiceTest, CreateRefusesBadInputAndWritesNothing) {
  const BadCreate cases[] = {
      {"id with a space", [](NewTask& t) { t.id = "a b"; }, StatusCode::kInvalidArgument,
       "任务编号"},
      {"id too long", [](NewTask& t) { t.id = std::string(65, 'x'); }, StatusCode::kInvalidArgument,
       "任务编号"},
      {"empty title", [](NewTask& t) { t.title = ""; }, StatusCode::kInvalidArgument, "任务名称"},
      {"title over 500 bytes", [](NewTask& t) { t.title = std::string(501, 'x'); },
       StatusCode::kInvalidArgument, "任务名称"},
      {"unknown unit", [](NewTask& t) { t.unit_code = "999999"; }, StatusCode::kInvalidArgument,
       "责任单位不存在"},
      {"no due date", [](NewTask& t) { t.due_date.reset(); }, StatusCode::kInvalidArgument,
       "完成期限"},
      {"due before start",
       [](NewTask& t) {
         t.start_date = Date{2027, 1, 1};
       },
       StatusCode::kInvalidArgument, "早于开始日期"},
      {"negative quantity", [](NewTask& t) { t.planned_quantity = -1; },
       StatusCode::kInvalidArgument, "不能为负"},
  };
  for (const BadCreate& c : cases) {
    NewTask t = Task("t.bad", "500235101");
    c.edit(t);
    auto r = CreateTask(S(), *h_, t, nullptr, actor_, kNow);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().code(), c.code) << c.name;
    EXPECT_NE(r.status().message().find(c.message), std::string::npos)
        << c.name << ": " << r.status().message();
  }
  EXPECT_TRUE(S().ListTasks()->empty());
  EXPECT_EQ(AuditCount(), 0);
}

TEST_F(LedgerServiceTest, TakenIdIsAlreadyExists) {
  ASSERT_TRUE(CreateTask(S(), *h_, Task("t.1", "500235"), nullptr, actor_, kNow).ok());
  auto again = CreateTask(S(), *h_, Task("t.1", "500235"), nullptr, actor_, kNow);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(AuditCount(), 1);
}

TEST_F(LedgerServiceTest, ScopeLimitsEveryUseCase) {
  ASSERT_TRUE(CreateTask(S(), *h_, Task("own", "2100000001"), nullptr, actor_, kNow).ok());
  ASSERT_TRUE(CreateTask(S(), *h_, Task("other", "2100000002"), nullptr, actor_, kNow).ok());
  const Scope* s = &school_scope_;
  EXPECT_EQ(CreateTask(S(), *h_, Task("x", "2100000002"), s, actor_, kNow).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(LoadTask(S(), "other", s).status().code(), StatusCode::kPermissionDenied);
  TaskPatch p;
  p.title = "改名";
  EXPECT_EQ(UpdateTask(S(), *h_, "other", p, s, actor_, kNow).status().code(),
            StatusCode::kPermissionDenied);
  TaskPatch move;
  move.unit_code = "2100000002";  // giving its own task away is outside the scope too
  EXPECT_EQ(UpdateTask(S(), *h_, "own", move, s, actor_, kNow).status().code(),
            StatusCode::kPermissionDenied);
  NewProgress np;
  np.percent = 10;
  np.text = "进展";
  EXPECT_EQ(AddProgress(S(), "other", np, s, actor_, kNow).status().code(),
            StatusCode::kPermissionDenied);
  LedgerQuery q;
  q.as_of = kToday;
  auto v = ListLedger(S(), *h_, q, s);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->rows.size(), 1u);
  EXPECT_EQ(v->rows[0].task.id, "own");
  q.unit = "500235102";
  EXPECT_EQ(ListLedger(S(), *h_, q, s).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(AuditCount(), 2);  // the two creations by the county; no refused write left a trace
}

TEST_F(LedgerServiceTest, UpdateAuditsBeforeAndAfterAndMilestones) {
  ASSERT_TRUE(CreateTask(S(), *h_, Task("t.1", "500235"), nullptr, actor_, kNow).ok());
  ASSERT_TRUE(S().PutMilestones({{"t.1", 1, "实施方案", Date{2026, 3, 1}, Date{}, 0}}).ok());
  TaskPatch p;
  p.title = "新名称";
  p.milestones.push_back({1, Date{2026, 3, 2}});
  auto t = UpdateTask(S(), *h_, "t.1", p, nullptr, actor_, kNow);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->title, "新名称");
  auto ms = S().ListMilestones("t.1");
  ASSERT_TRUE(ms.ok());
  EXPECT_EQ((*ms)[0].done_date, (Date{2026, 3, 2}));
  model::AuditEntry last;
  ASSERT_TRUE(accounts_
                  ->ScanAudit([&](const model::AuditEntry& e) {
                    last = e;
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(last.action, "tasks.update");
  EXPECT_NE(last.before_json.find("建设标准化实验室"), std::string::npos);
  EXPECT_NE(last.after_json.find("新名称"), std::string::npos);
  EXPECT_NE(last.after_json.find("milestones_changed"), std::string::npos);

  TaskPatch bad;
  bad.milestones.push_back({9, Date{2026, 3, 2}});
  EXPECT_EQ(UpdateTask(S(), *h_, "t.1", bad, nullptr, actor_, kNow).status().code(),
            StatusCode::kInvalidArgument);
  TaskPatch empty_title;
  empty_title.title = "";
  EXPECT_EQ(UpdateTask(S(), *h_, "t.1", empty_title, nullptr, actor_, kNow).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(UpdateTask(S(), *h_, "nope", p, nullptr, actor_, kNow).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(AuditCount(), 2);
}

TEST_F(LedgerServiceTest, ProgressIsNumberedValidatedAndChangesTheState) {
  ASSERT_TRUE(CreateTask(S(), *h_, Task("t.1", "500235"), nullptr, actor_, kNow).ok());
  NewProgress p;
  p.percent = 40;
  p.text = "已完成设计";
  auto a = AddProgress(S(), "t.1", p, nullptr, actor_, kNow);
  p.percent = 100;
  p.report_date = kToday;
  auto b = AddProgress(S(), "t.1", p, nullptr, actor_, kNow);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->seq, 1);
  EXPECT_EQ(b->seq, 2);
  EXPECT_EQ(a->report_date, kToday);
  LedgerQuery q;
  q.as_of = kToday;
  q.state = engine::TaskState::kDone;
  auto v = ListLedger(S(), *h_, q, nullptr);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->counts.done, 1);

  struct {
    double percent;
    std::optional<double> quantity;
    std::string text;
    std::optional<Date> date;
    const char* message;
  } bad[] = {
      {120, {}, "x", {}, "0–100"},
      {-1, {}, "x", {}, "0–100"},
      {50, -2.0, "x", {}, "不能为负"},
      {50, {}, "", {}, "进展说明"},
      {50, {}, std::string(4001, 'x'), {}, "进展说明"},
      {50, {}, "x", Date{2099, 1, 1}, "晚于今天"},
  };
  for (const auto& c : bad) {
    NewProgress np;
    np.percent = c.percent;
    np.quantity = c.quantity;
    np.text = c.text;
    np.report_date = c.date;
    auto r = AddProgress(S(), "t.1", np, nullptr, actor_, kNow);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_NE(r.status().message().find(c.message), std::string::npos) << r.status().message();
  }
  EXPECT_EQ(S().ListTaskProgress("t.1")->size(), 2u);
  EXPECT_EQ(AuditCount(), 3);
}

TEST_F(LedgerServiceTest, ListFiltersByUnitSubtreeAndRefusesUnknownUnits) {
  ASSERT_TRUE(CreateTask(S(), *h_, Task("a", "2100000001"), nullptr, actor_, kNow).ok());
  ASSERT_TRUE(CreateTask(S(), *h_, Task("b", "500235101"), nullptr, actor_, kNow).ok());
  ASSERT_TRUE(CreateTask(S(), *h_, Task("c", "2100000002"), nullptr, actor_, kNow).ok());
  LedgerQuery q;
  q.as_of = kToday;
  q.unit = "500235101";  // the township and its school
  auto v = ListLedger(S(), *h_, q, nullptr);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->rows.size(), 2u);
  EXPECT_EQ(v->rows[0].task.id, "a");
  EXPECT_EQ(v->rows[1].task.id, "b");
  q.unit = "999";
  EXPECT_EQ(ListLedger(S(), *h_, q, nullptr).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace zj::service
