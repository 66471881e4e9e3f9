// Evaluation of catalog indicators over a History: compilation into data elements, per-year
// element cache, recursive evaluation with "no value" reasons, trends and explanations (see
// indicators.h).
#include "zj/engine/indicators.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "elements.h"

namespace zj::engine {

namespace {

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// Result of evaluating a node: a value or the reason there is none.
struct Val {
  std::optional<double> v;
  std::string reason;
  static Val Of(double x) {
    if (!std::isfinite(x)) return None("计算结果超出数值范围");
    return Val{x, {}};
  }
  static Val None(std::string why) { return Val{std::nullopt, std::move(why)}; }
};

struct Compiled {
  const Expression* expr = nullptr;
  std::vector<int> element;  // per node: element index for kCount/kSum, else -1
};

}  // namespace

struct Engine::Impl {
  const Catalog* catalog = nullptr;
  const History* history = nullptr;
  std::unordered_map<std::string, double> params;
  std::vector<internal::ElementSpec> specs;
  std::unordered_map<std::string, int> spec_index;
  std::unordered_map<std::string, Compiled> compiled;  // by indicator code
  std::vector<std::unique_ptr<Expression>> adhoc;      // ad-hoc expressions kept alive
  struct YearCache {
    std::vector<std::vector<double>> prefix;
    size_t computed = 0;
  };
  std::unordered_map<int, YearCache> cache;
  std::array<int, 8> grade_count{};
  std::vector<ExplainInput>* trace = nullptr;  // set while explaining

  double Param(const std::string& code) const {
    auto it = params.find(code);
    return it == params.end() ? 0 : it->second;
  }

  Compiled Compile(const Expression& expr) {
    Compiled c;
    c.expr = &expr;
    c.element.assign(expr.node_count(), -1);
    for (size_t i = 0; i < expr.node_count(); ++i) {
      const ExprNode& n = expr.node(static_cast<int>(i));
      if (n.op != Op::kCount && n.op != Op::kSum) continue;
      internal::ElementSpec spec =
          internal::MakeElementSpec(expr, n, [this](const std::string& p) { return Param(p); });
      auto [it, inserted] = spec_index.emplace(spec.key, static_cast<int>(specs.size()));
      if (inserted) specs.push_back(std::move(spec));
      c.element[i] = it->second;
    }
    return c;
  }

  // Prefix sums of element `e` at `year`; nullptr when the year has no snapshot.
  const std::vector<double>* Element(int e, int year) {
    const Snapshot* snap = history->Find(year);
    if (snap == nullptr) return nullptr;
    YearCache& yc = cache[year];
    if (yc.computed < specs.size()) {
      internal::ComputeElements(*snap, specs, yc.computed, grade_count, &yc.prefix);
      yc.computed = specs.size();
    }
    return &yc.prefix[e];
  }

  std::string UnitLabel(int unit) const {
    const UnitNode& u = history->hierarchy().unit(unit);
    return u.name.empty() ? u.code : u.name;
  }

