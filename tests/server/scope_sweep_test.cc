// Every readable route, generated from the route table (through the OpenAPI document, so a new
// route cannot skip it), asked by the school account of school A with every unit and year it
// might try: no successful JSON answer may name another school (code or name). Issue #15: the
// 督导评估 failure lines carried other schools' names and codes to a school account.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <vector>

#include "server_fixture.h"

namespace zj::server::testing {
namespace {

// Fills the path parameters of a route template with values the school account may ask for.
std::string FillPath(const std::string& path) {
  static const std::vector<std::pair<std::regex, std::string>> kValues = {
      {std::regex(R"(\{code\})"), kSchoolA}, {std::regex(R"(\{table\})"), "students"},
      {std::regex(R"(\{id\})"), "default"},  {std::regex(R"(\{seq\})"), "1"},
      {std::regex(R"(\{[a-z_]+\})"), "1"},
  };
  std::string out = path;
  for (const auto& [re, value] : kValues) out = std::regex_replace(out, re, value);
  return out;
}

TEST(ScopeSweepTest, SchoolAccountSeesNothingOfOtherSchools) {
  TestServer& s = TestServer::Get();
  Json openapi = Json::parse(OpenApiJson());
  // What must never reach school A's account: the other schools' codes and names.
  const std::vector<std::string> kForeign = {kSchoolB, kSchoolC, "青龙小学", "双江中学"};
  const std::vector<std::string> kQueries = {
      "",
      "?unit=" + std::string(kCounty),
      "?unit=" + std::string(kTown1),
      "?unit=" + std::string(kTown2),
      "?unit=" + std::string(kSchoolB),
      "?year=2020",
      "?plan=yunyang-2021-2025&year=2020",
      "?framework=yz2017",
      "?framework=yz2017&unit=" + std::string(kCounty),
      "?framework=yz2017&unit=" + std::string(kTown1),
      "?framework=jb2012&unit=" + std::string(kCounty),
      "?framework=class-size&unit=" + std::string(kCounty),
      "?framework=xq2020&unit=" + std::string(kCounty),
      "?code=compulsory_retention&unit=" + std::string(kCounty) + "&year=2020",
      "?codes=primary_enrolment&units=" + std::string(kCounty) + "," + kTown1 + "&years=2020",
      "?kind=final&format=json",
      "?personal=1",
      "?sort=seat_gap",
  };
  int routes = 0, answered = 0;
  for (const auto& [path, ops] : openapi["paths"].items()) {
    if (!ops.contains("get")) continue;
    ++routes;
    const std::string filled = FillPath(path);
    for (const std::string& q : kQueries) {
      Response r = s.Call("GET", filled + q, "school");
      if (r.status != 200 || !r.json.is_object()) continue;  // refusals carry no data
      ++answered;
      for (const std::string& foreign : kForeign) {
        EXPECT_EQ(r.body.find(foreign), std::string::npos)
            << "GET " << filled << q << " shows " << foreign
            << " to school A: " << r.body.substr(0, 400);
      }
    }
  }
  EXPECT_GT(routes, 30);
  EXPECT_GT(answered, 50);
  std::cout << "scope sweep: " << routes << " GET routes, " << answered
            << " successful answers checked\n";
}

}  // namespace
}  // namespace zj::server::testing
