// Plan text → draft targets (zj/engine/plan_extract.h). The text is decoded to code points once
// (keeping each one's byte offset, so quotes are cut from the input verbatim) and read line by
// line: headings switch a "review" state (十三五 achievements are not targets), the 主要指标
// table is parsed cell by cell, every other line is split into sentences and clauses and each
// figure-with-unit becomes a draft with the comparator its neighbouring words give.
#include "zj/engine/plan_extract.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "zj/common/embedded.h"

namespace zj::engine {
namespace {

using U32 = std::u32string;
using U32View = std::u32string_view;

// ---- Text: code points with their byte offsets ------------------------------------------------

struct Text {
  U32 s;
  std::vector<size_t> off;  // off[i] = byte offset of s[i]; off[s.size()] = input size
};

Text Decode(std::string_view in) {
  Text t;
  t.s.reserve(in.size());
  t.off.reserve(in.size() + 1);
  size_t i = 0;
  while (i < in.size()) {
    auto b = static_cast<unsigned char>(in[i]);
    char32_t cp = 0xFFFD;
    size_t n = 1;
    if (b < 0x80) {
      cp = b;
    } else {
      size_t len = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
      if (len != 0 && i + len <= in.size()) {
        char32_t v = b & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
        bool ok = true;
        for (size_t k = 1; k < len; ++k) {
          auto c = static_cast<unsigned char>(in[i + k]);
          if ((c & 0xC0) != 0x80) {
            ok = false;
            break;
          }
          v = (v << 6) | (c & 0x3F);
        }
        if (ok) cp = v, n = len;
      }
    }
    t.s.push_back(cp);
    t.off.push_back(i);
    i += n;
  }
  t.off.push_back(in.size());
  return t;
}

std::string Encode(U32View s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t cp : s) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

// Full-width ASCII → ASCII, ideographic space → space; everything else unchanged (one code point
// for one, so positions stay aligned with the original).
char32_t Fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFF01 + 0x21;
  if (c == 0x3000 || c == 0xA0) return U' ';
  return c;
}

U32 FoldAll(U32View s) {
  U32 out(s);
  for (auto& c : out) c = Fold(c);
  return out;
}

bool IsSpace(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\r' || c == 0x3000 || c == 0xA0;
}
bool IsDigit(char32_t c) { return Fold(c) >= U'0' && Fold(c) <= U'9'; }
bool IsLatin(char32_t c) {
  c = Fold(c);
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}

// s (folded) has `w` at position i.
bool At(U32View s, size_t i, U32View w) {
  return i + w.size() <= s.size() && s.substr(i, w.size()) == w;
}
bool Contains(U32View s, U32View w) { return s.find(w) != U32View::npos; }

U32View Trim(U32View s) {
  while (!s.empty() && (IsSpace(s.front()) || s.front() == U'\n')) s.remove_prefix(1);
  while (!s.empty() && (IsSpace(s.back()) || s.back() == U'\n')) s.remove_suffix(1);
  return s;
}

// ---- Numbers ------------------------------------------------------------------------------------

int ChineseDigit(char32_t c) {
  switch (c) {
    case U'零':
      return 0;
    case U'一':
      return 1;
    case U'二':
    case U'两':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    default:
      return -1;
  }
}
bool IsChineseNumeral(char32_t c) {
  return ChineseDigit(c) >= 0 || c == U'十' || c == U'百' || c == U'千';
}

// Value of a Chinese numeral such as 两, 十, 十二, 二十, 三百, 一千五百; nullopt when malformed.
std::optional<double> ChineseValue(U32View s) {
  double total = 0, digit = -1;
  for (char32_t c : s) {
    int d = ChineseDigit(c);
    if (d >= 0) {
      if (digit >= 0) return std::nullopt;  // 二三: not a number
      digit = d;
      continue;
    }
    double unit = c == U'十' ? 10 : c == U'百' ? 100 : c == U'千' ? 1000 : 0;
    if (unit == 0) return std::nullopt;
    total += (digit < 0 ? 1 : digit) * unit;
    digit = -1;
  }
  if (digit >= 0) total += digit;
  return total;
}

// An Arabic number at s[i] (digits, optional decimal part); returns its end or i.
size_t ScanArabic(U32View s, size_t i, double* value) {
  size_t j = i;
  std::string ascii;
  while (j < s.size() && IsDigit(s[j])) ascii.push_back(static_cast<char>(Fold(s[j++])));
  if (j == i) return i;
  if (j + 1 < s.size() && (Fold(s[j]) == U'.') && IsDigit(s[j + 1])) {
    ascii.push_back('.');
    ++j;
    while (j < s.size() && IsDigit(s[j])) ascii.push_back(static_cast<char>(Fold(s[j++])));
  }
  *value = std::stod(ascii);
  return j;
}

// ---- Units --------------------------------------------------------------------------------------

struct UnitDef {
  U32View text;      // as written after the number
  const char* unit;  // as output
  double scale;
};
// Longest first. 岁, 天, 小时, 月, 日 are deliberately absent (ages, norms, dates).
constexpr UnitDef kUnits[] = {
    {U"个百分点", "个百分点", 1},
    {U"万平方米", "平方米", 10000},
    {U"万人次", "人次", 10000},
    {U"平方米", "平方米", 1},
    {U"个班", "个班", 1},
    {U"万人", "人", 10000},
    {U"万个", "个", 10000},
    {U"万元", "万元", 1},
    {U"亿元", "万元", 10000},
    {U"万册", "册", 10000},
    {U"万名", "名", 10000},
    {U"人次", "人次", 1},
    {U"学时", "学时", 1},
    {U"%", "%", 1},
    {U"％", "%", 1},
    {U"元", "元", 1},
    {U"人", "人", 1},
    {U"名", "名", 1},
    {U"所", "所", 1},
    {U"个", "个", 1},
    {U"间", "间", 1},
    {U"套", "套", 1},
    {U"台", "台", 1},
    {U"项", "项", 1},
    {U"本", "本", 1},
    {U"册", "册", 1},
    {U"例", "例", 1},
    {U"家", "家", 1},
    {U"支", "支", 1},
    {U"座", "座", 1},
    {U"处", "处", 1},
    {U"门", "门", 1},
    {U"年", "年", 1},
};
// Units a Chinese numeral may carry (两所, 三个 …): institutions and people only.
bool ChineseNumeralUnit(std::string_view unit) {
  return unit == "所" || unit == "个" || unit == "名" || unit == "人" || unit == "间" ||
         unit == "家";
}

const UnitDef* UnitAt(U32View s, size_t i) {
  for (const auto& u : kUnits) {
    if (At(s, i, u.text)) return &u;
  }
  return nullptr;
}

// ---- Comparator words
// ----------------------------------------------------------------------------

struct CompWord {
  U32View text;
  const char* comparator;  // "" = a change verb (提高/降低 …), decided by the unit
  bool adjacent_only;      // single characters (达, 为) count only right before the figure
  int change = 0;          // +1 提高…, -1 降低… (only with 个百分点)
};
constexpr CompWord kCompWords[] = {
    {U"不低于", ">=", false}, {U"不少于", ">=", false}, {U"不小于", ">=", false},
    {U"不超过", "<=", false}, {U"不高于", "<=", false}, {U"不大于", "<=", false},
    {U"提高到", ">=", false}, {U"提高至", ">=", false}, {U"提升到", ">=", false},
    {U"提升至", ">=", false}, {U"增加到", ">=", false}, {U"增加至", ">=", false},
    {U"增长到", ">=", false}, {U"扩大到", ">=", false}, {U"保持在", ">=", false},
    {U"稳定在", ">=", false}, {U"降低到", "<=", false}, {U"降低至", "<=", false},
    {U"下降到", "<=", false}, {U"下降至", "<=", false}, {U"减少到", "<=", false},
    {U"控制在", "<=", false}, {U"达到", ">=", false},   {U"至少", ">=", false},
    {U"增至", ">=", false},   {U"降至", "<=", false},   {U"超过", ">", false},
    {U"高于", ">", false},    {U"大于", ">", false},    {U"多于", ">", false},
    {U"低于", "<", false},    {U"小于", "<", false},    {U"少于", "<", false},
    {U"实现", ">=", false},   {U"提高", "", false, 1},  {U"提升", "", false, 1},
    {U"增加", "", false, 1},  {U"增长", "", false, 1},  {U"降低", "", false, -1},
    {U"下降", "", false, -1}, {U"减少", "", false, -1}, {U"达", ">=", true},
    {U"为", ">=", true},      {U"≥", ">=", true},       {U">", ">", true},
    {U"≤", "<=", true},       {U"<", "<", true},        {U"=", ">=", true},
};

// ---- Clause-level filters
// ------------------------------------------------------------------------

// The clause talks about the past or the present state (or about the document), not a target.
bool IsPastClause(U32View c) {
  // What the document says about itself (《规划》确定了17个重点工程) is not a target either.
  if (Contains(c, U"《规划》") || Contains(c, U"本规划")) return true;
  static constexpr U32View kPast[] = {U"十三五", U"十二五", U"现有", U"已",
                                      U"累计",   U"截至",   U"上年", U"去年"};
  for (U32View w : kPast) {
    if (Contains(c, w)) return true;
  }
  // 由 X 提高到 Y / 从 X 上升到 Y: a change already made.
  size_t from = std::min(c.find(U"由"), c.find(U"从"));
  if (from != U32View::npos) {
    for (U32View w : {U"提高到", U"上升到", U"下降到", U"增加到", U"提升到", U"减少到"}) {
      size_t p = c.find(w, from);
      if (p != U32View::npos) return true;
    }
  }
  return false;
}

// Norms about activities and per-student skills, which plans state as rules, not outcomes.
bool IsNormClause(U32View c, std::string_view unit) {
  static constexpr U32View kNorm[] = {U"每天",   U"每周",     U"每月",     U"每学期",  U"每两年",
                                      U"每三年", U"每年举办", U"每年一届", U"每年两次"};
  for (U32View w : kNorm) {
    if (Contains(c, w)) return true;
  }
  if (unit == "项" && (Contains(c, U"学生") || Contains(c, U"少儿") || Contains(c, U"儿童")) &&
      (Contains(c, U"技能") || Contains(c, U"爱好"))) {
    return true;
  }
  return false;
}

// Marks code points inside 《》, “”, "", （）/() so that numbers there are ignored.
std::vector<bool> ProtectedMask(U32View s) {
  std::vector<bool> mask(s.size(), false);
  int book = 0, paren = 0;
  bool quote = false, ascii_quote = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char32_t c = Fold(s[i]);
    if (c == U'《') ++book;
    if (c == U'(') ++paren;
    if (c == U'“') quote = true;
    if (c == U'"') ascii_quote = !ascii_quote;
    mask[i] = book > 0 || paren > 0 || quote || ascii_quote;
    if (c == U'》' && book > 0) --book;
    if (c == U')' && paren > 0) --paren;
    if (c == U'”') quote = false;
  }
  return mask;
}

