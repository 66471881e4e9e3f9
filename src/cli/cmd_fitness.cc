// zhijiao fitness score: reads the national 体质健康测试 upload layout (io::FitnessReader), scores
// every row by 《国家学生体质健康标准（2014年修订）》 (engine::FitnessStandard) and prints one JSON
// object per line (JSON Lines) or a table for people. Bad cells are reported per row (in the
// output and on stderr) and make the exit code 2; the other rows are still scored.
#include <iostream>
#include <string>

#include "cli_util.h"
#include "commands.h"
#include "zj/engine/fitness.h"
#include "zj/io/fitness_reader.h"

namespace zj::cli {

namespace {

using engine::FitnessPart;
using engine::FitnessScore;

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static const char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

template <typename Range, typename Name>
void AppendJsonList(std::string& out, std::string_view key, const Range& items, Name name) {
  out += ",\"";
  out += key;
  out += "\":[";
  bool first = true;
  for (const auto& i : items) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, name(i));
  }
  out += ']';
}

std::string PartValueText(const engine::FitnessPartScore& p) {
  return p.part == FitnessPart::kBmi ? engine::FormatFixed(p.value, 1)
                                     : model::FormatFitnessCenti(p.value);
}

void AppendJsonRow(std::string& out, int64_t row, const FitnessScore& s) {
  out += "{\"row\":" + std::to_string(row) + ",\"grade\":" + std::to_string(s.grade) +
         ",\"sex\":" + std::to_string(s.sex) + ",\"total\":";
  if (s.complete) {
    out += engine::FormatFixed(s.total_tenths, 1) + ",\"band\":";
    AppendJsonString(out, engine::FitnessBandName(s.band));
    out += ",\"standard\":" + engine::FormatFixed(s.standard_centi, 2) +
           ",\"bonus\":" + std::to_string(s.bonus);
  } else {
    out += "null,\"band\":null,\"standard\":null,\"bonus\":null";
  }
  out += ",\"items\":{";
  bool first = true;
  for (const auto& p : s.parts) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, engine::FitnessPartName(p.part));
    out += ":{\"value\":" + PartValueText(p) + ",\"score\":" + std::to_string(p.score) +
           ",\"bonus\":" + std::to_string(p.bonus);
    if (p.part == FitnessPart::kBmi) {
      out += ",\"level\":";
      AppendJsonString(out, engine::BmiBandName(p.bmi_band));
    }
    if (p.check == engine::FitnessCheck::kUnverified) out += ",\"unverified\":true";
    out += '}';
  }
  out += '}';
  if (!s.missing.empty()) {
    AppendJsonList(out, "missing", s.missing,
                   [](FitnessPart p) { return std::string(engine::FitnessPartName(p)); });
  }
  if (!s.ignored.empty()) {
    AppendJsonList(out, "ignored", s.ignored, [](model::FitnessItem i) {
      return std::string(model::FitnessItemOf(i).column);
    });
  }
  if (!s.unverified.empty()) {
    AppendJsonList(out, "unverified", s.unverified,
                   [](std::string_view v) { return std::string(v); });
  }
  out += "}\n";
}

std::string GradeName(int grade) {
  static const char* kPrimary[] = {"一年级", "二年级", "三年级", "四年级", "五年级", "六年级"};
  static const char* kOrdinal[] = {"一", "二", "三", "四"};
  if (grade >= 11 && grade <= 16) return kPrimary[grade - 11];
  if (grade >= 21 && grade <= 23) return std::string("初") + kOrdinal[grade - 21];
  if (grade >= 31 && grade <= 33) return std::string("高") + kOrdinal[grade - 31];
  if (grade >= 41 && grade <= 44) return std::string("大") + kOrdinal[grade - 41];
  return std::to_string(grade);
}

// Runs as m'ss in the table (225 秒 → 3'45).
std::string TableValue(const engine::FitnessPartScore& p) {
  model::FitnessItem item = engine::FitnessPartItem(p.part);
  if (p.part != FitnessPart::kBmi && model::FitnessItemOf(item).timed &&
      item != model::FitnessItem::kRun50m) {
    int32_t secs = p.value / 100;
    std::string ss = std::to_string(secs % 60);
    if (ss.size() < 2) ss.insert(0, "0");
    std::string frac = model::FormatFitnessCenti(p.value % 100);
    return std::to_string(secs / 60) + "'" + ss + (p.value % 100 ? frac.substr(1) : "");
  }
  return PartValueText(p);
}

