// 义务教育招生 placement: input validation, the canonical text behind the commitment, lottery
// numbers (HMAC-SHA-256 via libsodium) and student-proposing deferred acceptance with single
// tie-breaking, with the explanation of every placement. JSON forms and verification live in
// admission_json.cc. Contract and mechanism: zj/engine/admission.h and docs/admission.md.
#include "zj/engine/admission.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "zj/common/school_year.h"

namespace zj::engine {

namespace {

using LotteryBytes = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

LotteryBytes LotteryBytesOf(std::string_view seed, std::string_view id) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(seed.data()),
                              seed.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(id.data()), id.size());
  LotteryBytes out{};
  crypto_auth_hmacsha256_final(&st, out.data());
  return out;
}

std::string Hex(const unsigned char* p, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    s += kHex[p[i] >> 4];
    s += kHex[p[i] & 0xf];
  }
  return s;
}

// Codes, ids and category names go into the space- and comma-separated canonical text, so they
// may not contain whitespace, commas or control characters, and may not be "-" (the empty mark).
std::string TokenProblem(std::string_view s) {
  if (s.empty()) return "不能为空";
  if (s.size() > 64) return "超过 64 字节";
  if (s == "-") return "不能为 \"-\"";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == ' ' || c == ',') return "不能含空白、逗号或控制字符";
  }
  return "";
}

Status Bad(const std::string& field, const std::string& message) {
  return Status::InvalidArgument(field + ": " + message);
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s += sep;
    s += v[i];
  }
  return s;
}

std::string JoinOrDash(const std::vector<std::string>& v) { return v.empty() ? "-" : Join(v, ","); }

// The placement problem with every name resolved to an index.
struct Problem {
  const AdmissionInput* in = nullptr;
  std::vector<int> rank_of_priority;          // per application: category index, or K for none
  std::vector<LotteryBytes> lottery;          // per application
  std::vector<std::vector<int>> lists;        // per application: completed school list
  std::vector<std::vector<char>> sibling_at;  // per application: per school 0/1 (sparse enough)
  std::vector<int> apps;                      // eligible application indices, by id
  std::unordered_map<std::string, int> school_index;
  std::vector<int> area_of;  // per application: area index
};

// Compares applicants a and b at school s. Returns < 0 when a ranks first, > 0 when b does;
// `rule` is the index in input.rules of the deciding criterion, or -1 for the lottery.
int Compare(const Problem& p, int a, int b, int s, int* rule) {
  const auto& rules = p.in->rules;
  const auto& A = p.in->applications[a];
  const auto& B = p.in->applications[b];
  for (size_t i = 0; i < rules.size(); ++i) {
    int d = 0;
    switch (rules[i]) {
      case AdmissionCriterion::kPriority:
        d = p.rank_of_priority[a] - p.rank_of_priority[b];
        break;
      case AdmissionCriterion::kHukouProperty:
        d = int(B.hukou_property) - int(A.hukou_property);
        break;
      case AdmissionCriterion::kResidenceYears:
        d = B.residence_years - A.residence_years;
        break;
      case AdmissionCriterion::kSibling:
        d = int(p.sibling_at[b][s]) - int(p.sibling_at[a][s]);
        break;
    }
    if (d != 0) {
      if (rule) *rule = static_cast<int>(i);
      return d;
    }
  }
  if (rule) *rule = -1;
  int c = std::memcmp(p.lottery[a].data(), p.lottery[b].data(), p.lottery[a].size());
  if (c != 0) return c;
  return A.id < B.id ? -1 : (A.id == B.id ? 0 : 1);  // a 256-bit collision: never in practice
}

AdmissionReason ReasonOf(const Problem& p, int winner, int loser, int s) {
  int rule = -1;
  Compare(p, winner, loser, s, &rule);
  if (rule < 0) return {AdmissionDecision::kLottery, AdmissionCriterion::kPriority};
  return {AdmissionDecision::kCriterion, p.in->rules[rule]};
}

}  // namespace

std::string_view AdmissionCriterionName(AdmissionCriterion c) {
  switch (c) {
    case AdmissionCriterion::kPriority:
      return "priority";
    case AdmissionCriterion::kHukouProperty:
      return "hukou_property";
    case AdmissionCriterion::kResidenceYears:
      return "residence_years";
    case AdmissionCriterion::kSibling:
      return "sibling";
  }
  return "";
}

std::string_view AdmissionCriterionLabel(AdmissionCriterion c) {
  switch (c) {
    case AdmissionCriterion::kPriority:
      return "优先类别";
    case AdmissionCriterion::kHukouProperty:
      return "户籍房产一致";
    case AdmissionCriterion::kResidenceYears:
      return "居住年限";
    case AdmissionCriterion::kSibling:
      return "兄弟姐妹同校";
  }
  return "";
}

