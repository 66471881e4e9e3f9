// The teachers table (教师): one row per teacher per school year — the person (Teacher, keyed by
// 身份证件号, or 教职工号 when there is none) and the teacher-year (school, stage, subjects,
// 学历, 职称, 骨干 …). Headers follow the national teacher system and the common local sheet
// (file-formats.md §2).
#include <algorithm>

#include "tables.h"
#include "zj/common/id_number.h"

namespace zj::io::internal {
namespace {

struct TeacherRow {
  model::Teacher t;
  model::TeacherYear y;
  std::string id_number;
  std::string staff_no;
};

// Subject names as people write them → the names model::ParseSubjects knows.
std::string CanonicalSubjects(const std::string& text) {
  static const std::vector<std::pair<std::string, std::string>> kSynonyms = {
      {"物理", "科学"},     {"化学", "科学"},       {"生物", "科学"},
      {"生物学", "科学"},   {"道德与法治", "社会"}, {"思想品德", "社会"},
      {"思想政治", "社会"}, {"政治", "社会"},       {"历史", "社会"},
      {"地理", "社会"},     {"品德与社会", "社会"}, {"信息科技", "信息技术"},
      {"外语", "英语"},     {"体育与健康", "体育"}, {"艺术", "美术"},
      {"学前教育", "学前"}, {"保教", "学前"}};
  std::string out;
  std::string part;
  auto flush = [&] {
    if (part.empty()) return;
    for (const auto& [from, to] : kSynonyms) {
      if (part == from) part = to;
    }
    if (out.find(part) == std::string::npos || part.empty()) out += (out.empty() ? "" : "|") + part;
    part.clear();
  };
  for (size_t i = 0; i < text.size();) {
    std::string_view rest = std::string_view(text).substr(i);
    if (rest.starts_with("、") || rest.starts_with("，") || rest.starts_with("；")) {
      flush();
      i += 3;
    } else if (text[i] == ',' || text[i] == ';' || text[i] == '|' || text[i] == '/' ||
               text[i] == ' ') {
      flush();
      ++i;
    } else {
      part.push_back(text[i++]);
    }
  }
  flush();
  return out;
}

Value SubjectsValue(uint32_t bits) {
  std::string s = model::SubjectsToString(bits);
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "、";
    } else {
      out.push_back(c);
    }
  }
  Value v = Value::Text(out);
  v.integer = bits;
  return v;
}

template <bool model::TeacherYear::*M>
Field<TeacherRow> FlagField(Col c) {
  return {c, [](TeacherRow& r, const Value& v) { r.y.*M = v.integer != 0; },
          [](const TeacherRow& r) { return Value::Bool(r.y.*M); }};
}

