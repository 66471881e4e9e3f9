// Runs the authorization matrix (cases/authz_matrix.tsv) completely against the fixture server:
// every row × every role. A denied request must carry the JSON error body and no data.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "server_fixture.h"

namespace zj::server::testing {
namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, '\t')) out.push_back(cell);
  return out;
}

TEST(AuthzMatrixTest, EveryRoleOnEveryEndpoint) {
  TestServer& s = TestServer::Get();
  std::ifstream in(std::string(ZJ_TEST_DATA_DIR) + "/cases/authz_matrix.tsv");
  ASSERT_TRUE(in) << "case file missing";
  std::vector<std::string> roles;
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.rfind("#METHOD", 0) == 0) {
      std::vector<std::string> header = SplitTabs(line);
      roles.assign(header.begin() + 3, header.end());
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    ASSERT_FALSE(roles.empty()) << "header row missing";
    std::vector<std::string> cells = SplitTabs(line);
    ASSERT_EQ(cells.size(), roles.size() + 3) << line;
    std::string path = cells[1];
    if (size_t p = path.find("{id:leader}"); p != std::string::npos) {
      path.replace(p, 11, std::to_string(s.user_ids.at("leader")));
    }
    const std::string body = cells[2] == "-" ? "" : cells[2];
    for (size_t i = 0; i < roles.size(); ++i) {
      const std::string user = roles[i] == "anon" ? "" : roles[i];
      Response r = s.Call(cells[0], path, user, body);
      int expected = std::stoi(cells[3 + i]);
      EXPECT_EQ(r.status, expected)
          << cells[0] << " " << path << " as " << roles[i] << ": " << r.body;
      if (r.status >= 400 && path.rfind("/api/", 0) == 0) {
        ASSERT_TRUE(r.json.is_object()) << path << " as " << roles[i] << ": " << r.body;
        EXPECT_TRUE(r.json["error"]["code"].is_string()) << r.body;
        EXPECT_TRUE(r.json["error"]["message"].is_string()) << r.body;
        EXPECT_FALSE(r.json.contains("items")) << "denied request leaked data: " << r.body;
      }
      ++cases;
    }
  }
  EXPECT_GT(cases, 400);
  std::cout << "authorization matrix: " << cases << " cases\n";
}

}  // namespace
}  // namespace zj::server::testing
