// Projection scenarios as data: the default norms from data/standards/projection_norms.csv and
// the scenario JSON parser (every error names the JSON path, syntax errors the line and column).
#include <nlohmann/json.hpp>
#include <sstream>

#include "zj/common/csv.h"
#include "zj/common/embedded.h"
#include "zj/common/school_year.h"
#include "zj/engine/projection.h"

namespace zj::engine {

using model::Stage;
using nlohmann::json;

Result<ResourceNorms> DefaultResourceNorms() {
  constexpr char kPath[] = "data/standards/projection_norms.csv";
  auto text = common::EmbeddedFile(kPath);
  if (!text) return Status::Internal(std::string("缺少内置数据文件 ") + kPath);
  ZJ_ASSIGN_OR_RETURN(auto table, common::CsvTable::Parse(*text));
  ResourceNorms n;
  for (const auto& row : table.rows()) {
    std::string key(table.Get(row, "key"));
    std::string stage_name(table.Get(row, "stage"));
    double value = 0;
    int grade = 0;
    try {
      value = std::stod(std::string(table.Get(row, "value")));
      grade = std::stoi(std::string(table.Get(row, "grade")));
    } catch (...) {
      return Status::Internal(std::string(kPath) + ": 数值无效 (" + key + ")");
    }
    std::string status(table.Get(row, "status"));
    if (status != "verified") {
      n.provenance.push_back("默认值 " + key + (stage_name.empty() ? "" : "/" + stage_name) +
                             " = " + std::string(table.Get(row, "value")) + " [" + status +
                             "]: " + std::string(table.Get(row, "source")));
    }
    int si = -1;
    if (!stage_name.empty()) {
      auto st = model::ParseStage(stage_name);
      si = st ? ProjectedStageIndex(*st) : -1;
      if (si < 0) return Status::Internal(std::string(kPath) + ": 未知学段 " + stage_name);
    }
    if (key == "class_size") {
      auto& v = n.stage[si].class_size;
      if (grade <= 0) {
        v.assign(1, static_cast<int>(value));
      } else {
        if (static_cast<int>(v.size()) < grade) v.resize(grade, 0);
        v[grade - 1] = static_cast<int>(value);
      }
    } else if (key == "staffing_ratio") {
      n.stage[si].staffing_ratio = value;
    } else if (key == "teachers_per_class") {
      n.stage[si].teachers_per_class = value;
    } else if (key == "small_school_threshold") {
      n.small_school_threshold = static_cast<int>(value);
    } else if (key == "small_school_teachers_per_class") {
      n.small_school_teachers_per_class = value;
    } else if (key == "small_school_min_teachers") {
      n.small_school_min_teachers = static_cast<int>(value);
    } else if (key == "viability_threshold") {
      n.viability_threshold = static_cast<int>(value);
    } else if (key == "big_class_size") {
      n.big_class_size = static_cast<int>(value);
    } else if (key == "huge_class_size") {
      n.huge_class_size = static_cast<int>(value);
    } else {
      return Status::Internal(std::string(kPath) + ": 未知键 " + key);
    }
  }
  for (int s = 0; s < kProjectedStageCount; ++s) {
    if (n.stage[s].class_size.empty()) {
      return Status::Internal(std::string(kPath) + ": 缺少班额 " +
                              std::string(model::StageName(kProjectedStages[s])));
    }
  }
  return n;
}

Result<Scenario> DefaultScenario() {
  Scenario s;
  ZJ_ASSIGN_OR_RETURN(s.norms, DefaultResourceNorms());
  return s;
}

namespace {

// A JSON value with its path, for precise error messages.
struct Node {
  const json& v;
  std::string path;

