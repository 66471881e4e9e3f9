// One student's 体质健康测试 results in the layout schools upload to the national 学生体质健康标准
// data system (one row per student: 年级编号, 性别 and the measured items). A plain value type
// shared by io (which reads the upload files), engine (which scores a row, zj/engine/fitness.h) and
// cli. Values are fixed-point integers in hundredths of the item's unit, so that the score tables'
// thresholds (written with at most one decimal) compare exactly, never through binary floating
// point. Header-only.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace zj::model {

// The measured columns of the upload layout, in the layout's order.
enum class FitnessItem : uint8_t {
  kHeight = 0,        // 身高, 厘米
  kWeight,            // 体重, 千克
  kVitalCapacity,     // 肺活量, 毫升
  kRun50m,            // 50米跑, 秒
  kSitAndReach,       // 坐位体前屈, 厘米 (may be negative)
  kRope1min,          // 一分钟跳绳, 次
  kSitUp1min,         // 一分钟仰卧起坐, 次
  kShuttle50x8,       // 50米×8往返跑, 秒 (written m'ss)
  kStandingLongJump,  // 立定跳远, 厘米
  kPullUp,            // 引体向上, 次
  kRun1000m,          // 1000米跑, 秒 (written m'ss)
  kRun800m,           // 800米跑, 秒 (written m'ss)
};
inline constexpr int kFitnessItemCount = 12;

struct FitnessItemInfo {
  std::string_view column;  // header in the national layout
  std::string_view unit;    // 厘米, 千克, 毫升, 秒, 次
  bool timed;               // a run: lower is better, may be written m'ss
  bool integer;             // counted (次, 毫升): no fractional part accepted
  // Plausibility limits (inclusive, hundredths of the unit). Not part of the standard: they catch
  // typing and unit mistakes (a 50米跑 of 85 秒, a 身高 in metres). Documented in docs/fitness.md.
  int32_t min_centi;
  int32_t max_centi;
};

inline constexpr std::array<FitnessItemInfo, kFitnessItemCount> kFitnessItems = {{
    {"身高", "厘米", false, false, 50'00, 250'00},
    {"体重", "千克", false, false, 10'00, 250'00},
    {"肺活量", "毫升", false, true, 100'00, 10000'00},
    {"50米跑", "秒", true, false, 4'00, 30'00},
    {"坐位体前屈", "厘米", false, false, -50'00, 50'00},
    {"一分钟跳绳", "次", false, true, 0, 400'00},
    {"一分钟仰卧起坐", "次", false, true, 0, 120'00},
    {"50米×8往返跑", "秒", true, false, 60'00, 600'00},
    {"立定跳远", "厘米", false, false, 30'00, 400'00},
    {"引体向上", "次", false, true, 0, 100'00},
    {"1000米跑", "秒", true, false, 120'00, 1200'00},
    {"800米跑", "秒", true, false, 100'00, 1200'00},
}};

inline constexpr const FitnessItemInfo& FitnessItemOf(FitnessItem item) {
  return kFitnessItems[static_cast<int>(item)];
}

// A blank cell (item not tested).
inline constexpr int32_t kFitnessNoValue = INT32_MIN;

struct FitnessRecord {
  int grade =
      0;  // 年级编号: 11–16 小学一至六年级, 21–23 初一至初三, 31–33 高一至高三, 41–44 大一至大四
  int sex = 0;  // 性别: 1 男, 2 女
  // Measured values in hundredths of the unit (3'45 → 22500; 8.5 秒 → 850), by FitnessItem;
  // kFitnessNoValue when blank.
  std::array<int32_t, kFitnessItemCount> centi = FilledNoValue();

  bool Has(FitnessItem item) const { return centi[static_cast<int>(item)] != kFitnessNoValue; }
  int32_t Get(FitnessItem item) const { return centi[static_cast<int>(item)]; }
  void Set(FitnessItem item, int32_t v) { centi[static_cast<int>(item)] = v; }

  static constexpr std::array<int32_t, kFitnessItemCount> FilledNoValue() {
    std::array<int32_t, kFitnessItemCount> a{};
    for (auto& v : a) v = kFitnessNoValue;
    return a;
  }
};

// Parses a decimal written with '.' ("8.5", "-3.2", "+12", "0.05") into hundredths, rounding half
// away from zero beyond two decimals. false on anything else (no exponent, no grouping, no spaces;
// the caller folds full-width characters and trims first). Values beyond ±21,474,836 are refused.
inline bool ParseFitnessDecimal(std::string_view s, int32_t* centi) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  int64_t whole = 0;
  int digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
    whole = whole * 10 + (s[i] - '0');
    if (whole > 21'474'836) return false;
  }
  int64_t frac = 0;
  int frac_digits = 0;
  bool round_up = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++frac_digits) {
      if (frac_digits < 2) {
        frac = frac * 10 + (s[i] - '0');
      } else if (frac_digits == 2) {
        round_up = s[i] >= '5';
      }
    }
  }
  if (i != s.size() || digits + frac_digits == 0) return false;
  if (frac_digits == 1) frac *= 10;
  int64_t v = whole * 100 + frac + (round_up ? 1 : 0);
  *centi = static_cast<int32_t>(negative ? -v : v);
  return true;
}

