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

using Why = Reason::Kind;

// Result of evaluating a node: a value, or the reason there is none (no strings: a Reason is
// formatted only when output).
struct Val {
  std::optional<double> v;
  Reason why;
  static Val Of(double x) {
    if (!std::isfinite(x)) return None(Why::kOverflow);
    return Val{x, {}};
  }
  static Val None(Why kind, const Expression* expr = nullptr, int node = -1) {
    Val out;
    out.why.kind = kind;
    out.why.expression = expr;
    out.why.node = node;
    return out;
  }
  Val& At(int unit, int year) {
    why.unit = unit;
    why.year = year;
    return *this;
  }
  Val& Numbers(double a, double b = 0) {
    why.a = a;
    why.b = b;
    return *this;
  }
};

std::string UnitLabel(const Hierarchy& h, int unit) {
  const UnitNode& u = h.unit(unit);
  return u.name.empty() ? u.code : u.name;
}

// Per expression node, what compilation resolved.
struct NodeInfo {
  int element = -1;  // kCount/kSum: data element index
  int ind = -1;      // kInd: index into Impl::compiled, -1 when unknown
  double param = 0;  // kParam: the parameter value
};

struct Compiled {
  const Expression* expr = nullptr;
  std::string_view code;       // the catalog's code ("" for an ad-hoc expression)
  std::vector<NodeInfo> node;  // per expression node
};

}  // namespace

struct Engine::Impl {
  const Catalog* catalog = nullptr;
  const History* history = nullptr;
  std::unordered_map<std::string, double> params;
  std::vector<internal::ElementSpec> specs;
  std::unordered_map<std::string, int> spec_index;
  std::vector<Compiled> compiled;                        // in catalog order
  std::unordered_map<std::string_view, int> code_index;  // code → index into compiled
  std::vector<std::unique_ptr<Expression>> adhoc;        // ad-hoc expressions (results quote them)
  struct YearCache {
    const Snapshot* snapshot = nullptr;  // nullptr when the year has no snapshot
    std::vector<std::vector<double>> prefix;
    size_t computed = 0;
  };
  std::unordered_map<int, YearCache> cache;  // node-based: pointers stay valid
  YearCache* last = nullptr;                 // the most recently used entry of `cache`
  int last_year = 0;
  std::array<int, 8> grade_count{};
  std::vector<ExplainInput>* trace = nullptr;  // set while explaining

  double Param(const std::string& code) const {
    auto it = params.find(code);
    return it == params.end() ? 0 : it->second;
  }

  Compiled Compile(const Expression& expr, std::string_view code) {
    Compiled c;
    c.expr = &expr;
    c.code = code;
    c.node.resize(expr.node_count());
    for (size_t i = 0; i < expr.node_count(); ++i) {
      const ExprNode& n = expr.node(static_cast<int>(i));
      NodeInfo& info = c.node[i];
      if (n.op == Op::kParam) info.param = Param(n.name);
      if (n.op == Op::kInd) {
        auto it = code_index.find(n.name);
        if (it != code_index.end()) info.ind = it->second;
      }
      if (n.op != Op::kCount && n.op != Op::kSum) continue;
      internal::ElementSpec spec =
          internal::MakeElementSpec(expr, n, [this](const std::string& p) { return Param(p); });
      auto [it, inserted] = spec_index.emplace(spec.key, static_cast<int>(specs.size()));
      if (inserted) specs.push_back(std::move(spec));
      info.element = it->second;
    }
    return c;
  }

  YearCache& Year(int year) {
    if (last != nullptr && last_year == year) return *last;
    auto [it, inserted] = cache.try_emplace(year);
    if (inserted) it->second.snapshot = history->Find(year);
    last = &it->second;
    last_year = year;
    return it->second;
  }

  // Prefix sums of element `e` at `year`; nullptr when the year has no snapshot.
  const std::vector<double>* Element(int e, int year) {
    YearCache& yc = Year(year);
    if (yc.snapshot == nullptr) return nullptr;
    if (yc.computed < specs.size()) {
      internal::ComputeElements(*yc.snapshot, specs, yc.computed, grade_count, &yc.prefix);
      yc.computed = specs.size();
    }
    return &yc.prefix[e];
  }