  Val Eval(const Compiled& c, int node, int unit, int year, int depth) {
    const Expression& x = *c.expr;
    const ExprNode& n = x.node(node);
    auto record = [&](const char* kind, const Val& v) {
      if (trace) trace->push_back({x.Text(node), kind, year, v.v, v.reason});
      return v;
    };
    switch (n.op) {
      case Op::kNumber:
        return Val::Of(n.number);
      case Op::kNeg: {
        Val a = Eval(c, n.args[0], unit, year, depth);
        return a.v ? Val::Of(-*a.v) : a;
      }
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv: {
        Val a = Eval(c, n.args[0], unit, year, depth);
        Val b = Eval(c, n.args[1], unit, year, depth);
        if (!a.v) return a;
        if (!b.v) return b;
        switch (n.op) {
          case Op::kAdd:
            return Val::Of(*a.v + *b.v);
          case Op::kSub:
            return Val::Of(*a.v - *b.v);
          case Op::kMul:
            return Val::Of(*a.v * *b.v);
          default:
            if (*b.v == 0) return Val::None("除数为零：" + x.Text(n.args[1]) + " = 0");
            return Val::Of(*a.v / *b.v);
        }
      }
      case Op::kRatio: {
        Val a = Eval(c, n.args[0], unit, year, depth);
        Val b = Eval(c, n.args[1], unit, year, depth);
        return Ratio(c, node, a, b, unit, year, depth);
      }
      case Op::kCount:
      case Op::kSum: {
        const std::vector<double>* p = Element(c.element[node], year);
        if (p == nullptr) {
          return record(n.op == Op::kCount ? "count" : "sum",
                        Val::None("缺少 " + std::to_string(year) + " 学年的学籍与统计数据（" +
                                  x.Text(node) + "）"));
        }
        const UnitNode& u = history->hierarchy().unit(unit);
        double v = (*p)[u.school_end] - (*p)[u.school_begin];
        return record(n.op == Op::kCount ? "count" : "sum", Val::Of(v));
      }
      case Op::kPopulation: {
        Val a = Eval(c, n.args[0], unit, year, depth);
        Val b = Eval(c, n.args[1], unit, year, depth);
        if (!a.v) return a;
        if (!b.v) return b;
        if (*a.v != std::floor(*a.v) || *b.v != std::floor(*b.v) || *a.v < 0 || *b.v < *a.v) {
          return record("population",
                        Val::None("population 的年龄范围无效：" + Num(*a.v) + "–" + Num(*b.v)));
        }
        if (history->hierarchy().unit(unit).kind == UnitKind::kSchool) {
          return record("population", Val::None("学校层级没有人口数据（人口按行政区统计）"));
        }
        auto pop = history->Population(unit, year, static_cast<int>(*a.v), static_cast<int>(*b.v));
        if (!pop) {
          return record("population",
                        Val::None("缺少" + UnitLabel(unit) + " " + std::to_string(year) + " 年 " +
                                  Num(*a.v) + "–" + Num(*b.v) + " 岁人口数据"));
        }
        return record("population", Val::Of(static_cast<double>(*pop)));
      }
      case Op::kBirths: {
        if (history->hierarchy().unit(unit).kind == UnitKind::kSchool) {
          return record("births", Val::None("学校层级没有出生数据"));
        }
        auto b = history->Births(unit, year);
        if (!b) {
          return record("births", Val::None("缺少" + UnitLabel(unit) + " " + std::to_string(year) +
                                            " 年出生人口数据"));
        }
        return record("births", Val::Of(static_cast<double>(*b)));
      }
      case Op::kData:
      case Op::kDataSum: {
        auto v = n.op == Op::kData ? history->Data(n.name, unit, year)
                                   : history->DataSum(n.name, unit, year);
        const char* kind = n.op == Op::kData ? "data" : "data_sum";
        if (!v) {
          return record(kind, Val::None("缺少人工填报数据“" + n.name + "”（" + UnitLabel(unit) +
                                        "，" + std::to_string(year) + " 学年）"));
        }
        return record(kind, Val::Of(*v));
      }
      case Op::kLag: {
        Val k = Eval(c, n.args[0], unit, year, depth);
        if (!k.v) return k;
        if (*k.v != std::floor(*k.v) || *k.v < 0 || *k.v > 100) {
          return Val::None("lag 的年数应为 0–100 的整数，实际为 " + Num(*k.v));
        }
        return Eval(c, n.args[1], unit, year - static_cast<int>(*k.v), depth);
      }
      case Op::kGrades:
        return record("grades", Val::Of(history->GradeCount(n.stage)));
      case Op::kParam:
        return record("param", Val::Of(Param(n.name)));
      case Op::kInd: {
        auto it = compiled.find(n.name);
        if (it == compiled.end() || depth > 32) {
          return Val::None("无法计算引用的指标“" + n.name + "”");
        }
        std::vector<ExplainInput>* saved = trace;
        trace = nullptr;  // the referenced indicator's own terms are not inputs of this one
        Val v = Eval(it->second, it->second.expr->root(), unit, year, depth + 1);
        trace = saved;
        return record("ind", v);
      }
    }
    return Val::None("内部错误：未知运算");
  }

  // ratio(a, b [, scale]) from its evaluated operands.
  Val Ratio(const Compiled& c, int node, const Val& a, const Val& b, int unit, int year,
            int depth) {
    const Expression& x = *c.expr;
    const ExprNode& n = x.node(node);
    if (!a.v) return a;
    if (!b.v) return b;
    if (*b.v == 0) return Val::None("分母为零：" + x.Text(n.args[1]) + " = 0");
    double scale = 1;
    if (n.args.size() > 2) {
      Val s = Eval(c, n.args[2], unit, year, depth);
      if (!s.v) return s;
      scale = *s.v;
    }
    return Val::Of(*a.v / *b.v * scale);
  }

