// Supervision evaluations: configuration (frameworks.json + the thresholds CSV), inputs from a
// snapshot, the four frameworks and what-if scenarios. Remediation is in evaluation_remedy.cc,
// the JSON form in evaluation_json.cc.
#include "zj/engine/evaluation.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "evaluation_remedy.h"
#include "zj/common/csv.h"
#include "zj/common/embedded.h"

namespace zj::engine {
namespace {

using model::Stage;
using nlohmann::json;

constexpr int kPrimary = static_cast<int>(Stage::kPrimary);
constexpr int kJunior = static_cast<int>(Stage::kJunior);
constexpr int kSenior = static_cast<int>(Stage::kGeneralSenior);
constexpr int kKg = static_cast<int>(Stage::kKindergarten);
constexpr double kEps = 1e-9;

constexpr std::array<const char*, kResourceCount> kResourceKeys = {"teacher_qualified",
                                                                   "teacher_qualified",
                                                                   "teacher_backbone",
                                                                   "teacher_pe_art",
                                                                   "teaching_area_m2",
                                                                   "sports_area_m2",
                                                                   "equipment_value_yuan",
                                                                   "multimedia_rooms",
                                                                   "computers",
                                                                   "books",
                                                                   "teachers",
                                                                   "teacher_mid_title"};

Mark ParseMark(std::string_view s) {
  if (s == "verified") return Mark::kVerified;
  if (s == "secondary") return Mark::kSecondary;
  return Mark::kUnverified;
}

// Thresholds of data/standards/indicator-thresholds.csv keyed "ID|stage".
class Thresholds {
 public:
  static Result<Thresholds> Load() {
    auto text = common::EmbeddedFile("data/standards/indicator-thresholds.csv");
    if (!text) return Status::Internal("缺少内置文件 data/standards/indicator-thresholds.csv");
    ZJ_ASSIGN_OR_RETURN(common::CsvTable t, common::CsvTable::Parse(*text));
    Thresholds out;
    for (const common::CsvRow& row : t.rows()) {
      std::string key =
          std::string(t.Get(row, "indicator_id")) + "|" + std::string(t.Get(row, "stage"));
      std::string v(t.Get(row, "threshold"));
      char* end = nullptr;
      double value = std::strtod(v.c_str(), &end);  // "56-65" → 56
      if (end == v.c_str()) continue;               // "III", ratios written as text
      Rule r;
      r.value = value;
      r.mark = ParseMark(t.Get(row, "status"));
      r.source = std::string(t.Get(row, "framework")) + " " + std::string(t.Get(row, "ref")) +
                 "：" + std::string(t.Get(row, "source"));
      out.rules_[key] = r;
    }
    return out;
  }
  Result<Rule> Get(const std::string& id, const std::string& stage) const {
    auto it = rules_.find(id + "|" + stage);
    if (it == rules_.end()) {
      return Status::Internal("阈值表中没有 " + id + "（" + stage + "）");
    }
    return it->second;
  }
  std::map<std::string, Rule> rules_;
};

Result<Rule> RuleRef(const Thresholds& th, const json& ref) {
  if (!ref.is_object() || !ref.contains("threshold_id") || !ref.contains("stage")) {
    return Status::Internal("frameworks.json：阈值引用缺少 threshold_id 或 stage");
  }
  return th.Get(ref["threshold_id"].get<std::string>(), ref["stage"].get<std::string>());
}

std::string StageZh(int stage) {
  return std::string(model::StageNameZh(static_cast<Stage>(stage)));
}

std::optional<Resource> ResourceOfKey(const std::string& key, int stage) {
  if (key == "teacher_qualified") {
    return stage == kJunior ? Resource::kTeacherQualifiedJunior
                            : Resource::kTeacherQualifiedPrimary;
  }
  for (int i = 2; i < kResourceCount; ++i) {
    if (key == kResourceKeys[i]) return static_cast<Resource>(i);
  }
  return std::nullopt;
}

Result<std::vector<IndicatorDefinition>> LoadIndicators(const Thresholds& th, const json& list,
                                                        bool with_standards) {
  std::vector<IndicatorDefinition> out;
  for (const json& j : list) {
    IndicatorDefinition d;
    d.key = j.at("key").get<std::string>();
    d.name_zh = j.at("name_zh").get<std::string>();
    d.unit = j.at("unit").get<std::string>();
    d.note = j.value("note", "");
    d.per = j.value("per", 1.0);
    for (const auto& [stage_name, res] : j.at("resource").items()) {
      auto stage = model::ParseStage(stage_name);
      if (!stage) return Status::Internal("frameworks.json：未知学段 " + stage_name);
      int s = static_cast<int>(*stage);
      auto r = ResourceOfKey(res.get<std::string>(), s);
      if (!r) return Status::Internal("frameworks.json：未知资源 " + res.get<std::string>());
      d.resource[s] = *r;
      d.cost_key = res.get<std::string>();
      if (with_standards) {
        ZJ_ASSIGN_OR_RETURN(Rule rule, th.Get(j.at("threshold_id").get<std::string>(),
                                              s == kJunior ? "初中" : "小学"));
        d.standard[s] = rule;
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

Status ApplyOverrides(EvalConfig& c, const Thresholds& th, std::string_view text) {
  json o = json::parse(text, nullptr, false);
  if (o.is_discarded() || !o.is_object()) {
    return Status::InvalidArgument("评估配置不是有效的 JSON 对象");
  }
  auto number = [](const json& v, const std::string& what, double min,
                   double max) -> Result<double> {
    if (!v.is_number()) return Status::InvalidArgument("评估配置 " + what + " 必须是数字");
    double x = v.get<double>();
    if (!(x >= min && x <= max)) {
      return Status::InvalidArgument("评估配置 " + what + " 超出范围 [" + std::to_string(min) +
                                     ", " + std::to_string(max) + "]");
    }
    return x;
  };
  for (const auto& [key, val] : o.items()) {
    if (key == "stage_weights") {
      for (const auto& [stage_name, w] : val.items()) {
        auto stage = model::ParseStage(stage_name);
        int s = stage ? static_cast<int>(*stage) : -1;
        if (s != kPrimary && s != kJunior && s != kSenior) {
          return Status::InvalidArgument(
              "评估配置 stage_weights 只接受 primary、junior、general_senior：" + stage_name);
        }
        ZJ_ASSIGN_OR_RETURN(c.stage_weight[s], number(w, "stage_weights." + stage_name, 0.01, 100));
        c.weight_rule.configured = true;
      }
    } else if (key == "scope") {
      for (const auto& [k, v] : val.items()) {
        if (k != "teaching_point_min_students") {
          return Status::InvalidArgument("评估配置 scope 中未知的键：" + k);
        }
        ZJ_ASSIGN_OR_RETURN(c.teaching_point_min.value, number(v, "scope." + k, 0, 100000));
        c.teaching_point_min.configured = true;
      }
    } else if (key == "unit_costs") {
      for (const auto& [k, v] : val.items()) {
        auto it = std::find_if(c.unit_costs.begin(), c.unit_costs.end(),
                               [&](const UnitCost& u) { return u.key == k; });
        if (it == c.unit_costs.end()) {
          return Status::InvalidArgument("评估配置 unit_costs 中未知的项目：" + k);
        }
        ZJ_ASSIGN_OR_RETURN(it->yuan, number(v, "unit_costs." + k, 0, 1e9));
        it->configured = true;
      }
    } else if (key == "remedy") {
      if (!val.is_object()) return Status::InvalidArgument("评估配置 remedy 必须是对象");
      for (const auto& [k, v] : val.items()) {
        if (k == "method") {
          if (!v.is_string() || (v != "mip" && v != "heuristic")) {
            return Status::InvalidArgument("评估配置 remedy.method 应为 mip 或 heuristic");
          }
          c.remedy.use_mip = v == "mip";
        } else if (k == "time_limit_seconds") {
          ZJ_ASSIGN_OR_RETURN(c.remedy.time_limit_seconds, number(v, "remedy." + k, 0.05, 600));
        } else if (k == "mip_gap") {
          ZJ_ASSIGN_OR_RETURN(c.remedy.mip_gap, number(v, "remedy." + k, 0, 0.5));
        } else {
          return Status::InvalidArgument("评估配置 remedy 中未知的键：" + k);
        }
      }
    } else if (key == "thresholds") {
      for (const auto& [k, v] : val.items()) {
        if (!th.rules_.count(k)) {
          return Status::InvalidArgument("评估配置 thresholds 中未知的阈值（ID|学段）：" + k);
        }
        ZJ_ASSIGN_OR_RETURN(double x, number(v, "thresholds." + k, 0, 1e9));
        auto patch = [&](Rule& r, const std::string& id_stage) {
          if (id_stage != k) return;
          r.value = x;
          r.configured = true;
          r.mark = Mark::kUnverified;
          r.source = "配置覆盖（" + k + "）";
        };
        static const std::map<std::string, std::pair<std::string, int>> kYzIds = {
            {"YZ_R1|小学", {"qualified_teachers_per100", kPrimary}},
            {"YZ_R1|初中", {"qualified_teachers_per100", kJunior}},
            {"YZ_R2|小学", {"backbone_teachers_per100", kPrimary}},
            {"YZ_R2|初中", {"backbone_teachers_per100", kJunior}},
            {"YZ_R3|小学", {"pe_art_teachers_per100", kPrimary}},
            {"YZ_R3|初中", {"pe_art_teachers_per100", kJunior}},
            {"YZ_R4|小学", {"teaching_area_per_student", kPrimary}},
            {"YZ_R4|初中", {"teaching_area_per_student", kJunior}},
            {"YZ_R5|小学", {"sports_area_per_student", kPrimary}},
            {"YZ_R5|初中", {"sports_area_per_student", kJunior}},
            {"YZ_R6|小学", {"equipment_value_per_student", kPrimary}},
            {"YZ_R6|初中", {"equipment_value_per_student", kJunior}},
            {"YZ_R7|小学", {"multimedia_rooms_per100", kPrimary}},
            {"YZ_R7|初中", {"multimedia_rooms_per100", kJunior}}};
        if (auto it = kYzIds.find(k); it != kYzIds.end()) {
          for (IndicatorDefinition& d : c.yz_indicators) {
            if (d.key == it->second.first && d.standard[it->second.second]) {
              patch(*d.standard[it->second.second], k);
            }
          }
        }
        patch(c.yz_min_met, "YZ_SCHOOL_MIN_PASS|小学/初中");
        patch(c.yz_floor, "YZ_SCHOOL_FLOOR|小学/初中");
        if (c.yz_cv_limit[kPrimary]) patch(*c.yz_cv_limit[kPrimary], "YZ_CV_EACH|小学");
        if (c.yz_cv_limit[kJunior]) patch(*c.yz_cv_limit[kJunior], "YZ_CV_EACH|初中");
        if (c.jb_cv_limit[kPrimary]) patch(*c.jb_cv_limit[kPrimary], "JB_CV_COMPOSITE|小学");
        if (c.jb_cv_limit[kJunior]) patch(*c.jb_cv_limit[kJunior], "JB_CV_COMPOSITE|初中");
        if (c.standard_class[kPrimary])
          patch(*c.standard_class[kPrimary], "CLASS_STD|小学 (完全小学)");
        if (c.standard_class[kJunior])
          patch(*c.standard_class[kJunior], "CLASS_STD|初中/高中/完全中学");
        patch(c.big_class_min, "CLASS_LARGE|中小学");
        patch(c.super_big_class_min, "CLASS_XLARGE|中小学");
        patch(c.school_size_single, "YZ_G4_SIZE|小学/初中");
        patch(c.school_size_combined, "YZ_G4_SIZE|九年/十二年一贯制");
        patch(c.kg_school_size, "KG_SIZE|幼儿园");
        patch(c.xq_ger, "XQ_GER|学前");
        patch(c.xq_inclusive, "XQ_PUHUI|学前");
        patch(c.xq_public, "XQ_PUBLIC|学前");
        patch(c.xq_children_per_teacher, "XQ_CHILD_PER_TEACHER|学前");
        patch(c.xq_certified, "XQ_CERT|学前");
        patch(c.xq_class_ok, "XQ_CLASS_OK|学前");
      }
    } else {
      return Status::InvalidArgument("评估配置中未知的键：" + key);
    }
  }
  return Status::Ok();
}

bool AtLeast(double v, double t) { return v >= t - kEps * std::max(1.0, std::fabs(t)); }
bool AtMost(double v, double t) { return v <= t + kEps * std::max(1.0, std::fabs(t)); }

std::string Fmt(double v, int decimals = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

bool IsCombinedSchool(int type_code) { return type_code == 312 || type_code == 345; }

// Which schools of the input are out of scope (教学点 below the minimum; no compulsory students).
std::vector<bool> Excluded(const EvalInput& in, const EvalConfig& c,
                           std::vector<ExcludedSchool>* out) {
  std::vector<bool> ex(in.schools.size(), false);
  for (size_t j = 0; j < in.schools.size(); ++j) {
    const SchoolInput& s = in.schools[j];
    double compulsory = s.students[kPrimary] + s.students[kJunior];
    bool tp = std::find(c.teaching_point_types.begin(), c.teaching_point_types.end(),
                        s.type_code) != c.teaching_point_types.end();
    if (tp && compulsory > 0 && compulsory < c.teaching_point_min.value) {
      ex[j] = true;
      if (out) {
        out->push_back({s.code, s.name,
                        "教学点在校生 " + Fmt(compulsory, 0) + " 人，不足 " +
                            Fmt(c.teaching_point_min.value, 0) + " 人，不参评"});
      }
    }
  }
  return ex;
}

}  // namespace

std::string_view FrameworkName(Framework f) {
  switch (f) {
    case Framework::kYz2017:
      return "yz2017";
    case Framework::kJb2012:
      return "jb2012";
    case Framework::kXq2020:
      return "xq2020";
    case Framework::kClassSize:
      return "class-size";
  }
  return "";
}

std::optional<Framework> ParseFramework(std::string_view name) {
  for (Framework f :
       {Framework::kYz2017, Framework::kJb2012, Framework::kXq2020, Framework::kClassSize}) {
    if (FrameworkName(f) == name) return f;
  }
  return std::nullopt;
}

std::string_view ResourceKey(Resource r) { return kResourceKeys[static_cast<int>(r)]; }

const UnitCost* EvalConfig::FindCost(std::string_view key) const {
  for (const UnitCost& u : unit_costs) {
    if (u.key == key) return &u;
  }
  return nullptr;
}

Result<EvalConfig> LoadEvalConfig(std::string_view overrides_json) {
  auto text = common::EmbeddedFile("data/evaluation/frameworks.json");
  if (!text) return Status::Internal("缺少内置文件 data/evaluation/frameworks.json");
  json f = json::parse(*text, nullptr, false);
  if (f.is_discarded()) return Status::Internal("data/evaluation/frameworks.json 不是有效的 JSON");
  ZJ_ASSIGN_OR_RETURN(Thresholds th, Thresholds::Load());
  EvalConfig c;
  try {
    const json& w = f.at("stage_weights");
    c.stage_weight[kPrimary] = w.at("primary").get<double>();
    c.stage_weight[kJunior] = w.at("junior").get<double>();
    c.stage_weight[kSenior] = w.at("general_senior").get<double>();
    c.weight_rule.mark = ParseMark(w.at("mark").get<std::string>());
    c.weight_rule.source = w.at("source").get<std::string>();
    const json& sc = f.at("scope");
    c.teaching_point_types = sc.at("teaching_point_type_codes").get<std::vector<int>>();
    c.teaching_point_min.value = sc.at("teaching_point_min_students").get<double>();
    c.teaching_point_min.mark = ParseMark(sc.at("mark").get<std::string>());
    c.teaching_point_min.source = sc.at("source").get<std::string>();
    const json& uc = f.at("unit_costs");
    c.unit_cost_mark = ParseMark(uc.at("mark").get<std::string>());
    c.unit_cost_source = uc.at("source").get<std::string>();
    for (const auto& [k, v] : uc.at("items").items()) {
      c.unit_costs.push_back({k, v.at("name_zh").get<std::string>(),
                              v.at("unit").get<std::string>(), v.at("yuan").get<double>(),
                              v.at("whole").get<bool>()});
    }
    const json& yz = f.at("frameworks").at("yz2017");
    ZJ_ASSIGN_OR_RETURN(c.yz_indicators, LoadIndicators(th, yz.at("indicators"), true));
    ZJ_ASSIGN_OR_RETURN(c.yz_min_met, RuleRef(th, yz.at("school_min_met")));
    ZJ_ASSIGN_OR_RETURN(c.yz_floor, RuleRef(th, yz.at("school_floor")));
    ZJ_ASSIGN_OR_RETURN(c.yz_cv_limit[kPrimary], RuleRef(th, yz.at("cv_limit").at("primary")));
    ZJ_ASSIGN_OR_RETURN(c.yz_cv_limit[kJunior], RuleRef(th, yz.at("cv_limit").at("junior")));
    const json& jb = f.at("frameworks").at("jb2012");
    ZJ_ASSIGN_OR_RETURN(c.jb_indicators, LoadIndicators(th, jb.at("indicators"), false));
    ZJ_ASSIGN_OR_RETURN(c.jb_cv_limit[kPrimary],
                        RuleRef(th, jb.at("composite_cv_limit").at("primary")));
    ZJ_ASSIGN_OR_RETURN(c.jb_cv_limit[kJunior],
                        RuleRef(th, jb.at("composite_cv_limit").at("junior")));
  } catch (const json::exception& e) {
    return Status::Internal(std::string("data/evaluation/frameworks.json 格式错误：") + e.what());
  }
  // Class/school size and 学前 rules: fixed threshold ids of the standards table.
  ZJ_ASSIGN_OR_RETURN(c.standard_class[kPrimary], th.Get("CLASS_STD", "小学 (完全小学)"));
  ZJ_ASSIGN_OR_RETURN(c.standard_class[kJunior], th.Get("CLASS_STD", "初中/高中/完全中学"));
  ZJ_ASSIGN_OR_RETURN(c.big_class_min, th.Get("CLASS_LARGE", "中小学"));
  ZJ_ASSIGN_OR_RETURN(c.super_big_class_min, th.Get("CLASS_XLARGE", "中小学"));
  ZJ_ASSIGN_OR_RETURN(c.school_size_single, th.Get("YZ_G4_SIZE", "小学/初中"));
  ZJ_ASSIGN_OR_RETURN(c.school_size_combined, th.Get("YZ_G4_SIZE", "九年/十二年一贯制"));
  ZJ_ASSIGN_OR_RETURN(c.kg_class_limit[1], th.Get("CLASS_STD", "小班(3-4周岁)"));
  ZJ_ASSIGN_OR_RETURN(c.kg_class_limit[2], th.Get("CLASS_STD", "中班(4-5周岁)"));
  ZJ_ASSIGN_OR_RETURN(c.kg_class_limit[3], th.Get("CLASS_STD", "大班(5-6周岁)"));
  ZJ_ASSIGN_OR_RETURN(c.kg_school_size, th.Get("KG_SIZE", "幼儿园"));
  ZJ_ASSIGN_OR_RETURN(c.xq_ger, th.Get("XQ_GER", "学前"));
  ZJ_ASSIGN_OR_RETURN(c.xq_inclusive, th.Get("XQ_PUHUI", "学前"));
  ZJ_ASSIGN_OR_RETURN(c.xq_public, th.Get("XQ_PUBLIC", "学前"));
  ZJ_ASSIGN_OR_RETURN(c.xq_children_per_teacher, th.Get("XQ_CHILD_PER_TEACHER", "学前"));
  ZJ_ASSIGN_OR_RETURN(c.xq_certified, th.Get("XQ_CERT", "学前"));
  ZJ_ASSIGN_OR_RETURN(c.xq_class_ok, th.Get("XQ_CLASS_OK", "学前"));
  if (!overrides_json.empty()) ZJ_RETURN_IF_ERROR(ApplyOverrides(c, th, overrides_json));
  return c;
}

Result<EvalInput> ExtractEvalInput(const History& history, int year, std::string_view unit_code,
                                   const EvalConfig& config) {
  const Snapshot* snap = history.Find(year);
  if (!snap) return Status::NotFound("没有 " + std::to_string(year) + " 学年的数据");
  const Hierarchy& h = history.hierarchy();
  int node = h.Find(unit_code);
  if (node < 0) return Status::NotFound("单位或学校不存在：" + std::string(unit_code));
  const UnitNode& un = h.unit(node);
  EvalInput in;
  in.year = year;
  in.unit_code = un.code;
  in.unit_name = un.name;
  const int b = un.kind == UnitKind::kSchool ? un.school : un.school_begin;
  const int e = un.kind == UnitKind::kSchool ? un.school + 1 : un.school_end;
  if (un.kind != UnitKind::kSchool) {
    if (auto p = history.Population(node, year, 3, 5)) in.population_3_5 = static_cast<double>(*p);
  }
  in.schools.resize(e - b);
  for (int s = b; s < e; ++s) {
    const model::School& sc = h.schools()[s];
    SchoolInput& si = in.schools[s - b];
    si.code = sc.code;
    si.name = sc.name;
    si.type_code = sc.type_code;
    si.is_public = sc.is_public;
    si.inclusive = sc.inclusive || sc.is_public;
  }
  auto in_range = [&](int32_t s) { return s >= b && s < e; };
  const EnrolmentColumns& en = snap->enrolments();
  for (size_t i = 0; i < en.size(); ++i) {
    if (!in_range(en.school[i])) continue;
    if (!model::CountsAsEnrolled(static_cast<model::EnrolmentStatus>(en.status[i]))) continue;
    in.schools[en.school[i] - b].students[en.stage[i]] += 1;
  }
  const TeacherColumns& t = snap->teachers();
  constexpr uint32_t kPeArt = model::kSubjectPE | model::kSubjectMusic | model::kSubjectArt;
  for (size_t i = 0; i < t.size(); ++i) {
    if (!in_range(t.school[i]) || !t.full_time[i]) continue;
    SchoolInput& si = in.schools[t.school[i] - b];
    if (t.stage[i] == kKg) {
      si.kg_teachers += 1;
      if (t.certified[i]) si.kg_teachers_certified += 1;
      continue;
    }
    auto& r = si.resources;
    const int edu = t.education[i];
    if (edu >= 10 && edu <= 39) r[static_cast<int>(Resource::kTeacherQualifiedPrimary)] += 1;
    if (edu >= 10 && edu <= 28) r[static_cast<int>(Resource::kTeacherQualifiedJunior)] += 1;
    if (t.backbone[i] >= static_cast<int>(model::BackboneLevel::kCounty)) {
      r[static_cast<int>(Resource::kTeacherBackbone)] += 1;
    }
    if (t.subjects[i] & kPeArt) r[static_cast<int>(Resource::kTeacherPeArt)] += 1;
    r[static_cast<int>(Resource::kTeachers)] += 1;
    if (t.title[i] >= static_cast<int>(model::TeacherTitle::kFirst)) {
      r[static_cast<int>(Resource::kTeacherMidTitle)] += 1;
    }
  }
  const FacilityColumns& fc = snap->facilities();
  for (size_t i = 0; i < fc.size(); ++i) {
    if (!in_range(fc.school[i])) continue;
    auto& r = in.schools[fc.school[i] - b].resources;
    r[static_cast<int>(Resource::kTeachingArea)] += fc.fields[0][i];
    r[static_cast<int>(Resource::kSportsArea)] += fc.fields[1][i];
    r[static_cast<int>(Resource::kEquipment)] += fc.fields[2][i];
    r[static_cast<int>(Resource::kMultimedia)] += fc.fields[3][i];
    r[static_cast<int>(Resource::kComputers)] += fc.fields[4][i];
    r[static_cast<int>(Resource::kBooks)] += fc.fields[5][i];
  }
  const ClassColumns& cl = snap->classes();
  for (size_t i = 0; i < cl.size(); ++i) {
    if (!in_range(cl.school[i])) continue;
    const int size = cl.class_size[i];
    if (size <= 0) continue;
    ClassSummary& cs = in.schools[cl.school[i] - b].classes[cl.stage[i]];
    cs.classes += 1;
    cs.max_size = std::max(cs.max_size, size);
    if (cl.stage[i] == kKg) {
      int g = cl.grade[i];
      if (g >= 1 && g <= 3 && config.kg_class_limit[g] && size > config.kg_class_limit[g]->value) {
        cs.kg_over[g] += 1;
      }
      continue;
    }
    const auto& std_limit = config.standard_class[cl.stage[i]];
    if (std_limit && size > std_limit->value) cs.over_standard += 1;
    if (size >= config.super_big_class_min.value) {
      cs.super_big += 1;
    } else if (size >= config.big_class_min.value) {
      cs.big += 1;
    }
  }
  return in;
}

// (evaluation_remedy.h)
std::optional<double> internal::WeightedCv(const std::vector<double>& r,
                                           const std::vector<double>& n) {
  double sr = 0, sn = 0;
  for (size_t j = 0; j < r.size(); ++j) {
    sr += r[j];
    sn += n[j];
  }
  if (sn <= 0 || sr <= 0) return std::nullopt;
  const double mean = sr / sn;
  double ss = 0;
  for (size_t j = 0; j < r.size(); ++j) {
    const double d = r[j] / n[j] - mean;
    ss += n[j] * d * d;
  }
  return std::sqrt(ss / sn) / mean;
}

namespace {

double StageShare(const SchoolInput& s, int stage, const EvalConfig& c) {
  double total = 0;
  for (int t : {kPrimary, kJunior, kSenior}) total += c.stage_weight[t] * s.students[t];
  if (total <= 0) return 0;
  return c.stage_weight[stage] * s.students[stage] / total;
}

// 优质均衡 and 基本均衡: per-school values of resource indicators and their CVs.
void EvaluateBalance(Framework fw, const EvalInput& in, const EvalConfig& c, Evaluation* ev) {
  const bool yz = fw == Framework::kYz2017;
  const std::vector<IndicatorDefinition>& defs = yz ? c.yz_indicators : c.jb_indicators;
  std::vector<bool> excluded = Excluded(in, c, &ev->excluded);
  for (int stage : {kPrimary, kJunior}) {
    StageResult sr;
    sr.stage = static_cast<Stage>(stage);
    if (yz) {
      sr.cv_limit = c.yz_cv_limit[stage];
    } else {
      sr.composite_cv_limit = c.jb_cv_limit[stage];
    }
    const size_t k = defs.size();
    std::vector<std::vector<double>> res(k);
    std::vector<double> ns;
    for (size_t j = 0; j < in.schools.size(); ++j) {
      const SchoolInput& s = in.schools[j];
      const double n = s.students[stage];
      if (n <= 0 || excluded[j]) continue;
      SchoolResult r;
      r.code = s.code;
      r.name = s.name;
      r.type_code = s.type_code;
      r.enrolment = n;
      r.share = StageShare(s, stage, c);
      ns.push_back(n);
      for (size_t i = 0; i < k; ++i) {
        const IndicatorDefinition& d = defs[i];
        const double amount = s.resources[static_cast<int>(d.resource[stage])] * r.share;
        res[i].push_back(amount);
        const double value = amount / n * d.per;
        r.values.push_back(value);
        if (yz && d.standard[stage]) {
          const double t = d.standard[stage]->value;
          const bool met = AtLeast(value, t);
          r.met.push_back(met);
          r.ratio.push_back(t > 0 ? value / t : 1);
          r.shortfall.push_back(met || r.share <= 0 ? 0 : (t * n / d.per - amount) / r.share);
          if (met) ++r.met_count;
        } else {
          r.met.push_back(true);
          r.ratio.push_back(1);
          r.shortfall.push_back(0);
          ++r.met_count;
        }
      }
      if (yz) {
        if (r.met_count < c.yz_min_met.value) {
          r.pass = false;
          r.why.push_back("达标 " + std::to_string(r.met_count) + " 项，少于 " +
                          Fmt(c.yz_min_met.value, 0) + " 项");
        }
        for (size_t i = 0; i < k; ++i) {
          if (!AtLeast(r.ratio[i], c.yz_floor.value)) {
            r.pass = false;
            r.why.push_back(defs[i].name_zh + " 为标准的 " + Fmt(r.ratio[i] * 100, 1) + "%，低于 " +
                            Fmt(c.yz_floor.value * 100, 0) + "%");
          }
        }
      }
      if (r.pass) ++sr.passing;
      sr.schools.push_back(std::move(r));
    }
    double cv_sum = 0;
    bool cv_all = true;
    for (size_t i = 0; i < k; ++i) {
      IndicatorResult ir;
      ir.def = &defs[i];
      ir.key = defs[i].key;
      ir.name_zh = defs[i].name_zh;
      ir.unit = defs[i].unit;
      ir.standard = defs[i].standard[stage];
      double sr_sum = 0, sn = 0;
      for (size_t j = 0; j < ns.size(); ++j) {
        sr_sum += res[i][j];
        sn += ns[j];
      }
      if (sn > 0) ir.county_value = sr_sum / sn * defs[i].per;
      ir.cv = internal::WeightedCv(res[i], ns);
      if (ir.cv) {
        cv_sum += *ir.cv;
      } else {
        cv_all = false;
      }
      if (yz) {
        ir.cv_met = ir.cv && sr.cv_limit && AtMost(*ir.cv, sr.cv_limit->value);
        if (!ir.cv_met && !sr.schools.empty()) {
          sr.pass = false;
          ev->failures.push_back({"", StageZh(stage) + " " + ir.name_zh + " 差异系数 " +
                                          (ir.cv ? Fmt(*ir.cv, 3) : std::string("无法计算")) +
                                          "，超过 " + Fmt(sr.cv_limit->value, 2)});
        }
      }
      sr.indicators.push_back(std::move(ir));
    }
    if (!yz && !sr.schools.empty()) {
      if (cv_all && k > 0) sr.composite_cv = cv_sum / static_cast<double>(k);
      if (!sr.composite_cv || !AtMost(*sr.composite_cv, sr.composite_cv_limit->value)) {
        sr.pass = false;
        ev->failures.push_back(
            {"", StageZh(stage) + " 综合差异系数 " +
                     (sr.composite_cv ? Fmt(*sr.composite_cv, 3) : std::string("无法计算")) +
                     "，超过 " + Fmt(sr.composite_cv_limit->value, 2)});
      }
    }
    if (yz) {
      for (const SchoolResult& r : sr.schools) {
        if (r.pass) continue;
        sr.pass = false;
        std::string line = StageZh(stage) + " " + r.name + "（" + r.code + "）未达标：";
        for (size_t w = 0; w < r.why.size(); ++w) line += (w ? "；" : "") + r.why[w];
        ev->failures.push_back({r.code, std::move(line)});
      }
    }
    if (!sr.schools.empty()) ev->stages.push_back(std::move(sr));
  }
}

// County class/school size items over primary and junior classes of in-scope schools.
void ClassSizeItems(const EvalInput& in, const EvalConfig& c, Evaluation* ev) {
  int classes = 0, over = 0, big = 0, super_big = 0, big_schools = 0;
  for (const SchoolInput& s : in.schools) {
    for (int st : {kPrimary, kJunior}) {
      classes += s.classes[st].classes;
      over += s.classes[st].over_standard;
      big += s.classes[st].big;
      super_big += s.classes[st].super_big;
    }
    const double compulsory = s.students[kPrimary] + s.students[kJunior];
    const Rule& lim = IsCombinedSchool(s.type_code) ? c.school_size_combined : c.school_size_single;
    if (compulsory > 0 && compulsory > lim.value) ++big_schools;
  }
  CountyItem share{
      "standard_class_share",
      "标准班额比例（每个班不超过标准班额）",
      std::nullopt,
      ">=",
      Rule{100, c.standard_class[kPrimary]->mark, c.standard_class[kPrimary]->source, false},
      std::nullopt,
      "小学 " + Fmt(c.standard_class[kPrimary]->value, 0) + " 人、初中 " +
          Fmt(c.standard_class[kJunior]->value, 0) + " 人"};
  if (classes > 0) {
    share.value = 100.0 * (classes - over) / classes;
    share.met = over == 0;
  }
  ev->items.push_back(share);
  ev->items.push_back(
      {"big_class_count", "大班额班级数（含超大班额）", static_cast<double>(big + super_big),
       "<=", Rule{0, c.big_class_min.mark, c.big_class_min.source, false}, big + super_big == 0,
       Fmt(c.big_class_min.value, 0) + " 人及以上（含超大班额）"});
  ev->items.push_back(
      {"super_big_class_count", "超大班额班级数（大班额的一部分）", static_cast<double>(super_big),
       "<=", Rule{0, c.super_big_class_min.mark, c.super_big_class_min.source, false},
       super_big == 0, Fmt(c.super_big_class_min.value, 0) + " 人及以上"});
  ev->items.push_back(
      {"big_school_count", "大校额学校数", static_cast<double>(big_schools), "<=",
       Rule{0, c.school_size_single.mark, c.school_size_single.source, false}, big_schools == 0,
       "小学、初中 " + Fmt(c.school_size_single.value, 0) + " 人，九年/十二年一贯制 " +
           Fmt(c.school_size_combined.value, 0) + " 人"});
}

IndicatorResult SimpleIndicator(const char* key, const char* name, const char* unit,
                                std::optional<Rule> standard, const char* comparator = "<=") {
  IndicatorResult r;
  r.comparator = comparator;
  r.key = key;
  r.name_zh = name;
  r.unit = unit;
  r.standard = std::move(standard);
  return r;
}

void EvaluateClassSize(const EvalInput& in, const EvalConfig& c, Evaluation* ev) {
  for (int stage : {kPrimary, kJunior}) {
    StageResult sr;
    sr.stage = static_cast<Stage>(stage);
    sr.indicators.push_back(
        SimpleIndicator("max_class_size", "最大班额", "人", c.standard_class[stage]));
    sr.indicators.push_back(SimpleIndicator("big_classes", "大班额班级数（含超大班额）", "个",
                                            Rule{0, c.big_class_min.mark, c.big_class_min.source}));
    sr.indicators.push_back(
        SimpleIndicator("super_big_classes", "超大班额班级数", "个",
                        Rule{0, c.super_big_class_min.mark, c.super_big_class_min.source}));
    sr.indicators.push_back(
        SimpleIndicator("school_size", "义务教育段在校生（校额）", "人", c.school_size_single));
    for (const SchoolInput& s : in.schools) {
      const double n = s.students[stage];
      if (n <= 0) continue;
      const ClassSummary& cs = s.classes[stage];
      const double compulsory = s.students[kPrimary] + s.students[kJunior];
      const Rule& size_lim =
          IsCombinedSchool(s.type_code) ? c.school_size_combined : c.school_size_single;
      SchoolResult r;
      r.code = s.code;
      r.name = s.name;
      r.type_code = s.type_code;
      r.enrolment = n;
      const double std_lim = c.standard_class[stage]->value;
      const std::array<double, 4> values = {static_cast<double>(cs.max_size),
                                            static_cast<double>(cs.big + cs.super_big),
                                            static_cast<double>(cs.super_big), compulsory};
      const std::array<double, 4> limits = {std_lim, 0, 0, size_lim.value};
      for (int i = 0; i < 4; ++i) {
        r.values.push_back(values[i]);
        const bool met = AtMost(values[i], limits[i]);
        r.met.push_back(met);
        r.ratio.push_back(limits[i] > 0 ? values[i] / limits[i] : (met ? 1 : 0));
        r.shortfall.push_back(met ? 0 : values[i] - limits[i]);
        if (met) ++r.met_count;
      }
      if (!r.met[0]) {
        r.why.push_back(std::to_string(cs.over_standard) + " 个班超过标准班额 " + Fmt(std_lim, 0) +
                        " 人（最大 " + std::to_string(cs.max_size) + " 人）");
      }
      if (!r.met[1]) {
        r.why.push_back(std::to_string(cs.big + cs.super_big) + " 个大班额" +
                        (cs.super_big > 0
                             ? "（其中 " + std::to_string(cs.super_big) + " 个超大班额）"
                             : std::string()));
      }
      if (!r.met[3]) {
        r.why.push_back("在校生 " + Fmt(compulsory, 0) + " 人，超过 " + Fmt(size_lim.value, 0) +
                        " 人");
      }
      r.pass = r.met_count == 4;
      if (r.pass) {
        ++sr.passing;
      } else {
        sr.pass = false;
        std::string line = StageZh(stage) + " " + r.name + "（" + r.code + "）：";
        for (size_t w = 0; w < r.why.size(); ++w) line += (w ? "；" : "") + r.why[w];
        ev->failures.push_back({r.code, std::move(line)});
      }
      sr.schools.push_back(std::move(r));
    }
    if (!sr.schools.empty()) ev->stages.push_back(std::move(sr));
  }
  ClassSizeItems(in, c, ev);
}

void EvaluatePreschool(const EvalInput& in, const EvalConfig& c, Evaluation* ev) {
  StageResult sr;
  sr.stage = Stage::kKindergarten;
  sr.indicators.push_back(SimpleIndicator("children_per_teacher", "幼儿与专任教师比", "幼儿/人",
                                          c.xq_children_per_teacher));
  sr.indicators.push_back(
      SimpleIndicator("class_ok_share", "班额达标率", "%", c.xq_class_ok, ">="));
  sr.indicators.push_back(
      SimpleIndicator("school_size", "在园幼儿数（园所规模）", "人", c.kg_school_size));
  double children = 0, inclusive = 0, pub = 0, teachers = 0, certified = 0;
  int classes = 0, classes_over = 0;
  for (const SchoolInput& s : in.schools) {
    const double n = s.students[kKg];
    if (n <= 0) continue;
    const ClassSummary& cs = s.classes[kKg];
    const int over = cs.kg_over[1] + cs.kg_over[2] + cs.kg_over[3];
    children += n;
    if (s.inclusive || s.is_public) inclusive += n;
    if (s.is_public) pub += n;
    teachers += s.kg_teachers;
    certified += s.kg_teachers_certified;
    classes += cs.classes;
    classes_over += over;
    SchoolResult r;
    r.code = s.code;
    r.name = s.name;
    r.type_code = s.type_code;
    r.enrolment = n;
    auto add = [&](std::optional<double> v, bool met, double ratio) {
      r.values.push_back(v);
      r.met.push_back(met);
      r.ratio.push_back(ratio);
      r.shortfall.push_back(0);
      if (met) ++r.met_count;
    };
    const double lim = c.xq_children_per_teacher.value;
    if (s.kg_teachers > 0) {
      const double ratio = n / s.kg_teachers;
      add(ratio, AtMost(ratio, lim), ratio / lim);
      if (!r.met.back()) {
        r.shortfall.back() = std::ceil(n / lim - s.kg_teachers - kEps);
        r.why.push_back("幼儿与专任教师比 " + Fmt(ratio, 1) + "，高于 " + Fmt(lim, 0));
      }
    } else {
      add(std::nullopt, false, 0);
      r.shortfall.back() = std::ceil(n / lim - kEps);
      r.why.push_back("没有专任教师");
    }
    if (cs.classes > 0) {
      const double share = 100.0 * (cs.classes - over) / cs.classes;
      add(share, AtLeast(share, c.xq_class_ok.value), share / c.xq_class_ok.value);
      if (!r.met.back()) r.why.push_back(std::to_string(over) + " 个班超过班额标准");
    } else {
      add(std::nullopt, true, 1);
    }
    add(n, AtMost(n, c.kg_school_size.value), n / c.kg_school_size.value);
    if (!r.met.back()) {
      r.why.push_back("在园幼儿 " + Fmt(n, 0) + " 人，超过 " + Fmt(c.kg_school_size.value, 0) +
                      " 人");
    }
    r.pass = r.met_count == 3;
    if (r.pass) {
      ++sr.passing;
    } else {
      sr.pass = false;
    }
    sr.schools.push_back(std::move(r));
  }
  auto item = [&](const char* key, const char* name, std::optional<double> value, const char* cmp,
                  const Rule& limit, std::string note) {
    CountyItem it{key, name, value, cmp, limit, std::nullopt, std::move(note)};
    if (value) {
      it.met = std::string_view(cmp) == ">=" ? AtLeast(*value, limit.value)
                                             : AtMost(*value, limit.value);
      if (!*it.met) {
        ev->failures.push_back({"", std::string(name) + " " + Fmt(*value, 2) + "，未达到 " + cmp +
                                        " " + Fmt(limit.value, 2)});
      }
    } else {
      ev->failures.push_back({"", std::string(name) + "：无法计算（" + it.note + "）"});
    }
    ev->items.push_back(std::move(it));
  };
  std::optional<double> ger;
  if (in.population_3_5 && *in.population_3_5 > 0) ger = 100.0 * children / *in.population_3_5;
  item("preschool_ger", "学前三年毛入园率", ger, ">=", c.xq_ger,
       ger ? "在园幼儿 ÷ 3–5 周岁人口" : "缺少 3–5 周岁人口数据");
  std::optional<double> none;
  item("inclusive_share", "普惠性幼儿园覆盖率", children > 0 ? 100.0 * inclusive / children : none,
       ">=", c.xq_inclusive, "公办园与普惠性民办园在园幼儿 ÷ 在园幼儿");
  item("public_share", "公办园在园幼儿占比", children > 0 ? 100.0 * pub / children : none,
       ">=", c.xq_public, "公办园在园幼儿 ÷ 在园幼儿");
  item("children_per_teacher", "幼儿与专任教师比", teachers > 0 ? children / teachers : none,
       "<=", c.xq_children_per_teacher, "在园幼儿 ÷ 学前专任教师");
  item("teacher_certified_share", "专任教师持证上岗率",
       teachers > 0 ? 100.0 * certified / teachers : none, ">=", c.xq_certified,
       "持教师资格证的学前专任教师 ÷ 学前专任教师（园长未单列）");
  item("class_ok_share", "班额达标率",
       classes > 0 ? 100.0 * (classes - classes_over) / classes : none, ">=", c.xq_class_ok,
       "小班 25、中班 30、大班 35 人");
  ev->not_assessed = {
      "公办园生均公用经费、普惠性民办园生均补助（财务数据）", "非在编教师工资收入（工资数据）",
      "生均室外游戏场地、活动用房、建筑面积（幼儿园校舍明细）", "社会认可度（问卷）"};
  if (!sr.schools.empty()) ev->stages.push_back(std::move(sr));
}

}  // namespace

Evaluation Evaluate(Framework framework, const EvalInput& input, const EvalConfig& config) {
  Evaluation ev;
  ev.framework = framework;
  ev.year = input.year;
  ev.unit_code = input.unit_code;
  ev.unit_name = input.unit_name;
  ev.rules.push_back(
      {"stage_weight_primary", Rule{config.stage_weight[kPrimary], config.weight_rule.mark,
                                    config.weight_rule.source, config.weight_rule.configured}});
  ev.rules.push_back(
      {"stage_weight_junior", Rule{config.stage_weight[kJunior], config.weight_rule.mark,
                                   config.weight_rule.source, config.weight_rule.configured}});
  ev.rules.push_back(
      {"stage_weight_senior", Rule{config.stage_weight[kSenior], config.weight_rule.mark,
                                   config.weight_rule.source, config.weight_rule.configured}});
  ev.rules.push_back({"teaching_point_min_students", config.teaching_point_min});
  if (framework == Framework::kYz2017) {
    ev.rules.push_back({"school_min_met", config.yz_min_met});
    ev.rules.push_back({"school_floor", config.yz_floor});
  }
  switch (framework) {
    case Framework::kYz2017:
      ev.framework_name_zh = "县域义务教育优质均衡发展督导评估（2017）";
      EvaluateBalance(framework, input, config, &ev);
      ClassSizeItems(input, config, &ev);
      // 优质均衡 requires every class within the standard and no oversized school; the 大班额
      // counts are implied by the first and not separate items of the 2017 method.
      ev.items.erase(std::remove_if(ev.items.begin(), ev.items.end(),
                                    [](const CountyItem& i) {
                                      return i.key == "big_class_count" ||
                                             i.key == "super_big_class_count";
                                    }),
                     ev.items.end());
      for (const CountyItem& it : ev.items) {
        if (it.met && !*it.met) {
          ev.failures.push_back({"", it.name_zh + " 为 " + Fmt(*it.value, 2) + "（要求 " +
                                         it.comparator + " " + Fmt(it.limit->value, 0) + "）"});
        }
      }
      ev.not_assessed = {
          "政府保障程度中的经费、工资、培训、交流轮岗、随迁子女等项（记录中没有这些数据）",
          "教育质量中的巩固率、残疾儿童入学率等（见指标页的 compulsory_retention、"
          "special_needs_enrolment_rate）与质量监测结果",
          "社会认可度（问卷）"};
      break;
    case Framework::kJb2012:
      ev.framework_name_zh = "县域义务教育发展基本均衡督导评估（2012）";
      EvaluateBalance(framework, input, config, &ev);
      ev.not_assessed = {"县级人民政府推进义务教育均衡发展工作评估得分（人工评分）"};
      break;
    case Framework::kClassSize:
      ev.framework_name_zh = "班额与校额达标";
      EvaluateClassSize(input, config, &ev);
      break;
    case Framework::kXq2020:
      ev.framework_name_zh = "县域学前教育普及普惠督导评估（2020）";
      EvaluatePreschool(input, config, &ev);
      break;
  }
  bool pass = ev.failures.empty();
  for (const StageResult& s : ev.stages) pass = pass && s.pass;
  if (framework == Framework::kXq2020) {
    pass = true;
    for (const CountyItem& it : ev.items) pass = pass && it.met.value_or(false);
  }
  if (ev.stages.empty() && framework != Framework::kXq2020) {
    pass = false;
    ev.failures.push_back({"", "没有参评学校"});
  }
  ev.verdict = pass ? "pass" : "fail";
  return ev;
}

void RestrictToSchools(Evaluation& e, const SchoolFilter& visible) {
  for (StageResult& st : e.stages) {
    const size_t before = st.schools.size();
    std::erase_if(st.schools, [&](const SchoolResult& r) { return !visible(r.code); });
    st.schools_hidden += static_cast<int>(before - st.schools.size());
  }
  std::erase_if(e.excluded, [&](const ExcludedSchool& x) { return !visible(x.code); });
  std::erase_if(e.failures, [&](const Failure& f) {
    return !f.school_code.empty() && !visible(f.school_code);
  });
}

void RestrictToSchools(RemedyPlan& plan, const SchoolFilter& visible) {
  RestrictToSchools(plan.before, visible);
  RestrictToSchools(plan.after, visible);
  std::erase_if(plan.additions, [&](const Addition& a) { return !visible(a.school_code); });
  for (CvStep& step : plan.cv_steps) {
    std::erase_if(step.schools, [&](const std::string& code) { return !visible(code); });
  }
}

Result<EvalInput> ApplyScenario(const EvalInput& input,
                                const std::vector<ScenarioChange>& changes) {
  EvalInput out = input;
  std::map<std::string, size_t> by_code;
  for (size_t j = 0; j < out.schools.size(); ++j) by_code[out.schools[j].code] = j;
  for (const ScenarioChange& ch : changes) {
    auto it = by_code.find(ch.school_code);
    if (it == by_code.end()) {
      return Status::InvalidArgument("情景中的学校不在评估范围内：" + ch.school_code);
    }
    if (ch.add.has_value() == ch.set.has_value()) {
      return Status::InvalidArgument("情景变更须且只能给出 add 或 set 之一：" + ch.school_code +
                                     " " + ch.resource);
    }
    SchoolInput& s = out.schools[it->second];
    std::vector<double*> targets;
    if (ch.resource.rfind("students.", 0) == 0) {
      auto stage = model::ParseStage(ch.resource.substr(9));
      if (!stage) return Status::InvalidArgument("情景中未知的学段：" + ch.resource);
      targets.push_back(&s.students[static_cast<int>(*stage)]);
    } else if (ch.resource == "teacher_qualified") {
      targets.push_back(&s.resources[static_cast<int>(Resource::kTeacherQualifiedPrimary)]);
      targets.push_back(&s.resources[static_cast<int>(Resource::kTeacherQualifiedJunior)]);
    } else {
      auto r = ResourceOfKey(ch.resource, kPrimary);
      if (!r) return Status::InvalidArgument("情景中未知的资源：" + ch.resource);
      targets.push_back(&s.resources[static_cast<int>(*r)]);
    }
    for (double* t : targets) {
      double v = ch.set ? *ch.set : *t + *ch.add;
      if (!(v >= 0) || !std::isfinite(v)) {
        return Status::InvalidArgument("情景变更后数值为负或无效：" + ch.school_code + " " +
                                       ch.resource);
      }
      *t = v;
    }
  }
  return out;
}

Result<std::vector<ScenarioChange>> ParseEvalScenario(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("changes") || !j["changes"].is_array()) {
    return Status::InvalidArgument("情景必须是 {\"changes\": [...]} 形式的 JSON");
  }
  if (j["changes"].size() > 10000) return Status::InvalidArgument("情景变更最多 10000 条");
  std::vector<ScenarioChange> out;
  size_t i = 0;
  for (const json& c : j["changes"]) {
    ++i;
    const std::string where = "第 " + std::to_string(i) + " 条变更";
    if (!c.is_object() || !c.contains("school") || !c["school"].is_string() ||
        !c.contains("resource") || !c["resource"].is_string()) {
      return Status::InvalidArgument(where + "缺少 school 或 resource");
    }
    ScenarioChange ch;
    ch.school_code = c["school"].get<std::string>();
    ch.resource = c["resource"].get<std::string>();
    if (c.contains("add")) {
      if (!c["add"].is_number()) return Status::InvalidArgument(where + "的 add 必须是数字");
      ch.add = c["add"].get<double>();
    }
    if (c.contains("set")) {
      if (!c["set"].is_number()) return Status::InvalidArgument(where + "的 set 必须是数字");
      ch.set = c["set"].get<double>();
    }
    if (ch.add.has_value() == ch.set.has_value()) {
      return Status::InvalidArgument(where + "须且只能给出 add 或 set 之一");
    }
    out.push_back(std::move(ch));
  }
  return out;
}

}  // namespace zj::engine