// ---- Figures in a clause -----------------------------------------------------------------------

struct Figure {
  size_t start = 0, end = 0;  // the number (and a range's second number)
  size_t unit_end = 0;        // after the unit
  size_t after = 0;           // after a suffix (以上, 左右 …)
  double value = 0;
  const UnitDef* unit = nullptr;
  std::string suffix_comparator;  // from 以上/以下/以内/左右/多/余, "" if none
  bool chinese = false;
};

// Finds figures with units in the folded clause `f`, skipping years, dates, protected spans,
// numbers glued to Latin letters or '+', and 第N.
std::vector<Figure> FindFigures(U32View f, const std::vector<bool>& mask) {
  std::vector<Figure> out;
  size_t i = 0;
  while (i < f.size()) {
    bool arabic = IsDigit(f[i]);
    bool chinese = !arabic && IsChineseNumeral(f[i]);
    if (!arabic && !chinese) {
      ++i;
      continue;
    }
    Figure fig;
    fig.start = i;
    size_t j = i;
    if (arabic) {
      j = ScanArabic(f, i, &fig.value);
    } else {
      while (j < f.size() && IsChineseNumeral(f[j])) ++j;
      auto v = ChineseValue(f.substr(i, j - i));
      if (!v) {
        i = j;
        continue;
      }
      fig.value = *v;
      fig.chinese = true;
    }
    size_t num_end = j;
    auto skip = [&] { i = std::max(num_end, i + 1); };
    bool glued = (i > 0 && (IsLatin(f[i - 1]) || f[i - 1] == U'+' || IsDigit(f[i - 1]) ||
                            f[i - 1] == U'.' || f[i - 1] == U'第')) ||
                 (num_end < f.size() && (IsLatin(f[num_end]) || f[num_end] == U'+'));
    if (glued || mask[i]) {
      skip();
      continue;
    }
    // A year (2025年, 2021-2025) is context, not a figure.
    if (arabic && num_end - i == 4 && fig.value >= 1900 && fig.value <= 2100) {
      skip();
      continue;
    }
    // Range: 2~3所, 2-4所, 1至2项, 1—2项 → the lower bound.
    size_t k = j;
    if (k < f.size() && (f[k] == U'~' || f[k] == U'～' || f[k] == U'-' || f[k] == U'—' ||
                         f[k] == U'–' || f[k] == U'至' || f[k] == U'到')) {
      double hi = 0;
      size_t e = k + 1 < f.size() ? ScanArabic(f, k + 1, &hi) : k + 1;
      if (arabic && e > k + 1 && hi > fig.value) {
        j = e;
        fig.suffix_comparator = ">=";
      }
    }
    // 3000多个 / 10000余人.
    if (j < f.size() && (f[j] == U'多' || f[j] == U'余')) {
      fig.suffix_comparator = ">=";
      ++j;
    }
    while (j < f.size() && f[j] == U' ') ++j;
    const UnitDef* unit = UnitAt(f, j);
    if (unit == nullptr || (fig.chinese && (fig.value < 2 || !ChineseNumeralUnit(unit->unit)))) {
      skip();
      continue;
    }
    fig.unit = unit;
    fig.end = num_end;
    fig.unit_end = j + unit->text.size();
    size_t a = fig.unit_end;
    while (a < f.size() && f[a] == U' ') ++a;
    if (At(f, a, U"及以上") || At(f, a, U"以上")) {
      fig.suffix_comparator = ">=";
      a += At(f, a, U"及以上") ? 3 : 2;
    } else if (At(f, a, U"以下") || At(f, a, U"以内")) {
      fig.suffix_comparator = "<=";
      a += 2;
    } else if (At(f, a, U"左右")) {
      fig.suffix_comparator = "approx";
      a += 2;
    }
    fig.after = a;
    // More than 30 年 is no count of years of schooling (ExtractFromPart also wants 年限).
    if (std::string_view(unit->unit) == "年" && fig.value > 30) {
      skip();
      continue;
    }
    out.push_back(fig);
    i = fig.unit_end;
  }
  return out;
}

