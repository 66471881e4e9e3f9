// Calibration of the demo county against the county plan: every figure in cases/calibration.csv
// is counted from the records GenerateDemo wrote (seed 1) and compared with its target and
// tolerance. The test also prints the 2015 / 2020 / 2025 columns for the record.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "demo_fixture.h"
#include "zj/common/csv.h"

namespace zj::sim::testing {
namespace {

struct Case {
  std::string figure;
  int year;
  double target, tolerance;
  std::string source;
};

std::vector<Case> LoadCases() {
  std::ifstream in(std::string(ZJ_TEST_DATA_DIR) + "/cases/calibration.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  auto table = common::CsvTable::Parse(ss.str());
  EXPECT_TRUE(table.ok());
  std::vector<Case> out;
  if (!table.ok()) return out;
  for (const auto& row : table->rows()) {
    out.push_back({std::string(table->Get(row, "figure")),
                   std::stoi(std::string(table->Get(row, "year"))),
                   std::stod(std::string(table->Get(row, "target"))),
                   std::stod(std::string(table->Get(row, "tolerance"))),
                   std::string(table->Get(row, "source"))});
  }
  return out;
}

TEST(CalibrationTest, PlanFiguresAreReproduced) {
  const DemoData& d = SharedDemo();
  const auto cases = LoadCases();
  ASSERT_GE(cases.size(), 20u);
  std::map<int, std::map<std::string, double>> figures;
  for (int y : {2015, 2020, 2025}) figures[y] = ComputeFigures(d, y);
  std::printf("%-36s %10s %10s %10s   target\n", "figure", "2015", "2020", "2025");
  for (const auto& [name, v2020] : figures[2020]) {
    std::printf("%-36s %10.1f %10.1f %10.1f\n", name.c_str(), figures[2015][name], v2020,
                figures[2025][name]);
  }
  for (const auto& c : cases) {
    auto& f = figures[c.year];
    if (f.empty()) f = ComputeFigures(d, c.year);
    ASSERT_TRUE(f.count(c.figure)) << "unknown figure " << c.figure;
    EXPECT_NEAR(f[c.figure], c.target, c.tolerance)
        << c.figure << " " << c.year << " (" << c.source << ")";
  }
  std::printf("generation (2012–2025 into MemoryStore): %.1f s\n", d.seconds);
}

// Mechanisms behind the figures, beyond single numbers.
TEST(CalibrationTest, JuniorGradesExceedPrimaryGradesThroughReturnMigration) {
  const auto& yd = SharedDemo().by_year.at(2020);
  std::map<std::pair<int, int>, int> by_grade;
  int returned = 0;
  for (const auto& e : yd.enrolments) {
    if (!model::CountsAsEnrolled(e.status)) continue;
    ++by_grade[{static_cast<int>(e.stage), e.grade}];
    if (e.stage == model::Stage::kJunior && e.status == model::EnrolmentStatus::kTransferredIn &&
        e.prev_school_code.empty()) {
      ++returned;
    }
  }
  double primary = 0, junior = 0;
  for (int g = 1; g <= 6; ++g) primary += by_grade[{2, g}] / 6.0;
  for (int g = 1; g <= 3; ++g) junior += by_grade[{3, g}] / 3.0;
  EXPECT_GT(junior, primary * 1.1);
  EXPECT_GT(returned, 100);  // 返乡 pupils joining 初二/初三 from outside the county
}

// Yunyang is a county of net out-migration: the gross 巩固率 (初中 graduates ÷ 一年级 eight years
// earlier; returnees for 初中 are not subtracted) stays realistic in every year with a cohort —
// never above 100 % (it reached 103.5 % in 2025 while the returnee pool kept growing).
TEST(CalibrationTest, ConsolidationRateIsRealisticEveryYear) {
  const DemoData& d = SharedDemo();
  int checked = 0;
  for (int y : d.years) {
    const auto f = ComputeFigures(d, y);
    auto it = f.find("nine_year_consolidation_rate");
    if (it == f.end()) continue;
    std::printf("巩固率 %d: %.2f %%\n", y, it->second);
    EXPECT_LE(it->second, 100.0) << y;
    EXPECT_GE(it->second, 97.5) << y;
    ++checked;
  }
  EXPECT_GE(checked, 6);  // 2020–2025 in the default demo (2012–2025)
}

TEST(CalibrationTest, MyopiaRisesWithStage) {
  const DemoData& d = SharedDemo();
  std::unordered_map<int64_t, model::Stage> stage;
  for (const auto& e : d.by_year.at(2020).enrolments) stage[e.student_id] = e.stage;
  std::map<model::Stage, std::pair<int, int>> m;
  for (const auto& h : d.by_year.at(2020).health) {
    if (!h.myopia) continue;
    auto& p = m[stage[h.student_id]];
    ++p.second;
    p.first += *h.myopia ? 1 : 0;
  }
  auto rate = [&](model::Stage s) { return m[s].first / std::max(1.0, 1.0 * m[s].second); };
  EXPECT_LT(rate(model::Stage::kPrimary), rate(model::Stage::kJunior));
  EXPECT_LT(rate(model::Stage::kJunior), rate(model::Stage::kGeneralSenior));
  EXPECT_EQ(m[model::Stage::kKindergarten].second, 0);  // kindergartens are not screened
}

TEST(CalibrationTest, FallingBirthsShrinkKindergartensAfter2020) {
  const DemoData& d = SharedDemo();
  const auto f2020 = ComputeFigures(d, 2020);
  const auto f2025 = ComputeFigures(d, 2025);
  EXPECT_LT(f2025.at("kindergarten_enrolment"), 0.85 * f2020.at("kindergarten_enrolment"));
  // Large classes disappear under the admission cap.
  EXPECT_LT(f2025.at("large_classes_56plus"), f2020.at("large_classes_56plus"));
}

TEST(CalibrationTest, BirthsFollowTheNationalTrend) {
  std::map<int, int64_t> by_year;
  for (const auto& b : SharedDemo().births) by_year[b.year] += b.count;
  EXPECT_NEAR(by_year[2020], 12100, 121);   // 统计公报 2020: 1.21万
  EXPECT_GT(by_year[2016], by_year[2015]);  // 二孩 peak
  EXPECT_GT(by_year[2017], by_year[2019]);
  EXPECT_LT(by_year[2022], by_year[2020]);
  EXPECT_NEAR(static_cast<double>(by_year[2016]) / by_year[2020], 1786.0 / 1200.0, 0.02);
}

}  // namespace
}  // namespace zj::sim::testing
