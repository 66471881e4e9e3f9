// JSON mappings of the API's wire types (see dto.h).
#include "dto.h"

#include <cmath>

#include "zj/common/code_tables.h"
#include "zj/common/id_number.h"
#include "zj/common/school_year.h"

namespace zj::server::internal {
namespace {

std::string GenderName(model::Gender g) {
  switch (g) {
    case model::Gender::kMale:
      return "male";
    case model::Gender::kFemale:
      return "female";
    case model::Gender::kUnknown:
      break;
  }
  return "unknown";
}

std::string MaskOtherId(std::string_view id) {
  if (id.size() == 18) return MaskIdNumber(id);
  if (id.size() <= 2) return std::string(id.size(), '*');
  return std::string(id.size() - 2, '*') + std::string(id.substr(id.size() - 2));
}

}  // namespace

Json UserJson(const model::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", model::RoleName(u.role)},
          {"role_name", model::RoleNameZh(u.role)},
          {"unit_code", u.unit_code},
          {"view_personal", u.view_personal},
          {"disabled", u.disabled},
          {"created_at", u.created_at},
          {"password_changed_at", u.password_changed_at}};
}

Json TokenJson(const model::ApiToken& t) {
  return {{"id", t.id},
          {"label", t.label},
          {"prefix", t.prefix},
          {"created_at", t.created_at},
          {"expires_at", t.expires_at},
          {"revoked", t.revoked}};
}

Json AuditEntryJson(const model::AuditEntry& e) {
  auto parsed = [](const std::string& text) -> Json {
    if (text.empty()) return nullptr;
    Json j = Json::parse(text, nullptr, false);
    return j.is_discarded() ? Json(text) : j;
  };
  return {{"seq", e.seq},
          {"time", e.time},
          {"user_id", e.user_id},
          {"actor", e.actor},
          {"address", e.address},
          {"action", e.action},
          {"target", e.target},
          {"before", parsed(e.before_json)},
          {"after", parsed(e.after_json)},
          {"prev_hash", e.prev_hash},
          {"hash", e.hash}};
}

Json SchoolJson(const model::School& s, const engine::Hierarchy& h) {
  int township = h.Find(s.township_code);
  return {{"code", s.code},
          {"name", s.name},
          {"type_code", s.type_code},
          {"type_name", common::SchoolTypeName(s.type_code)},
          {"public", s.is_public},
          {"inclusive", s.inclusive},
          {"rating", static_cast<int>(s.rating)},
          {"township_code", s.township_code},
          {"township_name", township >= 0 ? h.unit(township).name : ""},
          {"urban_rural", s.urban_rural},
          {"urban_rural_name", common::UrbanRuralName(s.urban_rural)},
          {"boarding", s.boarding},
          {"opened_year", s.opened_year},
          {"closed_year", s.closed_year}};
}

Json DataValueJson(const model::DataValue& v) {
  return {{"code", v.code}, {"unit_code", v.unit_code}, {"year", v.year}, {"value", v.value},
          {"unit", v.unit}, {"source", v.source},       {"note", v.note}};
}

Json IndicatorValueJson(const engine::IndicatorValue& v, const engine::Catalog& catalog) {
  auto opt = [](const std::optional<double>& x) { return x ? Json(*x) : Json(nullptr); };
  Json j = {{"code", v.code},
            {"unit_code", v.unit_code},
            {"year", v.year},
            {"value", opt(v.value)},
            {"numerator", opt(v.numerator)},
            {"denominator", opt(v.denominator)},
            {"reason", v.reason.text()}};
  if (const engine::IndicatorDef* def = catalog.Find(v.code)) {
    j["name_zh"] = def->name_zh;
    j["unit"] = def->unit;
    j["mark"] = engine::MarkName(def->mark);
  }
  return j;
}

Result<std::optional<std::string>> OptString(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string())
    return Status::InvalidArgument(std::string("字段 ") + key + " 必须是字符串");
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::optional<bool>> OptBool(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean())
    return Status::InvalidArgument(std::string("字段 ") + key + " 必须是布尔值");
  return std::optional<bool>(it->get<bool>());
}

Result<std::optional<int64_t>> OptInt(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer()) {
    return Status::InvalidArgument(std::string("字段 ") + key + " 必须是整数");
  }
  return std::optional<int64_t>(it->get<int64_t>());
}

Result<model::DataValue> DataValueFromJson(const Json& j) {
  if (!j.is_object()) return Status::InvalidArgument("每个数据项必须是 JSON 对象");
  model::DataValue v;
  ZJ_ASSIGN_OR_RETURN(std::optional<std::string> code, OptString(j, "code"));
  ZJ_ASSIGN_OR_RETURN(std::optional<std::string> unit_code, OptString(j, "unit_code"));
  ZJ_ASSIGN_OR_RETURN(std::optional<int64_t> year, OptInt(j, "year"));
  if (!code || code->empty() || code->size() > 64) {
    return Status::InvalidArgument("字段 code 必填（1–64 个字符）");
  }
  for (char ch : *code) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) {
      return Status::InvalidArgument("字段 code 只能包含小写字母、数字和下划线：" + *code);
    }
  }
  if (!unit_code || unit_code->empty()) return Status::InvalidArgument("字段 unit_code 必填");
  if (!year || !ValidSchoolYear(static_cast<int>(*year))) {
    return Status::InvalidArgument("字段 year 必填，须在 " + std::to_string(kFirstSchoolYear) +
                                   "–" + std::to_string(kLastSchoolYear) + " 之间");
  }
  auto value = j.find("value");
  if (value == j.end() || !value->is_number() || !std::isfinite(value->get<double>())) {
    return Status::InvalidArgument("字段 value 必须是有限的数值");
  }
  v.code = *code;
  v.unit_code = *unit_code;
  v.year = static_cast<int>(*year);
  v.value = value->get<double>();
  for (auto [key, field] :
       {std::pair{"unit", &v.unit}, std::pair{"source", &v.source}, std::pair{"note", &v.note}}) {
    ZJ_ASSIGN_OR_RETURN(std::optional<std::string> text, OptString(j, key));
    if (text && text->size() > 500) {
      return Status::InvalidArgument(std::string("字段 ") + key + " 不能超过 500 个字节");
    }
    *field = text.value_or("");
  }
  return v;
}