void AppendTableRow(std::string& out, int64_t row, const FitnessScore& s) {
  out += "第 " + std::to_string(row) + " 行  " + GradeName(s.grade) + " " +
         (s.sex == 1 ? "男" : "女") + "  ";
  if (s.complete) {
    out += "总分 " + engine::FormatFixed(s.total_tenths, 1) + "（标准分 " +
           engine::FormatFixed(s.standard_centi, 2) + " + 附加分 " + std::to_string(s.bonus) +
           "） " + std::string(engine::FitnessBandName(s.band));
  } else {
    out += "缺项，无总分";
  }
  out += "\n    ";
  bool first = true;
  for (const auto& p : s.parts) {
    if (!first) out += "；";
    first = false;
    out += std::string(engine::FitnessPartName(p.part)) + " " + TableValue(p);
    if (p.part == FitnessPart::kBmi) out += " " + std::string(engine::BmiBandName(p.bmi_band));
    out += " → " + std::to_string(p.score);
    if (p.bonus > 0) out += " +" + std::to_string(p.bonus);
    if (p.check == engine::FitnessCheck::kUnverified) out += "*";
  }
  for (auto p : s.missing) {
    out += (first ? "" : "；") + std::string(engine::FitnessPartName(p)) + " 缺测";
    first = false;
  }
  out += "\n";
  if (!s.ignored.empty()) {
    out += "    未计入（非本年级/性别测试项目）：";
    for (size_t i = 0; i < s.ignored.size(); ++i) {
      out += (i ? "、" : "") + std::string(model::FitnessItemOf(s.ignored[i]).column);
    }
    out += "\n";
  }
  if (!s.unverified.empty()) {
    out += "    * 未核实：";
    for (size_t i = 0; i < s.unverified.size(); ++i) {
      out += (i ? "、" : "") + std::string(s.unverified[i]);
    }
    out += "\n";
  }
}

}  // namespace

int RunFitnessScore(const FitnessScoreOptions& opt) {
  if (opt.format != "json" && opt.format != "table") {
    return FailBadInput("--format 应为 json 或 table");
  }
  auto standard = engine::FitnessStandard::Load();
  if (!standard.ok()) return FailWith(standard.status());
  auto reader = io::FitnessReader::Open(opt.in, opt.sheet);
  if (!reader.ok()) return FailWith(reader.status());
  const bool json = opt.format == "json";
  std::string out;
  out.reserve(1 << 17);
  int64_t rows = 0, errors = 0, incomplete = 0;
  int64_t bands[5] = {0, 0, 0, 0, 0};
  io::FitnessInputRow row;
  while (true) {
    auto more = (*reader)->Next(&row);
    if (!more.ok()) {
      std::cout << out << std::flush;
      return FailWith(more.status());
    }
    if (!*more) break;
    ++rows;
    std::vector<std::string> messages;
    for (const auto& issue : row.issues) messages.push_back(io::FormatIssue(issue));
    Result<FitnessScore> score = Status::InvalidArgument("");
    if (messages.empty()) {
      score = (*standard)->Score(row.record);
      if (!score.ok()) {
        std::string where =
            (*reader)->sheet().empty() ? "" : "工作表「" + (*reader)->sheet() + "」";
        messages.push_back(where + "第 " + std::to_string(row.row) + " 行：" +
                           score.status().message());
      }
    }
    if (!messages.empty()) {
      ++errors;
      for (const auto& m : messages) std::cerr << "zhijiao: " << m << "\n";
      if (json) {
        out += "{\"row\":" + std::to_string(row.row);
        AppendJsonList(out, "errors", messages, [](const std::string& m) { return m; });
        out += "}\n";
      } else {
        out += "第 " + std::to_string(row.row) + " 行  错误：";
        for (size_t i = 0; i < messages.size(); ++i) out += (i ? "；" : "") + messages[i];
        out += "\n";
      }
    } else {
      if (!score->complete) ++incomplete;
      ++bands[static_cast<int>(score->band)];
      if (json) {
        AppendJsonRow(out, row.row, *score);
      } else {
        AppendTableRow(out, row.row, *score);
      }
    }
    if (out.size() > (1 << 16)) {
      std::cout << out;
      out.clear();
    }
  }
  if (!json) {
    using engine::FitnessBand;
    int64_t scored = rows - errors - incomplete;
    auto pct = [&](int64_t n) {
      return scored == 0 ? std::string("—")
                         : engine::FormatFixed((n * 1000 + scored / 2) / scored, 1) + "%";
    };
    int64_t pass = bands[1] + bands[2] + bands[3];
    out += "共 " + std::to_string(rows) + " 行：有总分 " + std::to_string(scored) + "（优秀 " +
           std::to_string(bands[static_cast<int>(FitnessBand::kExcellent)]) + "，良好 " +
           std::to_string(bands[static_cast<int>(FitnessBand::kGood)]) + "，及格 " +
           std::to_string(bands[static_cast<int>(FitnessBand::kPass)]) + "，不及格 " +
           std::to_string(bands[static_cast<int>(FitnessBand::kFail)]) + "），缺项 " +
           std::to_string(incomplete) + "，错误 " + std::to_string(errors) + "。合格率 " +
           pct(pass) + "，优良率 " + pct(bands[1] + bands[2]) + "（以有总分者为分母）。\n";
    out += "* 标记的评分表行或规则未经两份独立公开资料核对（见 docs/fitness.md）。\n";
  }
  std::cout << out << std::flush;
  return errors > 0 ? kExitBadInput : kExitOk;
}

}  // namespace zj::cli
