// The national 体质健康测试 upload layout (zj/io/fitness_reader.h): header mapping through the
// importer's sheet/header finder (input.h), then per-cell parsing into model::FitnessRecord with
// Chinese issues that name the sheet, row, column, cell and value.
#include "zj/io/fitness_reader.h"

#include <cmath>
#include <cstdlib>

#include "input.h"
#include "text.h"
#include "zj/io/schema.h"

namespace zj::io {

namespace {

using model::FitnessItem;

constexpr int kGradeColumn = 0;
constexpr int kSexColumn = 1;
constexpr int kFirstItemColumn = 2;

ColumnDef Column(std::string key, std::string header, std::vector<std::string> aliases,
                 bool required, std::string hint, std::string example) {
  ColumnDef c;
  c.key = std::move(key);
  c.header = std::move(header);
  c.aliases = std::move(aliases);
  c.type = required ? ColumnType::kInteger : ColumnType::kDecimal;
  c.required = required;
  c.hint = std::move(hint);
  c.example = std::move(example);
  return c;
}

TableDef BuildDef() {
  TableDef def;
  def.name = "fitness";
  def.title = "体质健康测试";
  def.sheet = "体质健康测试";
  def.description =
      "每行一名学生的《国家学生体质健康标准》测试成绩（国家学生体质健康标准数据管理系统上报格式）";
  def.columns = {
      Column("grade", "年级编号", {"年级代码", "年级编码"}, true,
             "11–16 小学一至六年级，21–23 初一至初三，31–33 高一至高三，41–44 大一至大四", "21"),
      Column("sex", "性别", {"性别代码", "性别编号"}, true, "1 男，2 女", "1"),
      Column("height", "身高", {"身高(厘米)", "身高(cm)"}, false, "厘米", "160.5"),
      Column("weight", "体重", {"体重(千克)", "体重(kg)"}, false, "千克", "50.2"),
      Column("vital_capacity", "肺活量", {"肺活量(毫升)", "肺活量(ml)"}, false, "毫升", "2800"),
      Column("run_50m", "50米跑", {"50米", "50m跑", "50米跑(秒)"}, false, "秒", "8.5"),
      Column("sit_and_reach", "坐位体前屈", {"坐位体前屈(厘米)"}, false, "厘米，可为负", "12.3"),
      Column("rope", "一分钟跳绳", {"1分钟跳绳", "跳绳", "一分钟跳绳(次)"}, false, "次", ""),
      Column("sit_up", "一分钟仰卧起坐", {"1分钟仰卧起坐", "仰卧起坐", "一分钟仰卧起坐(次)"}, false,
             "次", ""),
      Column("shuttle", "50米×8往返跑",
             {"50米x8往返跑", "50米X8往返跑", "50米*8往返跑", "50×8往返跑", "50米×8", "50米*8"},
             false, "分'秒，如 1'45", ""),
      Column("long_jump", "立定跳远", {"立定跳远(厘米)"}, false, "厘米", "190"),
      Column("pull_up", "引体向上", {"引体向上(次)"}, false, "次", "6"),
      Column("run_1000m", "1000米跑", {"1000米", "1000m跑"}, false, "分'秒，如 3'45", "3'55"),
      Column("run_800m", "800米跑", {"800米", "800m跑"}, false, "分'秒，如 3'35", ""),
  };
  return def;
}

Issue MakeIssue(const std::string& sheet, int64_t row, const Cell* cell, int col,
                const std::string& column, std::string code, std::string message) {
  Issue i;
  i.severity = Severity::kError;
  i.code = std::move(code);
  i.sheet = sheet;
  i.row = row;
  i.col = cell != nullptr ? cell->col : col;
  i.column = column;
  i.value = cell != nullptr ? cell->text : "";
  i.message = std::move(message);
  return i;
}

}  // namespace

const TableDef& FitnessTableDef() {
  static const TableDef def = BuildDef();
  return def;
}

struct FitnessReader::Impl {
  internal::OpenedInput input;
  std::vector<int> file_col;  // file column of every table column, -1 when absent

