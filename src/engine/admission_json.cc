// JSON faces of the admission engine: the input document (parsed with a Chinese message naming
// the field and index of the first bad value), the published result document, the comparison
// behind `zhijiao admission verify`, and the synthetic county used by the demo and the benchmark.
// Formats: docs/admission.md.
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "zj/engine/admission.h"

namespace zj::engine {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

Status Bad(const std::string& field, const std::string& message) {
  return Status::InvalidArgument(field + ": " + message);
}

Status OnlyKeys(const json& obj, const std::string& field,
                std::initializer_list<const char*> keys) {
  for (const auto& [k, v] : obj.items()) {
    bool known = false;
    for (const char* key : keys) known = known || k == key;
    if (!known) return Bad(field.empty() ? k : field + "." + k, "未知字段");
  }
  return Status::Ok();
}

Status GetInt(const json& obj, const std::string& field, const char* key, bool required, int* out) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    return required ? Bad(field + key, "缺少此字段（整数）") : Status::Ok();
  }
  if (!it->is_number_integer() || it->get<int64_t>() < -1000000 || it->get<int64_t>() > 1000000) {
    return Bad(field + key, "应为整数，而不是 " + it->dump());
  }
  *out = static_cast<int>(it->get<int64_t>());
  return Status::Ok();
}

Status GetBool(const json& obj, const std::string& field, const char* key, bool* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  if (!it->is_boolean()) return Bad(field + key, "应为 true 或 false，而不是 " + it->dump());
  *out = it->get<bool>();
  return Status::Ok();
}

Status GetString(const json& obj, const std::string& field, const char* key, bool required,
                 std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return required ? Bad(field + key, "缺少此字段（文本）") : Status::Ok();
  if (!it->is_string()) return Bad(field + key, "应为文本，而不是 " + it->dump());
  *out = it->get<std::string>();
  return Status::Ok();
}

Status GetStrings(const json& obj, const std::string& field, const char* key, bool required,
                  std::vector<std::string>* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return required ? Bad(field + key, "缺少此字段（文本列表）") : Status::Ok();
  if (!it->is_array()) return Bad(field + key, "应为文本列表，而不是 " + it->dump());
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      return Bad(field + key + "[" + std::to_string(i) + "]",
                 "应为文本，而不是 " + (*it)[i].dump());
    }
    out->push_back((*it)[i].get<std::string>());
  }
  return Status::Ok();
}

Result<const json*> GetArray(const json& root, const char* key) {
  auto it = root.find(key);
  if (it == root.end()) return Bad(key, "缺少此字段（列表）");
  if (!it->is_array()) return Bad(key, "应为列表");
  return &*it;
}

// Arrays of objects are matched by this key when compared (readable paths, order-insensitive).
const char* KeyOf(const json& element) {
  if (!element.is_object()) return nullptr;
  if (element.contains("application")) return "application";
  if (element.contains("code")) return "code";
  if (element.contains("school")) return "school";
  return nullptr;
}

void Diff(const json& published, const json& rerun, const std::string& path,
          std::vector<std::string>* out) {
  if (published.is_object() && rerun.is_object()) {
    std::set<std::string> keys;
    for (const auto& [k, v] : published.items()) keys.insert(k);
    for (const auto& [k, v] : rerun.items()) keys.insert(k);
    for (const auto& k : keys) {
      std::string p = path.empty() ? k : path + "." + k;
      if (!published.contains(k)) {
        out->push_back(p + ": 公布结果缺少此项，重算为 " + rerun[k].dump());
      } else if (!rerun.contains(k)) {
        out->push_back(p + ": 公布结果多出此项 " + published[k].dump());
      } else {
        Diff(published[k], rerun[k], p, out);
      }
    }
    return;
  }
  if (published.is_array() && rerun.is_array()) {
    const char* key = nullptr;
    if (!rerun.empty()) key = KeyOf(rerun[0]);
    if (!key && !published.empty()) key = KeyOf(published[0]);
    bool keyed = key != nullptr;
    for (const auto& e : published) keyed = keyed && e.is_object() && e.contains(key);
    for (const auto& e : rerun) keyed = keyed && e.is_object() && e.contains(key);
    if (keyed) {
      std::map<std::string, const json*> a, b;
      std::vector<std::string> order;
      for (const auto& e : published) {
        std::string k = e[key].is_string() ? e[key].get<std::string>() : e[key].dump();
        if (!a.emplace(k, &e).second) out->push_back(path + "[" + k + "]: 公布结果中重复");
      }
      for (const auto& e : rerun) {
        b.emplace(e[key].is_string() ? e[key].get<std::string>() : e[key].dump(), &e);
      }
      for (const auto& [k, e] : b) {
        auto it = a.find(k);
        if (it == a.end()) {
          out->push_back(path + "[" + k + "]: 公布结果缺少此项，重算为 " + e->dump());
        } else {
          Diff(*it->second, *e, path + "[" + k + "]", out);
        }
      }
      for (const auto& [k, e] : a) {
        if (!b.count(k)) out->push_back(path + "[" + k + "]: 公布结果多出此项 " + e->dump());
      }
      return;
    }
    size_t n = std::max(published.size(), rerun.size());
    for (size_t i = 0; i < n; ++i) {
      std::string p = path + "[" + std::to_string(i) + "]";
      if (i >= published.size()) {
        out->push_back(p + ": 公布结果缺少此项，重算为 " + rerun[i].dump());
      } else if (i >= rerun.size()) {
        out->push_back(p + ": 公布结果多出此项 " + published[i].dump());
      } else {
        Diff(published[i], rerun[i], p, out);
      }
    }
    return;
  }
  if (published != rerun) {
    out->push_back(path + ": 公布 " + published.dump() + "，重算 " + rerun.dump());
  }
}

