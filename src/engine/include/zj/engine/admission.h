// 义务教育招生 placement (划片招生 + 电脑随机派位) and the lottery anyone can verify (issue #17).
//
// Mechanism: student-proposing deferred acceptance (Gale–Shapley). Every eligible child applies
// within its 片区 (学区划片): its list is the family's preferences among the area's schools
// (多校划片), completed with the area's other schools in the area's order, so that no child is
// left unplaced while a seat in its area is free. Each school ranks the children who apply by the
// county's criteria in order (AdmissionInput::rules, data; default 优先类别 → 户籍房产一致 →
// 居住年限), and children still tied after every criterion by ONE lottery number per child used
// at every school (single tie-breaking, which wastes fewer places than a new draw per school).
//
// Why DA: it is strategy-proof for families (ranking the schools truly is always best) and the
// result is stable — no child prefers a school that admitted someone it ranks below that child,
// or that has a free seat. The old "immediate acceptance" (Boston) rule rewards strategic
// ranking. Among stable placements, student-proposing DA is the best one for every child.
//
// Verifiable lottery (docs/admission.md):
//   1. commitment = SHA-256 over CanonicalInput(): the algorithm version, year, rules, priority
//      categories, schools and seats, areas, and every eligible application (anonymised id,
//      area, priority category, 户籍房产一致, years of residence, siblings, preferences). Published
//      before the draw; any change to the list changes it.
//   2. seed = a text fixed at the draw that nobody controls alone (documented combination:
//      the numbers sealed by the notary and by each parents' representative, opened together,
//      joined with "-" in the order announced beforehand).
//   3. lottery number of a child = HMAC-SHA-256(key = seed bytes, message = application id),
//      compared as a 256-bit big-endian number: the smaller number wins a tie.
//   4. the placement is a deterministic function of (input, seed); VerifyAdmission() re-runs it
//      from the published input and compares with a published result.
//
// All functions are pure (no I/O) and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"

