// Lexer, schema and recursive-descent parser of the indicator expression language (see
// expression.h and docs/expressions.md). Every error names the character position and the reason
// in Chinese and English.
#include "zj/engine/expression.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace zj::engine {

// ---- schema ------------------------------------------------------------------------------------

namespace {

constexpr std::array<FieldInfo, static_cast<size_t>(Field::kCount_)> kFields = {{
    {"type", Field::kType, FieldType::kInt, "办学类型代码", false},
    {"public", Field::kPublic, FieldType::kBool, "公办", false},
    {"inclusive", Field::kInclusive, FieldType::kBool, "普惠性", false},
    {"rating", Field::kRating, FieldType::kEnum, "幼儿园等级", false},
    {"area", Field::kArea, FieldType::kEnum, "城乡（城区/镇区/乡村）", false},
    {"boarding", Field::kBoarding, FieldType::kBool, "寄宿制", false},
    {"serves", Field::kServes, FieldType::kSet, "学校所含学段", false},
    {"enrolment", Field::kEnrolment, FieldType::kInt, "在校生数", true},
    {"compulsory_enrolment", Field::kCompulsoryEnrolment, FieldType::kInt, "义务教育段在校生数",
     true},
    {"stage", Field::kStage, FieldType::kEnum, "学段", false},
    {"grade", Field::kGrade, FieldType::kInt, "年级", false},
    {"status", Field::kStatus, FieldType::kEnum, "学籍状态", false},
    {"age", Field::kAge, FieldType::kInt, "年龄（学年8月31日周岁）", false},
    {"gender", Field::kGender, FieldType::kEnum, "性别", false},
    {"disabled", Field::kDisabled, FieldType::kBool, "残疾", false},
    {"disability", Field::kDisability, FieldType::kInt, "残疾类型代码", false},
    {"migrant", Field::kMigrant, FieldType::kBool, "随迁子女", false},
    {"left_behind", Field::kLeftBehind, FieldType::kBool, "留守儿童", false},
    {"compulsory_years_left", Field::kCompulsoryYearsLeft, FieldType::kInt,
     "本学年之后距义务教育最后一个年级的学年数", false},
    {"size", Field::kSize, FieldType::kInt, "班额（在校生人数）", true},
    {"full_time", Field::kFullTime, FieldType::kBool, "专任教师", false},
    {"subject", Field::kSubject, FieldType::kSet, "任教学科", false},
    {"education", Field::kEducation, FieldType::kInt, "最高学历代码（GB/T 4658）", false},
    {"title", Field::kTitle, FieldType::kOrdinal, "职称", false},
    {"backbone", Field::kBackbone, FieldType::kOrdinal, "骨干教师级别", false},
    {"master_teacher", Field::kMasterTeacher, FieldType::kBool, "名师", false},
    {"dual_qualified", Field::kDualQualified, FieldType::kBool, "双师型", false},
    {"certified", Field::kCertified, FieldType::kBool, "持教师资格证", false},
    {"on_staff", Field::kOnStaff, FieldType::kBool, "在编", false},
    {"cadre", Field::kCadre, FieldType::kBool, "干部", false},
    {"training_hours", Field::kTrainingHours, FieldType::kNumber, "本学年培训学时", true},
    {"exam_done", Field::kExamDone, FieldType::kBool, "完成健康体检", false},
    {"screened", Field::kScreened, FieldType::kBool, "参加视力筛查", false},
    {"myopia", Field::kMyopia, FieldType::kBool, "近视", false},
    {"tested", Field::kTested, FieldType::kBool, "参加体质健康测试", false},
    {"fitness_score", Field::kFitnessScore, FieldType::kNumber, "体质健康学年总分", true},
    {"teaching_area_m2", Field::kTeachingArea, FieldType::kNumber, "教学及辅助用房面积", true},
    {"sports_area_m2", Field::kSportsArea, FieldType::kNumber, "体育运动场馆面积", true},
    {"equipment_value_yuan", Field::kEquipmentValue, FieldType::kNumber, "教学仪器设备值", true},
    {"multimedia_rooms", Field::kMultimediaRooms, FieldType::kNumber, "网络多媒体教室数", true},
    {"computers", Field::kComputers, FieldType::kNumber, "教学用计算机台数", true},
    {"books", Field::kBooks, FieldType::kNumber, "图书册数", true},
    {"music_rooms", Field::kMusicRooms, FieldType::kNumber, "音乐专用教室数", true},
    {"art_rooms", Field::kArtRooms, FieldType::kNumber, "美术专用教室数", true},
    {"labs", Field::kLabs, FieldType::kNumber, "实验室数", true},
    {"classrooms", Field::kClassrooms, FieldType::kNumber, "普通教室数", true},
    {"beds", Field::kBeds, FieldType::kNumber, "学生床位数", true},
    {"interactive_terminals", Field::kInteractiveTerminals, FieldType::kNumber, "互动式教学终端数",
     true},
}};

constexpr Field kSchoolFields[] = {Field::kType,   Field::kPublic, Field::kInclusive,
                                   Field::kRating, Field::kArea,   Field::kBoarding,
                                   Field::kServes};

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string FormatNumber(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

}  // namespace

std::string_view TableName(Table t) {
  switch (t) {
    case Table::kStudents:
      return "students";
    case Table::kClasses:
      return "classes";
    case Table::kTeachers:
      return "teachers";
    case Table::kHealth:
      return "health";
    case Table::kFacilities:
      return "facilities";
    case Table::kSchools:
      return "schools";
  }
  return "";
}

std::string_view TableNameZh(Table t) {
  switch (t) {
    case Table::kStudents:
      return "学生学籍";
    case Table::kClasses:
      return "班级";
    case Table::kTeachers:
      return "教师任职";
    case Table::kHealth:
      return "学生体检与体质健康";
    case Table::kFacilities:
      return "校舍资产";
    case Table::kSchools:
      return "学校";
  }
  return "";
}

const FieldInfo& GetFieldInfo(Field f) { return kFields[static_cast<size_t>(f)]; }

std::vector<Field> FieldsOf(Table t) {
  std::vector<Field> out(std::begin(kSchoolFields), std::end(kSchoolFields));
  auto add = [&](std::initializer_list<Field> fs) { out.insert(out.end(), fs); };
  switch (t) {
    case Table::kStudents:
      add({Field::kStage, Field::kGrade, Field::kStatus, Field::kAge, Field::kGender,
           Field::kDisabled, Field::kDisability, Field::kMigrant, Field::kLeftBehind,
           Field::kCompulsoryYearsLeft});
      break;
    case Table::kClasses:
      add({Field::kStage, Field::kGrade, Field::kSize});
      break;
    case Table::kTeachers:
      add({Field::kStage, Field::kFullTime, Field::kSubject, Field::kEducation, Field::kTitle,
           Field::kBackbone, Field::kMasterTeacher, Field::kDualQualified, Field::kCertified,
           Field::kOnStaff, Field::kCadre, Field::kAge, Field::kGender, Field::kTrainingHours});
      break;
    case Table::kHealth:
      add({Field::kStage, Field::kGrade, Field::kGender, Field::kExamDone, Field::kScreened,
           Field::kMyopia, Field::kTested, Field::kFitnessScore});
      break;
    case Table::kFacilities:
      for (int f = static_cast<int>(Field::kTeachingArea);
           f <= static_cast<int>(Field::kInteractiveTerminals); ++f) {
        out.push_back(static_cast<Field>(f));
      }
      break;
    case Table::kSchools:
      add({Field::kEnrolment, Field::kCompulsoryEnrolment});
      break;
  }
  return out;
}

std::vector<std::pair<std::string_view, int>> FieldValues(Field f) {
  switch (f) {
    case Field::kStage:
    case Field::kServes:
      return {{"kindergarten", 1},   {"primary", 2},    {"junior", 3},
              {"general_senior", 4}, {"vocational", 5}, {"special", 6}};
    case Field::kStatus:
      return {{"enrolled", 1}, {"transferred_in", 2}, {"transferred_out", 3}, {"suspended", 4},
              {"dropout", 5},  {"graduated", 6},      {"deceased", 7}};
    case Field::kGender:
      return {{"unknown", 0}, {"male", 1}, {"female", 2}};
    case Field::kRating:
      return {{"none", 0}, {"first", 1}, {"second", 2}, {"third", 3}};
    case Field::kArea:
      return {{"unknown", 0}, {"urban", 1}, {"town", 2}, {"rural", 3}};
    case Field::kTitle:
      return {{"none", 0},  {"third", 1},  {"second", 2},
              {"first", 3}, {"senior", 4}, {"full_senior", 5}};
    case Field::kBackbone:
      return {{"none", 0}, {"school", 1}, {"county", 2}, {"city", 3}, {"national", 4}};
    case Field::kSubject:
      return {{"chinese", 0}, {"math", 1},       {"english", 2},    {"science", 3},
              {"social", 4},  {"pe", 5},         {"music", 6},      {"art", 7},
              {"it", 8},      {"vocational", 9}, {"preschool", 10}, {"other", 11}};
    default:
      return {};
  }
}

std::string_view CmpOpText(CmpOp op) {
  switch (op) {
    case CmpOp::kEq:
      return "=";
    case CmpOp::kNe:
      return "!=";
    case CmpOp::kLt:
      return "<";
    case CmpOp::kLe:
      return "<=";
    case CmpOp::kGt:
      return ">";
    case CmpOp::kGe:
      return ">=";
  }
  return "";
}

// ---- Expression accessors ----------------------------------------------------------------------

std::string Expression::Text(int node) const {
  const ExprNode& n = nodes_[node];
  return source_.substr(n.begin, n.end - n.begin);
}

std::string Expression::FilterText(int filter) const {
  const FilterNode& f = filters_[filter];
  const FieldInfo& info = GetFieldInfo(f.field);
  auto value_text = [&](double v) -> std::string {
    auto names = FieldValues(f.field);
    for (const auto& [name, code] : names) {
      int c = info.type == FieldType::kSet ? (1 << code) : code;
      if (static_cast<double>(c) == v) return std::string(name);
    }
    return FormatNumber(v);
  };
  switch (f.kind) {
    case FilterNode::Kind::kAnd:
    case FilterNode::Kind::kOr: {
      std::string out = "(";
      for (size_t i = 0; i < f.children.size(); ++i) {
        if (i > 0) out += f.kind == FilterNode::Kind::kAnd ? " and " : " or ";
        out += FilterText(f.children[i]);
      }
      return out + ")";
    }
    case FilterNode::Kind::kNot:
      return "not " + FilterText(f.children[0]);
    case FilterNode::Kind::kIsTrue:
      return std::string(info.name);
    case FilterNode::Kind::kGradeLast:
      return std::string("grade ") + std::string(CmpOpText(f.op)) + " last";
    case FilterNode::Kind::kCompare:
      return std::string(info.name) + " " + std::string(CmpOpText(f.op)) + " " +
             (f.param.empty() ? value_text(f.values[0]) : "param(\"" + f.param + "\")");
    case FilterNode::Kind::kIn: {
      std::string out = std::string(info.name) + " in (";
      for (size_t i = 0; i < f.values.size(); ++i) {
        if (i > 0) out += ", ";
        out += value_text(f.values[i]);
      }
      return out + ")";
    }
  }
  return "";
}

bool Expression::FilterMentions(int filter, Field field) const {
  const FilterNode& f = filters_[filter];
  if (f.kind == FilterNode::Kind::kGradeLast && field == Field::kGrade) return true;
  if ((f.kind == FilterNode::Kind::kCompare || f.kind == FilterNode::Kind::kIn ||
       f.kind == FilterNode::Kind::kIsTrue) &&
      f.field == field) {
    return true;
  }
  for (int c : f.children) {
    if (FilterMentions(c, field)) return true;
  }
  return false;
}

std::vector<std::string> Expression::Referenced(Op op) const {
  std::set<std::string> out;
  for (const auto& n : nodes_) {
    if (n.op == op) out.insert(n.name);
  }
  if (op == Op::kParam) {
    for (const auto& f : filters_) {
      if (!f.param.empty()) out.insert(f.param);
    }
  }
  return {out.begin(), out.end()};
}

std::string ExpressionError::ToString() const {
  return "表达式第 " + std::to_string(position) + " 个字符：" + message_zh + " / at character " +
         std::to_string(position) + ": " + message_en;
}

// ---- lexer -------------------------------------------------------------------------------------

namespace {

enum class Tok {
  kEnd,
  kNumber,
  kIdent,
  kString,
  kLParen,
  kRParen,
  kComma,
  kDot,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kCmp,
};

struct Token {
  Tok kind = Tok::kEnd;
  int begin = 0, end = 0;  // byte offsets
  std::string text;        // identifier / string content / number text
  double number = 0;
  CmpOp op = CmpOp::kEq;
};

struct LexError {
  int offset;
  std::string zh, en;
};

// Full-width punctuation Chinese keyboards produce; named in the error.
struct FullWidth {
  const char* utf8;
  const char* ascii;
};
constexpr FullWidth kFullWidth[] = {{"（", "("}, {"）", ")"}, {"，", ","}, {"＝", "="}, {"“", "\""},
                                    {"”", "\""}, {"＞", ">"}, {"＜", "<"}, {"－", "-"}, {"＋", "+"},
                                    {"＊", "*"}, {"／", "/"}, {"。", "."}, {"．", "."}};

std::optional<LexError> Lex(std::string_view s, std::vector<Token>* out) {
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    Token t;
    t.begin = static_cast<int>(i);
    if (IsDigit(c) || (c == '.' && i + 1 < s.size() && IsDigit(s[i + 1]))) {
      size_t j = i;
      while (j < s.size() && (IsDigit(s[j]) || s[j] == '.')) ++j;
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        size_t k = j + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < s.size() && IsDigit(s[k])) {
          j = k;
          while (j < s.size() && IsDigit(s[j])) ++j;
        }
      }
      t.text = std::string(s.substr(i, j - i));
      char* endp = nullptr;
      t.number = std::strtod(t.text.c_str(), &endp);
      if (endp != t.text.c_str() + t.text.size() || !std::isfinite(t.number)) {
        return LexError{static_cast<int>(i), "数字格式错误“" + t.text + "”",
                        "malformed number '" + t.text + "'"};
      }
      if (j < s.size() && IsAsciiAlpha(s[j])) {
        return LexError{static_cast<int>(j), "数字后面紧跟字母", "letter right after a number"};
      }
      t.kind = Tok::kNumber;
      i = j;
    } else if (IsAsciiAlpha(c)) {
      size_t j = i;
      while (j < s.size() && (IsAsciiAlpha(s[j]) || IsDigit(s[j]))) ++j;
      t.kind = Tok::kIdent;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else if (c == '"' || c == '\'') {
      size_t j = i + 1;
      while (j < s.size() && s[j] != c) ++j;
      if (j >= s.size()) {
        return LexError{static_cast<int>(i), "字符串缺少结尾引号", "unterminated string"};
      }
      t.kind = Tok::kString;
      t.text = std::string(s.substr(i + 1, j - i - 1));
      i = j + 1;
    } else {
      size_t len = 1;
      switch (c) {
        case '(':
          t.kind = Tok::kLParen;
          break;
        case ')':
          t.kind = Tok::kRParen;
          break;
        case ',':
          t.kind = Tok::kComma;
          break;
        case '.':
          t.kind = Tok::kDot;
          break;
        case '+':
          t.kind = Tok::kPlus;
          break;
        case '-':
          t.kind = Tok::kMinus;
          break;
        case '*':
          t.kind = Tok::kStar;
          break;
        case '/':
          t.kind = Tok::kSlash;
          break;
        case '=':
          t.kind = Tok::kCmp;
          t.op = CmpOp::kEq;
          if (i + 1 < s.size() && s[i + 1] == '=') len = 2;
          break;
        case '!':
          if (i + 1 < s.size() && s[i + 1] == '=') {
            t.kind = Tok::kCmp;
            t.op = CmpOp::kNe;
            len = 2;
            break;
          }
          return LexError{static_cast<int>(i), "“!”后面应为“=”", "'!' must be followed by '='"};
        case '<':
        case '>': {
          t.kind = Tok::kCmp;
          bool eq = i + 1 < s.size() && s[i + 1] == '=';
          bool ne = c == '<' && i + 1 < s.size() && s[i + 1] == '>';
          t.op = ne ? CmpOp::kNe
                    : (c == '<' ? (eq ? CmpOp::kLe : CmpOp::kLt) : (eq ? CmpOp::kGe : CmpOp::kGt));
          if (eq || ne) len = 2;
          break;
        }
        default: {
          for (const auto& fw : kFullWidth) {
            if (s.substr(i).starts_with(fw.utf8)) {
              return LexError{
                  static_cast<int>(i),
                  std::string("全角符号“") + fw.utf8 + "”，请改用半角“" + fw.ascii + "”",
                  std::string("full-width character, use '") + fw.ascii + "'"};
            }
          }
          size_t n = 1;
          unsigned char uc = static_cast<unsigned char>(c);
          if (uc >= 0xF0)
            n = 4;
          else if (uc >= 0xE0)
            n = 3;
          else if (uc >= 0xC0)
            n = 2;
          std::string ch(s.substr(i, std::min(n, s.size() - i)));
          return LexError{static_cast<int>(i), "不支持的字符“" + ch + "”（中文只能写在引号内）",
                          "unexpected character '" + ch + "'"};
        }
      }
      i += len;
    }
    t.end = static_cast<int>(i);
    out->push_back(std::move(t));
  }
  Token end;
  end.kind = Tok::kEnd;
  end.begin = end.end = static_cast<int>(s.size());
  out->push_back(end);
  return std::nullopt;
}

