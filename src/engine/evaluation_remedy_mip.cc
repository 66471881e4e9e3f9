// The minimum-cost remediation of 优质均衡 (2017) as a mixed-integer programme solved with GLPK
// (docs/evaluation.md, "Remediation").
//
// Variables: a[j][c] ≥ 0, the whole-school addition of unit-cost resource c at school j (integer
// for teachers and rooms, continuous for ㎡ and 元), cost Σ yuan_c · a[j][c]. In stage s school j
// holds R = share·(r + a) of a resource (one-through schools split by the stage weights).
//
// School rule, per school and stage, for every indicator i it does not meet yet (set U):
//   a ≥ floor_i                      the 85% floor (a column bound)
//   a − (full_i − floor_i)·m_i ≥ floor_i,  m_i ∈ {0, 1}   "met" when m_i = 1
//   Σ_{i∈U} m_i ≥ |U| − (7 − 6)      at least 6 of 7 met
// (when |U| ≤ 1 the unmet one only needs its floor and no binary is made).
//
// 差异系数 limit L of indicator i in a stage with schools j (n_j students, N = Σ n_j):
//   CV ≤ L  ⇔  Σ n_j (x_j − X)² ≤ L² N X²  ⇔  Σ R_j²/n_j ≤ (1 + L²)(Σ R_j)²/N
//          ⇔  h(R) = ‖(R_j/√n_j)‖₂ ≤ k · Σ R_j,  k = √((1 + L²)/N)
// a second-order cone: convex in R, though the county value X moves with every addition. h is
// convex and positively homogeneous, so for any point R̄ the tangent ∇h(R̄)·R ≤ k·ΣR is valid for
// every feasible R (h(R) ≥ ∇h(R̄)·R). At a boundary point (h(R̄) = k·ΣR̄, mean X̄) it reads
//   Σ_j (x̄_j/X̄ − (1 + L²)) · R_j ≤ 0.
// Outer approximation: solve the MIP with the cuts so far, evaluate every CV of the solution with
// the exact formula, and for each one over its limit add the tangent at the boundary point with
// the same deviations shrunk by L/CV (x = X̄ + L/CV·(x̄ − X̄)); repeat until no CV is over. Each
// MIP is a relaxation of the true problem, so its bound is a proven lower bound of the minimum
// cost. Seed cuts: at the current values and at the heuristic's plan, for the stages and
// indicators whose CV is over or near its limit. Before any LP, the sum over schools of the
// cheapest way to meet each school's rule alone is a first proven bound.
//
// The plan: amounts rounded up (whole units; ㎡ and 元 to whole ㎡ and 元), applied to a copy of
// the inputs and re-evaluated; a CV left a hair over its limit by rounding or solver tolerance is
// repaired by raising its lowest schools to a common level. The best passing plan of any round
// (or the heuristic's) is the incumbent given to the next MIP.
#include <glpk.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>
#include <memory>
#include <mutex>

#include "evaluation_remedy.h"

namespace zj::engine::internal {
namespace {

// Relative: a CV of a MIP solution this close to its limit counts as converged (the LP
// tolerances of ~100 cuts add up to about this); the plan's rounding and repair make it exact.
constexpr double kCvTolerance = 1e-6;
constexpr double kSlack = 0.5e-9;  // half the comparison tolerance of Evaluate

// GLPK keeps per-thread state but is not documented as safe for concurrent solves.
std::mutex& GlpkMutex() {
  static std::mutex m;
  return m;
}

struct ProbDeleter {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};

// One school in one stage.
struct Item {
  size_t school = 0;  // index into EvalInput::schools
  double n = 0, share = 0;
  std::vector<double> r;            // per indicator: the stage's resource now
  std::vector<double> full, floor;  // per indicator: whole-school addition to meet / to reach 85%
  std::vector<int> binary;          // per indicator: column of "met" (0: none)
};

struct StageData {
  model::Stage stage = model::Stage::kPrimary;
  double limit = 0;
  std::vector<Item> items;
};

double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double WholeAmount(double v, bool whole) {
  if (v <= 0) return 0;
  if (whole && std::fabs(v - std::round(v)) <= 1e-6) return std::round(v);
  return std::ceil(v - 1e-9 * std::max(1.0, v));
}

class Solver {
 public:
  Solver(const EvalInput& input, const EvalConfig& config, const RemedyOptions& options,
         const Evaluation& before)
      : in_(input), c_(config), opt_(options), before_(before), defs_(config.yz_indicators) {}

  Result<RemedyPlan> Run(const RemedyPlan* warm);

