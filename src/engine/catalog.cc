// Loading, validation and Markdown rendering of the indicator catalog (see catalog.h).
#include "zj/engine/catalog.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "zj/common/embedded.h"

namespace zj::engine {

namespace {

constexpr const char* kCatalogPath = "data/indicators/catalog.json";

// Units an indicator may declare (display units; "比" is a plain ratio such as 生师比).
const std::set<std::string>& KnownUnits() {
  static const std::set<std::string> kUnits = {
      "%",  "人", "个",   "所",    "年",    "比",    "册",      "间",      "台",     "套",
      "㎡", "元", "学时", "册/生", "㎡/生", "元/生", "间/百生", "台/百生", "人/百生"};
  return kUnits;
}

std::optional<Mark> ParseMark(const std::string& s) {
  if (s == "verified") return Mark::kVerified;
  if (s == "secondary") return Mark::kSecondary;
  if (s == "unverified") return Mark::kUnverified;
  return std::nullopt;
}

bool ValidCode(const std::string& c) {
  if (c.empty() || !(c[0] >= 'a' && c[0] <= 'z')) return false;
  for (char ch : c) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  }
  return true;
}

std::string FormatParam(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

// Escapes a table cell for Markdown.
std::string Cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string_view MarkName(Mark m) {
  switch (m) {
    case Mark::kVerified:
      return "verified";
    case Mark::kSecondary:
      return "secondary";
    case Mark::kUnverified:
      return "unverified";
  }
  return "";
}

std::string_view MarkNameZh(Mark m) {
  switch (m) {
    case Mark::kVerified:
      return "已核实";
    case Mark::kSecondary:
      return "二手来源";
    case Mark::kUnverified:
      return "未核实";
  }
  return "";
}

const IndicatorDef* Catalog::Find(std::string_view code) const {
  for (const auto& d : indicators_) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

const ParamDef* Catalog::FindParam(std::string_view code) const {
  for (const auto& p : params_) {
    if (p.code == code) return &p;
  }
  return nullptr;
}

std::vector<std::string> Catalog::categories() const {
  std::vector<std::string> out;
  for (const auto& d : indicators_) {
    if (std::find(out.begin(), out.end(), d.category) == out.end()) out.push_back(d.category);
  }
  return out;
}

Result<Catalog> ParseCatalog(std::string_view json_text) {
  using nlohmann::json;
  json doc = json::parse(json_text.begin(), json_text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument("指标目录不是合法的 JSON");
  if (!doc.is_object() || !doc.contains("indicators") || !doc["indicators"].is_array()) {
    return Status::InvalidArgument("指标目录缺少 indicators 数组");
  }
  Catalog cat;
  cat.version_ = doc.value("version", 0);
  auto str = [](const json& o, const char* key, std::string* out) -> bool {
    auto it = o.find(key);
    if (it == o.end() || !it->is_string()) return false;
    *out = it->get<std::string>();
    return !out->empty();
  };

  std::set<std::string> param_codes;
  if (doc.contains("params")) {
    if (!doc["params"].is_array()) return Status::InvalidArgument("指标目录的 params 应为数组");
    for (const auto& p : doc["params"]) {
      ParamDef d;
      std::string mark;
      if (!p.is_object() || !str(p, "code", &d.code) || !str(p, "name_zh", &d.name_zh) ||
          !str(p, "mark", &mark) || !p.contains("value") || !p["value"].is_number()) {
        return Status::InvalidArgument("参数定义不完整（需要 code, name_zh, value, mark）：" +
                                       p.dump());
      }
      if (!ValidCode(d.code)) return Status::InvalidArgument("参数代码不合法：" + d.code);
      auto m = ParseMark(mark);
      if (!m) return Status::InvalidArgument("参数 " + d.code + " 的 mark 不合法：" + mark);
      d.mark = *m;
      d.value = p["value"].get<double>();
      if (!std::isfinite(d.value)) return Status::InvalidArgument("参数值不是有限数：" + d.code);
      str(p, "unit", &d.unit);
      str(p, "source", &d.source);
      if (!param_codes.insert(d.code).second) {
        return Status::InvalidArgument("参数代码重复：" + d.code);
      }
      cat.params_.push_back(std::move(d));
    }
  }

  std::set<std::string> codes;
  for (const auto& item : doc["indicators"]) {
    std::string code;
    if (item.is_object()) str(item, "code", &code);
    if (!ValidCode(code)) {
      return Status::InvalidArgument("指标代码缺失或不合法（小写字母、数字、下划线）：" +
                                     item.dump().substr(0, 120));
    }
    if (!codes.insert(code).second) return Status::InvalidArgument("指标代码重复：" + code);
  }
  ParseOptions options;
  options.is_indicator = [&codes](std::string_view c) { return codes.count(std::string(c)) > 0; };
  options.is_param = [&param_codes](std::string_view c) {
    return param_codes.count(std::string(c)) > 0;
  };
  for (const auto& item : doc["indicators"]) {
    IndicatorDef d;
    std::string mark;
    str(item, "code", &d.code);
    const char* missing = nullptr;
    if (!str(item, "name_zh", &d.name_zh))
      missing = "name_zh";
    else if (!str(item, "name_en", &d.name_en))
      missing = "name_en";
    else if (!str(item, "unit", &d.unit))
      missing = "unit";
    else if (!str(item, "category", &d.category))
      missing = "category";
    else if (!str(item, "expression", &d.expression))
      missing = "expression";
    else if (!str(item, "description", &d.description))
      missing = "description";
    else if (!str(item, "source", &d.source))
      missing = "source";
    else if (!str(item, "mark", &mark))
      missing = "mark";
    if (missing) {
      return Status::InvalidArgument("指标 " + d.code + " 缺少字段 " + missing);
    }
    if (!KnownUnits().count(d.unit)) {
      return Status::InvalidArgument("指标 " + d.code + " 的单位未登记：" + d.unit);
    }
    auto m = ParseMark(mark);
    if (!m) return Status::InvalidArgument("指标 " + d.code + " 的 mark 不合法：" + mark);
    d.mark = *m;
    auto parsed = ParseExpression(d.expression, options);
    if (!parsed.ok()) {
      return Status::InvalidArgument("指标 " + d.code + " 的公式有误：" +
                                     parsed.status().message());
    }
    d.parsed = std::move(parsed).value();
    if (auto it = item.find("valid_max"); it != item.end()) {
      if (!it->is_number() || !str(item, "above_max_note", &d.above_max_note)) {
        return Status::InvalidArgument("指标 " + d.code +
                                       " 的 valid_max 应为数值，并须有 above_max_note 说明");
      }
      d.valid_max = it->get<double>();
    }
    cat.indicators_.push_back(std::move(d));
  }
  // ind() cycles: depth-first search with colours.
  std::map<std::string, int> colour;  // 0 new, 1 on stack, 2 done
  std::function<Status(const IndicatorDef&, std::vector<std::string>&)> visit =
      [&](const IndicatorDef& d, std::vector<std::string>& path) -> Status {
    colour[d.code] = 1;
    path.push_back(d.code);
    for (const auto& ref : d.parsed.Referenced(Op::kInd)) {
      int c = colour[ref];
      if (c == 1) {
        std::string chain;
        for (const auto& p : path) chain += p + " → ";
        return Status::InvalidArgument("指标引用成环：" + chain + ref);
      }
      if (c == 0) ZJ_RETURN_IF_ERROR(visit(*cat.Find(ref), path));
    }
    path.pop_back();
    colour[d.code] = 2;
    return Status::Ok();
  };
  for (const auto& d : cat.indicators_) {
    if (colour[d.code] == 0) {
      std::vector<std::string> path;
      ZJ_RETURN_IF_ERROR(visit(d, path));
    }
  }
  return cat;
}

Result<Catalog> LoadCatalog() {
  auto text = common::EmbeddedFile(kCatalogPath);
  if (!text) return Status::Internal(std::string("内置指标目录缺失：") + kCatalogPath);
  return ParseCatalog(*text);
}

std::string RenderCatalogMarkdown(const Catalog& catalog) {
  std::string md;
  md += "# 指标目录 / Indicator catalog\n\n";
  md +=
      "<!-- Generated from data/indicators/catalog.json by zj::engine::RenderCatalogMarkdown "
      "(tests/engine/catalog_test.cc fails when this file is stale). Do not edit by hand. -->\n\n";
  md += "Catalog version " + std::to_string(catalog.version()) + ": " +
        std::to_string(catalog.indicators().size()) + " indicators, " +
        std::to_string(catalog.params().size()) +
        " parameters. Expressions use the language of [expressions.md](expressions.md). "
        "Marks follow the standards reference: **verified** (seen verbatim in the cited source), "
        "**secondary** (secondary or provincial sources only), **unverified** (not confirmed — "
        "configurable, check against the official document).\n\n";
  for (const auto& cat : catalog.categories()) {
    md += "## " + cat + "\n\n";
    md += "| code | 指标 | indicator | unit | mark |\n|---|---|---|---|---|\n";
    for (const auto& d : catalog.indicators()) {
      if (d.category != cat) continue;
      md += "| `" + d.code + "` | " + Cell(d.name_zh) + " | " + Cell(d.name_en) + " | " +
            Cell(d.unit) + " | " + std::string(MarkName(d.mark)) + " |\n";
    }
    md += "\n";
    for (const auto& d : catalog.indicators()) {
      if (d.category != cat) continue;
      md += "### `" + d.code + "` — " + d.name_zh + "\n\n";
      md += "```\n" + d.expression + "\n```\n\n";
      md += d.description + "\n\n";
      md += "- unit: " + d.unit + "\n";
      md += "- mark: " + std::string(MarkName(d.mark)) + " (" + std::string(MarkNameZh(d.mark)) +
            ")\n";
      md += "- source: " + d.source + "\n";
      if (d.valid_max) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", *d.valid_max);
        md += "- valid range: at most " + std::string(buf) + " " + d.unit +
              "; a higher value is a data-quality warning (数据质量警告), never an achievement: " +
              d.above_max_note + "\n";
      }
      md += "\n";
    }
  }
  md += "## 参数 / Parameters\n\n";
  md += "Thresholds used through `param(\"…\")`; each can be overridden per deployment.\n\n";
  md += "| code | 含义 | value | unit | mark | source |\n|---|---|---|---|---|---|\n";
  for (const auto& p : catalog.params()) {
    md += "| `" + p.code + "` | " + Cell(p.name_zh) + " | " + FormatParam(p.value) + " | " +
          Cell(p.unit) + " | " + std::string(MarkName(p.mark)) + " | " + Cell(p.source) + " |\n";
  }
  return md;
}

}  // namespace zj::engine
