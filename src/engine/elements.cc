// One-pass computation of data elements over a snapshot's columns (see elements.h).
#include "elements.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "zj/common/code_tables.h"

namespace zj::engine::internal {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int CopyFilter(const Expression& expr, int i,
               const std::function<double(const std::string&)>& param,
               std::vector<FilterNode>* out) {
  FilterNode n = expr.filter(i);
  std::vector<int> kids;
  for (int c : n.children) kids.push_back(CopyFilter(expr, c, param, out));
  n.children = kids;
  if (!n.param.empty()) n.values = {param(n.param)};
  out->push_back(std::move(n));
  return static_cast<int>(out->size()) - 1;
}

std::string BoundText(const std::vector<FilterNode>& f, int i) {
  const FilterNode& n = f[i];
  std::string out;
  switch (n.kind) {
    case FilterNode::Kind::kAnd:
    case FilterNode::Kind::kOr:
      out = n.kind == FilterNode::Kind::kAnd ? "&(" : "|(";
      for (int c : n.children) out += BoundText(f, c) + ";";
      return out + ")";
    case FilterNode::Kind::kNot:
      return "!(" + BoundText(f, n.children[0]) + ")";
    default:
      out = std::to_string(static_cast<int>(n.kind)) + ":" +
            std::to_string(static_cast<int>(n.field)) + ":" +
            std::to_string(static_cast<int>(n.op));
      for (double v : n.values) out += ":" + std::to_string(v);
      return out;
  }
}

// Per-school attributes shared by every table.
struct SchoolAttrs {
  std::vector<double> type, is_public, inclusive, rating, area, boarding, serves, enrolment,
      compulsory;
  std::vector<uint8_t> operating;

  SchoolAttrs(const Snapshot& s) {
    const auto& schools = s.hierarchy().schools();
    size_t n = schools.size();
    for (auto* v : {&type, &is_public, &inclusive, &rating, &area, &boarding, &serves, &enrolment,
                    &compulsory}) {
      v->assign(n, 0);
    }
    operating.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
      const model::School& sc = schools[i];
      type[i] = sc.type_code;
      is_public[i] = sc.is_public;
      inclusive[i] = sc.inclusive;
      rating[i] = static_cast<int>(sc.rating);
      std::string_view triad = common::UrbanRuralTriad(sc.urban_rural);
      area[i] = triad == "城区" ? 1 : triad == "镇区" ? 2 : triad == "乡村" ? 3 : 0;
      boarding[i] = sc.boarding;
      uint32_t mask = 0;
      for (model::Stage st : model::StagesOfSchoolType(sc.type_code)) {
        mask |= 1u << static_cast<int>(st);
      }
      serves[i] = mask;
      operating[i] = (sc.opened_year == 0 || sc.opened_year <= s.year()) &&
                     (sc.closed_year == 0 || sc.closed_year > s.year());
    }
    const auto& e = s.enrolments();
    for (size_t r = 0; r < e.size(); ++r) {
      if (!model::CountsAsEnrolled(static_cast<model::EnrolmentStatus>(e.status[r]))) continue;
      enrolment[e.school[r]] += 1;
      auto st = static_cast<model::Stage>(e.stage[r]);
      if (st == model::Stage::kPrimary || st == model::Stage::kJunior) compulsory[e.school[r]] += 1;
    }
  }

  double Get(Field f, int school) const {
    switch (f) {
      case Field::kType:
        return type[school];
      case Field::kPublic:
        return is_public[school];
      case Field::kInclusive:
        return inclusive[school];
      case Field::kRating:
        return rating[school];
      case Field::kArea:
        return area[school];
      case Field::kBoarding:
        return boarding[school];
      case Field::kServes:
        return serves[school];
      case Field::kEnrolment:
        return enrolment[school];
      case Field::kCompulsoryEnrolment:
        return compulsory[school];
      default:
        return kNaN;
    }
  }
};

double Age(uint8_t a) { return a == kUnknownAge ? kNaN : a; }

