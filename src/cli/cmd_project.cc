// `zhijiao project`: enrolment, seat, class and teacher projection of a county database (county,
// townships, schools) with prediction intervals from the database's own rolling-origin backtest;
// and `zhijiao project series`: the same model on aggregate yearly CSV series without registries.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_util.h"
#include "commands.h"
#include "zj/common/csv.h"
#include "zj/common/file.h"
#include "zj/engine/projection.h"
#include "zj/engine/projection_backtest.h"
#include "zj/engine/projection_series.h"
#include "zj/io/report_workbook.h"
#include "zj/service/projection_export.h"

namespace zj::cli {
namespace {

using engine::kProjectedStageCount;
using engine::kProjectedStages;
using nlohmann::ordered_json;

ordered_json Interval(const std::optional<std::pair<double, double>>& iv, int decimals) {
  if (!iv) return nullptr;
  return ordered_json::array({RoundTo(iv->first, decimals), RoundTo(iv->second, decimals)});
}

ordered_json UnitJson(const engine::UnitProjection& up, const engine::StageStructure& st) {
  ordered_json u;
  u["code"] = up.code;
  u["name"] = up.name;
  u["level"] = engine::LevelName(up.level);
  if (!up.township_code.empty()) u["township_code"] = up.township_code;
  ordered_json years = ordered_json::array();
  for (size_t k = 0; k < up.years.size(); ++k) {
    const engine::UnitYear& y = up.years[k];
    ordered_json j;
    j["year"] = y.year;
    j["recorded"] = k == 0;
    j["students"] = RoundTo(y.students, 1);
    j["students_interval"] = Interval(y.students_interval, 1);
    ordered_json enr = ordered_json::object(), stages = ordered_json::object();
    for (int s = 0; s < kProjectedStageCount; ++s) {
      const model::Stage stage = kProjectedStages[s];
      const int g = st.grades(stage);
      if (g == 0 || (y.stage[s].students <= 0 && y.stage[s].teachers_in_post <= 0)) continue;
      ordered_json grades = ordered_json::array();
      for (int i = 1; i <= g; ++i) grades.push_back(RoundTo(y.enrolment[st.slot(stage, i)], 1));
      enr[std::string(model::StageName(stage))] = grades;
      stages[std::string(model::StageName(stage))] = {
          {"students", RoundTo(y.stage[s].students, 1)},
          {"classes_needed", y.stage[s].classes_needed},
          {"teachers_needed", RoundTo(y.stage[s].teachers_needed, 1)},
          {"teachers_in_post", RoundTo(y.stage[s].teachers_in_post, 1)}};
    }
    j["enrolment"] = enr;
    j["stages"] = stages;
    j["classes_needed"] = y.classes_needed;
    j["classrooms"] = y.classrooms;
    j["seat_capacity"] = RoundTo(y.seat_capacity, 1);
    j["seat_gap"] = RoundTo(y.seat_gap, 1);
    j["seat_surplus"] = RoundTo(y.seat_surplus, 1);
    j["big_classes"] = y.big_classes;
    j["huge_classes"] = y.huge_classes;
    j["teachers_needed"] = RoundTo(y.teachers_needed, 1);
    j["teachers_in_post"] = RoundTo(y.teachers_in_post, 1);
    j["schools"] = y.schools;
    j["schools_below_viability"] = y.schools_below_viability;
    years.push_back(std::move(j));
  }
  u["years"] = std::move(years);
  return u;
}

void PrintTable(const engine::ProjectionResult& r, bool synthetic) {
  std::printf("%s 招生/学位/班级/教师预测  基年 %d，%d 年，方案 %s，学制 %s%s\n",
              r.county.name.c_str(), r.base_year, r.horizon, r.scenario.c_str(),
              r.structure.Label().c_str(), synthetic ? "  [合成演示数据]" : "");
  std::printf("%-6s %9s %17s %8s %8s %8s %8s %8s %8s %8s %8s %6s\n", "学年", "在校生", "80%区间",
              "幼儿园", "小学", "初中", "普高", "中职", "需班数", "教室", "大班额", "小校");
  for (size_t k = 0; k < r.county.years.size(); ++k) {
    const auto& y = r.county.years[k];
    char iv[40] = "";
    if (y.students_interval) {
      std::snprintf(iv, sizeof iv, "%.0f–%.0f", y.students_interval->first,
                    y.students_interval->second);
    }
    std::printf("%-6d%s %9.0f %17s %8.0f %8.0f %8.0f %8.0f %8.0f %8d %8d %8d %6d\n", y.year,
                k == 0 ? "*" : " ", y.students, iv, y.stage[0].students, y.stage[1].students,
                y.stage[2].students, y.stage[3].students, y.stage[4].students, y.classes_needed,
                y.classrooms, y.big_classes, y.schools_below_viability);
  }
  std::printf("(* 基年为登记数据)\n\n十五五 建议指标 (%d):\n",
              r.indicators.empty() ? 0 : r.indicators.front().target_year);
  for (const auto& i : r.indicators) {
    std::printf("  %-40s %10.1f → %10.1f %s", i.name.c_str(), i.base_value.value_or(NAN), i.value,
                i.unit.c_str());
    if (i.interval) std::printf("  [%.1f, %.1f]", i.interval->first, i.interval->second);
    std::printf("\n");
  }
  std::printf("\n说明:\n");
  for (const auto& n : r.notes) std::printf("  - %s\n", n.c_str());
}

}  // namespace

int RunProject(const ProjectOptions& opt) {
  if (opt.format != "json" && opt.format != "table" && opt.format != "xlsx") {
    return FailBadInput("--format 应为 json、table 或 xlsx");
  }
  if (opt.format == "xlsx" && opt.out.empty()) return FailBadInput("--format xlsx 需要 --out FILE");
  if (opt.format != "xlsx" && !opt.out.empty()) return FailBadInput("--out 只用于 --format xlsx");
  if (!opt.out.empty() && (opt.out.size() < 5 || opt.out.substr(opt.out.size() - 5) != ".xlsx")) {
    return FailBadInput("--out 文件名应以 .xlsx 结尾");
  }
  engine::Scenario scenario;
  if (!opt.scenario.empty()) {
    auto text = common::ReadTextFile(opt.scenario, "场景");
    if (!text.ok()) return FailWith(text.status());
    auto sc = engine::ParseScenario(*text);
    if (!sc.ok()) return FailWith(sc.status());
    scenario = std::move(*sc);
  } else {
    auto sc = engine::DefaultScenario();
    if (!sc.ok()) return FailWith(sc.status());
    scenario = std::move(*sc);
  }
  auto store = OpenExistingStore(opt.db, /*read_only=*/true);
  if (!store.ok()) return FailWith(store.status());
  auto info = (*store)->GetInfo();
  if (!info.ok()) return FailWith(info.status());
  auto input = engine::LoadProjectionInput(**store);
  if (!input.ok()) return FailWith(input.status());
  const int base = opt.base_year > 0 ? opt.base_year : input->last_year;

  // Intervals from the backtest on the history up to the base year.
  engine::ErrorModel errors;
  std::string backtest_note;
  if (base - 1 >= input->first_year + 2) {
    engine::ProjectionInput hist = input->TruncatedTo(base, base);
    engine::BacktestOptions bo;
    bo.first_origin =
        std::max(input->first_year + 1, std::min(input->first_year + scenario.window, base - 1));
    bo.last_origin = base - 1;
    auto bt = engine::Backtest(hist, scenario, bo);
    if (bt.ok()) {
      errors = bt->errors;
      backtest_note = "预测区间: 基年前滚动回测 (" + std::to_string(bt->origins.front()) + "–" +
                      std::to_string(bt->origins.back()) +
                      ") 相对误差的 10%/90% 分位数；回测未覆盖的远期按 √期数 放宽";
    } else {
      backtest_note = "未给出预测区间: " + bt.status().message();
    }
  } else {
    backtest_note = "未给出预测区间: 基年前学籍年份不足以回测";
  }
  engine::ProjectionOptions po;
  po.base_year = base;
  po.horizon = opt.horizon;
  po.errors = errors.empty() ? nullptr : &errors;
  auto r = engine::Project(*input, scenario, po);
  if (!r.ok()) return FailWith(r.status());
  r->notes.push_back(backtest_note);
  if (info->synthetic) r->notes.push_back("数据为合成演示数据 (synthetic)，不是真实统计");

  if (opt.format == "table") {
    PrintTable(*r, info->synthetic);
    return kExitOk;
  }
  if (opt.format == "xlsx") {
    Status s = io::WriteReportWorkbook(service::ProjectionSheets(*r, info->synthetic), opt.out);
    if (!s.ok()) return FailWith(s);
    std::printf("已写入 %s（%zu 个乡镇，%zu 所学校，%zu 项建议指标）\n", opt.out.c_str(),
                r->townships.size(), r->schools.size(), r->indicators.size());
    return kExitOk;
  }
  ordered_json out;
  out["synthetic"] = info->synthetic;
  out["base_year"] = r->base_year;
  out["horizon"] = r->horizon;
  out["scenario"] = r->scenario;
  out["structure"] = r->structure.Label();
  out["county"] = UnitJson(r->county, r->structure);
  ordered_json towns = ordered_json::array(), schools = ordered_json::array();
  for (const auto& t : r->townships) towns.push_back(UnitJson(t, r->structure));
  for (const auto& s : r->schools) schools.push_back(UnitJson(s, r->structure));
  out["townships"] = std::move(towns);
  out["schools"] = std::move(schools);
  ordered_json flows = ordered_json::array();
  auto opt_num = [](const std::optional<double>& v) -> ordered_json {
    return v ? ordered_json(RoundTo(*v, 4)) : ordered_json(nullptr);
  };
  for (const auto& f : r->flow_rates) {
    flows.push_back({{"stage", model::StageName(f.stage)},
                     {"grade", f.grade},
                     {"csr", opt_num(f.csr)},
                     {"promotion", opt_num(f.promotion)},
                     {"repetition", opt_num(f.repetition)},
                     {"dropout", opt_num(f.dropout)}});
  }
  out["flow_rates"] = std::move(flows);
  ordered_json ind = ordered_json::array();
  for (const auto& i : r->indicators) {
    ind.push_back({{"code", i.code},
                   {"name", i.name},
                   {"unit", i.unit},
                   {"base_year", i.base_year},
                   {"base_value", opt_num(i.base_value)},
                   {"target_year", i.target_year},
                   {"value", RoundTo(i.value, 2)},
                   {"interval", Interval(i.interval, 2)}});
  }
  out["indicators"] = std::move(ind);
  out["notes"] = r->notes;
  std::cout << out.dump(1) << "\n";
  return kExitOk;
}

namespace {

// Reads a CSV with a `year` column into year → value for `column`; empty cells are missing.
Result<std::map<int, double>> ReadSeries(const std::string& path, const std::string& column) {
  ZJ_ASSIGN_OR_RETURN(auto text, common::ReadTextFile(path, " CSV "));
  auto table = common::CsvTable::Parse(text);
  if (!table.ok()) return Status::InvalidArgument(path + ": " + table.status().message());
  if (table->Column("year") < 0) return Status::InvalidArgument(path + ": 缺少 year 列");
  if (table->Column(column) < 0) {
    return Status::InvalidArgument(path + ": 没有列 \"" + column + "\"");
  }
  std::map<int, double> out;
  int line = 1;
  for (const auto& row : table->rows()) {
    ++line;
    std::string ys(table->Get(row, "year")), vs(table->Get(row, column));
    if (ys.empty() && vs.empty()) continue;
    size_t pos = 0;
    int year = 0;
    try {
      year = std::stoi(ys, &pos);
    } catch (...) {
      pos = 0;
    }
    if (ys.empty() || pos != ys.size()) {
      return Status::InvalidArgument(path + " 第 " + std::to_string(line) + " 行: year \"" + ys +
                                     "\" 不是年份");
    }
    if (vs.empty()) continue;
    double v = 0;
    try {
      v = std::stod(vs, &pos);
    } catch (...) {
      pos = 0;
    }
    if (pos != vs.size() || v < 0) {
      return Status::InvalidArgument(path + " 第 " + std::to_string(line) + " 行 " + column +
                                     ": \"" + vs + "\" 不是非负数值");
    }
    if (out.count(year)) {
      return Status::InvalidArgument(path + ": 年份 " + std::to_string(year) + " 重复");
    }
    out[year] = v;
  }
  if (out.empty()) return Status::InvalidArgument(path + ": 列 \"" + column + "\" 没有数值");
  return out;
}

}  // namespace

int RunProjectSeries(const ProjectSeriesOptions& opt) {
  if (opt.format != "json") return FailBadInput("project series 只支持 --format json");
  engine::SeriesInput in;
  auto births = ReadSeries(opt.births, opt.births_column);
  if (!births.ok()) return FailWith(births.status());
  in.births = std::move(*births);
  if (opt.columns.empty()) return FailBadInput("至少需要一个 --column FIELD=COL");
  for (const auto& c : opt.columns) {
    auto eq = c.find('=');
    if (eq == std::string::npos) {
      return FailBadInput("--column \"" + c + "\" 应为 FIELD=COL");
    }
    auto field = engine::ParseSeriesField(c.substr(0, eq));
    if (!field) {
      return FailBadInput("--column: 未知字段 \"" + c.substr(0, eq) +
                          "\"（可用: kindergarten_enrolment, primary_entrants, "
                          "primary_enrolment, junior_entrants, junior_enrolment）");
    }
    if (in.history.count(*field)) {
      return FailBadInput("--column: 字段 " + c.substr(0, eq) + " 重复");
    }
    auto s = ReadSeries(opt.history, c.substr(eq + 1));
    if (!s.ok()) return FailWith(s.status());
    in.history[*field] = std::move(*s);
  }
  engine::SeriesOptions so;
  so.base_year = opt.base_year;
  so.horizon = opt.horizon;
  so.window = opt.window;
  if (so.base_year <= 0) {
    for (const auto& [f, h] : in.history) so.base_year = std::max(so.base_year, h.rbegin()->first);
  }
  auto r = engine::ProjectSeries(in, so);
  if (!r.ok()) return FailWith(r.status());
  ordered_json out;
  out["base_year"] = r->base_year;
  ordered_json years = ordered_json::array();
  for (const auto& y : r->years) {
    ordered_json j;
    j["year"] = y.year;
    ordered_json iv = ordered_json::object();
    for (const auto& [f, v] : y.values) {
      j[engine::SeriesFieldName(f)] = RoundTo(v, 2);
      auto it = y.intervals.find(f);
      if (it != y.intervals.end()) {
        iv[engine::SeriesFieldName(f)] = {RoundTo(it->second.first, 2),
                                          RoundTo(it->second.second, 2)};
      }
    }
    j["intervals"] = std::move(iv);
    years.push_back(std::move(j));
  }
  out["years"] = std::move(years);
  std::cout << out.dump(1) << "\n";
  return kExitOk;
}

}  // namespace zj::cli