namespace zj::engine {

// Version string of the documented algorithm; part of the commitment.
inline constexpr std::string_view kAdmissionAlgorithm = "zhijiao-admission-da-stb/1";

// One criterion of the county's rule order. Every school compares two applicants by the first
// criterion on which they differ.
enum class AdmissionCriterion : uint8_t {
  kPriority = 0,  // "priority": 优先类别, earlier in priority_categories first, none last
  kHukouProperty,  // "hukou_property": 户籍与房产一致 (与法定监护人同户、房产在片区) first
  kResidenceYears,  // "residence_years": more years of residence (居住/居住证年限) first
  kSibling,         // "sibling": 兄弟姐妹在该校就读 first (school-specific)
};
// "priority", "hukou_property", "residence_years", "sibling" / the Chinese label ("优先类别" …).
std::string_view AdmissionCriterionName(AdmissionCriterion c);
std::string_view AdmissionCriterionLabel(AdmissionCriterion c);
// The default rule order when the input names none: priority, hukou_property, residence_years.
std::vector<AdmissionCriterion> DefaultAdmissionRules();

struct AdmissionSchool {
  std::string code;
  int capacity = 0;  // seats of the entry grade this year (招生计划), ≥ 0
};

// A 片区: one school (单校划片) or several (多校划片), in the order used to complete lists.
struct AdmissionArea {
  std::string code;
  std::vector<std::string> schools;
};

struct AdmissionApplication {
  std::string id;  // anonymised application number (no personal data)
  std::string area;
  bool eligible = true;  // 资格审核 approved; others take no part (listed as ineligible)
  std::string priority;  // one of AdmissionInput::priority_categories, or "" for none
  bool hukou_property = false;
  int residence_years = 0;
  std::vector<std::string> siblings;     // schools where a brother or sister studies
  std::vector<std::string> preferences;  // schools of the area, best first (may be empty)
};

struct AdmissionInput {
  std::string note;  // free text (e.g. "synthetic"); not part of the commitment
  int year = 0;
  int entry_grade = 1;  // 1 = 一年级, 7 = 七年级, 0 = 幼儿园小班
  std::vector<AdmissionCriterion> rules = DefaultAdmissionRules();
  std::vector<std::string> priority_categories;  // strongest first
  std::vector<AdmissionSchool> schools;
  std::vector<AdmissionArea> areas;
  std::vector<AdmissionApplication> applications;
};

// Parses the input JSON (format in docs/admission.md). kInvalidArgument with a Chinese message
// naming the field and index ("applications[3].area: …") on any bad or inconsistent value.
Result<AdmissionInput> ParseAdmissionInput(std::string_view json_text);
// The same checks on a struct built in code (Parse calls it).
Status ValidateAdmissionInput(const AdmissionInput& input);
// The input as JSON in the documented format (demo-input, tests).
std::string AdmissionInputJson(const AdmissionInput& input);

// The canonical text the commitment hashes (format in docs/admission.md) and its SHA-256 in
// lower-case hex. The input must be valid.
std::string CanonicalAdmissionInput(const AdmissionInput& input);
std::string AdmissionCommitment(const AdmissionInput& input);
// HMAC-SHA-256(seed, application id) in lower-case hex (64 characters).
std::string LotteryNumber(std::string_view seed, std::string_view application_id);

// Why a child was admitted to, or turned away from, a school: the first criterion on which it
// differs from the marginal applicant, the lottery when none does, or kSeats when the school
// turned nobody away (划片直接录取, 学位充足).
enum class AdmissionDecision : uint8_t { kSeats = 0, kCriterion, kLottery };
struct AdmissionReason {
  AdmissionDecision decision = AdmissionDecision::kSeats;
  AdmissionCriterion criterion = AdmissionCriterion::kPriority;  // kCriterion only
};
// "seats", "lottery" or the criterion's name.
std::string AdmissionReasonName(const AdmissionReason& r);

struct AdmissionRejection {
  std::string school;
  AdmissionReason reason;  // versus the weakest child the school admitted
};

struct AdmissionPlacement {
  std::string application;
  std::string area;
  std::string school;  // "" = unplaced
  int choice = 0;      // 1-based position in the completed list; 0 when unplaced
  std::string lottery_number;
  AdmissionReason reason;  // versus the strongest child the school turned away
  // Schools ranked above the placed one (all of them when unplaced), each with why it said no.
  std::vector<AdmissionRejection> rejected;
  std::string unplaced_reason;  // Chinese, for the county (统筹安排); "" when placed
};

struct AdmissionSchoolResult {
  std::string code;
  int capacity = 0;
  int admitted = 0;
  int applicants = 0;  // eligible children with the school first on their completed list
};

struct AdmissionResult {
  int year = 0;
  int entry_grade = 1;
  std::string commitment;
  std::string seed;
  std::vector<AdmissionSchoolResult> schools;  // by code
  std::vector<AdmissionPlacement> placements;  // every eligible child, by application id
  std::vector<std::string> ineligible;         // by id
};

// Places every eligible application. kInvalidArgument when the input is invalid or the seed is
// empty. Deterministic given (input, seed); capacities are never exceeded.
Result<AdmissionResult> RunAdmission(const AdmissionInput& input, std::string_view seed);

// The published result document: {"year", "entry_grade", "schools", "unplaced", "ineligible",
// "lottery": {"commitment", "seed", "algorithm"}, "placements"} (docs/admission.md).
std::string AdmissionResultJson(const AdmissionResult& result);

// Re-runs the placement from the published input and seed and compares it with the published
// result document. Returns every difference (Chinese, one line each, naming the path:
// "placements[2026-0007].school: 公布 S01，重算 S02"); empty = identical. kInvalidArgument when
// the input or seed is invalid or the result is not JSON.
Result<std::vector<std::string>> VerifyAdmission(const AdmissionInput& input, std::string_view seed,
                                                 std::string_view published_result_json);

// A synthetic county (clearly marked as such in the file it ends up in): `schools` schools in
// areas of one to three schools, about `applications` applications, a few oversubscribed urban
// areas, priority categories and residence data drawn from `seed`. For demos and the benchmark.
AdmissionInput SyntheticAdmissionInput(uint64_t seed, int schools, int applications);

}  // namespace zj::engine