struct StudentsView {
  const EnrolmentColumns& c;
  const SchoolAttrs& s;
  const std::array<int, 8>& grade_count;
  size_t size() const { return c.size(); }
  int school(size_t r) const { return c.school[r]; }
  double Get(Field f, size_t r) const {
    switch (f) {
      case Field::kStage:
        return c.stage[r];
      case Field::kGrade:
        return c.grade[r];
      case Field::kStatus:
        return c.status[r];
      case Field::kAge:
        return Age(c.age[r]);
      case Field::kGender:
        return c.gender[r];
      case Field::kDisabled:
        return c.disability[r] > 0;
      case Field::kDisability:
        return c.disability[r];
      case Field::kMigrant:
        return c.migrant[r];
      case Field::kLeftBehind:
        return c.left_behind[r];
      case Field::kCompulsoryYearsLeft: {
        // Grades of 义务教育 after this row's: primary g → (P − g) + J, junior g → J − g, so the
        // graduating year is 0 and 小学一年级 is P + J − 1 (8 for both 6-3 and 5-4).
        const int primary = grade_count[static_cast<int>(model::Stage::kPrimary) & 7];
        const int junior = grade_count[static_cast<int>(model::Stage::kJunior) & 7];
        if (c.stage[r] == static_cast<uint8_t>(model::Stage::kPrimary))
          return primary - c.grade[r] + junior;
        if (c.stage[r] == static_cast<uint8_t>(model::Stage::kJunior)) return junior - c.grade[r];
        return kNaN;
      }
      default:
        return s.Get(f, c.school[r]);
    }
  }
};

struct ClassesView {
  const ClassColumns& c;
  const SchoolAttrs& s;
  size_t size() const { return c.size(); }
  int school(size_t r) const { return c.school[r]; }
  double Get(Field f, size_t r) const {
    switch (f) {
      case Field::kStage:
        return c.stage[r];
      case Field::kGrade:
        return c.grade[r];
      case Field::kSize:
        return c.class_size[r];
      default:
        return s.Get(f, c.school[r]);
    }
  }
};

struct TeachersView {
  const TeacherColumns& c;
  const SchoolAttrs& s;
  size_t size() const { return c.size(); }
  int school(size_t r) const { return c.school[r]; }
  double Get(Field f, size_t r) const {
    switch (f) {
      case Field::kStage:
        return c.stage[r];
      case Field::kFullTime:
        return c.full_time[r];
      case Field::kSubject:
        return c.subjects[r];
      case Field::kEducation:
        return c.education[r] == 0 ? kNaN : c.education[r];
      case Field::kTitle:
        return c.title[r];
      case Field::kBackbone:
        return c.backbone[r];
      case Field::kMasterTeacher:
        return c.master_teacher[r];
      case Field::kDualQualified:
        return c.dual_qualified[r];
      case Field::kCertified:
        return c.certified[r];
      case Field::kOnStaff:
        return c.on_staff[r];
      case Field::kCadre:
        return c.cadre[r];
      case Field::kAge:
        return Age(c.age[r]);
      case Field::kGender:
        return c.gender[r];
      case Field::kTrainingHours:
        return c.training_hours[r];
      default:
        return s.Get(f, c.school[r]);
    }
  }
};

struct HealthView {
  const HealthColumns& c;
  const SchoolAttrs& s;
  size_t size() const { return c.size(); }
  int school(size_t r) const { return c.school[r]; }
  double Get(Field f, size_t r) const {
    switch (f) {
      case Field::kStage:
        return c.stage[r];
      case Field::kGrade:
        return c.grade[r];
      case Field::kGender:
        return c.gender[r];
      case Field::kExamDone:
        return c.exam_done[r];
      case Field::kScreened:
        return c.screened[r];
      case Field::kMyopia:
        return c.myopia[r];
      case Field::kTested:
        return c.tested[r];
      case Field::kFitnessScore:
        return c.tested[r] ? c.fitness_score[r] : kNaN;
      default:
        return s.Get(f, c.school[r]);
    }
  }
};

