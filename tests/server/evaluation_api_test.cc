// 督导评估 over HTTP with the server's evaluation overrides (the fixture server is started with
// {"unit_costs": {"teaching_area_m2": 2500}}, as `zhijiao serve --config` would set them): the
// remediation plan uses the configured cost and marks it, the built-in placeholder costs carry
// the 未核实 mark, and the plan says how it was optimised.
#include <gtest/gtest.h>

#include "server_fixture.h"

namespace zj::server::testing {
namespace {

TEST(EvaluationApi, RemedyUsesServerUnitCostsAndMarksThem) {
  Response r = TestServer::Get().Call(
      "GET", "/api/v1/evaluations/remedy?unit=" + std::string(kCounty) + "&year=2020", "county");
  ASSERT_EQ(r.status, 200) << r.body;
  const Json& j = r.json;
  EXPECT_EQ(j["unit_cost_mark"], "unverified");
  EXPECT_EQ(j["unit_cost_mark_name"], "未核实");
  bool teaching = false, placeholder = false;
  for (const Json& u : j["unit_costs"]) {
    if (u["key"] == "teaching_area_m2") {
      teaching = true;
      EXPECT_EQ(u["yuan"], 2500);
      EXPECT_EQ(u["configured"], true);
    } else if (u["key"] == "multimedia_rooms") {
      placeholder = true;
      EXPECT_EQ(u["yuan"], 60000);
      EXPECT_EQ(u["configured"], false);
      EXPECT_EQ(u["mark"], "unverified");
      EXPECT_EQ(u["mark_name"], "未核实");
    }
  }
  EXPECT_TRUE(teaching);
  EXPECT_TRUE(placeholder);
  for (const Json& t : j["totals"]) {
    if (t["resource"] == "teaching_area_m2") {
      EXPECT_EQ(t["yuan_each"], 2500);
    }
  }
  ASSERT_TRUE(j.contains("optimality"));
  EXPECT_EQ(j["optimality"]["method"], "mip");
  EXPECT_LE(j["optimality"]["lower_bound"].get<double>(), j["total_cost"].get<double>() + 0.01);
}

}  // namespace
}  // namespace zj::server::testing