// ---- Headings and the review state --------------------------------------------------------------

// Numbering at the start of a line or clause: 第一部分 / 第三章, 一、, （一）, (1), 1., 1、, 一是.
size_t NumberingLength(U32View s) {
  U32 f = FoldAll(s.substr(0, std::min<size_t>(s.size(), 12)));
  size_t i = 0;
  while (i < f.size() && f[i] == U' ') ++i;
  size_t start = i;
  if (i < f.size() && f[i] == U'第') {
    size_t j = i + 1;
    while (j < f.size() && (IsChineseNumeral(f[j]) || IsDigit(f[j]))) ++j;
    if (j > i + 1 && j < f.size() && (f[j] == U'部' || f[j] == U'章' || f[j] == U'节')) {
      j += f[j] == U'部' ? 2 : 1;
      return j;
    }
  }
  if (i < f.size() && f[i] == U'(') {
    size_t j = i + 1;
    while (j < f.size() && (IsChineseNumeral(f[j]) || IsDigit(f[j]))) ++j;
    if (j > i + 1 && j < f.size() && f[j] == U')') return j + 1;
  }
  size_t j = i;
  while (j < f.size() && IsChineseNumeral(f[j])) ++j;
  if (j > i && j < f.size() && (f[j] == U'、' || f[j] == U'是')) return j + 1;
  j = i;
  while (j < f.size() && IsDigit(f[j])) ++j;
  if (j > i && j < 4 + start && j < f.size() && (f[j] == U'、' || f[j] == U'.')) {
    if (!(j + 1 < f.size() && IsDigit(f[j + 1]))) return j + 1;
  }
  return 0;
}

bool IsTopLevelNumbering(U32View s) {
  U32 f = FoldAll(s.substr(0, std::min<size_t>(s.size(), 8)));
  size_t i = 0;
  while (i < f.size() && f[i] == U' ') ++i;
  if (i < f.size() && f[i] == U'第') return true;
  size_t j = i;
  while (j < f.size() && IsChineseNumeral(f[j])) ++j;
  return j > i && j < f.size() && f[j] == U'、';
}

enum class HeadingKind { kNone, kReview, kPlan, kNeutral };

// A short line without a full stop is a heading; its words say whether what follows reviews the
// past (十三五 成就, 基本情况, 形势 …) or sets out the plan (目标, 任务, 专栏, 工程 …).
HeadingKind ClassifyHeading(U32View line) {
  U32View t = Trim(line);
  if (t.empty() || t.size() > 45 || Contains(t, U"。")) return HeadingKind::kNone;
  U32 folded = FoldAll(t);
  if (!FindFigures(folded, ProtectedMask(folded)).empty()) return HeadingKind::kNone;
  bool numbered = NumberingLength(t) > 0;
  if (!numbered && (Contains(t, U"，") || Contains(t, U","))) return HeadingKind::kNone;
  static constexpr U32View kPlanWords[] = {U"目标", U"指标", U"任务", U"举措", U"措施",
                                           U"工程", U"专栏", U"计划", U"行动", U"保障",
                                           U"项目", U"思想", U"原则", U"重点"};
  static constexpr U32View kReviewWords[] = {U"发展基础",   U"坚实基础", U"基础与", U"基础和",
                                             U"成就",       U"成绩",     U"回顾",   U"现状",
                                             U"基本情况",   U"形势",     U"挑战",   U"短板",
                                             U"存在的问题", U"主要问题", U"困难",   U"十三五"};
  for (U32View w : kPlanWords) {
    if (Contains(t, w)) return HeadingKind::kPlan;
  }
  for (U32View w : kReviewWords) {
    if (Contains(t, w)) return HeadingKind::kReview;
  }
  return IsTopLevelNumbering(t) ? HeadingKind::kPlan : HeadingKind::kNeutral;
}

// ---- Names
// ---------------------------------------------------------------------------------------

