// Before-images of stored records for the import journal: each record type lists its fields once
// (Visit), and the same list serialises (tab-separated, backslash-escaped) and restores them.
// Undo writes a restored record back with the matching Store::Put*.
#include <charconv>
#include <cstdlib>

#include "table_handler.h"

namespace zj::io::internal {
namespace {

class Writer {
 public:
  void operator()(const std::string& s) {
    Sep();
    for (char c : s) {
      if (c == '\\' || c == '\t' || c == '\n') {
        out_.push_back('\\');
        out_.push_back(c == '\t' ? 't' : c == '\n' ? 'n' : '\\');
      } else {
        out_.push_back(c);
      }
    }
  }
  void operator()(int64_t v) { (*this)(std::to_string(v)); }
  void operator()(int v) { (*this)(std::to_string(v)); }
  void operator()(uint32_t v) { (*this)(std::to_string(v)); }
  void operator()(bool v) { (*this)(std::string(v ? "1" : "0")); }
  void operator()(double v) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    (*this)(std::string(buf, r.ptr));
  }
  void operator()(const Date& d) { (*this)(d.year * 10000 + d.month * 100 + d.day); }
  template <typename E>
  requires std::is_enum_v<E>
  void operator()(E e) { (*this)(static_cast<int64_t>(e)); }
  std::string str() && { return std::move(out_); }

 private:
  void Sep() {
    if (!first_) out_.push_back('\t');
    first_ = false;
  }
  std::string out_;
  bool first_ = true;
};

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  void operator()(std::string& v) { v = NextField(); }
  void operator()(int64_t& v) { v = std::strtoll(NextField().c_str(), nullptr, 10); }
  void operator()(int& v) { v = static_cast<int>(std::strtol(NextField().c_str(), nullptr, 10)); }
  void operator()(uint32_t& v) {
    v = static_cast<uint32_t>(std::strtoul(NextField().c_str(), nullptr, 10));
  }
  void operator()(bool& v) { v = NextField() == "1"; }
  void operator()(double& v) { v = std::strtod(NextField().c_str(), nullptr); }
  void operator()(Date& d) {
    int n = 0;
    (*this)(n);
    d = Date{n / 10000, n / 100 % 100, n % 100};
  }
  template <typename E>
  requires std::is_enum_v<E>
  void operator()(E& e) {
    int64_t v = 0;
    (*this)(v);
    e = static_cast<E>(v);
  }
  bool ok() const { return ok_; }

 private:
  std::string NextField() {
    if (pos_ > s_.size()) {
      ok_ = false;
      return "";
    }
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != '\t') {
      char c = s_[pos_++];
      if (c == '\\' && pos_ < s_.size()) {
        char e = s_[pos_++];
        out.push_back(e == 't' ? '\t' : e == 'n' ? '\n' : e);
      } else {
        out.push_back(c);
      }
    }
    ++pos_;
    return out;
  }
  std::string_view s_;
  size_t pos_ = 0;
  bool ok_ = true;
};