ordered_json RejectedJson(const std::vector<AdmissionRejection>& rejected) {
  ordered_json arr = ordered_json::array();
  for (const auto& r : rejected) {
    arr.push_back({{"school", r.school}, {"decided_by", AdmissionReasonName(r.reason)}});
  }
  return arr;
}

// splitmix64: a fixed generator, so the synthetic county is the same on every platform.
struct Rng {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }
};

std::string Padded(int v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  return s;
}

}  // namespace

Result<AdmissionInput> ParseAdmissionInput(std::string_view text) {
  json root = json::parse(text, nullptr, false);
  if (root.is_discarded()) return Status::InvalidArgument("输入不是合法的 JSON");
  if (!root.is_object()) return Status::InvalidArgument("输入应为 JSON 对象");
  ZJ_RETURN_IF_ERROR(OnlyKeys(root, "",
                              {"note", "year", "entry_grade", "rules", "priority_categories",
                               "schools", "areas", "applications"}));
  AdmissionInput in;
  ZJ_RETURN_IF_ERROR(GetString(root, "", "note", false, &in.note));
  ZJ_RETURN_IF_ERROR(GetInt(root, "", "year", true, &in.year));
  ZJ_RETURN_IF_ERROR(GetInt(root, "", "entry_grade", false, &in.entry_grade));
  if (root.contains("rules")) {
    std::vector<std::string> names;
    ZJ_RETURN_IF_ERROR(GetStrings(root, "", "rules", false, &names));
    in.rules.clear();
    for (size_t i = 0; i < names.size(); ++i) {
      bool found = false;
      for (auto c : {AdmissionCriterion::kPriority, AdmissionCriterion::kHukouProperty,
                     AdmissionCriterion::kResidenceYears, AdmissionCriterion::kSibling}) {
        if (names[i] == AdmissionCriterionName(c)) {
          in.rules.push_back(c);
          found = true;
        }
      }
      if (!found) {
        return Bad("rules[" + std::to_string(i) + "]",
                   "未知规则 \"" + names[i] +
                       "\"（可用 priority、hukou_property、residence_years、sibling）");
      }
    }
  }
  ZJ_RETURN_IF_ERROR(GetStrings(root, "", "priority_categories", false, &in.priority_categories));

  ZJ_ASSIGN_OR_RETURN(const json* schools, GetArray(root, "schools"));
  for (size_t i = 0; i < schools->size(); ++i) {
    const json& s = (*schools)[i];
    std::string f = "schools[" + std::to_string(i) + "]";
    if (!s.is_object()) return Bad(f, "应为对象 {\"code\", \"capacity\"}");
    ZJ_RETURN_IF_ERROR(OnlyKeys(s, f, {"code", "capacity", "name"}));
    AdmissionSchool school;
    ZJ_RETURN_IF_ERROR(GetString(s, f + ".", "code", true, &school.code));
    ZJ_RETURN_IF_ERROR(GetInt(s, f + ".", "capacity", true, &school.capacity));
    in.schools.push_back(std::move(school));
  }
  ZJ_ASSIGN_OR_RETURN(const json* areas, GetArray(root, "areas"));
  for (size_t i = 0; i < areas->size(); ++i) {
    const json& a = (*areas)[i];
    std::string f = "areas[" + std::to_string(i) + "]";
    if (!a.is_object()) return Bad(f, "应为对象 {\"code\", \"schools\"}");
    ZJ_RETURN_IF_ERROR(OnlyKeys(a, f, {"code", "schools", "name"}));
    AdmissionArea area;
    ZJ_RETURN_IF_ERROR(GetString(a, f + ".", "code", true, &area.code));
    ZJ_RETURN_IF_ERROR(GetStrings(a, f + ".", "schools", true, &area.schools));
    in.areas.push_back(std::move(area));
  }
  ZJ_ASSIGN_OR_RETURN(const json* apps, GetArray(root, "applications"));
  for (size_t i = 0; i < apps->size(); ++i) {
    const json& a = (*apps)[i];
    std::string f = "applications[" + std::to_string(i) + "]";
    if (!a.is_object()) return Bad(f, "应为对象");
    ZJ_RETURN_IF_ERROR(OnlyKeys(a, f,
                                {"id", "area", "eligible", "priority", "hukou_property",
                                 "residence_years", "siblings", "preferences"}));
    AdmissionApplication app;
    f += ".";
    ZJ_RETURN_IF_ERROR(GetString(a, f, "id", true, &app.id));
    ZJ_RETURN_IF_ERROR(GetString(a, f, "area", true, &app.area));
    ZJ_RETURN_IF_ERROR(GetBool(a, f, "eligible", &app.eligible));
    ZJ_RETURN_IF_ERROR(GetString(a, f, "priority", false, &app.priority));
    ZJ_RETURN_IF_ERROR(GetBool(a, f, "hukou_property", &app.hukou_property));
    ZJ_RETURN_IF_ERROR(GetInt(a, f, "residence_years", false, &app.residence_years));
    ZJ_RETURN_IF_ERROR(GetStrings(a, f, "siblings", false, &app.siblings));
    ZJ_RETURN_IF_ERROR(GetStrings(a, f, "preferences", false, &app.preferences));
    in.applications.push_back(std::move(app));
  }
  ZJ_RETURN_IF_ERROR(ValidateAdmissionInput(in));
  return in;
}