// Parses a run time: m'ss with an optional fraction of a second ("3'45", "3'45.5", "0'58") and the
// typographic variants 3′45″, 3’45”, 3'45" and 3′45; or plain seconds ("225", "96.4"). The
// seconds part of m'ss must have two digits below 60. Returns hundredths of a second; false on
// anything else.
inline bool ParseFitnessTime(std::string_view s, int32_t* centi) {
  // Strip a trailing second mark: " (ASCII), ″ (U+2033), ” (U+201D), or '' (two primes).
  constexpr std::string_view kSecondMarks[] = {"\"", "\u2033", "\u201d", "''"};
  constexpr std::string_view kMinuteMarks[] = {"'", "\u2032", "\u2019", "\u00b4"};
  for (std::string_view m : kSecondMarks) {
    if (s.size() > m.size() && s.substr(s.size() - m.size()) == m) {
      s.remove_suffix(m.size());
      break;
    }
  }
  size_t pos = std::string_view::npos;
  size_t mark_len = 0;
  for (std::string_view m : kMinuteMarks) {
    size_t p = s.find(m);
    if (p != std::string_view::npos && (pos == std::string_view::npos || p < pos)) {
      pos = p;
      mark_len = m.size();
    }
  }
  if (pos == std::string_view::npos) {  // plain seconds
    if (s.empty() || s[0] == '-' || s[0] == '+') return false;
    return ParseFitnessDecimal(s, centi);
  }
  std::string_view minutes = s.substr(0, pos);
  std::string_view seconds = s.substr(pos + mark_len);
  if (minutes.empty() || minutes.size() > 2) return false;
  int m = 0;
  for (char c : minutes) {
    if (c < '0' || c > '9') return false;
    m = m * 10 + (c - '0');
  }
  if (seconds.size() < 2 || seconds[0] < '0' || seconds[0] > '5' || seconds[1] < '0' ||
      seconds[1] > '9' || (seconds.size() > 2 && seconds[2] != '.')) {
    return false;
  }
  int32_t sec = 0;
  if (!ParseFitnessDecimal(seconds, &sec) || sec >= 60'00) return false;
  *centi = m * 60'00 + sec;
  return true;
}

// Hundredths as a decimal without trailing zeros: 22500 → "225", -320 → "-3.2", 5 → "0.05".
inline std::string FormatFitnessCenti(int64_t centi) {
  uint64_t v = centi < 0 ? -static_cast<uint64_t>(centi) : static_cast<uint64_t>(centi);
  std::string s = (centi < 0 ? "-" : "") + std::to_string(v / 100);
  if (uint64_t frac = v % 100; frac != 0) {
    s += '.';
    s += static_cast<char>('0' + frac / 10);
    if (frac % 10 != 0) s += static_cast<char>('0' + frac % 10);
  }
  return s;
}

// "4–30 秒": an item's plausibility limits for messages.
inline std::string FitnessRangeText(const FitnessItemInfo& info) {
  return FormatFitnessCenti(info.min_centi) + "–" + FormatFitnessCenti(info.max_centi) + " " +
         std::string(info.unit);
}

// Whether `grade` is a 年级编号 of the national layout.
inline constexpr bool IsFitnessGrade(int grade) {
  return (grade >= 11 && grade <= 16) || (grade >= 21 && grade <= 23) ||
         (grade >= 31 && grade <= 33) || (grade >= 41 && grade <= 44);
}

}  // namespace zj::model