std::vector<AdmissionCriterion> DefaultAdmissionRules() {
  return {AdmissionCriterion::kPriority, AdmissionCriterion::kHukouProperty,
          AdmissionCriterion::kResidenceYears};
}

std::string AdmissionReasonName(const AdmissionReason& r) {
  switch (r.decision) {
    case AdmissionDecision::kSeats:
      return "seats";
    case AdmissionDecision::kLottery:
      return "lottery";
    case AdmissionDecision::kCriterion:
      return std::string(AdmissionCriterionName(r.criterion));
  }
  return "";
}

Status ValidateAdmissionInput(const AdmissionInput& in) {
  if (!ValidSchoolYear(in.year)) {
    return Bad("year", "招生年度 " + std::to_string(in.year) + " 不合理（应为 " +
                           std::to_string(kFirstSchoolYear) + "–" +
                           std::to_string(kLastSchoolYear) + "）");
  }
  if (in.entry_grade != 0 && in.entry_grade != 1 && in.entry_grade != 7) {
    return Bad("entry_grade", "起始年级应为 0（幼儿园小班）、1（一年级）或 7（七年级），而不是 " +
                                  std::to_string(in.entry_grade));
  }
  std::unordered_set<int> seen_rules;
  for (size_t i = 0; i < in.rules.size(); ++i) {
    if (!seen_rules.insert(static_cast<int>(in.rules[i])).second) {
      return Bad("rules[" + std::to_string(i) + "]",
                 "规则 " + std::string(AdmissionCriterionName(in.rules[i])) + " 重复");
    }
  }
  std::unordered_set<std::string> categories;
  for (size_t i = 0; i < in.priority_categories.size(); ++i) {
    std::string f = "priority_categories[" + std::to_string(i) + "]";
    std::string t = TokenProblem(in.priority_categories[i]);
    if (!t.empty()) return Bad(f, "优先类别名称" + t);
    if (!categories.insert(in.priority_categories[i]).second) {
      return Bad(f, "优先类别 \"" + in.priority_categories[i] + "\" 重复");
    }
  }
  if (in.schools.empty()) return Bad("schools", "至少需要一所学校");
  std::unordered_set<std::string> schools;
  for (size_t i = 0; i < in.schools.size(); ++i) {
    std::string f = "schools[" + std::to_string(i) + "]";
    const auto& s = in.schools[i];
    std::string t = TokenProblem(s.code);
    if (!t.empty()) return Bad(f + ".code", "学校代码" + t);
    if (!schools.insert(s.code).second) return Bad(f + ".code", "学校 \"" + s.code + "\" 重复");
    if (s.capacity < 0 || s.capacity > 100000) {
      return Bad(f + ".capacity",
                 "招生计划（学位数）应为 0–100000，而不是 " + std::to_string(s.capacity));
    }
  }
  std::unordered_map<std::string, const AdmissionArea*> areas;
  for (size_t i = 0; i < in.areas.size(); ++i) {
    std::string f = "areas[" + std::to_string(i) + "]";
    const auto& a = in.areas[i];
    std::string t = TokenProblem(a.code);
    if (!t.empty()) return Bad(f + ".code", "片区代码" + t);
    if (!areas.emplace(a.code, &a).second) return Bad(f + ".code", "片区 \"" + a.code + "\" 重复");
    if (a.schools.empty()) return Bad(f + ".schools", "片区 \"" + a.code + "\" 没有对应学校");
    std::unordered_set<std::string> here;
    for (size_t k = 0; k < a.schools.size(); ++k) {
      std::string fk = f + ".schools[" + std::to_string(k) + "]";
      if (!schools.count(a.schools[k])) {
        return Bad(fk, "学校 \"" + a.schools[k] + "\" 不在 schools 中");
      }
      if (!here.insert(a.schools[k]).second) {
        return Bad(fk, "学校 \"" + a.schools[k] + "\" 在本片区重复");
      }
    }
  }
  std::unordered_set<std::string> ids;
  for (size_t i = 0; i < in.applications.size(); ++i) {
    std::string f = "applications[" + std::to_string(i) + "]";
    const auto& a = in.applications[i];
    std::string t = TokenProblem(a.id);
    if (!t.empty()) return Bad(f + ".id", "报名编号" + t);
    if (!ids.insert(a.id).second) return Bad(f + ".id", "报名编号 \"" + a.id + "\" 重复");
    auto area = areas.find(a.area);
    if (area == areas.end()) return Bad(f + ".area", "片区 \"" + a.area + "\" 不在 areas 中");
    if (!a.priority.empty() && !categories.count(a.priority)) {
      return Bad(f + ".priority", "优先类别 \"" + a.priority + "\" 不在 priority_categories 中");
    }
    if (a.residence_years < 0 || a.residence_years > 100) {
      return Bad(f + ".residence_years",
                 "居住年限应为 0–100，而不是 " + std::to_string(a.residence_years));
    }
    const auto& area_schools = area->second->schools;
    std::unordered_set<std::string> prefs;
    for (size_t k = 0; k < a.preferences.size(); ++k) {
      std::string fk = f + ".preferences[" + std::to_string(k) + "]";
      if (std::find(area_schools.begin(), area_schools.end(), a.preferences[k]) ==
          area_schools.end()) {
        return Bad(fk, "学校 \"" + a.preferences[k] + "\" 不属于片区 \"" + a.area + "\"");
      }
      if (!prefs.insert(a.preferences[k]).second) {
        return Bad(fk, "志愿学校 \"" + a.preferences[k] + "\" 重复");
      }
    }
    std::unordered_set<std::string> sib;
    for (size_t k = 0; k < a.siblings.size(); ++k) {
      std::string fk = f + ".siblings[" + std::to_string(k) + "]";
      if (!schools.count(a.siblings[k])) {
        return Bad(fk, "学校 \"" + a.siblings[k] + "\" 不在 schools 中");
      }
      if (!sib.insert(a.siblings[k]).second) {
        return Bad(fk, "学校 \"" + a.siblings[k] + "\" 重复");
      }
    }
  }
  return Status::Ok();
}

