// Data-driven indicator tests: every tests/engine/cases/*.json holds a small fixture and the
// hand-computed expected values (including "no value" cases with their reasons, parser errors with
// positions, and explanations). A coverage test requires every catalog indicator to have at least
// one case with a value.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "fixture.h"
#include "zj/engine/indicators.h"

namespace zj::engine {
namespace {

using nlohmann::json;

std::vector<std::string> CaseFiles() {
  std::vector<std::string> out;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(ZJ_TEST_DATA_DIR) + "/cases")) {
    if (e.path().extension() == ".json") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const Catalog& TheCatalog() {
  static const Catalog* catalog = [] {
    auto c = LoadCatalog();
    if (!c.ok()) {
      ADD_FAILURE() << c.status().ToString();
      std::abort();
    }
    return new Catalog(std::move(c).value());
  }();
  return *catalog;
}

void ExpectNear(const std::optional<double>& got, const json& want, const std::string& what) {
  if (want.is_null()) {
    EXPECT_FALSE(got.has_value()) << what << " should have no value, got " << got.value_or(0);
    return;
  }
  ASSERT_TRUE(got.has_value()) << what << " has no value";
  double w = want.get<double>();
  EXPECT_NEAR(*got, w, 1e-6 * std::max(1.0, std::abs(w))) << what;
}

struct CaseRun {
  std::string file;
  json doc;
  std::unique_ptr<History> history;
  std::unique_ptr<Engine> engine;
};

std::unique_ptr<CaseRun> Load(const std::string& file) {
  auto run = std::make_unique<CaseRun>();
  run->file = file;
  auto doc = testing::ReadJsonFile(file);
  if (!doc.ok()) {
    ADD_FAILURE() << doc.status().ToString();
    return nullptr;
  }
  run->doc = std::move(doc).value();
  auto records = testing::RecordsFromFixture(run->doc.at("fixture"));
  if (!records.ok()) {
    ADD_FAILURE() << file << ": " << records.status().ToString();
    return nullptr;
  }
  auto history = History::Build(*records);
  if (!history.ok()) {
    ADD_FAILURE() << file << ": " << history.status().ToString();
    return nullptr;
  }
  run->history = std::make_unique<History>(std::move(history).value());
  std::map<std::string, double> params;
  const json param_obj = run->doc.value("params", json::object());
  for (auto it = param_obj.begin(); it != param_obj.end(); ++it) {
    params[it.key()] = it.value().get<double>();
  }
  auto engine = Engine::Create(TheCatalog(), *run->history, params);
  if (!engine.ok()) {
    ADD_FAILURE() << file << ": " << engine.status().ToString();
    return nullptr;
  }
  run->engine = std::make_unique<Engine>(std::move(engine).value());
  return run;
}

TEST(IndicatorCases, ExpectedValues) {
  auto files = CaseFiles();
  ASSERT_GE(files.size(), 6u);
  for (const auto& file : files) {
    SCOPED_TRACE(file);
    auto run = Load(file);
    ASSERT_TRUE(run);
    for (const auto& e : run->doc.value("expect", json::array())) {
      std::string code = e.at("code"), unit = e.at("unit");
      int year = e.at("year");
      std::string what = code + " @ " + unit + " " + std::to_string(year);
      SCOPED_TRACE(what);
      auto v = run->engine->Evaluate(code, unit, year);
      ASSERT_TRUE(v.ok()) << v.status().ToString();
      ExpectNear(v->value, e.at("value"), what);
      if (e.contains("numerator")) ExpectNear(v->numerator, e["numerator"], what + " numerator");
      if (e.contains("denominator")) {
        ExpectNear(v->denominator, e["denominator"], what + " denominator");
      }
      if (e.contains("reason")) {
        EXPECT_NE(v->reason.text().find(e["reason"].get<std::string>()), std::string::npos)
            << "reason: " << v->reason.text();
      }
      if (v->value) {
        EXPECT_TRUE(v->reason.empty()) << v->reason.text();
      }
      if (e.value("differs_from_mean_of_schools", false)) {
        // Roll-up is ratio-of-sums: the unit's value is not the mean of its schools' values.
        const Hierarchy& h = run->history->hierarchy();
        const UnitNode& u = h.unit(h.Find(unit));
        double sum = 0;
        int n = 0;
        for (int s = u.school_begin; s < u.school_end; ++s) {
          auto sv = run->engine->Evaluate(code, h.schools()[s].code, year);
          ASSERT_TRUE(sv.ok());
          if (sv->value) {
            sum += *sv->value;
            ++n;
          }
        }
        ASSERT_GT(n, 1);
        ASSERT_TRUE(v->value.has_value());
        EXPECT_GT(std::abs(sum / n - *v->value), 0.01) << "mean of schools " << sum / n;
        if (e.contains("mean_of_schools")) {
          EXPECT_NEAR(sum / n, e["mean_of_schools"].get<double>(), 1e-6);
        }
      }
    }
    for (const auto& e : run->doc.value("errors", json::array())) {
      auto v = run->engine->Evaluate(e.at("code").get<std::string>(),
                                     e.at("unit").get<std::string>(), e.at("year").get<int>());
      ASSERT_FALSE(v.ok()) << e.dump();
      EXPECT_EQ(v.status().code(), StatusCode::kNotFound);
      EXPECT_NE(v.status().message().find(e.at("message").get<std::string>()), std::string::npos)
          << v.status().message();
    }
    for (const auto& e : run->doc.value("expressions", json::array())) {
      std::string text = e.at("expr");
      SCOPED_TRACE(text);
      auto v = run->engine->EvaluateExpression(text, e.at("unit").get<std::string>(),
                                               e.at("year").get<int>());
      ASSERT_TRUE(v.ok()) << v.status().ToString();
      ExpectNear(v->value, e.at("value"), text);
      if (e.contains("reason")) {
        EXPECT_NE(v->reason.text().find(e["reason"].get<std::string>()), std::string::npos)
            << "reason: " << v->reason.text();
      }
    }
  }
}

TEST(IndicatorCases, ParseErrors) {
  ParseOptions options;
  options.is_indicator = [](std::string_view c) { return TheCatalog().Find(c) != nullptr; };
  options.is_param = [](std::string_view c) { return TheCatalog().FindParam(c) != nullptr; };
  int cases = 0;
  for (const auto& file : CaseFiles()) {
    auto doc = testing::ReadJsonFile(file);
    ASSERT_TRUE(doc.ok());
    for (const auto& e : doc->value("parse_errors", json::array())) {
      std::string text = e.at("expr");
      SCOPED_TRACE(file + ": " + text);
      ExpressionError err;
      auto r = ParseExpression(text, options, &err);
      ASSERT_FALSE(r.ok());
      ++cases;
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(err.position, e.at("position").get<int>()) << err.ToString();
      EXPECT_NE(err.message_zh.find(e.at("zh").get<std::string>()), std::string::npos)
          << err.message_zh;
      EXPECT_NE(err.message_en.find(e.at("en").get<std::string>()), std::string::npos)
          << err.message_en;
      EXPECT_EQ(r.status().message(), err.ToString());
    }
    for (const auto& text : doc->value("parse_ok", json::array())) {
      auto r = ParseExpression(text.get<std::string>(), options);
      EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    }
  }
  EXPECT_GE(cases, 15);
}

TEST(IndicatorCases, Explain) {
  int cases = 0;
  for (const auto& file : CaseFiles()) {
    SCOPED_TRACE(file);
    auto run = Load(file);
    ASSERT_TRUE(run);
    for (const auto& e : run->doc.value("explain", json::array())) {
      ++cases;
      auto ex =
          run->engine->Explain(e.at("code").get<std::string>(), e.at("unit").get<std::string>(),
                               e.at("year").get<int>(), e.value("top", 10));
      ASSERT_TRUE(ex.ok()) << ex.status().ToString();
      ExpectNear(ex->result.value, e.at("value"), "value");
      EXPECT_EQ(ex->numerator_text, e.value("numerator_text", ex->numerator_text));
      EXPECT_EQ(ex->school_count, e.value("school_count", ex->school_count));
      const auto& want_inputs = e.value("inputs", json::array());
      ASSERT_EQ(ex->inputs.size(), want_inputs.size());
      for (size_t i = 0; i < want_inputs.size(); ++i) {
        EXPECT_EQ(ex->inputs[i].text, want_inputs[i].at("text").get<std::string>());
        EXPECT_EQ(ex->inputs[i].year, want_inputs[i].value("year", ex->inputs[i].year));
        ExpectNear(ex->inputs[i].value, want_inputs[i].at("value"), ex->inputs[i].text);
      }
      const auto& want_top = e.value("top_schools", json::array());
      ASSERT_EQ(ex->top_schools.size(), want_top.size());
      for (size_t i = 0; i < want_top.size(); ++i) {
        EXPECT_EQ(ex->top_schools[i].school_code, want_top[i].at(0).get<std::string>());
        ExpectNear(ex->top_schools[i].numerator, want_top[i].at(1), "top numerator");
        ExpectNear(ex->top_schools[i].denominator, want_top[i].at(2), "top denominator");
      }
    }
  }
  EXPECT_GE(cases, 2);
}

TEST(IndicatorCases, EveryCatalogIndicatorHasAValueCase) {
  std::set<std::string> covered;
  for (const auto& file : CaseFiles()) {
    auto doc = testing::ReadJsonFile(file);
    ASSERT_TRUE(doc.ok());
    for (const auto& e : doc->value("expect", json::array())) {
      if (!e.at("value").is_null()) covered.insert(e.at("code").get<std::string>());
    }
  }
  for (const auto& d : TheCatalog().indicators()) {
    EXPECT_TRUE(covered.count(d.code)) << "no case with a value for " << d.code;
  }
}

// A result's reason is formatted on output from the expression it quotes: the reason of an ad-hoc
// expression stays readable after many later ad-hoc evaluations (they are kept while the Engine
// lives), and a copied value formats the same text.
TEST(IndicatorCases, AdHocReasonOutlivesLaterEvaluations) {
  auto run = Load(std::string(ZJ_TEST_DATA_DIR) + "/cases/preschool.json");
  ASSERT_TRUE(run);
  const std::string unit =
      run->history->hierarchy().unit(run->history->hierarchy().roots()[0]).code;
  auto first = run->engine->EvaluateExpression("ratio(1, count(students, age = 99))", unit, 2020);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_FALSE(first->value.has_value());
  const std::string want = "分母为零：count(students, age = 99) = 0";
  EXPECT_EQ(first->reason.text(), want);
  for (int i = 0; i < 100; ++i) {
    auto later = run->engine->EvaluateExpression("1 + " + std::to_string(i), unit, 2020);
    ASSERT_TRUE(later.ok());
    EXPECT_TRUE(later->reason.empty());
  }
  IndicatorValue copy = *first;
  EXPECT_EQ(copy.reason.text(), want);
  EXPECT_EQ(first->reason.kind, Reason::Kind::kDenominatorZero);
}

}  // namespace
}  // namespace zj::engine