U32 RemoveParentheticals(U32View s) {
  U32 out;
  int depth = 0;
  for (char32_t c : s) {
    char32_t f = Fold(c);
    if (f == U'(') {
      ++depth;
      continue;
    }
    if (f == U')') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth == 0) out.push_back(c);
  }
  return out;
}

bool StartsWith(U32View s, U32View w) { return s.substr(0, w.size()) == w; }
bool EndsWith(U32View s, U32View w) {
  return s.size() >= w.size() && s.substr(s.size() - w.size()) == w;
}

// Leading words that are not part of the indicator's name.
U32View StripLead(U32View s) {
  static constexpr U32View kLead[] = {
      U"到2025年", U"到2030年", U"力争", U"确保", U"争取", U"全县", U"全区", U"全市",
      U"全旗",     U"努力",     U"其中", U"并",   U"使",   U"让",   U"将",   U"基本",
      U"进一步",   U"同时",     U"每年", U"推动", U"实现", U"的"};
  bool changed = true;
  while (changed) {
    changed = false;
    s = Trim(s);
    while (!s.empty() && (s.front() == U'，' || s.front() == U',' || s.front() == U'、' ||
                          s.front() == U'：' || s.front() == U':' || s.front() == U'；')) {
      s.remove_prefix(1), changed = true;
    }
    if (size_t n = NumberingLength(s)) s.remove_prefix(n), changed = true;
    // 到2025年 / 2025年 / 到“十四五”末 at the start
    U32 f = FoldAll(s.substr(0, std::min<size_t>(s.size(), 8)));
    size_t p = f.size() > 0 && f[0] == U'到' ? 1 : 0;
    size_t q = p;
    while (q < f.size() && IsDigit(f[q])) ++q;
    if (q - p == 4 && q < f.size() && f[q] == U'年') {
      s.remove_prefix(q + 1), changed = true;
      if (!s.empty() && (s.front() == U'底' || s.front() == U'末')) s.remove_prefix(1);
    }
    for (U32View w : kLead) {
      if (StartsWith(s, w) && s.size() > w.size()) {
        s.remove_prefix(w.size()), changed = true;
      }
    }
  }
  return s;
}

U32View StripTail(U32View s) {
  bool changed = true;
  while (changed) {
    changed = false;
    s = Trim(s);
    for (U32View w : {U"的", U"，", U",", U"、", U"：", U":", U"每年", U"逐年", U"均", U"各"}) {
      if (EndsWith(s, w) && s.size() > w.size()) s.remove_suffix(w.size()), changed = true;
    }
  }
  return s;
}

// Verbs after which the object comes behind the figure: 创建3个名师工作室, 新建创客实验室27间.
bool EndsWithActionVerb(U32View s) {
  static constexpr U32View kVerbs[] = {U"建成", U"新建", U"改建", U"扩建",     U"创建", U"培养",
                                       U"打造", U"组建", U"新增", U"增加",     U"引进", U"建设",
                                       U"更换", U"开发", U"建立", U"启动建设", U"培育", U"认定",
                                       U"举办", U"招聘", U"配备", U"补充",     U"遴选", U"评选"};
  for (U32View v : kVerbs) {
    if (EndsWith(s, v)) return true;
  }
  return false;
}

std::string CleanName(U32View s, bool keep_parens = false) {
  U32 r = keep_parens ? U32(s) : RemoveParentheticals(s);
  // Whatever precedes a year (内蒙古明确…目标 2025年…) is context, not the name.
  U32 f = FoldAll(r);
  for (size_t i = f.size(); i-- > 4;) {
    if (f[i] == U'年' && IsDigit(f[i - 1]) && IsDigit(f[i - 2]) && IsDigit(f[i - 3]) &&
        IsDigit(f[i - 4]) && i + 1 < f.size()) {
      r = r.substr(i + 1);
      break;
    }
  }
  U32View v = StripTail(StripLead(r));
  U32 out;
  for (char32_t c : v) {
    if (!IsSpace(c) && c != U'\n') out.push_back(c);
  }
  return Encode(out);
}

// ---- Sentences
// -----------------------------------------------------------------------------------

struct Span {
  size_t a, b;  // [a, b) in the line
};

// Splits [a, b) at the delimiters outside brackets and quotes.
std::vector<Span> Split(U32View s, size_t a, size_t b, U32View delims) {
  std::vector<Span> out;
  int depth = 0;
  bool quote = false;
  size_t start = a;
  for (size_t i = a; i < b; ++i) {
    char32_t c = Fold(s[i]);
    if (c == U'(' || c == U'《') ++depth;
    if ((c == U')' || c == U'》') && depth > 0) --depth;
    if (c == U'“') quote = true;
    if (c == U'”') quote = false;
    if (depth == 0 && !quote && delims.find(c) != U32View::npos) {
      out.push_back({start, i});
      start = i + 1;
    }
  }
  out.push_back({start, b});
  return out;
}

struct Context {
  const Text* text = nullptr;
  const ExtractOptions* opt = nullptr;
  int default_year = 0;
  std::vector<DraftTarget>* out = nullptr;
};

void EmitDraft(const Context& ctx, DraftTarget d) {
  if (ctx.opt->matcher != nullptr) d.indicator = ctx.opt->matcher->Match(d.name, d.unit);
  ctx.out->push_back(std::move(d));
}

