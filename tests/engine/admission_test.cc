// 义务教育招生 placement and verifiable lottery (engine/admission.h): the hand-made cases in
// cases/admission/ (one per placement rule, with expected placements and reasons), then the
// properties a case file cannot state — capacity, determinism, the lottery deciding ties only,
// the commitment, verify catching a tampered result, and stability plus student-optimality
// against a brute force on small random instances.
#include "zj/engine/admission.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "fixture.h"

namespace zj::engine {
namespace {

using nlohmann::json;

std::string CaseDir() { return std::string(ZJ_TEST_DATA_DIR) + "/cases/admission"; }

const AdmissionPlacement* Find(const AdmissionResult& r, const std::string& id) {
  for (const auto& p : r.placements) {
    if (p.application == id) return &p;
  }
  return nullptr;
}

void CheckRun(const AdmissionInput& in, const json& run, const std::string& where) {
  auto r = RunAdmission(in, run.at("seed").get<std::string>());
  ASSERT_TRUE(r.ok()) << where << ": " << r.status().message();
  for (const auto& [id, school] : run.at("placements").items()) {
    const AdmissionPlacement* p = Find(*r, id);
    ASSERT_NE(p, nullptr) << where << " " << id;
    EXPECT_EQ(p->school, school.is_null() ? "" : school.get<std::string>()) << where << " " << id;
    EXPECT_EQ(p->unplaced_reason.empty(), !school.is_null()) << where << " " << id;
  }
  const json decided_by = run.value("decided_by", json::object());
  for (const auto& [id, reason] : decided_by.items()) {
    EXPECT_EQ(AdmissionReasonName(Find(*r, id)->reason), reason.get<std::string>())
        << where << " " << id;
  }
  const json choices = run.value("choice", json::object());
  for (const auto& [id, choice] : choices.items()) {
    EXPECT_EQ(Find(*r, id)->choice, choice.get<int>()) << where << " " << id;
  }
  const json lottery = run.value("lottery_number", json::object());
  for (const auto& [id, lot] : lottery.items()) {
    EXPECT_EQ(Find(*r, id)->lottery_number, lot.get<std::string>()) << where << " " << id;
  }
  const json reasons = run.value("unplaced_reason", json::object());
  for (const auto& [id, text] : reasons.items()) {
    EXPECT_EQ(Find(*r, id)->unplaced_reason, text.get<std::string>()) << where << " " << id;
  }
  const json rejected_at = run.value("rejected", json::object());
  for (const auto& [id, rejections] : rejected_at.items()) {
    const AdmissionPlacement* p = Find(*r, id);
    std::map<std::string, std::string> got;
    for (const auto& rej : p->rejected) got[rej.school] = AdmissionReasonName(rej.reason);
    std::map<std::string, std::string> want;
    for (const auto& [school, reason] : rejections.items()) want[school] = reason;
    EXPECT_EQ(got, want) << where << " " << id;
  }
  if (run.contains("ineligible")) {
    EXPECT_EQ(r->ineligible, run["ineligible"].get<std::vector<std::string>>()) << where;
  }
  const json school_figures = run.value("schools", json::object());
  for (const auto& [code, figures] : school_figures.items()) {
    auto it = std::find_if(r->schools.begin(), r->schools.end(),
                           [&](const auto& s) { return s.code == code; });
    ASSERT_NE(it, r->schools.end()) << where << " " << code;
    EXPECT_EQ(it->capacity, figures[0].get<int>()) << where << " " << code;
    EXPECT_EQ(it->admitted, figures[1].get<int>()) << where << " " << code;
    EXPECT_EQ(it->applicants, figures[2].get<int>()) << where << " " << code;
  }
}

TEST(AdmissionCases, EveryCaseFile) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(CaseDir())) {
    if (entry.path().extension() != ".json") continue;
    auto doc = testing::ReadJsonFile(entry.path().string());
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    const std::string name = entry.path().filename().string();
    ++files;
    if (doc->contains("cases")) {  // error cases
      int i = 0;
      for (const auto& c : doc->at("cases")) {
        std::string text =
            c["input"].is_string() ? c["input"].get<std::string>() : c["input"].dump();
        auto in = ParseAdmissionInput(text);
        ASSERT_FALSE(in.ok()) << name << " case " << i;
        EXPECT_EQ(in.status().code(), StatusCode::kInvalidArgument);
        EXPECT_NE(in.status().message().find(c["error"].get<std::string>()), std::string::npos)
            << name << " case " << i << ": " << in.status().message();
        ++i;
      }
      continue;
    }
    auto in = ParseAdmissionInput(doc->at("input").dump());
    ASSERT_TRUE(in.ok()) << name << ": " << in.status().message();
    for (const auto& run : doc->at("runs")) CheckRun(*in, run, name);
  }
  EXPECT_GE(files, 8);
}

