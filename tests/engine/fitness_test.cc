// Tests of 国家学生体质健康标准 scoring (zj/engine/fitness.h), data first:
// fitness_cases/item_boundaries.json (every item of every grade and sex at its boundaries, every
// BMI band edge; expectations from the published-table copies, not from data/standards/fitness/),
// fitness_cases/rows.json (whole rows with totals, bonus caps, band cut-offs, missing and ignored
// items, input errors; m'ss and decimal parsing). C++ tests cover the data files themselves:
// every threshold row of every table is exact at its boundary and one hundredth worse scores less.
#include "zj/engine/fitness.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "zj/common/csv.h"
#include "zj/common/embedded.h"

namespace zj::engine {
namespace {

using Json = nlohmann::json;
using model::FitnessItem;
using model::FitnessRecord;

Json ReadCase(const std::string& name) {
  std::ifstream in(std::string(ZJ_TEST_DATA_DIR) + "/fitness_cases/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

const FitnessStandard& Standard() {
  static const std::shared_ptr<const FitnessStandard> standard = [] {
    auto s = FitnessStandard::Load();
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }();
  return *standard;
}

int ItemByColumn(std::string_view column) {
  for (int i = 0; i < model::kFitnessItemCount; ++i) {
    if (model::kFitnessItems[i].column == column) return i;
  }
  ADD_FAILURE() << "unknown column " << column;
  return 0;
}

// Parses a cell as the io reader does: runs as m'ss or seconds, the rest as decimals.
bool ParseCell(int item, const std::string& text, int32_t* centi) {
  return model::kFitnessItems[item].timed ? model::ParseFitnessTime(text, centi)
                                          : model::ParseFitnessDecimal(text, centi);
}

const FitnessPartScore* FindPart(const FitnessScore& s, std::string_view name) {
  for (const auto& p : s.parts) {
    if (FitnessPartName(p.part) == name) return &p;
  }
  return nullptr;
}

// A part's value as a JSON number: BMI in tenths, items in hundredths.
double PartValue(const FitnessPartScore& p) {
  return p.part == FitnessPart::kBmi ? p.value / 10.0 : p.value / 100.0;
}

TEST(FitnessDataTest, LoadsEmbeddedTables) {
  auto s = FitnessStandard::Load();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto parts = (*s)->PartsFor(21, 1);
  ASSERT_EQ(parts.size(), 7u);
  EXPECT_EQ(parts.front(), FitnessPart::kBmi);
  EXPECT_EQ((*s)->PartsFor(21, 2).back(), FitnessPart::kRun800m);
  EXPECT_EQ((*s)->PartsFor(11, 1).size(), 5u);
  EXPECT_EQ((*s)->PartsFor(13, 2).size(), 6u);
  EXPECT_EQ((*s)->PartsFor(16, 1).size(), 7u);
  EXPECT_TRUE((*s)->PartsFor(17, 1).empty());
  EXPECT_TRUE((*s)->PartsFor(21, 0).empty());
}

// Every row of every shipped table: the threshold itself scores the row's points (boundaries are
// inclusive), and one hundredth worse scores less. Covers all 16 grades × 2 sexes × every item.
TEST(FitnessDataTest, EveryThresholdRowIsInclusiveAndStrict) {
  auto text = common::EmbeddedFile("data/standards/fitness/item_scores.csv");
  ASSERT_TRUE(text.has_value());
  auto table = common::CsvTable::Parse(*text);
  ASSERT_TRUE(table.ok());
  int checked = 0;
  for (const auto& row : table->rows()) {
    FitnessRecord r;
    r.grade = std::stoi(std::string(table->Get(row, "grade")));
    r.sex = table->Get(row, "sex") == "男" ? 1 : 2;
    int item = ItemByColumn(table->Get(row, "item"));
    int32_t threshold = 0;
    ASSERT_TRUE(model::ParseFitnessDecimal(table->Get(row, "threshold"), &threshold));
    int score = std::stoi(std::string(table->Get(row, "score")));
    bool lower = model::kFitnessItems[item].timed;
    for (int32_t delta : {0, 1}) {
      int32_t v = threshold + (lower ? delta : -delta);
      const auto& info = model::kFitnessItems[item];
      if (v < info.min_centi || v > info.max_centi) continue;
      r.centi = FitnessRecord::FilledNoValue();
      r.centi[item] = v;
      auto s = Standard().Score(r);
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      const auto* p = FindPart(*s, info.column);
      ASSERT_NE(p, nullptr) << r.grade << " " << info.column;
      if (delta == 0) {
        EXPECT_EQ(p->score, score) << r.grade << " " << r.sex << " " << info.column << " " << v;
      } else {
        EXPECT_LT(p->score, score) << r.grade << " " << r.sex << " " << info.column << " " << v;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 7000);
}

TEST(FitnessDataTest, EveryGradeAndSexHasWeightsSummingToOne) {
  for (int grade : {11, 12, 13, 14, 15, 16, 21, 22, 23, 31, 32, 33, 41, 42, 43, 44}) {
    for (int sex : {1, 2}) {
      FitnessRecord r;
      r.grade = grade;
      r.sex = sex;
      // Every part at its best: 100 points each, so 标准分 = Σ weights × 100.
      r.Set(FitnessItem::kHeight, 100'00);
      r.Set(FitnessItem::kWeight, 20'00);
      r.Set(FitnessItem::kVitalCapacity, 9000'00);
      r.Set(FitnessItem::kRun50m, 5'00);
      r.Set(FitnessItem::kSitAndReach, 40'00);
      r.Set(FitnessItem::kRope1min, 100'00);
      r.Set(FitnessItem::kSitUp1min, 60'00);
      r.Set(FitnessItem::kShuttle50x8, 80'00);
      r.Set(FitnessItem::kStandingLongJump, 300'00);
      r.Set(FitnessItem::kPullUp, 25'00);
      r.Set(FitnessItem::kRun1000m, 200'00);
      r.Set(FitnessItem::kRun800m, 190'00);
      auto s = Standard().Score(r);
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      ASSERT_TRUE(s->complete) << grade << " " << sex;
      int weights = 0;
      for (const auto& p : s->parts) weights += p.weight_percent;
      EXPECT_EQ(weights, 100) << grade << " " << sex;
      // BMI 20.0 is not 正常 everywhere, so only the weights are asserted above; bonus ≤ 20.
      EXPECT_LE(s->bonus, 20);
    }
  }
}

TEST(FitnessCasesTest, ItemBoundaries) {
  Json doc = ReadCase("item_boundaries.json");
  ASSERT_GT(doc["checks"].size(), 700u);
  for (const auto& c : doc["checks"]) {
    FitnessRecord r;
    r.grade = c["grade"];
    r.sex = c["sex"];
    int item = ItemByColumn(c["item"].get<std::string>());
    int32_t v = 0;
    ASSERT_TRUE(ParseCell(item, c["value"], &v)) << c.dump();
    r.centi[item] = v;
    auto s = Standard().Score(r);
    ASSERT_TRUE(s.ok()) << c.dump() << " " << s.status().ToString();
    const auto* p = FindPart(*s, c["item"].get<std::string>());
    ASSERT_NE(p, nullptr) << c.dump();
    EXPECT_EQ(p->score, c["score"].get<int>()) << c.dump();
    EXPECT_FALSE(s->complete);
  }
}

TEST(FitnessCasesTest, BmiBandEdges) {
  Json doc = ReadCase("item_boundaries.json");
  ASSERT_GT(doc["bmi"].size(), 150u);
  for (const auto& c : doc["bmi"]) {
    FitnessRecord r;
    r.grade = c["grade"];
    r.sex = c["sex"];
    int32_t h = 0, w = 0;
    ASSERT_TRUE(model::ParseFitnessDecimal(c["height"].get<std::string>(), &h));
    ASSERT_TRUE(model::ParseFitnessDecimal(c["weight"].get<std::string>(), &w));
    r.Set(FitnessItem::kHeight, h);
    r.Set(FitnessItem::kWeight, w);
    auto s = Standard().Score(r);
    ASSERT_TRUE(s.ok()) << c.dump();
    const auto* p = FindPart(*s, "体重指数(BMI)");
    ASSERT_NE(p, nullptr);
    EXPECT_NEAR(PartValue(*p), c["bmi"].get<double>(), 1e-9) << c.dump();
    EXPECT_EQ(BmiBandName(p->bmi_band), c["band"].get<std::string>()) << c.dump();
    EXPECT_EQ(p->score, c["score"].get<int>()) << c.dump();
  }
}

TEST(FitnessCasesTest, BmiIsRoundedHalfUpToOneDecimal) {
  // 初一 女: 正常 14.8–21.7. 160 cm: 37.8 kg → 14.77 → 14.8 (正常); 37.7 kg → 14.73 → 14.7.
  FitnessRecord r;
  r.grade = 21;
  r.sex = 2;
  r.Set(FitnessItem::kHeight, 160'00);
  for (auto [w, bmi, band] : {std::tuple{37'80, 148, "正常"}, std::tuple{37'70, 147, "低体重"},
                              std::tuple{55'50, 217, "正常"}, std::tuple{55'60, 217, "正常"},
                              std::tuple{55'70, 218, "超重"}}) {
    r.Set(FitnessItem::kWeight, w);
    auto s = Standard().Score(r);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->parts[0].value, bmi) << w;
    EXPECT_EQ(BmiBandName(s->parts[0].bmi_band), band) << w;
  }
}

TEST(FitnessCasesTest, Rows) {
  Json doc = ReadCase("rows.json");
  for (const auto& c : doc["rows"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    FitnessRecord r;
    r.grade = c["grade"];
    r.sex = c["sex"];
    for (const auto& [column, text] : c["items"].items()) {
      int item = ItemByColumn(column);
      int32_t v = 0;
      ASSERT_TRUE(ParseCell(item, text, &v)) << column << " " << text;
      r.centi[item] = v;
    }
    auto s = Standard().Score(r);
    const Json& e = c["expect"];
    if (e.contains("error")) {
      ASSERT_FALSE(s.ok());
      EXPECT_NE(s.status().message().find(e["error"].get<std::string>()), std::string::npos)
          << s.status().message();
      continue;
    }
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    if (e.contains("complete")) {
      EXPECT_EQ(s->complete, e["complete"].get<bool>());
    }
    if (e.contains("standard")) {
      EXPECT_EQ(s->standard_centi, std::llround(e["standard"].get<double>() * 100));
    }
    if (e.contains("bonus")) {
      EXPECT_EQ(s->bonus, e["bonus"].get<int>());
    }
    if (e.contains("total")) {
      EXPECT_EQ(s->total_tenths, std::lround(e["total"].get<double>() * 10));
    }
    if (e.contains("band")) {
      EXPECT_EQ(FitnessBandName(s->band), e["band"].get<std::string>());
    }
    if (e.contains("parts")) {
      for (const auto& [name, v] : e["parts"].items()) {
        const auto* p = FindPart(*s, name);
        ASSERT_NE(p, nullptr) << name;
        EXPECT_NEAR(PartValue(*p), v[0].get<double>(), 1e-9) << name;
        EXPECT_EQ(p->score, v[1].get<int>()) << name;
        EXPECT_EQ(p->bonus, v[2].get<int>()) << name;
      }
    }
    if (e.contains("missing")) {
      std::vector<std::string> missing;
      for (auto p : s->missing) missing.emplace_back(FitnessPartName(p));
      EXPECT_EQ(missing, e["missing"].get<std::vector<std::string>>());
    }
    if (e.contains("ignored")) {
      std::vector<std::string> ignored;
      for (auto i : s->ignored) ignored.emplace_back(model::FitnessItemOf(i).column);
      EXPECT_EQ(ignored, e["ignored"].get<std::vector<std::string>>());
    }
    if (e.contains("unverified")) {
      std::vector<std::string> unverified(s->unverified.begin(), s->unverified.end());
      EXPECT_EQ(unverified, e["unverified"].get<std::vector<std::string>>());
    }
    if (!s->complete) {
      EXPECT_EQ(s->band, FitnessBand::kNone);
      EXPECT_EQ(s->total_tenths, 0);
    }
  }
}

TEST(FitnessCasesTest, TimeAndDecimalParsing) {
  Json doc = ReadCase("rows.json");
  for (const auto& c : doc["times"]) {
    int32_t v = -1;
    bool ok = model::ParseFitnessTime(c[0].get<std::string>(), &v);
    if (c[1].is_null()) {
      EXPECT_FALSE(ok) << c.dump() << " → " << v;
    } else {
      EXPECT_TRUE(ok) << c.dump();
      EXPECT_EQ(v, c[1].get<int>()) << c.dump();
    }
  }
  for (const auto& c : doc["decimals"]) {
    int32_t v = -1;
    bool ok = model::ParseFitnessDecimal(c[0].get<std::string>(), &v);
    if (c[1].is_null()) {
      EXPECT_FALSE(ok) << c.dump() << " → " << v;
    } else {
      EXPECT_TRUE(ok) << c.dump();
      EXPECT_EQ(v, c[1].get<int>()) << c.dump();
    }
  }
}

// Tables that break the invariants are refused when loaded (not scored silently).
TEST(FitnessDataTest, MalformedTablesAreRefused) {
  auto replace = [](std::string s, const std::string& from, const std::string& to) {
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) s.replace(at, from.size(), to);
    return s;
  };
  auto file = [](const char* name) {
    return std::string(*common::EmbeddedFile(std::string("data/standards/fitness/") + name));
  };
  std::string items = file("item_scores.csv"), bmi = file("bmi_bands.csv"),
              weights = file("weights.csv"), bonus = file("bonus.csv"), rules = file("rules.csv");
  ASSERT_TRUE(FitnessStandard::FromCsv(items, bmi, weights, bonus, rules).ok());
  // A weight changed: the group no longer sums to 1.
  std::string bad_weights = replace(weights, "0.30", "0.35");
  auto w = FitnessStandard::FromCsv(items, bmi, bad_weights, bonus, rules);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("权重之和"), std::string::npos);
  // Two thresholds swapped: the table is no longer monotonic.
  std::string bad_items = replace(items, "11,男,50米跑,95,10.3", "11,男,50米跑,95,10.1");
  auto i = FitnessStandard::FromCsv(bad_items, bmi, weights, bonus, rules);
  ASSERT_FALSE(i.ok());
  EXPECT_NE(i.status().message().find("不单调"), std::string::npos);
  // A BMI gap.
  std::string bad_bmi = replace(bmi, "11,男,正常,100,13.5,18.1", "11,男,正常,100,13.6,18.1");
  auto b = FitnessStandard::FromCsv(items, bad_bmi, weights, bonus, rules);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("BMI"), std::string::npos);
  // Unknown verification status.
  std::string bad_rules = replace(rules, "bonus_cap,20,secondary", "bonus_cap,20,maybe");
  EXPECT_FALSE(FitnessStandard::FromCsv(items, bmi, weights, bonus, bad_rules).ok());
}

// Every row of every data file names its sources by ids listed in sources.csv and carries a known
// verification status, so the docs' source table covers every number.
TEST(FitnessDataTest, EveryRowNamesListedSources) {
  auto file = [](const std::string& name) {
    auto text = common::EmbeddedFile("data/standards/fitness/" + name);
    EXPECT_TRUE(text.has_value()) << name;
    auto t = common::CsvTable::Parse(text.value_or(""));
    EXPECT_TRUE(t.ok()) << name;
    return std::move(t).value();
  };
  std::set<std::string> ids;
  common::CsvTable sources = file("sources.csv");
  for (const auto& row : sources.rows()) ids.insert(std::string(sources.Get(row, "id")));
  EXPECT_GE(ids.size(), 8u);
  for (const char* name :
       {"item_scores.csv", "bmi_bands.csv", "weights.csv", "bonus.csv", "rules.csv"}) {
    common::CsvTable t = file(name);
    ASSERT_FALSE(t.rows().empty()) << name;
    for (const auto& row : t.rows()) {
      std::string_view status = t.Get(row, "status");
      EXPECT_TRUE(status == "verified" || status == "secondary" || status == "unverified")
          << name << " " << status;
      std::string list(t.Get(row, "sources"));
      ASSERT_FALSE(list.empty()) << name;
      size_t start = 0;
      while (start <= list.size()) {
        size_t plus = list.find('+', start);
        std::string id =
            list.substr(start, plus == std::string::npos ? std::string::npos : plus - start);
        if (id.size() > 3 && id.substr(id.size() - 3) == "≠") id.resize(id.size() - 3);
        EXPECT_TRUE(ids.count(id)) << name << ": unknown source " << id;
        if (plus == std::string::npos) break;
        start = plus + 1;
      }
    }
  }
}

TEST(FitnessFormatTest, FormatFixed) {
  EXPECT_EQ(FormatFixed(874, 1), "87.4");
  EXPECT_EQ(FormatFixed(900, 1), "90");
  EXPECT_EQ(FormatFixed(22500, 2), "225");
  EXPECT_EQ(FormatFixed(-320, 2), "-3.2");
  EXPECT_EQ(FormatFixed(5, 2), "0.05");
  EXPECT_EQ(FormatFixed(0, 2), "0");
}

}  // namespace
}  // namespace zj::engine
