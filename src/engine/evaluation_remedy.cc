// Remediation of 优质均衡 (2017): Remedy() and the water-filling heuristic that is the warm start
// and fallback of the mixed-integer programme (evaluation_remedy_mip.cc).
//
// Heuristic (docs/evaluation.md):
//  1. School rule. Per school and stage, meeting indicator i needs t_i·n − r_i more resource
//     (t the standard per student, n the students, r the stage's share of the resource); leaving
//     it between 85% and 100% needs only 0.85·t_i·n − r_i. The school may leave 7 − 6 = 1
//     indicator unmet: the one whose completion would cost most (unit costs of the resource).
//  2. 差异系数. With those lower bounds L_j fixed, the minimum-cost way to bring one indicator's
//     weighted CV under its limit is to raise the schools below a common per-student level f to
//     f (water-filling): for a given added total the new mean is fixed, and Σ n_j x_j² (hence the
//     CV) is smallest when only the lowest values are raised to one level (KKT conditions of
//     min Σ n_j x_j² s.t. Σ n_j x_j = const, x_j ≥ L_j/n_j). CV(f) decreases in f, so f is found
//     by bisection.
//  3. The level f feeds back into step 1 (an indicator that must rise to f anyway is cheaper to
//     meet in full), a few rounds keep the cheapest plan that passes.
//  4. Stage shares become whole-school additions (a one-through school adding Δ raises its
//     primary part by Δ·share), rounded up to whole units, applied to a copy of the inputs and
//     re-evaluated. When rounding or a one-through school's shared addition leaves a CV over its
//     limit, the CV targets are tightened slightly and the plan recomputed.
// Each step is optimal on its own, the combination is not proven optimal: that is the MIP's job.
#include "evaluation_remedy.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "zj/engine/evaluation.h"

