// The import pipeline: open by content, map headers, parse and validate every cell, apply the
// table's rules, detect duplicates in the file, and upsert in batches inside one transaction that
// is rolled back when any error was found (or in check mode). Also undo and the JSON summary.
#include "zj/io/importer.h"

#include <algorithm>
#include <bit>
#include <ctime>
#include <filesystem>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "input.h"
#include "table_handler.h"
#include "text.h"
#include "zj/common/school_year.h"

namespace zj::io {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "?";
}

namespace {

using internal::HashKey;
using internal::Value;

constexpr size_t kBatch = 4096;

// Collects issues into the summary (capped) and counts them.
class IssueCollector {
 public:
  explicit IssueCollector(ImportSummary* s, int64_t cap) : s_(s), cap_(cap) {}
  void Add(Issue issue) {
    if (issue.severity == Severity::kError) ++s_->errors;
    if (issue.severity == Severity::kWarning) ++s_->warnings;
    if (static_cast<int64_t>(s_->issues.size()) >= cap_) {
      s_->issues_truncated = true;
      return;
    }
    s_->issues.push_back(std::move(issue));
  }
  void FileError(std::string code, std::string message) {
    Add({Severity::kError, std::move(code), s_->sheet, 0, -1, "", "", std::move(message)});
  }

 private:
  ImportSummary* s_;
  int64_t cap_;
};

// Where each table column sits in the file, and its header there.
struct ColumnMap {
  std::vector<int> file_col;        // by table column; -1 when absent
  std::vector<std::string> header;  // by table column: the file's header (or the table's)
};

class CellReporter final : public internal::RowReporter, public internal::FileReporter {
 public:
  CellReporter(IssueCollector* out, const TableDef& def, const ColumnMap& map,
               const std::string& sheet)
      : out_(out), def_(def), map_(map), sheet_(sheet) {}
  void SetRow(const SheetRow* row) { row_ = row; }
  void Report(Severity severity, std::string_view key, std::string code,
              std::string message) override {
    Emit(severity, row_ != nullptr ? row_->row : 0, key, std::move(code), std::move(message));
  }
  void Report(Severity severity, int64_t row, std::string_view key, std::string code,
              std::string message) override {
    Emit(severity, row, key, std::move(code), std::move(message));
  }
  const SheetRow* row_ = nullptr;

 private:
  void Emit(Severity severity, int64_t row, std::string_view key, std::string code,
            std::string message) {
    int idx = def_.ColumnIndex(key);
    Issue i{severity, std::move(code), sheet_, row, -1, "", "", std::move(message)};
    if (idx >= 0) {
      i.col = map_.file_col[static_cast<size_t>(idx)];
      i.column = map_.header[static_cast<size_t>(idx)];
      if (row_ != nullptr && row_->row == row && i.col >= 0) {
        if (const Cell* c = row_->Find(i.col)) i.value = c->text;
      }
    }
    out_->Add(std::move(i));
  }
  IssueCollector* out_;
  const TableDef& def_;
  const ColumnMap& map_;
  const std::string& sheet_;
};

// The first row of each natural key (by HashKey) seen in the file: open addressing with linear
// probing in one flat array, so a million-row file costs 32 MB and no allocation per row.
class SeenKeys {
 public:
  // Records `hash` for `row` when it is new and returns nullopt; otherwise returns the row that
  // had it first.
  std::optional<int64_t> Insert(uint64_t hash, int64_t row) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    for (size_t i = Home(hash);; i = (i + 1) & (slots_.size() - 1)) {
      Slot& s = slots_[i];
      if (s.row == kEmpty) {
        s = {hash, row};
        ++size_;
        return std::nullopt;
      }
      if (s.hash == hash) return s.row;
    }
  }

