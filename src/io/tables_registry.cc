// The table registry (Tables, FindTable, MakeHandler), helpers shared by the handlers, and the
// school-level tables: schools (学校), facilities (校舍设施, yearly) and classes (班级, yearly).
#include <algorithm>

#include "tables.h"
#include "zj/common/id_number.h"

namespace zj::io {

const std::vector<const TableDef*>& Tables() {
  static const std::vector<const TableDef*> tables = {
      &internal::SchoolsDef(),  &internal::FacilitiesDef(), &internal::ClassesDef(),
      &internal::StudentsDef(), &internal::TeachersDef(),   &internal::PopulationDef(),
      &internal::BirthsDef(),   &internal::DataValuesDef()};
  return tables;
}

const TableDef* FindTable(std::string_view name) {
  for (const TableDef* t : Tables()) {
    if (t->name == name || t->title == name || t->sheet == name) return t;
  }
  return nullptr;
}

namespace internal {

std::unique_ptr<TableHandler> MakeHandler(std::string_view table) {
  const TableDef* def = FindTable(table);
  if (def == nullptr) return nullptr;
  const std::string& n = def->name;
  if (n == "schools") return NewSchoolsHandler();
  if (n == "facilities") return NewFacilitiesHandler();
  if (n == "classes") return NewClassesHandler();
  if (n == "students") return NewStudentsHandler();
  if (n == "teachers") return NewTeachersHandler();
  if (n == "population") return NewPopulationHandler();
  if (n == "births") return NewBirthsHandler();
  if (n == "data_values") return NewDataValuesHandler();
  return nullptr;
}

bool SchoolInUnit(const References& refs, const std::string& school_code, const std::string& unit) {
  if (unit.empty() || unit == school_code) return true;
  auto it = refs.schools.find(school_code);
  if (it == refs.schools.end()) return false;
  return it->second.township_code.starts_with(unit);
}

bool ExpectedAge(model::Stage stage, int grade, int* age) {
  switch (stage) {
    case model::Stage::kKindergarten:
      *age = 3 + grade - 1;
      return true;
    case model::Stage::kPrimary:
      *age = 6 + grade - 1;
      return true;
    case model::Stage::kJunior:
      *age = 12 + grade - 1;
      return true;
    case model::Stage::kGeneralSenior:
    case model::Stage::kVocational:
      *age = 15 + grade - 1;
      return true;
    case model::Stage::kSpecial:
      return false;
  }
  return false;
}

int MaxGrade(model::Stage stage) {
  return model::DefaultGradeCount(stage) + (stage == model::Stage::kJunior ? 1 : 0);
}

void CheckIdNumber(const std::string& id, const std::string& id_type, const Date& birth,
                   model::Gender gender, RowReporter& reporter) {
  if (id.empty() || (!id_type.empty() && id_type != "1")) return;
  if (id.size() == 15) {
    reporter.Error("id_number", "id_format", "15 位旧身份证号请换成 18 位身份证号");
    return;
  }
  auto info = ValidateIdNumber(id);
  if (!info.ok()) {
    bool checksum = info.status().message().find("校验") != std::string::npos;
    reporter.Error("id_number", checksum ? "id_checksum" : "id_format",
                   "身份证号「" + id + "」无效：" + info.status().message());
    return;
  }
  if (birth.valid() && !(info->birth_date == birth)) {
    reporter.Error("birth_date", "id_birth_mismatch",
                   "出生日期 " + birth.ToString() + " 与身份证号中的出生日期 " +
                       info->birth_date.ToString() + " 不一致");
  }
  if (gender != model::Gender::kUnknown && (gender == model::Gender::kMale) != info->male) {
    reporter.Error("gender", "id_gender_mismatch",
                   std::string("性别与身份证号不一致（身份证号第 17 位表示") +
                       (info->male ? "男" : "女") + "）");
  }
}

// ---- schools ------------------------------------------------------------------------------

namespace {

using model::School;

const std::vector<Field<School>>& SchoolFields() {
  static const std::vector<Field<School>> f = {
      {Col("code", "学校标识码", ColumnType::kIdentifier)
           .Req()
           .Digits(10)
           .Alias({"学校代码", "标识码", "学校识别码"})
           .Hint("10 位数字")
           .Example("3162012300"),
       [](School& r, const Value& v) { r.code = v.text; },
       [](const School& r) { return Value::Text(r.code); }},
      {Col("name", "学校名称", ColumnType::kText)
           .Req()
           .Alias({"名称", "学校全称", "单位名称"})
           .Example("示例县实验小学"),
       [](School& r, const Value& v) { r.name = v.text; },
       [](const School& r) { return Value::Text(r.name); }},
      {Col("type_code", "办学类型", ColumnType::kCode)
           .Req()
           .Codes("school_type")
           .Alias({"学校类型", "办学类型代码"})
           .Example("小学"),
       [](School& r, const Value& v) { r.type_code = static_cast<int>(v.integer); },
       [](const School& r) { return Value::Code(std::to_string(r.type_code)); }},
      {Col("is_public", "办学性质", ColumnType::kCode)
           .Codes("sponsor")
           .Alias({"公办民办", "公办/民办", "举办者类型"})
           .Hint("不填视为公办")
           .Example("公办"),
       [](School& r, const Value& v) { r.is_public = v.integer != 2; },
       [](const School& r) { return Value::Code(r.is_public ? "1" : "2"); }},
      {Col("inclusive", "是否普惠性", ColumnType::kBool)
           .Alias({"普惠性", "是否普惠"})
           .Hint("幼儿园填写")
           .Example("否"),
       [](School& r, const Value& v) { r.inclusive = v.integer != 0; },
       [](const School& r) { return Value::Bool(r.inclusive); }},
      {Col("rating", "幼儿园等级", ColumnType::kCode)
           .Codes("kg_rating")
           .Alias({"园所等级", "等级"})
           .Example("未评级"),
       [](School& r, const Value& v) {
         r.rating = static_cast<model::KindergartenRating>(v.integer);
       },
       [](const School& r) { return Value::Code(std::to_string(static_cast<int>(r.rating))); }},
      {Col("township_code", "所在乡镇街道", ColumnType::kTownship)
           .Req()
           .Alias({"乡镇街道代码", "所在乡镇", "乡镇", "所在地乡镇代码", "乡镇街道"})
           .Hint("9 位乡镇街道代码或名称")
           .Example("500235001"),
       [](School& r, const Value& v) { r.township_code = v.text; },
       [](const School& r) { return Value::Text(r.township_code); }},
      {Col("urban_rural", "城乡分类", ColumnType::kCode)
           .Req()
           .Codes("urban_rural")
           .Alias({"城乡分类代码", "驻地城乡类型", "城乡类型"})
           .Example("主城区"),
       [](School& r, const Value& v) { r.urban_rural = static_cast<int>(v.integer); },
       [](const School& r) { return Value::Code(std::to_string(r.urban_rural)); }},
      {Col("boarding", "是否寄宿制", ColumnType::kBool)
           .Alias({"寄宿制", "寄宿制学校"})
           .Example("否"),
       [](School& r, const Value& v) { r.boarding = v.integer != 0; },
       [](const School& r) { return Value::Bool(r.boarding); }},
      {Col("opened_year", "建校年份", ColumnType::kInteger)
           .Range(1800, 2100)
           .Alias({"开办年份", "建校年月"})
           .Example("1958"),
       [](School& r, const Value& v) { r.opened_year = static_cast<int>(v.integer); },
       [](const School& r) { return r.opened_year ? Value::Int(r.opened_year) : Value{}; }},
      {Col("closed_year", "撤销年份", ColumnType::kInteger)
           .Range(1800, 2100)
           .Alias({"停办年份", "撤并年份"})
           .Hint("仍在办学的不填"),
       [](School& r, const Value& v) { r.closed_year = static_cast<int>(v.integer); },
       [](const School& r) { return r.closed_year ? Value::Int(r.closed_year) : Value{}; }},
  };
  return f;
}

class SchoolsHandler final : public TypedHandler<School> {
 public:
  SchoolsHandler() : TypedHandler(&SchoolsDef(), &SchoolFields()), up_("school") {}