TEST(AdmissionLottery, HmacSha256KnownAnswer) {
  // RFC 4231 test case 2.
  EXPECT_EQ(LotteryNumber("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(AdmissionRun, EmptySeedIsRejected) {
  AdmissionInput in = SyntheticAdmissionInput(1, 5, 50);
  auto r = RunAdmission(in, "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("seed"), std::string::npos);
}

// Every eligible child placed at most once, capacity never exceeded, admitted counts agree, and a
// child is unplaced only when every school of its area is full.
TEST(AdmissionRun, CapacityNeverExceededOnSyntheticCounties) {
  for (uint64_t seed : {1, 2, 3, 4}) {
    AdmissionInput in = SyntheticAdmissionInput(seed, 60, 3000);
    auto r = RunAdmission(in, "draw-" + std::to_string(seed));
    ASSERT_TRUE(r.ok()) << r.status().message();
    std::map<std::string, int> cap, count;
    for (const auto& s : in.schools) cap[s.code] = s.capacity;
    int eligible = 0, unplaced = 0;
    for (const auto& a : in.applications) eligible += a.eligible;
    ASSERT_EQ(static_cast<int>(r->placements.size()), eligible);
    for (const auto& p : r->placements) {
      if (!p.school.empty()) ++count[p.school];
    }
    for (const auto& s : r->schools) {
      EXPECT_LE(count[s.code], cap[s.code]) << s.code;
      EXPECT_EQ(s.admitted, count[s.code]) << s.code;
    }
    std::map<std::string, std::vector<std::string>> area_schools;
    for (const auto& a : in.areas) area_schools[a.code] = a.schools;
    for (const auto& p : r->placements) {
      if (!p.school.empty()) continue;
      ++unplaced;
      for (const auto& s : area_schools[p.area]) EXPECT_EQ(count[s], cap[s]) << p.application;
    }
    EXPECT_GT(unplaced, 0) << "the synthetic county should leave some children to the county";
  }
}

TEST(AdmissionRun, SameInputsAndSeedGiveTheSameResult) {
  AdmissionInput in = SyntheticAdmissionInput(7, 40, 2000);
  auto a = RunAdmission(in, "公证处 3141-家长代表 2718");
  auto b = RunAdmission(in, "公证处 3141-家长代表 2718");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(AdmissionResultJson(*a), AdmissionResultJson(*b));
  // The order of the lists in the input file does not matter either.
  AdmissionInput shuffled = in;
  std::mt19937 g(5);
  std::shuffle(shuffled.applications.begin(), shuffled.applications.end(), g);
  std::shuffle(shuffled.schools.begin(), shuffled.schools.end(), g);
  std::shuffle(shuffled.areas.begin(), shuffled.areas.end(), g);
  EXPECT_EQ(AdmissionCommitment(shuffled), AdmissionCommitment(in));
  auto c = RunAdmission(shuffled, "公证处 3141-家长代表 2718");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(AdmissionResultJson(*c), AdmissionResultJson(*a));
}

// Without ties (every child distinct on the criteria) the seed changes nothing; with ties it
// does, and only lottery-decided outcomes move.
TEST(AdmissionRun, SeedChangesOnlyTieOutcomes) {
  AdmissionInput in;
  in.year = 2026;
  in.schools = {{"S1", 3}, {"S2", 3}};
  in.areas = {{"A", {"S1", "S2"}}};
  for (int i = 0; i < 9; ++i) {
    AdmissionApplication a;
    a.id = "N" + std::to_string(i);
    a.area = "A";
    a.residence_years = i;  // all distinct
    a.preferences = i % 3 ? std::vector<std::string>{"S1"} : std::vector<std::string>{"S2", "S1"};
    in.applications.push_back(a);
  }
  std::set<std::string> outcomes;
  for (int s = 0; s < 20; ++s) {
    auto r = RunAdmission(in, "seed" + std::to_string(s));
    ASSERT_TRUE(r.ok());
    std::string key;
    for (const auto& p : r->placements) {
      key += p.application + "=" + p.school + ";";
      EXPECT_NE(AdmissionReasonName(p.reason), "lottery");
    }
    outcomes.insert(key);
  }
  EXPECT_EQ(outcomes.size(), 1u);

  for (auto& a : in.applications) a.residence_years = a.residence_years < 3 ? 0 : 5;  // ties
  outcomes.clear();
  for (int s = 0; s < 20; ++s) {
    auto r = RunAdmission(in, "seed" + std::to_string(s));
    ASSERT_TRUE(r.ok());
    std::string key;
    for (const auto& p : r->placements) {
      key += p.application + "=" + p.school + ";";
      // Children with 5 years (six of them, six seats) are never displaced by the lottery.
      if (p.application >= "N3") {
        EXPECT_FALSE(p.school.empty()) << p.application;
      }
    }
    outcomes.insert(key);
  }
  EXPECT_GT(outcomes.size(), 1u);
}

// The k-th eligible application (ineligible ones are outside the commitment).
AdmissionApplication& NthEligible(AdmissionInput& in, int k) {
  for (auto& a : in.applications) {
    if (a.eligible && k-- == 0) return a;
  }
  return in.applications.back();
}

TEST(AdmissionCommitment, AnyChangeToTheCommittedInputsChangesIt) {
  AdmissionInput base = SyntheticAdmissionInput(3, 10, 200);
  const std::string c0 = AdmissionCommitment(base);
  EXPECT_EQ(c0.size(), 64u);
  std::vector<std::pair<std::string, std::function<void(AdmissionInput&)>>> edits = {
      {"id", [](AdmissionInput& in) { NthEligible(in, 0).id += "x"; }},
      {"area",
       [](AdmissionInput& in) {
         for (auto& a : in.applications) {
           if (a.eligible && a.area != in.areas.back().code && a.preferences.empty() &&
               a.siblings.empty()) {
             a.area = in.areas.back().code;
             return;
           }
         }
       }},
      {"priority",
       [](AdmissionInput& in) {
         auto& p = NthEligible(in, 1).priority;
         p = p == "军人子女" ? "" : "军人子女";
       }},
      {"hukou",
       [](AdmissionInput& in) {
         NthEligible(in, 2).hukou_property = !NthEligible(in, 2).hukou_property;
       }},
      {"years", [](AdmissionInput& in) { NthEligible(in, 3).residence_years += 1; }},
      {"sibling",
       [](AdmissionInput& in) { NthEligible(in, 4).siblings.push_back(in.schools.back().code); }},
      {"capacity", [](AdmissionInput& in) { in.schools[0].capacity += 1; }},
      {"rules", [](AdmissionInput& in) { std::swap(in.rules[0], in.rules[1]); }},
      {"categories",
       [](AdmissionInput& in) { std::swap(in.priority_categories[0], in.priority_categories[1]); }},
      {"removed",
       [](AdmissionInput& in) {
         auto& apps = in.applications;
         apps.erase(
             std::find_if(apps.begin(), apps.end(), [](const auto& a) { return a.eligible; }));
       }},
      {"year", [](AdmissionInput& in) { in.year += 1; }},
  };
  // A preference-order change in a multi-school area.
  edits.push_back({"preferences", [](AdmissionInput& in) {
                     for (auto& a : in.applications) {
                       if (a.preferences.size() >= 2) {
                         std::swap(a.preferences[0], a.preferences[1]);
                         return;
                       }
                     }
                   }});
  for (const auto& [name, edit] : edits) {
    AdmissionInput in = base;
    edit(in);
    ASSERT_TRUE(ValidateAdmissionInput(in).ok()) << name;
    EXPECT_NE(AdmissionCommitment(in), c0) << name;
  }
  // Ineligible applications and the free-text note are outside the commitment.
  AdmissionInput in = base;
  in.note = "changed";
  AdmissionApplication extra;
  extra.id = "ZZ-1";
  extra.area = in.areas[0].code;
  extra.eligible = false;
  in.applications.push_back(extra);
  EXPECT_EQ(AdmissionCommitment(in), c0);
}

TEST(AdmissionVerify, IdenticalResultHasNoDifference) {
  AdmissionInput in = SyntheticAdmissionInput(11, 20, 800);
  auto r = RunAdmission(in, "s");
  ASSERT_TRUE(r.ok());
  // Through the JSON file round trip, as a family or journalist would do it.
  auto parsed = ParseAdmissionInput(AdmissionInputJson(in));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  auto diffs = VerifyAdmission(*parsed, "s", AdmissionResultJson(*r));
  ASSERT_TRUE(diffs.ok());
  EXPECT_TRUE(diffs->empty()) << (*diffs)[0];
}

TEST(AdmissionVerify, TamperedResultIsCaught) {
  AdmissionInput in = SyntheticAdmissionInput(11, 20, 800);
  auto r = RunAdmission(in, "s");
  ASSERT_TRUE(r.ok());
  json published = json::parse(AdmissionResultJson(*r));
  // Move one placed child to another school.
  json& p0 = published["placements"][0];
  const std::string id = p0["application"];
  const std::string school = p0["school"];
  p0["school"] = school == "S0001" ? "S0002" : "S0001";
  auto diffs = VerifyAdmission(in, "s", published.dump());
  ASSERT_TRUE(diffs.ok());
  ASSERT_EQ(diffs->size(), 1u);
  EXPECT_NE((*diffs)[0].find("placements[" + id + "].school"), std::string::npos) << (*diffs)[0];

  // Drop an unplaced child and alter a count.
  published = json::parse(AdmissionResultJson(*r));
  ASSERT_FALSE(published["unplaced"].empty());
  const std::string gone = published["unplaced"][0]["application"];
  published["unplaced"].erase(0);
  published["schools"][0]["admitted"] = published["schools"][0]["admitted"].get<int>() + 1;
  diffs = VerifyAdmission(in, "s", published.dump());
  ASSERT_TRUE(diffs.ok());
  EXPECT_EQ(diffs->size(), 2u);
  bool saw_gone = false;
  for (const auto& d : *diffs) saw_gone = saw_gone || d.find("unplaced[" + gone + "]") == 0;
  EXPECT_TRUE(saw_gone);

  // A different seed, or a different input, shows up as differences too.
  diffs = VerifyAdmission(in, "t", AdmissionResultJson(*r));
  ASSERT_TRUE(diffs.ok());
  EXPECT_FALSE(diffs->empty());
  AdmissionInput changed = in;
  changed.applications[0].residence_years += 1;
  diffs = VerifyAdmission(changed, "s", AdmissionResultJson(*r));
  ASSERT_TRUE(diffs.ok());
  bool saw_commitment = false;
  for (const auto& d : *diffs) saw_commitment = saw_commitment || d.find("lottery.commitment") == 0;
  EXPECT_TRUE(saw_commitment);

  EXPECT_FALSE(VerifyAdmission(in, "s", "{not json").ok());
}

// ---- property test: stability and student-optimality against brute force ----

struct Instance {
  AdmissionInput in;
  std::vector<std::vector<std::string>> lists;  // completed list per application
};

// An independent statement of the school's order: criteria in rule order, then the lottery
// number (hex compares like the big-endian number), then the id.
std::vector<std::string> SortKey(const AdmissionInput& in, const AdmissionApplication& a,
                                 const std::string& school, const std::string& seed) {
  std::vector<std::string> key;
  for (auto rule : in.rules) {
    int v = 0;
    switch (rule) {
      case AdmissionCriterion::kPriority: {
        auto it =
            std::find(in.priority_categories.begin(), in.priority_categories.end(), a.priority);
        v = a.priority.empty() ? 99 : static_cast<int>(it - in.priority_categories.begin());
        break;
      }
      case AdmissionCriterion::kHukouProperty:
        v = a.hukou_property ? 0 : 1;
        break;
      case AdmissionCriterion::kResidenceYears:
        v = 100 - a.residence_years;
        break;
      case AdmissionCriterion::kSibling:
        v = std::count(a.siblings.begin(), a.siblings.end(), school) ? 0 : 1;
        break;
    }
    key.push_back(std::to_string(1000 + v));
  }
  key.push_back(LotteryNumber(seed, a.id));
  key.push_back(a.id);
  return key;
}

Instance RandomInstance(std::mt19937& g) {
  Instance x;
  AdmissionInput& in = x.in;
  in.year = 2026;
  in.priority_categories = {"P1", "P2"};
  std::vector<AdmissionCriterion> all = {
      AdmissionCriterion::kPriority, AdmissionCriterion::kHukouProperty,
      AdmissionCriterion::kResidenceYears, AdmissionCriterion::kSibling};
  std::shuffle(all.begin(), all.end(), g);
  in.rules.assign(all.begin(), all.begin() + 1 + g() % 4);
  int schools = 2 + g() % 2;
  for (int s = 0; s < schools; ++s) {
    in.schools.push_back({"S" + std::to_string(s), static_cast<int>(g() % 3)});
  }
  in.areas = {{"A", {}}, {"B", {}}};
  for (int s = 0; s < schools; ++s) in.areas[0].schools.push_back("S" + std::to_string(s));
  in.areas[1].schools = {"S" + std::to_string(schools - 1)};
  int n = 3 + g() % 4;
  for (int i = 0; i < n; ++i) {
    AdmissionApplication a;
    a.id = "R" + std::to_string(i);
    a.area = g() % 4 ? "A" : "B";
    a.eligible = g() % 8 != 0;
    int pr = g() % 4;
    if (pr < 2) a.priority = in.priority_categories[pr];
    a.hukou_property = g() % 2;
    a.residence_years = g() % 3;
    for (int s = 0; s < schools; ++s) {
      if (g() % 3 == 0) a.siblings.push_back("S" + std::to_string(s));
    }
    if (a.area == "A") {
      std::vector<std::string> order = in.areas[0].schools;
      std::shuffle(order.begin(), order.end(), g);
      order.resize(g() % (order.size() + 1));
      a.preferences = order;
    }
    in.applications.push_back(a);
  }
  for (const auto& a : in.applications) {
    std::vector<std::string> list = a.preferences;
    for (const auto& area : in.areas) {
      if (area.code != a.area) continue;
      for (const auto& s : area.schools) {
        if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
      }
    }
    x.lists.push_back(list);
  }
  return x;
}

// Position of `school` in the list (list size = unplaced, the worst).
int Rank(const std::vector<std::string>& list, const std::string& school) {
  return static_cast<int>(std::find(list.begin(), list.end(), school) - list.begin());
}

// Stable: capacity kept, and no child c and school s on c's list with c preferring s to its
// outcome while s has a free seat or admitted someone it ranks below c.
bool Stable(const Instance& x, const std::vector<std::string>& assign, const std::string& seed) {
  const auto& in = x.in;
  for (const auto& s : in.schools) {
    int count = static_cast<int>(std::count(assign.begin(), assign.end(), s.code));
    if (count > s.capacity) return false;
  }
  for (size_t c = 0; c < in.applications.size(); ++c) {
    if (!in.applications[c].eligible) continue;
    for (int k = 0; k < Rank(x.lists[c], assign[c]); ++k) {
      const std::string& s = x.lists[c][k];
      int cap = 0;
      for (const auto& sc : in.schools) {
        if (sc.code == s) cap = sc.capacity;
      }
      int count = static_cast<int>(std::count(assign.begin(), assign.end(), s));
      if (count < cap) return false;  // a free seat it wants
      auto mine = SortKey(in, in.applications[c], s, seed);
      for (size_t d = 0; d < in.applications.size(); ++d) {
        if (assign[d] == s && mine < SortKey(in, in.applications[d], s, seed)) return false;
      }
    }
  }
  return true;
}

TEST(AdmissionProperty, StableAndStudentOptimalOnRandomInstances) {
  std::mt19937 g(20260831);
  int checked = 0;
  for (int round = 0; round < 300; ++round) {
    Instance x = RandomInstance(g);
    ASSERT_TRUE(ValidateAdmissionInput(x.in).ok()) << ValidateAdmissionInput(x.in).message();
    const std::string seed = "seed" + std::to_string(round);
    auto r = RunAdmission(x.in, seed);
    ASSERT_TRUE(r.ok()) << r.status().message();
    const auto& apps = x.in.applications;
    std::vector<std::string> da(apps.size());
    for (size_t c = 0; c < apps.size(); ++c) {
      const AdmissionPlacement* p = Find(*r, apps[c].id);
      ASSERT_EQ(p != nullptr, apps[c].eligible);
      if (p) da[c] = p->school;
    }
    ASSERT_TRUE(Stable(x, da, seed)) << "round " << round;
    // Every stable assignment (brute force over each eligible child's list + unplaced): DA is
    // at least as good for every child (the student-optimal stable matching).
    std::vector<std::string> cur(apps.size());
    std::function<void(size_t)> enumerate = [&](size_t c) {
      if (c == apps.size()) {
        if (!Stable(x, cur, seed)) return;
        ++checked;
        for (size_t k = 0; k < apps.size(); ++k) {
          if (!apps[k].eligible) continue;
          EXPECT_LE(Rank(x.lists[k], da[k]), Rank(x.lists[k], cur[k])) << "round " << round;
        }
        return;
      }
      cur[c] = "";
      enumerate(c + 1);
      if (!apps[c].eligible) return;
      for (const auto& s : x.lists[c]) {
        cur[c] = s;
        enumerate(c + 1);
      }
    };
    enumerate(0);
  }
  EXPECT_GE(checked, 300);  // at least DA's own assignment each round
}

}  // namespace
}  // namespace zj::engine