 private:
  static constexpr int64_t kEmpty = std::numeric_limits<int64_t>::min();
  struct Slot {
    uint64_t hash = 0;
    int64_t row = kEmpty;
  };
  // Fibonacci hashing spreads FNV's weaker low bits over the table.
  size_t Home(uint64_t hash) const {
    return static_cast<size_t>((hash * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : 2 * old.size(), Slot{});
    shift_ = 64 - std::countr_zero(slots_.size());
    size_ = 0;
    for (const Slot& s : old) {
      if (s.row != kEmpty) (void)Insert(s.hash, s.row);
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
  int shift_ = 64;
};

// Grade names typed instead of numbers.
bool GradeFromName(const std::string& text, int64_t* grade) {
  static const std::vector<std::pair<std::string, int>> kNames = {
      {"一年级", 1}, {"二年级", 2}, {"三年级", 3}, {"四年级", 4}, {"五年级", 5}, {"六年级", 6},
      {"七年级", 1}, {"八年级", 2}, {"九年级", 3}, {"初一", 1},   {"初二", 2},   {"初三", 3},
      {"高一", 1},   {"高二", 2},   {"高三", 3},   {"小班", 1},   {"中班", 2},   {"大班", 3}};
  for (const auto& [name, g] : kNames) {
    if (text == name) {
      *grade = g;
      return true;
    }
  }
  return false;
}

// Whether a data row is the template's example row (left in by the user): every mapped column
// with an example holds exactly the example.
bool IsExampleRow(const SheetRow& row, const TableDef& def, const ColumnMap& map) {
  int compared = 0;
  for (size_t i = 0; i < def.columns.size(); ++i) {
    const ColumnDef& c = def.columns[i];
    if (c.example.empty() || map.file_col[i] < 0) continue;
    const Cell* cell = row.Find(map.file_col[i]);
    std::string v = cell != nullptr ? internal::NormalizeText(cell->text) : "";
    std::string ex = internal::NormalizeText(c.example);
    if (c.type == ColumnType::kDate && cell != nullptr && cell->type == CellType::kDate) {
      v = cell->text;
    }
    if (v != ex) return false;
    ++compared;
  }
  return compared >= 3;
}

}  // namespace

Result<ImportSummary> ImportFile(model::Store& store, model::ImportLog& log,
                                 const std::string& path, const ImportOptions& options) {
  ImportSummary summary;
  summary.file = path;
  summary.check_only = options.check_only;
  summary.year = options.year;
  IssueCollector issues(&summary, options.max_issues);
  const TableDef* def = FindTable(options.table);
  if (def == nullptr) {
    std::string names;
    for (const TableDef* t : Tables()) names += (names.empty() ? "" : "、") + t->name;
    return Status::InvalidArgument("未知的表：" + options.table + "（可选：" + names + "）");
  }
  summary.table = def->name;
  if (def->yearly && !ValidSchoolYear(options.year)) {
    return Status::InvalidArgument("表「" + def->title +
                                   "」按学年导入，请用 --year 指定学年（如 2024）");
  }
  auto handler = internal::MakeHandler(def->name);

  std::string code;
  auto opened = internal::OpenInput(path, *def, options.sheet, options.limits, &code);
  if (!opened.ok()) {
    if (opened.status().code() != StatusCode::kInvalidArgument &&
        opened.status().code() != StatusCode::kResourceExhausted) {
      return opened.status();
    }
    issues.FileError(code, opened.status().message());
    return summary;
  }
  if (auto sha = internal::Sha256OfFile(path)) summary.sha256 = *sha;
  internal::OpenedInput& in = *opened;
  summary.format = in.format;
  summary.encoding = in.encoding;
  summary.sheet = in.sheet;
  summary.header_row = in.header_row;

  ColumnMap map;
  map.file_col.assign(def->columns.size(), -1);
  map.header.resize(def->columns.size());
  for (size_t i = 0; i < def->columns.size(); ++i) map.header[i] = def->columns[i].header;
  for (auto [file_col, table_col] : in.mapping) {
    map.file_col[static_cast<size_t>(table_col)] = file_col;
    map.header[static_cast<size_t>(table_col)] = in.headers[static_cast<size_t>(file_col)];
    summary.columns.emplace_back(file_col, def->columns[static_cast<size_t>(table_col)].key);
  }
  std::sort(summary.columns.begin(), summary.columns.end());
  for (const auto& [col, header] : in.unknown) {
    summary.unknown_columns.push_back(header);
    issues.Add({Severity::kWarning, "unknown_column", in.sheet, in.header_row, col, header, header,
                "未识别的列「" + header + "」，已忽略"});
  }
  for (const auto& h : in.duplicate_headers) {
    issues.Add({Severity::kError, "duplicate_column", in.sheet, in.header_row, -1, h, "",
                "列「" + h + "」出现了两次"});
  }

  internal::References refs;
  ZJ_RETURN_IF_ERROR(refs.Load(store));
  internal::ImportEnv env;
  env.store = &store;
  env.log = &log;
  env.options = &options;
  env.refs = &refs;
  env.year = def->yearly ? options.year : 0;
  env.write = !options.check_only;
  env.mapped.resize(def->columns.size());
  for (size_t i = 0; i < def->columns.size(); ++i) env.mapped[i] = map.file_col[i] >= 0;

  CellReporter reporter(&issues, *def, map, in.sheet);
  model::ImportRecord record;
  record.user = options.user;
  record.started_at = static_cast<int64_t>(std::time(nullptr));
  record.file_name = std::filesystem::path(path).filename().string();
  record.sha256 = summary.sha256;
  record.table = def->name;
  record.year = env.year;

  bool rolled_back = false;
  Status internal_failure;
  Status tx = store.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(handler->Begin(env));
    if (env.write && summary.errors == 0) {
      ZJ_ASSIGN_OR_RETURN(record.id, log.AddImport(record));
    }
    auto flush = [&]() -> Status {
      if (summary.errors > 0) env.write = false;
      ZJ_RETURN_IF_ERROR(handler->Flush(env));
      if (env.write && !env.changes.empty()) {
        ZJ_RETURN_IF_ERROR(log.AddChanges(record.id, env.changes));
      }
      env.changes.clear();
      return Status::Ok();
    };
    SeenKeys seen;
    int key_col = def->ColumnIndex(
        def->name == "students" || def->name == "teachers" ? "id_number" : def->columns[0].key);
    std::vector<Value> values(def->columns.size());
    // Columns naming the row's units, for the scope check.
    int school_col = -1, township_col = -1, unit_col = def->ColumnIndex("unit_code");
    for (size_t i = 0; i < def->columns.size(); ++i) {
      ColumnType t = def->columns[i].type;
      if (school_col < 0 && t == ColumnType::kSchool) school_col = static_cast<int>(i);
      if (township_col < 0 && t == ColumnType::kTownship) township_col = static_cast<int>(i);
    }
    // A row with a school belongs to it (a student's 户口 township says nothing about scope);
    // the schools table's own rows carry their code and township.
    if (school_col >= 0) township_col = -1;
    if (def->name == "schools") school_col = def->ColumnIndex("code");
    auto text_of = [&](int idx) {
      return idx >= 0 && values[static_cast<size_t>(idx)].present
                 ? values[static_cast<size_t>(idx)].text
                 : std::string();
    };
    SheetRow row;
    bool example_checked = false;
    while (true) {
      auto more = in.rows->Next(&row);
      if (!more.ok()) {
        issues.FileError("file_read",
                         "读取第 " + std::to_string(summary.header_row + summary.rows_read + 1) +
                             " 行附近时出错：" + more.status().message());
        break;
      }
      if (!*more) break;
      if (!example_checked) {
        example_checked = true;
        if (IsExampleRow(row, *def, map)) {
          issues.Add({Severity::kInfo, "example_row", in.sheet, row.row, -1, "", "",
                      "这是模板的示例行，已跳过"});
          continue;
        }
      }
      ++summary.rows_read;
      reporter.SetRow(&row);
      bool row_error = false;
      for (size_t i = 0; i < def->columns.size(); ++i) {
        const ColumnDef& col = def->columns[i];
        values[i] = Value{};
        int fc = map.file_col[i];
        const Cell* cell = fc >= 0 ? row.Find(fc) : nullptr;
        if (cell != nullptr) {
          internal::ParseError err;
          bool ok = internal::ParseCell(col, *cell, refs, &values[i], &err);
          if (!ok && col.key == "grade") {
            ok = GradeFromName(internal::NormalizeCompact(cell->text), &values[i].integer);
            if (ok) values[i] = Value::Int(values[i].integer);
          }
          if (!ok) {
            issues.Add({Severity::kError, err.code, in.sheet, row.row, fc, map.header[i],
                        cell->text, err.message});
            row_error = true;
            continue;
          }
        }
        if (col.required && !values[i].present) {
          issues.Add({Severity::kError, "required", in.sheet, row.row, fc, map.header[i], "",
                      "必填项「" + map.header[i] + "」为空"});
          row_error = true;
        }
      }
      if (row_error) continue;
      if (options.unit_allowed) {
        RowUnits units{text_of(school_col), text_of(township_col), text_of(unit_col)};
        if (!options.unit_allowed(units)) {
          int at = school_col >= 0 ? school_col : township_col >= 0 ? township_col : unit_col;
          std::string what = !units.school.empty()     ? units.school
                             : !units.township.empty() ? units.township
                                                       : units.unit;
          reporter.Error(at >= 0 ? def->columns[static_cast<size_t>(at)].key : "", "out_of_scope",
                         "无权导入该单位的数据：" + what + "（只能导入本账户管辖范围内的数据）");
          continue;
        }
      }
      std::string key = handler->NaturalKey(values);
      if (!key.empty()) {
        if (auto first = seen.Insert(HashKey(key), row.row)) {
          reporter.Error(def->columns[static_cast<size_t>(key_col)].key, "duplicate_in_file",
                         "与第 " + std::to_string(*first) + " 行重复（同一" +
                             def->columns[static_cast<size_t>(key_col)].header + "）");
          continue;
        }
      }
      handler->AddRow(row.row, values, reporter, env);
      if (handler->pending() >= kBatch) ZJ_RETURN_IF_ERROR(flush());
    }
    reporter.SetRow(nullptr);
    ZJ_RETURN_IF_ERROR(flush());
    handler->Finish(env, reporter);
    if (summary.rows_read == 0 && summary.errors == 0) {
      issues.Add({Severity::kWarning, "no_rows", in.sheet, 0, -1, "", "", "表头以下没有数据行"});
    }
    summary.rows_added = env.added;
    summary.rows_changed = env.changed;
    summary.rows_unchanged = env.unchanged;
    if (summary.errors > 0 || options.check_only) {
      rolled_back = true;
      return Status::FailedPrecondition("rolled back");
    }
    record.rows_read = summary.rows_read;
    record.rows_added = env.added;
    record.rows_changed = env.changed;
    record.rows_unchanged = env.unchanged;
    ZJ_RETURN_IF_ERROR(log.UpdateImport(record));
    if (!options.before_commit) return Status::Ok();
    summary.import_id = record.id;
    return options.before_commit(summary);
  });
  if (!tx.ok() && !rolled_back) return tx;
  summary.written = tx.ok();
  summary.import_id = tx.ok() ? record.id : 0;
  return summary;
}