 private:
  void Build();
  int Col(size_t school, size_t cost) const { return col_[school * costs_.size() + cost]; }
  // The extended cone of one stage and indicator: columns τ and y_j, rows τ = σ·k·ΣR and
  // Σ y_j ≤ τ.
  void AddCone(size_t stage, size_t i);
  // Tangent cuts y_j ≥ 2ρ·v_j − ρ²·τ at the point of stage resources `r` for every school whose
  // v_j²/τ exceeds y_j (the values of `x`) by more than `tol`; all schools when x is null.
  // Returns the number added.
  int AddCuts(size_t cone, const std::vector<double>& r, const std::vector<double>* x, double tol);
  // The single tangent Σ_j (x_j/X̄ − (1 + L²))·R_j ≤ 0 of the cone in the R space, at the
  // boundary point with the deviations of `r` scaled by L/CV (robust to the tolerances that
  // leave the per-school cuts a hair short).
  void AddBoundaryCut(size_t cone, const std::vector<double>& r);
  std::vector<double> StageResources(const StageData& sd, size_t i,
                                     const std::vector<double>& x) const;
  // Whole-school amounts [school][cost] the rule needs with the binaries of `x` (rows' own data,
  // independent of solver tolerances).
  std::vector<double> RuleNeed(const std::vector<double>& x) const;
  // `x` with every binary rounded: per school and stage the unmet indicators with the largest
  // "met" values are met, as many as the rule needs.
  std::vector<double> RoundBinaries(const std::vector<double>& x) const;
  // Rounds, applies, re-evaluates and repairs; the plan of the column values `x`.
  RemedyPlan MakePlan(const std::vector<double>& x, int* repairs) const;
  // Column values (1-based, as GLPK takes them) of a plan's additions.
  std::vector<double> ColumnsOf(const RemedyPlan& plan) const;
  // The cheapest additions that meet every school rule alone (差异系数 ignored), school by
  // school: a proven lower bound of any passing plan, known before the first LP (large counties
  // may not finish one within the budget).
  double SchoolRuleBound() const;