const std::vector<Field<TeacherRow>>& TeacherFields() {
  using CT = ColumnType;
  using R = TeacherRow;
  static const std::vector<Field<R>> f = {
      {Col("school_code", "学校标识码", CT::kSchool)
           .Req()
           .Alias({"学校代码", "标识码", "任职学校标识码"})
           .Example("3162012300"),
       [](R& r, const Value& v) { r.y.school_code = v.text; },
       [](const R& r) { return Value::Text(r.y.school_code); }},
      {Col("name", "姓名", CT::kText).Req().Personal().Alias({"教师姓名"}).Example("李老师"),
       [](R& r, const Value& v) { r.t.name = v.text; },
       [](const R& r) { return Value::Text(r.t.name); }},
      {Col("gender", "性别", CT::kCode).Req().Codes("gender").Example("女"),
       [](R& r, const Value& v) { r.t.gender = static_cast<model::Gender>(v.integer); },
       [](const R& r) {
         return r.t.gender == model::Gender::kUnknown
                    ? Value{}
                    : Value::Code(std::to_string(static_cast<int>(r.t.gender)));
       }},
      {Col("birth_date", "出生日期", CT::kDate)
           .Req()
           .Personal()
           .Alias({"出生年月"})
           .Example("1985-06-20"),
       [](R& r, const Value& v) { r.t.birth_date = v.date; },
       [](const R& r) { return Value::Day(r.t.birth_date); }},
      {Col("id_number", "身份证件号", CT::kIdNumber)
           .Personal()
           .Alias({"身份证号", "身份证", "身份证号码", "身份证件号码", "公民身份号码"})
           .Hint("与教职工号至少填一项；请把该列设为文本格式")
           .Example("500235198506200024"),
       [](R& r, const Value& v) { r.id_number = v.text; },
       [](const R& r) { return Value::Text(r.id_number); }},
      {Col("staff_no", "教职工号", CT::kIdentifier)
           .Alias({"工号", "教师编号"})
           .Hint("无身份证号时作为教师标识"),
       [](R& r, const Value& v) { r.staff_no = v.text; },
       [](const R& r) { return Value::Text(r.staff_no); }},
      FlagField<&model::TeacherYear::full_time>(Col("full_time", "是否专任教师", CT::kBool)
                                                    .Alias({"专任教师", "是否专任教"})
                                                    .Hint("不填视为是")
                                                    .Example("是")),
      {Col("stage", "任课学段", CT::kCode).Req().Codes("stage").Alias({"学段"}).Example("小学"),
       [](R& r, const Value& v) { r.y.stage = static_cast<model::Stage>(v.integer); },
       [](const R& r) { return Value::Code(std::to_string(static_cast<int>(r.y.stage))); }},
      {Col("subjects", "任教学科", CT::kSubjects)
           .Alias({"任教科目", "教授科目", "任课学科"})
           .Hint("多个学科用顿号分隔，如：语文、数学")
           .Example("语文、数学"),
       [](R& r, const Value& v) { r.y.subjects = model::ParseSubjects(CanonicalSubjects(v.text)); },
       [](const R& r) { return r.y.subjects ? SubjectsValue(r.y.subjects) : Value{}; }},
      {Col("education", "最高学历", CT::kCode)
           .Req()
           .Codes("education")
           .Alias({"学历"})
           .Example("大学本科毕业"),
       [](R& r, const Value& v) { r.y.education = static_cast<int>(v.integer); },
       [](const R& r) {
         return r.y.education ? Value::Code(std::to_string(r.y.education)) : Value{};
       }},
      {Col("title", "专业技术职务", CT::kCode)
           .Codes("title")
           .Alias({"职称", "专业技术职称", "现任专业技术职务"})
           .Example("一级教师"),
       [](R& r, const Value& v) { r.y.title = static_cast<model::TeacherTitle>(v.integer); },
       [](const R& r) { return Value::Code(std::to_string(static_cast<int>(r.y.title))); }},
      {Col("backbone", "骨干教师", CT::kCode)
           .Codes("backbone")
           .Alias({"骨干教师级别", "骨干级别"})
           .Example("县级"),
       [](R& r, const Value& v) { r.y.backbone = static_cast<model::BackboneLevel>(v.integer); },
       [](const R& r) { return Value::Code(std::to_string(static_cast<int>(r.y.backbone))); }},
      FlagField<&model::TeacherYear::master_teacher>(
          Col("master_teacher", "是否名师", CT::kBool).Alias({"名师"}).Example("否")),
      FlagField<&model::TeacherYear::dual_qualified>(
          Col("dual_qualified", "是否双师型教师", CT::kBool)
              .Alias({"双师型", "是否双师型"})
              .Example("否")),
      FlagField<&model::TeacherYear::certified>(Col("certified", "是否持有教师资格证", CT::kBool)
                                                    .Alias({"教师资格证", "有无教师资格证"})
                                                    .Example("是")),
      FlagField<&model::TeacherYear::on_staff>(
          Col("on_staff", "是否在编", CT::kBool).Alias({"在编"}).Hint("不填视为是").Example("是")),
      FlagField<&model::TeacherYear::cadre>(Col("cadre", "是否学校领导干部", CT::kBool)
                                                .Alias({"是否干部", "学校领导"})
                                                .Example("否")),
      {Col("training_hours", "本学年培训学时", CT::kDecimal)
           .Range(0, 2000)
           .Alias({"培训学时"})
           .Example("72"),
       [](R& r, const Value& v) { r.y.training_hours = v.number; },
       [](const R& r) { return Value::Number(r.y.training_hours); }},
  };
  return f;
}

constexpr int kIdNumberCol = 4;
constexpr int kStaffNoCol = 5;

class TeachersHandler final : public TypedHandler<TeacherRow> {
 public:
  TeachersHandler()
      : TypedHandler(&TeachersDef(), &TeacherFields()),
        teachers_("teacher"),
        years_("teacher_year") {}

  Status Begin(ImportEnv& env) override {
    ZJ_ASSIGN_OR_RETURN(auto teachers, env.store->ListTeachers());
    for (auto& t : teachers) {
      teachers_.SetExisting(t.id, t);
      people_[t.id] = t;
    }
    ZJ_ASSIGN_OR_RETURN(auto years, env.store->ListTeacherYears(env.year));
    for (auto& y : years) {
      years_.SetExisting(std::to_string(y.year) + "|" + y.teacher_id, y);
      school_of_[y.teacher_id] = y.school_code;
      this_year_[y.teacher_id] = y;
    }
    return Status::Ok();
  }

  std::string NaturalKey(const std::vector<Value>& v) const override {
    return !v[kIdNumberCol].text.empty() ? v[kIdNumberCol].text : v[kStaffNoCol].text;
  }

