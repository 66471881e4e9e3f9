// Projection input: the stage structure, validation and indexing of plain data into the compact
// ProjectionInput, the loader from a model::Store, and the September–August birth cohort.
#include <algorithm>
#include <set>
#include <unordered_map>

#include "zj/engine/projection.h"

namespace zj::engine {

using model::Stage;

int ProjectedStageIndex(Stage s) {
  for (int i = 0; i < kProjectedStageCount; ++i) {
    if (kProjectedStages[i] == s) return i;
  }
  return -1;
}

StageStructure StageStructure::Default() {
  StageStructure s;
  s.grades_ = {3, 6, 3, 3, 3};
  s.Rebuild();
  return s;
}

Result<StageStructure> StageStructure::Make(const std::map<Stage, int>& grades) {
  StageStructure s = Default();
  for (const auto& [stage, n] : grades) {
    int i = ProjectedStageIndex(stage);
    if (i < 0) {
      return Status::InvalidArgument(std::string("学制: 不预测的学段 ") +
                                     std::string(model::StageName(stage)));
    }
    if (n < 0 || n > 9) {
      return Status::InvalidArgument(std::string("学制: ") + std::string(model::StageName(stage)) +
                                     " 的年级数 " + std::to_string(n) + " 不在 0..9 之间");
    }
    s.grades_[i] = n;
  }
  if (s.grades_[0] == 0 || s.grades_[1] == 0) {
    return Status::InvalidArgument("学制: 幼儿园和小学的年级数不能为 0");
  }
  s.Rebuild();
  return s;
}

void StageStructure::Rebuild() {
  slot_stage_.clear();
  slot_grade_.clear();
  for (int i = 0; i < kProjectedStageCount; ++i) {
    first_[i] = static_cast<int>(slot_stage_.size());
    for (int g = 1; g <= grades_[i]; ++g) {
      slot_stage_.push_back(kProjectedStages[i]);
      slot_grade_.push_back(g);
    }
  }
  slot_count_ = static_cast<int>(slot_stage_.size());
}

int StageStructure::grades(Stage s) const {
  int i = ProjectedStageIndex(s);
  return i < 0 ? 0 : grades_[i];
}

int StageStructure::slot(Stage s, int grade) const {
  int i = ProjectedStageIndex(s);
  if (i < 0 || grade < 1 || grade > grades_[i]) return -1;
  return first_[i] + grade - 1;
}

std::string StageStructure::Label() const {
  return std::to_string(grades(Stage::kPrimary)) + "-" + std::to_string(grades(Stage::kJunior));
}

std::optional<double> BirthCohort(const std::map<int, YearBirths>& births, int year, int entry_age,
                                  int cutoff_month) {
  auto y1 = births.find(year - entry_age - 1);
  auto y2 = births.find(year - entry_age);
  if (y1 == births.end() || y2 == births.end()) return std::nullopt;
  double c = 0;
  if (y1->second.monthly) {
    for (int m = cutoff_month; m < 12; ++m) c += y1->second.months[m];
  } else {
    c += y1->second.total * (12 - cutoff_month) / 12.0;
  }
  if (y2->second.monthly) {
    for (int m = 0; m < cutoff_month; ++m) c += y2->second.months[m];
  } else {
    c += y2->second.total * cutoff_month / 12.0;
  }
  return c;
}

namespace {

std::string StageLabel(Stage s) { return std::string(model::StageNameZh(s)); }

// Aggregates birth rows of one area into YearBirths (month 0 = whole year wins for the total;
// months are used for cohorts once all twelve are present).
void AddBirths(std::map<int, std::pair<YearBirths, std::set<int>>>& acc, const model::BirthCount& b,
               std::map<int, bool>& has_total) {
  auto& [yb, months] = acc[b.year];
  if (b.month == 0) {
    yb.total = static_cast<double>(b.count);
    has_total[b.year] = true;
  } else {
    yb.months[b.month - 1] += static_cast<double>(b.count);
    months.insert(b.month);
  }
}

std::map<int, YearBirths> FinishBirths(std::map<int, std::pair<YearBirths, std::set<int>>>& acc,
                                       const std::map<int, bool>& has_total) {
  std::map<int, YearBirths> out;
  for (auto& [year, p] : acc) {
    YearBirths yb = p.first;
    yb.monthly = p.second.size() == 12;
    if (!has_total.count(year)) {
      yb.total = 0;
      for (double m : yb.months) yb.total += m;
      if (!yb.monthly) continue;  // a partial year without a total is unusable
    }
    out[year] = yb;
  }
  return out;
}

}  // namespace

Result<ProjectionInput> MakeProjectionInput(const ProjectionData& data) {
  ProjectionInput in;
  in.structure = data.structure;
  in.county_code = data.county_code;
  in.county_name = data.county_name.empty() ? data.county_code : data.county_name;
  const int slots = in.structure.slot_count();

  // Townships.
  std::unordered_map<std::string, int> town_index;
  in.townships = data.townships;
  for (size_t i = 0; i < in.townships.size(); ++i) {
    if (!town_index.emplace(in.townships[i].code, static_cast<int>(i)).second) {
      return Status::InvalidArgument("乡镇代码重复: " + in.townships[i].code);
    }
  }
  const bool auto_towns = in.townships.empty();

  // Years.
  int first = 0, last = -1;
  for (const auto& e : data.enrolment) {
    if (last < first) {
      first = last = e.year;
    } else {
      first = std::min(first, e.year);
      last = std::max(last, e.year);
    }
  }
  if (last < first) return Status::InvalidArgument("没有在校生数据，无法预测");
  in.first_year = first;
  in.last_year = last;
  const int years = in.years();

  // Schools.
  std::unordered_map<std::string, int> school_index;
  for (const auto& s : data.schools) {
    if (!school_index.emplace(s.code, static_cast<int>(in.schools.size())).second) {
      return Status::InvalidArgument("学校代码重复: " + s.code);
    }
    ProjectionSchool ps;
    ps.info = s;
    auto it = town_index.find(s.township_code);
    if (it == town_index.end()) {
      if (!auto_towns) {
        return Status::InvalidArgument("学校 " + s.code + " 的乡镇 " + s.township_code +
                                       " 不在乡镇列表中");
      }
      it = town_index.emplace(s.township_code, static_cast<int>(in.townships.size())).first;
      in.townships.push_back({s.township_code, s.township_code, 0});
    }
    ps.township = it->second;
    ps.enrolment.assign(static_cast<size_t>(years) * slots, 0.0);
    ps.classrooms.assign(years, -1);
    ps.teachers.assign(static_cast<size_t>(years) * kProjectedStageCount, 0.0);
    in.schools.push_back(std::move(ps));
  }
  auto find_school = [&](const std::string& code, const char* what) -> Result<int> {
    auto it = school_index.find(code);
    if (it == school_index.end()) {
      return Status::InvalidArgument(std::string(what) + ": 未知学校 " + code);
    }
    return it->second;
  };

  for (const auto& e : data.enrolment) {
    if (e.stage == Stage::kSpecial) continue;  // 特殊教育 is not projected
    ZJ_ASSIGN_OR_RETURN(int si, find_school(e.school_code, "在校生"));
    int slot = in.structure.slot(e.stage, e.grade);
    if (slot < 0) {
      return Status::InvalidArgument(
          "在校生: 学校 " + e.school_code + " " + std::to_string(e.year) + "年 " +
          StageLabel(e.stage) + std::to_string(e.grade) + "年级 超出学制 " + in.structure.Label());
    }
    if (e.count < 0) {
      return Status::InvalidArgument("在校生: 学校 " + e.school_code + " " +
                                     std::to_string(e.year) + "年 人数为负");
    }
    in.schools[si].enrolment[(e.year - first) * slots + slot] += e.count;
  }
  for (const auto& c : data.classrooms) {
    ZJ_ASSIGN_OR_RETURN(int si, find_school(c.school_code, "教室"));
    if (c.classrooms < 0) {
      return Status::InvalidArgument("教室: 学校 " + c.school_code + " 教室数为负");
    }
    if (in.HasYear(c.year)) in.schools[si].classrooms[c.year - first] = c.classrooms;
  }
  for (const auto& t : data.teachers) {
    ZJ_ASSIGN_OR_RETURN(int si, find_school(t.school_code, "教师"));
    int st = ProjectedStageIndex(t.stage);
    if (st < 0 || !in.HasYear(t.year)) continue;
    if (t.count < 0) return Status::InvalidArgument("教师: 学校 " + t.school_code + " 人数为负");
    in.schools[si].teachers[(t.year - first) * kProjectedStageCount + st] += t.count;
  }

  // Births.
  std::vector<std::map<int, std::pair<YearBirths, std::set<int>>>> town_acc(in.townships.size());
  std::vector<std::map<int, bool>> town_total(in.townships.size());
  std::map<int, std::pair<YearBirths, std::set<int>>> county_acc;
  std::map<int, bool> county_total;
  bool explicit_county = false;
  for (const auto& b : data.births) {
    if (b.month < 0 || b.month > 12 || b.count < 0) {
      return Status::InvalidArgument("出生数: " + b.township_code + " " + std::to_string(b.year) +
                                     "年" + std::to_string(b.month) + "月 数据无效");
    }
    if (b.township_code.empty() || b.township_code == in.county_code) {
      AddBirths(county_acc, b, county_total);
      explicit_county = true;
      continue;
    }
    auto it = town_index.find(b.township_code);
    if (it == town_index.end()) {
      return Status::InvalidArgument("出生数: 未知乡镇 " + b.township_code);
    }
    AddBirths(town_acc[it->second], b, town_total[it->second]);
  }
  in.township_births.resize(in.townships.size());
  for (size_t i = 0; i < in.townships.size(); ++i) {
    in.township_births[i] = FinishBirths(town_acc[i], town_total[i]);
    if (!in.township_births[i].empty()) in.births_by_township = true;
  }
  if (explicit_county) {
    in.county_births = FinishBirths(county_acc, county_total);
  } else {
    for (const auto& tb : in.township_births) {
      for (const auto& [year, yb] : tb) {
        YearBirths& c = in.county_births[year];
        c.total += yb.total;
        for (int m = 0; m < 12; ++m) c.months[m] += yb.months[m];
      }
    }
    // Monthly at county level only when every township with that year is monthly.
    for (auto& [year, c] : in.county_births) {
      bool all = true;
      for (const auto& tb : in.township_births) {
        auto it = tb.find(year);
        if (it != tb.end() && !it->second.monthly) all = false;
      }
      c.monthly = all;
    }
  }
  for (const auto& p : data.population) {
    if (p.count < 0) return Status::InvalidArgument("人口数为负: " + p.township_code);
    in.population[p.year][p.age] += static_cast<double>(p.count);
  }
  in.flows = data.flows;
  return in;
}

ProjectionInput ProjectionInput::TruncatedTo(int year, int births_through) const {
  ProjectionInput out = *this;
  if (year >= last_year) year = last_year;
  // What was not known at `year`: later closures, and schools opened later (never operating).
  for (auto& s : out.schools) {
    if (s.info.closed_year > year) s.info.closed_year = 0;
    if (s.info.opened_year > year) s.info.closed_year = s.info.opened_year;
  }
  out.last_year = year;
  const int years = out.years();
  const int slots = structure.slot_count();
  for (auto& s : out.schools) {
    s.enrolment.resize(static_cast<size_t>(std::max(0, years)) * slots);
    s.classrooms.resize(std::max(0, years));
    s.teachers.resize(static_cast<size_t>(std::max(0, years)) * kProjectedStageCount);
  }
  auto cut = [&](std::map<int, YearBirths>& m) { m.erase(m.upper_bound(births_through), m.end()); };
  for (auto& tb : out.township_births) cut(tb);
  cut(out.county_births);
  out.population.erase(out.population.upper_bound(year), out.population.end());
  std::erase_if(out.flows, [&](const FlowCount& f) { return f.year >= year; });
  return out;
}

Result<ProjectionData> LoadProjectionData(model::Store& store) {
  ProjectionData d;
  ZJ_ASSIGN_OR_RETURN(auto info, store.GetInfo());
  d.county_code = info.county_code;
  ZJ_ASSIGN_OR_RETURN(auto units, store.ListAdminUnits());
  for (const auto& u : units) {
    if (u.level == model::AdminLevel::kTownship) {
      d.townships.push_back({u.code, u.name, u.urban_rural});
    } else if (u.level == model::AdminLevel::kCounty &&
               (d.county_code.empty() || u.code == d.county_code)) {
      d.county_code = u.code;
      d.county_name = u.name;
    }
  }
  std::set<std::string> town_codes;
  for (const auto& t : d.townships) town_codes.insert(t.code);
  ZJ_ASSIGN_OR_RETURN(auto schools, store.ListSchools());
  for (const auto& s : schools) {
    ProjectionSchoolInfo p{s.code, s.name, s.township_code, {}, s.opened_year, s.closed_year};
    for (Stage st : model::StagesOfSchoolType(s.type_code)) {
      if (ProjectedStageIndex(st) >= 0) p.stages.push_back(st);
    }
    if (!town_codes.count(s.township_code)) {
      town_codes.insert(s.township_code);
      d.townships.push_back({s.township_code, s.township_code, 0});
    }
    d.schools.push_back(std::move(p));
  }

  ZJ_ASSIGN_OR_RETURN(auto years, store.ListYears());
  std::map<Stage, int> max_grade;
  // Previous year's pupils: student → (stage, grade, status), for the flow counts.
  struct Row {
    Stage stage;
    int grade;
    model::EnrolmentStatus status;
  };
  std::unordered_map<int64_t, Row> prev;
  int prev_year = 0;
  std::map<std::tuple<std::string, Stage, int>, double> counts;
  for (int year : years) {
    ZJ_ASSIGN_OR_RETURN(auto rows, store.ListEnrolments(year));
    counts.clear();
    std::unordered_map<int64_t, Row> cur;
    cur.reserve(rows.size());
    for (const auto& e : rows) {
      if (ProjectedStageIndex(e.stage) < 0) continue;
      cur[e.student_id] = {e.stage, e.grade, e.status};
      if (!model::CountsAsEnrolled(e.status)) continue;
      counts[{e.school_code, e.stage, e.grade}] += 1;
      max_grade[e.stage] = std::max(max_grade[e.stage], e.grade);
    }
    for (const auto& [key, n] : counts) {
      d.enrolment.push_back({std::get<0>(key), year, std::get<1>(key), std::get<2>(key), n});
    }
    if (!prev.empty() && year == prev_year + 1) {
      std::map<std::pair<Stage, int>, FlowCount> flows;
      for (const auto& [id, r] : prev) {
        if (!model::CountsAsEnrolled(r.status)) continue;
        FlowCount& f = flows[{r.stage, r.grade}];
        f.year = prev_year;
        f.stage = r.stage;
        f.grade = r.grade;
        f.pupils += 1;
        if (r.status == model::EnrolmentStatus::kGraduated) {
          f.graduated += 1;
          continue;
        }
        auto it = cur.find(id);
        if (it == cur.end()) continue;  // left the registry
        const Row& n = it->second;
        if (n.stage == r.stage && n.grade == r.grade) {
          f.repeated += 1;
        } else if ((n.stage == r.stage && n.grade == r.grade + 1) ||
                   (n.stage != r.stage && n.grade == 1)) {
          f.promoted += 1;
        }
      }
      for (auto& [k, f] : flows) d.flows.push_back(f);
    }
    prev = std::move(cur);
    prev_year = year;

    ZJ_ASSIGN_OR_RETURN(auto facilities, store.ListFacilities(year));
    for (const auto& f : facilities) d.classrooms.push_back({f.school_code, year, f.classrooms});
    ZJ_ASSIGN_OR_RETURN(auto teacher_years, store.ListTeacherYears(year));
    std::map<std::pair<std::string, Stage>, double> tcount;
    for (const auto& t : teacher_years) {
      if (t.full_time) tcount[{t.school_code, t.stage}] += 1;
    }
    for (const auto& [k, n] : tcount) d.teachers.push_back({k.first, year, k.second, n});
  }
  std::map<Stage, int> grades;
  for (const auto& [stage, g] : max_grade) {
    if (g >= 1 && g <= 9 && g != model::DefaultGradeCount(stage)) grades[stage] = g;
  }
  if (!grades.empty()) {
    auto st = StageStructure::Make(grades);
    if (st.ok()) d.structure = *st;
  }
  ZJ_ASSIGN_OR_RETURN(d.births, store.ListBirths());
  ZJ_ASSIGN_OR_RETURN(d.population, store.ListPopulation(0));
  return d;
}

Result<ProjectionInput> LoadProjectionInput(model::Store& store) {
  ZJ_ASSIGN_OR_RETURN(auto data, LoadProjectionData(store));
  return MakeProjectionInput(data);
}

}  // namespace zj::engine
