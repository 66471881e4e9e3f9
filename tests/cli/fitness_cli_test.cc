// Tests of `zhijiao fitness score` end to end through zj::cli::Main: JSON Lines and table output
// over the io fixture (tests/io/fixtures/fitness_upload.csv), exit codes (0 clean, 2 bad cells,
// bad arguments or unreadable files) and the one-line stderr messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "zj/cli/main.h"

namespace {

using Json = nlohmann::json;

struct CliRun {
  int code = 0;
  std::string out, err;
};

CliRun Zhijiao(std::vector<std::string> args) {
  args.insert(args.begin(), "zhijiao");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::stringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  CliRun r;
  r.code = zj::cli::Main(static_cast<int>(argv.size()), argv.data(), nullptr);
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string Fixture() {
  return std::string(ZJ_SOURCE_DIR) + "/tests/io/fixtures/fitness_upload.csv";
}

std::vector<Json> Lines(const std::string& text) {
  std::vector<Json> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) out.push_back(Json::parse(line));
  return out;
}

TEST(FitnessCliTest, JsonLinesOneObjectPerRow) {
  CliRun r = Zhijiao({"fitness", "score", "--in", Fixture(), "--format", "json"});
  EXPECT_EQ(r.code, 2);  // rows 8, 10 and 11 have bad cells
  auto rows = Lines(r.out);
  ASSERT_EQ(rows.size(), 10u);
  const Json& a = rows[0];
  EXPECT_EQ(a["row"], 2);
  EXPECT_EQ(a["total"], 106);
  EXPECT_EQ(a["band"], "优秀");
  EXPECT_EQ(a["standard"], 100);
  EXPECT_EQ(a["bonus"], 6);
  EXPECT_EQ(a["items"]["1000米跑"], (Json{{"value", 223}, {"score", 100}, {"bonus", 3}}));
  EXPECT_EQ(a["items"]["体重指数(BMI)"]["value"], 20.8);
  EXPECT_EQ(a["items"]["体重指数(BMI)"]["level"], "正常");
  EXPECT_EQ(a["unverified"], (Json{"加分"}));
  const Json& girl = rows[1];
  EXPECT_EQ(girl["total"], 106.5);
  EXPECT_EQ(girl["items"]["立定跳远"]["unverified"], true);
  const Json& primary = rows[3];  // 一年级 女, full-width digits, rope bonus from her own 117
  EXPECT_EQ(primary["items"]["一分钟跳绳"]["bonus"], 2);
  EXPECT_EQ(primary["total"], 102);
  EXPECT_FALSE(primary.contains("unverified"));
  const Json& incomplete = rows[5];
  EXPECT_EQ(incomplete["row"], 7);
  EXPECT_TRUE(incomplete["total"].is_null());
  EXPECT_TRUE(incomplete["band"].is_null());
  EXPECT_EQ(incomplete["missing"], (Json{"1000米跑"}));
  const Json& bad = rows[6];
  EXPECT_EQ(bad["row"], 8);
  ASSERT_EQ(bad["errors"].size(), 6u);
  EXPECT_EQ(bad["errors"][2], "第 8 行「肺活量」（G8）：值「abc」不是数字");
  EXPECT_NE(r.err.find("zhijiao: 第 8 行「1000米跑」（O8）：值「3'75」应写作 分'秒"),
            std::string::npos)
      << r.err;
}

TEST(FitnessCliTest, CleanFileExitsZeroAndTableSummarises) {
  std::string dir = std::filesystem::temp_directory_path() / "zj_fitness_cli";
  std::filesystem::create_directories(dir);
  std::ifstream in(Fixture());
  std::ofstream out(dir + "/clean.csv");
  std::string line;
  for (int i = 0; std::getline(in, line) && i < 7; ++i) out << line << "\n";  // header + rows 2–7
  out.close();
  CliRun j = Zhijiao({"fitness", "score", "--in", dir + "/clean.csv"});
  EXPECT_EQ(j.code, 0) << j.err;
  EXPECT_EQ(Lines(j.out).size(), 6u);
  EXPECT_TRUE(j.err.empty()) << j.err;
  CliRun t = Zhijiao({"fitness", "score", "--in", dir + "/clean.csv", "--format", "table"});
  EXPECT_EQ(t.code, 0);
  EXPECT_NE(t.out.find("第 2 行  初一 男  总分 106（标准分 100 + 附加分 6） 优秀"),
            std::string::npos)
      << t.out;
  EXPECT_NE(t.out.find("1000米跑 3'43 → 100 +3"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("* 未核实：加分"), std::string::npos);
  EXPECT_NE(t.out.find("共 6 行：有总分 5（优秀 "), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("缺项 1，错误 0。合格率 "), std::string::npos) << t.out;
  std::filesystem::remove_all(dir);
}

TEST(FitnessCliTest, BadArgumentsAndUnreadableFilesExitTwoWithOneLine) {
  CliRun missing = Zhijiao({"fitness", "score", "--in", "/nonexistent/x.csv"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_TRUE(missing.out.empty());
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1) << missing.err;
  EXPECT_NE(missing.err.find("文件不存在"), std::string::npos) << missing.err;
  CliRun format = Zhijiao({"fitness", "score", "--in", Fixture(), "--format", "xml"});
  EXPECT_EQ(format.code, 2);
  EXPECT_EQ(std::count(format.err.begin(), format.err.end(), '\n'), 1) << format.err;
  CliRun no_in = Zhijiao({"fitness", "score"});
  EXPECT_EQ(no_in.code, 2);
  CliRun no_sub = Zhijiao({"fitness"});
  EXPECT_EQ(no_sub.code, 2);
}

}  // namespace
