// The students table (学生学籍): one row per student per school year — the person (upserted by
// 身份证件号) and the enrolment row (school, stage, grade, class, status). Headers follow the
// national 学籍 template (file-formats.md §1.1) with its aliases; classes named in the file are
// created when missing. Rules: 身份证 checksum and agreement with 出生日期/性别, the student
// registered at another school this year (duplicate_in_store), class consistency, and the
// age/grade, school/stage and class-size plausibility warnings.
#include <algorithm>
#include <map>

#include "tables.h"
#include "zj/common/id_number.h"

namespace zj::io::internal {
namespace {

struct StudentRow {
  model::Student s;
  model::Enrolment e;
  std::string class_name;
  std::string id_type;
  std::string student_no;
};

std::string Two(int v) {
  std::string s = std::to_string(v);
  return s.size() < 2 ? "0" + s : s;
}

const std::vector<Field<StudentRow>>& StudentFields() {
  using CT = ColumnType;
  using R = StudentRow;
  static const std::vector<Field<R>> f = {
      {Col("school_code", "学校标识码", CT::kSchool)
           .Req()
           .Alias({"学校代码", "标识码"})
           .Example("3162012300"),
       [](R& r, const Value& v) { r.e.school_code = v.text; },
       [](const R& r) { return Value::Text(r.e.school_code); }},
      {Col("name", "姓名", CT::kText).Req().Personal().Alias({"学生姓名"}).Example("张小明"),
       [](R& r, const Value& v) { r.s.name = v.text; },
       [](const R& r) { return Value::Text(r.s.name); }},
      {Col("gender", "性别", CT::kCode).Req().Codes("gender").Example("男"),
       [](R& r, const Value& v) { r.s.gender = static_cast<model::Gender>(v.integer); },
       [](const R& r) {
         return r.s.gender == model::Gender::kUnknown
                    ? Value{}
                    : Value::Code(std::to_string(static_cast<int>(r.s.gender)));
       }},
      {Col("birth_date", "出生日期", CT::kDate)
           .Req()
           .Personal()
           .Hint("YYYY-MM-DD 或 YYYYMMDD")
           .Example("2016-03-15"),
       [](R& r, const Value& v) { r.s.birth_date = v.date; },
       [](const R& r) { return Value::Day(r.s.birth_date); }},
      {Col("ethnicity", "民族", CT::kCode).Req().Codes("ethnicity").Example("汉族"),
       [](R& r, const Value& v) { r.s.ethnicity = static_cast<int>(v.integer); },
       [](const R& r) { return Value::Code(Two(r.s.ethnicity)); }},
      {Col("id_type", "身份证件类型", CT::kCode)
           .Codes("id_type")
           .NotStored()
           .Hint("不填视为居民身份证")
           .Example("居民身份证"),
       [](R& r, const Value& v) { r.id_type = v.text; }, [](const R&) { return Value{}; }},
      {Col("id_number", "身份证件号", CT::kIdNumber)
           .Req()
           .Personal()
           .Alias({"身份证号", "身份证号码", "身份证件号码", "证件号码", "公民身份号码"})
           .Hint("18 位；请把该列设为文本格式")
           .Example("500235201603150017"),
       [](R& r, const Value& v) { r.s.id_number = v.text; },
       [](const R& r) { return Value::Text(r.s.id_number); }},
      {Col("student_no", "全国学籍号", CT::kIdentifier)
           .NotStored()
           .Alias({"学籍号", "全国学籍号码"})
           .Hint("G/L 开头，作为文本核对，不保存"),
       [](R& r, const Value& v) { r.student_no = v.text; }, [](const R&) { return Value{}; }},
      {Col("stage", "学段", CT::kCode).Req().Codes("stage").Example("小学"),
       [](R& r, const Value& v) { r.e.stage = static_cast<model::Stage>(v.integer); },
       [](const R& r) { return Value::Code(std::to_string(static_cast<int>(r.e.stage))); }},
      {Col("grade", "年级", CT::kInteger)
           .Req()
           .Range(1, 9)
           .Hint("学段内的年级：1、2、3…（也可写“三年级”）")
           .Example("3"),
       [](R& r, const Value& v) { r.e.grade = static_cast<int>(v.integer); },
       [](const R& r) { return Value::Int(r.e.grade); }},
      {Col("class_name", "班级", CT::kText)
           .Alias({"班号", "班级名称", "所在班级"})
           .Hint("不存在的班级会自动创建")
           .Example("三年级（2）班"),
       [](R& r, const Value& v) { r.class_name = v.text; },
       [](const R& r) { return Value::Text(r.class_name); }},
      {Col("status", "学籍状态", CT::kCode)
           .Codes("status")
           .Alias({"状态", "在校状态"})
           .Hint("不填视为在读")
           .Example("在读"),
       [](R& r, const Value& v) { r.e.status = static_cast<model::EnrolmentStatus>(v.integer); },
       [](const R& r) { return Value::Code(std::to_string(static_cast<int>(r.e.status))); }},
      {Col("prev_school_code", "原学校标识码", CT::kIdentifier)
           .Digits(10)
           .Alias({"转出学校标识码", "原就读学校标识码", "原学校代码"})
           .Hint("县内转学时填写"),
       [](R& r, const Value& v) { r.e.prev_school_code = v.text; },
       [](const R& r) { return Value::Text(r.e.prev_school_code); }},
      {Col("hukou_township", "户口所在地", CT::kTownship)
           .Alias({"户口所在地行政区划", "户口所在地行政区划代码", "户籍所在乡镇"})
           .Hint("本县乡镇街道代码或名称；县外户口可写 12 位代码（保存为县外）")
           .Example("500235001"),
       [](R& r, const Value& v) { r.s.hukou_township = v.text; },
       [](const R& r) { return Value::Text(r.s.hukou_township); }},
      {Col("migrant", "是否进城务工人员随迁子女", CT::kBool)
           .Alias({"随迁子女", "是否随迁子女"})
           .Example("否"),
       [](R& r, const Value& v) { r.s.migrant = v.integer != 0; },
       [](const R& r) { return Value::Bool(r.s.migrant); }},
      {Col("left_behind", "是否留守儿童", CT::kCode)
           .Codes("left_behind")
           .Alias({"留守儿童"})
           .Example("否"),
       [](R& r, const Value& v) { r.s.left_behind = v.integer != 0; },
       [](const R& r) { return Value::Code(r.s.left_behind ? "1" : "0"); }},
      {Col("disability", "残疾类型", CT::kCode)
           .Codes("disability")
           .Alias({"残疾人类型"})
           .Example("无残疾"),
       [](R& r, const Value& v) { r.s.disability = static_cast<int>(v.integer); },
       [](const R& r) { return Value::Code(std::to_string(r.s.disability)); }},
      {Col("financial_aid", "是否享受资助", CT::kBool)
           .Alias({"是否需要申请资助", "享受资助"})
           .Example("否"),
       [](R& r, const Value& v) { r.s.financial_aid = v.integer != 0; },
       [](const R& r) { return Value::Bool(r.s.financial_aid); }},
  };
  return f;
}

constexpr int kIdNumberCol = 6;

class StudentsHandler final : public TypedHandler<StudentRow> {
 public:
  StudentsHandler()
      : TypedHandler(&StudentsDef(), &StudentFields()),
        classes_("class"),
        students_("student"),
        enrolments_("enrolment") {}