int CharPosition(std::string_view s, int byte_offset) {
  int pos = 1;
  for (int i = 0; i < byte_offset && i < static_cast<int>(s.size()); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++pos;
  }
  // byte_offset points at the start of a character; count only completed leading bytes.
  return pos;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ", ";
    out += v[i];
  }
  return out;
}

}  // namespace

// ---- parser ------------------------------------------------------------------------------------

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options) : src_(text), options_(options) {
    expr_.source_ = std::string(text);
  }

  Result<Expression> Run(ExpressionError* error) {
    if (auto le = Lex(src_, &toks_)) {
      return Fail(le->offset, le->zh, le->en, error);
    }
    if (toks_.size() == 1) return Fail(0, "表达式为空", "empty expression", error);
    int root = ParseAdditive();
    if (!failed_ && Peek().kind != Tok::kEnd) {
      Error(Peek().begin, "多余的内容“" + TokText(Peek()) + "”（缺少运算符？）",
            "unexpected '" + TokText(Peek()) + "' after the end of the expression");
    }
    if (failed_) return Fail(err_offset_, err_zh_, err_en_, error);
    expr_.root_ = root;
    return std::move(expr_);
  }

 private:
  // ---- helpers ----
  const Token& Peek(int ahead = 0) const {
    size_t i = std::min(pos_ + ahead, toks_.size() - 1);
    return toks_[i];
  }
  const Token& Next() {
    const Token& t = toks_[pos_];
    if (pos_ + 1 < toks_.size()) ++pos_;
    return t;
  }
  std::string TokText(const Token& t) const {
    if (t.kind == Tok::kEnd) return "结尾";
    return std::string(src_.substr(t.begin, t.end - t.begin));
  }
  // Nesting (parentheses, unary minus, not, function arguments) is bounded so that a hostile
  // expression cannot exhaust the stack of the parser or of the evaluator.
  static constexpr int kMaxDepth = 64;
  struct DepthGuard {
    Parser* p;
    explicit DepthGuard(Parser* parser) : p(parser) { ++p->depth_; }
    ~DepthGuard() { --p->depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
  };
  int TooDeep() {
    return Error(Peek().begin, "嵌套层数超过 " + std::to_string(kMaxDepth) + " 层",
                 "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  // Records the first error only; returns -1 for convenience.
  int Error(int offset, std::string zh, std::string en) {
    if (!failed_) {
      failed_ = true;
      err_offset_ = offset;
      err_zh_ = std::move(zh);
      err_en_ = std::move(en);
    }
    return -1;
  }
  Result<Expression> Fail(int offset, const std::string& zh, const std::string& en,
                          ExpressionError* error) {
    ExpressionError e{CharPosition(src_, offset), zh, en};
    if (error) *error = e;
    return Status::InvalidArgument(e.ToString());
  }
  bool Expect(Tok kind, const char* zh, const char* en) {
    if (failed_) return false;
    if (Peek().kind != kind) {
      const Token& t = Peek();
      if (t.kind == Tok::kEnd) {
        Error(t.begin, std::string("表达式意外结束，缺少") + zh,
              std::string("unexpected end of expression, expected ") + en);
      } else {
        Error(t.begin, std::string("此处应为") + zh + "，实际为“" + TokText(t) + "”",
              std::string("expected ") + en + ", found '" + TokText(t) + "'");
      }
      return false;
    }
    Next();
    return true;
  }
  int AddNode(ExprNode n) {
    expr_.nodes_.push_back(std::move(n));
    return static_cast<int>(expr_.nodes_.size()) - 1;
  }
  int AddFilter(FilterNode f) {
    expr_.filters_.push_back(std::move(f));
    return static_cast<int>(expr_.filters_.size()) - 1;
  }
  int PrevEnd() const { return pos_ == 0 ? 0 : toks_[pos_ - 1].end; }

  // ---- arithmetic ----
  int ParseAdditive() {
    int left = ParseMultiplicative();
    while (!failed_ && (Peek().kind == Tok::kPlus || Peek().kind == Tok::kMinus)) {
      Op op = Next().kind == Tok::kPlus ? Op::kAdd : Op::kSub;
      int right = ParseMultiplicative();
      if (failed_) return -1;
      ExprNode n;
      n.op = op;
      n.args = {left, right};
      n.begin = expr_.nodes_[left].begin;
      n.end = expr_.nodes_[right].end;
      left = AddNode(std::move(n));
    }
    return left;
  }
  int ParseMultiplicative() {
    int left = ParseUnary();
    while (!failed_ && (Peek().kind == Tok::kStar || Peek().kind == Tok::kSlash)) {
      Op op = Next().kind == Tok::kStar ? Op::kMul : Op::kDiv;
      int right = ParseUnary();
      if (failed_) return -1;
      ExprNode n;
      n.op = op;
      n.args = {left, right};
      n.begin = expr_.nodes_[left].begin;
      n.end = expr_.nodes_[right].end;
      left = AddNode(std::move(n));
    }
    return left;
  }
  int ParseUnary() {
    if (failed_) return -1;
    DepthGuard guard(this);
    if (depth_ > kMaxDepth) return TooDeep();
    if (Peek().kind == Tok::kMinus) {
      int begin = Next().begin;
      int operand = ParseUnary();
      if (failed_) return -1;
      ExprNode n;
      n.op = Op::kNeg;
      n.args = {operand};
      n.begin = begin;
      n.end = expr_.nodes_[operand].end;
      return AddNode(std::move(n));
    }
    return ParsePrimary();
  }
  int ParsePrimary() {
    const Token& t = Peek();
    switch (t.kind) {
      case Tok::kNumber: {
        Next();
        ExprNode n;
        n.op = Op::kNumber;
        n.number = t.number;
        n.begin = t.begin;
        n.end = t.end;
        return AddNode(std::move(n));
      }
      case Tok::kLParen: {
        int begin = Next().begin;
        int inner = ParseAdditive();
        if (!Expect(Tok::kRParen, "右括号“)”", "')'")) return -1;
        // Keep the parenthesised span so Text() shows what the user wrote.
        expr_.nodes_[inner].begin = std::min(expr_.nodes_[inner].begin, begin);
        expr_.nodes_[inner].end = std::max(expr_.nodes_[inner].end, PrevEnd());
        return inner;
      }
      case Tok::kIdent:
        return ParseCall();
      case Tok::kEnd:
        return Error(t.begin, "表达式意外结束，缺少运算对象",
                     "unexpected end of expression, expected an operand");
      default:
        return Error(t.begin, "此处应为数字、函数或左括号，实际为“" + TokText(t) + "”",
                     "expected a number, a function call or '(', found '" + TokText(t) + "'");
    }
  }

  // ---- function calls ----
  int ParseCall() {
    Token name = Next();
    const std::string& f = name.text;
    static const std::set<std::string> kFunctions = {"count", "sum",      "population", "births",
                                                     "data",  "data_sum", "lag",        "grades",
                                                     "param", "ind",      "ratio",      "percent"};
    if (!kFunctions.count(f)) {
      if (Peek().kind != Tok::kLParen) {
        return Error(name.begin, "“" + f + "”不是函数；字段名只能写在 count/sum 的筛选条件里",
                     "'" + f + "' is not a function; field names belong inside count/sum filters");
      }
      return Error(
          name.begin,
          "未知函数“" + f + "”（可用：" + Join({kFunctions.begin(), kFunctions.end()}) + "）",
          "unknown function '" + f + "'");
    }
    if (!Expect(Tok::kLParen, "左括号“(”", "'('")) return -1;
    ExprNode n;
    n.begin = name.begin;
    if (f == "count" || f == "sum") {
      if (!ParseAggregate(f == "sum", &n)) return -1;
    } else if (f == "population" || f == "lag") {
      n.op = f == "lag" ? Op::kLag : Op::kPopulation;
      int a = ParseAdditive();
      if (!Expect(Tok::kComma, "逗号“,”（需要 2 个参数）", "',' (2 arguments)")) return -1;
      int b = ParseAdditive();
      if (failed_) return -1;
      n.args = {a, b};
    } else if (f == "births") {
      n.op = Op::kBirths;
    } else if (f == "data" || f == "data_sum" || f == "param" || f == "ind") {
      n.op = f == "data"       ? Op::kData
             : f == "data_sum" ? Op::kDataSum
             : f == "param"    ? Op::kParam
                               : Op::kInd;
      const Token& s = Peek();
      if (s.kind != Tok::kString) {
        return Error(s.begin, f + " 的参数应为带引号的代码，例如 " + f + "(\"code\")",
                     f + " takes a quoted code, e.g. " + f + "(\"code\")");
      }
      Next();
      if (s.text.empty()) return Error(s.begin, "代码为空", "empty code");
      if (f == "ind" && options_.is_indicator && !options_.is_indicator(s.text)) {
        return Error(s.begin, "未知指标“" + s.text + "”", "unknown indicator '" + s.text + "'");
      }
      if (f == "param" && options_.is_param && !options_.is_param(s.text)) {
        return Error(s.begin, "未知参数“" + s.text + "”", "unknown parameter '" + s.text + "'");
      }
      n.name = s.text;
    } else if (f == "grades") {
      n.op = Op::kGrades;
      const Token& s = Peek();
      auto stage = s.kind == Tok::kIdent ? model::ParseStage(s.text) : std::nullopt;
      if (!stage) {
        return Error(s.begin, "grades 的参数应为学段名（kindergarten, primary, junior, ...）",
                     "grades takes a stage name (kindergarten, primary, junior, ...)");
      }
      Next();
      n.stage = *stage;
    } else {  // ratio / percent
      n.op = Op::kRatio;
      int a = ParseAdditive();
      if (!Expect(Tok::kComma, "逗号“,”（需要分子和分母）", "',' (numerator, denominator)")) {
        return -1;
      }
      int b = ParseAdditive();
      if (failed_) return -1;
      n.args = {a, b};
      if (f == "ratio" && Peek().kind == Tok::kComma) {
        Next();
        int scale = ParseAdditive();
        if (failed_) return -1;
        n.args.push_back(scale);
      } else if (f == "percent") {
        ExprNode hundred;
        hundred.op = Op::kNumber;
        hundred.number = 100;
        hundred.begin = hundred.end = name.begin;
        n.args.push_back(AddNode(std::move(hundred)));
      }
    }
    if (failed_) return -1;
    if (!Expect(Tok::kRParen, "右括号“)”", "')'")) return -1;
    n.end = PrevEnd();
    return AddNode(std::move(n));
  }

  bool ParseAggregate(bool is_sum, ExprNode* n) {
    n->op = is_sum ? Op::kSum : Op::kCount;
    const Token& t = Peek();
    std::optional<Table> table;
    for (Table tb : {Table::kStudents, Table::kClasses, Table::kTeachers, Table::kHealth,
                     Table::kFacilities, Table::kSchools}) {
      if (t.kind == Tok::kIdent && t.text == TableName(tb)) table = tb;
    }
    if (!table) {
      Error(t.begin,
            "未知记录表“" + TokText(t) +
                "”（可用：students, classes, teachers, health, facilities, schools）",
            "unknown table '" + TokText(t) +
                "' (students, classes, teachers, health, facilities, schools)");
      return false;
    }
    Next();
    n->table = *table;
    if (is_sum) {
      if (!Expect(Tok::kDot, "“.字段名”，例如 sum(facilities.books)",
                  "'.field', e.g. sum(facilities.books)")) {
        return false;
      }
      const Token& ft = Peek();
      auto field = FindField(*table, ft);
      if (!field) return false;
      if (!GetFieldInfo(*field).summable) {
        Error(ft.begin, "字段“" + ft.text + "”不能求和",
              "field '" + ft.text + "' cannot be summed");
        return false;
      }
      Next();
      n->sum_field = *field;
    }
    std::vector<int> parts;
    while (!failed_ && Peek().kind == Tok::kComma) {
      Next();
      int f = ParseOr(*table);
      if (failed_) return false;
      parts.push_back(f);
    }
    if (parts.size() == 1) {
      n->filter = parts[0];
    } else if (parts.size() > 1) {
      FilterNode all;
      all.kind = FilterNode::Kind::kAnd;
      all.children = parts;
      all.begin = expr_.filters_[parts.front()].begin;
      all.end = expr_.filters_[parts.back()].end;
      n->filter = AddFilter(std::move(all));
    }
    return !failed_;
  }

  std::optional<Field> FindField(Table table, const Token& t) {
    auto fields = FieldsOf(table);
    if (t.kind == Tok::kIdent) {
      for (Field f : fields) {
        if (GetFieldInfo(f).name == t.text) return f;
      }
    }
    std::vector<std::string> names;
    for (Field f : fields) names.emplace_back(GetFieldInfo(f).name);
    Error(t.begin,
          "记录表 " + std::string(TableName(table)) + " 没有字段“" + TokText(t) + "”（可用：" +
              Join(names) + "）",
          "unknown field '" + TokText(t) + "' for table " + std::string(TableName(table)));
    return std::nullopt;
  }

  // ---- filters ----
  int ParseOr(Table table) {
    return ParseJoined(table, "or", FilterNode::Kind::kOr, &Parser::ParseAnd);
  }
  int ParseAnd(Table table) {
    return ParseJoined(table, "and", FilterNode::Kind::kAnd, &Parser::ParseNot);
  }
  // operand (keyword operand)*: one n-ary node when the keyword appears, else the operand itself.
  int ParseJoined(Table table, std::string_view keyword, FilterNode::Kind kind,
                  int (Parser::*operand)(Table)) {
    int left = (this->*operand)(table);
    if (failed_) return -1;
    if (!(Peek().kind == Tok::kIdent && Peek().text == keyword)) return left;
    FilterNode n;
    n.kind = kind;
    n.children = {left};
    while (!failed_ && Peek().kind == Tok::kIdent && Peek().text == keyword) {
      Next();
      int right = (this->*operand)(table);
      if (failed_) return -1;
      n.children.push_back(right);
    }
    n.begin = expr_.filters_[n.children.front()].begin;
    n.end = expr_.filters_[n.children.back()].end;
    return AddFilter(std::move(n));
  }
  int ParseNot(Table table) {
    if (failed_) return -1;
    DepthGuard guard(this);
    if (depth_ > kMaxDepth) return TooDeep();
    if (Peek().kind == Tok::kIdent && Peek().text == "not") {
      int begin = Next().begin;
      int inner = ParseNot(table);
      if (failed_) return -1;
      FilterNode n;
      n.kind = FilterNode::Kind::kNot;
      n.children = {inner};
      n.begin = begin;
      n.end = expr_.filters_[inner].end;
      return AddFilter(std::move(n));
    }
    return ParseAtom(table);
  }
  int ParseAtom(Table table) {
    const Token& t = Peek();
    if (t.kind == Tok::kLParen) {
      int begin = Next().begin;
      int inner = ParseOr(table);
      if (!Expect(Tok::kRParen, "右括号“)”", "')'")) return -1;
      expr_.filters_[inner].begin = begin;
      expr_.filters_[inner].end = PrevEnd();
      return inner;
    }
    if (t.kind == Tok::kEnd) {
      return Error(t.begin, "表达式意外结束，缺少筛选条件",
                   "unexpected end of expression, expected a filter");
    }
    if (t.kind != Tok::kIdent) {
      return Error(t.begin, "此处应为筛选条件（字段名），实际为“" + TokText(t) + "”",
                   "expected a filter (field name), found '" + TokText(t) + "'");
    }
    Token ftok = t;
    auto field = FindField(table, ftok);
    if (!field) return -1;
    Next();
    const FieldInfo& info = GetFieldInfo(*field);
    FilterNode n;
    n.field = *field;
    n.begin = ftok.begin;
    const Token& optok = Peek();
    bool is_in = optok.kind == Tok::kIdent && optok.text == "in";
    if (optok.kind != Tok::kCmp && !is_in) {
      if (info.type != FieldType::kBool) {
        return Error(optok.begin, "字段“" + ftok.text + "”需要比较，例如 " + ftok.text + " = …",
                     "field '" + ftok.text + "' needs a comparison, e.g. " + ftok.text + " = …");
      }
      n.kind = FilterNode::Kind::kIsTrue;
      n.end = ftok.end;
      return AddFilter(std::move(n));
    }
    Next();
    if (is_in) {
      if (info.type == FieldType::kBool || info.type == FieldType::kNumber) {
        return Error(optok.begin, "字段“" + ftok.text + "”不能用 in",
                     "'in' is not allowed for field '" + ftok.text + "'");
      }
      if (!Expect(Tok::kLParen, "左括号“(”（in 后面是取值列表）", "'(' (a value list after in)")) {
        return -1;
      }
      n.kind = FilterNode::Kind::kIn;
      while (true) {
        auto v = ParseValue(*field, ftok.text, false);
        if (!v) return -1;
        n.values.push_back(*v);
        if (Peek().kind == Tok::kComma) {
          Next();
          continue;
        }
        break;
      }
      if (!Expect(Tok::kRParen, "右括号“)”", "')'")) return -1;
      n.end = PrevEnd();
      return AddFilter(std::move(n));
    }
    n.kind = FilterNode::Kind::kCompare;
    n.op = optok.op;
    bool ordered = n.op != CmpOp::kEq && n.op != CmpOp::kNe;
    if (ordered && (info.type == FieldType::kEnum || info.type == FieldType::kSet ||
                    info.type == FieldType::kBool)) {
      return Error(optok.begin,
                   "字段“" + ftok.text + "”不能用“" + std::string(CmpOpText(n.op)) +
                       "”比较（只能用 =、!=、in）",
                   "operator '" + std::string(CmpOpText(n.op)) + "' is not allowed for field '" +
                       ftok.text + "' (use =, != or in)");
    }
    if (*field == Field::kGrade && Peek().kind == Tok::kIdent && Peek().text == "last") {
      if (ordered) {
        return Error(optok.begin, "grade 与 last 只能用 = 或 != 比较",
                     "grade can only be compared with last using = or !=");
      }
      Next();
      n.kind = FilterNode::Kind::kGradeLast;
      n.end = PrevEnd();
      return AddFilter(std::move(n));
    }
    if (Peek().kind == Tok::kIdent && Peek().text == "param") {
      if (info.type != FieldType::kInt && info.type != FieldType::kNumber) {
        return Error(Peek().begin, "只有数值字段可以与 param(…) 比较",
                     "only numeric fields can be compared with param(…)");
      }
      Next();
      if (!Expect(Tok::kLParen, "左括号“(”", "'('")) return -1;
      const Token& s = Peek();
      if (s.kind != Tok::kString) {
        return Error(s.begin, "param 的参数应为带引号的代码", "param takes a quoted code");
      }
      Next();
      if (options_.is_param && !options_.is_param(s.text)) {
        return Error(s.begin, "未知参数“" + s.text + "”", "unknown parameter '" + s.text + "'");
      }
      if (!Expect(Tok::kRParen, "右括号“)”", "')'")) return -1;
      n.param = s.text;
      n.values = {0};
      n.end = PrevEnd();
      return AddFilter(std::move(n));
    }
    auto v = ParseValue(*field, ftok.text, true);
    if (!v) return -1;
    n.values = {*v};
    n.end = PrevEnd();
    return AddFilter(std::move(n));
  }

  std::optional<double> ParseValue(Field field, const std::string& fname, bool single) {
    const FieldInfo& info = GetFieldInfo(field);
    const Token& t = Peek();
    if (info.type == FieldType::kBool) {
      if (t.kind == Tok::kIdent && (t.text == "true" || t.text == "false")) {
        Next();
        return t.text == "true" ? 1.0 : 0.0;
      }
      Error(t.begin, "字段“" + fname + "”的取值应为 true 或 false",
            "field '" + fname + "' takes true or false");
      return std::nullopt;
    }
    if (info.type == FieldType::kInt || info.type == FieldType::kNumber) {
      bool neg = false;
      int begin = t.begin;
      if (Peek().kind == Tok::kMinus) {
        Next();
        neg = true;
      }
      const Token& num = Peek();
      if (num.kind != Tok::kNumber) {
        Error(begin, "字段“" + fname + "”的取值应为数字，实际为“" + TokText(num) + "”",
              "field '" + fname + "' takes a number, found '" + TokText(num) + "'");
        return std::nullopt;
      }
      Next();
      (void)single;
      return neg ? -num.number : num.number;
    }
    auto names = FieldValues(field);
    if (t.kind == Tok::kIdent) {
      for (const auto& [name, code] : names) {
        if (name == t.text) {
          Next();
          return info.type == FieldType::kSet ? static_cast<double>(1u << code)
                                              : static_cast<double>(code);
        }
      }
    }
    std::vector<std::string> valid;
    for (const auto& [name, code] : names) valid.emplace_back(name);
    Error(t.begin, "字段“" + fname + "”没有取值“" + TokText(t) + "”（可用：" + Join(valid) + "）",
          "unknown value '" + TokText(t) + "' for field '" + fname + "' (valid: " + Join(valid) +
              ")");
    return std::nullopt;
  }

  std::string_view src_;
  const ParseOptions& options_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  Expression expr_;
  bool failed_ = false;
  int depth_ = 0;
  int err_offset_ = 0;
  std::string err_zh_, err_en_;
};

Result<Expression> ParseExpression(std::string_view text, const ParseOptions& options,
                                   ExpressionError* error) {
  Parser p(text, options);
  return p.Run(error);
}

}  // namespace zj::engine
