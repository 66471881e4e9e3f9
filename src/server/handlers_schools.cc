// Directory and school endpoints: the admin-unit tree, the school list with filters and paging,
// school detail (classes, grade counts, teacher structure, facilities from the year's engine
// snapshot) and the paged student/teacher lists with masking and audited unmasked reads.
#include <algorithm>

#include "dto.h"
#include "handlers.h"
#include "zj/common/code_tables.h"

namespace zj::server::internal {
namespace {

Json UnitTree(const engine::Hierarchy& h, int node) {
  const engine::UnitNode& n = h.unit(node);
  Json j = {{"code", n.code},
            {"name", n.name},
            {"kind", engine::UnitKindNameZh(n.kind)},
            {"school_count", n.school_end - n.school_begin}};
  Json children = Json::array();
  for (int child : n.children) {
    if (h.unit(child).kind != engine::UnitKind::kSchool) children.push_back(UnitTree(h, child));
  }
  j["children"] = children;
  return j;
}

struct Paging {
  int page = 1;
  int page_size = 20;
};

Result<Paging> ReadPaging(const Call& c) {
  Paging p;
  ZJ_ASSIGN_OR_RETURN(p.page, c.QueryInt("page", 1, 1, 1000000));
  ZJ_ASSIGN_OR_RETURN(p.page_size, c.QueryInt("page_size", 20, 1, 200));
  return p;
}

// The school index of path parameter 0, after the scope check (404 unknown, 403 out of scope).
Result<int> ScopedSchool(const Call& c) {
  const engine::Hierarchy& h = *c.hierarchy;
  std::string code = c.Param(0);
  int school = h.FindSchool(code);
  if (school < 0) return Status::NotFound("学校不存在：" + code);
  if (!c.scope.Covers(h.SchoolNode(school))) {
    return Status::PermissionDenied("无权访问该学校的数据");
  }
  return school;
}

// personal=1 asks for unmasked rows: needs the view_personal grant.
Result<bool> WantsUnmasked(const Call& c) {
  ZJ_ASSIGN_OR_RETURN(std::optional<bool> personal, c.QueryBool("personal"));
  if (!personal.value_or(false)) return false;
  if (!c.user->view_personal) {
    return Status::PermissionDenied("查看未脱敏的个人信息需要系统管理员授予 view_personal 权限");
  }
  return true;
}

Json PageJson(Json items, size_t total, const Paging& p) {
  return {
      {"items", std::move(items)}, {"total", total}, {"page", p.page}, {"page_size", p.page_size}};
}

std::optional<model::Stage> ParseStageParam(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  return model::ParseStage(*v);
}

}  // namespace

Result<Json> HandleAdminUnits(Call& c) {
  const engine::Hierarchy& h = *c.hierarchy;
  int home = c.scope.home();
  if (home < 0) return Status::PermissionDenied("账户绑定的单位不在本数据库的区划中");
  Json ancestors = Json::array();
  for (int n = h.unit(home).parent; n >= 0; n = h.unit(n).parent) {
    ancestors.insert(ancestors.begin(), Json{{"code", h.unit(n).code},
                                             {"name", h.unit(n).name},
                                             {"kind", engine::UnitKindNameZh(h.unit(n).kind)}});
  }
  return Json{{"root", UnitTree(h, home)}, {"ancestors", ancestors}};
}

Result<Json> HandleListSchools(Call& c) {
  const engine::Hierarchy& h = *c.hierarchy;
  ZJ_ASSIGN_OR_RETURN(Paging paging, ReadPaging(c));
  ZJ_ASSIGN_OR_RETURN(int type, c.QueryInt("type", 0, 0, 999));
  ZJ_ASSIGN_OR_RETURN(int urban_rural, c.QueryInt("urban_rural", 0, 0, 299));
  ZJ_ASSIGN_OR_RETURN(std::optional<bool> is_public, c.QueryBool("public"));
  std::optional<std::string> township = c.Query("township");
  std::optional<std::string> q = c.Query("q");
  std::vector<const model::School*> matches;
  for (size_t i = 0; i < h.school_count(); ++i) {
    const model::School& s = h.schools()[i];
    if (!c.scope.Covers(h.SchoolNode(static_cast<int>(i)))) continue;
    if (type && s.type_code != type) continue;
    // 1 / 2 select 城镇 / 乡村; a 3-digit value selects one 城乡分类代码.
    if (urban_rural >= 100 && s.urban_rural != urban_rural) continue;
    if (urban_rural > 0 && urban_rural < 10 && s.urban_rural / 100 != urban_rural) continue;
    if (is_public && s.is_public != *is_public) continue;
    if (township && s.township_code != *township) continue;
    if (q && !q->empty() && s.name.find(*q) == std::string::npos) continue;
    matches.push_back(&s);
  }
  std::sort(matches.begin(), matches.end(),
            [](const model::School* a, const model::School* b) { return a->code < b->code; });
  Json items = Json::array();
  size_t begin = static_cast<size_t>(paging.page - 1) * paging.page_size;
  for (size_t i = begin; i < matches.size() && i < begin + paging.page_size; ++i) {
    items.push_back(SchoolJson(*matches[i], h));
  }
  return PageJson(std::move(items), matches.size(), paging);
}

Result<Json> HandleSchoolDetail(Call& c) {
  ZJ_ASSIGN_OR_RETURN(int school, ScopedSchool(c));
  ZJ_ASSIGN_OR_RETURN(int year, c.Year());
  ApiServer::Impl& s = c.s;
  ZJ_ASSIGN_OR_RETURN(std::shared_ptr<EngineData> data, s.Engine());
  const engine::Snapshot* found = data->history().Find(year);
  if (!found) return Status::NotFound("没有 " + std::to_string(year) + " 学年的数据");
  const engine::Snapshot& snap = *found;
  ZJ_ASSIGN_OR_RETURN(auto class_names, s.year_data.class_names.Get(year, [&]() {
    return s.WithReader([&](model::Store& st) { return BuildClassNames(st, year); });
  }));
  const engine::Hierarchy& h = snap.hierarchy();
  // The snapshot numbers schools by its own hierarchy: look the code up there.
  const std::string code = c.Param(0);
  const int32_t idx = h.FindSchool(code);
  Json j = SchoolJson(c.hierarchy->schools()[school], *c.hierarchy);
  j["year"] = year;

  // 在校生 by stage and grade.
  std::map<std::pair<int, int>, std::array<int, 3>> grades;  // (stage, grade) → total, m, f
  const engine::EnrolmentColumns& e = snap.enrolments();
  for (size_t i = 0; i < e.size(); ++i) {
    if (e.school[i] != idx) continue;
    if (!model::CountsAsEnrolled(static_cast<model::EnrolmentStatus>(e.status[i]))) continue;
    auto& g = grades[{e.stage[i], e.grade[i]}];
    ++g[0];
    if (e.gender[i] == static_cast<uint8_t>(model::Gender::kMale)) ++g[1];
    if (e.gender[i] == static_cast<uint8_t>(model::Gender::kFemale)) ++g[2];
  }
  Json grade_counts = Json::array();
  int students = 0;
  for (const auto& [key, g] : grades) {
    auto stage = static_cast<model::Stage>(key.first);
    grade_counts.push_back({{"stage", model::StageName(stage)},
                            {"stage_name", model::StageNameZh(stage)},
                            {"grade", key.second},
                            {"students", g[0]},
                            {"male", g[1]},
                            {"female", g[2]}});
    students += g[0];
  }
  j["students"] = students;
  j["grade_counts"] = grade_counts;

  Json classes = Json::array();
  const engine::ClassColumns& cl = snap.classes();
  for (size_t i = 0; i < cl.size(); ++i) {
    if (cl.school[i] != idx) continue;
    auto name = class_names->find(cl.id[i]);
    classes.push_back({{"id", cl.id[i]},
                       {"name", name == class_names->end() ? "" : name->second},
                       {"stage", model::StageName(static_cast<model::Stage>(cl.stage[i]))},
                       {"grade", cl.grade[i]},
                       {"size", cl.class_size[i]}});
  }
  j["classes"] = classes;

  // Teacher structure: counts by title, education, age band, gender; 专任 and 骨干.
  const engine::TeacherColumns& t = snap.teachers();
  int total = 0, full_time = 0, female = 0, backbone = 0, on_staff = 0, certified = 0;
  std::map<std::string, int> by_title, by_education, by_age;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t.school[i] != idx) continue;
    ++total;
    full_time += t.full_time[i];
    female += t.gender[i] == static_cast<uint8_t>(model::Gender::kFemale);
    backbone += t.backbone[i] != 0;
    on_staff += t.on_staff[i];
    certified += t.certified[i];
    ++by_title[std::string(
        model::TeacherTitleNameZh(static_cast<model::TeacherTitle>(t.title[i])))];
    std::string_view edu = common::EducationLevelName(t.education[i]);
    ++by_education[edu.empty() ? std::string("未知") : std::string(edu)];
    int age = t.age[i];
    const char* band = age == engine::kUnknownAge ? "未知"
                       : age < 30                 ? "30岁以下"
                       : age < 40                 ? "30–39岁"
                       : age < 50                 ? "40–49岁"
                                                  : "50岁及以上";
    ++by_age[band];
  }
  j["teachers"] = {{"total", total},       {"full_time", full_time},       {"female", female},
                   {"backbone", backbone}, {"on_staff", on_staff},         {"certified", certified},
                   {"by_title", by_title}, {"by_education", by_education}, {"by_age", by_age}};

  const engine::FacilityColumns& f = snap.facilities();
  Json facilities = nullptr;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f.school[i] != idx) continue;
    facilities = Json::object();
    for (int k = 0; k < engine::FacilityColumns::kFieldCount; ++k) {
      facilities[engine::FacilityColumns::kFieldNames[k]] = f.fields[k][i];
    }
  }
  j["facilities"] = facilities;
  return j;
}