  Status Begin(ImportEnv& env) override {
    for (const auto& [code, s] : env.refs->schools) {
      up_.SetExisting(code, s);
      by_name_.emplace(s.name, code);
    }
    return Status::Ok();
  }
  std::string NaturalKey(const std::vector<Value>& v) const override { return v[0].text; }
  void AddRow(int64_t, const std::vector<Value>& values, RowReporter& rep,
              ImportEnv& env) override {
    School s = Build(values);
    if (const School* old = up_.Existing(s.code)) KeepUnmapped(s, *old, env);
    if (!s.is_public && s.type_code != 111 && s.inclusive) {
      rep.Warning("inclusive", "plausibility_inclusive", "普惠性一般只用于幼儿园");
    }
    auto same_name = by_name_.find(s.name);
    if (same_name != by_name_.end() && same_name->second != s.code) {
      rep.Error("name", "duplicate_in_store",
                "数据库中已有同名学校「" + s.name + "」，标识码为 " + same_name->second +
                    "（同一所学校请使用同一个标识码）");
      return;
    }
    if (s.closed_year != 0 && s.opened_year != 0 && s.closed_year < s.opened_year) {
      rep.Error("closed_year", "range", "撤销年份早于建校年份");
      return;
    }
    pending_.push_back(std::move(s));
  }
  size_t pending() const override { return pending_.size(); }
  Status Flush(ImportEnv& env) override {
    std::vector<School> write;
    for (auto& s : pending_) {
      if (up_.Stage(s.code, s, env)) write.push_back(s);
      env.refs->schools[s.code] = s;
    }
    pending_.clear();
    if (env.write && !write.empty()) return env.store->PutSchools(write);
    return Status::Ok();
  }
  Status Export(model::Store& store, const References& refs, const ExportFilter& filter,
                const std::function<Status(const std::vector<Value>&)>& emit) override {
    ZJ_ASSIGN_OR_RETURN(auto schools, store.ListSchools());
    for (const auto& s : schools) {
      if (!SchoolInUnit(refs, s.code, filter.unit)) continue;
      ZJ_RETURN_IF_ERROR(emit(Values(s)));
    }
    return Status::Ok();
  }