struct FacilitiesView {
  const FacilityColumns& c;
  const SchoolAttrs& s;
  size_t size() const { return c.size(); }
  int school(size_t r) const { return c.school[r]; }
  double Get(Field f, size_t r) const {
    int k = static_cast<int>(f) - static_cast<int>(Field::kTeachingArea);
    if (k >= 0 && k < FacilityColumns::kFieldCount) return c.fields[k][r];
    return s.Get(f, c.school[r]);
  }
};

struct SchoolsView {
  const SchoolAttrs& s;
  size_t size() const { return s.type.size(); }
  int school(size_t r) const { return static_cast<int>(r); }
  double Get(Field f, size_t r) const { return s.Get(f, static_cast<int>(r)); }
};

bool IsSet(Field f) { return GetFieldInfo(f).type == FieldType::kSet; }

// Rows are evaluated in blocks: the fields the specs use are read into per-block columns of
// doubles once, then every filter is evaluated a whole column at a time into a byte mask (tight
// loops the compiler vectorises) instead of row by row through the filter tree.
constexpr size_t kBlock = 2048;
using Mask = std::array<uint8_t, kBlock>;
using Column = std::array<double, kBlock>;

struct Block {
  size_t size = 0;
  std::array<int, static_cast<int>(Field::kCount_)> slot{};  // field → index into cols, -1
  std::vector<Column> cols;
  std::vector<int> school;
  const Column& Col(Field f) const { return cols[slot[static_cast<int>(f)]]; }
};

void CollectFields(const std::vector<FilterNode>& f, int i, std::vector<bool>* used) {
  const FilterNode& n = f[i];
  switch (n.kind) {
    case FilterNode::Kind::kAnd:
    case FilterNode::Kind::kOr:
    case FilterNode::Kind::kNot:
      for (int c : n.children) CollectFields(f, c, used);
      return;
    case FilterNode::Kind::kGradeLast:
      (*used)[static_cast<int>(Field::kStage)] = true;
      (*used)[static_cast<int>(Field::kGrade)] = true;
      return;
    default:
      (*used)[static_cast<int>(n.field)] = true;
  }
}

template <typename Cmp>
void CompareColumn(const Column& x, size_t n, Cmp cmp, Mask* out) {
  for (size_t i = 0; i < n; ++i) (*out)[i] = cmp(x[i]);
}