  Status Begin(ImportEnv& env) override {
    ZJ_ASSIGN_OR_RETURN(auto classes, env.store->ListClasses(env.year));
    for (auto& c : classes) {
      class_ids_[c.school_code + "|" + c.name] = c.id;
      classes_.SetExisting(std::to_string(c.id), c);
      class_by_id_[c.id] = c;
    }
    ZJ_ASSIGN_OR_RETURN(int64_t max_class, env.log->MaxId("class"));
    ZJ_ASSIGN_OR_RETURN(int64_t max_student, env.log->MaxId("student"));
    next_class_ = max_class + 1;
    next_student_ = max_student + 1;
    // Hashes of the stored 身份证件号: a row whose hash is absent is a new person for sure, and
    // needs no lookup (a whole county's first import is nearly all such rows).
    stored_ids_.clear();
    ZJ_RETURN_IF_ERROR(env.log->ForEachStudentIdNumber(
        [this](std::string_view id) { stored_ids_.push_back(HashKey(id)); }));
    std::sort(stored_ids_.begin(), stored_ids_.end());
    return Status::Ok();
  }

  std::string NaturalKey(const std::vector<Value>& v) const override {
    return v[kIdNumberCol].text;
  }

  void AddRow(int64_t row, const std::vector<Value>& values, RowReporter& rep,
              ImportEnv& env) override {
    StudentRow r = Build(values);
    r.e.year = env.year;
    // The existing person and this year's enrolment row (kept for the before-images in Flush).
    std::optional<model::Student> old_student;
    if (std::binary_search(stored_ids_.begin(), stored_ids_.end(), HashKey(r.s.id_number))) {
      auto found = env.store->FindStudentByIdNumber(r.s.id_number);
      if (!found.ok()) {
        failure_ = found.status();
        return;
      }
      old_student = std::move(*found);
    }
    std::optional<model::Enrolment> old_enrolment;
    if (old_student) {
      const model::Student& old = *old_student;
      r.s.id = old.id;
      auto e = env.log->FindEnrolment(env.year, old.id);
      if (!e.ok()) {
        failure_ = e.status();
        return;
      }
      old_enrolment = *e;
      StudentRow old_row{old, old_enrolment.value_or(model::Enrolment{}), "", "", ""};
      if (old_enrolment) {
        auto c = class_by_id_.find(old_enrolment->class_id);
        if (c != class_by_id_.end()) old_row.class_name = c->second.name;
      }
      KeepUnmapped(r, old_row, env);
      if (!old_enrolment) r.e.year = env.year;
    } else {
      r.s.id = next_student_++;
    }
    r.e.student_id = r.s.id;
    r.e.year = env.year;

    size_t issues_before = errors_;
    CountingReporter counting(rep, &errors_);
    CheckIdNumber(r.s.id_number, r.id_type, r.s.birth_date, r.s.gender, counting);
    if (!r.student_no.empty() && !(r.student_no[0] == 'G' || r.student_no[0] == 'L' ||
                                   (r.student_no[0] >= '0' && r.student_no[0] <= '9'))) {
      counting.Error("student_no", "format", "全国学籍号应以 G 或 L 开头（或为身份证号）");
    }
    if (r.e.grade > MaxGrade(r.e.stage)) {
      counting.Error(
          "grade", "range",
          std::string(model::StageNameZh(r.e.stage)) + "没有" + std::to_string(r.e.grade) + "年级");
    }
    // A move between schools writes the other school's student: only an account that covers the
    // school the student leaves may do it (a school account may not take another school's
    // student by importing a 转入 row; the county does, or the transfer workflow).
    const bool moves = old_enrolment && old_enrolment->school_code != r.e.school_code;
    if (moves && env.options->unit_allowed &&
        !env.options->unit_allowed(RowUnits{old_enrolment->school_code, "", ""})) {
      counting.Error("prev_school_code", "out_of_scope",
                     "该学生本学年已在学校 " + old_enrolment->school_code +
                         " 注册学籍，本账户不能把其他学校的学生转入本校；县内转学请由县级账户办理");
    } else if (moves && !(r.e.status == model::EnrolmentStatus::kTransferredIn &&
                          r.e.prev_school_code == old_enrolment->school_code)) {
      counting.Error("id_number", "duplicate_in_store",
                     "该学生本学年已在学校 " + old_enrolment->school_code +
                         " 注册学籍（重复学籍）；县内转学请把学籍状态填为“转入”并填写原学校标识码");
    }
    // Plausibility warnings (only for rows without errors).
    int expected = 0;
    if (errors_ == issues_before && r.s.birth_date.valid() &&
        ExpectedAge(r.e.stage, r.e.grade, &expected)) {
      int age = AgeAtSchoolYear(r.s.birth_date, env.year);
      int tol = env.options->age_tolerance;
      if (age < expected - tol || age > expected + tol) {
        rep.Warning("birth_date", "plausibility_age_grade",
                    std::to_string(env.year) + "学年年龄 " + std::to_string(age) + " 岁，与" +
                        std::string(model::StageNameZh(r.e.stage)) + std::to_string(r.e.grade) +
                        "年级的常见年龄 " + std::to_string(expected) + " 岁相差超过 " +
                        std::to_string(tol) + " 岁，请核对");
      }
    }
    auto school = env.refs->schools.find(r.e.school_code);
    if (errors_ == issues_before && school != env.refs->schools.end()) {
      auto stages = model::StagesOfSchoolType(school->second.type_code);
      if (!stages.empty() && std::find(stages.begin(), stages.end(), r.e.stage) == stages.end()) {
        rep.Warning(
            "stage", "plausibility_school_stage",
            "学段「" + std::string(model::StageNameZh(r.e.stage)) + "」与学校的办学类型不符");
      }
    }
    // Class: existing by (school, name), else created.
    r.e.class_id = 0;
    if (!r.class_name.empty()) {
      std::string& key = class_key_;  // reused buffer: no allocation per row
      key.assign(r.e.school_code).append("|").append(r.class_name);
      auto it = class_ids_.find(key);
      if (it != class_ids_.end()) {
        const model::Class& c = class_by_id_[it->second];
        if (c.stage != r.e.stage || c.grade != r.e.grade) {
          counting.Error("class_name", "class_mismatch",
                         "班级「" + c.name + "」是" + std::string(model::StageNameZh(c.stage)) +
                             std::to_string(c.grade) + "年级，与本行的学段/年级不符");
        } else {
          r.e.class_id = c.id;
        }
      } else if (errors_ == issues_before) {
        model::Class c{next_class_++, r.e.school_code, env.year,
                       r.e.stage,     r.e.grade,       r.class_name};
        class_ids_[key] = c.id;
        class_by_id_[c.id] = c;
        new_classes_.push_back(c);
        r.e.class_id = c.id;
      }
      if (r.e.class_id != 0) {
        auto& size = class_sizes_[r.e.class_id];
        if (size.first == 0) size.second = row;
        ++size.first;
      }
    }
    if (errors_ != issues_before) return;
    pending_.push_back(
        {std::move(r.s), std::move(r.e), std::move(old_student), std::move(old_enrolment)});
  }