 private:
  Upserter<School> up_;
  std::unordered_map<std::string, std::string> by_name_;
  std::vector<School> pending_;
};

// ---- facilities ---------------------------------------------------------------------------

using model::Facility;

template <double Facility::*M>
Field<Facility> AreaField(Col c) {
  return {c.Range(0, 1e9), [](Facility& r, const Value& v) { r.*M = v.number; },
          [](const Facility& r) { return Value::Number(r.*M); }};
}
template <int Facility::*M>
Field<Facility> CountField(Col c) {
  return {c.Range(0, 1e7), [](Facility& r, const Value& v) { r.*M = static_cast<int>(v.integer); },
          [](const Facility& r) { return Value::Int(r.*M); }};
}

const std::vector<Field<Facility>>& FacilityFields() {
  using CT = ColumnType;
  static const std::vector<Field<Facility>> f = {
      {Col("school_code", "学校标识码", CT::kSchool)
           .Req()
           .Alias({"学校代码", "标识码"})
           .Example("3162012300"),
       [](Facility& r, const Value& v) { r.school_code = v.text; },
       [](const Facility& r) { return Value::Text(r.school_code); }},
      AreaField<&Facility::teaching_area_m2>(
          Col("teaching_area_m2", "教学及辅助用房面积(平方米)", CT::kDecimal)
              .Req()
              .Alias({"教学及辅助用房面积", "教学辅助用房面积"})
              .Example("4200")),
      AreaField<&Facility::sports_area_m2>(
          Col("sports_area_m2", "体育运动场馆面积(平方米)", CT::kDecimal)
              .Req()
              .Alias({"体育运动场馆面积", "运动场地面积"})
              .Example("6000")),
      AreaField<&Facility::equipment_value_yuan>(
          Col("equipment_value_yuan", "教学仪器设备资产值(元)", CT::kDecimal)
              .Req()
              .Alias({"教学仪器设备资产值", "教学仪器设备值"})
              .Example("850000")),
      CountField<&Facility::multimedia_rooms>(
          Col("multimedia_rooms", "网络多媒体教室数", CT::kInteger)
              .Alias({"网络多媒体教室"})
              .Example("18")),
      CountField<&Facility::computers>(Col("computers", "教学用计算机台数", CT::kInteger)
                                           .Alias({"计算机台数", "计算机数"})
                                           .Example("60")),
      CountField<&Facility::books>(
          Col("books", "图书册数", CT::kInteger).Alias({"图书"}).Example("30000")),
      CountField<&Facility::music_rooms>(Col("music_rooms", "音乐专用教室数", CT::kInteger)
                                             .Alias({"音乐专用教室", "音乐教室"})
                                             .Example("2")),
      CountField<&Facility::art_rooms>(Col("art_rooms", "美术专用教室数", CT::kInteger)
                                           .Alias({"美术专用教室", "美术教室"})
                                           .Example("2")),
      CountField<&Facility::labs>(Col("labs", "实验室数", CT::kInteger)
                                      .Alias({"实验室", "实验室(含探究实验室)"})
                                      .Example("3")),
      CountField<&Facility::classrooms>(
          Col("classrooms", "普通教室数", CT::kInteger).Alias({"普通教室"}).Example("24")),
      CountField<&Facility::beds>(
          Col("beds", "学生床位数", CT::kInteger).Alias({"学生床位"}).Example("0")),
      CountField<&Facility::interactive_terminals>(
          Col("interactive_terminals", "互动式教学终端数", CT::kInteger)
              .Alias({"互动式教学终端"})
              .Example("24")),
  };
  return f;
}

class FacilitiesHandler final : public TypedHandler<Facility> {
 public:
  FacilitiesHandler() : TypedHandler(&FacilitiesDef(), &FacilityFields()), up_("facility") {}
  Status Begin(ImportEnv& env) override {
    ZJ_ASSIGN_OR_RETURN(auto rows, env.store->ListFacilities(env.year));
    for (auto& r : rows) up_.SetExisting(Key(r), r);
    return Status::Ok();
  }
  std::string NaturalKey(const std::vector<Value>& v) const override { return v[0].text; }
  void AddRow(int64_t, const std::vector<Value>& values, RowReporter&, ImportEnv& env) override {
    Facility f = Build(values);
    f.year = env.year;
    if (const Facility* old = up_.Existing(Key(f))) KeepUnmapped(f, *old, env);
    pending_.push_back(std::move(f));
  }
  size_t pending() const override { return pending_.size(); }
  Status Flush(ImportEnv& env) override {
    std::vector<Facility> write;
    for (auto& f : pending_) {
      if (up_.Stage(Key(f), f, env)) write.push_back(f);
    }
    pending_.clear();
    if (env.write && !write.empty()) return env.store->PutFacilities(write);
    return Status::Ok();
  }
  Status Export(model::Store& store, const References& refs, const ExportFilter& filter,
                const std::function<Status(const std::vector<Value>&)>& emit) override {
    ZJ_ASSIGN_OR_RETURN(auto rows, store.ListFacilities(filter.year));
    for (const auto& r : rows) {
      if (!SchoolInUnit(refs, r.school_code, filter.unit)) continue;
      ZJ_RETURN_IF_ERROR(emit(Values(r)));
    }
    return Status::Ok();
  }

