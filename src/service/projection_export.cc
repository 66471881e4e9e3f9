// Projection report workbook (see zj/service/projection_export.h).
#include "zj/service/projection_export.h"

#include <cmath>

namespace zj::service {
namespace {

using engine::kProjectedStageCount;
using engine::kProjectedStages;
using io::ReportCell;

ReportCell Num(double v) { return ReportCell(std::round(v * 10) / 10); }
ReportCell Text(std::string s) { return ReportCell(std::move(s)); }
ReportCell Low(const std::optional<std::pair<double, double>>& iv) {
  return iv ? Num(iv->first) : ReportCell();
}
ReportCell High(const std::optional<std::pair<double, double>>& iv) {
  return iv ? Num(iv->second) : ReportCell();
}

const char* kStageZh[kProjectedStageCount] = {"幼儿园", "小学", "初中", "普通高中", "中职"};

std::vector<std::string> YearHeaders(std::vector<std::string> lead) {
  for (const char* h : {"学年", "类型", "在校生", "80%区间下限", "80%区间上限"}) lead.push_back(h);
  for (const char* s : kStageZh) lead.push_back(s);
  for (const char* h :
       {"需班数", "教室数", "学位容量", "学位缺口", "学位富余", "预计大班额", "其中超大班额",
        "需教师", "在岗专任教师", "教师缺口(+缺/-余)", "学校数", "低于规模学校数"}) {
    lead.push_back(h);
  }
  return lead;
}

void YearRows(const engine::UnitProjection& u, std::vector<ReportCell> lead,
              std::vector<std::vector<ReportCell>>& rows) {
  for (size_t k = 0; k < u.years.size(); ++k) {
    const engine::UnitYear& y = u.years[k];
    std::vector<ReportCell> row = lead;
    row.push_back(Text(std::to_string(y.year)));
    row.push_back(Text(k == 0 ? "登记" : "预测"));
    row.push_back(Num(y.students));
    row.push_back(Low(y.students_interval));
    row.push_back(High(y.students_interval));
    for (int s = 0; s < kProjectedStageCount; ++s) row.push_back(Num(y.stage[s].students));
    for (double v : {double(y.classes_needed), double(y.classrooms), y.seat_capacity, y.seat_gap,
                     y.seat_surplus, double(y.big_classes), double(y.huge_classes),
                     y.teachers_needed, y.teachers_in_post, TeacherGap(y), double(y.schools),
                     double(y.schools_below_viability)}) {
      row.push_back(Num(v));
    }
    rows.push_back(std::move(row));
  }
}

}  // namespace

std::vector<io::ReportSheet> ProjectionSheets(const engine::ProjectionResult& r, bool synthetic,
                                              const UnitFilter& include) {
  auto ok = [&](const engine::UnitProjection& u) { return !include || include(u); };
  std::string title = r.county.name + " 招生·学位·班级·教师预测（基年 " +
                      std::to_string(r.base_year) + "，" + std::to_string(r.horizon) +
                      " 年，方案：" + r.scenario + "，学制 " + r.structure.Label() + "）";
  std::vector<std::string> titles = {title};
  if (synthetic) titles.push_back("合成演示数据 (synthetic)，不是真实统计");
  std::vector<io::ReportSheet> out;

  io::ReportSheet targets;
  targets.name = "十五五建议指标";
  targets.title_lines = titles;
  targets.title_lines.push_back("建议目标 = 模型在目标年的预测值；区间为回测误差的 80% 区间");
  targets.headers = {"代码",   "指标",   "单位",        "基年",       "基年值",
                     "目标年", "预测值", "80%区间下限", "80%区间上限"};
  if (ok(r.county)) {
    for (const auto& i : r.indicators) {
      targets.rows.push_back(
          {Text(i.code), Text(i.name), Text(i.unit), Text(std::to_string(i.base_year)),
           i.base_value ? Num(*i.base_value) : ReportCell(), Text(std::to_string(i.target_year)),
           Num(i.value), Low(i.interval), High(i.interval)});
    }
  }
  out.push_back(std::move(targets));

  io::ReportSheet county;
  county.name = "县";
  county.decimals = 0;
  county.title_lines = titles;
  county.headers = YearHeaders({});
  if (ok(r.county)) YearRows(r.county, {}, county.rows);
  out.push_back(std::move(county));

  io::ReportSheet towns;
  towns.name = "乡镇";
  towns.decimals = 0;
  towns.title_lines = titles;
  towns.headers = YearHeaders({"乡镇代码", "乡镇"});
  for (const auto& t : r.townships) {
    if (ok(t)) YearRows(t, {Text(t.code), Text(t.name)}, towns.rows);
  }
  out.push_back(std::move(towns));

  io::ReportSheet schools;
  schools.name = "学校";
  schools.decimals = 0;
  schools.title_lines = titles;
  schools.headers = YearHeaders({"学校代码", "学校", "乡镇代码"});
  for (const auto& s : r.schools) {
    if (ok(s)) YearRows(s, {Text(s.code), Text(s.name), Text(s.township_code)}, schools.rows);
  }
  out.push_back(std::move(schools));

  io::ReportSheet notes;
  notes.name = "说明";
  notes.title_lines = titles;
  notes.headers = {"说明"};
  for (const auto& n : r.notes) notes.rows.push_back({Text(n)});
  out.push_back(std::move(notes));
  return out;
}

}  // namespace zj::service