  const EvalInput& in_;
  const EvalConfig& c_;
  const RemedyOptions& opt_;
  const Evaluation& before_;
  const std::vector<IndicatorDefinition>& defs_;
  std::vector<std::string> costs_;  // distinct unit-cost keys of the indicators
  std::vector<size_t> cost_of_;     // indicator → cost index
  std::vector<const UnitCost*> unit_;
  std::vector<StageData> stages_;
  int allowed_ = 0;            // indicators a school may leave unmet (7 − 6)
  std::vector<int> binaries_;  // every "met" column of the 6-of-7 rows
  std::vector<int> col_;       // [school × cost] → column (0: school not evaluated)
  struct Cone {
    size_t stage = 0, indicator = 0;
    double k = 0, sigma = 0;  // k = √((1 + L²)/N); σ scales the cone to τ ≈ 1 today
    int tau = 0;
    std::vector<int> y;  // per item of the stage
  };
  std::vector<Cone> cones_;
  std::unique_ptr<glp_prob, ProbDeleter> lp_;
  int cuts_ = 0;
};

void Solver::Build() {
  const size_t k = defs_.size();
  for (size_t i = 0; i < k; ++i) {
    auto it = std::find(costs_.begin(), costs_.end(), defs_[i].cost_key);
    cost_of_.push_back(static_cast<size_t>(it - costs_.begin()));
    if (it == costs_.end()) {
      costs_.push_back(defs_[i].cost_key);
      unit_.push_back(c_.FindCost(defs_[i].cost_key));
    }
  }
  std::map<std::string, size_t> by_code;
  for (size_t j = 0; j < in_.schools.size(); ++j) by_code[in_.schools[j].code] = j;
  const double floor = c_.yz_floor.value;
  for (const StageResult& sr : before_.stages) {
    StageData sd;
    sd.stage = sr.stage;
    sd.limit = sr.cv_limit ? sr.cv_limit->value : std::numeric_limits<double>::infinity();
    const int s = static_cast<int>(sr.stage);
    for (const SchoolResult& r : sr.schools) {
      if (r.share <= 0 || r.enrolment <= 0) continue;
      Item it;
      it.school = by_code.at(r.code);
      it.n = r.enrolment;
      it.share = r.share;
      for (size_t i = 0; i < k; ++i) {
        const IndicatorDefinition& d = defs_[i];
        const double amount =
            in_.schools[it.school].resources[static_cast<int>(d.resource[s])] * it.share;
        it.r.push_back(amount);
        double full = 0, fl = 0;
        if (d.standard[s]) {
          const double t = d.standard[s]->value;
          const double scale = it.n / (d.per * it.share);
          full = std::max(0.0, (t - kSlack * std::max(1.0, t)) * scale - amount / it.share);
          fl = std::max(0.0, t * (floor - kSlack) * scale - amount / it.share);
        }
        it.full.push_back(full);
        it.floor.push_back(std::min(fl, full));
      }
      it.binary.assign(k, 0);
      sd.items.push_back(std::move(it));
    }
    stages_.push_back(std::move(sd));
  }

  lp_.reset(glp_create_prob());
  glp_prob* lp = lp_.get();
  glp_set_obj_dir(lp, GLP_MIN);
  // Columns: additions of every evaluated school, lower bounds from the 85% floors.
  col_.assign(in_.schools.size() * costs_.size(), 0);
  std::vector<double> lb(col_.size(), 0);
  std::vector<bool> used(in_.schools.size(), false);
  allowed_ = std::max(0, static_cast<int>(k) - static_cast<int>(std::lround(c_.yz_min_met.value)));
  for (const StageData& sd : stages_) {
    for (const Item& it : sd.items) {
      used[it.school] = true;
      // Met already: no bound; otherwise the floor (the full standard comes with a binary).
      for (size_t i = 0; i < k; ++i) {
        double& b = lb[it.school * costs_.size() + cost_of_[i]];
        if (it.full[i] > 0) b = std::max(b, it.floor[i]);
      }
    }
  }
  for (size_t j = 0; j < in_.schools.size(); ++j) {
    if (!used[j]) continue;
    for (size_t c = 0; c < costs_.size(); ++c) {
      const int col = glp_add_cols(lp, 1);
      col_[j * costs_.size() + c] = col;
      const bool whole = unit_[c]->whole;
      glp_set_col_kind(lp, col, whole ? GLP_IV : GLP_CV);
      const double b = lb[j * costs_.size() + c];
      glp_set_col_bnds(lp, col, GLP_LO, whole ? WholeAmount(b, true) : b, 0);
      glp_set_obj_coef(lp, col, unit_[c]->yuan);
    }
  }
  // Rule rows where the 6-of-7 choice is open.
  for (StageData& sd : stages_) {
    for (Item& it : sd.items) {
      std::vector<size_t> unmet;
      for (size_t i = 0; i < k; ++i) {
        if (it.full[i] > 0) unmet.push_back(i);
      }
      if (static_cast<int>(unmet.size()) <= allowed_) continue;
      std::vector<int> ind(1, 0);
      std::vector<double> val(1, 0);
      for (size_t i : unmet) {
        const int m = glp_add_cols(lp, 1);
        glp_set_col_kind(lp, m, GLP_BV);
        it.binary[i] = m;
        binaries_.push_back(m);
        const int row = glp_add_rows(lp, 1);
        const int idx[3] = {0, Col(it.school, cost_of_[i]), m};
        // Whole units: a ≥ ⌈floor⌉ + (⌈full⌉ − ⌈floor⌉)·m is valid and a tighter relaxation.
        const bool whole = unit_[cost_of_[i]]->whole;
        const double fl = WholeAmount(it.floor[i], whole), full = WholeAmount(it.full[i], whole);
        const double v[3] = {0, 1, -(whole ? full - fl : it.full[i] - it.floor[i])};
        glp_set_mat_row(lp, row, 2, idx, v);
        glp_set_row_bnds(lp, row, GLP_LO, whole ? fl : it.floor[i], 0);
        ind.push_back(m);
        val.push_back(1);
      }
      const int row = glp_add_rows(lp, 1);
      glp_set_mat_row(lp, row, static_cast<int>(ind.size()) - 1, ind.data(), val.data());
      glp_set_row_bnds(lp, row, GLP_LO, static_cast<double>(unmet.size() - allowed_), 0);
    }
  }
}

std::vector<double> Solver::StageResources(const StageData& sd, size_t i,
                                           const std::vector<double>& x) const {
  std::vector<double> r;
  r.reserve(sd.items.size());
  for (const Item& it : sd.items) {
    r.push_back(it.r[i] + it.share * x[Col(it.school, cost_of_[i])]);
  }
  return r;
}

double Solver::SchoolRuleBound() const {
  const size_t k = defs_.size();
  // Each school's items (one per stage it teaches) and, per item, the choices of which unmet
  // indicators stay at their 85% floor: all of them when no more than `allowed_` are unmet, else
  // every set of exactly `allowed_` of them (meeting more never costs less).
  struct Choices {
    const Item* item;
    std::vector<uint32_t> floor_only;  // bit i: indicator i at its floor
  };
  std::vector<std::vector<Choices>> by_school(in_.schools.size());
  for (const StageData& sd : stages_) {
    for (const Item& it : sd.items) {
      uint32_t unmet = 0;
      for (size_t i = 0; i < k; ++i) {
        if (it.full[i] > 0) unmet |= 1u << i;
      }
      Choices ch{&it, {}};
      if (std::popcount(unmet) <= allowed_) {
        ch.floor_only.push_back(unmet);
      } else {
        for (uint32_t m = unmet;; m = (m - 1) & unmet) {
          if (std::popcount(m) == allowed_) ch.floor_only.push_back(m);
          if (m == 0) break;
        }
      }
      by_school[it.school].push_back(std::move(ch));
    }
  }
  double total = 0;
  std::vector<double> need(costs_.size());
  for (const std::vector<Choices>& items : by_school) {
    if (items.empty()) continue;
    double best = std::numeric_limits<double>::infinity();
    // Every combination of the items' choices (a school has at most a few stages).
    std::vector<size_t> pick(items.size(), 0);
    while (true) {
      std::fill(need.begin(), need.end(), 0.0);
      for (size_t t = 0; t < items.size(); ++t) {
        const Item& it = *items[t].item;
        const uint32_t at_floor = items[t].floor_only[pick[t]];
        for (size_t i = 0; i < k; ++i) {
          if (it.full[i] <= 0) continue;
          const double v = (at_floor >> i) & 1u ? it.floor[i] : it.full[i];
          need[cost_of_[i]] = std::max(need[cost_of_[i]], v);
        }
      }
      double cost = 0;
      for (size_t c = 0; c < costs_.size(); ++c) {
        // Whole units: the rounded-up amount, as the columns are integer.
        cost += unit_[c]->yuan * (unit_[c]->whole ? WholeAmount(need[c], true) : need[c]);
      }
      best = std::min(best, cost);
      size_t t = 0;
      while (t < items.size() && ++pick[t] == items[t].floor_only.size()) pick[t++] = 0;
      if (t == items.size()) break;
    }
    total += best;
  }
  return total;
}

void Solver::AddCone(size_t stage, size_t i) {
  const StageData& sd = stages_[stage];
  if (!std::isfinite(sd.limit) || sd.items.empty()) return;
  glp_prob* lp = lp_.get();
  Cone cone;
  cone.stage = stage;
  cone.indicator = i;
  double n = 0, total = 0, need = 0;
  for (const Item& it : sd.items) {
    n += it.n;
    total += it.r[i];
    need += it.r[i] + it.share * it.floor[i];
  }
  cone.k = std::sqrt((1 + sd.limit * sd.limit) / n);
  cone.sigma = 1 / (cone.k * std::max({total, need, 1.0}));
  cone.tau = glp_add_cols(lp, 1);
  glp_set_col_bnds(lp, cone.tau, GLP_LO, 0, 0);
  // τ − σk·Σ share_j·a_j = σk·Σ r_j
  std::vector<int> ind(1, 0);
  std::vector<double> val(1, 0);
  ind.push_back(cone.tau);
  val.push_back(1);
  for (const Item& it : sd.items) {
    ind.push_back(Col(it.school, cost_of_[i]));
    val.push_back(-cone.sigma * cone.k * it.share);
  }
  int row = glp_add_rows(lp, 1);
  glp_set_mat_row(lp, row, static_cast<int>(ind.size()) - 1, ind.data(), val.data());
  glp_set_row_bnds(lp, row, GLP_FX, cone.sigma * cone.k * total, cone.sigma * cone.k * total);
  // Σ y_j − τ ≤ 0
  ind.assign(1, 0);
  val.assign(1, 0);
  for (size_t j = 0; j < sd.items.size(); ++j) {
    const int y = glp_add_cols(lp, 1);
    glp_set_col_bnds(lp, y, GLP_LO, 0, 0);
    cone.y.push_back(y);
    ind.push_back(y);
    val.push_back(1);
  }
  ind.push_back(cone.tau);
  val.push_back(-1);
  row = glp_add_rows(lp, 1);
  glp_set_mat_row(lp, row, static_cast<int>(ind.size()) - 1, ind.data(), val.data());
  glp_set_row_bnds(lp, row, GLP_UP, 0, 0);
  cones_.push_back(std::move(cone));
}

void Solver::AddBoundaryCut(size_t c, const std::vector<double>& r) {
  const Cone& cone = cones_[c];
  const StageData& sd = stages_[cone.stage];
  std::vector<double> n;
  for (const Item& it : sd.items) n.push_back(it.n);
  std::optional<double> cv = WeightedCv(r, n);
  if (!cv || *cv <= 0) return;
  double sr = 0, sn = 0;
  for (size_t j = 0; j < r.size(); ++j) {
    sr += r[j];
    sn += n[j];
  }
  const double mean = sr / sn, t = sd.limit / *cv, lsq = 1 + sd.limit * sd.limit;
  // Σ_j g_j·R_j ≤ 0 with g_j = x_j/X̄ − (1 + L²) at the boundary point x = X̄ + t·(x̄ − X̄):
  // Σ g_j·share_j·a_j ≤ −Σ g_j·r_j, scaled to max |coefficient| = 1.
  std::vector<int> ind(1, 0);
  std::vector<double> val(1, 0);
  double rhs = 0, scale = 0;
  for (size_t j = 0; j < sd.items.size(); ++j) {
    const Item& it = sd.items[j];
    const double g = (mean + t * (r[j] / it.n - mean)) / mean - lsq;
    ind.push_back(Col(it.school, cost_of_[cone.indicator]));
    val.push_back(g * it.share);
    rhs -= g * it.r[cone.indicator];
    scale = std::max(scale, std::fabs(g * it.share));
  }
  if (scale <= 0) return;
  for (size_t q = 1; q < val.size(); ++q) val[q] /= scale;
  const int row = glp_add_rows(lp_.get(), 1);
  glp_set_mat_row(lp_.get(), row, static_cast<int>(ind.size()) - 1, ind.data(), val.data());
  glp_set_row_bnds(lp_.get(), row, GLP_UP, 0, rhs / scale);
  ++cuts_;
}

int Solver::AddCuts(size_t c, const std::vector<double>& r, const std::vector<double>* x,
                    double tol) {
  const Cone& cone = cones_[c];
  const StageData& sd = stages_[cone.stage];
  double total = 0;
  for (double v : r) total += v;
  const double tau = cone.sigma * cone.k * total;
  if (!(tau > 0)) return 0;
  glp_prob* lp = lp_.get();
  int added = 0;
  for (size_t j = 0; j < sd.items.size(); ++j) {
    const Item& it = sd.items[j];
    const double v = cone.sigma * r[j] / std::sqrt(it.n);
    if (x && v * v / tau - (*x)[cone.y[j]] <= tol) continue;
    // y_j ≥ 2ρ·v_j − ρ²·τ with v_j = σ(r_j + share_j·a_j)/√n_j:
    // 2ρσ·share_j/√n_j · a_j − ρ²·τ − y_j ≤ −2ρσ·r_j/√n_j
    const double rho = v / tau, w = 2 * rho * cone.sigma / std::sqrt(it.n);
    const int ind[4] = {0, Col(it.school, cost_of_[cone.indicator]), cone.tau, cone.y[j]};
    const double val[4] = {0, w * it.share, -rho * rho, -1};
    const int row = glp_add_rows(lp, 1);
    glp_set_mat_row(lp, row, 3, ind, val);
    glp_set_row_bnds(lp, row, GLP_UP, 0, -w * it.r[cone.indicator]);
    ++added;
  }
  cuts_ += added;
  return added;
}

std::vector<double> Solver::RoundBinaries(const std::vector<double>& x) const {
  std::vector<double> out = x;
  for (const StageData& sd : stages_) {
    for (const Item& it : sd.items) {
      // The indicators with the largest "met" values are met (exactly the 1s of an integer
      // solution; a rounding of a relaxation).
      std::vector<std::pair<double, size_t>> open;
      for (size_t i = 0; i < defs_.size(); ++i) {
        if (it.binary[i]) open.push_back({-x[it.binary[i]], i});
      }
      if (open.empty()) continue;
      const size_t need_met = open.size() - static_cast<size_t>(allowed_);
      std::sort(open.begin(), open.end());
      for (size_t q = 0; q < open.size(); ++q) out[it.binary[open[q].second]] = q < need_met;
    }
  }
  return out;
}

std::vector<double> Solver::RuleNeed(const std::vector<double>& x) const {
  const std::vector<double> rounded = RoundBinaries(x);
  std::vector<double> need(col_.size(), 0);
  for (const StageData& sd : stages_) {
    for (const Item& it : sd.items) {
      // Without binaries every unmet indicator only needs its floor.
      for (size_t i = 0; i < defs_.size(); ++i) {
        if (it.full[i] <= 0) continue;
        const bool met = it.binary[i] && rounded[it.binary[i]] > 0.5;
        double& v = need[it.school * costs_.size() + cost_of_[i]];
        v = std::max(v, met ? it.full[i] : it.floor[i]);
      }
    }
  }
  return need;
}

RemedyPlan Solver::MakePlan(const std::vector<double>& x, int* repairs) const {
  RemedyPlan plan;
  plan.before = before_;
  std::vector<double> need = RuleNeed(x);
  std::vector<double> amount(col_.size(), 0), rule(col_.size(), 0);
  EvalInput applied = in_;
  for (size_t j = 0; j < in_.schools.size(); ++j) {
    for (size_t c = 0; c < costs_.size(); ++c) {
      const size_t q = j * costs_.size() + c;
      if (!col_[q]) continue;
      const bool whole = unit_[c]->whole;
      amount[q] = WholeAmount(std::max(x[col_[q]], need[q]), whole);
      rule[q] = std::min(amount[q], WholeAmount(need[q], whole));
      if (amount[q] > 0) AddResource(applied.schools[j], costs_[c], amount[q], c_);
    }
  }
  // Repair: a CV over its limit after rounding is brought under by raising its lowest schools.
  std::map<std::string, size_t> by_code;
  for (size_t j = 0; j < in_.schools.size(); ++j) by_code[in_.schools[j].code] = j;
  plan.after = Evaluate(Framework::kYz2017, applied, c_);
  for (int round = 0; round < 30 && !StagesPass(plan.after); ++round) {
    bool changed = false;
    for (const StageResult& sr : plan.after.stages) {
      for (size_t i = 0; i < sr.indicators.size(); ++i) {
        const IndicatorResult& ir = sr.indicators[i];
        if (ir.cv_met || !ir.cv || !sr.cv_limit) continue;
        const double per = defs_[i].per;
        std::vector<double> r, n;
        double lo = std::numeric_limits<double>::infinity(), hi = 0;
        for (const SchoolResult& s : sr.schools) {
          const double v = s.values[i].value_or(0) / per;
          r.push_back(v * s.enrolment);
          n.push_back(s.enrolment);
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
        const double target = sr.cv_limit->value * (1 - 1e-8);
        auto cv_at = [&](double f) {
          std::vector<double> rr = r;
          for (size_t q = 0; q < rr.size(); ++q) rr[q] = std::max(rr[q], f * n[q]);
          return WeightedCv(rr, n).value_or(0);
        };
        for (int it = 0; it < 200 && hi - lo > 1e-13 * std::max(1.0, hi); ++it) {
          const double mid = 0.5 * (lo + hi);
          (cv_at(mid) <= target ? hi : lo) = mid;
        }
        const size_t c = cost_of_[i];
        for (size_t q = 0; q < sr.schools.size(); ++q) {
          const SchoolResult& s = sr.schools[q];
          if (hi * n[q] <= r[q] || s.share <= 0) continue;
          const size_t j = by_code.at(s.code);
          const double add = WholeAmount((hi * n[q] - r[q]) / s.share, unit_[c]->whole);
          if (add <= 0) continue;
          amount[j * costs_.size() + c] += add;
          AddResource(applied.schools[j], costs_[c], add, c_);
          changed = true;
        }
      }
    }
    if (!changed) break;
    ++*repairs;
    plan.after = Evaluate(Framework::kYz2017, applied, c_);
  }

  for (size_t j = 0; j < in_.schools.size(); ++j) {
    for (size_t c = 0; c < costs_.size(); ++c) {
      const size_t q = j * costs_.size() + c;
      if (!col_[q] || amount[q] <= 0) continue;
      Addition a;
      a.school_code = in_.schools[j].code;
      a.school_name = in_.schools[j].name;
      a.resource = costs_[c];
      a.name_zh = unit_[c]->name_zh;
      a.unit = unit_[c]->unit;
      a.amount = amount[q];
      a.for_rule = rule[q];
      a.cost = amount[q] * unit_[c]->yuan;
      a.reason = AdditionReason(a.for_rule, a.amount);
      plan.additions.push_back(std::move(a));
    }
  }
  SummarisePlan(plan, c_);

  // 差异系数 steps: indicators over their limit before, with the schools raised beyond their rule
  // need (lowest value before first).
  for (size_t si = 0; si < before_.stages.size(); ++si) {
    const StageResult& b = before_.stages[si];
    const StageResult* a = nullptr;
    for (const StageResult& s : plan.after.stages) {
      if (s.stage == b.stage) a = &s;
    }
    if (!a || !b.cv_limit) continue;
    for (size_t i = 0; i < b.indicators.size(); ++i) {
      const size_t c = cost_of_[i];
      std::vector<std::pair<double, size_t>> raised;  // (value before, row in stage)
      for (size_t q = 0; q < b.schools.size(); ++q) {
        const size_t j = by_code.at(b.schools[q].code);
        const size_t p = j * costs_.size() + c;
        if (amount[p] > rule[p]) raised.push_back({b.schools[q].values[i].value_or(0), q});
      }
      const bool over_before = !b.indicators[i].cv_met;
      if (!over_before && raised.empty()) continue;
      CvStep step;
      step.stage = b.stage;
      step.indicator = defs_[i].key;
      step.cv_before = b.indicators[i].cv.value_or(0);
      step.cv_after = a->indicators[i].cv.value_or(0);
      step.limit = b.cv_limit->value;
      std::sort(raised.begin(), raised.end());
      for (const auto& [v, q] : raised) {
        step.schools.push_back(b.schools[q].code);
        for (const SchoolResult& s : a->schools) {
          if (s.code != b.schools[q].code || !s.values[i]) continue;
          step.floor_value = std::min(step.floor_value.value_or(*s.values[i]), *s.values[i]);
        }
      }
      plan.cv_steps.push_back(std::move(step));
    }
  }
  return plan;
}

std::vector<double> Solver::ColumnsOf(const RemedyPlan& plan) const {
  std::vector<double> x(glp_get_num_cols(lp_.get()) + 1, 0);
  std::map<std::string, size_t> by_code, by_cost;
  for (size_t j = 0; j < in_.schools.size(); ++j) by_code[in_.schools[j].code] = j;
  for (size_t c = 0; c < costs_.size(); ++c) by_cost[costs_[c]] = c;
  for (const Addition& a : plan.additions) {
    auto j = by_code.find(a.school_code);
    auto c = by_cost.find(a.resource);
    if (j == by_code.end() || c == by_cost.end()) continue;
    const int col = Col(j->second, c->second);
    if (col) x[col] += a.amount;
  }
  // Binaries: an indicator counts as met when the addition covers its full need.
  for (const StageData& sd : stages_) {
    for (const Item& it : sd.items) {
      for (size_t i = 0; i < defs_.size(); ++i) {
        if (!it.binary[i]) continue;
        x[it.binary[i]] = x[Col(it.school, cost_of_[i])] >= it.full[i] ? 1 : 0;
      }
    }
  }
  // Cone columns: τ = σk·ΣR, y_j = v_j²/τ (Σ y_j ≤ τ exactly when the CV is within its limit).
  for (const Cone& cone : cones_) {
    const StageData& sd = stages_[cone.stage];
    std::vector<double> r = StageResources(sd, cone.indicator, x);
    double total = 0;
    for (double v : r) total += v;
    const double tau = cone.sigma * cone.k * total;
    x[cone.tau] = tau;
    for (size_t j = 0; j < sd.items.size(); ++j) {
      const double v = cone.sigma * r[j] / std::sqrt(sd.items[j].n);
      x[cone.y[j]] = tau > 0 ? v * v / tau : 0;
    }
  }
  return x;
}

struct Callback {
  const std::vector<double>* incumbent = nullptr;
  double bound = -std::numeric_limits<double>::infinity();
  static void Fn(glp_tree* tree, void* info) {
    auto* self = static_cast<Callback*>(info);
    const int best = glp_ios_best_node(tree);
    if (best) self->bound = std::max(self->bound, glp_ios_node_bound(tree, best));
    if (glp_ios_reason(tree) == GLP_IHEUR && self->incumbent) {
      glp_ios_heur_sol(tree, self->incumbent->data());
      self->incumbent = nullptr;  // once per solve
    }
  }
};

Result<RemedyPlan> Solver::Run(const RemedyPlan* warm) {
  // The budget is CPU time of this thread (the plan does not get worse on a loaded machine).
  // GLPK's own limits are wall time: it gets the CPU time left as wall time (so on a loaded
  // machine it gets less CPU, never more than the budget).
  const double start = ThreadCpuMs();
  auto remaining_ms = [&] {
    return static_cast<int>(
        std::max(0.0, opt_.time_limit_seconds * 1000 - (ThreadCpuMs() - start)));
  };
  auto glpk_ms = [&] { return std::max(1, remaining_ms()); };
  Build();
  glp_prob* lp = lp_.get();
  // Seed cuts: the tangents at today's values and at the heuristic's plan.
  for (size_t st = 0; st < stages_.size(); ++st) {
    for (size_t i = 0; i < defs_.size(); ++i) AddCone(st, i);
  }
  std::optional<std::vector<double>> best_x;
  std::optional<RemedyPlan> best;
  if (warm && StagesPass(warm->after)) {
    best_x = ColumnsOf(*warm);
    best = *warm;
    best->optimality.plan_from = "heuristic";
  }
  const int model_rows = glp_get_num_rows(lp);  // rows after this are cuts
  // Drops the cuts that are not binding at the current LP optimum (basic rows; the basis stays
  // valid): the MIP's subproblems stay small. Dropped cuts are valid, so what remains is still a
  // relaxation and its bounds stay proven.
  auto purge = [&] {
    std::vector<int> rows(1, 0);
    for (int r = model_rows + 1; r <= glp_get_num_rows(lp); ++r) {
      if (glp_get_row_stat(lp, r) == GLP_BS) rows.push_back(r);
    }
    if (rows.size() > 1) glp_del_rows(lp, static_cast<int>(rows.size()) - 1, rows.data());
  };
  const std::vector<double> zero(glp_get_num_cols(lp) + 1, 0);
  // Seeds only where a CV is over or near its limit (today or in the heuristic's plan); the
  // other cones get cuts when a solution pushes them over.
  for (size_t c = 0; c < cones_.size(); ++c) {
    const StageData& sd = stages_[cones_[c].stage];
    std::vector<double> n;
    for (const Item& it : sd.items) n.push_back(it.n);
    const std::vector<double> today = StageResources(sd, cones_[c].indicator, zero);
    const bool near_today = WeightedCv(today, n).value_or(0) > 0.8 * sd.limit;
    std::optional<std::vector<double>> planned;
    if (best_x) planned = StageResources(sd, cones_[c].indicator, *best_x);
    const bool near_plan = planned && WeightedCv(*planned, n).value_or(0) > 0.9 * sd.limit;
    if (!near_today && !near_plan) continue;
    AddCuts(c, today, nullptr, 0);
    if (planned) AddCuts(c, *planned, nullptr, 0);
  }
  RemedyOptimality o;
  o.method = "mip";
  o.status = "iteration_limit";
  // Proven before any LP: the school rules alone; every relaxation solved below can raise it.
  double lower = SchoolRuleBound();
  // Separation: exact CVs of the column values x; cuts for those over their limits.
  auto separate = [&](const std::vector<double>& x) {
    int added = 0;
    for (size_t c = 0; c < cones_.size(); ++c) {
      const StageData& sd = stages_[cones_[c].stage];
      std::vector<double> n;
      for (const Item& it : sd.items) n.push_back(it.n);
      std::vector<double> r = StageResources(sd, cones_[c].indicator, x);
      std::optional<double> cv = WeightedCv(r, n);
      if (cv && *cv > sd.limit * (1 + kCvTolerance)) {
        added += AddCuts(c, r, &x, 1e-9) + 1;
        AddBoundaryCut(c, r);
      }
    }
    return added;
  };
  auto keep_if_better = [&](const std::vector<double>& x, const char* from) {
    int repairs = 0;
    RemedyPlan plan = MakePlan(x, &repairs);
    if (StagesPass(plan.after) && (!best || plan.total_cost < best->total_cost - 1e-6)) {
      plan.optimality.repairs = repairs;
      plan.optimality.plan_from = from;
      best = std::move(plan);
      best_x = ColumnsOf(*best);
    }
  };
  glp_smcp sp;
  glp_init_smcp(&sp);
  sp.msg_lev = GLP_MSG_OFF;
  sp.meth = GLP_DUALP;
  bool first_lp = true;
  auto solve_lp = [&]() {
    sp.tm_lim = glpk_ms();
    // The first relaxation from scratch goes through GLPK's presolver (it removes most rule rows
    // of large counties); later ones warm-start from the previous basis.
    sp.presolve = first_lp ? GLP_ON : GLP_OFF;
    first_lp = false;
    // Rescaled every time: the cuts added since the last solve come unscaled, and without it the
    // dual simplex fails numerically after ~15 rounds on the demo county (and a solve from a fresh
    // basis costs more than the rounds before it).
    glp_scale_prob(lp, GLP_SF_AUTO);
    const int ret = glp_simplex(lp, &sp);
    if (ret == 0 && glp_get_status(lp) == GLP_OPT) return true;
    if (ret == GLP_ETMLIM || remaining_ms() <= 0) return false;
    glp_adv_basis(lp, 0);  // once more from a fresh basis (a basis gone singular)
    ++o.lp_restarts;
    sp.tm_lim = glpk_ms();
    return glp_simplex(lp, &sp) == 0 && glp_get_status(lp) == GLP_OPT;
  };
  // Phase 1: outer approximation on the LP relaxation (cheap, warm-started dual simplex) until
  // its solution meets every CV; each relaxation rounded up and repaired is a candidate plan.
  // It stops when the relaxation's cost rises by less than 1e-6 (relative) in a round (its tail
  // only chases solver tolerances) or after 70% of the time (the rounded relaxation is the plan
  // that large counties get; the MIP needs the cuts to have converged to improve on it).
  // LP rounds until the solution meets every CV, the cost stalls or only `stop_ms` are left; the
  // last solution in `x`. A relaxation's objective is a proven bound, a restricted LP's is not.
  std::vector<double> x(glp_get_num_cols(lp) + 1, 0);
  auto lp_rounds = [&](int stop_ms, bool relaxation) {
    double last_obj = -1;
    for (int iter = 0; iter < opt_.max_iterations && remaining_ms() > stop_ms; ++iter) {
      if (!solve_lp()) break;
      const double obj = glp_get_obj_val(lp);
      if (relaxation) {
        ++o.lp_iterations;
        lower = std::max(lower, obj - 1e-7 * (1 + std::fabs(obj)));
      }
      for (int q = 1; q < static_cast<int>(x.size()); ++q) x[q] = glp_get_col_prim(lp, q);
      const bool stalled = last_obj >= 0 && obj - last_obj <= 1e-6 * std::fabs(obj);
      last_obj = obj;
      const int added = stalled ? 0 : separate(x);
      keep_if_better(x, "relaxation");
      if (added == 0) break;
    }
  };
  lp_rounds(remaining_ms() * 3 / 10, /*relaxation=*/true);
  // Phase 1b, relax and fix: the 6-of-7 binaries fixed to the rounding of the last relaxation and
  // the LP re-solved with cuts until it meets every CV — a plan consistent with its choices, the
  // MIP's incumbent (a rounded relaxation pays for indicators it only partly met). A restricted
  // problem: its objective is no bound. Up to half of the time left.
  if (o.lp_iterations > 0 && !binaries_.empty()) {
    const std::vector<double> rounded = RoundBinaries(x);
    for (int b : binaries_) glp_set_col_bnds(lp, b, GLP_FX, rounded[b], rounded[b]);
    lp_rounds(remaining_ms() / 2, /*relaxation=*/false);
    for (int b : binaries_) glp_set_col_bnds(lp, b, GLP_DB, 0, 1);
  }
  if (o.lp_iterations > 0) purge();
  // Phase 2: the MIP with the cuts so far, cut and re-solved until its solution meets every CV.
  for (int iter = 0; iter < opt_.max_iterations; ++iter) {
    if (remaining_ms() <= 0) {
      o.status = "time_limit";
      break;
    }
    if (!solve_lp()) {
      o.status = remaining_ms() <= 0 ? "time_limit" : "lp_failed";
      break;
    }
    Callback cb;
    cb.incumbent = best_x ? &*best_x : nullptr;
    glp_iocp ip;
    glp_init_iocp(&ip);
    ip.msg_lev = GLP_MSG_OFF;
    ip.presolve = GLP_OFF;
    ip.mip_gap = opt_.mip_gap;
    ip.tol_int = 1e-7;
    ip.tm_lim = glpk_ms();
    // GLPK's own cuts close the gap of the whole-teacher additions (measured: without them a
    // 60-school county hits the time limit, with them every random county solves in < 0.1 s).
    ip.mir_cuts = GLP_ON;
    ip.gmi_cuts = GLP_ON;
    ip.cov_cuts = GLP_ON;
    ip.clq_cuts = GLP_ON;
    ip.cb_func = &Callback::Fn;
    ip.cb_info = &cb;
    const int ret = glp_intopt(lp, &ip);
    ++o.iterations;
    // Solved: the tree is exhausted (0) or the relative gap is within mip_gap (GLP_EMIPGAP).
    const bool solved = ret == 0 || ret == GLP_EMIPGAP;
    const int status = glp_mip_status(lp);
    if (status != GLP_OPT && status != GLP_FEAS) {
      o.status = ret == GLP_ETMLIM ? "time_limit" : "mip_failed";
      break;
    }
    const double obj = glp_mip_obj_val(lp);
    double bound = std::min(obj, cb.bound);
    if (solved) {
      bound = std::max(bound,
                       obj - std::max(opt_.mip_gap * std::fabs(obj), 1e-7 * (1 + std::fabs(obj))));
    }
    lower = std::max(lower, bound);
    std::vector<double> x(glp_get_num_cols(lp) + 1, 0);
    for (int q = 1; q < static_cast<int>(x.size()); ++q) x[q] = glp_mip_col_val(lp, q);
    const int added = separate(x);
    keep_if_better(x, "mip");
    if (added == 0) {
      o.status = solved ? "optimal" : "time_limit";
      break;
    }
    if (!solved) {
      o.status = "time_limit";
      break;
    }
  }
  if (!best) {
    return Status::FailedPrecondition(
        "未能找到使全部学校与差异系数达标的补充方案（资源为零的指标无法通过补充达标）");
  }
  o.repairs = best->optimality.repairs;
  o.plan_from = best->optimality.plan_from;
  o.cuts = cuts_;
  o.lower_bound = lower;
  o.gap = best->total_cost > 0 ? std::max(0.0, best->total_cost - lower) / best->total_cost : 0;
  best->optimality = o;
  best->rounds = o.iterations;
  return std::move(*best);
}

}  // namespace

Result<RemedyPlan> MipRemedy(const EvalInput& input, const EvalConfig& config,
                             const RemedyOptions& options, const RemedyPlan* warm) {
  std::lock_guard<std::mutex> lock(GlpkMutex());
  glp_term_out(GLP_OFF);
  const Evaluation before = Evaluate(Framework::kYz2017, input, config);
  if (before.stages.empty()) return Status::FailedPrecondition("没有参评学校");
  Solver solver(input, config, options, before);
  return solver.Run(warm);
}

}  // namespace zj::engine::internal