 private:
  static std::string Key(const Facility& f) { return std::to_string(f.year) + "|" + f.school_code; }
  Upserter<Facility> up_;
  std::vector<Facility> pending_;
};

// ---- classes ------------------------------------------------------------------------------

using model::Class;

const std::vector<Field<Class>>& ClassFields() {
  using CT = ColumnType;
  static const std::vector<Field<Class>> f = {
      {Col("school_code", "学校标识码", CT::kSchool)
           .Req()
           .Alias({"学校代码", "标识码"})
           .Example("3162012300"),
       [](Class& r, const Value& v) { r.school_code = v.text; },
       [](const Class& r) { return Value::Text(r.school_code); }},
      {Col("stage", "学段", CT::kCode).Req().Codes("stage").Alias({"任课学段"}).Example("小学"),
       [](Class& r, const Value& v) { r.stage = static_cast<model::Stage>(v.integer); },
       [](const Class& r) { return Value::Code(std::to_string(static_cast<int>(r.stage))); }},
      {Col("grade", "年级", CT::kInteger)
           .Req()
           .Range(1, 9)
           .Hint("学段内的年级：1、2、3…（也可写“三年级”“小班”）")
           .Example("3"),
       [](Class& r, const Value& v) { r.grade = static_cast<int>(v.integer); },
       [](const Class& r) { return Value::Int(r.grade); }},
      {Col("name", "班级名称", CT::kText)
           .Req()
           .Alias({"班级", "班名", "班号"})
           .Example("三年级（2）班"),
       [](Class& r, const Value& v) { r.name = v.text; },
       [](const Class& r) { return Value::Text(r.name); }},
  };
  return f;
}

class ClassesHandler final : public TypedHandler<Class> {
 public:
  ClassesHandler() : TypedHandler(&ClassesDef(), &ClassFields()), up_("class") {}
  Status Begin(ImportEnv& env) override {
    ZJ_ASSIGN_OR_RETURN(auto rows, env.store->ListClasses(env.year));
    for (auto& r : rows) {
      ids_[NameKey(r)] = r.id;
      up_.SetExisting(std::to_string(r.id), r);
    }
    ZJ_ASSIGN_OR_RETURN(next_id_, env.log->MaxId("class"));
    ++next_id_;
    return Status::Ok();
  }
  std::string NaturalKey(const std::vector<Value>& v) const override {
    return v[0].text + "|" + v[3].text;
  }
  void AddRow(int64_t, const std::vector<Value>& values, RowReporter& rep,
              ImportEnv& env) override {
    Class c = Build(values);
    c.year = env.year;
    if (c.grade > MaxGrade(c.stage)) {
      rep.Error(
          "grade", "range",
          std::string(model::StageNameZh(c.stage)) + "没有" + std::to_string(c.grade) + "年级");
      return;
    }
    auto school = env.refs->schools.find(c.school_code);
    if (school != env.refs->schools.end()) {
      auto stages = model::StagesOfSchoolType(school->second.type_code);
      if (!stages.empty() && std::find(stages.begin(), stages.end(), c.stage) == stages.end()) {
        rep.Warning("stage", "plausibility_school_stage",
                    "学段「" + std::string(model::StageNameZh(c.stage)) + "」与学校办学类型不符");
      }
    }
    auto it = ids_.find(NameKey(c));
    if (it != ids_.end()) {
      c.id = it->second;
    } else {
      c.id = next_id_++;
      ids_[NameKey(c)] = c.id;
    }
    pending_.push_back(std::move(c));
  }
  size_t pending() const override { return pending_.size(); }
  Status Flush(ImportEnv& env) override {
    std::vector<Class> write;
    for (auto& c : pending_) {
      if (up_.Stage(std::to_string(c.id), c, env)) write.push_back(c);
    }
    pending_.clear();
    if (env.write && !write.empty()) return env.store->PutClasses(write);
    return Status::Ok();
  }
  Status Export(model::Store& store, const References& refs, const ExportFilter& filter,
                const std::function<Status(const std::vector<Value>&)>& emit) override {
    ZJ_ASSIGN_OR_RETURN(auto rows, store.ListClasses(filter.year));
    for (const auto& r : rows) {
      if (!SchoolInUnit(refs, r.school_code, filter.unit)) continue;
      ZJ_RETURN_IF_ERROR(emit(Values(r)));
    }
    return Status::Ok();
  }

