// Loading and validating plan files (data/plans/<id>.json): the JSON is mapped onto the Plan
// value types of zj/engine/plan.h and checked for internal consistency and against the plan text.
#include "zj/engine/plan.h"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_set>

#include "zj/common/embedded.h"

namespace zj::engine {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kPlanDir = "data/plans/";
constexpr std::string_view kPlanSuffix = ".json";

struct ComparatorEntry {
  Comparator c;
  std::string_view name;
};
constexpr ComparatorEntry kComparators[] = {
    {Comparator::kGreaterEqual, ">="},
    {Comparator::kGreater, ">"},
    {Comparator::kLessEqual, "<="},
    {Comparator::kLess, "<"},
    {Comparator::kEqual, "="},
    {Comparator::kApprox, "approx"},
    {Comparator::kEliminate, "eliminate"},
    {Comparator::kFullCoverage, "full_coverage"},
    {Comparator::kAnnualDecrease, "annual_decrease"},
    {Comparator::kAnnualIncrease, "annual_increase"},
    {Comparator::kPass, "pass"},
};

constexpr std::pair<MetricKind, std::string_view> kMetricKinds[] = {
    {MetricKind::kCount, "count"},         {MetricKind::kCumulativeCount, "cumulative_count"},
    {MetricKind::kShare, "share"},         {MetricKind::kLevel, "level"},
    {MetricKind::kMilestone, "milestone"}, {MetricKind::kNorm, "norm"},
};

// Small typed accessors that turn JSON shape errors into Status values naming the entry.
class Reader {
 public:
  Reader(const Json& j, std::string where) : j_(j), where_(std::move(where)) {}

  Status Error(std::string_view field, std::string_view what) const {
    return Status::InvalidArgument("规划文件错误：" + where_ + " 的字段 " + std::string(field) +
                                   " " + std::string(what));
  }
  bool Has(const char* field) const { return j_.contains(field) && !j_[field].is_null(); }

  Status String(const char* field, std::string* out, bool required) const {
    if (!Has(field)) return required ? Error(field, "缺失") : Status::Ok();
    if (!j_[field].is_string()) return Error(field, "应为字符串");
    *out = j_[field].get<std::string>();
    if (required && out->empty()) return Error(field, "不能为空");
    return Status::Ok();
  }
  Status Number(const char* field, double* out, bool required) const {
    if (!Has(field)) return required ? Error(field, "缺失") : Status::Ok();
    if (!j_[field].is_number()) return Error(field, "应为数值");
    *out = j_[field].get<double>();
    return Status::Ok();
  }
  Status Int(const char* field, int* out, bool required) const {
    if (!Has(field)) return required ? Error(field, "缺失") : Status::Ok();
    if (!j_[field].is_number_integer()) return Error(field, "应为整数");
    *out = j_[field].get<int>();
    return Status::Ok();
  }
  Status Bool(const char* field, bool* out) const {
    if (!Has(field)) return Status::Ok();
    if (!j_[field].is_boolean()) return Error(field, "应为 true/false");
    *out = j_[field].get<bool>();
    return Status::Ok();
  }
  Status Strings(const char* field, std::vector<std::string>* out) const {
    if (!Has(field)) return Status::Ok();
    if (!j_[field].is_array()) return Error(field, "应为字符串数组");
    for (const auto& e : j_[field]) {
      if (!e.is_string()) return Error(field, "应为字符串数组");
      out->push_back(e.get<std::string>());
    }
    return Status::Ok();
  }
  Status YearValueField(const char* field, std::optional<YearValue>* out, bool required) const {
    if (!Has(field)) return required ? Error(field, "缺失") : Status::Ok();
    Reader r(j_[field], where_ + "." + field);
    if (!j_[field].is_object()) return Error(field, "应为 {year, value}");
    YearValue yv;
    ZJ_RETURN_IF_ERROR(r.Int("year", &yv.year, true));
    ZJ_RETURN_IF_ERROR(r.Number("value", &yv.value, true));
    *out = yv;
    return Status::Ok();
  }
  const Json& json() const { return j_; }
  const std::string& where() const { return where_; }

