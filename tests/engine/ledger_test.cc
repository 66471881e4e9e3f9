// Ledger state rules from tests/engine/ledger_cases/state_cases.json (hand-derived expectations),
// the tasks the Yunyang plan yields, ledger summaries and the 通报 grouping.
#include "zj/engine/ledger.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "zj/engine/plan.h"

namespace zj::engine {
namespace {

using Json = nlohmann::json;

Date D(const Json& j) {
  auto d = ParseDate(j.get<std::string>());
  EXPECT_TRUE(d.has_value()) << j;
  return d.value_or(Date{});
}

Json LoadCases() {
  std::ifstream in(std::string(ZJ_TEST_DATA_DIR) + "/ledger_cases/state_cases.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

TEST(LedgerRulesTest, StateCases) {
  const Json cases = LoadCases()["cases"];
  ASSERT_GE(cases.size(), 10u);
  for (const Json& c : cases) {
    SCOPED_TRACE(c["name"].get<std::string>());
    model::Task task;
    task.id = "t";
    task.title = "任务";
    task.unit_code = "500235";
    task.start_date = D(c["task"]["start"]);
    task.due_date = D(c["task"]["due"]);
    task.planned_quantity = c["task"].value("planned_quantity", 0.0);
    std::vector<model::Milestone> ms;
    for (const Json& m : c["milestones"]) {
      model::Milestone x;
      x.task_id = "t";
      x.seq = m["seq"];
      x.title = "节点";
      x.due_date = D(m["due"]);
      if (m.contains("done")) x.done_date = D(m["done"]);
      x.planned_quantity = m.value("quantity", 0.0);
      ms.push_back(x);
    }
    std::vector<model::TaskProgress> ps;
    for (const Json& p : c["progress"]) {
      model::TaskProgress x;
      x.task_id = "t";
      x.seq = p["seq"];
      x.report_date = D(p["date"]);
      x.percent = p["percent"];
      x.quantity = p.value("quantity", 0.0);
      ps.push_back(x);
    }
    LedgerRules rules;
    rules.stall_days = c["stall_days"];
    const TaskStatus st = EvaluateTask(task, ms, ps, D(c["as_of"]), rules);
    const Json& e = c["expect"];
    EXPECT_EQ(TaskStateName(st.state), e["state"].get<std::string>()) << st.reason;
    EXPECT_EQ(st.overdue, e["overdue"].get<bool>());
    EXPECT_EQ(st.overdue_milestones, e["overdue_milestones"].get<std::vector<int>>());
    EXPECT_EQ(st.stalled, e["stalled"].get<bool>());
    EXPECT_DOUBLE_EQ(st.percent, e["percent"].get<double>());
    EXPECT_EQ(st.days_since_activity, e["days_since_activity"].get<int>());
    if (e.contains("quantity")) {
      ASSERT_TRUE(st.quantity.has_value());
      EXPECT_DOUBLE_EQ(*st.quantity, e["quantity"].get<double>());
    }
    EXPECT_FALSE(st.reason.empty());
  }
}

TEST(LedgerRulesTest, StateNamesRoundTrip) {
  for (TaskState s :
       {TaskState::kNotStarted, TaskState::kInProgress, TaskState::kDone, TaskState::kLate}) {
    EXPECT_EQ(ParseTaskState(TaskStateName(s)), s);
    EXPECT_EQ(ParseTaskState(TaskStateNameZh(s)), s);
  }
  EXPECT_EQ(TaskStateNameZh(TaskState::kLate), "滞后");
  EXPECT_FALSE(ParseTaskState("overdue").has_value());
}

TEST(LedgerDeriveTest, YunyangPlanYieldsMeasuresAndColumnProjects) {
  auto plan = LoadPlan(kDefaultPlanId);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const DerivedTasks d = DeriveTasksFromPlan(*plan, "500235");
  // Measures of 第三部分: the 一项重大工程 has 2, the four 五大 groups 5 each.
  int measures = 0, projects = 0;
  for (const auto& t : d.tasks) (t.planned_quantity > 0 ? projects : measures)++;
  EXPECT_EQ(measures, 22);
  // Quantified 专栏 projects: one per cumulative-count metric (col1 7, col3 5, col4 2, col5 4,
  // col6 1, col7 8).
  EXPECT_EQ(projects, 27);
  auto find = [&](const std::string& id) -> const model::Task* {
    for (const auto& t : d.tasks)
      if (t.id == id) return &t;
    return nullptr;
  };
  const model::Task* labs = find("col5.compulsory_inquiry_labs");
  ASSERT_NE(labs, nullptr);
  EXPECT_EQ(labs->planned_quantity, 60);
  EXPECT_EQ(labs->quantity_unit, "间");
  EXPECT_EQ(labs->due_date.ToString(), "2025-12-31");
  const model::Task* terminals = find("col6.interactive_terminals_replaced");
  ASSERT_NE(terminals, nullptr);
  EXPECT_EQ(terminals->planned_quantity, 3000);
  EXPECT_EQ(terminals->target_ids,
            "col6.interactive_terminals_replaced|goals.interactive_terminals_replaced");
  const model::Task* preschool = find("p3.2.1");
  ASSERT_NE(preschool, nullptr);
  EXPECT_EQ(preschool->title, "（一）着力优质普惠，推进学前教育品质提升");
  EXPECT_EQ(preschool->department, "学前教育");
  // Every task has milestones, and every milestone a task.
  for (const auto& t : d.tasks) {
    int n = 0;
    for (const auto& m : d.milestones) n += m.task_id == t.id;
    EXPECT_GE(n, 2) << t.id;
  }
  // Midterm milestone of the 60 labs: 30 by 2023-12-31.
  bool found = false;
  for (const auto& m : d.milestones) {
    if (m.task_id == labs->id && m.seq == 1) {
      found = true;
      EXPECT_EQ(m.due_date.ToString(), "2023-12-31");
      EXPECT_EQ(m.planned_quantity, 30);
    }
  }
  EXPECT_TRUE(found);
}

TEST(LedgerSummaryTest, SectionsAndNotice) {
  auto plan = LoadPlan(kDefaultPlanId);
  ASSERT_TRUE(plan.ok());
  model::Task a, b, c;
  a.id = "p3.2.1", a.section_id = "p3.2.1", a.unit_code = "500235", a.due_date = {2025, 12, 31};
  b.id = "p3.2.2", b.section_id = "p3.2.2", b.unit_code = "500235101", b.due_date = {2025, 12, 31};
  c.id = "x", c.section_id = "", c.unit_code = "500235", c.due_date = {2030, 1, 1};
  model::Task cancelled = c;
  cancelled.id = "y";
  cancelled.cancelled = true;
  std::vector<model::TaskProgress> ps = {{"p3.2.1", 1, {2025, 11, 1}, 100, 0, "", ""},
                                         {"p3.2.2", 1, {2025, 11, 1}, 50, 0, "", ""}};
  auto rows = EvaluateLedger({c, b, a, cancelled}, {}, ps, {2026, 1, 15});
  ASSERT_EQ(rows.size(), 3u);  // the cancelled task is left out
  EXPECT_EQ(rows[0].task.id, "p3.2.1");
  EXPECT_EQ(rows[0].status.state, TaskState::kDone);
  EXPECT_EQ(rows[1].status.state, TaskState::kLate);
  EXPECT_EQ(rows[2].status.state, TaskState::kNotStarted);
  auto sections = SummarizeLedgerBySection(*plan, rows);
  ASSERT_EQ(sections.size(), 6u);  // five groups of 第三部分 + 其他
  EXPECT_EQ(sections[1].section_id, "p3.2");
  EXPECT_EQ(sections[1].counts.done, 1);
  EXPECT_EQ(sections[1].counts.late, 1);
  EXPECT_EQ(sections[1].counts.flagged, 1);
  EXPECT_EQ(sections[5].title, "其他");
  EXPECT_EQ(sections[5].counts.not_started, 1);
  auto notice = BuildNotice(rows);
  ASSERT_EQ(notice.size(), 1u);
  EXPECT_EQ(notice[0].unit_code, "500235101");
  EXPECT_EQ(notice[0].rows[0]->task.id, "p3.2.2");
}

}  // namespace
}  // namespace zj::engine