 private:
  static std::string NameKey(const Class& c) { return c.school_code + "|" + c.name; }
  Upserter<Class> up_;
  std::unordered_map<std::string, int64_t> ids_;
  int64_t next_id_ = 1;
  std::vector<Class> pending_;
};

}  // namespace

const TableDef& SchoolsDef() {
  static const TableDef d = MakeDef(
      TableDef{"schools", "学校", "学校", false, "每行一所学校（或教学点），按学校标识码更新", {}},
      SchoolFields());
  return d;
}
const TableDef& FacilitiesDef() {
  static const TableDef d =
      MakeDef(TableDef{"facilities",
                       "校舍设施",
                       "校舍设施",
                       true,
                       "每行一所学校一个学年的校舍、场地和设备（教育事业统计 校舍/资产表口径）",
                       {}},
              FacilityFields());
  return d;
}
const TableDef& ClassesDef() {
  static const TableDef d =
      MakeDef(TableDef{"classes", "班级", "班级", true, "每行一个班级（学校内班级名称唯一）", {}},
              ClassFields());
  return d;
}

std::unique_ptr<TableHandler> NewSchoolsHandler() { return std::make_unique<SchoolsHandler>(); }
std::unique_ptr<TableHandler> NewFacilitiesHandler() {
  return std::make_unique<FacilitiesHandler>();
}
std::unique_ptr<TableHandler> NewClassesHandler() { return std::make_unique<ClassesHandler>(); }

}  // namespace internal
}  // namespace zj::io
