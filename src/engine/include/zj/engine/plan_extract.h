// Plan text → draft targets: reads the text of a county education plan (the 主要指标 table as it
// comes out of Word/PDF, one cell per line, and the sentences of the goals and 专栏 boxes) and
// returns every quantitative target it states — name, unit, baseline, target year and value, the
// comparator the plan's words give, 约束性/预期性, the verbatim quote and, where one fits, the
// catalog indicator. A person reviews the drafts before they become a plan (docs/plan.md §6).
//
// The extractor is a pure function over UTF-8 text: no I/O, deterministic, thread-safe. Reading
// .docx / PDF / GB18030 files into text is zj/io/document_text.h's job.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"
#include "zj/engine/catalog.h"

namespace zj::engine {

// Comparators of a draft, a closed set (the names of plan.h's comparators where they coincide):
//   ">="  达到, 达, 以上, 不低于, 不少于, 至少, 保持在, 提高到 …, and a bare figure (read as 达到)
//   ">"   ＞, 超过, 高于, 大于
//   "<="  以下, 以内, 不超过, 控制在, 降至
//   "<"   ＜, 低于, 小于, 少于
//   "="   a bare headcount (人/万人) in the 主要指标 table: a projection to land on
//   "approx"           左右
//   "annual_decrease"  每年降低/下降/减少 X 个百分点
//   "annual_increase"  每年提高/提升/增加 X 个百分点
//   "decrease_by" / "increase_by"  the same without 每年 (a change over the whole period)
inline constexpr const char* kExtractComparators[] = {
    ">=",          ">",          "<=", "<", "=", "approx", "annual_decrease", "annual_increase",
    "decrease_by", "increase_by"};

struct DraftTarget {
  std::string name;  // the indicator as the plan names it, cleaned of numbering and units
  // Unit of the values: "%", "个百分点", "人", "所", "个", "年", "万元", … ("" when none). 万人 and
  // 万个 figures are converted to 人 / 个 (×10000), 亿元 to 万元 (×10000).
  std::string unit;
  std::optional<int> baseline_year;
  std::optional<double> baseline_value;
  std::optional<int> target_year;
  std::optional<double> target_value;
  std::string comparator;  // one of kExtractComparators
  std::string attribute;   // 约束性 / 预期性 (the table's 属性 column), "" when not stated
  std::string quote;       // verbatim from the input: the clause, or the table row's cells
  size_t offset = 0;       // byte offset of `quote` in the input
  std::string indicator;   // catalog code when the name fits one, "" otherwise
  bool from_table = false;
};

// Names and synonyms of the catalog's indicators (catalog name_zh plus
// data/indicators/synonyms.json), used to link a draft to an indicator code.
class IndicatorMatcher {
 public:
  // The catalog compiled into the binary and the embedded synonyms file. kInvalidArgument when
  // the synonyms file names an unknown code or is malformed.
  static Result<IndicatorMatcher> Load();
  static Result<IndicatorMatcher> Build(const Catalog& catalog, std::string_view synonyms_json);

  // The code whose longest name or synonym occurs in `name` and whose unit agrees with `unit`;
  // "" when none does.
  std::string Match(std::string_view name, std::string_view unit) const;

 private:
  struct Entry {
    std::u32string phrase;  // normalised (see plan_extract.cc)
    std::string code;
    std::string unit;
  };
  std::vector<Entry> entries_;  // longest phrase first
};

struct ExtractOptions {
  // Target year for sentences that give none ("0" = from the text: the end of a "2021—2025"
  // span in the first lines, or 十四五 → 2025, 十五五 → 2030).
  int default_target_year = 0;
  const IndicatorMatcher* matcher = nullptr;  // null: `indicator` stays ""
};

// Every draft target of `text`, in document order. Invalid UTF-8 bytes are treated as U+FFFD.
// What yields nothing: sentences without a figure and a unit; years, dates, list numbering
// ("1." "（一）"), numbers inside 《》, “”, parentheses, next to Latin letters or '+' ("5G",
// "1+X"); figures under review headings (十三五 成就, 基本情况, 形势, 挑战 …) and sentences
// about the past (现有, 已, 累计, 十三五); per-activity norms (每天, 每学期, 每三年 …).
std::vector<DraftTarget> ExtractPlanTargets(std::string_view text, const ExtractOptions& = {});

// {"targets": [{"name", "unit", "baseline_year", "baseline_value", "target_year",
// "target_value", "comparator", "attribute", "quote", "indicator"}]}: numbers as JSON numbers,
// missing parts (and empty strings) as null. The wire form of `plan extract` and the API.
std::string DraftTargetsJson(const std::vector<DraftTarget>& drafts, int indent = 2);

}  // namespace zj::engine