  void AddRow(int64_t, const std::vector<Value>& values, RowReporter& rep,
              ImportEnv& env) override {
    TeacherRow r = Build(values);
    r.t.id = !r.id_number.empty() ? r.id_number : r.staff_no;
    if (r.t.id.empty()) {
      rep.Error("id_number", "required", "身份证件号与教职工号至少填写一项");
      return;
    }
    r.y.teacher_id = r.t.id;
    r.y.year = env.year;
    auto person = people_.find(r.t.id);
    if (person != people_.end()) {
      TeacherRow old{
          person->second, {}, IsIdNumber(r.t.id) ? r.t.id : "", IsIdNumber(r.t.id) ? "" : r.t.id};
      auto y = this_year_.find(r.t.id);
      if (y != this_year_.end()) old.y = y->second;
      KeepUnmapped(r, old, env);
      r.y.teacher_id = r.t.id;
      r.y.year = env.year;
    }
    bool bad = false;
    struct Flagging final : RowReporter {
      RowReporter& inner;
      bool* bad;
      Flagging(RowReporter& i, bool* b) : inner(i), bad(b) {}
      void Report(Severity s, std::string_view k, std::string c, std::string m) override {
        if (s == Severity::kError) *bad = true;
        inner.Report(s, k, std::move(c), std::move(m));
      }
    } flagging(rep, &bad);
    CheckIdNumber(r.id_number, "1", r.t.birth_date, r.t.gender, flagging);
    auto school = school_of_.find(r.t.id);
    if (school != school_of_.end() && school->second != r.y.school_code) {
      flagging.Error("school_code", "duplicate_in_store",
                     "该教师本学年已在学校 " + school->second +
                         " 登记（同一学年只能在一所学校任职；调动请先在原学校的名单中删除）");
    }
    auto s = env.refs->schools.find(r.y.school_code);
    if (s != env.refs->schools.end()) {
      auto stages = model::StagesOfSchoolType(s->second.type_code);
      if (!stages.empty() && std::find(stages.begin(), stages.end(), r.y.stage) == stages.end()) {
        rep.Warning("stage", "plausibility_school_stage", "任课学段与学校的办学类型不符");
      }
    }
    if (r.t.birth_date.valid()) {
      int age = AgeAtSchoolYear(r.t.birth_date, env.year);
      if (age < 18 || age > 70) {
        rep.Warning("birth_date", "plausibility_age",
                    "教师年龄 " + std::to_string(age) + " 岁，请核对出生日期");
      }
    }
    if (bad) return;
    pending_.push_back(std::move(r));
  }

  size_t pending() const override { return pending_.size(); }

  Status Flush(ImportEnv& env) override {
    std::vector<model::Teacher> teachers;
    std::vector<model::TeacherYear> years;
    for (auto& r : pending_) {
      bool existed = people_.contains(r.t.id) || this_year_.contains(r.t.id);
      bool t_changed = teachers_.Stage(r.t.id, r.t, env, false);
      bool y_changed = years_.Stage(std::to_string(r.y.year) + "|" + r.t.id, r.y, env, false);
      if (!existed) {
        ++env.added;
      } else if (t_changed || y_changed) {
        ++env.changed;
      } else {
        ++env.unchanged;
      }
      if (t_changed) teachers.push_back(r.t);
      if (y_changed) years.push_back(r.y);
    }
    pending_.clear();
    if (!env.write) return Status::Ok();
    if (!teachers.empty()) ZJ_RETURN_IF_ERROR(env.store->PutTeachers(teachers));
    if (!years.empty()) ZJ_RETURN_IF_ERROR(env.store->PutTeacherYears(years));
    return Status::Ok();
  }

  Status Export(model::Store& store, const References& refs, const ExportFilter& filter,
                const std::function<Status(const std::vector<Value>&)>& emit) override {
    ZJ_ASSIGN_OR_RETURN(auto teachers, store.ListTeachers());
    ZJ_ASSIGN_OR_RETURN(auto years, store.ListTeacherYears(filter.year));
    std::unordered_map<std::string, const model::Teacher*> by_id;
    for (const auto& t : teachers) by_id[t.id] = &t;
    for (const auto& y : years) {
      if (!SchoolInUnit(refs, y.school_code, filter.unit)) continue;
      auto t = by_id.find(y.teacher_id);
      if (t == by_id.end()) continue;
      bool id_number = IsIdNumber(y.teacher_id);
      TeacherRow row{*t->second, y, id_number ? y.teacher_id : "", id_number ? "" : y.teacher_id};
      ZJ_RETURN_IF_ERROR(emit(Values(row)));
    }
    return Status::Ok();
  }

 private:
  static bool IsIdNumber(const std::string& id) { return ValidateIdNumber(id).ok(); }

  Upserter<model::Teacher> teachers_;
  Upserter<model::TeacherYear> years_;
  std::unordered_map<std::string, model::Teacher> people_;
  std::unordered_map<std::string, model::TeacherYear> this_year_;
  std::unordered_map<std::string, std::string> school_of_;
  std::vector<TeacherRow> pending_;
};

}  // namespace

const TableDef& TeachersDef() {
  static const TableDef d =
      MakeDef(TableDef{"teachers",
                       "教师",
                       "教师",
                       true,
                       "每行一名教职工在一个学年的任职信息（按身份证件号或教职工号更新）",
                       {}},
              TeacherFields());
  return d;
}

std::unique_ptr<TableHandler> NewTeachersHandler() { return std::make_unique<TeachersHandler>(); }

}  // namespace zj::io::internal