Json StudentJson(const model::Student& s, const model::Enrolment& e, const std::string& class_name,
                 bool unmasked) {
  Json birth =
      unmasked ? Json(s.birth_date.ToString()) : Json(std::to_string(s.birth_date.year) + "-**-**");
  return {{"id", s.id},
          {"name", unmasked ? s.name : MaskName(s.name)},
          {"id_number", unmasked ? s.id_number : MaskIdNumber(s.id_number)},
          {"gender", GenderName(s.gender)},
          {"birth_date", birth},
          {"ethnicity", s.ethnicity},
          {"stage", model::StageName(e.stage)},
          {"grade", e.grade},
          {"class_id", e.class_id},
          {"class_name", class_name},
          {"status", model::EnrolmentStatusName(e.status)},
          {"status_name", model::EnrolmentStatusNameZh(e.status)},
          {"migrant", s.migrant},
          {"left_behind", s.left_behind},
          {"disability", s.disability},
          {"financial_aid", s.financial_aid},
          {"masked", !unmasked}};
}

Json TeacherJson(const model::Teacher* t, const model::TeacherYear& y, bool unmasked) {
  std::string name = t ? t->name : "";
  return {{"id", unmasked ? y.teacher_id : MaskOtherId(y.teacher_id)},
          {"name", unmasked ? name : MaskName(name)},
          {"gender", GenderName(t ? t->gender : model::Gender::kUnknown)},
          {"birth_year", t ? t->birth_date.year : 0},
          {"full_time", y.full_time},
          {"stage", model::StageName(y.stage)},
          {"subjects", model::SubjectsToString(y.subjects)},
          {"education", y.education},
          {"education_name", common::EducationLevelName(y.education)},
          {"title", static_cast<int>(y.title)},
          {"title_name", model::TeacherTitleNameZh(y.title)},
          {"backbone", model::BackboneLevelNameZh(y.backbone)},
          {"certified", y.certified},
          {"on_staff", y.on_staff},
          {"masked", !unmasked}};
}

Json TaskJson(const model::Task& t, const engine::TaskStatus& s, const std::string& unit_name) {
  Json j;
  j["id"] = t.id;
  j["plan_id"] = t.plan_id;
  j["section_id"] = t.section_id;
  j["title"] = t.title;
  j["unit_code"] = t.unit_code;
  j["unit_name"] = unit_name;
  j["department"] = t.department;
  j["lead"] = t.lead;
  j["target_ids"] = t.target_ids;
  j["indicators"] = t.indicators;
  j["planned_quantity"] = t.planned_quantity > 0 ? Json(t.planned_quantity) : Json(nullptr);
  j["quantity_unit"] = t.quantity_unit;
  j["start_date"] = t.start_date.valid() ? Json(t.start_date.ToString()) : Json(nullptr);
  j["due_date"] = t.due_date.ToString();
  j["cancelled"] = t.cancelled;
  j["note"] = t.note;
  j["state"] = engine::TaskStateName(s.state);
  j["state_zh"] = engine::TaskStateNameZh(s.state);
  j["percent"] = s.percent;
  j["quantity"] = s.quantity ? Json(*s.quantity) : Json(nullptr);
  j["last_report"] = s.last_report ? Json(s.last_report->ToString()) : Json(nullptr);
  j["overdue"] = s.overdue;
  j["overdue_milestones"] = s.overdue_milestones;
  j["stalled"] = s.stalled;
  j["flagged"] = s.flagged();
  j["days_since_activity"] = s.days_since_activity;
  j["reason"] = s.reason;
  return j;
}

Json MilestoneJson(const model::Milestone& m) {
  return Json{
      {"seq", m.seq},
      {"title", m.title},
      {"due_date", m.due_date.ToString()},
      {"done_date", m.done_date.valid() ? Json(m.done_date.ToString()) : Json(nullptr)},
      {"planned_quantity", m.planned_quantity > 0 ? Json(m.planned_quantity) : Json(nullptr)}};
}

Json ProgressJson(const model::TaskProgress& p) {
  return Json{{"seq", p.seq},         {"report_date", p.report_date.ToString()},
              {"percent", p.percent}, {"quantity", p.quantity},
              {"text", p.text},       {"reported_by", p.reported_by}};
}

Json EvidenceJson(const model::Evidence& e) {
  return Json{{"id", e.id},
              {"task_id", e.task_id},
              {"progress_seq", e.progress_seq},
              {"file_name", e.file_name},
              {"media_type", e.media_type},
              {"size", e.size},
              {"sha256", e.sha256},
              {"uploaded_by", e.uploaded_by},
              {"uploaded_at", e.uploaded_at}};
}

}  // namespace zj::server::internal