// One clause part [a, b) of the line (folded copy `f`, offset of the line `base` in the text).
void ExtractFromPart(const Context& ctx, U32View line, U32View f, const std::vector<bool>& mask,
                     size_t base, Span part, std::optional<int> year, U32* subject) {
  U32View pf = f.substr(part.a, part.b - part.a);
  std::vector<bool> pmask(mask.begin() + part.a, mask.begin() + part.b);
  std::vector<Figure> figs = FindFigures(pf, pmask);
  if (figs.empty()) return;
  // One figure per part (enumerations are split before); two or more in one part is a slogan or
  // a construction too tangled to read safely (成熟1所创建1所).
  if (figs.size() > 1) return;
  const Figure& fig = figs.front();
  if (IsPastClause(pf) || IsNormClause(pf, fig.unit->unit)) return;
  // Chinese numerals count only right after an action verb (启动建设两所…), never in 三个总体目标.
  if (fig.chinese && !EndsWithActionVerb(Trim(pf.substr(0, fig.start)))) return;
  // 年 is a figure only for years of schooling (受教育年限), not 12年免费教育.
  if (std::string_view(fig.unit->unit) == "年" && !Contains(pf, U"年限")) return;
  // The comparator word nearest before the figure.
  const CompWord* word = nullptr;
  size_t word_pos = 0;
  for (size_t p = 0; p < fig.start;) {
    const CompWord* hit = nullptr;
    for (const auto& w : kCompWords) {
      if (!At(pf, p, w.text) || p + w.text.size() > fig.start) continue;
      if (w.text == U"达" && At(pf, p, U"达标")) continue;
      bool adjacent = true;
      for (size_t g = p + w.text.size(); g < fig.start; ++g) adjacent = adjacent && pf[g] == U' ';
      if (w.adjacent_only && !adjacent) continue;
      hit = &w;
      break;
    }
    if (hit != nullptr) {
      word = hit, word_pos = p;
      p += hit->text.size();
    } else {
      ++p;
    }
  }
  std::string unit = fig.unit->unit;
  double value = fig.value * fig.unit->scale;
  std::string comparator = ">=";
  bool every_year = Contains(pf, U"每年") || Contains(pf, U"逐年");
  if (word != nullptr) {
    if (word->change != 0) {
      if (unit == "个百分点") {
        comparator = word->change < 0 ? (every_year ? "annual_decrease" : "decrease_by")
                                      : (every_year ? "annual_increase" : "increase_by");
      } else {
        word = nullptr;  // 增加学位1000个: a verb of the name, not a comparator
      }
    } else {
      comparator = word->comparator;
    }
  }
  if (!fig.suffix_comparator.empty() && comparator.find('_') == std::string::npos) {
    if (fig.suffix_comparator == "approx" || fig.suffix_comparator == "<=") {
      comparator = fig.suffix_comparator;
    } else if (comparator != ">") {
      comparator = fig.suffix_comparator;
    }
  }
  // Name: what stands before the comparator word (or the figure); behind the figure when the text
  // before it is only a verb (创建3个名师工作室).
  size_t left_end = word != nullptr ? word_pos : fig.start;
  U32 left(line.substr(part.a, left_end));
  U32 between;
  if (word != nullptr && word->change == 0) {
    between = U32(line.substr(part.a + word_pos + word->text.size(),
                              fig.start - word_pos - word->text.size()));
  }
  U32 right(line.substr(part.a + fig.after, part.b - part.a - fig.after));
  U32 left_plain = RemoveParentheticals(left);
  U32View left_clean = StripTail(StripLead(left_plain));
  U32 right_plain = RemoveParentheticals(right);
  U32 name_u;
  if (left_clean.size() < 2 || EndsWithActionVerb(left_clean) || !Trim(right_plain).empty()) {
    name_u = left + right;
  } else {
    name_u = left;
    U32View bt = StripTail(Trim(between));
    if (!bt.empty()) {
      bool share = unit == "%" && EndsWith(Trim(between), U"的") && !StartsWith(bt, U"占");
      name_u += (share ? U"占" : U"") + U32(bt);
    }
  }
  std::vector<std::string> names;
  if (fig.start > 0 && pf[fig.start - 1] == U'各' && word == nullptr) {
    // 建成A、B各1个 / 建成A和B各1个: one target per object, each with the verb.
    U32 left_no_parens = RemoveParentheticals(left);
    U32View objects = StripLead(left_no_parens);
    U32 verb;
    for (U32View v : {U"启动建设", U"建成", U"新建", U"创建", U"培育", U"打造", U"组建", U"建设"}) {
      if (StartsWith(objects, v)) {
        verb = U32(v);
        objects.remove_prefix(v.size());
        break;
      }
    }
    U32 obj(objects);
    std::vector<bool> obj_mask = ProtectedMask(FoldAll(obj));
    size_t from = 0;
    for (size_t i = 0; i <= obj.size(); ++i) {
      if (i == obj.size() || (!obj_mask[i] && (obj[i] == U'、' || obj[i] == U'和'))) {
        std::string n = CleanName(verb + obj.substr(from, i - from));
        if (!n.empty()) names.push_back(n);
        from = i + 1;
      }
    }
  } else {
    std::string name = CleanName(name_u);
    U32 name_folded = FoldAll(Decode(name).s);
    if (StartsWith(name_folded, U"占") && subject != nullptr && !subject->empty()) {
      name = Encode(*subject) + name;
    }
    if (!name.empty()) names.push_back(name);
  }
  if (names.empty()) return;
  if (subject != nullptr) *subject = Decode(names.back()).s;
  U32View quote = Trim(line.substr(part.a, part.b - part.a));
  size_t qa = part.a + static_cast<size_t>(quote.data() - line.substr(part.a).data());
  for (const std::string& name : names) {
    DraftTarget d;
    d.name = name;
    d.unit = unit;
    d.target_year =
        year ? year : (ctx.default_year ? std::optional<int>(ctx.default_year) : std::nullopt);
    d.target_value = value;
    d.comparator = comparator;
    d.offset = ctx.text->off[base + qa];
    d.quote = Encode(quote);
    EmitDraft(ctx, std::move(d));
  }
}

// Years mentioned in a line (2025年, not inside brackets, not a date 2017年7月): (position, year).
std::vector<std::pair<size_t, int>> YearMentions(U32View f, const std::vector<bool>& mask) {
  std::vector<std::pair<size_t, int>> out;
  for (size_t i = 0; i + 5 <= f.size(); ++i) {
    if (!(IsDigit(f[i]) && IsDigit(f[i + 1]) && IsDigit(f[i + 2]) && IsDigit(f[i + 3]) &&
          f[i + 4] == U'年') ||
        (i > 0 && IsDigit(f[i - 1])) || mask[i]) {
      continue;
    }
    if (i + 5 < f.size() && IsDigit(f[i + 5])) continue;  // 2017年7月
    int y = std::stoi(Encode(f.substr(i, 4)));
    if (y >= 2000 && y <= 2100) out.emplace_back(i, y);
  }
  return out;
}