std::string AdmissionInputJson(const AdmissionInput& in) {
  ordered_json j;
  if (!in.note.empty()) j["note"] = in.note;
  j["year"] = in.year;
  j["entry_grade"] = in.entry_grade;
  ordered_json rules = ordered_json::array();
  for (auto r : in.rules) rules.push_back(AdmissionCriterionName(r));
  j["rules"] = rules;
  j["priority_categories"] = in.priority_categories;
  ordered_json schools = ordered_json::array();
  for (const auto& s : in.schools) schools.push_back({{"code", s.code}, {"capacity", s.capacity}});
  j["schools"] = schools;
  ordered_json areas = ordered_json::array();
  for (const auto& a : in.areas) areas.push_back({{"code", a.code}, {"schools", a.schools}});
  j["areas"] = areas;
  ordered_json apps = ordered_json::array();
  for (const auto& a : in.applications) {
    ordered_json o = {{"id", a.id}, {"area", a.area}};
    if (!a.eligible) o["eligible"] = false;
    if (!a.priority.empty()) o["priority"] = a.priority;
    o["hukou_property"] = a.hukou_property;
    o["residence_years"] = a.residence_years;
    if (!a.siblings.empty()) o["siblings"] = a.siblings;
    if (!a.preferences.empty()) o["preferences"] = a.preferences;
    apps.push_back(std::move(o));
  }
  j["applications"] = apps;
  return j.dump(1) + "\n";
}

std::string AdmissionResultJson(const AdmissionResult& r) {
  ordered_json j;
  j["year"] = r.year;
  j["entry_grade"] = r.entry_grade;
  ordered_json schools = ordered_json::array();
  for (const auto& s : r.schools) {
    schools.push_back({{"code", s.code},
                       {"capacity", s.capacity},
                       {"admitted", s.admitted},
                       {"applicants", s.applicants}});
  }
  j["schools"] = schools;
  ordered_json unplaced = ordered_json::array();
  ordered_json placements = ordered_json::array();
  for (const auto& p : r.placements) {
    if (p.school.empty()) {
      unplaced.push_back({{"application", p.application},
                          {"area", p.area},
                          {"reason", p.unplaced_reason},
                          {"lottery_number", p.lottery_number},
                          {"rejected", RejectedJson(p.rejected)}});
    } else {
      placements.push_back({{"application", p.application},
                            {"area", p.area},
                            {"school", p.school},
                            {"choice", p.choice},
                            {"decided_by", AdmissionReasonName(p.reason)},
                            {"lottery_number", p.lottery_number},
                            {"rejected", RejectedJson(p.rejected)}});
    }
  }
  j["unplaced"] = unplaced;
  j["ineligible"] = r.ineligible;
  j["lottery"] = {
      {"commitment", r.commitment}, {"seed", r.seed}, {"algorithm", kAdmissionAlgorithm}};
  j["placements"] = placements;
  return j.dump(1) + "\n";
}