  IndicatorValue Evaluate(const std::string& code, const Compiled& c, int unit, int year) {
    IndicatorValue out;
    out.code = code;
    out.unit_code = history->hierarchy().unit(unit).code;
    out.year = year;
    const Expression& x = *c.expr;
    const ExprNode& root = x.node(x.root());
    std::vector<ExplainInput>* saved = trace;
    trace = nullptr;
    Val v;
    if (root.op == Op::kRatio) {  // keep numerator and denominator; evaluate each once
      Val a = Eval(c, root.args[0], unit, year, 0);
      Val b = Eval(c, root.args[1], unit, year, 0);
      out.numerator = a.v;
      out.denominator = b.v;
      v = Ratio(c, x.root(), a, b, unit, year, 0);
    } else {
      v = Eval(c, x.root(), unit, year, 0);
    }
    trace = saved;
    out.value = v.v;
    out.reason = v.reason;
    return out;
  }

  Status CheckYear(int year) const {
    auto years = history->all_years();
    if (std::find(years.begin(), years.end(), year) != years.end()) return Status::Ok();
    std::string have =
        years.empty() ? "无" : std::to_string(years.front()) + "–" + std::to_string(years.back());
    return Status::NotFound("没有 " + std::to_string(year) + " 学年的数据（已有学年：" + have +
                            "）");
  }

  Result<int> FindUnit(std::string_view code) const {
    int u = history->hierarchy().Find(code);
    if (u < 0) return Status::NotFound("未知单位代码：" + std::string(code));
    return u;
  }

  Result<const Compiled*> FindCode(std::string_view code) const {
    auto it = compiled.find(std::string(code));
    if (it == compiled.end()) return Status::NotFound("未知指标代码：" + std::string(code));
    return &it->second;
  }
};

Engine::Engine(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)), catalog_(impl_->catalog), history_(impl_->history) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

Result<Engine> Engine::Create(const Catalog& catalog, const History& history,
                              const std::map<std::string, double>& param_overrides) {
  auto impl = std::make_unique<Impl>();
  impl->catalog = &catalog;
  impl->history = &history;
  for (const auto& p : catalog.params()) impl->params[p.code] = p.value;
  for (const auto& [code, value] : param_overrides) {
    if (!catalog.FindParam(code)) return Status::InvalidArgument("未知参数：" + code);
    if (!std::isfinite(value)) return Status::InvalidArgument("参数值不是有限数：" + code);
    impl->params[code] = value;
  }
  for (int s = 1; s < 8; ++s)
    impl->grade_count[s] = history.GradeCount(static_cast<model::Stage>(s));
  for (const auto& d : catalog.indicators()) impl->compiled[d.code] = impl->Compile(d.parsed);
  return Engine(std::move(impl));
}

double Engine::ParamValue(std::string_view code) const { return impl_->Param(std::string(code)); }
size_t Engine::element_count() const { return impl_->specs.size(); }
void Engine::ClearCache() { impl_->cache.clear(); }

Result<IndicatorValue> Engine::Evaluate(std::string_view code, std::string_view unit_code,
                                        int year) {
  ZJ_ASSIGN_OR_RETURN(const Compiled* c, impl_->FindCode(code));
  ZJ_ASSIGN_OR_RETURN(int unit, impl_->FindUnit(unit_code));
  ZJ_RETURN_IF_ERROR(impl_->CheckYear(year));
  return impl_->Evaluate(std::string(code), *c, unit, year);
}

Result<std::vector<IndicatorValue>> Engine::EvaluateUnit(std::string_view unit_code, int year,
                                                         const std::vector<std::string>& codes) {
  ZJ_ASSIGN_OR_RETURN(int unit, impl_->FindUnit(unit_code));
  ZJ_RETURN_IF_ERROR(impl_->CheckYear(year));
  std::vector<IndicatorValue> out;
  if (codes.empty()) {
    for (const auto& d : catalog_->indicators()) {
      out.push_back(impl_->Evaluate(d.code, impl_->compiled.at(d.code), unit, year));
    }
    return out;
  }
  for (const auto& code : codes) {
    ZJ_ASSIGN_OR_RETURN(const Compiled* c, impl_->FindCode(code));
    out.push_back(impl_->Evaluate(code, *c, unit, year));
  }
  return out;
}

Result<std::vector<IndicatorValue>> Engine::EvaluateAll(int year, bool include_schools) {
  ZJ_RETURN_IF_ERROR(impl_->CheckYear(year));
  const Hierarchy& h = history_->hierarchy();
  std::vector<int> units;
  for (int u : h.admin_units()) {
    units.push_back(u);
    if (include_schools) {
      for (int c : h.unit(u).children) {
        if (h.unit(c).kind == UnitKind::kSchool) units.push_back(c);
      }
    }
  }
  if (include_schools) {
    for (int s : h.unplaced_schools()) units.push_back(h.SchoolNode(s));
  }
  std::vector<IndicatorValue> out;
  out.reserve(units.size() * catalog_->indicators().size());
  for (int u : units) {
    for (const auto& d : catalog_->indicators()) {
      out.push_back(impl_->Evaluate(d.code, impl_->compiled.at(d.code), u, year));
    }
  }
  return out;
}