  size_t pending() const override { return pending_.size(); }

  Status Flush(ImportEnv& env) override {
    if (!failure_.ok()) return failure_;
    std::vector<model::Class> classes;
    for (auto& c : new_classes_) {
      if (classes_.Stage(std::to_string(c.id), c, env, /*count=*/false)) classes.push_back(c);
    }
    new_classes_.clear();
    std::vector<model::Student> students;
    std::vector<model::Enrolment> enrolments;
    for (auto& p : pending_) {
      // Existing rows compare with the records AddRow found (before-images); new ones start empty.
      std::string skey = std::to_string(p.s.id);
      std::string ekey = std::to_string(p.e.year) + "|" + skey;
      bool existed = p.old_student.has_value();
      if (existed) {
        students_.SetExisting(skey, std::move(*p.old_student));
        if (p.old_enrolment) enrolments_.SetExisting(ekey, std::move(*p.old_enrolment));
      }
      bool s_changed = true, e_changed = true;
      if (existed) {
        s_changed = students_.Stage(skey, p.s, env, false);
        e_changed = enrolments_.Stage(ekey, p.e, env, false);
      } else {  // new person: both rows are added (no before-image to compare)
        env.changes.push_back({"student", std::move(skey), ""});
        env.changes.push_back({"enrolment", std::move(ekey), ""});
      }
      if (s_changed) students.push_back(std::move(p.s));
      if (e_changed) enrolments.push_back(std::move(p.e));
      if (!existed) {
        ++env.added;
      } else if (s_changed || e_changed) {
        ++env.changed;
      } else {
        ++env.unchanged;
      }
    }
    pending_.clear();
    students_.Clear();
    enrolments_.Clear();
    if (!env.write) return Status::Ok();
    if (!classes.empty()) ZJ_RETURN_IF_ERROR(env.store->PutClasses(classes));
    if (!students.empty()) ZJ_RETURN_IF_ERROR(env.store->PutStudents(students));
    if (!enrolments.empty()) ZJ_RETURN_IF_ERROR(env.store->PutEnrolments(enrolments));
    return Status::Ok();
  }