Status CheckImportYear(const std::vector<int>& years, int year, int current_school_year,
                       bool allow_new_year) {
  const int last_allowed = current_school_year + 1;
  if (year < kFirstSchoolYear || year > last_allowed) {
    return Status::InvalidArgument("学年 " + std::to_string(year) + " 超出范围（" +
                                   std::to_string(kFirstSchoolYear) + "–" +
                                   std::to_string(last_allowed) + "）");
  }
  if (std::binary_search(years.begin(), years.end(), year)) return Status::Ok();
  const int next = years.empty() ? current_school_year : years.back() + 1;
  if (year == next || (years.empty() && year == current_school_year + 1) || allow_new_year) {
    return Status::Ok();
  }
  std::string held = years.empty() ? std::string("数据库中还没有任何学年")
                                   : "数据库中已有 " + std::to_string(years.front()) + "–" +
                                         std::to_string(years.back()) + " 学年";
  return Status::InvalidArgument(
      "不能导入 " + std::to_string(year) + " 学年：" + held + "，只能导入已有学年或下一学年 " +
      std::to_string(next) +
      "。补录更早的历史学年或新建其他学年，须由县级账户明确确认（接口参数 allow_new_year=1，"
      "命令行 --new-year）");
}

Status UndoImport(model::Store& store, model::ImportLog& log, int64_t id, const std::string& user,
                  const std::function<Status()>& before_commit) {
  ZJ_ASSIGN_OR_RETURN(auto found, log.GetImport(id));
  if (!found) return Status::NotFound("没有编号为 " + std::to_string(id) + " 的导入记录");
  model::ImportRecord record = *found;
  if (record.undone_at != 0) {
    return Status::FailedPrecondition("导入 #" + std::to_string(id) + " 已于之前撤销（" +
                                      record.undone_by + "）");
  }
  ZJ_ASSIGN_OR_RETURN(auto changes, log.ListChanges(id));
  std::unordered_map<std::string, bool> keys;
  for (const auto& c : changes) keys[c.table + "|" + c.key] = true;
  ZJ_ASSIGN_OR_RETURN(auto all, log.ListImports());
  for (const auto& later : all) {
    if (later.id <= id || later.undone_at != 0) continue;
    ZJ_ASSIGN_OR_RETURN(auto later_changes, log.ListChanges(later.id));
    for (const auto& c : later_changes) {
      if (keys.contains(c.table + "|" + c.key)) {
        return Status::FailedPrecondition("之后的导入 #" + std::to_string(later.id) + "（" +
                                          later.file_name + "）修改了同一批数据，请先撤销该导入");
      }
    }
  }
  return store.RunInTransaction([&]() -> Status {
    for (auto it = changes.rbegin(); it != changes.rend(); ++it) {
      if (it->before.empty()) {
        ZJ_RETURN_IF_ERROR(log.DeleteRow(it->table, it->key));
      } else {
        ZJ_RETURN_IF_ERROR(internal::RestoreImage(store, *it));
      }
    }
    record.undone_at = static_cast<int64_t>(std::time(nullptr));
    record.undone_by = user;
    ZJ_RETURN_IF_ERROR(log.UpdateImport(record));
    return before_commit ? before_commit() : Status::Ok();
  });
}