Result<TrendTable> Engine::Trend(std::string_view code, const std::vector<std::string>& unit_codes,
                                 const std::vector<int>& years) {
  ZJ_ASSIGN_OR_RETURN(const Compiled* c, impl_->FindCode(code));
  TrendTable t;
  t.code = std::string(code);
  t.unit_codes = unit_codes;
  t.years = years;
  for (int y : years) ZJ_RETURN_IF_ERROR(impl_->CheckYear(y));
  for (const auto& uc : unit_codes) {
    ZJ_ASSIGN_OR_RETURN(int unit, impl_->FindUnit(uc));
    std::vector<IndicatorValue> row;
    for (int y : years) row.push_back(impl_->Evaluate(t.code, *c, unit, y));
    t.cells.push_back(std::move(row));
  }
  return t;
}

Result<IndicatorValue> Engine::EvaluateExpression(std::string_view text, std::string_view unit_code,
                                                  int year) {
  ParseOptions options;
  options.is_indicator = [this](std::string_view c) { return catalog_->Find(c) != nullptr; };
  options.is_param = [this](std::string_view c) { return catalog_->FindParam(c) != nullptr; };
  ZJ_ASSIGN_OR_RETURN(Expression expr, ParseExpression(text, options));
  ZJ_ASSIGN_OR_RETURN(int unit, impl_->FindUnit(unit_code));
  ZJ_RETURN_IF_ERROR(impl_->CheckYear(year));
  impl_->adhoc.push_back(std::make_unique<Expression>(std::move(expr)));
  Compiled c = impl_->Compile(*impl_->adhoc.back());
  IndicatorValue v = impl_->Evaluate("", c, unit, year);
  if (impl_->adhoc.size() > 64) impl_->adhoc.erase(impl_->adhoc.begin());
  return v;
}

Result<Explanation> Engine::Explain(std::string_view code, std::string_view unit_code, int year,
                                    int top_n) {
  ZJ_ASSIGN_OR_RETURN(const Compiled* c, impl_->FindCode(code));
  ZJ_ASSIGN_OR_RETURN(int unit, impl_->FindUnit(unit_code));
  ZJ_RETURN_IF_ERROR(impl_->CheckYear(year));
  const IndicatorDef* def = catalog_->Find(code);
  Explanation ex;
  ex.name_zh = def->name_zh;
  ex.unit = def->unit;
  ex.mark = def->mark;
  ex.expression = def->expression;
  ex.result = impl_->Evaluate(def->code, *c, unit, year);
  // Inputs: evaluate once more with tracing on.
  impl_->trace = &ex.inputs;
  impl_->Eval(*c, c->expr->root(), unit, year, 0);
  impl_->trace = nullptr;
  const Expression& x = *c->expr;
  const ExprNode& root = x.node(x.root());
  int num_node = x.root(), den_node = -1;
  if (root.op == Op::kRatio) {
    num_node = root.args[0];
    den_node = root.args[1];
    ex.numerator_text = x.Text(num_node);
    ex.denominator_text = x.Text(den_node);
  }
  const Hierarchy& h = history_->hierarchy();
  const UnitNode& u = h.unit(unit);
  ex.school_count = u.school_end - u.school_begin;
  std::vector<SchoolContribution> all;
  for (int s = u.school_begin; s < u.school_end; ++s) {
    int node = h.SchoolNode(s);
    SchoolContribution sc;
    sc.school_code = h.schools()[s].code;
    sc.school_name = h.schools()[s].name;
    sc.numerator = impl_->Eval(*c, num_node, node, year, 0).v;
    if (den_node >= 0) sc.denominator = impl_->Eval(*c, den_node, node, year, 0).v;
    sc.value = impl_->Evaluate(def->code, *c, node, year).value;
    if (!sc.numerator && !sc.denominator) continue;
    all.push_back(std::move(sc));
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    double na = a.numerator.value_or(0), nb = b.numerator.value_or(0);
    if (na != nb) return na > nb;
    return a.denominator.value_or(0) > b.denominator.value_or(0);
  });
  if (top_n >= 0 && static_cast<int>(all.size()) > top_n) all.resize(top_n);
  ex.top_schools = std::move(all);
  return ex;
}

}  // namespace zj::engine