// One line of prose: sentences (。；!?), clauses (，,：), enumerations (、) with a figure each.
// A year applies from where it is written to the end of the line (到2025年，A，B。C。).
void ExtractFromLine(const Context& ctx, size_t base, U32View line) {
  U32 f = FoldAll(line);
  std::vector<bool> mask = ProtectedMask(f);
  std::vector<std::pair<size_t, int>> years = YearMentions(f, mask);
  for (Span sentence : Split(f, 0, f.size(), U"。；;！!？?")) {
    U32 subject;
    for (Span clause : Split(f, sentence.a, sentence.b, U"，,：:")) {
      std::optional<int> year;
      for (const auto& [pos, y] : years) {
        if (pos < clause.b) year = y;
      }
      // Enumerations: "A3000套、B5000台", "A10所和B10个" → two parts; parts without a figure join
      // the next one (新建、改建60间…, 国家级和市级特色学校50所), trailing ones the previous.
      std::vector<Span> parts;
      size_t open = clause.a;
      for (const Span& p : Split(f, clause.a, clause.b, U"、和")) {
        U32View pv = U32View(f).substr(p.a, p.b - p.a);
        std::vector<bool> pm(mask.begin() + static_cast<long>(p.a),
                             mask.begin() + static_cast<long>(p.b));
        if (!FindFigures(pv, pm).empty()) {
          parts.push_back({open, p.b});
          open = p.b + 1;
        }
      }
      if (parts.empty()) continue;
      if (open < clause.b) parts.back().b = clause.b;
      for (const Span& p : parts) ExtractFromPart(ctx, line, f, mask, base, p, year, &subject);
    }
  }
}

// ---- The 主要指标 table
// --------------------------------------------------------------------------

struct Cell {
  U32 text;       // trimmed, as written
  size_t offset;  // code point index of the text in the whole input
  size_t end;
};

struct CellValue {
  std::optional<double> value;  // nullopt for "—"
  std::string comparator;       // from ＞ / 以上 …, "" when bare
  const UnitDef* unit = nullptr;
};

// "90.9", "＞95", "99%以上", "12.3年以上", "11.4年", "—" → a value; nullopt when the cell is text.
std::optional<CellValue> ParseValueCell(U32View cell) {
  U32 f = FoldAll(Trim(cell));
  if (f == U"—" || f == U"-" || f == U"/" || f == U"——" || f == U"--") return CellValue{};
  CellValue v;
  size_t i = 0;
  for (auto [w, c] : std::initializer_list<std::pair<U32View, const char*>>{{U">=", ">="},
                                                                            {U"≥", ">="},
                                                                            {U"<=", "<="},
                                                                            {U"≤", "<="},
                                                                            {U">", ">"},
                                                                            {U"<", "<"},
                                                                            {U"不低于", ">="},
                                                                            {U"超过", ">"},
                                                                            {U"达到", ">="}}) {
    if (At(f, 0, w)) {
      v.comparator = c, i = w.size();
      break;
    }
  }
  double x = 0;
  size_t j = ScanArabic(f, i, &x);
  if (j == i) return std::nullopt;
  v.value = x;
  if (j < f.size()) {
    v.unit = UnitAt(f, j);
    if (v.unit != nullptr) j += v.unit->text.size();
  }
  U32View rest = U32View(f).substr(j);
  if (rest == U"以上" || rest == U"及以上") {
    if (v.comparator.empty()) v.comparator = ">=";
  } else if (rest == U"以下" || rest == U"以内") {
    v.comparator = "<=";
  } else if (rest == U"左右") {
    v.comparator = "approx";
  } else if (!rest.empty()) {
    return std::nullopt;
  }
  return v;
}

bool IsAttributeCell(U32View c) { return c == U"预期性" || c == U"约束性"; }

// The unit a name cell gives in its trailing (…): (%), （万人）, （年）.
const UnitDef* NameUnit(U32View name, U32* stripped) {
  U32 f = FoldAll(name);
  size_t open = f.rfind(U'(');
  if (open != U32::npos && f.back() == U')') {
    U32View inside = U32View(f).substr(open + 1, f.size() - open - 2);
    for (const auto& u : kUnits) {
      if (inside == u.text) {
        *stripped = U32(name.substr(0, open));
        return &u;
      }
    }
  }
  *stripped = U32(name);
  return nullptr;
}

U32 StripNumbering(U32View s) {
  s = Trim(s);
  if (size_t n = NumberingLength(s)) s.remove_prefix(n);
  if (StartsWith(s, U"其中：") || StartsWith(s, U"其中:")) s.remove_prefix(3);
  return U32(Trim(s));
}

struct TableState {
  std::vector<int> years;  // year of each value column (baseline first, target last)
  U32 category;
  U32 parent;  // the last top-level row's name (for 其中 rows)
  const UnitDef* parent_unit = nullptr;
  bool last_was_sub = false;
};

// Generic counts that need their category to be told apart (义务教育 在校学生数).
bool IsGenericCount(U32View name) {
  return StartsWith(name, U"在校") || StartsWith(name, U"在园") || StartsWith(name, U"招生") ||
         StartsWith(name, U"毕业");
}