  void Finish(ImportEnv& env, FileReporter& rep) override {
    for (const auto& [id, size] : class_sizes_) {
      const model::Class& c = class_by_id_[id];
      if (c.stage == model::Stage::kKindergarten || c.stage == model::Stage::kSpecial) continue;
      if (size.first >= env.options->large_class_size) {
        rep.Report(Severity::kWarning, size.second, "class_name", "plausibility_class_size",
                   "班级「" + c.name + "」在本文件中有 " + std::to_string(size.first) +
                       " 名学生，达到大班额（" + std::to_string(env.options->large_class_size) +
                       " 人及以上），请核对");
      }
    }
  }

  Status Export(model::Store& store, const References& refs, const ExportFilter& filter,
                const std::function<Status(const std::vector<Value>&)>& emit) override {
    ZJ_ASSIGN_OR_RETURN(auto enrolments, store.ListEnrolments(filter.year));
    ZJ_ASSIGN_OR_RETURN(auto students, store.ListStudents(filter.year));
    ZJ_ASSIGN_OR_RETURN(auto classes, store.ListClasses(filter.year));
    std::unordered_map<int64_t, const model::Student*> by_id;
    for (const auto& s : students) by_id[s.id] = &s;
    std::unordered_map<int64_t, std::string> class_names;
    for (const auto& c : classes) class_names[c.id] = c.name;
    for (const auto& e : enrolments) {
      if (!SchoolInUnit(refs, e.school_code, filter.unit)) continue;
      auto s = by_id.find(e.student_id);
      if (s == by_id.end()) continue;
      StudentRow row{*s->second, e, "", "", ""};
      auto c = class_names.find(e.class_id);
      if (c != class_names.end()) row.class_name = c->second;
      ZJ_RETURN_IF_ERROR(emit(Values(row)));
    }
    return Status::Ok();
  }