// Evaluates filter node i over the block into *out; `scratch` holds one spare mask per depth (at
// least as many as the filter has nodes).
void EvalFilter(const std::vector<FilterNode>& f, int i, const Block& b,
                const std::array<int, 8>& grade_count, std::vector<Mask>* scratch, size_t depth,
                Mask* out) {
  const FilterNode& n = f[i];
  const size_t rows = b.size;
  switch (n.kind) {
    case FilterNode::Kind::kAnd:
    case FilterNode::Kind::kOr: {
      const bool is_and = n.kind == FilterNode::Kind::kAnd;
      std::fill_n(out->begin(), rows, is_and ? 1 : 0);
      for (int c : n.children) {
        Mask& tmp = (*scratch)[depth];
        EvalFilter(f, c, b, grade_count, scratch, depth + 1, &tmp);
        if (is_and) {
          for (size_t r = 0; r < rows; ++r) (*out)[r] &= tmp[r];
        } else {
          for (size_t r = 0; r < rows; ++r) (*out)[r] |= tmp[r];
        }
      }
      return;
    }
    case FilterNode::Kind::kNot:
      EvalFilter(f, n.children[0], b, grade_count, scratch, depth, out);
      for (size_t r = 0; r < rows; ++r) (*out)[r] ^= 1;
      return;
    case FilterNode::Kind::kIsTrue:
      CompareColumn(
          b.Col(n.field), rows, [](double x) { return x != 0; }, out);
      return;
    case FilterNode::Kind::kGradeLast: {
      const Column& stage = b.Col(Field::kStage);
      const Column& grade = b.Col(Field::kGrade);
      const bool want = n.op == CmpOp::kEq;
      for (size_t r = 0; r < rows; ++r) {
        bool last = static_cast<int>(grade[r]) == grade_count[static_cast<int>(stage[r]) & 7];
        (*out)[r] = last == want;
      }
      return;
    }
    case FilterNode::Kind::kIn: {
      const Column& x = b.Col(n.field);
      if (IsSet(n.field)) {
        uint32_t bits = 0;
        for (double m : n.values) bits |= static_cast<uint32_t>(m);
        CompareColumn(
            x, rows, [bits](double v) { return (static_cast<uint32_t>(v) & bits) != 0; }, out);
        return;
      }
      std::fill_n(out->begin(), rows, 0);
      for (double m : n.values) {
        for (size_t r = 0; r < rows; ++r) (*out)[r] |= x[r] == m;
      }
      return;
    }
    case FilterNode::Kind::kCompare: {
      const Column& x = b.Col(n.field);
      const double y = n.values[0];
      if (IsSet(n.field)) {
        const uint32_t bits = static_cast<uint32_t>(y);
        const bool want = n.op == CmpOp::kEq;
        CompareColumn(
            x, rows,
            [bits, want](double v) { return ((static_cast<uint32_t>(v) & bits) != 0) == want; },
            out);
        return;
      }
      switch (n.op) {
        case CmpOp::kEq:
          return CompareColumn(
              x, rows, [y](double v) { return v == y; }, out);
        case CmpOp::kNe:
          return CompareColumn(
              x, rows, [y](double v) { return !(v == y); }, out);
        case CmpOp::kLt:
          return CompareColumn(
              x, rows, [y](double v) { return v < y; }, out);
        case CmpOp::kLe:
          return CompareColumn(
              x, rows, [y](double v) { return v <= y; }, out);
        case CmpOp::kGt:
          return CompareColumn(
              x, rows, [y](double v) { return v > y; }, out);
        case CmpOp::kGe:
          return CompareColumn(
              x, rows, [y](double v) { return v >= y; }, out);
      }
      return;
    }
  }
}

template <typename View>
void Accumulate(const View& v, Table table, const std::vector<ElementSpec>& specs, size_t first,
                const std::array<int, 8>& grade_count, const std::vector<uint8_t>* operating,
                std::vector<std::vector<double>>* acc) {
  std::vector<size_t> mine;
  std::vector<bool> used(static_cast<size_t>(Field::kCount_), false);
  size_t depth = 1;
  for (size_t e = first; e < specs.size(); ++e) {
    const ElementSpec& spec = specs[e];
    if (spec.table != table) continue;
    mine.push_back(e);
    depth = std::max(depth, spec.filter.size() + 1);
    if (spec.root >= 0) CollectFields(spec.filter, spec.root, &used);
    if (spec.sum_field != Field::kCount_) used[static_cast<int>(spec.sum_field)] = true;
  }
  if (mine.empty()) return;
  const bool students = table == Table::kStudents;
  if (students) used[static_cast<int>(Field::kStatus)] = true;
  Block b;
  b.slot.fill(-1);
  std::vector<Field> fields;
  for (size_t f = 0; f < used.size(); ++f) {
    if (!used[f]) continue;
    b.slot[f] = static_cast<int>(fields.size());
    fields.push_back(static_cast<Field>(f));
  }
  b.cols.resize(fields.size());
  b.school.resize(kBlock);
  Mask mask, base;
  std::vector<Mask> scratch(depth);
  const size_t rows = v.size();
  for (size_t begin = 0; begin < rows; begin += kBlock) {
    const size_t n = std::min(kBlock, rows - begin);
    b.size = n;
    for (size_t i = 0; i < n; ++i) b.school[i] = v.school(begin + i);
    for (size_t k = 0; k < fields.size(); ++k) {
      Column& col = b.cols[k];
      for (size_t i = 0; i < n; ++i) col[i] = v.Get(fields[k], begin + i);
    }
    // Rows every spec of the table may count: operating schools; enrolled students by default.
    for (size_t i = 0; i < n; ++i) base[i] = operating ? (*operating)[b.school[i]] : 1;
    Mask enrolled{};
    if (students) {
      const Column& status = b.Col(Field::kStatus);
      for (size_t i = 0; i < n; ++i) {
        enrolled[i] = base[i] && model::CountsAsEnrolled(static_cast<model::EnrolmentStatus>(
                                     static_cast<int>(status[i])));
      }
    }
    for (size_t e : mine) {
      const ElementSpec& spec = specs[e];
      const Mask& allowed = spec.default_enrolled ? enrolled : base;
      if (spec.root >= 0) {
        EvalFilter(spec.filter, spec.root, b, grade_count, &scratch, 0, &mask);
        for (size_t i = 0; i < n; ++i) mask[i] &= allowed[i];
      } else {
        std::copy_n(allowed.begin(), n, mask.begin());
      }
      std::vector<double>& out = (*acc)[e];
      if (spec.sum_field == Field::kCount_) {
        for (size_t i = 0; i < n; ++i) out[b.school[i]] += mask[i];
      } else {
        const Column& w = b.Col(spec.sum_field);
        for (size_t i = 0; i < n; ++i) {
          if (mask[i] && std::isfinite(w[i])) out[b.school[i]] += w[i];
        }
      }
    }
  }
}

}  // namespace

