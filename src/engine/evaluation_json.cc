// The stable JSON form of evaluations and remediation plans (keys documented in
// docs/evaluation.md). Numbers are rounded: values, ratios, shortfalls and CVs to 6 decimals,
// money and amounts to 2.
#include <cmath>
#include <nlohmann/json.hpp>

#include "zj/engine/evaluation.h"

namespace zj::engine {
namespace {

using nlohmann::ordered_json;

double Round(double v, int decimals) {
  const double p = std::pow(10.0, decimals);
  double r = std::round(v * p) / p;
  return r == 0 ? 0 : r;  // no "-0"
}

ordered_json Opt(const std::optional<double>& v, int decimals = 6) {
  return v ? ordered_json(Round(*v, decimals)) : ordered_json(nullptr);
}

ordered_json RuleJson(const Rule& r) {
  return {{"value", Round(r.value, 6)},
          {"mark", MarkName(r.mark)},
          {"mark_name", MarkNameZh(r.mark)},
          {"configured", r.configured},
          {"source", r.source}};
}

ordered_json OptRule(const std::optional<Rule>& r) {
  return r ? RuleJson(*r) : ordered_json(nullptr);
}

ordered_json EvaluationObject(const Evaluation& e) {
  ordered_json j;
  j["framework"] = FrameworkName(e.framework);
  j["framework_name"] = e.framework_name_zh;
  j["year"] = e.year;
  j["unit"] = e.unit_code;
  j["unit_name"] = e.unit_name;
  ordered_json stages = ordered_json::array();
  for (const StageResult& s : e.stages) {
    ordered_json st;
    st["stage"] = model::StageName(s.stage);
    st["stage_name"] = model::StageNameZh(s.stage);
    ordered_json cv = ordered_json::object(), cv_met = ordered_json::object(),
                 county = ordered_json::object(), inds = ordered_json::array();
    for (const IndicatorResult& i : s.indicators) {
      if (s.cv_limit || s.composite_cv_limit) {
        cv[i.key] = Opt(i.cv);
        cv_met[i.key] = i.cv_met;
        county[i.key] = Opt(i.county_value);
      }
      inds.push_back({{"key", i.key},
                      {"name_zh", i.name_zh},
                      {"unit", i.unit},
                      {"comparator", i.comparator},
                      {"standard", OptRule(i.standard)},
                      {"note", i.def ? i.def->note : ""}});
    }
    st["indicators"] = inds;
    st["cv"] = cv;
    st["cv_met"] = cv_met;
    st["cv_limit"] = s.cv_limit ? ordered_json(s.cv_limit->value) : ordered_json(nullptr);
    st["cv_limit_rule"] = OptRule(s.cv_limit);
    if (s.composite_cv_limit) {
      st["composite_cv"] = Opt(s.composite_cv);
      st["composite_cv_limit"] = s.composite_cv_limit->value;
      st["composite_cv_limit_rule"] = RuleJson(*s.composite_cv_limit);
    }
    st["county_values"] = county;
    st["school_count"] = s.schools.size() + static_cast<size_t>(s.schools_hidden);
    st["schools_hidden"] = s.schools_hidden;
    st["passing"] = s.passing;
    st["pass"] = s.pass;
    ordered_json schools = ordered_json::array();
    for (const SchoolResult& r : s.schools) {
      ordered_json values = ordered_json::object(), met = ordered_json::object(),
                   ratio = ordered_json::object(), shortfall = ordered_json::object();
      for (size_t i = 0; i < s.indicators.size() && i < r.values.size(); ++i) {
        const std::string& key = s.indicators[i].key;
        values[key] = Opt(r.values[i]);
        met[key] = static_cast<bool>(r.met[i]);
        ratio[key] = Round(r.ratio[i], 6);
        shortfall[key] = Round(r.shortfall[i], 6);
      }
      schools.push_back({{"code", r.code},
                         {"name", r.name},
                         {"type_code", r.type_code},
                         {"enrolment", Round(r.enrolment, 2)},
                         {"share", Round(r.share, 6)},
                         {"values", values},
                         {"met", met},
                         {"ratio", ratio},
                         {"shortfall", shortfall},
                         {"met_count", r.met_count},
                         {"pass", r.pass},
                         {"why", r.why}});
    }
    st["schools"] = schools;
    stages.push_back(std::move(st));
  }
  j["stages"] = stages;
  ordered_json items = ordered_json::array();
  for (const CountyItem& i : e.items) {
    items.push_back({{"key", i.key},
                     {"name_zh", i.name_zh},
                     {"value", Opt(i.value)},
                     {"comparator", i.comparator},
                     {"limit", OptRule(i.limit)},
                     {"met", i.met ? ordered_json(*i.met) : ordered_json(nullptr)},
                     {"note", i.note}});
  }
  j["items"] = items;
  ordered_json excluded = ordered_json::array();
  for (const ExcludedSchool& x : e.excluded) {
    excluded.push_back({{"code", x.code}, {"name", x.name}, {"reason", x.reason}});
  }
  j["excluded"] = excluded;
  ordered_json rules = ordered_json::object();
  for (const auto& [k, r] : e.rules) rules[k] = RuleJson(r);
  j["rules"] = rules;
  j["not_assessed"] = e.not_assessed;
  j["verdict"] = e.verdict;
  ordered_json failures = ordered_json::array();
  for (const Failure& f : e.failures) failures.push_back(f.text);
  j["failures"] = failures;
  return j;
}

}  // namespace

std::string EvaluationJson(const Evaluation& e) { return EvaluationObject(e).dump(); }

std::string RemedyJson(const RemedyPlan& p) {
  ordered_json j;
  j["framework"] = FrameworkName(p.before.framework);
  j["year"] = p.before.year;
  j["unit"] = p.before.unit_code;
  j["unit_name"] = p.before.unit_name;
  j["total_cost"] = Round(p.total_cost, 2);
  j["unit_cost_mark"] = MarkName(p.unit_cost_mark);
  j["unit_cost_mark_name"] = MarkNameZh(p.unit_cost_mark);
  j["unit_cost_source"] = p.unit_cost_source;
  ordered_json totals = ordered_json::array();
  for (const RemedyPlan::Total& t : p.totals) {
    // A configured unit cost is the county's own figure; the built-in ones are placeholders.
    const Mark mark = t.configured ? Mark::kUnverified : p.unit_cost_mark;
    totals.push_back({{"resource", t.resource},
                      {"name_zh", t.name_zh},
                      {"unit", t.unit},
                      {"amount", Round(t.amount, 2)},
                      {"yuan_each", Round(t.yuan_each, 2)},
                      {"yuan_each_mark", MarkName(mark)},
                      {"yuan_each_mark_name", MarkNameZh(mark)},
                      {"yuan_each_configured", t.configured},
                      {"cost", Round(t.cost, 2)}});
  }
  j["totals"] = totals;
  ordered_json costs = ordered_json::array();
  for (const UnitCost& u : p.unit_costs) {
    const Mark mark = u.configured ? Mark::kUnverified : p.unit_cost_mark;
    costs.push_back({{"key", u.key},
                     {"name_zh", u.name_zh},
                     {"unit", u.unit},
                     {"yuan", Round(u.yuan, 2)},
                     {"whole", u.whole},
                     {"configured", u.configured},
                     {"mark", MarkName(mark)},
                     {"mark_name", MarkNameZh(mark)}});
  }
  j["unit_costs"] = costs;
  ordered_json adds = ordered_json::array();
  for (const Addition& a : p.additions) {
    adds.push_back({{"school", a.school_code},
                    {"school_name", a.school_name},
                    {"resource", a.resource},
                    {"name_zh", a.name_zh},
                    {"unit", a.unit},
                    {"amount", Round(a.amount, 2)},
                    {"for_rule", Round(a.for_rule, 2)},
                    {"cost", Round(a.cost, 2)},
                    {"reason", a.reason}});
  }
  j["additions"] = adds;
  ordered_json steps = ordered_json::array();
  for (const CvStep& s : p.cv_steps) {
    steps.push_back({{"stage", model::StageName(s.stage)},
                     {"indicator", s.indicator},
                     {"cv_before", Round(s.cv_before, 6)},
                     {"cv_after", Round(s.cv_after, 6)},
                     {"limit", s.limit},
                     {"floor_value", Opt(s.floor_value)},
                     {"schools", s.schools}});
  }
  j["cv_steps"] = steps;
  j["verdict_before"] = p.before.verdict;
  j["verdict_after"] = p.after.verdict;
  j["rounds"] = p.rounds;
  const RemedyOptimality& o = p.optimality;
  j["optimality"] = {{"method", o.method},
                     {"status", o.status},
                     {"lower_bound", Round(o.lower_bound, 2)},
                     {"gap", Round(o.gap, 6)},
                     {"iterations", o.iterations},
                     {"cuts", o.cuts},
                     {"lp_iterations", o.lp_iterations},
                     {"lp_restarts", o.lp_restarts},
                     {"repairs", o.repairs},
                     {"plan_from", o.plan_from},
                     {"heuristic_cost", Round(o.heuristic_cost, 2)}};
  j["after"] = EvaluationObject(p.after);
  return j.dump();
}

}  // namespace zj::engine