std::string CanonicalAdmissionInput(const AdmissionInput& in) {
  std::string out = "zhijiao-admission-commitment\n";
  out += "algorithm " + std::string(kAdmissionAlgorithm) + "\n";
  out += "year " + std::to_string(in.year) + "\n";
  out += "entry_grade " + std::to_string(in.entry_grade) + "\n";
  std::vector<std::string> rules;
  for (auto r : in.rules) rules.emplace_back(AdmissionCriterionName(r));
  out += "rules " + JoinOrDash(rules) + "\n";
  out += "priority_categories " + JoinOrDash(in.priority_categories) + "\n";
  std::vector<const AdmissionSchool*> schools;
  for (const auto& s : in.schools) schools.push_back(&s);
  std::sort(schools.begin(), schools.end(),
            [](const auto* a, const auto* b) { return a->code < b->code; });
  for (const auto* s : schools) {
    out += "school " + s->code + " " + std::to_string(s->capacity) + "\n";
  }
  std::vector<const AdmissionArea*> areas;
  for (const auto& a : in.areas) areas.push_back(&a);
  std::sort(areas.begin(), areas.end(),
            [](const auto* a, const auto* b) { return a->code < b->code; });
  for (const auto* a : areas) out += "area " + a->code + " " + Join(a->schools, ",") + "\n";
  std::vector<const AdmissionApplication*> apps;
  for (const auto& a : in.applications) {
    if (a.eligible) apps.push_back(&a);
  }
  std::sort(apps.begin(), apps.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
  for (const auto* a : apps) {
    out += "application " + a->id + " " + a->area + " " +
           (a->priority.empty() ? "-" : a->priority) + " " + (a->hukou_property ? "1" : "0") + " " +
           std::to_string(a->residence_years) + " " + JoinOrDash(a->siblings) + " " +
           JoinOrDash(a->preferences) + "\n";
  }
  return out;
}

std::string AdmissionCommitment(const AdmissionInput& input) {
  std::string text = CanonicalAdmissionInput(input);
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  return Hex(h, sizeof h);
}

std::string LotteryNumber(std::string_view seed, std::string_view application_id) {
  LotteryBytes b = LotteryBytesOf(seed, application_id);
  return Hex(b.data(), b.size());
}

Result<AdmissionResult> RunAdmission(const AdmissionInput& in, std::string_view seed) {
  ZJ_RETURN_IF_ERROR(ValidateAdmissionInput(in));
  if (seed.empty()) return Status::InvalidArgument("seed: 派位种子不能为空");

  Problem p;
  p.in = &in;
  const int n = static_cast<int>(in.applications.size());
  const int m = static_cast<int>(in.schools.size());
  for (int s = 0; s < m; ++s) p.school_index.emplace(in.schools[s].code, s);
  std::unordered_map<std::string, int> area_index;
  for (size_t i = 0; i < in.areas.size(); ++i) area_index.emplace(in.areas[i].code, int(i));
  std::unordered_map<std::string, int> category_index;
  for (size_t i = 0; i < in.priority_categories.size(); ++i) {
    category_index.emplace(in.priority_categories[i], int(i));
  }
  const int no_category = static_cast<int>(in.priority_categories.size());
  p.rank_of_priority.assign(n, no_category);
  p.lottery.resize(n);
  p.lists.resize(n);
  p.sibling_at.resize(n);
  p.area_of.assign(n, -1);
  for (int a = 0; a < n; ++a) {
    const auto& app = in.applications[a];
    if (!app.eligible) continue;
    p.apps.push_back(a);
    if (!app.priority.empty()) p.rank_of_priority[a] = category_index.at(app.priority);
    p.lottery[a] = LotteryBytesOf(seed, app.id);
    p.area_of[a] = area_index.at(app.area);
    const auto& area_schools = in.areas[p.area_of[a]].schools;
    auto& list = p.lists[a];
    for (const auto& code : app.preferences) list.push_back(p.school_index.at(code));
    for (const auto& code : area_schools) {
      int s = p.school_index.at(code);
      if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
    }
    p.sibling_at[a].assign(m, 0);
    for (const auto& code : app.siblings) p.sibling_at[a][p.school_index.at(code)] = 1;
  }
  std::sort(p.apps.begin(), p.apps.end(),
            [&](int a, int b) { return in.applications[a].id < in.applications[b].id; });

  // Student-proposing deferred acceptance. held[s] is a heap whose top is the weakest child the
  // school holds; best_rejected[s] the strongest child it has turned away so far.
  std::vector<std::vector<int>> held(m);
  std::vector<int> best_rejected(m, -1);
  std::vector<int> next(n, 0);
  std::vector<int> placed(n, -1);
  std::vector<int> free_apps(p.apps.rbegin(), p.apps.rend());
  auto note_rejected = [&](int s, int a) {
    if (best_rejected[s] < 0 || Compare(p, a, best_rejected[s], s, nullptr) < 0) {
      best_rejected[s] = a;
    }
  };
  while (!free_apps.empty()) {
    int a = free_apps.back();
    free_apps.pop_back();
    if (next[a] >= static_cast<int>(p.lists[a].size())) continue;  // unplaced
    int s = p.lists[a][next[a]++];
    // A max-heap under "ranks before" keeps the weakest held child on top.
    auto ranks_before = [&](int x, int y) { return Compare(p, x, y, s, nullptr) < 0; };
    auto& h = held[s];
    if (static_cast<int>(h.size()) < in.schools[s].capacity) {
      h.push_back(a);
      std::push_heap(h.begin(), h.end(), ranks_before);
    } else if (!h.empty() && Compare(p, a, h.front(), s, nullptr) < 0) {
      std::pop_heap(h.begin(), h.end(), ranks_before);
      int out = h.back();
      h.back() = a;
      std::push_heap(h.begin(), h.end(), ranks_before);
      note_rejected(s, out);
      free_apps.push_back(out);
    } else {
      note_rejected(s, a);
      free_apps.push_back(a);
    }
  }
  for (int s = 0; s < m; ++s) {
    for (int a : held[s]) placed[a] = s;
  }

  AdmissionResult r;
  r.year = in.year;
  r.entry_grade = in.entry_grade;
  r.commitment = AdmissionCommitment(in);
  r.seed = std::string(seed);
  std::vector<int> first_choice(m, 0);
  for (int a : p.apps) {
    if (!p.lists[a].empty()) ++first_choice[p.lists[a][0]];
  }
  for (int s = 0; s < m; ++s) {
    r.schools.push_back({in.schools[s].code, in.schools[s].capacity,
                         static_cast<int>(held[s].size()), first_choice[s]});
  }
  std::sort(r.schools.begin(), r.schools.end(),
            [](const auto& x, const auto& y) { return x.code < y.code; });
  for (int a : p.apps) {
    const auto& app = in.applications[a];
    AdmissionPlacement pl;
    pl.application = app.id;
    pl.area = app.area;
    pl.lottery_number = Hex(p.lottery[a].data(), p.lottery[a].size());
    const auto& list = p.lists[a];
    size_t stop = list.size();
    if (placed[a] >= 0) {
      int s = placed[a];
      stop = std::find(list.begin(), list.end(), s) - list.begin();
      pl.school = in.schools[s].code;
      pl.choice = static_cast<int>(stop) + 1;
      if (best_rejected[s] >= 0) pl.reason = ReasonOf(p, a, best_rejected[s], s);
    }
    for (size_t k = 0; k < stop; ++k) {
      int s = list[k];
      AdmissionRejection rej{in.schools[s].code, {}};
      // The school is full (it turned this child away); versus its weakest admitted child.
      if (!held[s].empty()) rej.reason = ReasonOf(p, held[s].front(), a, s);
      pl.rejected.push_back(std::move(rej));
    }
    if (placed[a] < 0) {
      std::vector<std::string> codes;
      for (int s : list) codes.push_back(in.schools[s].code);
      pl.unplaced_reason =
          "片区 " + app.area + " 的学校（" + Join(codes, "、") + "）均已录满，待县教育局统筹安排";
    }
    r.placements.push_back(std::move(pl));
  }
  for (const auto& app : in.applications) {
    if (!app.eligible) r.ineligible.push_back(app.id);
  }
  std::sort(r.ineligible.begin(), r.ineligible.end());
  return r;
}

}  // namespace zj::engine
