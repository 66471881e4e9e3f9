// The indicator catalog: every official indicator the platform computes, listed once as data in
// data/indicators/catalog.json (code, names, unit, expression, description, source of the
// definition and its verification mark from the standards reference), plus the configurable
// parameters (thresholds) the expressions use through param("…"). The docs page
// docs/indicators.md and the API listing are generated from the same Catalog.
//
// A Catalog is immutable after loading; safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"
#include "zj/engine/expression.h"

namespace zj::engine {

// Verification status of a definition (legend of /standards/README.md):
// verified = seen verbatim in the cited source; secondary = secondary/provincial sources only;
// unverified = not confirmed: configurable, flagged in UI and docs.
enum class Mark { kVerified, kSecondary, kUnverified };
std::string_view MarkName(Mark m);    // "verified", "secondary", "unverified"
std::string_view MarkNameZh(Mark m);  // 已核实, 二手来源, 未核实

struct ParamDef {
  std::string code;
  std::string name_zh;
  double value = 0;
  std::string unit;
  Mark mark = Mark::kUnverified;
  std::string source;
};

struct IndicatorDef {
  std::string code;  // stable identifier, [a-z0-9_]
  std::string name_zh;
  std::string name_en;
  std::string unit;      // "%", "人", "个", "所", "年", "比", "册", "间", "台", "套", …
  std::string category;  // 学前教育, 义务教育, …
  std::string expression;  // source text
  std::string description;
  std::string source;  // where the definition comes from (standards §, plan wording)
  Mark mark = Mark::kUnverified;
  Expression parsed;
  // The largest value that can be true ("valid_max", e.g. 100 for a retention rate); a value
  // above it is a data-quality warning, never an achievement. `above_max_note` explains how such
  // a value arises (e.g. 转入 not subtracted). Gross ratios (毛入学率) have none.
  std::optional<double> valid_max;
  std::string above_max_note;
};

class Catalog {
 public:
  int version() const { return version_; }
  const std::vector<IndicatorDef>& indicators() const { return indicators_; }
  const std::vector<ParamDef>& params() const { return params_; }
  const IndicatorDef* Find(std::string_view code) const;
  const ParamDef* FindParam(std::string_view code) const;
  // Categories in first-appearance order.
  std::vector<std::string> categories() const;

 private:
  friend Result<Catalog> ParseCatalog(std::string_view json_text);
  int version_ = 0;
  std::vector<IndicatorDef> indicators_;
  std::vector<ParamDef> params_;
};

// Parses and validates a catalog: required fields, unique codes, known marks and units, every
// expression parses (errors name the indicator and the character position), ind("…") and
// param("…") name known codes, and ind() references have no cycle. kInvalidArgument otherwise.
Result<Catalog> ParseCatalog(std::string_view json_text);
// The catalog compiled into the binary (data/indicators/catalog.json).
Result<Catalog> LoadCatalog();

// docs/indicators.md: every indicator by category with its expression, unit, mark and source,
// then the parameters. Deterministic (a test compares it with the committed file).
std::string RenderCatalogMarkdown(const Catalog& catalog);

}  // namespace zj::engine