Result<std::vector<std::string>> VerifyAdmission(const AdmissionInput& input, std::string_view seed,
                                                 std::string_view published_result_json) {
  json published = json::parse(published_result_json, nullptr, false);
  if (published.is_discarded()) return Status::InvalidArgument("result: 公布结果不是合法的 JSON");
  ZJ_ASSIGN_OR_RETURN(AdmissionResult rerun, RunAdmission(input, seed));
  json again = json::parse(AdmissionResultJson(rerun));
  std::vector<std::string> out;
  Diff(published, again, "", &out);
  return out;
}

AdmissionInput SyntheticAdmissionInput(uint64_t seed, int school_count, int application_count) {
  Rng rng{seed ^ 0x5a4a41444d4953ULL};
  AdmissionInput in;
  in.note = "合成数据（synthetic）：zhijiao admission demo-input 生成的虚构县，不是真实报名数据";
  in.year = 2026;
  in.entry_grade = 1;
  in.rules = {AdmissionCriterion::kPriority, AdmissionCriterion::kHukouProperty,
              AdmissionCriterion::kSibling, AdmissionCriterion::kResidenceYears};
  in.priority_categories = {"烈士子女", "军人子女", "高层次人才子女", "随迁子女"};
  // Weights: the first tenth of the schools are large urban schools that most families want.
  std::vector<int> weight(school_count);
  int total_weight = 0;
  for (int s = 0; s < school_count; ++s) {
    bool urban = s < std::max(1, school_count / 10);
    weight[s] = urban ? 5 + rng.Below(4) : 1 + rng.Below(2);
    total_weight += weight[s];
    in.schools.push_back({"S" + Padded(s + 1, 4), 0});
  }
  // Seats: 95% of the applications in total, so the county has some children to place itself.
  const int seats = application_count * 95 / 100;
  for (int s = 0; s < school_count; ++s) {
    in.schools[s].capacity = static_cast<int>(int64_t(seats) * weight[s] / total_weight);
  }
  // Areas of one to three neighbouring schools (多校划片 in town).
  std::vector<int> area_weight;
  for (int s = 0; s < school_count;) {
    int size = std::min(school_count - s, s < school_count / 10 ? 2 + rng.Below(2) : 1);
    AdmissionArea area;
    area.code = "A" + Padded(static_cast<int>(in.areas.size()) + 1, 4);
    int w = 0;
    for (int k = 0; k < size; ++k) {
      area.schools.push_back(in.schools[s + k].code);
      w += weight[s + k] * (s + k < school_count / 10 ? 13 : 9);  // urban demand above seats
    }
    area_weight.push_back(w);
    in.areas.push_back(std::move(area));
    s += size;
  }
  int total_area_weight = 0;
  for (int w : area_weight) total_area_weight += w;
  int next_id = 1;
  for (size_t a = 0; a < in.areas.size(); ++a) {
    int count = static_cast<int>(int64_t(application_count) * area_weight[a] / total_area_weight);
    if (a + 1 == in.areas.size()) count = application_count - (next_id - 1);
    const auto& schools = in.areas[a].schools;
    for (int i = 0; i < count; ++i) {
      AdmissionApplication app;
      app.id = std::to_string(in.year) + "-" + Padded(next_id++, 6);
      app.area = in.areas[a].code;
      app.eligible = !rng.Chance(2);
      if (rng.Chance(4)) app.priority = in.priority_categories[rng.Below(4)];
      app.hukou_property = rng.Chance(65);
      app.residence_years = rng.Below(10);
      if (schools.size() > 1) {
        // Most families put the first (best-known) school of the area first.
        std::vector<std::string> order = schools;
        if (!rng.Chance(70)) std::swap(order[0], order[1 + rng.Below(int(order.size()) - 1)]);
        order.resize(1 + rng.Below(static_cast<int>(order.size())));
        app.preferences = order;
      }
      if (rng.Chance(8)) app.siblings.push_back(schools[rng.Below(int(schools.size()))]);
      in.applications.push_back(std::move(app));
    }
  }
  return in;
}

}  // namespace zj::engine