  // The value with its reason's hierarchy set (the only context text() needs besides the node).
  Val Described(Val v) const {
    if (!v.v) v.why.hierarchy = &history->hierarchy();
    return v;
  }

  Val Eval(const Compiled& c, int node, int unit, int year, int depth) {
    const Expression& x = *c.expr;
    const ExprNode& n = x.node(node);
    auto record = [&](const char* kind, const Val& v) {
      if (trace) trace->push_back({x.Text(node), kind, year, v.v, Described(v).why.text()});
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
            if (*b.v == 0) return Val::None(Why::kDivisorZero, &x, n.args[1]);
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
        const std::vector<double>* p = Element(c.node[node].element, year);
        if (p == nullptr) {
          return record(n.op == Op::kCount ? "count" : "sum",
                        Val::None(Why::kNoSnapshot, &x, node).At(unit, year));
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
          return record("population", Val::None(Why::kBadAgeRange).Numbers(*a.v, *b.v));
        }
        if (history->hierarchy().unit(unit).kind == UnitKind::kSchool) {
          return record("population", Val::None(Why::kSchoolPopulation));
        }
        auto pop = history->Population(unit, year, static_cast<int>(*a.v), static_cast<int>(*b.v));
        if (!pop) {
          return record("population",
                        Val::None(Why::kNoPopulation).At(unit, year).Numbers(*a.v, *b.v));
        }
        return record("population", Val::Of(static_cast<double>(*pop)));
      }
      case Op::kBirths: {
        if (history->hierarchy().unit(unit).kind == UnitKind::kSchool) {
          return record("births", Val::None(Why::kSchoolBirths));
        }
        auto b = history->Births(unit, year);
        if (!b) return record("births", Val::None(Why::kNoBirths).At(unit, year));
        return record("births", Val::Of(static_cast<double>(*b)));
      }
      case Op::kData:
      case Op::kDataSum: {
        auto v = n.op == Op::kData ? history->Data(n.name, unit, year)
                                   : history->DataSum(n.name, unit, year);
        const char* kind = n.op == Op::kData ? "data" : "data_sum";
        if (!v) return record(kind, Val::None(Why::kNoData, &x, node).At(unit, year));
        return record(kind, Val::Of(*v));
      }
      case Op::kLag: {
        Val k = Eval(c, n.args[0], unit, year, depth);
        if (!k.v) return k;
        if (*k.v != std::floor(*k.v) || *k.v < 0 || *k.v > 100) {
          return Val::None(Why::kBadLag).Numbers(*k.v);
        }
        return Eval(c, n.args[1], unit, year - static_cast<int>(*k.v), depth);
      }
      case Op::kGrades:
        return record("grades", Val::Of(history->GradeCount(n.stage)));
      case Op::kParam:
        return record("param", Val::Of(c.node[node].param));
      case Op::kInd: {
        int target = c.node[node].ind;
        if (target < 0 || depth > 32) return Val::None(Why::kBadReference, &x, node);
        const Compiled& ref = compiled[target];
        std::vector<ExplainInput>* saved = trace;
        trace = nullptr;  // the referenced indicator's own terms are not inputs of this one
        Val v = Eval(ref, ref.expr->root(), unit, year, depth + 1);
        trace = saved;
        return record("ind", v);
      }
    }
    return Val::None(Why::kInternal);
  }

  // ratio(a, b [, scale]) from its evaluated operands.
  Val Ratio(const Compiled& c, int node, const Val& a, const Val& b, int unit, int year,
            int depth) {
    const Expression& x = *c.expr;
    const ExprNode& n = x.node(node);
    if (!a.v) return a;
    if (!b.v) return b;
    if (*b.v == 0) return Val::None(Why::kDenominatorZero, &x, n.args[1]);
    double scale = 1;
    if (n.args.size() > 2) {
      Val s = Eval(c, n.args[2], unit, year, depth);
      if (!s.v) return s;
      scale = *s.v;
    }
    return Val::Of(*a.v / *b.v * scale);
  }

  IndicatorValue Evaluate(const Compiled& c, int unit, int year) {
    IndicatorValue out;
    out.code = c.code;
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
    if (!v.v) out.reason = Described(v).why;
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
    auto it = code_index.find(code);
    if (it == code_index.end()) return Status::NotFound("未知指标代码：" + std::string(code));
    return &compiled[it->second];
  }
};

