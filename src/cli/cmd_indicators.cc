// `zhijiao indicators`: catalog indicators of one unit and school year (table, JSON or CSV), and
// `zhijiao indicators explain CODE`: how one value is computed — formula, inputs, numerator and
// denominator, and the schools contributing most. The JSON forms are stable (scripts read them).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_util.h"
#include "commands.h"
#include "zj/engine/indicators.h"

namespace zj::cli {
namespace {

using nlohmann::json;

std::vector<std::string> SplitCodes(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto b = item.find_first_not_of(' ');
    auto e = item.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

json Number(const std::optional<double>& v) {
  if (!v) return nullptr;
  return RoundTo(*v, 6);
}

std::string Text(const std::optional<double>& v, int decimals = 2) {
  if (!v) return "—";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  return buf;
}

// Digits for display: counts as integers, everything else with 2 decimals.
int DecimalsFor(const std::string& unit) {
  return unit == "人" || unit == "个" || unit == "所" || unit == "台" || unit == "套" ? 0 : 2;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

struct Loaded {
  std::unique_ptr<engine::Catalog> catalog;
  std::unique_ptr<engine::History> history;
  std::unique_ptr<engine::Engine> engine;
};

Result<Loaded> LoadAll(const std::string& db) {
  Loaded l;
  ZJ_ASSIGN_OR_RETURN(auto store, OpenExistingStore(db, /*read_only=*/true));
  ZJ_ASSIGN_OR_RETURN(engine::Catalog catalog, engine::LoadCatalog());
  l.catalog = std::make_unique<engine::Catalog>(std::move(catalog));
  ZJ_ASSIGN_OR_RETURN(engine::History history, engine::LoadHistory(*store));
  l.history = std::make_unique<engine::History>(std::move(history));
  ZJ_ASSIGN_OR_RETURN(engine::Engine eng, engine::Engine::Create(*l.catalog, *l.history));
  l.engine = std::make_unique<engine::Engine>(std::move(eng));
  return l;
}

}  // namespace

int RunIndicators(const IndicatorsOptions& opt) {
  if (opt.format != "table" && opt.format != "json" && opt.format != "csv") {
    return FailBadInput("--format 应为 table、json 或 csv：" + opt.format);
  }
  auto loaded = LoadAll(opt.db);
  if (!loaded.ok()) return FailWith(loaded.status());
  auto& eng = *loaded->engine;
  const auto& catalog = *loaded->catalog;
  auto values = eng.EvaluateUnit(opt.unit, opt.year, SplitCodes(opt.codes));
  if (!values.ok()) return FailWith(values.status());

  if (opt.format == "json") {
    json out = json::array();
    for (const auto& v : *values) {
      const engine::IndicatorDef* d = catalog.Find(v.code);
      json row = {{"code", v.code},
                  {"name", d->name_zh},
                  {"unit", d->unit},
                  {"value", Number(v.value)},
                  {"numerator", Number(v.numerator)},
                  {"denominator", Number(v.denominator)},
                  {"mark", std::string(engine::MarkName(d->mark))}};
      if (!v.value) row["reason"] = v.reason.text();
      out.push_back(std::move(row));
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (opt.format == "csv") {
    std::cout << "code,name,unit,value,numerator,denominator,mark,reason\n";
    for (const auto& v : *values) {
      const engine::IndicatorDef* d = catalog.Find(v.code);
      auto num = [](const std::optional<double>& x) {
        return x ? Number(x).dump() : std::string();
      };
      std::cout << v.code << "," << CsvField(d->name_zh) << "," << CsvField(d->unit) << ","
                << num(v.value) << "," << num(v.numerator) << "," << num(v.denominator) << ","
                << engine::MarkName(d->mark) << "," << CsvField(v.reason.text()) << "\n";
    }
    return kExitOk;
  }
  const engine::Hierarchy& h = loaded->history->hierarchy();
  const auto& unit = h.unit(h.Find(opt.unit));
  std::cout << unit.name << "（" << unit.code << "）" << SchoolYearLabel(opt.year) << "\n";
  for (const auto& v : *values) {
    const engine::IndicatorDef* d = catalog.Find(v.code);
    std::string value =
        v.value ? Text(v.value, DecimalsFor(d->unit)) + " " + d->unit : "无值：" + v.reason.text();
    std::string mark = d->mark == engine::Mark::kVerified
                           ? ""
                           : " [" + std::string(engine::MarkNameZh(d->mark)) + "]";
    std::cout << "  " << d->name_zh << mark << "：" << value;
    if (v.value && v.numerator && v.denominator) {
      std::cout << "  (" << Text(v.numerator, 2) << " / " << Text(v.denominator, 2) << ")";
    }
    std::cout << "\n";
  }
  return kExitOk;
}

int RunIndicatorsExplain(const ExplainOptions& opt) {
  if (opt.format != "text" && opt.format != "json") {
    return FailBadInput("--format 应为 text 或 json：" + opt.format);
  }
  auto loaded = LoadAll(opt.db);
  if (!loaded.ok()) return FailWith(loaded.status());
  auto ex = loaded->engine->Explain(opt.code, opt.unit, opt.year, opt.top);
  if (!ex.ok()) return FailWith(ex.status());
  if (opt.format == "json") {
    json inputs = json::array();
    for (const auto& in : ex->inputs) {
      json i = {
          {"text", in.text}, {"kind", in.kind}, {"year", in.year}, {"value", Number(in.value)}};
      if (!in.value) i["reason"] = in.reason;
      inputs.push_back(std::move(i));
    }
    json schools = json::array();
    for (const auto& s : ex->top_schools) {
      schools.push_back({{"code", s.school_code},
                         {"name", s.school_name},
                         {"numerator", Number(s.numerator)},
                         {"denominator", Number(s.denominator)},
                         {"value", Number(s.value)}});
    }
    json out = {{"code", ex->result.code},
                {"name", ex->name_zh},
                {"unit", ex->unit},
                {"mark", std::string(engine::MarkName(ex->mark))},
                {"unit_code", ex->result.unit_code},
                {"year", ex->result.year},
                {"expression", ex->expression},
                {"value", Number(ex->result.value)},
                {"numerator", Number(ex->result.numerator)},
                {"denominator", Number(ex->result.denominator)},
                {"numerator_expression", ex->numerator_text},
                {"denominator_expression", ex->denominator_text},
                {"inputs", inputs},
                {"school_count", ex->school_count},
                {"top_schools", schools}};
    if (!ex->result.value) out["reason"] = ex->result.reason.text();
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << ex->name_zh << "（" << ex->result.code << "，" << engine::MarkNameZh(ex->mark)
            << "）" << ex->result.unit_code << " " << SchoolYearLabel(ex->result.year) << "\n";
  std::cout << "公式：" << ex->expression << "\n";
  std::cout << "结果："
            << (ex->result.value ? Text(ex->result.value, 4) + " " + ex->unit
                                 : "无值（" + ex->result.reason.text() + "）")
            << "\n";
  if (!ex->numerator_text.empty()) {
    std::cout << "分子：" << ex->numerator_text << " = " << Text(ex->result.numerator, 2) << "\n";
    std::cout << "分母：" << ex->denominator_text << " = " << Text(ex->result.denominator, 2)
              << "\n";
  }
  std::cout << "输入：\n";
  for (const auto& in : ex->inputs) {
    std::cout << "  [" << in.year << "] " << in.text << " = "
              << (in.value ? Text(in.value, 2) : "无值（" + in.reason + "）") << "\n";
  }
  std::cout << "贡献最大的学校（共 " << ex->school_count << " 所）：\n";
  for (const auto& s : ex->top_schools) {
    std::cout << "  " << s.school_code << " " << s.school_name << "  分子 " << Text(s.numerator, 2)
              << "  分母 " << Text(s.denominator, 2) << "  值 " << Text(s.value, 2) << "\n";
  }
  return kExitOk;
}

}  // namespace zj::cli