template <typename F>
void VisitFields(model::School& r, F& f) {
  f(r.code), f(r.name), f(r.type_code), f(r.is_public), f(r.inclusive), f(r.rating),
      f(r.township_code), f(r.urban_rural), f(r.boarding), f(r.opened_year), f(r.closed_year);
}
template <typename F>
void VisitFields(model::Facility& r, F& f) {
  f(r.school_code), f(r.year), f(r.teaching_area_m2), f(r.sports_area_m2),
      f(r.equipment_value_yuan), f(r.multimedia_rooms), f(r.computers), f(r.books),
      f(r.music_rooms), f(r.art_rooms), f(r.labs), f(r.classrooms), f(r.beds),
      f(r.interactive_terminals);
}
template <typename F>
void VisitFields(model::Class& r, F& f) {
  f(r.id), f(r.school_code), f(r.year), f(r.stage), f(r.grade), f(r.name);
}
template <typename F>
void VisitFields(model::Student& r, F& f) {
  f(r.id), f(r.id_number), f(r.name), f(r.gender), f(r.ethnicity), f(r.birth_date),
      f(r.hukou_township), f(r.migrant), f(r.left_behind), f(r.disability), f(r.financial_aid);
}
template <typename F>
void VisitFields(model::Enrolment& r, F& f) {
  f(r.student_id), f(r.year), f(r.school_code), f(r.class_id), f(r.stage), f(r.grade), f(r.status),
      f(r.prev_school_code);
}
template <typename F>
void VisitFields(model::Teacher& r, F& f) {
  f(r.id), f(r.name), f(r.gender), f(r.birth_date);
}
template <typename F>
void VisitFields(model::TeacherYear& r, F& f) {
  f(r.teacher_id), f(r.year), f(r.school_code), f(r.full_time), f(r.stage), f(r.subjects),
      f(r.education), f(r.title), f(r.backbone), f(r.master_teacher), f(r.dual_qualified),
      f(r.certified), f(r.on_staff), f(r.cadre), f(r.training_hours);
}
template <typename F>
void VisitFields(model::PopulationCount& r, F& f) {
  f(r.township_code), f(r.year), f(r.age), f(r.count);
}
template <typename F>
void VisitFields(model::BirthCount& r, F& f) {
  f(r.township_code), f(r.year), f(r.month), f(r.count);
}
template <typename F>
void VisitFields(model::DataValue& r, F& f) {
  f(r.code), f(r.unit_code), f(r.year), f(r.value), f(r.unit), f(r.source), f(r.note);
}

template <typename R>
std::string Serialize(const R& r) {
  Writer w;
  R copy = r;
  VisitFields(copy, w);
  return std::move(w).str();
}

template <typename R>
Result<std::vector<R>> Parse(const model::ImportChange& c) {
  R r{};
  Reader rd(c.before);
  VisitFields(r, rd);
  if (!rd.ok()) return Status::DataLoss("导入日志中的原始记录已损坏：" + c.table + " " + c.key);
  return std::vector<R>{std::move(r)};
}

}  // namespace

std::string Image(const model::School& r) { return Serialize(r); }
std::string Image(const model::Facility& r) { return Serialize(r); }
std::string Image(const model::Class& r) { return Serialize(r); }
std::string Image(const model::Student& r) { return Serialize(r); }
std::string Image(const model::Enrolment& r) { return Serialize(r); }
std::string Image(const model::Teacher& r) { return Serialize(r); }
std::string Image(const model::TeacherYear& r) { return Serialize(r); }
std::string Image(const model::PopulationCount& r) { return Serialize(r); }
std::string Image(const model::BirthCount& r) { return Serialize(r); }
std::string Image(const model::DataValue& r) { return Serialize(r); }

Status RestoreImage(model::Store& store, const model::ImportChange& c) {
  const std::string& t = c.table;
#define ZJ_RESTORE(name, Type, Put)                        \
  if (t == name) {                                         \
    ZJ_ASSIGN_OR_RETURN(auto rows, Parse<model::Type>(c)); \
    return store.Put(rows);                                \
  }
  ZJ_RESTORE("school", School, PutSchools)
  ZJ_RESTORE("facility", Facility, PutFacilities)
  ZJ_RESTORE("class", Class, PutClasses)
  ZJ_RESTORE("student", Student, PutStudents)
  ZJ_RESTORE("enrolment", Enrolment, PutEnrolments)
  ZJ_RESTORE("teacher", Teacher, PutTeachers)
  ZJ_RESTORE("teacher_year", TeacherYear, PutTeacherYears)
  ZJ_RESTORE("population", PopulationCount, PutPopulation)
  ZJ_RESTORE("birth", BirthCount, PutBirths)
  ZJ_RESTORE("data_value", DataValue, PutDataValues)
#undef ZJ_RESTORE
  return Status::DataLoss("导入日志中有未知的表：" + t);
}

}  // namespace zj::io::internal
