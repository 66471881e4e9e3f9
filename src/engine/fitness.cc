// 国家学生体质健康标准 scoring (zj/engine/fitness.h): loads data/standards/fitness/*.csv once into
// flat per-(grade, sex, part) tables, then scores rows with integer arithmetic only.
#include "zj/engine/fitness.h"

#include <algorithm>
#include <climits>
#include <string>

#include "zj/common/csv.h"
#include "zj/common/embedded.h"

namespace zj::engine {

namespace {

using model::FitnessItem;
using model::FitnessRecord;

constexpr int kGrades = 16;
constexpr int kMaxRows = 20;
constexpr int kMaxBonus = 20;
constexpr std::array<std::string_view, kFitnessPartCount> kPartNames = {
    "体重指数(BMI)", "肺活量",   "50米跑",   "坐位体前屈", "一分钟跳绳", "一分钟仰卧起坐",
    "50米×8往返跑",  "立定跳远", "引体向上", "1000米跑",   "800米跑"};
constexpr std::array<FitnessItem, kFitnessPartCount> kPartItems = {
    FitnessItem::kHeight,      FitnessItem::kVitalCapacity,    FitnessItem::kRun50m,
    FitnessItem::kSitAndReach, FitnessItem::kRope1min,         FitnessItem::kSitUp1min,
    FitnessItem::kShuttle50x8, FitnessItem::kStandingLongJump, FitnessItem::kPullUp,
    FitnessItem::kRun1000m,    FitnessItem::kRun800m};

// 年级编号 → 0..15, or -1.
int GradeIndex(int grade) {
  if (grade >= 11 && grade <= 16) return grade - 11;
  if (grade >= 21 && grade <= 23) return grade - 21 + 6;
  if (grade >= 31 && grade <= 33) return grade - 31 + 9;
  if (grade >= 41 && grade <= 44) return grade - 41 + 12;
  return -1;
}

int PartIndexByName(std::string_view name) {
  for (int i = 0; i < kFitnessPartCount; ++i) {
    if (kPartNames[i] == name) return i;
  }
  return -1;
}

Result<FitnessCheck> ParseCheck(std::string_view s) {
  if (s == "verified") return FitnessCheck::kVerified;
  if (s == "secondary") return FitnessCheck::kSecondary;
  if (s == "unverified") return FitnessCheck::kUnverified;
  return Status::DataLoss("体质健康标准数据：未知的核实状态「" + std::string(s) + "」");
}

Result<int> ParseSex(std::string_view s) {
  if (s == "男") return 0;
  if (s == "女") return 1;
  return Status::DataLoss("体质健康标准数据：未知的性别「" + std::string(s) + "」");
}

Result<int32_t> ParseCenti(std::string_view s, std::string_view what) {
  int32_t v = 0;
  if (!model::ParseFitnessDecimal(s, &v)) {
    return Status::DataLoss("体质健康标准数据：" + std::string(what) + " 不是数字：「" +
                            std::string(s) + "」");
  }
  return v;
}

// "11-16" or "21" → [first, last] 年级编号, both valid.
Status ParseGrades(std::string_view s, int* first, int* last) {
  size_t dash = s.find('-');
  int32_t a = 0, b = 0;
  if (!model::ParseFitnessDecimal(s.substr(0, dash), &a) ||
      (dash != std::string_view::npos && !model::ParseFitnessDecimal(s.substr(dash + 1), &b))) {
    return Status::DataLoss("体质健康标准数据：年级范围「" + std::string(s) + "」无效");
  }
  *first = a / 100;
  *last = dash == std::string_view::npos ? *first : b / 100;
  if (GradeIndex(*first) < 0 || GradeIndex(*last) < 0 || *last < *first) {
    return Status::DataLoss("体质健康标准数据：年级范围「" + std::string(s) + "」无效");
  }
  return Status::Ok();
}

struct ScoreRow {
  int32_t threshold = 0;  // hundredths of the unit
  uint8_t score = 0;
  FitnessCheck check = FitnessCheck::kSecondary;
};

struct ItemTable {
  int n = 0;  // rows, by score descending
  std::array<ScoreRow, kMaxRows> rows;
};

struct BonusTable {
  int n = 0;                               // points 1..n
  std::array<int32_t, kMaxBonus> margins;  // margins[p-1]: hundredths beyond the 100-point value
  FitnessCheck check = FitnessCheck::kSecondary;
};

struct BmiRow {
  BmiBand band = BmiBand::kNone;
  int score = 0;
  int min_tenths = INT_MIN;  // inclusive
  int max_tenths = INT_MAX;  // inclusive
  FitnessCheck check = FitnessCheck::kSecondary;
};

struct Cell {  // one (grade, sex)
  std::array<ItemTable, kFitnessPartCount> items;
  std::array<BonusTable, kFitnessPartCount> bonus;
  std::array<int, kFitnessPartCount> weight{};  // percent; 0 = not tested
  FitnessCheck weight_check = FitnessCheck::kSecondary;
  std::vector<BmiRow> bmi;
  int weight_sum = 0;
};

bool LowerIsBetter(int part) { return part != 0 && model::FitnessItemOf(kPartItems[part]).timed; }

}  // namespace

struct FitnessStandard::Impl {
  std::array<std::array<Cell, 2>, kGrades> cells;
  int bonus_cap = 20;
  int excellent_tenths = 900, good_tenths = 800, pass_tenths = 600;
  FitnessCheck rules_check = FitnessCheck::kSecondary;

