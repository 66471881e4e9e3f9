// Projection engine tests. Data first: every file in projection_cases/ holds a small input, an
// optional scenario and options, and the hand-computed expected figures (or the expected error).
// C++ tests below cover what a case file cannot: the Store loader, the backtest on a synthetic
// county whose true model is known, and the backtest on the demo county (printed to the log).
#include "zj/engine/projection.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "zj/common/csv.h"
#include "zj/engine/projection_backtest.h"
#include "zj/engine/projection_series.h"
#include "zj/sim/demo.h"
#include "zj/storage/memory_store.h"

namespace zj::engine {
namespace {

using model::Stage;
using nlohmann::json;

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

Stage StageOrDie(const std::string& name) {
  auto s = model::ParseStage(name);
  EXPECT_TRUE(s.has_value()) << name;
  return s.value_or(Stage::kPrimary);
}

// The case-file input format → ProjectionData.
ProjectionData DataFromJson(const json& in) {
  ProjectionData d;
  if (in.contains("structure")) {
    std::map<Stage, int> g;
    for (auto it = in["structure"].begin(); it != in["structure"].end(); ++it) {
      g[StageOrDie(it.key())] = it.value().get<int>();
    }
    auto st = StageStructure::Make(g);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    if (st.ok()) d.structure = *st;
  }
  const json townships_json = in.value("townships", json::array());
  for (const auto& t : townships_json) {
    d.townships.push_back({t["code"], t.value("name", ""), 0});
  }
  const json schools_json = in.value("schools", json::array());
  for (const auto& s : schools_json) {
    ProjectionSchoolInfo p;
    p.code = s["code"];
    p.name = s.value("name", p.code);
    p.township_code = s["township"];
    for (const auto& st : s["stages"]) p.stages.push_back(StageOrDie(st));
    p.opened_year = s.value("opened", 0);
    p.closed_year = s.value("closed", 0);
    d.schools.push_back(p);
  }
  const json enrolment_json = in.value("enrolment", json::object());
  for (const auto& [code, years] : enrolment_json.items()) {
    for (const auto& [year, stages] : years.items()) {
      for (const auto& [stage, grades] : stages.items()) {
        for (size_t g = 0; g < grades.size(); ++g) {
          d.enrolment.push_back(
              {code, std::stoi(year), StageOrDie(stage), static_cast<int>(g) + 1, grades[g]});
        }
      }
    }
  }
  const json classrooms_json = in.value("classrooms", json::object());
  for (const auto& [code, years] : classrooms_json.items()) {
    for (const auto& [year, n] : years.items()) d.classrooms.push_back({code, std::stoi(year), n});
  }
  const json teachers_json = in.value("teachers", json::object());
  for (const auto& [code, years] : teachers_json.items()) {
    for (const auto& [year, stages] : years.items()) {
      for (const auto& [stage, n] : stages.items()) {
        d.teachers.push_back({code, std::stoi(year), StageOrDie(stage), n});
      }
    }
  }
  const json births_json = in.value("births", json::object());
  for (const auto& [code, years] : births_json.items()) {
    for (const auto& [year, v] : years.items()) {
      if (v.is_array()) {
        for (size_t m = 0; m < v.size(); ++m) {
          d.births.push_back({code, std::stoi(year), static_cast<int>(m) + 1, v[m].get<int64_t>()});
        }
      } else {
        d.births.push_back({code, std::stoi(year), 0, v.get<int64_t>()});
      }
    }
  }
  return d;
}

constexpr double kTol = 1e-6;

double Field(const UnitYear& u, const std::string& name) {
  if (name == "students") return u.students;
  if (name == "classes_needed") return u.classes_needed;
  if (name == "classrooms") return u.classrooms;
  if (name == "seat_capacity") return u.seat_capacity;
  if (name == "seat_gap") return u.seat_gap;
  if (name == "seat_surplus") return u.seat_surplus;
  if (name == "big_classes") return u.big_classes;
  if (name == "huge_classes") return u.huge_classes;
  if (name == "teachers_needed") return u.teachers_needed;
  if (name == "teachers_in_post") return u.teachers_in_post;
  if (name == "schools") return u.schools;
  if (name == "schools_below_viability") return u.schools_below_viability;
  ADD_FAILURE() << "unknown field in case file: " << name;
  return NAN;
}

void CheckUnit(const UnitProjection& up, const json& years, const StageStructure& st) {
  for (const auto& [year, fields] : years.items()) {
    const int y = std::stoi(year);
    auto it = std::find_if(up.years.begin(), up.years.end(),
                           [&](const UnitYear& u) { return u.year == y; });
    ASSERT_NE(it, up.years.end()) << up.code << " has no year " << y;
    for (const auto& [name, v] : fields.items()) {
      SCOPED_TRACE(up.code + " " + year + " " + name);
      if (v.is_array()) {
        Stage s = StageOrDie(name);
        for (size_t g = 0; g < v.size(); ++g) {
          EXPECT_NEAR(it->enrolment[st.slot(s, static_cast<int>(g) + 1)], v[g].get<double>(), kTol)
              << "grade " << g + 1;
        }
      } else {
        EXPECT_NEAR(Field(*it, name), v.get<double>(), kTol);
      }
    }
  }
}

std::vector<std::string> CaseFiles() {
  std::vector<std::string> out;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(ZJ_TEST_DATA_DIR) + "/projection_cases")) {
    if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class ProjectionCase : public testing::TestWithParam<std::string> {};

TEST_P(ProjectionCase, MatchesHandComputation) {
  const json c =
      json::parse(ReadFile(std::string(ZJ_TEST_DATA_DIR) + "/projection_cases/" + GetParam()));
  ASSERT_TRUE(c.contains("description")) << "every case explains its arithmetic";

  const json scenario_errors_json = c.value("scenario_errors", json::array());

  for (const auto& e : scenario_errors_json) {
    auto s = ParseScenario(e["text"].get<std::string>());
    ASSERT_FALSE(s.ok()) << e["text"];
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(s.status().message().find(e["error"].get<std::string>()), std::string::npos)
        << "got: " << s.status().message() << "\nwant: " << e["error"];
  }
  if (c.contains("series")) {
    const json& j = c["series"];
    SeriesInput in;
    for (const auto& [y, v] : j["births"].items()) in.births[std::stoi(y)] = v;
    for (const auto& [f, years] : j["history"].items()) {
      auto field = ParseSeriesField(f);
      ASSERT_TRUE(field) << f;
      for (const auto& [y, v] : years.items()) in.history[*field][std::stoi(y)] = v;
    }
    SeriesOptions o;
    o.base_year = j["options"]["base_year"];
    o.horizon = j["options"]["horizon"];
    o.window = j["options"].value("window", 3);
    auto r = ProjectSeries(in, o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(static_cast<int>(r->years.size()), o.horizon);
    for (const auto& sy : r->years) EXPECT_GT(sy.year, o.base_year);
    for (const auto& [y, fields] : j["expect"].items()) {
      auto it = std::find_if(r->years.begin(), r->years.end(),
                             [&](const SeriesYear& s) { return s.year == std::stoi(y); });
      ASSERT_NE(it, r->years.end());
      for (const auto& [f, v] : fields.items()) {
        EXPECT_NEAR(it->values.at(*ParseSeriesField(f)), v.get<double>(), kTol) << y << " " << f;
      }
    }
  }
  if (!c.contains("input")) return;

  auto input = MakeProjectionInput(DataFromJson(c["input"]));
  const json expect = c.value("expect", json::object());
  if (expect.contains("input_error")) {
    ASSERT_FALSE(input.ok());
    EXPECT_NE(input.status().message().find(expect["input_error"].get<std::string>()),
              std::string::npos)
        << input.status().message();
    return;
  }
  ASSERT_TRUE(input.ok()) << input.status().ToString();

  const json cohorts_json = c.value("cohorts", json::array());

  for (const auto& co : cohorts_json) {
    const auto& towns = input->townships;
    auto t = std::find_if(towns.begin(), towns.end(),
                          [&](const ProjectionTownship& x) { return x.code == co["township"]; });
    ASSERT_NE(t, towns.end());
    auto v = BirthCohort(input->township_births[t - towns.begin()], co["year"], co["age"],
                         input->structure.cutoff_month);
    if (co["value"].is_null()) {
      EXPECT_FALSE(v.has_value()) << co.dump();
    } else {
      ASSERT_TRUE(v.has_value()) << co.dump();
      EXPECT_NEAR(*v, co["value"].get<double>(), kTol) << co.dump();
    }
  }
  if (!c.contains("options")) return;

  auto sc = c.contains("scenario") ? ParseScenario(c["scenario"].dump()) : DefaultScenario();
  ASSERT_TRUE(sc.ok()) << sc.status().ToString();
  ProjectionOptions o;
  o.base_year = c["options"]["base_year"];
  o.horizon = c["options"]["horizon"];
  auto r = Project(*input, *sc, o);
  if (expect.contains("project_error")) {
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find(expect["project_error"].get<std::string>()),
              std::string::npos)
        << r.status().message();
    return;
  }
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(static_cast<int>(r->county.years.size()), o.horizon + 1);
  const json schools_json = expect.value("schools", json::object());
  for (const auto& [code, years] : schools_json.items()) {
    auto it = std::find_if(r->schools.begin(), r->schools.end(),
                           [&](const UnitProjection& u) { return u.code == code; });
    ASSERT_NE(it, r->schools.end()) << code;
    CheckUnit(*it, years, r->structure);
  }
  const json townships_json = expect.value("townships", json::object());
  for (const auto& [code, years] : townships_json.items()) {
    auto it = std::find_if(r->townships.begin(), r->townships.end(),
                           [&](const UnitProjection& u) { return u.code == code; });
    ASSERT_NE(it, r->townships.end()) << code;
    CheckUnit(*it, years, r->structure);
  }
  if (expect.contains("county")) CheckUnit(r->county, expect["county"], r->structure);
  const json flow_rates_json = expect.value("flow_rates", json::array());
  for (const auto& f : flow_rates_json) {
    Stage s = StageOrDie(f["stage"]);
    auto it = std::find_if(r->flow_rates.begin(), r->flow_rates.end(), [&](const FlowRate& x) {
      return x.stage == s && x.grade == f["grade"].get<int>();
    });
    ASSERT_NE(it, r->flow_rates.end()) << f.dump();
    ASSERT_TRUE(it->csr.has_value());
    EXPECT_NEAR(*it->csr, f["csr"].get<double>(), kTol) << f.dump();
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ProjectionCase, testing::ValuesIn(CaseFiles()),
                         [](const testing::TestParamInfo<std::string>& i) {
                           std::string n = i.param.substr(0, i.param.size() - 5);
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(ProjectionStructure, FiveFourSlotsAndErrors) {
  auto st = StageStructure::Make({{Stage::kPrimary, 5}, {Stage::kJunior, 4}});
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->Label(), "5-4");
  EXPECT_EQ(st->slot(Stage::kPrimary, 6), -1);
  EXPECT_EQ(st->slot(Stage::kJunior, 4), st->first_slot(Stage::kJunior) + 3);
  EXPECT_EQ(st->slot_count(), 3 + 5 + 4 + 3 + 3);
  EXPECT_FALSE(StageStructure::Make({{Stage::kPrimary, 0}}).ok());
  EXPECT_FALSE(StageStructure::Make({{Stage::kJunior, 12}}).ok());
  EXPECT_FALSE(StageStructure::Make({{Stage::kSpecial, 9}}).ok());
}

TEST(ProjectionNorms, DefaultsFromEmbeddedFileCarryTheirStatus) {
  auto n = DefaultResourceNorms();
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(n->ClassSize(Stage::kPrimary, 3), 45);
  EXPECT_EQ(n->ClassSize(Stage::kJunior, 1), 50);
  EXPECT_EQ(n->ClassSize(Stage::kKindergarten, 1), 25);
  EXPECT_EQ(n->ClassSize(Stage::kKindergarten, 3), 35);
  EXPECT_DOUBLE_EQ(n->stage[ProjectedStageIndex(Stage::kPrimary)].staffing_ratio, 19);
  EXPECT_DOUBLE_EQ(n->stage[ProjectedStageIndex(Stage::kJunior)].staffing_ratio, 13.5);
  EXPECT_DOUBLE_EQ(n->stage[ProjectedStageIndex(Stage::kGeneralSenior)].staffing_ratio, 12.5);
  bool marked = false;
  for (const auto& p : n->provenance) marked = marked || p.find("[secondary]") != std::string::npos;
  EXPECT_TRUE(marked) << "staffing ratios are [secondary] in the standards README";
}

TEST(ProjectionErrors, IntervalFromQuantiles) {
  ErrorQuantiles q = RelativeErrorQuantiles({-0.1, 0.0, 0.1, 0.2, 0.3}, 0.5);
  EXPECT_NEAR(q.low, 0.0, 1e-12);
  EXPECT_NEAR(q.high, 0.2, 1e-12);
  ErrorModel em;
  em.by_lead[{Level::kCounty, "enrolment"}] = {q};
  auto iv = em.Interval(Level::kCounty, "enrolment", 1, 120);
  ASSERT_TRUE(iv);
  EXPECT_NEAR(iv->first, 100, 1e-9);   // 120 / 1.2
  EXPECT_NEAR(iv->second, 120, 1e-9);  // 120 / 1.0
  // Beyond the last lead with data the spread grows with √lead.
  auto iv4 = em.Interval(Level::kCounty, "enrolment", 4, 120);
  ASSERT_TRUE(iv4);
  EXPECT_NEAR(iv4->first, 120 / 1.4, 1e-9);
  EXPECT_FALSE(em.Interval(Level::kSchool, "enrolment", 1, 120));
  // A biased error sample still gives an interval that holds the point forecast.
  ErrorQuantiles biased = RelativeErrorQuantiles({0.1, 0.2, 0.3, 0.4, 0.5}, 0.8);
  EXPECT_NEAR(biased.low, 0.0, 1e-12);
  EXPECT_NEAR(biased.high, 0.46, 1e-12);
  // Fewer than five errors: ± z(0.9) · RMS = ± 1.2815516 · 0.1.
  ErrorQuantiles few = RelativeErrorQuantiles({0.1, -0.1}, 0.8);
  EXPECT_NEAR(few.high, 0.12815516, 1e-7);
  EXPECT_NEAR(few.low, -0.12815516, 1e-7);
  EXPECT_NEAR(NormalQuantile(0.975), 1.959964, 1e-6);
  EXPECT_NEAR(NormalQuantile(0.01), -2.326348, 1e-6);
}

// A county whose data follow the model exactly (entry ratio 0.9 of the birth cohort, survival
// 0.98 per grade, births falling 6 % a year): the model's errors vanish, persistence's do not.
ProjectionData ExactCounty() {
  ProjectionData d;
  d.county_code = "900000";
  const int towns = 3, per_town = 2;
  for (int t = 0; t < towns; ++t) d.townships.push_back({"T" + std::to_string(t), "", 0});
  std::map<std::pair<int, int>, double> births;
  for (int t = 0; t < towns; ++t) {
    for (int y = 1995; y <= 2025; ++y) {
      double b = (600 + 200 * t) * std::pow(0.94, y - 2005);
      births[{t, y}] = b;
      d.births.push_back({"T" + std::to_string(t), y, 0, std::llround(b)});
    }
  }
  auto cohort = [&](int t, int year) {
    return std::llround(births[{t, year - 7}]) / 3.0 +
           2.0 * std::llround(births[{t, year - 6}]) / 3.0;
  };
  for (int t = 0; t < towns; ++t) {
    for (int k = 0; k < per_town; ++k) {
      std::string code = "S" + std::to_string(t) + std::to_string(k);
      d.schools.push_back({code, code, "T" + std::to_string(t), {Stage::kPrimary}, 0, 0});
      const double share = k == 0 ? 0.7 : 0.3;
      for (int y = 2012; y <= 2022; ++y) {
        for (int g = 1; g <= 6; ++g) {
          double e = 0.9 * share * cohort(t, y - g + 1) * std::pow(0.98, g - 1);
          d.enrolment.push_back({code, y, Stage::kPrimary, g, e});
        }
      }
    }
  }
  return d;
}

TEST(ProjectionBacktest, ExactModelHasNoErrorAndBeatsPersistence) {
  auto in = MakeProjectionInput(ExactCounty());
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  auto sc = DefaultScenario();
  ASSERT_TRUE(sc.ok());
  BacktestOptions o;
  o.first_origin = 2016;
  o.last_origin = 2020;
  auto rep = Backtest(*in, *sc, o);
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  EXPECT_EQ(rep->origins, (std::vector<int>{2016, 2017, 2018, 2019, 2020}));
  int checked = 0;
  for (const auto& c : rep->cells) {
    if (c.quantity != "enrolment") continue;
    if (c.forecaster == Forecaster::kModel) {
      EXPECT_LT(c.mape, 0.05) << LevelName(c.level) << " lead " << c.lead;
      ++checked;
    }
    if (c.forecaster == Forecaster::kPersistence && c.level == Level::kCounty && c.lead == 3) {
      EXPECT_GT(c.mape, 5.0);
    }
  }
  EXPECT_EQ(checked, 3 * 5);  // three levels × five leads
}

// Births variants beyond the base year: low < medium < high, and an explicit county series flows
// through the township entry ratios (all 0.9 here) to 0.9 × the cohort.
TEST(ProjectionScenario, BirthsVariants) {
  auto in = MakeProjectionInput(ExactCounty());
  ASSERT_TRUE(in.ok());
  ProjectionOptions o;
  o.base_year = 2022;
  o.horizon = 10;
  auto grade1 = [&](const std::string& births_json, int year) {
    auto sc = ParseScenario(births_json);
    EXPECT_TRUE(sc.ok()) << sc.status().ToString();
    auto r = Project(*in, *sc, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r->county.years[year - 2022].enrolment[r->structure.slot(Stage::kPrimary, 1)];
  };
  const double low = grade1(R"({"births": {"variant": "low"}})", 2032);
  const double medium = grade1(R"({"births": {"variant": "medium"}})", 2032);
  const double high = grade1(R"({"births": {"variant": "high"}})", 2032);
  EXPECT_LT(low, medium);
  EXPECT_LT(medium, high);
  // Cohort 2031 = 1/3 B(2024) + 2/3 B(2025) = 1000 → 900 entrants.
  const char* explicit_births =
      R"({"births": {"series": {"county": {"2023": 1000, "2024": 1000, "2025": 1000}}}})";
  EXPECT_NEAR(grade1(explicit_births, 2031), 900, 1e-6);
  // Up to 2028 the cohorts are recorded births, identical in every variant.
  EXPECT_NEAR(grade1(R"({"births": {"variant": "low"}})", 2028),
              grade1(R"({"births": {"variant": "high"}})", 2028), 1e-9);
}

// Smoothing and mean give the same ratios when the history is exact.
TEST(ProjectionScenario, SmoothingOnExactHistory) {
  auto in = MakeProjectionInput(ExactCounty());
  ASSERT_TRUE(in.ok());
  ProjectionOptions o;
  o.base_year = 2020;
  o.horizon = 2;
  auto a = Project(*in, *ParseScenario(R"({"method": {"ratio": "mean"}})"), o);
  auto b = Project(*in, *ParseScenario(R"({"method": {"ratio": "smoothing", "alpha": 0.3}})"), o);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NEAR(a->county.years[2].students, b->county.years[2].students, 1e-6);
}

// The Store loader: counts only 在校生 (not 休学), flow counts follow each student.
TEST(ProjectionLoad, CountsAndFlowsFromStore) {
  storage::MemoryStore store;
  ASSERT_TRUE(
      store
          .PutAdminUnits({{"500235", "云阳县", model::AdminLevel::kCounty, "", 0},
                          {"500235101", "甲镇", model::AdminLevel::kTownship, "500235", 210}})
          .ok());
  model::School s;
  s.code = "5000000001";
  s.name = "甲镇小学";
  s.type_code = 211;
  s.township_code = "500235101";
  ASSERT_TRUE(store.PutSchools({s}).ok());
  std::vector<model::Student> students;
  for (int i = 1; i <= 4; ++i) {
    model::Student st;
    st.id = i;
    st.id_number = "X" + std::to_string(i);
    students.push_back(st);
  }
  ASSERT_TRUE(store.PutStudents(students).ok());
  using ES = model::EnrolmentStatus;
  auto row = [&](int64_t id, int year, int grade, ES status) {
    model::Enrolment e;
    e.student_id = id;
    e.year = year;
    e.school_code = s.code;
    e.stage = Stage::kPrimary;
    e.grade = grade;
    e.status = status;
    return e;
  };
  ASSERT_TRUE(
      store
          .PutEnrolments({row(1, 2019, 1, ES::kEnrolled), row(2, 2019, 1, ES::kEnrolled),
                          row(3, 2019, 1, ES::kTransferredOut), row(4, 2019, 1, ES::kSuspended),
                          row(1, 2020, 2, ES::kEnrolled), row(2, 2020, 1, ES::kEnrolled)})
          .ok());
  auto d = LoadProjectionData(store);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->county_code, "500235");
  ASSERT_EQ(d->townships.size(), 1u);
  double g1_2019 = 0;
  for (const auto& e : d->enrolment) {
    if (e.year == 2019 && e.grade == 1) g1_2019 += e.count;
  }
  EXPECT_EQ(g1_2019, 3);  // 休学 is not 在校生
  ASSERT_EQ(d->flows.size(), 1u);
  EXPECT_EQ(d->flows[0].pupils, 3);
  EXPECT_EQ(d->flows[0].promoted, 1);
  EXPECT_EQ(d->flows[0].repeated, 1);
  auto in = MakeProjectionInput(*d);
  ASSERT_TRUE(in.ok());
  auto sc = DefaultScenario();
  ProjectionOptions o;
  o.base_year = 2020;
  o.horizon = 2;
  auto r = Project(*in, *sc, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto fr = std::find_if(r->flow_rates.begin(), r->flow_rates.end(), [](const FlowRate& f) {
    return f.stage == Stage::kPrimary && f.grade == 1;
  });
  ASSERT_NE(fr, r->flow_rates.end());
  ASSERT_TRUE(fr->promotion && fr->repetition && fr->dropout);
  EXPECT_NEAR(*fr->promotion, 1.0 / 3, 1e-12);
  EXPECT_NEAR(*fr->repetition, 1.0 / 3, 1e-12);
  EXPECT_NEAR(*fr->dropout, 1.0 / 3, 1e-12);
}

std::string MapeTable(const BacktestReport& rep) {
  std::ostringstream os;
  os << "MAPE % (WAPE %) of total enrolment per unit, origins " << rep.origins.front() << "–"
     << rep.origins.back() << "\n";
  for (Level l : {Level::kCounty, Level::kTownship, Level::kSchool}) {
    for (Forecaster f : {Forecaster::kModel, Forecaster::kPersistence, Forecaster::kBirthsRatio}) {
      os << "  " << LevelName(l) << " " << ForecasterName(f) << ":";
      for (const auto& c : rep.cells) {
        if (c.level != l || c.forecaster != f || c.quantity != "enrolment") continue;
        char buf[64];
        std::snprintf(buf, sizeof buf, "  h%d %.2f (%.2f)", c.lead, c.mape, c.wape);
        os << buf;
      }
      os << "\n";
    }
  }
  return os.str();
}

TEST(ProjectionBacktest, DemoCounty) {
  storage::MemoryStore store;
  sim::DemoOptions d;
  d.seed = 1;
  d.counties = 1;
  d.first_year = 2015;
  d.last_year = 2025;
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(sim::GenerateDemo(d, store).ok());
  auto t1 = std::chrono::steady_clock::now();
  auto in = LoadProjectionInput(store);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  auto t2 = std::chrono::steady_clock::now();
  auto sc = DefaultScenario();
  BacktestOptions o;
  o.first_origin = 2018;
  o.last_origin = 2024;
  auto rep = Backtest(*in, *sc, o);
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  auto t3 = std::chrono::steady_clock::now();
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  std::cout << "demo county (seed 1, 2015–2025): " << in->schools.size() << " schools, "
            << in->townships.size() << " townships; generate " << ms(t0, t1) << " ms, load "
            << ms(t1, t2) << " ms, backtest " << ms(t2, t3) << " ms\n"
            << MapeTable(*rep);
  for (const auto& c : rep->coverage) {
    std::cout << "  80% interval coverage " << LevelName(c.level) << " h" << c.lead << ": "
              << c.mape << "% of " << c.n << "\n";
  }
  // The model must beat persistence at the county level from lead 2 on (births are falling).
  std::map<std::pair<int, int>, double> mape;
  for (const auto& c : rep->cells) {
    if (c.quantity == "enrolment" && c.level == Level::kCounty) {
      mape[{static_cast<int>(c.forecaster), c.lead}] = c.mape;
    }
  }
  for (int lead = 2; lead <= 5; ++lead) {
    EXPECT_LT((mape[{static_cast<int>(Forecaster::kModel), lead}]),
              (mape[{static_cast<int>(Forecaster::kPersistence), lead}]))
        << "lead " << lead;
  }
}

// The national series 2010–2019 (tests/engine/projection_cases/national): a rolling backtest
// from every origin 2012–2018 (the first origins with a birth cohort for every entrant year the
// enrolment flow needs) must beat persistence ("same as the origin year") for 小学招生 and
// 小学在校生 at every lead 1–5 on the held-out years. The table is printed for docs/projections.md
// §5.
SeriesInput NationalSeries() {
  SeriesInput in;
  auto births = common::CsvTable::Parse(
      ReadFile(std::string(ZJ_SOURCE_DIR) + "/data/standards/china_births.csv"));
  EXPECT_TRUE(births.ok());
  for (const auto& row : births->rows()) {
    in.births[std::stoi(std::string(births->Get(row, "year")))] =
        std::stod(std::string(births->Get(row, "births_wan_first_release")));
  }
  auto edu = common::CsvTable::Parse(ReadFile(
      std::string(ZJ_TEST_DATA_DIR) + "/projection_cases/national/china_education_national.csv"));
  EXPECT_TRUE(edu.ok());
  for (const auto& row : edu->rows()) {
    const int year = std::stoi(std::string(edu->Get(row, "year")));
    for (auto [field, column] :
         {std::pair{SeriesField::kPrimaryEntrants, "primary_entrants_wan"},
          std::pair{SeriesField::kPrimaryEnrolment, "primary_enrolment_wan"}}) {
      const std::string v(edu->Get(row, column));
      if (!v.empty()) in.history[field][year] = std::stod(v);
    }
  }
  return in;
}

TEST(SeriesBacktest, NationalPrimaryBeatsPersistence) {
  const SeriesInput in = NationalSeries();
  ASSERT_EQ(in.history.at(SeriesField::kPrimaryEntrants).size(), 10u);
  SeriesOptions o;  // the defaults: base-year ratios, enrolment by cohort flow
  auto rows = BacktestSeries(in, o, 2012, 2018, 5);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  std::printf("| series | lead | origins | model MAPE %% | persistence MAPE %% |\n");
  std::map<SeriesField, int> leads;
  for (const SeriesBacktestRow& r : *rows) {
    std::printf("| %s | %d | %d | %.3f | %.3f |\n", SeriesFieldName(r.field), r.lead, r.count,
                r.model_mape, r.persistence_mape);
    EXPECT_LT(r.model_mape, r.persistence_mape)
        << SeriesFieldName(r.field) << " lead " << r.lead << ": worse than persistence";
    ++leads[r.field];
  }
  EXPECT_EQ(leads[SeriesField::kPrimaryEntrants], 5);
  EXPECT_EQ(leads[SeriesField::kPrimaryEnrolment], 5);

  // The former method (3-year mean ratios, enrolment as a ratio to the summed cohorts) loses to
  // persistence at lead 1 for both series: the comparison is not empty.
  SeriesOptions old;
  old.window = 3;
  old.enrolment_model = EnrolmentModel::kCohortSum;
  auto before = BacktestSeries(in, old, 2012, 2018, 5);
  ASSERT_TRUE(before.ok());
  int losses = 0;
  for (const SeriesBacktestRow& r : *before) {
    std::printf("former method: %s lead %d: %.2f vs persistence %.2f\n", SeriesFieldName(r.field),
                r.lead, r.model_mape, r.persistence_mape);
    if (r.lead == 1 && r.model_mape > r.persistence_mape) ++losses;
  }
  EXPECT_EQ(losses, 2);
}

}  // namespace
}  // namespace zj::engine