  Node At(const std::string& key) const { return {v.at(key), path + "." + key}; }
  Node At(size_t i) const { return {v.at(i), path + "[" + std::to_string(i) + "]"}; }
  Status Error(const std::string& what) const {
    return Status::InvalidArgument("场景文件 " + path + ": " + what);
  }
};

Status CheckKeys(const Node& n, std::initializer_list<const char*> allowed) {
  if (!n.v.is_object()) return n.Error("应为对象");
  for (auto it = n.v.begin(); it != n.v.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || it.key() == a;
    if (!ok) return n.Error("未知字段 \"" + it.key() + "\"");
  }
  return Status::Ok();
}

std::string Fmt(double d) {
  std::ostringstream os;
  os << d;
  return os.str();
}

Result<double> Number(const Node& n, double min, double max) {
  if (!n.v.is_number()) return n.Error("应为数值");
  double d = n.v.get<double>();
  if (d < min || d > max) {
    return n.Error("数值 " + Fmt(d) + " 超出范围 [" + Fmt(min) + ", " + Fmt(max) + "]");
  }
  return d;
}

Result<int> Integer(const Node& n, int min, int max) {
  if (!n.v.is_number_integer()) return n.Error("应为整数");
  long long d = n.v.get<long long>();
  if (d < min || d > max) {
    return n.Error("整数 " + n.v.dump() + " 超出范围 [" + std::to_string(min) + ", " +
                   std::to_string(max) + "]");
  }
  return static_cast<int>(d);
}

Result<std::string> String(const Node& n) {
  if (!n.v.is_string()) return n.Error("应为字符串");
  return n.v.get<std::string>();
}

Result<int> YearKey(const Node& parent, const std::string& key) {
  try {
    size_t pos = 0;
    int y = std::stoi(key, &pos);
    if (pos == key.size() && ValidSchoolYear(y)) return y;
  } catch (...) {
  }
  return parent.Error("键 \"" + key + "\" 应为年份 (" + std::to_string(kFirstSchoolYear) + "–" +
                      std::to_string(kLastSchoolYear) + ")");
}

Result<Stage> StageOf(const Node& n, const std::string& name) {
  auto s = model::ParseStage(name);
  if (!s || ProjectedStageIndex(*s) < 0) {
    return n.Error("未知学段 \"" + name +
                   "\"（可用: kindergarten, primary, junior, general_senior, vocational）");
  }
  return *s;
}

// {"2026": 0.4, …} → map, each value checked.
Result<std::map<int, double>> YearSeries(const Node& n, double min, double max) {
  if (!n.v.is_object()) return n.Error("应为 {\"年份\": 数值} 对象");
  std::map<int, double> out;
  for (auto it = n.v.begin(); it != n.v.end(); ++it) {
    ZJ_ASSIGN_OR_RETURN(int y, YearKey(n, it.key()));
    ZJ_ASSIGN_OR_RETURN(out[y], Number(n.At(it.key()), min, max));
  }
  return out;
}

Status ParseMethod(const Node& n, Scenario& s) {
  ZJ_RETURN_IF_ERROR(CheckKeys(n, {"ratio", "window", "alpha", "min_base"}));
  if (n.v.contains("ratio")) {
    ZJ_ASSIGN_OR_RETURN(auto r, String(n.At("ratio")));
    if (r == "mean") {
      s.ratio_method = RatioMethod::kMean;
    } else if (r == "smoothing") {
      s.ratio_method = RatioMethod::kSmoothing;
    } else {
      return n.At("ratio").Error("应为 \"mean\" 或 \"smoothing\"");
    }
  }
  if (n.v.contains("window")) {
    ZJ_ASSIGN_OR_RETURN(s.window, Integer(n.At("window"), 1, 20));
  }
  if (n.v.contains("alpha")) {
    ZJ_ASSIGN_OR_RETURN(s.alpha, Number(n.At("alpha"), 0.01, 1));
  }
  if (n.v.contains("min_base")) {
    ZJ_ASSIGN_OR_RETURN(s.min_base, Integer(n.At("min_base"), 0, 100000));
  }
  return Status::Ok();
}

Status ParseBirths(const Node& n, Scenario& s) {
  ZJ_RETURN_IF_ERROR(CheckKeys(n, {"variant", "trend_years", "damping", "series"}));
  if (n.v.contains("variant")) {
    ZJ_ASSIGN_OR_RETURN(auto v, String(n.At("variant")));
    if (v == "recorded") {
      s.births_variant = BirthsVariant::kRecorded;
    } else if (v == "low") {
      s.births_variant = BirthsVariant::kLow;
    } else if (v == "medium") {
      s.births_variant = BirthsVariant::kMedium;
    } else if (v == "high") {
      s.births_variant = BirthsVariant::kHigh;
    } else if (v == "explicit") {
      s.births_variant = BirthsVariant::kExplicit;
    } else {
      return n.At("variant").Error("应为 recorded/low/medium/high/explicit 之一");
    }
  }
  if (n.v.contains("trend_years")) {
    ZJ_ASSIGN_OR_RETURN(s.births_trend_years, Integer(n.At("trend_years"), 2, 30));
  }
  if (n.v.contains("damping")) {
    ZJ_ASSIGN_OR_RETURN(s.births_damping, Number(n.At("damping"), 0, 1));
  }
  if (n.v.contains("series")) {
    Node ser = n.At("series");
    if (!ser.v.is_object()) return ser.Error("应为 {\"county\"|乡镇代码: {\"年份\": 出生数}} 对象");
    for (auto it = ser.v.begin(); it != ser.v.end(); ++it) {
      std::string code = it.key() == "county" ? "" : it.key();
      ZJ_ASSIGN_OR_RETURN(s.explicit_births[code], YearSeries(ser.At(it.key()), 0, 1e9));
    }
    if (!n.v.contains("variant")) s.births_variant = BirthsVariant::kExplicit;
  }
  if (s.births_variant == BirthsVariant::kExplicit && s.explicit_births.empty()) {
    return n.Error("variant 为 explicit 时需要 series");
  }
  return Status::Ok();
}

Status ParseUrbanisation(const Node& n, Scenario& s) {
  ZJ_RETURN_IF_ERROR(CheckKeys(n, {"annual_shift", "destinations", "sources"}));
  if (n.v.contains("annual_shift")) {
    ZJ_ASSIGN_OR_RETURN(s.urbanisation_shift, Number(n.At("annual_shift"), 0, 1));
  }
  if (n.v.contains("destinations")) {
    Node d = n.At("destinations");
    if (!d.v.is_object()) return d.Error("应为 {乡镇代码: 权重} 对象");
    for (auto it = d.v.begin(); it != d.v.end(); ++it) {
      ZJ_ASSIGN_OR_RETURN(s.urbanisation_destinations[it.key()], Number(d.At(it.key()), 0, 1e6));
    }
  }
  if (n.v.contains("sources")) {
    Node d = n.At("sources");
    if (!d.v.is_array()) return d.Error("应为乡镇代码数组");
    for (size_t i = 0; i < d.v.size(); ++i) {
      ZJ_ASSIGN_OR_RETURN(auto code, String(d.At(i)));
      s.urbanisation_sources.push_back(code);
    }
  }
  if (s.urbanisation_shift > 0 && s.urbanisation_destinations.empty()) {
    return n.Error("annual_shift > 0 时需要 destinations");
  }
  return Status::Ok();
}

Status ParseSenior(const Node& n, Scenario& s) {
  ZJ_RETURN_IF_ERROR(CheckKeys(n, {"vocational_share", "transition_rate"}));
  if (n.v.contains("vocational_share")) {
    Node v = n.At("vocational_share");
    if (v.v.is_number()) {
      ZJ_ASSIGN_OR_RETURN(double x, Number(v, 0, 1));
      s.vocational_share = {{0, x}};
    } else {
      ZJ_ASSIGN_OR_RETURN(s.vocational_share, YearSeries(v, 0, 1));
    }
  }
  if (n.v.contains("transition_rate")) {
    ZJ_ASSIGN_OR_RETURN(double x, Number(n.At("transition_rate"), 0, 2));
    s.senior_transition = x;
  }
  return Status::Ok();
}

// {"primary": 45, "kindergarten": [25, 30, 35]} or per-stage numbers.
Status ParseStageValues(const Node& n, Scenario& s, const char* what) {
  if (!n.v.is_object()) return n.Error("应为 {学段: 数值} 对象");
  const std::string w = what;
  for (auto it = n.v.begin(); it != n.v.end(); ++it) {
    Node c = n.At(it.key());
    ZJ_ASSIGN_OR_RETURN(Stage st, StageOf(c, it.key()));
    StageNorms& sn = s.norms.stage[ProjectedStageIndex(st)];
    if (w == "class_size") {
      if (c.v.is_array()) {
        if (c.v.empty()) return c.Error("班额数组不能为空");
        sn.class_size.clear();
        for (size_t i = 0; i < c.v.size(); ++i) {
          ZJ_ASSIGN_OR_RETURN(int x, Integer(c.At(i), 1, 200));
          sn.class_size.push_back(x);
        }
      } else {
        ZJ_ASSIGN_OR_RETURN(int x, Integer(c, 1, 200));
        sn.class_size.assign(1, x);
      }
    } else if (w == "staffing_ratio") {
      ZJ_ASSIGN_OR_RETURN(sn.staffing_ratio, Number(c, 0, 1000));
    } else {
      ZJ_ASSIGN_OR_RETURN(sn.teachers_per_class, Number(c, 0, 20));
    }
  }
  return Status::Ok();
}

Status ParseSchools(const Node& n, Scenario& s) {
  if (!n.v.is_array()) return n.Error("应为数组");
  for (size_t i = 0; i < n.v.size(); ++i) {
    Node c = n.At(i);
    ZJ_RETURN_IF_ERROR(CheckKeys(c, {"action", "code", "year", "into", "name", "township", "stages",
                                     "entry_share", "classrooms"}));
    SchoolChange ch;
    if (!c.v.contains("action")) return c.Error("缺少 action");
    if (!c.v.contains("code")) return c.Error("缺少 code");
    if (!c.v.contains("year")) return c.Error("缺少 year");
    ZJ_ASSIGN_OR_RETURN(auto action, String(c.At("action")));
    ZJ_ASSIGN_OR_RETURN(ch.code, String(c.At("code")));
    ZJ_ASSIGN_OR_RETURN(ch.year, Integer(c.At("year"), kFirstSchoolYear, kLastSchoolYear));
    if (action == "open") {
      ch.action = SchoolAction::kOpen;
      if (!c.v.contains("township")) return c.Error("新建学校 (open) 缺少 township");
      if (!c.v.contains("stages")) return c.Error("新建学校 (open) 缺少 stages");
      ZJ_ASSIGN_OR_RETURN(ch.township_code, String(c.At("township")));
      Node st = c.At("stages");
      if (!st.v.is_array() || st.v.empty()) return st.Error("应为非空学段数组");
      for (size_t k = 0; k < st.v.size(); ++k) {
        ZJ_ASSIGN_OR_RETURN(auto name, String(st.At(k)));
        ZJ_ASSIGN_OR_RETURN(Stage sg, StageOf(st.At(k), name));
        ch.stages.push_back(sg);
      }
      if (c.v.contains("name")) {
        ZJ_ASSIGN_OR_RETURN(ch.name, String(c.At("name")));
      }
      if (c.v.contains("entry_share")) {
        ZJ_ASSIGN_OR_RETURN(ch.entry_share, Number(c.At("entry_share"), 0, 1));
      }
      if (!c.v.contains("classrooms")) return c.Error("新建学校 (open) 缺少 classrooms");
      ZJ_ASSIGN_OR_RETURN(ch.classrooms, Integer(c.At("classrooms"), 0, 10000));
      if (c.v.contains("into")) return c.At("into").Error("open 不接受 into");
    } else if (action == "close" || action == "merge") {
      ch.action = action == "close" ? SchoolAction::kClose : SchoolAction::kMerge;
      if (c.v.contains("into")) {
        ZJ_ASSIGN_OR_RETURN(ch.into, String(c.At("into")));
      }
      if (ch.action == SchoolAction::kMerge && ch.into.empty()) {
        return c.Error("合并 (merge) 需要 into（接收学校代码）");
      }
      for (const char* k : {"township", "stages", "entry_share", "classrooms", "name"}) {
        if (c.v.contains(k)) return c.At(k).Error(std::string(action) + " 不接受此字段");
      }
    } else if (action == "classrooms") {
      ch.action = SchoolAction::kClassrooms;
      if (!c.v.contains("classrooms")) return c.Error("缺少 classrooms");
      ZJ_ASSIGN_OR_RETURN(ch.classrooms, Integer(c.At("classrooms"), 0, 10000));
    } else {
      return c.At("action").Error("应为 open/close/merge/classrooms 之一");
    }
    s.changes.push_back(std::move(ch));
  }
  return Status::Ok();
}

}  // namespace

Result<Scenario> ParseScenario(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    int line = 1, col = 1;
    for (size_t i = 0; i < byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++col;
      }
    }
    return Status::InvalidArgument("场景文件第 " + std::to_string(line) + " 行第 " +
                                   std::to_string(col) + " 列: JSON 语法错误");
  }
  ZJ_ASSIGN_OR_RETURN(Scenario s, DefaultScenario());
  Node root{doc, "$"};
  ZJ_RETURN_IF_ERROR(
      CheckKeys(root, {"name", "method", "births", "urbanisation", "senior", "class_size",
                       "staffing_ratio", "teachers_per_class", "small_school",
                       "viability_threshold", "big_class_size", "huge_class_size", "schools"}));
  try {
    if (doc.contains("name")) {
      ZJ_ASSIGN_OR_RETURN(s.name, String(root.At("name")));
    }
    if (doc.contains("method")) ZJ_RETURN_IF_ERROR(ParseMethod(root.At("method"), s));
    if (doc.contains("births")) ZJ_RETURN_IF_ERROR(ParseBirths(root.At("births"), s));
    if (doc.contains("urbanisation")) {
      ZJ_RETURN_IF_ERROR(ParseUrbanisation(root.At("urbanisation"), s));
    }
    if (doc.contains("senior")) ZJ_RETURN_IF_ERROR(ParseSenior(root.At("senior"), s));
    if (doc.contains("class_size")) {
      ZJ_RETURN_IF_ERROR(ParseStageValues(root.At("class_size"), s, "class_size"));
      s.norms.provenance.push_back("班额标准由场景文件给定");
    }
    if (doc.contains("staffing_ratio")) {
      ZJ_RETURN_IF_ERROR(ParseStageValues(root.At("staffing_ratio"), s, "staffing_ratio"));
      s.norms.provenance.push_back("编制标准（生师比）由场景文件给定");
    }
    if (doc.contains("teachers_per_class")) {
      ZJ_RETURN_IF_ERROR(ParseStageValues(root.At("teachers_per_class"), s, "teachers_per_class"));
    }
    if (doc.contains("small_school")) {
      Node n = root.At("small_school");
      ZJ_RETURN_IF_ERROR(CheckKeys(n, {"threshold", "teachers_per_class", "min_teachers"}));
      if (n.v.contains("threshold")) {
        ZJ_ASSIGN_OR_RETURN(s.norms.small_school_threshold, Integer(n.At("threshold"), 0, 100000));
      }
      if (n.v.contains("teachers_per_class")) {
        ZJ_ASSIGN_OR_RETURN(s.norms.small_school_teachers_per_class,
                            Number(n.At("teachers_per_class"), 0, 20));
      }
      if (n.v.contains("min_teachers")) {
        ZJ_ASSIGN_OR_RETURN(s.norms.small_school_min_teachers,
                            Integer(n.At("min_teachers"), 0, 100));
      }
    }
    if (doc.contains("viability_threshold")) {
      ZJ_ASSIGN_OR_RETURN(s.norms.viability_threshold,
                          Integer(root.At("viability_threshold"), 0, 100000));
    }
    if (doc.contains("big_class_size")) {
      ZJ_ASSIGN_OR_RETURN(s.norms.big_class_size, Integer(root.At("big_class_size"), 1, 500));
    }
    if (doc.contains("huge_class_size")) {
      ZJ_ASSIGN_OR_RETURN(s.norms.huge_class_size, Integer(root.At("huge_class_size"), 1, 500));
    }
    if (doc.contains("schools")) ZJ_RETURN_IF_ERROR(ParseSchools(root.At("schools"), s));
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("场景文件: ") + e.what());
  }
  if (s.norms.huge_class_size < s.norms.big_class_size) {
    return Status::InvalidArgument("场景文件 $.huge_class_size: 应不小于 big_class_size");
  }
  return s;
}

}  // namespace zj::engine