  Status LoadItems(std::string_view text);
  Status LoadBmi(std::string_view text);
  Status LoadWeights(std::string_view text);
  Status LoadBonus(std::string_view text);
  Status LoadRules(std::string_view text);
  Status Check() const;
};

Status FitnessStandard::Impl::LoadItems(std::string_view text) {
  ZJ_ASSIGN_OR_RETURN(auto table, common::CsvTable::Parse(text));
  for (const auto& row : table.rows()) {
    ZJ_ASSIGN_OR_RETURN(int32_t grade, ParseCenti(table.Get(row, "grade"), "grade"));
    int g = GradeIndex(grade / 100);
    int part = PartIndexByName(table.Get(row, "item"));
    if (g < 0 || part <= 0) {
      return Status::DataLoss("体质健康标准数据 item_scores.csv：年级或项目无效：" +
                              std::string(table.Get(row, "grade")) + " " +
                              std::string(table.Get(row, "item")));
    }
    ZJ_ASSIGN_OR_RETURN(int sex, ParseSex(table.Get(row, "sex")));
    ZJ_ASSIGN_OR_RETURN(int32_t score, ParseCenti(table.Get(row, "score"), "score"));
    ZJ_ASSIGN_OR_RETURN(int32_t threshold, ParseCenti(table.Get(row, "threshold"), "threshold"));
    ZJ_ASSIGN_OR_RETURN(FitnessCheck check, ParseCheck(table.Get(row, "status")));
    ItemTable& t = cells[g][sex].items[part];
    if (t.n == kMaxRows) return Status::DataLoss("体质健康标准数据：评分表行数超过 20");
    t.rows[t.n++] = {threshold, static_cast<uint8_t>(score / 100), check};
  }
  return Status::Ok();
}

Status FitnessStandard::Impl::LoadBmi(std::string_view text) {
  ZJ_ASSIGN_OR_RETURN(auto table, common::CsvTable::Parse(text));
  for (const auto& row : table.rows()) {
    ZJ_ASSIGN_OR_RETURN(int32_t grade, ParseCenti(table.Get(row, "grade"), "grade"));
    int g = GradeIndex(grade / 100);
    if (g < 0) return Status::DataLoss("体质健康标准数据 bmi_bands.csv：年级无效");
    ZJ_ASSIGN_OR_RETURN(int sex, ParseSex(table.Get(row, "sex")));
    BmiRow b;
    std::string_view band = table.Get(row, "band");
    b.band = band == "正常"     ? BmiBand::kNormal
             : band == "低体重" ? BmiBand::kUnderweight
             : band == "超重"   ? BmiBand::kOverweight
             : band == "肥胖"   ? BmiBand::kObese
                                : BmiBand::kNone;
    if (b.band == BmiBand::kNone) {
      return Status::DataLoss("体质健康标准数据：未知的 BMI 等级「" + std::string(band) + "」");
    }
    ZJ_ASSIGN_OR_RETURN(int32_t score, ParseCenti(table.Get(row, "score"), "score"));
    b.score = score / 100;
    if (!table.Get(row, "bmi_min").empty()) {
      ZJ_ASSIGN_OR_RETURN(int32_t v, ParseCenti(table.Get(row, "bmi_min"), "bmi_min"));
      b.min_tenths = v / 10;
    }
    if (!table.Get(row, "bmi_max").empty()) {
      ZJ_ASSIGN_OR_RETURN(int32_t v, ParseCenti(table.Get(row, "bmi_max"), "bmi_max"));
      b.max_tenths = v / 10;
    }
    ZJ_ASSIGN_OR_RETURN(b.check, ParseCheck(table.Get(row, "status")));
    cells[g][sex].bmi.push_back(b);
  }
  return Status::Ok();
}

Status FitnessStandard::Impl::LoadWeights(std::string_view text) {
  ZJ_ASSIGN_OR_RETURN(auto table, common::CsvTable::Parse(text));
  for (const auto& row : table.rows()) {
    int first = 0, last = 0;
    ZJ_RETURN_IF_ERROR(ParseGrades(table.Get(row, "grades"), &first, &last));
    int part = PartIndexByName(table.Get(row, "item"));
    if (part < 0) return Status::DataLoss("体质健康标准数据 weights.csv：未知项目");
    ZJ_ASSIGN_OR_RETURN(int32_t w, ParseCenti(table.Get(row, "weight"), "weight"));
    ZJ_ASSIGN_OR_RETURN(FitnessCheck check, ParseCheck(table.Get(row, "status")));
    std::string_view sex = table.Get(row, "sex");
    for (int grade = first; grade <= last; ++grade) {
      if (GradeIndex(grade) < 0) continue;
      for (int s = 0; s < 2; ++s) {
        if (!sex.empty() && sex != (s == 0 ? "男" : "女")) continue;
        Cell& c = cells[GradeIndex(grade)][s];
        c.weight[part] = w;  // 0.15 → 15 (hundredths = percent)
        c.weight_check = std::max(c.weight_check, check);
      }
    }
  }
  return Status::Ok();
}

Status FitnessStandard::Impl::LoadBonus(std::string_view text) {
  ZJ_ASSIGN_OR_RETURN(auto table, common::CsvTable::Parse(text));
  for (const auto& row : table.rows()) {
    int first = 0, last = 0;
    ZJ_RETURN_IF_ERROR(ParseGrades(table.Get(row, "grades"), &first, &last));
    int part = PartIndexByName(table.Get(row, "item"));
    if (part <= 0) return Status::DataLoss("体质健康标准数据 bonus.csv：未知项目");
    ZJ_ASSIGN_OR_RETURN(int32_t points, ParseCenti(table.Get(row, "points"), "points"));
    ZJ_ASSIGN_OR_RETURN(int32_t margin, ParseCenti(table.Get(row, "margin"), "margin"));
    ZJ_ASSIGN_OR_RETURN(FitnessCheck check, ParseCheck(table.Get(row, "status")));
    std::string_view sex = table.Get(row, "sex");
    for (int grade = first; grade <= last; ++grade) {
      if (GradeIndex(grade) < 0) continue;
      for (int s = 0; s < 2; ++s) {
        if (!sex.empty() && sex != (s == 0 ? "男" : "女")) continue;
        BonusTable& b = cells[GradeIndex(grade)][s].bonus[part];
        if (points / 100 != b.n + 1 || b.n == kMaxBonus) {
          return Status::DataLoss("体质健康标准数据 bonus.csv：加分须从 1 起逐分列出");
        }
        b.margins[b.n++] = margin;
        b.check = std::max(b.check, check);
      }
    }
  }
  return Status::Ok();
}

Status FitnessStandard::Impl::LoadRules(std::string_view text) {
  ZJ_ASSIGN_OR_RETURN(auto table, common::CsvTable::Parse(text));
  for (const auto& row : table.rows()) {
    std::string_view key = table.Get(row, "key");
    ZJ_ASSIGN_OR_RETURN(int32_t v, ParseCenti(table.Get(row, "value"), "value"));
    ZJ_ASSIGN_OR_RETURN(FitnessCheck check, ParseCheck(table.Get(row, "status")));
    rules_check = std::max(rules_check, check);
    if (key == "bonus_cap") {
      bonus_cap = v / 100;
    } else if (key == "band_excellent") {
      excellent_tenths = v / 10;
    } else if (key == "band_good") {
      good_tenths = v / 10;
    } else if (key == "band_pass") {
      pass_tenths = v / 10;
    } else {
      return Status::DataLoss("体质健康标准数据 rules.csv：未知规则「" + std::string(key) + "」");
    }
  }
  return Status::Ok();
}

// Every (grade, sex) has weights summing to 100 %, a table of 100…10 rows for each weighted item,
// strictly better thresholds for higher scores, and BMI bands that cover every value once.
Status FitnessStandard::Impl::Check() const {
  for (int g = 0; g < kGrades; ++g) {
    for (int s = 0; s < 2; ++s) {
      const Cell& c = cells[g][s];
      std::string where = "年级序号 " + std::to_string(g) + (s == 0 ? " 男" : " 女");
      int sum = 0;
      for (int p = 0; p < kFitnessPartCount; ++p) {
        sum += c.weight[p];
        if (c.weight[p] == 0 || p == 0) continue;
        const ItemTable& t = c.items[p];
        if (t.n < 2 || t.rows[0].score != 100) {
          return Status::DataLoss("体质健康标准数据：" + where + " " + std::string(kPartNames[p]) +
                                  " 评分表不完整");
        }
        for (int i = 1; i < t.n; ++i) {
          bool ordered = t.rows[i].score < t.rows[i - 1].score &&
                         (LowerIsBetter(p) ? t.rows[i].threshold > t.rows[i - 1].threshold
                                           : t.rows[i].threshold < t.rows[i - 1].threshold);
          if (!ordered) {
            return Status::DataLoss("体质健康标准数据：" + where + " " +
                                    std::string(kPartNames[p]) + " 评分表不单调");
          }
        }
      }
      if (sum != 100) {
        return Status::DataLoss("体质健康标准数据：" + where + " 权重之和不是 1");
      }
      if (c.weight[0] == 0 || c.bmi.size() != 4) {
        return Status::DataLoss("体质健康标准数据：" + where + " 缺少 BMI 等级");
      }
      std::vector<BmiRow> bands = c.bmi;
      std::sort(bands.begin(), bands.end(),
                [](const BmiRow& a, const BmiRow& b) { return a.min_tenths < b.min_tenths; });
      if (bands.front().min_tenths != INT_MIN || bands.back().max_tenths != INT_MAX) {
        return Status::DataLoss("体质健康标准数据：" + where + " BMI 等级未覆盖全部数值");
      }
      for (size_t i = 1; i < bands.size(); ++i) {
        if (bands[i].min_tenths != bands[i - 1].max_tenths + 1) {
          return Status::DataLoss("体质健康标准数据：" + where + " BMI 等级有空隙或重叠");
        }
      }
    }
  }
  return Status::Ok();
}

FitnessStandard::FitnessStandard(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FitnessStandard::~FitnessStandard() = default;

Result<std::shared_ptr<const FitnessStandard>> FitnessStandard::FromCsv(
    std::string_view item_scores, std::string_view bmi_bands, std::string_view weights,
    std::string_view bonus, std::string_view rules) {
  auto impl = std::make_unique<Impl>();
  ZJ_RETURN_IF_ERROR(impl->LoadItems(item_scores));
  ZJ_RETURN_IF_ERROR(impl->LoadBmi(bmi_bands));
  ZJ_RETURN_IF_ERROR(impl->LoadWeights(weights));
  ZJ_RETURN_IF_ERROR(impl->LoadBonus(bonus));
  ZJ_RETURN_IF_ERROR(impl->LoadRules(rules));
  for (auto& per_grade : impl->cells) {
    for (Cell& c : per_grade) {
      for (auto& t : c.items) {
        std::sort(t.rows.begin(), t.rows.begin() + t.n,
                  [](const ScoreRow& a, const ScoreRow& b) { return a.score > b.score; });
      }
    }
  }
  ZJ_RETURN_IF_ERROR(impl->Check());
  return std::make_shared<const FitnessStandard>(std::move(impl));
}

Result<std::shared_ptr<const FitnessStandard>> FitnessStandard::Load() {
  constexpr std::string_view kDir = "data/standards/fitness/";
  std::array<std::string_view, 5> texts;
  constexpr std::array<std::string_view, 5> kFiles = {"item_scores.csv", "bmi_bands.csv",
                                                      "weights.csv", "bonus.csv", "rules.csv"};
  for (size_t i = 0; i < kFiles.size(); ++i) {
    auto text = common::EmbeddedFile(std::string(kDir) + std::string(kFiles[i]));
    if (!text) {
      return Status::NotFound("缺少内置数据文件 " + std::string(kDir) + std::string(kFiles[i]));
    }
    texts[i] = *text;
  }
  return FromCsv(texts[0], texts[1], texts[2], texts[3], texts[4]);
}

std::vector<FitnessPart> FitnessStandard::PartsFor(int grade, int sex) const {
  std::vector<FitnessPart> parts;
  int g = GradeIndex(grade);
  if (g < 0 || (sex != 1 && sex != 2)) return parts;
  const Cell& c = impl_->cells[g][sex - 1];
  for (int p = 0; p < kFitnessPartCount; ++p) {
    if (c.weight[p] > 0) parts.push_back(static_cast<FitnessPart>(p));
  }
  return parts;
}

Result<FitnessScore> FitnessStandard::Score(const FitnessRecord& row) const {
  int g = GradeIndex(row.grade);
  if (g < 0) {
    return Status::InvalidArgument("年级编号「" + std::to_string(row.grade) +
                                   "」无效：应为 11–16（小学）、21–23（初中）、31–33（高中）或 "
                                   "41–44（大学）");
  }
  if (row.sex != 1 && row.sex != 2) {
    return Status::InvalidArgument("性别「" + std::to_string(row.sex) +
                                   "」无效：应为 1（男）或 2（女）");
  }
  for (int i = 0; i < model::kFitnessItemCount; ++i) {
    int32_t v = row.centi[i];
    if (v == model::kFitnessNoValue) continue;
    const auto& info = model::kFitnessItems[i];
    if (v < info.min_centi || v > info.max_centi) {
      return Status::InvalidArgument("「" + std::string(info.column) + "」的值 " +
                                     model::FormatFitnessCenti(v) + " " + std::string(info.unit) +
                                     "超出合理范围（" + model::FitnessRangeText(info) + "）");
    }
  }
  const Cell& c = impl_->cells[g][row.sex - 1];
  FitnessScore out;
  out.grade = row.grade;
  out.sex = row.sex;
  out.parts.reserve(8);
  int64_t standard = 0;
  int bonus = 0;
  bool weight_used = false;
  bool bonus_rule_unverified = false;
  for (int p = 0; p < kFitnessPartCount; ++p) {
    if (c.weight[p] == 0) continue;
    FitnessPartScore ps;
    ps.part = static_cast<FitnessPart>(p);
    ps.weight_percent = c.weight[p];
    if (p == 0) {
      if (!row.Has(FitnessItem::kHeight) || !row.Has(FitnessItem::kWeight)) {
        out.missing.push_back(ps.part);
        continue;
      }
      // BMI × 10 = 体重(百分之一千克) × 10^7 / 身高(百分之一厘米)², rounded half up.
      int64_t h = row.Get(FitnessItem::kHeight);
      int64_t num = int64_t{row.Get(FitnessItem::kWeight)} * 10'000'000;
      int64_t den = h * h;
      ps.value = static_cast<int32_t>((2 * num + den) / (2 * den));
      for (const BmiRow& b : c.bmi) {
        if (ps.value >= b.min_tenths && ps.value <= b.max_tenths) {
          ps.score = b.score;
          ps.bmi_band = b.band;
          ps.check = b.check;
          break;
        }
      }
    } else {
      FitnessItem item = kPartItems[p];
      if (!row.Has(item)) {
        out.missing.push_back(ps.part);
        continue;
      }
      ps.value = row.Get(item);
      const ItemTable& t = c.items[p];
      bool lower = LowerIsBetter(p);
      ps.check = t.rows[t.n - 1].check;
      for (int i = 0; i < t.n; ++i) {
        if (lower ? ps.value <= t.rows[i].threshold : ps.value >= t.rows[i].threshold) {
          ps.score = t.rows[i].score;
          ps.check = t.rows[i].check;
          break;
        }
      }
      const BonusTable& b = c.bonus[p];
      if (ps.score == 100 && b.n > 0) {
        int64_t margin = lower ? int64_t{t.rows[0].threshold} - ps.value
                               : int64_t{ps.value} - t.rows[0].threshold;
        while (ps.bonus < b.n && b.margins[ps.bonus] <= margin) ++ps.bonus;
        bonus += ps.bonus;
        if (b.check == FitnessCheck::kUnverified) bonus_rule_unverified = true;
      }
    }
    weight_used = true;
    standard += int64_t{ps.score} * ps.weight_percent;
    if (ps.check == FitnessCheck::kUnverified) out.unverified.push_back(kPartNames[p]);
    out.parts.push_back(ps);
  }
  for (int i = 0; i < model::kFitnessItemCount; ++i) {
    auto item = static_cast<FitnessItem>(i);
    if (item == FitnessItem::kHeight || item == FitnessItem::kWeight || !row.Has(item)) continue;
    bool used = false;
    for (int p = 1; p < kFitnessPartCount; ++p) used |= kPartItems[p] == item && c.weight[p] > 0;
    if (!used) out.ignored.push_back(item);
  }
  if (weight_used && c.weight_check == FitnessCheck::kUnverified) {
    out.unverified.push_back("权重");
  }
  if (bonus_rule_unverified) out.unverified.push_back("加分");
  out.complete = out.missing.empty();
  if (out.complete) {
    out.standard_centi = standard;
    out.bonus = std::min(bonus, impl_->bonus_cap);
    int64_t total_centi = standard + int64_t{out.bonus} * 100;
    out.total_tenths = static_cast<int>((total_centi + 5) / 10);
    out.band = out.total_tenths >= impl_->excellent_tenths ? FitnessBand::kExcellent
               : out.total_tenths >= impl_->good_tenths    ? FitnessBand::kGood
               : out.total_tenths >= impl_->pass_tenths    ? FitnessBand::kPass
                                                           : FitnessBand::kFail;
  }
  return out;
}

std::string_view FitnessCheckName(FitnessCheck c) {
  switch (c) {
    case FitnessCheck::kVerified:
      return "verified";
    case FitnessCheck::kSecondary:
      return "secondary";
    case FitnessCheck::kUnverified:
      return "unverified";
  }
  return "";
}

std::string_view FitnessBandName(FitnessBand b) {
  switch (b) {
    case FitnessBand::kNone:
      return "";
    case FitnessBand::kExcellent:
      return "优秀";
    case FitnessBand::kGood:
      return "良好";
    case FitnessBand::kPass:
      return "及格";
    case FitnessBand::kFail:
      return "不及格";
  }
  return "";
}

std::string_view BmiBandName(BmiBand b) {
  switch (b) {
    case BmiBand::kNone:
      return "";
    case BmiBand::kNormal:
      return "正常";
    case BmiBand::kUnderweight:
      return "低体重";
    case BmiBand::kOverweight:
      return "超重";
    case BmiBand::kObese:
      return "肥胖";
  }
  return "";
}

std::string_view FitnessPartName(FitnessPart p) { return kPartNames[static_cast<int>(p)]; }

model::FitnessItem FitnessPartItem(FitnessPart p) { return kPartItems[static_cast<int>(p)]; }

std::string FormatFixed(int64_t value, int decimals) {
  bool negative = value < 0;
  uint64_t v = negative ? -static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  uint64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  std::string out = negative ? "-" : "";
  out += std::to_string(v / scale);
  uint64_t frac = v % scale;
  if (frac != 0) {
    std::string digits = std::to_string(frac);
    digits.insert(0, decimals - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

}  // namespace zj::engine
