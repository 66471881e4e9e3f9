// Scoring of one student's 体质健康测试 row by 《国家学生体质健康标准（2014年修订）》: BMI band and
// score, every item's score from its 20-level table, the weighted 标准分, the 附加分 (一分钟跳绳 in
// 小学; 引体向上 / 1000米跑 for boys and 一分钟仰卧起坐 / 800米跑 for girls from 初中 on; capped at
// 20 in total), the 学年总分 = 标准分 + 附加分 and its band (优秀 ≥ 90, 良好 ≥ 80, 及格 ≥ 60).
//
// The tables are data (data/standards/fitness/*.csv, sources in sources.csv and docs/fitness.md);
// every threshold row, weight and bonus rule carries a verification status, and a score reports
// which of the parts it used are unverified. FitnessStandard::Load() parses them once into flat
// lookup arrays; Score() is then a pure function (no I/O, no allocation beyond the result's
// vectors, thread-safe on a const standard).
//
// Arithmetic is exact: values are hundredths (zj/model/fitness.h), weights whole percent, so
// 标准分 is a whole number of hundredths of a point. Rounding (the standard states none; decided
// here and documented in docs/fitness.md): BMI = 体重 / 身高² is rounded half up to 0.1 before
// banding (the BMI tables are written at 0.1); the 学年总分 is rounded half up to 0.1 and the band
// is read from that rounded value (89.95 → 90.0 → 优秀).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"
#include "zj/model/fitness.h"

namespace zj::engine {

// How well a number is sourced (docs/fitness.md): kSecondary = two independent public copies of
// the official table agree; kUnverified = one copy only (or copies disagree). No number has been
// checked against the official PDF, so nothing is kVerified today; the value exists for tables
// that will be.
enum class FitnessCheck : uint8_t { kVerified = 0, kSecondary = 1, kUnverified = 2 };
std::string_view FitnessCheckName(FitnessCheck c);  // "verified", "secondary", "unverified"

enum class FitnessBand : uint8_t { kNone = 0, kExcellent, kGood, kPass, kFail };
std::string_view FitnessBandName(FitnessBand b);  // "优秀", "良好", "及格", "不及格" ("" for kNone)

enum class BmiBand : uint8_t { kNone = 0, kNormal, kUnderweight, kOverweight, kObese };
std::string_view BmiBandName(BmiBand b);  // "正常", "低体重", "超重", "肥胖"

// The scored parts of a row: BMI, then the measured items of the upload layout.
enum class FitnessPart : uint8_t {
  kBmi = 0,
  kVitalCapacity,
  kRun50m,
  kSitAndReach,
  kRope1min,
  kSitUp1min,
  kShuttle50x8,
  kStandingLongJump,
  kPullUp,
  kRun1000m,
  kRun800m,
};
inline constexpr int kFitnessPartCount = 11;
// "体重指数(BMI)" or the item's column name (肺活量 …).
std::string_view FitnessPartName(FitnessPart p);
// The measured item behind a part (kBmi has none: it comes from 身高 and 体重).
model::FitnessItem FitnessPartItem(FitnessPart p);

struct FitnessPartScore {
  FitnessPart part = FitnessPart::kBmi;
  // kBmi: BMI in tenths (20.1 → 201); other parts: the value in hundredths of the item's unit.
  int32_t value = 0;
  int score = 0;  // 0–100 (0 below the 10-point row)
  int bonus = 0;  // 附加分 earned by this item (before the overall cap of 20)
  int weight_percent = 0;
  BmiBand bmi_band = BmiBand::kNone;              // kBmi only
  FitnessCheck check = FitnessCheck::kSecondary;  // of the table row that decided the score
};

struct FitnessScore {
  int grade = 0;
  int sex = 0;
  // The parts the grade and sex are scored on, in FitnessPart order; only those that were tested.
  std::vector<FitnessPartScore> parts;
  // Parts the grade and sex require but the row leaves blank; non-empty → no total.
  std::vector<FitnessPart> missing;
  // Items measured but not part of this grade/sex's test (e.g. 一分钟跳绳 in 初中): ignored.
  std::vector<model::FitnessItem> ignored;
  bool complete = false;       // missing is empty: the totals below are set
  int64_t standard_centi = 0;  // 标准分 in hundredths (Σ score × weight%)
  int bonus = 0;               // 附加分 after the cap of 20
  int total_tenths = 0;        // 学年总分 in tenths, rounded half up
  FitnessBand band = FitnessBand::kNone;
  // Unverified parts used by this score: part names, plus "权重" (weights) and "加分" (bonus rule)
  // when those rules are unverified for the grade.
  std::vector<std::string_view> unverified;
};

class FitnessStandard {
 public:
  // Parses the embedded tables (data/standards/fitness/) into lookup arrays. kInvalidArgument /
  // kDataLoss with a Chinese message when a file is missing or malformed (a programmer error in
  // the shipped data; tests keep it from happening).
  static Result<std::shared_ptr<const FitnessStandard>> Load();
  // The same from CSV texts (tests): item_scores, bmi_bands, weights, bonus, rules.
  static Result<std::shared_ptr<const FitnessStandard>> FromCsv(std::string_view item_scores,
                                                                std::string_view bmi_bands,
                                                                std::string_view weights,
                                                                std::string_view bonus,
                                                                std::string_view rules);

  // Scores one row. kInvalidArgument (Chinese message naming the column and value) when the grade
  // is not a 年级编号, the sex not 1/2, or a value outside its plausibility limits
  // (zj/model/fitness.h). Blank required items are not errors: they go to `missing`.
  Result<FitnessScore> Score(const model::FitnessRecord& row) const;

  // The parts scored for a grade and sex (empty for an unknown grade/sex).
  std::vector<FitnessPart> PartsFor(int grade, int sex) const;

  struct Impl;
  explicit FitnessStandard(std::unique_ptr<Impl> impl);
  ~FitnessStandard();

 private:
  std::unique_ptr<Impl> impl_;
};

// Renders tenths / hundredths as a decimal ("87.4", "-3.2", "225"): integers without a point.
std::string FormatFixed(int64_t value, int decimals);

}  // namespace zj::engine