namespace zj::engine {
namespace {

constexpr double kEps = 1e-9;

struct Entry {
  size_t school = 0;  // index into EvalInput::schools
  double n = 0;
  double share = 0;
  std::vector<double> r, t;  // per indicator: stage resource, resource amount of the standard
  std::vector<double> rule_lb, lb;
};

struct StageWork {
  model::Stage stage = model::Stage::kPrimary;
  double limit = 0;
  std::vector<Entry> entries;
  std::vector<double> level;  // per indicator: water level (resource per student), 0 = none
};

double CvOf(const std::vector<Entry>& es, size_t i, double f) {
  double sr = 0, sn = 0;
  for (const Entry& e : es) {
    sr += std::max(e.lb[i], f * e.n);
    sn += e.n;
  }
  if (sn <= 0 || sr <= 0) return 0;
  const double mean = sr / sn;
  double ss = 0;
  for (const Entry& e : es) {
    const double d = std::max(e.lb[i], f * e.n) / e.n - mean;
    ss += e.n * d * d;
  }
  return std::sqrt(ss / sn) / mean;
}

// Step 1 for every entry of a stage, with the current water levels.
void ChooseRuleBounds(StageWork& w, const std::vector<double>& unit_cost, int allowed_exempt,
                      double floor) {
  const size_t k = unit_cost.size();
  for (Entry& e : w.entries) {
    std::vector<double> full(k), part(k), saving(k);
    for (size_t i = 0; i < k; ++i) {
      const double f = w.level[i] * e.n;
      full[i] = std::max(0.0, std::max(e.t[i], f) - e.r[i]);
      part[i] = std::max(0.0, std::max(floor * e.t[i], f) - e.r[i]);
      saving[i] = (full[i] - part[i]) * unit_cost[i] / std::max(e.share, kEps);
    }
    std::vector<size_t> order(k);
    for (size_t i = 0; i < k; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return saving[a] > saving[b]; });
    std::vector<bool> exempt(k, false);
    for (int x = 0; x < allowed_exempt && x < static_cast<int>(k); ++x) {
      if (saving[order[x]] > 0) exempt[order[x]] = true;
    }
    e.rule_lb.assign(k, 0);
    e.lb.assign(k, 0);
    for (size_t i = 0; i < k; ++i) {
      // The rule part alone (without the water level) is what the school rule needs.
      const double rule_need =
          exempt[i] ? std::max(0.0, floor * e.t[i] - e.r[i]) : std::max(0.0, e.t[i] - e.r[i]);
      e.rule_lb[i] = e.r[i] + rule_need;
      e.lb[i] = e.rule_lb[i];  // the water level is added by step 2
    }
  }
}

// Step 2: the water level of each indicator that brings its CV to at most target.
std::vector<double> WaterLevels(const StageWork& w, size_t k, double target) {
  std::vector<double> level(k, 0);
  for (size_t i = 0; i < k; ++i) {
    if (w.entries.empty() || CvOf(w.entries, i, 0) <= target) continue;
    double lo = 1e300, hi = 0;
    for (const Entry& e : w.entries) {
      lo = std::min(lo, e.lb[i] / e.n);
      hi = std::max(hi, e.lb[i] / e.n);
    }
    for (int it = 0; it < 100 && hi - lo > 1e-12 * std::max(1.0, hi); ++it) {
      const double mid = 0.5 * (lo + hi);
      if (CvOf(w.entries, i, mid) <= target) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    level[i] = hi;
  }
  return level;
}

}  // namespace

namespace {

// One pass of steps 1–4 on `input`: the cheapest passing candidate, or (when none passes, e.g.
// because a one-through school's addition for one stage moved the other stage's CV) the plan of
// the untightened targets; *applied receives the inputs with the additions.
RemedyPlan RemedyPass(const EvalInput& input, const EvalConfig& config, EvalInput* applied_out,
                      bool* passed) {
  RemedyPlan plan;
  plan.before = Evaluate(Framework::kYz2017, input, config);
  const std::vector<IndicatorDefinition>& defs = config.yz_indicators;
  const size_t k = defs.size();
  std::map<std::string, size_t> by_code;
  for (size_t j = 0; j < input.schools.size(); ++j) by_code[input.schools[j].code] = j;
  std::vector<double> unit_cost(k, 0);
  for (size_t i = 0; i < k; ++i) {
    const UnitCost* u = config.FindCost(defs[i].cost_key);
    unit_cost[i] = u ? u->yuan : 0;  // Remedy() checked that every cost exists
  }
  const int allowed_exempt =
      std::max(0, static_cast<int>(k) - static_cast<int>(std::lround(config.yz_min_met.value)));
  const double floor = config.yz_floor.value;

  std::vector<StageWork> stages;
  for (const StageResult& sr : plan.before.stages) {
    StageWork w;
    w.stage = sr.stage;
    w.limit = sr.cv_limit ? sr.cv_limit->value : 1e300;
    const int s = static_cast<int>(sr.stage);
    for (const SchoolResult& r : sr.schools) {
      Entry e;
      e.school = by_code.at(r.code);
      e.n = r.enrolment;
      e.share = r.share;
      for (size_t i = 0; i < k; ++i) {
        const double amount =
            input.schools[e.school].resources[static_cast<int>(defs[i].resource[s])] * e.share;
        e.r.push_back(amount);
        e.t.push_back(defs[i].standard[s] ? defs[i].standard[s]->value * e.n / defs[i].per : 0);
      }
      w.entries.push_back(std::move(e));
    }
    w.level.assign(k, 0);
    stages.push_back(std::move(w));
  }

  // Whole-school additions per (school, cost key) from the stage bounds.
  struct Need {
    double total = 0, rule = 0;
  };
  auto collect = [&](const std::vector<StageWork>& ws) {
    std::map<std::pair<size_t, std::string>, Need> need;
    for (const StageWork& w : ws) {
      for (const Entry& e : w.entries) {
        if (e.share <= 0) continue;
        for (size_t i = 0; i < k; ++i) {
          Need& nd = need[{e.school, defs[i].cost_key}];
          nd.total = std::max(nd.total, (e.lb[i] - e.r[i]) / e.share);
          nd.rule = std::max(nd.rule, (e.rule_lb[i] - e.r[i]) / e.share);
        }
      }
    }
    return need;
  };

  std::optional<RemedyPlan> best, fallback;
  EvalInput best_applied, fallback_applied;
  const double margins[] = {0, 0.002, 0.01, 0.03, 0.06, 0.1};
  for (double margin : margins) {
    std::vector<StageWork> ws = stages;
    for (int round = 0; round < 3; ++round) {
      ++plan.rounds;
      for (StageWork& w : ws) {
        ChooseRuleBounds(w, unit_cost, allowed_exempt, floor);
        std::vector<double> lv = WaterLevels(w, k, w.limit * (1 - margin));
        for (size_t i = 0; i < k; ++i) {
          for (Entry& e : w.entries) e.lb[i] = std::max(e.lb[i], lv[i] * e.n);
        }
        w.level = lv;
      }
      auto need = collect(ws);
      RemedyPlan candidate;
      candidate.before = plan.before;
      EvalInput applied = input;
      for (const auto& [key, nd] : need) {
        const double amount = std::ceil(nd.total - 1e-7);
        if (amount <= 0) continue;
        SchoolInput& s = applied.schools[key.first];
        const UnitCost* u = config.FindCost(key.second);
        Addition a;
        a.school_code = s.code;
        a.school_name = s.name;
        a.resource = key.second;
        a.name_zh = u->name_zh;
        a.unit = u->unit;
        a.amount = amount;
        a.for_rule = std::min(amount, std::ceil(nd.rule - 1e-7));
        if (a.for_rule < 0) a.for_rule = 0;
        a.cost = amount * u->yuan;
        a.reason = internal::AdditionReason(a.for_rule, amount);
        internal::AddResource(s, key.second, amount, config);
        candidate.additions.push_back(std::move(a));
      }
      internal::SummarisePlan(candidate, config);
      candidate.after = Evaluate(Framework::kYz2017, applied, config);
      for (const StageWork& w : ws) {
        const StageResult* before_stage = nullptr;
        const StageResult* after_stage = nullptr;
        for (const StageResult& s : candidate.before.stages) {
          if (s.stage == w.stage) before_stage = &s;
        }
        for (const StageResult& s : candidate.after.stages) {
          if (s.stage == w.stage) after_stage = &s;
        }
        for (size_t i = 0; i < k; ++i) {
          if (w.level[i] <= 0 || !before_stage || !after_stage) continue;
          CvStep step;
          step.stage = w.stage;
          step.indicator = defs[i].key;
          step.cv_before = before_stage->indicators[i].cv.value_or(0);
          step.cv_after = after_stage->indicators[i].cv.value_or(0);
          step.limit = w.limit;
          step.floor_value = w.level[i] * defs[i].per;
          std::vector<std::pair<double, size_t>> raised;
          for (const Entry& e : w.entries) {
            if (w.level[i] * e.n > e.rule_lb[i] + kEps)
              raised.push_back({e.rule_lb[i] / e.n, e.school});
          }
          std::sort(raised.begin(), raised.end());
          for (const auto& [v, j] : raised) step.schools.push_back(input.schools[j].code);
          candidate.cv_steps.push_back(std::move(step));
        }
      }
      const bool passes = internal::StagesPass(candidate.after);
      if (passes && (!best || candidate.total_cost < best->total_cost - 1e-6)) {
        best = std::move(candidate);
        best_applied = applied;
      } else if (!passes && margin == 0 && round == 0) {
        fallback = std::move(candidate);
        fallback_applied = applied;
      }
      // Next round: the water levels found feed the school-rule choice.
    }
    if (best) break;
  }
  *passed = best.has_value();
  if (!best) {
    *applied_out = std::move(fallback_applied);
    fallback->rounds = plan.rounds;
    return std::move(*fallback);
  }
  best->rounds = plan.rounds;
  *applied_out = std::move(best_applied);
  return std::move(*best);
}

}  // namespace

namespace internal {

void SummarisePlan(RemedyPlan& plan, const EvalConfig& config) {
  plan.total_cost = 0;
  std::map<std::string, double> amounts;
  for (const Addition& a : plan.additions) {
    plan.total_cost += a.cost;
    amounts[a.resource] += a.amount;
  }
  plan.totals.clear();
  for (const auto& [key, v] : amounts) {
    const UnitCost* u = config.FindCost(key);
    plan.totals.push_back({key, u->name_zh, u->unit, v, u->yuan, v * u->yuan, u->configured});
  }
  plan.unit_cost_mark = config.unit_cost_mark;
  plan.unit_cost_source = config.unit_cost_source;
  std::sort(plan.additions.begin(), plan.additions.end(), [](const Addition& a, const Addition& b) {
    return std::tie(a.school_code, a.resource) < std::tie(b.school_code, b.resource);
  });
}

const char* AdditionReason(double for_rule, double amount) {
  if (for_rule <= 0) return "cv";
  return for_rule < amount ? "school_rule+cv" : "school_rule";
}

bool StagesPass(const Evaluation& e) {
  if (e.stages.empty()) return false;
  return std::all_of(e.stages.begin(), e.stages.end(), [](const StageResult& s) { return s.pass; });
}

void AddResource(SchoolInput& s, const std::string& cost_key, double amount,
                 const EvalConfig& config) {
  if (cost_key == "teacher_qualified") {
    s.resources[static_cast<int>(Resource::kTeacherQualifiedPrimary)] += amount;
    s.resources[static_cast<int>(Resource::kTeacherQualifiedJunior)] += amount;
    return;
  }
  for (const IndicatorDefinition& d : config.yz_indicators) {
    if (d.cost_key == cost_key) {
      // The same resource at every stage for the other keys.
      s.resources[static_cast<int>(d.resource[static_cast<int>(model::Stage::kPrimary)])] += amount;
      return;
    }
  }
}

// Passes of RemedyPass, each on the inputs remedied by the previous one, until the result passes:
// a later pass only adds (to the schools a one-through school's shared addition pushed below the
// other stage's level).
Result<RemedyPlan> HeuristicRemedy(const EvalInput& input, const EvalConfig& config) {
  RemedyPlan total;
  EvalInput cur = input;
  std::map<std::pair<std::string, std::string>, Addition> merged;
  bool passed = false;
  for (int pass = 0; pass < 8 && !passed; ++pass) {
    EvalInput next;
    RemedyPlan p = RemedyPass(cur, config, &next, &passed);
    total.rounds += p.rounds;
    if (pass == 0) {
      total.before = p.before;
      total.cv_steps = p.cv_steps;
    } else {
      for (const CvStep& s : p.cv_steps) {
        auto it = std::find_if(total.cv_steps.begin(), total.cv_steps.end(), [&](const CvStep& t) {
          return t.stage == s.stage && t.indicator == s.indicator;
        });
        if (it == total.cv_steps.end()) {
          CvStep copy = s;
          for (const StageResult& st : total.before.stages) {
            if (st.stage != s.stage) continue;
            for (const IndicatorResult& ir : st.indicators) {
              if (ir.key == s.indicator) copy.cv_before = ir.cv.value_or(0);
            }
          }
          total.cv_steps.push_back(std::move(copy));
        } else {
          for (const std::string& c : s.schools) {
            if (std::find(it->schools.begin(), it->schools.end(), c) == it->schools.end()) {
              it->schools.push_back(c);
            }
          }
        }
      }
    }
    for (const Addition& a : p.additions) {
      auto [it, fresh] = merged.try_emplace({a.school_code, a.resource}, a);
      if (!fresh) {
        Addition& m = it->second;
        m.amount += a.amount;
        m.for_rule += a.for_rule;
        m.cost += a.cost;
        if (m.reason != a.reason) m.reason = "school_rule+cv";
      }
    }
    total.after = std::move(p.after);
    cur = std::move(next);
  }
  if (!passed) {
    return Status::FailedPrecondition(
        "未能找到使全部学校与差异系数达标的补充方案（资源为零的指标无法通过补充达标）");
  }
  for (auto& [key, a] : merged) total.additions.push_back(std::move(a));
  SummarisePlan(total, config);
  for (CvStep& s : total.cv_steps) {
    for (const StageResult& st : total.after.stages) {
      if (st.stage != s.stage) continue;
      for (const IndicatorResult& ir : st.indicators) {
        if (ir.key == s.indicator) s.cv_after = ir.cv.value_or(0);
      }
    }
  }
  return total;
}

}  // namespace internal

Result<RemedyPlan> Remedy(const EvalInput& input, const EvalConfig& config) {
  for (const IndicatorDefinition& d : config.yz_indicators) {
    if (!config.FindCost(d.cost_key)) return Status::Internal("缺少单位成本：" + d.cost_key);
  }
  for (const SchoolInput& s : input.schools) {
    for (double v : s.resources) {
      if (!std::isfinite(v) || v < 0) {
        return Status::InvalidArgument("学校资源数值无效（负数或非数）：" + s.code);
      }
    }
    for (double v : s.students) {
      if (!std::isfinite(v) || v < 0) {
        return Status::InvalidArgument("学校在校生数值无效（负数或非数）：" + s.code);
      }
    }
  }
  Result<RemedyPlan> heuristic = internal::HeuristicRemedy(input, config);
  if (heuristic.ok()) {
    heuristic->optimality.method = "heuristic";
    heuristic->optimality.status = "heuristic";
    heuristic->optimality.heuristic_cost = heuristic->total_cost;
    heuristic->optimality.plan_from = "heuristic";
  }
  Result<RemedyPlan> mip = Status::FailedPrecondition("MIP not used");
  if (config.remedy.use_mip) {
    // The MIP starts from the heuristic's plan and keeps it unless it finds a cheaper one.
    mip = internal::MipRemedy(input, config, config.remedy, heuristic.ok() ? &*heuristic : nullptr);
    if (mip.ok() && heuristic.ok()) mip->optimality.heuristic_cost = heuristic->total_cost;
  }
  Result<RemedyPlan>& plan =
      config.remedy.use_mip && (mip.ok() || !heuristic.ok()) ? mip : heuristic;
  if (plan.ok()) {
    for (const IndicatorDefinition& d : config.yz_indicators) {
      if (std::none_of(plan->unit_costs.begin(), plan->unit_costs.end(),
                       [&](const UnitCost& u) { return u.key == d.cost_key; })) {
        plan->unit_costs.push_back(*config.FindCost(d.cost_key));
      }
    }
  }
  return std::move(plan);
}

}  // namespace zj::engine
