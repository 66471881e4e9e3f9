// The indicator expression language (docs/expressions.md): a hand-written lexer and
// recursive-descent parser producing a flat AST, with precise errors (character position, reason in
// Chinese and English). Examples:
//   percent(count(students, stage = kindergarten), population(3, 5))
//   count(classes, stage in (primary, junior), size >= 56 and size <= 65)
//   percent(count(students, stage = junior, grade = last, status = graduated),
//           lag(grades(primary) + grades(junior) - 1, count(students, stage = primary, grade = 1)))
// Parsing checks names (functions, tables, fields, enum values, operators) against the schema
// below; indicator and parameter names are checked when a ParseOptions lists them.
// Expressions are immutable values; evaluation lives in zj/engine/indicators.h.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"
#include "zj/model/records.h"

namespace zj::engine {

// Record tables an aggregate can range over.
enum class Table { kStudents, kClasses, kTeachers, kHealth, kFacilities, kSchools };
std::string_view TableName(Table t);    // "students", …
std::string_view TableNameZh(Table t);  // 学生学籍, …

// Filterable / summable fields of the record tables.
enum class Field : uint8_t {
  // school attributes (every table)
  kType,
  kPublic,
  kInclusive,
  kRating,
  kArea,
  kBoarding,
  kServes,
  // schools
  kEnrolment,
  kCompulsoryEnrolment,
  // students / health / classes / teachers
  kStage,
  kGrade,
  kStatus,
  kAge,
  kGender,
  kDisabled,
  kDisability,
  kMigrant,
  kLeftBehind,
  kCompulsoryYearsLeft,  // students: school years of 义务教育 left after this one (cohort tracking)
  // classes
  kSize,
  // teachers
  kFullTime,
  kSubject,
  kEducation,
  kTitle,
  kBackbone,
  kMasterTeacher,
  kDualQualified,
  kCertified,
  kOnStaff,
  kCadre,
  kTrainingHours,
  // health
  kExamDone,
  kScreened,
  kMyopia,
  kTested,
  kFitnessScore,
  // facilities (same order as FacilityColumns::kFieldNames)
  kTeachingArea,
  kSportsArea,
  kEquipmentValue,
  kMultimediaRooms,
  kComputers,
  kBooks,
  kMusicRooms,
  kArtRooms,
  kLabs,
  kClassrooms,
  kBeds,
  kInteractiveTerminals,
  kCount_  // number of fields
};
enum class FieldType { kInt, kNumber, kBool, kEnum, kOrdinal, kSet };
struct FieldInfo {
  std::string_view name;
  Field field;
  FieldType type;
  std::string_view name_zh;
  bool summable;
};
const FieldInfo& GetFieldInfo(Field f);
// Fields usable in filters and sums of a table (school attributes included).
std::vector<Field> FieldsOf(Table t);
// Named values of an enum/ordinal/set field: (name, code). Empty for other types.
std::vector<std::pair<std::string_view, int>> FieldValues(Field f);

enum class CmpOp { kEq, kNe, kLt, kLe, kGt, kGe };
std::string_view CmpOpText(CmpOp op);

// A filter over one table's rows.
struct FilterNode {
  enum class Kind { kAnd, kOr, kNot, kCompare, kIn, kIsTrue, kGradeLast };
  Kind kind = Kind::kAnd;
  Field field = Field::kStage;
  CmpOp op = CmpOp::kEq;       // kCompare (kGradeLast: kEq or kNe)
  std::vector<double> values;  // kCompare: one value; kIn: the list (set fields: bit masks)
  std::string param;           // kCompare: the value comes from param("…") when non-empty
  std::vector<int> children;   // kAnd/kOr/kNot
  int begin = 0, end = 0;      // source span (0-based byte offsets, end exclusive)
};

enum class Op {
  kNumber,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kNeg,
  kRatio,       // ratio(a, b [, scale]) and percent(a, b) (scale 100)
  kCount,       // count(table [, filter…])
  kSum,         // sum(table.field [, filter…])
  kPopulation,  // population(age_min, age_max)
  kBirths,      // births()
  kData,        // data("code")
  kDataSum,     // data_sum("code")
  kLag,         // lag(years, expr)
  kGrades,      // grades(stage)
  kParam,       // param("code")
  kInd,         // ind("code")
};

struct ExprNode {
  Op op = Op::kNumber;
  double number = 0;      // kNumber
  std::vector<int> args;  // operands / arguments (node indices)
  Table table = Table::kStudents;
  Field sum_field = Field::kCount_;             // kSum
  int filter = -1;                              // kCount/kSum: root filter node, -1 for none
  std::string name;                             // kData/kDataSum/kParam/kInd: the quoted code
  model::Stage stage = model::Stage::kPrimary;  // kGrades
  int begin = 0, end = 0;                       // source span (0-based byte offsets, end exclusive)
};

class Expression {
 public:
  const std::string& source() const { return source_; }
  int root() const { return root_; }
  const ExprNode& node(int i) const { return nodes_[i]; }
  size_t node_count() const { return nodes_.size(); }
  const FilterNode& filter(int i) const { return filters_[i]; }
  size_t filter_count() const { return filters_.size(); }
  // Source text of a node (trimmed), e.g. "count(students, stage = primary)".
  std::string Text(int node) const;
  // Canonical text of a filter (normalised spacing, sorted nothing), used as a cache key.
  std::string FilterText(int filter) const;
  // Whether the filter (or any descendant) tests `field`.
  bool FilterMentions(int filter, Field field) const;
  // Codes referenced by ind("…") and param("…") / data("…") anywhere in the expression.
  std::vector<std::string> Referenced(Op op) const;

 private:
  friend class Parser;
  std::string source_;
  std::vector<ExprNode> nodes_;
  std::vector<FilterNode> filters_;
  int root_ = -1;
};

struct ExpressionError {
  int position = 0;  // 1-based character (code point) position in the source
  std::string message_zh;
  std::string message_en;
  // "第 12 个字符：未知字段“foo” / at character 12: unknown field 'foo'"
  std::string ToString() const;
};

struct ParseOptions {
  // When set, ind("x") / param("x") must name a known code.
  std::function<bool(std::string_view)> is_indicator;
  std::function<bool(std::string_view)> is_param;
};

// Parses an expression. On failure returns kInvalidArgument whose message is
// ExpressionError::ToString(), and fills *error when given.
Result<Expression> ParseExpression(std::string_view text, const ParseOptions& options = {},
                                   ExpressionError* error = nullptr);

}  // namespace zj::engine