std::string Reason::text() const {
  auto quoted = [&] { return expression->Text(node); };
  auto name = [&]() -> const std::string& { return expression->node(node).name; };
  auto year_text = [&] { return std::to_string(year); };
  switch (kind) {
    case Why::kNone:
      return {};
    case Why::kOverflow:
      return "计算结果超出数值范围";
    case Why::kDivisorZero:
      return "除数为零：" + quoted() + " = 0";
    case Why::kDenominatorZero:
      return "分母为零：" + quoted() + " = 0";
    case Why::kNoSnapshot:
      return "缺少 " + year_text() + " 学年的学籍与统计数据（" + quoted() + "）";
    case Why::kBadAgeRange:
      return "population 的年龄范围无效：" + Num(a) + "–" + Num(b);
    case Why::kSchoolPopulation:
      return "学校层级没有人口数据（人口按行政区统计）";
    case Why::kNoPopulation:
      return "缺少" + UnitLabel(*hierarchy, unit) + " " + year_text() + " 年 " + Num(a) + "–" +
             Num(b) + " 岁人口数据";
    case Why::kSchoolBirths:
      return "学校层级没有出生数据";
    case Why::kNoBirths:
      return "缺少" + UnitLabel(*hierarchy, unit) + " " + year_text() + " 年出生人口数据";
    case Why::kNoData:
      return "缺少人工填报数据“" + name() + "”（" + UnitLabel(*hierarchy, unit) + "，" +
             year_text() + " 学年）";
    case Why::kBadLag:
      return "lag 的年数应为 0–100 的整数，实际为 " + Num(a);
    case Why::kBadReference:
      return "无法计算引用的指标“" + name() + "”";
    case Why::kInternal:
      break;
  }
  return "内部错误：未知运算";
}

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
  // Codes first, so ind("…") resolves to an index whatever the catalog order.
  const auto& defs = catalog.indicators();
  for (size_t i = 0; i < defs.size(); ++i) {
    impl->code_index.emplace(defs[i].code, static_cast<int>(i));
  }
  impl->compiled.reserve(defs.size());
  for (const auto& d : defs) impl->compiled.push_back(impl->Compile(d.parsed, d.code));
  return Engine(std::move(impl));
}

double Engine::ParamValue(std::string_view code) const { return impl_->Param(std::string(code)); }
size_t Engine::element_count() const { return impl_->specs.size(); }
void Engine::ClearCache() {
  impl_->cache.clear();
  impl_->last = nullptr;
}

Result<IndicatorValue> Engine::Evaluate(std::string_view code, std::string_view unit_code,
                                        int year) {
  ZJ_ASSIGN_OR_RETURN(const Compiled* c, impl_->FindCode(code));
  ZJ_ASSIGN_OR_RETURN(int unit, impl_->FindUnit(unit_code));
  ZJ_RETURN_IF_ERROR(impl_->CheckYear(year));
  return impl_->Evaluate(*c, unit, year);
}

Result<std::vector<IndicatorValue>> Engine::EvaluateUnit(std::string_view unit_code, int year,
                                                         const std::vector<std::string>& codes) {
  ZJ_ASSIGN_OR_RETURN(int unit, impl_->FindUnit(unit_code));
  ZJ_RETURN_IF_ERROR(impl_->CheckYear(year));
  std::vector<IndicatorValue> out;
  if (codes.empty()) {
    out.reserve(impl_->compiled.size());
    for (const Compiled& c : impl_->compiled) out.push_back(impl_->Evaluate(c, unit, year));
    return out;
  }
  for (const auto& code : codes) {
    ZJ_ASSIGN_OR_RETURN(const Compiled* c, impl_->FindCode(code));
    out.push_back(impl_->Evaluate(*c, unit, year));
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
    for (const Compiled& c : impl_->compiled) out.push_back(impl_->Evaluate(c, u, year));
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
    for (int y : years) row.push_back(impl_->Evaluate(*c, unit, y));
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
  Compiled c = impl_->Compile(*impl_->adhoc.back(), "");
  IndicatorValue v = impl_->Evaluate(c, unit, year);
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
  ex.result = impl_->Evaluate(*c, unit, year);
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
    sc.value = impl_->Evaluate(*c, node, year).value;
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