Result<Json> HandleSchoolStudents(Call& c) {
  ZJ_ASSIGN_OR_RETURN(int school, ScopedSchool(c));
  (void)school;
  ZJ_ASSIGN_OR_RETURN(int year, c.Year());
  ZJ_ASSIGN_OR_RETURN(Paging paging, ReadPaging(c));
  ZJ_ASSIGN_OR_RETURN(int grade, c.QueryInt("grade", 0, 0, 20));
  std::optional<model::Stage> stage = ParseStageParam(c.Query("stage"));
  if (c.Query("stage") && !stage)
    return Status::InvalidArgument("未知的学段：" + *c.Query("stage"));
  ZJ_ASSIGN_OR_RETURN(bool unmasked, WantsUnmasked(c));
  ApiServer::Impl& s = c.s;
  ZJ_ASSIGN_OR_RETURN(auto roster, s.year_data.rosters.Get(year, [&]() {
    return s.WithReader([&](model::Store& st) { return BuildRoster(st, year); });
  }));
  const std::string code = c.Param(0);
  std::vector<const Roster::StudentRow*> rows;
  if (auto it = roster->students_by_school.find(code); it != roster->students_by_school.end()) {
    for (const Roster::StudentRow& r : it->second) {
      if (stage && r.enrolment.stage != *stage) continue;
      if (grade && r.enrolment.grade != grade) continue;
      rows.push_back(&r);
    }
  }
  Json items = Json::array();
  Json ids = Json::array();
  size_t begin = static_cast<size_t>(paging.page - 1) * paging.page_size;
  for (size_t i = begin; i < rows.size() && i < begin + paging.page_size; ++i) {
    const model::Student& st = roster->students[rows[i]->student];
    auto cls = roster->class_names.find(rows[i]->enrolment.class_id);
    items.push_back(StudentJson(st, rows[i]->enrolment,
                                cls == roster->class_names.end() ? "" : cls->second, unmasked));
    ids.push_back(st.id);
  }
  if (unmasked) {
    // The read is recorded before any personal data leaves the server.
    Json what = {{"year", year}, {"page", paging.page}, {"student_ids", ids}};
    ZJ_RETURN_IF_ERROR(c.Audit("personal.read", "school:" + code + "/students", "", what.dump()));
  }
  return PageJson(std::move(items), rows.size(), paging);
}