void EmitTableRow(const Context& ctx, TableState& st, const std::vector<Cell>& cells,
                  const std::string& attribute, size_t row_end) {
  std::vector<const Cell*> names;
  std::vector<std::pair<const Cell*, CellValue>> values;
  for (const Cell& c : cells) {
    if (auto v = ParseValueCell(c.text)) {
      values.emplace_back(&c, *v);
    } else if (values.empty()) {
      names.push_back(&c);
    }
  }
  size_t ncol = st.years.size();
  if (names.empty() || values.empty() || ncol == 0 || values.size() % ncol != 0) return;
  size_t k = values.size() / ncol;
  if (names.size() < k) return;
  std::vector<const Cell*> leading(names.begin(), names.end() - static_cast<long>(k));
  std::vector<const Cell*> rows(names.end() - static_cast<long>(k), names.end());
  bool first_is_sub = StartsWith(FoldAll(Trim(rows.front()->text)), U"其中");
  // Leading cells: a category (学前教育, 一、发展水平) or, before 其中 rows, their parent.
  if (!leading.empty()) {
    U32 lead_stripped;
    const UnitDef* lead_unit = NameUnit(StripNumbering(leading.back()->text), &lead_stripped);
    if (first_is_sub && lead_unit != nullptr) {
      st.parent = lead_stripped, st.parent_unit = lead_unit;
      if (leading.size() > 1) st.category = StripNumbering(leading.front()->text);
    } else {
      st.category = StripNumbering(leading.back()->text);
    }
  }
  for (size_t r = 0; r < k; ++r) {
    const Cell* cell = rows[r];
    bool sub = StartsWith(FoldAll(Trim(cell->text)), U"其中") || (r > 0 && first_is_sub);
    U32 stripped;
    const UnitDef* unit = NameUnit(StripNumbering(cell->text), &stripped);
    U32 name;
    if (unit == nullptr && (sub || st.last_was_sub) && !st.parent.empty()) {
      // 其中：普通小学 / 普通初中 (no unit of their own): a part of the parent row.
      unit = st.parent_unit;
      bool parent_generic = IsGenericCount(st.parent);
      name = parent_generic ? stripped + st.parent : st.parent + U"（" + stripped + U"）";
      sub = true;
    } else if (sub && !st.parent.empty()) {
      // 其中：本科及以上学历比例 under 幼儿教师专科及以上学历比例 → 幼儿教师本科及以上学历比例.
      name = stripped;
      for (U32View w : {U"教师", U"学生", U"幼儿", U"学校", U"校长"}) {
        size_t p = st.parent.find(w);
        if (p != U32::npos && !Contains(stripped, w)) {
          name = st.parent.substr(0, p + w.size()) + stripped;
          break;
        }
      }
    } else {
      name = stripped;
      if (IsGenericCount(name) && !st.category.empty()) {
        U32 cat = st.category;
        name = cat + name;
      }
      if (!sub) st.parent = stripped, st.parent_unit = unit;
    }
    DraftTarget d;
    d.name = CleanName(name, /*keep_parens=*/true);
    d.from_table = true;
    d.attribute = attribute;
    const CellValue& base = values[r].second;
    const CellValue& target = values[(ncol - 1) * k + r].second;
    const UnitDef* u = unit != nullptr ? unit : target.unit != nullptr ? target.unit : base.unit;
    double scale = u != nullptr ? u->scale : 1;
    d.unit = u != nullptr ? u->unit : "";
    if (ncol >= 2 && base.value) {
      d.baseline_year = st.years.front();
      d.baseline_value = *base.value * scale;
    }
    if (!target.value) continue;
    d.target_year = st.years.back();
    d.target_value = *target.value * scale;
    d.comparator = !target.comparator.empty() ? target.comparator : (d.unit == "人") ? "=" : ">=";
    size_t qa = cell->offset, qb = std::max(row_end, cell->end);
    d.offset = ctx.text->off[qa];
    d.quote = Encode(U32View(ctx.text->s).substr(qa, qb - qa));
    EmitDraft(ctx, std::move(d));
    st.last_was_sub = sub;
  }
}

// Cells of one line: tab- or wide-space-separated (a PDF's physical layout puts a row on a line).
std::vector<Cell> LineCells(const Text& t, size_t a, size_t b) {
  std::vector<Cell> cells;
  size_t i = a;
  while (i < b) {
    while (i < b && IsSpace(t.s[i])) ++i;
    size_t start = i;
    size_t end = i;
    while (i < b) {
      if (t.s[i] == U'\t') break;
      if (IsSpace(t.s[i]) && i + 1 < b && IsSpace(t.s[i + 1])) break;
      ++i;
      if (!IsSpace(t.s[i - 1])) end = i;
    }
    if (end > start) cells.push_back({U32(U32View(t.s).substr(start, end - start)), start, end});
  }
  return cells;
}

// Parses the table that starts at line `first` (its title line); returns the index of the first
// line after it.
size_t ParseTable(const Context& ctx, const std::vector<Span>& lines, size_t first) {
  const Text& t = *ctx.text;
  TableState st;
  std::vector<Cell> pending;
  size_t li = first + 1;
  bool header_done = false;
  bool has_attribute = false;
  size_t last_row_line = first;
  for (; li < lines.size(); ++li) {
    std::vector<Cell> cells = LineCells(t, lines[li].a, lines[li].b);
    bool stop = false;
    for (Cell& c : cells) {
      U32 fc = FoldAll(c.text);
      if (!header_done) {
        U32 compact;
        for (char32_t ch : fc) {
          if (ch != U' ') compact.push_back(ch);
        }
        if (compact.size() >= 5 && IsDigit(compact[0]) && compact.size() <= 12 &&
            Contains(compact, U"年")) {
          st.years.push_back(std::stoi(Encode(U32View(compact).substr(0, 4))));
        }
        if (compact == U"属性") has_attribute = true, header_done = true;
        continue;
      }
      if (c.text.size() > 40 || Contains(fc, U"。") || StartsWith(fc, U"第") ||
          StartsWith(fc, U"专栏")) {
        stop = true;
        break;
      }
      if (IsAttributeCell(fc)) {
        EmitTableRow(ctx, st, pending, Encode(fc), c.end);
        pending.clear();
        last_row_line = li;
      } else {
        pending.push_back(c);
      }
    }
    if (stop) break;
    if (!header_done && st.years.size() >= 2 && li > first + 12) break;
    if (header_done && !has_attribute) break;
  }
  return std::max(last_row_line + 1, li);
}

// A table title: 主要指标 in a short line, followed within a few lines by year columns and 属性.
bool IsTableTitle(const Text& t, const std::vector<Span>& lines, size_t li) {
  U32View line = Trim(U32View(t.s).substr(lines[li].a, lines[li].b - lines[li].a));
  if (line.size() > 50 || !Contains(line, U"主要指标") || Contains(line, U"。")) return false;
  bool years = false;
  for (size_t k = li + 1; k < lines.size() && k <= li + 16; ++k) {
    U32 f = FoldAll(Trim(U32View(t.s).substr(lines[k].a, lines[k].b - lines[k].a)));
    if (f.size() >= 5 && IsDigit(f[0]) && Contains(f, U"年") && f.size() <= 12) years = true;
    if (Contains(f, U"年") && Contains(f, U"20")) years = true;
    if (Contains(f, U"属性") && f.size() <= 40) return years;
  }
  return false;
}

