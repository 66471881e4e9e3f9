// Indicator evaluation: (code, unit, year) → value, for one unit, for every unit of a year, as a
// unit × year trend table, and explained (formula, inputs, numerator/denominator, the schools that
// contribute most, down to record counts).
//
// How it works: the catalog's expressions are compiled once; every distinct count(...)/sum(...)
// term becomes a data element. For a school year, all data elements are computed per school in one
// pass over each record table of the snapshot and stored as prefix sums in the depth-first school
// order of the Hierarchy, so a unit's aggregate is one subtraction and every roll-up is
// ratio-of-sums. Evaluation never yields NaN or infinity: division by zero and missing inputs give
// "no value" with a reason in Chinese.
//
// An Engine caches data elements per year and is NOT thread-safe: use one per thread (they can
// share the Catalog and the History, which must outlive it).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"
#include "zj/engine/catalog.h"
#include "zj/engine/snapshot.h"

namespace zj::engine {

// Why an evaluation has no value. Producing or copying one allocates nothing: the Chinese message
// is formatted by text() only when it is output. It refers to the catalog expression it quotes and
// to the History's hierarchy (unit names), which must outlive it as they outlive the Engine; the
// reason of an ad-hoc expression (Engine::EvaluateExpression) is valid while its Engine lives.
struct Reason {
  enum class Kind : uint8_t {
    kNone,
    kOverflow,          // 计算结果超出数值范围
    kDivisorZero,       // node = the divisor
    kDenominatorZero,   // node = the denominator
    kNoSnapshot,        // node = the count/sum term; year
    kBadAgeRange,       // a–b
    kSchoolPopulation,  // population() at a school
    kNoPopulation,      // unit, year, ages a–b
    kSchoolBirths,      // births() at a school
    kNoBirths,          // unit, year
    kNoData,            // node = data("…"); unit, year
    kBadLag,            // a = the lag
    kBadReference,      // node = ind("…")
    kInternal,
  };
  Kind kind = Kind::kNone;
  const Expression* expression = nullptr;  // the expression holding `node`
  int node = -1;
  const Hierarchy* hierarchy = nullptr;  // for the unit's name
  int unit = -1;
  int year = 0;
  double a = 0, b = 0;

  bool empty() const { return kind == Kind::kNone; }
  // The Chinese message; "" when empty.
  std::string text() const;
};

// One evaluated indicator. `code` views the Catalog's own string (the Catalog outlives every value
// it yields; empty for an ad-hoc expression), so producing a value copies no code.
struct IndicatorValue {
  std::string_view code;
  std::string unit_code;
  int year = 0;
  std::optional<double> value;      // nullopt = no value (see reason)
  std::optional<double> numerator;  // set when the expression is ratio()/percent() at the top
  std::optional<double> denominator;
  Reason reason;  // why there is no value (reason.text() in Chinese)
};

// One input of an explained evaluation: a data term as evaluated (after lag, at its own year).
struct ExplainInput {
  std::string text;  // e.g. count(students, stage = primary, grade = 1)
  std::string kind;  // count, sum, population, births, data, data_sum, ind, param, grades
  int year = 0;
  std::optional<double> value;
  std::string reason;
};

struct SchoolContribution {
  std::string school_code;
  std::string school_name;
  std::optional<double> numerator;  // the school's share of the numerator (record count/sum)
  std::optional<double> denominator;
  std::optional<double> value;  // the school's own value of the indicator
};

struct Explanation {
  IndicatorValue result;
  std::string name_zh;
  std::string unit;
  Mark mark = Mark::kUnverified;
  std::string expression;
  std::string numerator_text;  // empty when the expression is not a ratio at the top
  std::string denominator_text;
  std::vector<ExplainInput> inputs;
  int school_count = 0;                         // schools under the unit
  std::vector<SchoolContribution> top_schools;  // by numerator contribution, descending
};

struct TrendTable {
  std::string code;
  std::vector<std::string> unit_codes;
  std::vector<int> years;
  std::vector<std::vector<IndicatorValue>> cells;  // [unit][year]
};

class Engine {
 public:
  // Compiles every catalog expression. `param_overrides` replace catalog parameter values by
  // code (unknown codes are kInvalidArgument).
  static Result<Engine> Create(const Catalog& catalog, const History& history,
                               const std::map<std::string, double>& param_overrides = {});

  // kNotFound (one-line Chinese message) for an unknown code, unit (admin unit or school code)
  // or year; "no value" is not an error.
  Result<IndicatorValue> Evaluate(std::string_view code, std::string_view unit_code, int year);
  // The given codes (all when empty) for one unit.
  Result<std::vector<IndicatorValue>> EvaluateUnit(std::string_view unit_code, int year,
                                                   const std::vector<std::string>& codes = {});
  // Every code for every admin unit (and every school when include_schools) of a year,
  // unit-major in depth-first order.
  Result<std::vector<IndicatorValue>> EvaluateAll(int year, bool include_schools = false);
  Result<TrendTable> Trend(std::string_view code, const std::vector<std::string>& unit_codes,
                           const std::vector<int>& years);
  Result<Explanation> Explain(std::string_view code, std::string_view unit_code, int year,
                              int top_n = 10);
  // Parses and evaluates an ad-hoc expression (it may use the catalog's params and indicators).
  // The parsed expression is kept until the Engine is destroyed (the result's reason quotes it).
  Result<IndicatorValue> EvaluateExpression(std::string_view text, std::string_view unit_code,
                                            int year);

  double ParamValue(std::string_view code) const;
  const Catalog& catalog() const { return *catalog_; }
  const History& history() const { return *history_; }
  // Number of distinct data elements compiled so far.
  size_t element_count() const;
  // Drops the per-year element cache (for benchmarks).
  void ClearCache();

  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  ~Engine();

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  const Catalog* catalog_ = nullptr;
  const History* history_ = nullptr;
};

}  // namespace zj::engine
