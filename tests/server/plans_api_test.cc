// /api/v1/plans and the plan id of the plan routes (issue #16), against the fixture server: the
// mapping only — validation, versions and audit are tested once in tests/service/plans_test.cc.
// A second plan (the synthetic 2026–2030 fixture) is imported at run time as a draft, so the
// fixture's default plan stays the Yunyang one for the other suites, and deleted at the end.
#include <gtest/gtest.h>

#include "server_fixture.h"
#include "zj/common/file.h"

namespace zj::server::testing {
namespace {

constexpr char kExample[] = "example-2026-2030";

std::string ExampleText() {
  auto text = common::ReadTextFile(
      std::string(ZJ_SOURCE_DIR) + "/tests/service/cases/plans/example-2026-2030.json", "plan");
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  return text.ok() ? *text : "";
}

bool Lists(const Response& r, const std::string& id) {
  for (const auto& p : r.json["items"]) {
    if (p["id"] == id) return true;
  }
  return false;
}

TEST(PlansApiTest, TwoPlansAtOnce) {
  TestServer& s = TestServer::Get();
  Response list = s.Call("GET", "/api/v1/plans", "county");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json["default"], "yunyang-2021-2025");
  ASSERT_TRUE(Lists(list, "yunyang-2021-2025"));
  const Json& y = list.json["items"][0];
  EXPECT_EQ(y["period"], "2021—2025");
  EXPECT_EQ(y["status"], "adopted");
  EXPECT_EQ(y["target_count"], 122);
  EXPECT_EQ(y["default"], true);

  // Only a county account imports (a school or township account cannot), as a new plan.
  const std::string text = ExampleText();
  EXPECT_EQ(s.Call("POST", "/api/v1/plans?status=draft", "school", text).status, 403);
  EXPECT_EQ(s.Call("POST", "/api/v1/plans?status=draft", "town", text).status, 403);
  Response bad = s.Call("POST", "/api/v1/plans", "county", "{\"id\": ");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("规划文件不是合法的 JSON"), std::string::npos) << bad.body;
  Response created = s.Call("POST", "/api/v1/plans?status=draft", "county", text);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json["id"], kExample);
  EXPECT_EQ(created.json["status"], "draft");
  EXPECT_EQ(created.json["target_count"], 12);

  // Both plans are listed; the default (adopted) plan is unchanged.
  list = s.Call("GET", "/api/v1/plans", "leader");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json["items"].size(), 2u);
  EXPECT_TRUE(Lists(list, kExample));
  EXPECT_EQ(list.json["default"], "yunyang-2021-2025");

  // Every plan route takes ?plan=.
  Response targets = s.Call("GET", std::string("/api/v1/plan/targets?plan=") + kExample, "county");
  ASSERT_EQ(targets.status, 200) << targets.body;
  EXPECT_EQ(targets.json["plan_id"], kExample);
  EXPECT_EQ(targets.json["items"].size(), 12u);
  EXPECT_EQ(targets.json["first_year"], 2026);
  Response yunyang = s.Call("GET", "/api/v1/plan/targets", "county");
  EXPECT_EQ(yunyang.json["plan_id"], "yunyang-2021-2025");
  // The fixture's only year (2020) is before the example plan: baselines, no judgement.
  Response status = s.Call("GET", std::string("/api/v1/plan/status?plan=") + kExample, "county");
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.json["plan_id"], kExample);
  EXPECT_EQ(status.json["phase"], "baseline");
  EXPECT_EQ(status.json["items"].size(), 12u);
  EXPECT_EQ(status.json["items"][0]["phase"], "baseline");
  // A year after the Yunyang plan: its final state, labelled, not refused.
  Response ended = s.Call("GET", "/api/v1/plan/status?year=2027", "county");
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json["phase"], "ended");
  EXPECT_EQ(ended.json["items"][0]["reason"].get<std::string>().rfind("规划期已结束", 0), 0u);

  // The file comes back as imported.
  Response exported = s.Call("GET", std::string("/api/v1/plans/") + kExample, "county");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.body, text);

  // Unknown plan ids: 404 with a Chinese message, on every plan route.
  for (const char* path :
       {"/api/v1/plan/targets?plan=nope", "/api/v1/plan/status?plan=nope", "/api/v1/plans/nope",
        "/api/v1/reports/evaluation?plan=nope&format=json"}) {
    Response r = s.Call("GET", path, "county");
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_NE(r.body.find("未知规划：nope"), std::string::npos) << path << " " << r.body;
  }
  EXPECT_EQ(s.Call("DELETE", "/api/v1/plans/nope", "county").status, 404);

  // The Yunyang plan is referenced by the fixture's ledger tasks: not deleted.
  Response referenced = s.Call("DELETE", "/api/v1/plans/yunyang-2021-2025", "county");
  EXPECT_EQ(referenced.status, 409) << referenced.body;
  EXPECT_NE(referenced.body.find("工作台账"), std::string::npos);
  EXPECT_EQ(s.Call("DELETE", std::string("/api/v1/plans/") + kExample, "school").status, 403);
  Response deleted = s.Call("DELETE", std::string("/api/v1/plans/") + kExample, "county");
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  list = s.Call("GET", "/api/v1/plans", "county");
  EXPECT_EQ(list.json["items"].size(), 1u);
  EXPECT_EQ(s.Call("GET", std::string("/api/v1/plan/targets?plan=") + kExample, "county").status,
            404);

  // Import and delete are audited with the account's name.
  for (const char* action : {"plan.import", "plan.delete"}) {
    Response audit = s.Call("GET", std::string("/api/v1/audit?action=") + action, "auditor");
    ASSERT_EQ(audit.status, 200) << audit.body;
    bool by_county = false;
    for (const auto& e : audit.json["items"]) {
      by_county |= e["target"] == std::string("plan:") + kExample && e["actor"] == "county";
    }
    EXPECT_TRUE(by_county) << action << " " << audit.body;
  }
}

}  // namespace
}  // namespace zj::server::testing