std::string SummaryToJson(const ImportSummary& s) {
  nlohmann::ordered_json j;
  j["file"] = s.file;
  j["sha256"] = s.sha256;
  j["format"] = s.format;
  if (!s.encoding.empty()) j["encoding"] = s.encoding;
  j["sheet"] = s.sheet;
  j["header_row"] = s.header_row;
  j["table"] = s.table;
  j["year"] = s.year;
  j["check_only"] = s.check_only;
  j["written"] = s.written;
  j["import_id"] = s.import_id;
  j["rows"] = {{"read", s.rows_read},
               {"added", s.rows_added},
               {"changed", s.rows_changed},
               {"unchanged", s.rows_unchanged}};
  j["errors"] = s.errors;
  j["warnings"] = s.warnings;
  j["unknown_columns"] = s.unknown_columns;
  j["issues_truncated"] = s.issues_truncated;
  auto& arr = j["issues"] = nlohmann::ordered_json::array();
  for (const auto& i : s.issues) {
    nlohmann::ordered_json o;
    o["severity"] = SeverityName(i.severity);
    o["code"] = i.code;
    o["sheet"] = i.sheet;
    o["row"] = i.row;
    o["column"] = i.column;
    o["cell"] = i.col >= 0 ? ColumnLetters(i.col) + std::to_string(i.row) : "";
    o["value"] = i.value;
    o["message"] = i.message;
    arr.push_back(std::move(o));
  }
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace zj::io