 private:
  // Counts the errors reported through it (to skip rows with table-rule errors).
  class CountingReporter final : public RowReporter {
   public:
    CountingReporter(RowReporter& inner, size_t* errors) : inner_(inner), errors_(errors) {}
    void Report(Severity s, std::string_view key, std::string code, std::string msg) override {
      if (s == Severity::kError) ++*errors_;
      inner_.Report(s, key, std::move(code), std::move(msg));
    }

   private:
    RowReporter& inner_;
    size_t* errors_;
  };
  struct Pending {
    model::Student s;
    model::Enrolment e;
    std::optional<model::Student> old_student;      // the stored person, if any
    std::optional<model::Enrolment> old_enrolment;  // their stored enrolment of this year
  };
  // Upserter that forgets its rows after each flush (the tables are too big to keep).
  template <typename Rec>
  class Transient {
   public:
    explicit Transient(std::string table) : up_(table), table_(std::move(table)) {}
    void SetExisting(std::string key, Rec r) { up_.SetExisting(std::move(key), std::move(r)); }
    bool Stage(const std::string& key, const Rec& r, ImportEnv& env, bool count) {
      return up_.Stage(key, r, env, count);
    }
    void Clear() { up_ = Upserter<Rec>(table_); }

   private:
    Upserter<Rec> up_;
    std::string table_;
  };

  Upserter<model::Class> classes_;
  Transient<model::Student> students_;
  Transient<model::Enrolment> enrolments_;
  std::unordered_map<std::string, int64_t> class_ids_;  // by "school|name"
  std::string class_key_;
  std::unordered_map<int64_t, model::Class> class_by_id_;
  std::vector<model::Class> new_classes_;
  std::map<int64_t, std::pair<int, int64_t>> class_sizes_;  // id → (students, first row)
  int64_t next_class_ = 1, next_student_ = 1;
  std::vector<Pending> pending_;
  std::vector<uint64_t> stored_ids_;  // sorted HashKey of every stored 身份证件号
  size_t errors_ = 0;
  Status failure_;
};

}  // namespace

const TableDef& StudentsDef() {
  static const TableDef d = MakeDef(
      TableDef{"students",
               "学生学籍",
               "学生",
               true,
               "每行一名学生在一个学年的学籍（按身份证件号更新学生，按学年记录学校、年级、班级）",
               {}},
      StudentFields());
  return d;
}

std::unique_ptr<TableHandler> NewStudentsHandler() { return std::make_unique<StudentsHandler>(); }

}  // namespace zj::io::internal