 private:
  const Json& j_;
  std::string where_;
};

Status ParseSection(const Json& j, PlanSection* s) {
  if (!j.is_object()) return Status::InvalidArgument("规划文件错误：sections 的元素应为对象");
  std::string id = j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>() : "?";
  Reader r(j, "section " + id);
  ZJ_RETURN_IF_ERROR(r.String("id", &s->id, true));
  ZJ_RETURN_IF_ERROR(r.String("parent", &s->parent, false));
  ZJ_RETURN_IF_ERROR(r.String("kind", &s->kind, true));
  ZJ_RETURN_IF_ERROR(r.String("number", &s->number, false));
  ZJ_RETURN_IF_ERROR(r.String("title", &s->title, false));
  ZJ_RETURN_IF_ERROR(r.String("measure_group", &s->measure_group, false));
  ZJ_RETURN_IF_ERROR(r.Bool("numbered", &s->numbered));
  ZJ_RETURN_IF_ERROR(r.Bool("number_inferred", &s->number_inferred));
  ZJ_RETURN_IF_ERROR(r.String("note", &s->note, false));
  if (s->title.empty() && !s->number_inferred)
    return r.Error("title", "缺失（仅推定编号的专栏可无标题）");
  return Status::Ok();
}

Status ParseMetric(const Json& j, PlanMetric* m) {
  if (!j.is_object()) return Status::InvalidArgument("规划文件错误：metrics 的元素应为对象");
  std::string code =
      j.contains("code") && j["code"].is_string() ? j["code"].get<std::string>() : "?";
  Reader r(j, "metric " + code);
  ZJ_RETURN_IF_ERROR(r.String("code", &m->code, true));
  ZJ_RETURN_IF_ERROR(r.String("name", &m->name, true));
  ZJ_RETURN_IF_ERROR(r.String("unit", &m->unit, true));
  std::string kind;
  ZJ_RETURN_IF_ERROR(r.String("kind", &kind, true));
  auto it = std::find_if(std::begin(kMetricKinds), std::end(kMetricKinds),
                         [&](const auto& e) { return e.second == kind; });
  if (it == std::end(kMetricKinds)) return r.Error("kind", "未知：" + kind);
  m->kind = it->first;
  ZJ_RETURN_IF_ERROR(r.String("description", &m->description, false));
  return Status::Ok();
}

Status ParseTarget(const Json& j, Target* t) {
  if (!j.is_object()) return Status::InvalidArgument("规划文件错误：targets 的元素应为对象");
  std::string id = j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>() : "?";
  Reader r(j, "target " + id);
  ZJ_RETURN_IF_ERROR(r.String("id", &t->id, true));
  ZJ_RETURN_IF_ERROR(r.String("quote", &t->quote, true));
  ZJ_RETURN_IF_ERROR(r.Strings("table_cells", &t->table_cells));
  ZJ_RETURN_IF_ERROR(r.Strings("see_also", &t->see_also));
  ZJ_RETURN_IF_ERROR(r.String("indicator", &t->indicator, false));
  ZJ_RETURN_IF_ERROR(r.String("metric", &t->metric, false));
  if (r.Has("derived")) {
    if (!j["derived"].is_object()) return r.Error("derived", "应为对象");
    Reader d(j["derived"], r.where() + ".derived");
    DerivedRatio ratio;
    ZJ_RETURN_IF_ERROR(d.String("numerator", &ratio.numerator, true));
    ZJ_RETURN_IF_ERROR(d.String("denominator", &ratio.denominator, true));
    ZJ_RETURN_IF_ERROR(d.Number("scale", &ratio.scale, false));
    t->derived = ratio;
  }
  int sources = !t->indicator.empty() + !t->metric.empty() + t->derived.has_value();
  if (sources != 1) return r.Error("indicator/metric/derived", "必须且只能有一个");
  ZJ_RETURN_IF_ERROR(r.String("unit", &t->unit, true));
  ZJ_RETURN_IF_ERROR(r.String("display_unit", &t->display_unit, false));
  ZJ_RETURN_IF_ERROR(r.Number("display_scale", &t->display_scale, false));
  if (!(t->display_scale > 0)) return r.Error("display_scale", "必须为正数");
  ZJ_RETURN_IF_ERROR(r.YearValueField("baseline", &t->baseline, false));
  if (r.Has("history")) {
    if (!j["history"].is_array()) return r.Error("history", "应为数组");
    for (const auto& h : j["history"]) {
      Reader hr(h, r.where() + ".history");
      YearValue yv;
      ZJ_RETURN_IF_ERROR(hr.Int("year", &yv.year, true));
      ZJ_RETURN_IF_ERROR(hr.Number("value", &yv.value, true));
      t->history.push_back(yv);
    }
  }
  std::optional<YearValue> target;
  ZJ_RETURN_IF_ERROR(r.YearValueField("target", &target, true));
  t->target = *target;
  std::string comparator;
  ZJ_RETURN_IF_ERROR(r.String("comparator", &comparator, true));
  auto c = ParseComparator(comparator);
  if (!c) return r.Error("comparator", "未知：" + comparator);
  t->comparator = *c;
  ZJ_RETURN_IF_ERROR(r.Number("tolerance", &t->tolerance, false));
  std::string attribute;
  ZJ_RETURN_IF_ERROR(r.String("attribute", &attribute, false));
  if (attribute == "预期性") {
    t->attribute = TargetAttribute::kExpected;
  } else if (attribute == "约束性") {
    t->attribute = TargetAttribute::kBinding;
  } else if (!attribute.empty()) {
    return r.Error("attribute", "应为 预期性 或 约束性：" + attribute);
  }
  ZJ_RETURN_IF_ERROR(r.String("section", &t->section, true));
  ZJ_RETURN_IF_ERROR(r.String("responsible", &t->responsible, true));
  std::string origin;
  ZJ_RETURN_IF_ERROR(r.String("origin", &origin, true));
  if (origin == "main_table") {
    t->origin = TargetOrigin::kMainTable;
  } else if (origin == "text") {
    t->origin = TargetOrigin::kText;
  } else if (origin == "column") {
    t->origin = TargetOrigin::kColumn;
  } else {
    return r.Error("origin", "应为 main_table/text/column：" + origin);
  }
  if (t->origin == TargetOrigin::kMainTable && t->table_cells.empty()) {
    return r.Error("table_cells", "主要指标表中的目标必须给出该行单元格");
  }
  ZJ_RETURN_IF_ERROR(r.String("same_as", &t->same_as, false));
  ZJ_RETURN_IF_ERROR(r.Strings("conflicts_with", &t->conflicts_with));
  ZJ_RETURN_IF_ERROR(r.String("note", &t->note, false));
  ZJ_RETURN_IF_ERROR(r.String("unverified", &t->unverified, false));
  ZJ_RETURN_IF_ERROR(r.String("norm", &t->norm, false));

  // Comparator-specific rules.
  if (t->tolerance < 0) return r.Error("tolerance", "不能为负");
  switch (t->comparator) {
    case Comparator::kEliminate:
      if (t->target.value != 0) return r.Error("target.value", "“消除”的目标值必须为 0");
      break;
    case Comparator::kFullCoverage:
      if (t->target.value != 100) return r.Error("target.value", "“全覆盖”的目标值必须为 100");
      break;
    case Comparator::kPass:
      if (t->target.value != 1) return r.Error("target.value", "“通过/建成”的目标值必须为 1");
      if (t->metric.empty()) return r.Error("metric", "里程碑目标必须用手工进度指标");
      break;
    case Comparator::kAnnualDecrease:
    case Comparator::kAnnualIncrease:
      if (t->target.value < 0) return r.Error("target.value", "每年变化量不能为负");
      break;
    default:
      break;
  }
  if (t->baseline && t->baseline->year >= t->target.year) {
    return r.Error("baseline.year", "必须早于目标年");
  }
  return Status::Ok();
}

// Substring test with Boyer–Moore–Horspool (the plain find is ~10× slower on Chinese UTF-8 text,
// whose lead bytes repeat).
bool Contains(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  return std::search(haystack.begin(), haystack.end(),
                     std::boyer_moore_horspool_searcher(needle.begin(), needle.end())) !=
         haystack.end();
}

Status Validate(const Plan& plan) {
  std::unordered_set<std::string> section_ids;
  for (const auto& s : plan.sections) {
    if (!section_ids.insert(s.id).second) {
      return Status::InvalidArgument("规划文件错误：章节 id 重复：" + s.id);
    }
    if (!s.parent.empty() && !section_ids.count(s.parent)) {
      return Status::InvalidArgument("规划文件错误：章节 " + s.id + " 的上级 " + s.parent +
                                     " 未在其之前定义");
    }
  }
  std::unordered_set<std::string> metric_codes;
  for (const auto& m : plan.metrics) {
    if (!metric_codes.insert(m.code).second) {
      return Status::InvalidArgument("规划文件错误：手工指标代码重复：" + m.code);
    }
  }
  std::unordered_set<std::string> target_ids;
  for (const auto& t : plan.targets) {
    if (!target_ids.insert(t.id).second) {
      return Status::InvalidArgument("规划文件错误：目标 id 重复：" + t.id);
    }
    if (!section_ids.count(t.section)) {
      return Status::InvalidArgument("规划文件错误：目标 " + t.id + " 的章节未定义：" + t.section);
    }
    if (!t.metric.empty() && !metric_codes.count(t.metric)) {
      return Status::InvalidArgument("规划文件错误：目标 " + t.id + " 的手工指标未声明：" +
                                     t.metric);
    }
    if (t.comparator == Comparator::kPass) {
      const PlanMetric* m = plan.FindMetric(t.metric);
      if (m->kind != MetricKind::kMilestone && m->kind != MetricKind::kNorm) {
        return Status::InvalidArgument("规划文件错误：目标 " + t.id + " 为 pass，但指标 " +
                                       t.metric + " 不是 milestone 或 norm");
      }
      if ((m->kind == MetricKind::kNorm) != !t.norm.empty()) {
        return Status::InvalidArgument("规划文件错误：目标 " + t.id +
                                       " 的 norm（频次）须与 norm 类指标同时出现");
      }
    } else if (!t.norm.empty()) {
      return Status::InvalidArgument("规划文件错误：目标 " + t.id +
                                     " 为规范（norm），比较方式须为 pass");
    }
    if (t.target.year < plan.first_year || t.target.year > plan.last_year) {
      return Status::InvalidArgument("规划文件错误：目标 " + t.id + " 的目标年不在规划期内");
    }
  }
  for (const auto& t : plan.targets) {
    std::vector<std::string> refs = t.conflicts_with;
    if (!t.same_as.empty()) refs.push_back(t.same_as);
    for (const auto& ref : refs) {
      if (ref == t.id || !target_ids.count(ref)) {
        return Status::InvalidArgument("规划文件错误：目标 " + t.id + " 引用了未知目标：" + ref);
      }
    }
    if (!t.same_as.empty() && !plan.FindTarget(t.same_as)->same_as.empty()) {
      return Status::InvalidArgument("规划文件错误：目标 " + t.id +
                                     " 的 same_as 指向的目标本身也有 same_as");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string_view ComparatorName(Comparator c) {
  for (const auto& e : kComparators) {
    if (e.c == c) return e.name;
  }
  return "?";
}

std::optional<Comparator> ParseComparator(std::string_view name) {
  for (const auto& e : kComparators) {
    if (e.name == name) return e.c;
  }
  return std::nullopt;
}

bool IsAnnualComparator(Comparator c) {
  return c == Comparator::kAnnualDecrease || c == Comparator::kAnnualIncrease;
}

std::string_view TargetAttributeNameZh(TargetAttribute a) {
  switch (a) {
    case TargetAttribute::kExpected:
      return "预期性";
    case TargetAttribute::kBinding:
      return "约束性";
    case TargetAttribute::kUnspecified:
      break;
  }
  return "";
}

std::string_view TargetOriginName(TargetOrigin o) {
  switch (o) {
    case TargetOrigin::kMainTable:
      return "main_table";
    case TargetOrigin::kText:
      return "text";
    case TargetOrigin::kColumn:
      return "column";
  }
  return "?";
}

std::string_view TargetKindName(TargetKind k) {
  switch (k) {
    case TargetKind::kIndicator:
      return "indicator";
    case TargetKind::kDerived:
      return "derived";
    case TargetKind::kMetric:
      return "metric";
    case TargetKind::kMilestone:
      return "milestone";
  }
  return "?";
}

std::string_view MetricKindName(MetricKind k) {
  for (const auto& [kind, name] : kMetricKinds) {
    if (kind == k) return name;
  }
  return "?";
}

TargetKind Target::kind() const {
  if (!indicator.empty()) return TargetKind::kIndicator;
  if (derived) return TargetKind::kDerived;
  return comparator == Comparator::kPass ? TargetKind::kMilestone : TargetKind::kMetric;
}

std::string Target::ValueCode() const {
  if (!indicator.empty()) return indicator;
  if (derived) return derived->numerator + "/" + derived->denominator;
  return metric;
}

const Target* Plan::FindTarget(std::string_view id) const {
  for (const auto& t : targets) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const PlanSection* Plan::FindSection(std::string_view id) const {
  for (const auto& s : sections) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const PlanMetric* Plan::FindMetric(std::string_view code) const {
  for (const auto& m : metrics) {
    if (m.code == code) return &m;
  }
  return nullptr;
}

std::vector<const PlanSection*> Plan::SectionPath(std::string_view id) const {
  std::vector<const PlanSection*> path;
  const PlanSection* s = FindSection(id);
  // Parents are defined before children (checked by ParsePlan), so this terminates.
  while (s && path.size() <= sections.size()) {
    path.push_back(s);
    s = s->parent.empty() ? nullptr : FindSection(s->parent);
  }
  return path;
}

Result<Plan> ParsePlan(std::string_view json_text) {
  Json j = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("规划文件不是合法的 JSON");
  if (!j.is_object()) return Status::InvalidArgument("规划文件的顶层应为对象");
  Plan plan;
  Reader r(j, "plan");
  ZJ_RETURN_IF_ERROR(r.String("id", &plan.id, true));
  ZJ_RETURN_IF_ERROR(r.String("title", &plan.title, true));
  ZJ_RETURN_IF_ERROR(r.String("issuer", &plan.issuer, false));
  ZJ_RETURN_IF_ERROR(r.String("unit_code", &plan.unit_code, true));
  ZJ_RETURN_IF_ERROR(r.Int("first_year", &plan.first_year, true));
  ZJ_RETURN_IF_ERROR(r.Int("last_year", &plan.last_year, true));
  ZJ_RETURN_IF_ERROR(r.Int("baseline_year", &plan.baseline_year, true));
  ZJ_RETURN_IF_ERROR(r.String("source_file", &plan.source_file, false));
  ZJ_RETURN_IF_ERROR(r.String("year_note", &plan.year_note, false));
  if (plan.first_year > plan.last_year || plan.baseline_year >= plan.first_year) {
    return r.Error("first_year/last_year/baseline_year", "应满足 基线年 < 首年 ≤ 末年");
  }
  for (const char* field : {"sections", "metrics", "targets"}) {
    if (!j.contains(field) || !j[field].is_array()) return r.Error(field, "缺失或不是数组");
  }
  for (const auto& e : j["sections"]) {
    PlanSection s;
    ZJ_RETURN_IF_ERROR(ParseSection(e, &s));
    plan.sections.push_back(std::move(s));
  }
  for (const auto& e : j["metrics"]) {
    PlanMetric m;
    ZJ_RETURN_IF_ERROR(ParseMetric(e, &m));
    plan.metrics.push_back(std::move(m));
  }
  for (const auto& e : j["targets"]) {
    Target t;
    ZJ_RETURN_IF_ERROR(ParseTarget(e, &t));
    plan.targets.push_back(std::move(t));
  }
  ZJ_RETURN_IF_ERROR(Validate(plan));
  return plan;
}

Status CheckPlanText(const Plan& plan, std::string_view source_text) {
  auto missing = [&](const std::string& what, const std::string& text) {
    return Status::InvalidArgument("规划文件错误：" + what + " 的引文不在规划原文中：" + text);
  };
  for (const auto& s : plan.sections) {
    if (!s.title.empty() && !Contains(source_text, s.title)) {
      return missing("章节 " + s.id, s.title);
    }
  }
  for (const auto& t : plan.targets) {
    if (!Contains(source_text, t.quote)) return missing("目标 " + t.id, t.quote);
    for (const auto& q : t.see_also) {
      if (!Contains(source_text, q)) return missing("目标 " + t.id, q);
    }
    if (!t.table_cells.empty()) {
      std::string row = "\t";
      for (size_t i = 0; i < t.table_cells.size(); ++i) {
        row += (i ? "\n\t" : "") + t.table_cells[i];
      }
      row += "\n";
      if (!Contains(source_text, row)) return missing("目标 " + t.id + " 的表格行", row);
      if (t.table_cells.front() != t.quote) {
        return Status::InvalidArgument("规划文件错误：目标 " + t.id +
                                       " 的 quote 应为表格行的指标名");
      }
    }
  }
  return Status::Ok();
}

std::vector<std::string> ListPlans() {
  std::vector<std::string> ids;
  for (std::string_view path : common::EmbeddedFiles(kPlanDir)) {
    std::string_view name = path.substr(kPlanDir.size());
    if (name.size() > kPlanSuffix.size() && name.ends_with(kPlanSuffix) &&
        name.find('/') == std::string_view::npos) {
      ids.emplace_back(name.substr(0, name.size() - kPlanSuffix.size()));
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<Plan> LoadPlan(std::string_view id) {
  bool valid_id = !id.empty() && std::all_of(id.begin(), id.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
  });
  std::optional<std::string_view> text;
  if (valid_id) text = common::EmbeddedFile(std::string(kPlanDir) + std::string(id) + ".json");
  if (!text) {
    std::string known;
    for (const auto& p : ListPlans()) known += (known.empty() ? "" : "、") + p;
    return Status::NotFound("未知规划：" + std::string(id) + "（可用：" +
                            (known.empty() ? "无" : known) + "）");
  }
  ZJ_ASSIGN_OR_RETURN(Plan plan, ParsePlan(*text));
  if (plan.id != id) {
    return Status::InvalidArgument("规划文件错误：文件名 " + std::string(id) + " 与 id " + plan.id +
                                   " 不一致");
  }
  if (!plan.source_file.empty()) {
    auto source = common::EmbeddedFile(plan.source_file);
    if (!source) {
      return Status::InvalidArgument("规划文件错误：原文文件未嵌入：" + plan.source_file);
    }
    ZJ_RETURN_IF_ERROR(CheckPlanText(plan, *source));
  }
  return plan;
}

}  // namespace zj::engine