Result<Json> HandleSchoolTeachers(Call& c) {
  ZJ_ASSIGN_OR_RETURN(int school, ScopedSchool(c));
  (void)school;
  ZJ_ASSIGN_OR_RETURN(int year, c.Year());
  ZJ_ASSIGN_OR_RETURN(Paging paging, ReadPaging(c));
  ZJ_ASSIGN_OR_RETURN(bool unmasked, WantsUnmasked(c));
  ApiServer::Impl& s = c.s;
  ZJ_ASSIGN_OR_RETURN(auto roster, s.year_data.rosters.Get(year, [&]() {
    return s.WithReader([&](model::Store& st) { return BuildRoster(st, year); });
  }));
  const std::string code = c.Param(0);
  static const std::vector<Roster::TeacherRow> kNone;
  auto it = roster->teachers_by_school.find(code);
  const std::vector<Roster::TeacherRow>& rows =
      it == roster->teachers_by_school.end() ? kNone : it->second;
  Json items = Json::array();
  size_t begin = static_cast<size_t>(paging.page - 1) * paging.page_size;
  for (size_t i = begin; i < rows.size() && i < begin + paging.page_size; ++i) {
    const model::Teacher* t = rows[i].teacher >= 0 ? &roster->teachers[rows[i].teacher] : nullptr;
    items.push_back(TeacherJson(t, rows[i].year, unmasked));
  }
  if (unmasked) {
    // Teacher ids may be 身份证号: the audit keeps the page and count, not the ids.
    Json what = {{"year", year},
                 {"page", paging.page},
                 {"page_size", paging.page_size},
                 {"count", items.size()}};
    ZJ_RETURN_IF_ERROR(c.Audit("personal.read", "school:" + code + "/teachers", "", what.dump()));
  }
  return PageJson(std::move(items), rows.size(), paging);
}

}  // namespace zj::server::internal