int DefaultYear(const Text& t) {
  U32 f = FoldAll(U32View(t.s).substr(0, std::min<size_t>(t.s.size(), 3000)));
  // 2021—2025 / 2021-2025 / 2021至2025
  for (size_t i = 0; i + 9 <= f.size(); ++i) {
    bool a = IsDigit(f[i]) && IsDigit(f[i + 1]) && IsDigit(f[i + 2]) && IsDigit(f[i + 3]);
    if (!a || (i > 0 && IsDigit(f[i - 1]))) continue;
    char32_t sep = f[i + 4];
    if (sep != U'—' && sep != U'-' && sep != U'–' && sep != U'至' && sep != U'~') continue;
    size_t j = i + 5;
    if (j < f.size() && f[j] == U'—') ++j;
    if (j + 4 <= f.size() && IsDigit(f[j]) && IsDigit(f[j + 1]) && IsDigit(f[j + 2]) &&
        IsDigit(f[j + 3])) {
      int y0 = std::stoi(Encode(U32View(f).substr(i, 4)));
      int y1 = std::stoi(Encode(U32View(f).substr(j, 4)));
      if (y0 >= 2000 && y1 > y0 && y1 - y0 <= 15) return y1;
    }
  }
  U32 all = FoldAll(t.s);
  if (Contains(all, U"十五五")) return 2030;
  if (Contains(all, U"十四五")) return 2025;
  return 0;
}

// ---- Indicator matching
// --------------------------------------------------------------------------

U32 MatchForm(std::string_view utf8) {
  U32 s = RemoveParentheticals(FoldAll(Decode(utf8).s));
  U32 out;
  for (char32_t c : s) {
    if (IsSpace(c) || c == U'“' || c == U'”' || c == U'"' || c == U'\'' || c == U'的') continue;
    out.push_back(c);
  }
  return out;
}

bool UnitsAgree(std::string_view catalog_unit, std::string_view unit) {
  if (catalog_unit == unit) return true;
  if (catalog_unit == "%") return unit == "个百分点";
  if (catalog_unit == "人") return unit == "名";
  if (catalog_unit == "册/生") return unit == "本" || unit == "册";
  if (catalog_unit == "个") return unit == "所";
  return false;
}

}  // namespace

// ---- IndicatorMatcher
// ----------------------------------------------------------------------------

Result<IndicatorMatcher> IndicatorMatcher::Build(const Catalog& catalog,
                                                 std::string_view synonyms_json) {
  IndicatorMatcher m;
  auto add = [&](std::string_view phrase, const IndicatorDef& def) {
    U32 p = MatchForm(phrase);
    if (p.size() >= 2) m.entries_.push_back({p, def.code, def.unit});
  };
  for (const auto& def : catalog.indicators()) add(def.name_zh, def);
  nlohmann::json j = nlohmann::json::parse(synonyms_json, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("synonyms") || !j["synonyms"].is_object()) {
    return Status::InvalidArgument("指标同义词文件格式错误：需要 {\"synonyms\": {代码: [名称…]}}");
  }
  for (const auto& [code, list] : j["synonyms"].items()) {
    const IndicatorDef* def = catalog.Find(code);
    if (def == nullptr) return Status::InvalidArgument("指标同义词文件中有未知指标代码：" + code);
    if (!list.is_array()) return Status::InvalidArgument("指标同义词应为数组：" + code);
    for (const auto& s : list) {
      if (!s.is_string()) return Status::InvalidArgument("指标同义词应为字符串：" + code);
      add(s.get<std::string>(), *def);
    }
  }
  std::stable_sort(m.entries_.begin(), m.entries_.end(), [](const Entry& a, const Entry& b) {
    return a.phrase.size() > b.phrase.size();
  });
  return m;
}

Result<IndicatorMatcher> IndicatorMatcher::Load() {
  ZJ_ASSIGN_OR_RETURN(Catalog catalog, LoadCatalog());
  auto file = common::EmbeddedFile("data/indicators/synonyms.json");
  if (!file) return Status::Internal("data/indicators/synonyms.json is not embedded");
  return Build(catalog, *file);
}

std::string IndicatorMatcher::Match(std::string_view name, std::string_view unit) const {
  U32 n = MatchForm(name);
  for (const Entry& e : entries_) {
    if (Contains(n, e.phrase) && UnitsAgree(e.unit, unit)) return e.code;
  }
  return "";
}

// ---- Entry point
// ---------------------------------------------------------------------------------

std::vector<DraftTarget> ExtractPlanTargets(std::string_view input, const ExtractOptions& opt) {
  std::vector<DraftTarget> out;
  Text text = Decode(input);
  Context ctx;
  ctx.text = &text;
  ctx.opt = &opt;
  ctx.out = &out;
  ctx.default_year = opt.default_target_year != 0 ? opt.default_target_year : DefaultYear(text);
  std::vector<Span> lines;
  size_t start = 0;
  for (size_t i = 0; i <= text.s.size(); ++i) {
    if (i == text.s.size() || text.s[i] == U'\n') {
      lines.push_back({start, i});
      start = i + 1;
    }
  }
  bool review = false;
  for (size_t li = 0; li < lines.size(); ++li) {
    U32View line = U32View(text.s).substr(lines[li].a, lines[li].b - lines[li].a);
    if (IsTableTitle(text, lines, li)) {
      li = ParseTable(ctx, lines, li) - 1;
      continue;
    }
    switch (ClassifyHeading(line)) {
      case HeadingKind::kReview:
        review = true;
        continue;
      case HeadingKind::kPlan:
        review = false;
        continue;
      case HeadingKind::kNeutral:
        continue;
      case HeadingKind::kNone:
        break;
    }
    if (review) continue;
    ExtractFromLine(ctx, lines[li].a, line);
  }
  return out;
}

std::string DraftTargetsJson(const std::vector<DraftTarget>& drafts, int indent) {
  using Json = nlohmann::ordered_json;
  auto str = [](const std::string& v) { return v.empty() ? Json(nullptr) : Json(v); };
  auto num = [](const auto& v) { return v ? Json(*v) : Json(nullptr); };
  Json list = Json::array();
  for (const DraftTarget& d : drafts) {
    list.push_back(Json{{"name", d.name},
                        {"unit", str(d.unit)},
                        {"baseline_year", num(d.baseline_year)},
                        {"baseline_value", num(d.baseline_value)},
                        {"target_year", num(d.target_year)},
                        {"target_value", num(d.target_value)},
                        {"comparator", str(d.comparator)},
                        {"attribute", str(d.attribute)},
                        {"quote", d.quote},
                        {"indicator", str(d.indicator)}});
  }
  return Json{{"targets", std::move(list)}}.dump(indent);
}

}  // namespace zj::engine