  void ParseRow(const SheetRow& src, FitnessInputRow* out) const;
  const std::string& Header(int table_column) const {
    int fc = file_col[static_cast<size_t>(table_column)];
    if (fc >= 0 && static_cast<size_t>(fc) < input.headers.size() &&
        !input.headers[static_cast<size_t>(fc)].empty()) {
      return input.headers[static_cast<size_t>(fc)];
    }
    return FitnessTableDef().columns[static_cast<size_t>(table_column)].header;
  }
};

void FitnessReader::Impl::ParseRow(const SheetRow& src, FitnessInputRow* out) const {
  out->row = src.row;
  out->record = model::FitnessRecord{};
  out->issues.clear();
  const std::string& sheet = input.sheet;
  auto cell_of = [&](int tc) -> const Cell* {
    int fc = file_col[static_cast<size_t>(tc)];
    return fc >= 0 ? src.Find(fc) : nullptr;
  };
  auto fail = [&](int tc, const Cell* cell, const char* code, std::string message) {
    out->issues.push_back(MakeIssue(sheet, src.row, cell, file_col[static_cast<size_t>(tc)],
                                    Header(tc), code, std::move(message)));
  };

  // 年级编号
  const Cell* g = cell_of(kGradeColumn);
  std::string gt = g != nullptr ? internal::NormalizeCompact(g->text) : "";
  int32_t centi = 0;
  if (gt.empty()) {
    fail(kGradeColumn, g, "required", "年级编号为空");
  } else if (!model::ParseFitnessDecimal(gt, &centi) || centi % 100 != 0 ||
             !model::IsFitnessGrade(centi / 100)) {
    fail(kGradeColumn, g, "range",
         "年级编号应为 11–16（小学）、21–23（初中）、31–33（高中）或 41–44（大学）");
  } else {
    out->record.grade = centi / 100;
  }
  // 性别
  const Cell* s = cell_of(kSexColumn);
  std::string st = s != nullptr ? internal::NormalizeCompact(s->text) : "";
  if (st.empty()) {
    fail(kSexColumn, s, "required", "性别为空");
  } else if (st == "1" || st == "男" || st == "1.0") {
    out->record.sex = 1;
  } else if (st == "2" || st == "女" || st == "2.0") {
    out->record.sex = 2;
  } else {
    fail(kSexColumn, s, "code_table", "性别应为 1（男）或 2（女）");
  }
  // Measurements.
  for (int i = 0; i < model::kFitnessItemCount; ++i) {
    int tc = kFirstItemColumn + i;
    const Cell* c = cell_of(tc);
    if (c == nullptr || c->type == CellType::kEmpty) continue;
    const auto& info = model::kFitnessItems[static_cast<size_t>(i)];
    if (c->type == CellType::kError) {
      fail(tc, c, "cell_error", "单元格是 Excel 错误值");
      continue;
    }
    int32_t v = 0;
    if (info.timed && (c->type == CellType::kDate || c->type == CellType::kNumber) &&
        c->number > 0 && c->number < 1) {
      // An Excel time cell (0:03:45 is 0.0026 of a day).
      v = static_cast<int32_t>(std::llround(c->number * 86400.0 * 100.0));
    } else {
      std::string t = internal::NormalizeCompact(c->text);
      if (t.empty()) continue;
      bool ok = info.timed ? model::ParseFitnessTime(t, &v) : model::ParseFitnessDecimal(t, &v);
      if (!ok) {
        bool run = info.timed && static_cast<FitnessItem>(i) != FitnessItem::kRun50m;
        fail(tc, c, run ? "format" : "number", run ? "应写作 分'秒（如 3'45）或秒数" : "不是数字");
        continue;
      }
      if (info.integer && v % 100 != 0) {
        fail(tc, c, "number", "应为整数（" + std::string(info.unit) + "）");
        continue;
      }
    }
    if (v < info.min_centi || v > info.max_centi) {
      fail(tc, c, "range", "超出合理范围（" + model::FitnessRangeText(info) + "）");
      continue;
    }
    out->record.centi[static_cast<size_t>(i)] = v;
  }
}

FitnessReader::FitnessReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FitnessReader::~FitnessReader() = default;

Result<std::unique_ptr<FitnessReader>> FitnessReader::Open(const std::string& path,
                                                           const std::string& sheet,
                                                           const ReaderLimits& limits) {
  std::string code;
  ZJ_ASSIGN_OR_RETURN(auto input,
                      internal::OpenInput(path, FitnessTableDef(), sheet, limits, &code));
  auto impl = std::make_unique<Impl>();
  impl->input = std::move(input);
  impl->file_col.assign(FitnessTableDef().columns.size(), -1);
  for (auto [fc, tc] : impl->input.mapping) impl->file_col[static_cast<size_t>(tc)] = fc;
  return std::unique_ptr<FitnessReader>(new FitnessReader(std::move(impl)));
}

Result<bool> FitnessReader::Next(FitnessInputRow* row) {
  SheetRow src;
  while (true) {
    ZJ_ASSIGN_OR_RETURN(bool more, impl_->input.rows->Next(&src));
    if (!more) return false;
    // Rows with only blank-looking cells (spaces) are skipped like empty rows.
    bool blank = true;
    for (const Cell& c : src.cells) {
      if (c.type != CellType::kEmpty && !internal::NormalizeCompact(c.text).empty()) {
        blank = false;
        break;
      }
    }
    if (!blank) break;
  }
  impl_->ParseRow(src, row);
  return true;
}

const std::string& FitnessReader::sheet() const { return impl_->input.sheet; }
const std::string& FitnessReader::format() const { return impl_->input.format; }
const std::string& FitnessReader::encoding() const { return impl_->input.encoding; }
int64_t FitnessReader::header_row() const { return impl_->input.header_row; }
std::vector<std::string> FitnessReader::unknown_columns() const {
  std::vector<std::string> out;
  for (const auto& [col, header] : impl_->input.unknown) out.push_back(header);
  return out;
}

std::string FormatIssue(const Issue& issue) {
  std::string s;
  if (!issue.sheet.empty()) s += "工作表「" + issue.sheet + "」";
  if (issue.row > 0) s += "第 " + std::to_string(issue.row) + " 行";
  if (!issue.column.empty()) s += "「" + issue.column + "」";
  if (issue.col >= 0 && issue.row > 0) {
    s += "（" + ColumnLetters(issue.col) + std::to_string(issue.row) + "）";
  }
  s += "：";
  if (!issue.value.empty()) s += "值「" + issue.value + "」";
  return s + issue.message;
}

}  // namespace zj::io
