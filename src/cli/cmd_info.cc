// `zhijiao info`: what a database holds — synthetic flag, county, townships, and per school year
// the headline counts (students by stage, schools, classes, 大班额, 标准班额比例, teachers,
// 市县级骨干教师). The figures are counted straight from the records; the JSON form is stable
// (scripts read it). On a synthetic database only, the usable demo accounts with their passwords.
#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "cli_util.h"
#include "commands.h"
#include "zj/model/store.h"
#include "zj/service/accounts.h"
#include "zj/storage/account_store.h"

namespace zj::cli {
namespace {

using model::Stage;

struct YearSummary {
  std::map<Stage, int64_t> students;
  int64_t schools = 0, classes = 0, big_classes = 0, standard_classes = 0, standard_class_base = 0,
          teachers = 0, backbone_city_county = 0;
};

// Standard class size (GB 50099-2011): 小学 45, 初中 50, 高中 50.
int StandardClassSize(Stage s) { return s == Stage::kPrimary ? 45 : 50; }

Result<YearSummary> Summarize(model::Store& store, int year) {
  YearSummary y;
  ZJ_ASSIGN_OR_RETURN(auto enrolments, store.ListEnrolments(year));
  ZJ_ASSIGN_OR_RETURN(auto classes, store.ListClasses(year));
  ZJ_ASSIGN_OR_RETURN(auto teacher_years, store.ListTeacherYears(year));
  std::unordered_map<int64_t, int> class_size;
  std::set<std::string> schools;
  for (const auto& e : enrolments) {
    if (!model::CountsAsEnrolled(e.status)) continue;
    ++y.students[e.stage];
    schools.insert(e.school_code);
    if (e.class_id) ++class_size[e.class_id];
  }
  y.schools = static_cast<int64_t>(schools.size());
  y.classes = static_cast<int64_t>(classes.size());
  for (const auto& c : classes) {
    int n = class_size.count(c.id) ? class_size[c.id] : 0;
    bool compulsory = c.stage == Stage::kPrimary || c.stage == Stage::kJunior;
    if (compulsory && n >= 56) ++y.big_classes;
    if (compulsory || c.stage == Stage::kGeneralSenior) {
      ++y.standard_class_base;
      if (n <= StandardClassSize(c.stage)) ++y.standard_classes;
    }
  }
  for (const auto& t : teacher_years) {
    if (!t.full_time) continue;
    ++y.teachers;
    if (t.backbone >= model::BackboneLevel::kCounty) ++y.backbone_city_county;
  }
  return y;
}

}  // namespace

int RunInfo(const InfoOptions& opt) {
  auto store = OpenExistingStore(opt.db, /*read_only=*/true);
  if (!store.ok()) return FailWith(store.status());
  auto& s = **store;
  auto info = s.GetInfo();
  auto units = s.ListAdminUnits();
  auto years = s.ListYears();
  if (!info.ok() || !units.ok() || !years.ok()) {
    return FailWith(!info.ok() ? info.status() : !units.ok() ? units.status() : years.status());
  }
  int townships = 0;
  for (const auto& u : *units) {
    if (u.level == model::AdminLevel::kTownship &&
        (info->county_code.empty() || u.parent_code == info->county_code))
      ++townships;
  }
  nlohmann::ordered_json out;
  out["schema_version"] = info->schema_version;
  out["synthetic"] = info->synthetic;
  out["county"] = info->county_code;
  out["townships"] = townships;
  nlohmann::ordered_json jy = nlohmann::ordered_json::object();
  for (int year : *years) {
    auto sum = Summarize(s, year);
    if (!sum.ok()) return FailWith(sum.status());
    nlohmann::ordered_json st;
    for (Stage stage : {Stage::kKindergarten, Stage::kPrimary, Stage::kJunior,
                        Stage::kGeneralSenior, Stage::kVocational, Stage::kSpecial}) {
      st[std::string(model::StageName(stage))] = sum->students[stage];
    }
    nlohmann::ordered_json j;
    j["students"] = st;
    j["schools"] = sum->schools;
    j["classes"] = sum->classes;
    j["big_classes"] = sum->big_classes;
    j["standard_class_share"] =
        sum->standard_class_base
            ? nlohmann::ordered_json(RoundTo(100.0 * static_cast<double>(sum->standard_classes) /
                                                 static_cast<double>(sum->standard_class_base),
                                             1))
            : nlohmann::ordered_json(nullptr);
    j["teachers"] = sum->teachers;
    j["backbone_teachers_city_county"] = sum->backbone_city_county;
    jy[std::to_string(year)] = j;
  }
  out["years"] = jy;
  // Demo accounts are listed only on a synthetic database, and only those still usable with
  // their documented password.
  std::vector<service::DemoAccount> demo;
  if (info->synthetic) {
    if (auto accounts = storage::OpenSqliteAccountStore(opt.db); accounts.ok()) {
      demo = service::UsableDemoAccounts(*info, **accounts);
    }
  }
  nlohmann::ordered_json jd = nlohmann::ordered_json::array();
  for (const service::DemoAccount& d : demo) {
    jd.push_back({{"username", d.username},
                  {"password", d.password},
                  {"role", std::string(model::RoleName(d.role))}});
  }
  out["demo_accounts"] = jd;

  if (opt.format == "json") {
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  // Human-readable form.
  std::cout << "zhijiao database " << opt.db << "\n";
  if (info->synthetic)
    std::cout << "  ** 演示数据（合成，非真实个人信息） / synthetic demo data **\n";
  std::cout << "  schema version " << info->schema_version << ", county " << info->county_code
            << ", " << townships << " townships\n";
  std::printf("  %-6s %8s %8s %8s %8s %8s %7s %7s %6s %7s %8s %6s\n", "学年", "幼儿园", "小学",
              "初中", "普高", "中职", "学校", "班级", "大班额", "标准班%", "专任教师", "骨干");
  for (auto& [y, j] : jy.items()) {
    const auto& st = j["students"];
    std::printf("  %-6s %8lld %8lld %8lld %8lld %8lld %7lld %7lld %6lld %7s %8lld %6lld\n",
                y.c_str(), st["kindergarten"].get<long long>(), st["primary"].get<long long>(),
                st["junior"].get<long long>(), st["general_senior"].get<long long>(),
                st["vocational"].get<long long>(), j["schools"].get<long long>(),
                j["classes"].get<long long>(), j["big_classes"].get<long long>(),
                j["standard_class_share"].is_null()
                    ? "-"
                    : std::to_string(j["standard_class_share"].get<double>()).substr(0, 4).c_str(),
                j["teachers"].get<long long>(),
                j["backbone_teachers_city_county"].get<long long>());
  }
  if (!demo.empty()) {
    std::cout << "  演示账户（仅合成数据库 / synthetic database only）：";
    for (size_t i = 0; i < demo.size(); ++i) {
      std::cout << (i ? "、" : "") << demo[i].username << " / " << demo[i].password;
    }
    std::cout << "\n";
  }
  return 0;
}

}  // namespace zj::cli