ElementSpec MakeElementSpec(const Expression& expr, const ExprNode& node,
                            const std::function<double(const std::string&)>& param) {
  ElementSpec spec;
  spec.table = node.table;
  spec.sum_field = node.op == Op::kSum ? node.sum_field : Field::kCount_;
  if (node.filter >= 0) spec.root = CopyFilter(expr, node.filter, param, &spec.filter);
  spec.default_enrolled = node.table == Table::kStudents &&
                          (node.filter < 0 || !expr.FilterMentions(node.filter, Field::kStatus));
  spec.key = std::to_string(static_cast<int>(spec.table)) + "/" +
             std::to_string(static_cast<int>(spec.sum_field)) + "/" +
             (spec.default_enrolled ? "E/" : "A/") +
             (spec.root >= 0 ? BoundText(spec.filter, spec.root) : "");
  return spec;
}

void ComputeElements(const Snapshot& s, const std::vector<ElementSpec>& specs, size_t first,
                     const std::array<int, 8>& grade_count,
                     std::vector<std::vector<double>>* prefix) {
  const size_t n = s.hierarchy().school_count();
  std::vector<std::vector<double>> acc(specs.size());
  for (size_t e = first; e < specs.size(); ++e) acc[e].assign(n, 0.0);
  SchoolAttrs attrs(s);
  Accumulate(StudentsView{s.enrolments(), attrs, grade_count}, Table::kStudents, specs, first,
             grade_count, nullptr, &acc);
  Accumulate(ClassesView{s.classes(), attrs}, Table::kClasses, specs, first, grade_count, nullptr,
             &acc);
  Accumulate(TeachersView{s.teachers(), attrs}, Table::kTeachers, specs, first, grade_count,
             nullptr, &acc);
  Accumulate(HealthView{s.health(), attrs}, Table::kHealth, specs, first, grade_count, nullptr,
             &acc);
  Accumulate(FacilitiesView{s.facilities(), attrs}, Table::kFacilities, specs, first, grade_count,
             nullptr, &acc);
  Accumulate(SchoolsView{attrs}, Table::kSchools, specs, first, grade_count, &attrs.operating,
             &acc);
  prefix->resize(specs.size());
  for (size_t e = first; e < specs.size(); ++e) {
    auto& p = (*prefix)[e];
    p.assign(n + 1, 0.0);
    for (size_t i = 0; i < n; ++i) p[i + 1] = p[i] + acc[e][i];
  }
}

}  // namespace zj::engine::internal
