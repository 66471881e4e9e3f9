// Spreadsheet faces of the io module: table list and templates, uploads validated and imported
// in one transaction (check mode, per-cell error report, annotated xlsx copy), the import journal
// with undo, and exports of every table within the caller's scope, masked unless granted.
// All checking and writing is done by zj::io; this file maps requests, scopes and files.
#include <cctype>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "handlers.h"
#include "zj/common/date.h"
#include "zj/common/school_year.h"
#include "zj/io/exporter.h"
#include "zj/io/importer.h"
#include "zj/io/memory_import_log.h"
#include "zj/io/schema.h"
#include "zj/service/auth.h"
#include "zj/storage/import_log.h"

namespace zj::server::internal {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kReportSeconds = 3600;
constexpr size_t kMaxReports = 200;

// Removes a file or directory when it goes out of scope.
struct TempPath {
  fs::path path;
  ~TempPath() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

Result<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("无法读取临时文件：" + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// RFC 5987 percent-encoding of a download name (UTF-8 kept intact for filename*).
std::string PercentEncode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

void SendFile(Call& c, const std::string& bytes, const char* mime, const std::string& name) {
  c.res.status = 200;
  c.res.set_header("Content-Disposition",
                   "attachment; filename=\"download\"; filename*=UTF-8''" + PercentEncode(name));
  c.res.set_content(bytes, mime);
  c.responded = true;
}

constexpr char kXlsxMime[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

Result<const io::TableDef*> TableParam(const std::string& name) {
  const io::TableDef* def = io::FindTable(name);
  if (def == nullptr) return Status::NotFound("未知的表：" + name);
  return def;
}

// A client-supplied file name reduced to a safe base name ("" → "upload").
std::string SafeFileName(std::string name) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  std::string out;
  for (char ch : name) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == ':' || ch == '"') continue;
    out += ch;
  }
  if (out.size() > 200) out = out.substr(out.size() - 200);
  if (out.empty() || out == "." || out == "..") out = "upload";
  return out;
}

bool IsCountyWide(const Call& c) {
  const engine::Hierarchy& h = *c.hierarchy;
  int home = c.scope.home();
  return home >= 0 && h.unit(home).parent < 0;
}

// County-level staff bound to the top unit see every import; everybody else their own.
bool SeesImport(const Call& c, const model::ImportRecord& r) {
  if (c.user->role == model::Role::kCountyStaff && IsCountyWide(c)) return true;
  return r.user == c.user->username;
}

Json ImportRecordJson(const model::ImportRecord& r) {
  return {{"id", r.id},
          {"user", r.user},
          {"started_at", r.started_at},
          {"file_name", r.file_name},
          {"sha256", r.sha256},
          {"table", r.table},
          {"year", r.year},
          {"rows_read", r.rows_read},
          {"rows_added", r.rows_added},
          {"rows_changed", r.rows_changed},
          {"rows_unchanged", r.rows_unchanged},
          {"undone_at", r.undone_at},
          {"undone_by", r.undone_by}};
}

// The store's journal (SQLite), else an in-memory one.
std::unique_ptr<model::ImportLog> JournalFor(model::Store& st) {
  std::unique_ptr<model::ImportLog> log = storage::NewImportLogFor(st);
  if (!log) log = io::NewMemoryImportLog(st);
  return log;
}

// Streams the upload (raw body, or the multipart field "file") into `path`. Returns the
// client's file name ("" when none was given); 413 is written to the response directly.
struct Upload {
  bool too_large = false;
  std::string client_name;
  int64_t bytes = 0;
};

Result<Upload> ReceiveUpload(Call& c, const fs::path& path) {
  if (c.reader == nullptr) return Status::InvalidArgument("请求中没有上传的文件");
  const int64_t limit = c.s.config.import_max_bytes;
  Upload up;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Status::IoError("无法创建临时文件：" + path.string());
  bool write_failed = false;
  auto write = [&](const char* data, size_t n) {
    up.bytes += static_cast<int64_t>(n);
    if (up.bytes > limit) {
      up.too_large = true;
      return false;
    }
    if (std::fwrite(data, 1, n, f) != n) {
      write_failed = true;
      return false;
    }
    return true;
  };
  bool ok = false;
  int files = 0;
  if (c.req.is_multipart_form_data()) {
    std::string field;
    ok = (*c.reader)(
        [&](const httplib::MultipartFormData& part) {
          field = part.name;
          if (field == "file") {
            ++files;
            up.client_name = part.filename;
          }
          return files <= 1;
        },
        [&](const char* data, size_t n) { return field != "file" || write(data, n); });
  } else {
    files = 1;
    ok = (*c.reader)([&](const char* data, size_t n) { return write(data, n); });
  }
  if (std::fclose(f) != 0) write_failed = true;
  // httplib refuses a declared Content-Length beyond the server-wide limit itself (and skips
  // the body): the reader then fails without calling the receiver.
  uint64_t declared = 0;
  std::string length = c.req.get_header_value("Content-Length");
  std::from_chars(length.data(), length.data() + length.size(), declared);
  if (declared > static_cast<uint64_t>(limit) || c.res.status == 413) up.too_large = true;
  if (up.too_large) return up;
  if (write_failed) return Status::IoError("写入临时文件失败：" + path.string());
  if (files > 1) return Status::InvalidArgument("一次只能上传一个文件");
  if (!ok) return Status::InvalidArgument("上传中断或请求格式错误，请重新上传");
  if (files == 0) return Status::InvalidArgument("表单中缺少名为 file 的文件字段");
  if (up.bytes == 0) return Status::InvalidArgument("上传的文件是空的");
  return up;
}

void PurgeReports(ApiServer::Impl& s, int64_t now) {
  std::lock_guard lock(s.reports_mu);
  for (auto it = s.reports.begin(); it != s.reports.end();) {
    if (now - it->second.created > kReportSeconds || s.reports.size() > kMaxReports) {
      std::error_code ec;
      fs::remove(it->second.path, ec);
      it = s.reports.erase(it);
    } else {
      ++it;
    }
  }
}

// The permission a table's export needs beyond the route's read_directory.
service::Permission ExportPermission(const io::TableDef& def) {
  if (def.name == "students" || def.name == "teachers") return service::Permission::kReadPeople;
  if (def.name == "schools") return service::Permission::kReadDirectory;
  return service::Permission::kReadAggregates;
}

bool HasPersonalColumns(const io::TableDef& def) {
  for (const io::ColumnDef& col : def.columns) {
    if (col.personal) return true;
  }
  return false;
}

}  // namespace

Result<Json> HandleImportTables(Call& c) {
  (void)c;
  Json tables = Json::array();
  for (const io::TableDef* t : io::Tables()) {
    Json cols = Json::array();
    for (const io::ColumnDef& col : t->columns) {
      cols.push_back({{"key", col.key},
                      {"header", col.header},
                      {"type", io::ColumnTypeName(col.type)},
                      {"required", col.required},
                      {"personal", col.personal}});
    }
    tables.push_back({{"name", t->name},
                      {"title", t->title},
                      {"yearly", t->yearly},
                      {"description", t->description},
                      {"columns", cols}});
  }
  return Json{{"tables", tables}, {"max_bytes", c.s.config.import_max_bytes}};
}

Result<Json> HandleImportTemplate(Call& c) {
  ZJ_ASSIGN_OR_RETURN(const io::TableDef* def, TableParam(c.Param(0)));
  TempPath tmp{c.s.work_dir / ("template-" + service::RandomHex(8) + ".xlsx")};
  ZJ_RETURN_IF_ERROR(io::WriteTemplate(*def, tmp.path.string()));
  ZJ_ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(tmp.path));
  SendFile(c, bytes, kXlsxMime, def->title + "导入模板.xlsx");
  return Json();
}

Result<Json> HandleImport(Call& c) {
  ApiServer::Impl& s = c.s;
  ZJ_ASSIGN_OR_RETURN(const io::TableDef* def, TableParam(c.Query("table").value_or("")));
  ZJ_ASSIGN_OR_RETURN(std::optional<bool> check, c.QueryBool("check"));
  int year = 0;
  if (def->yearly) {
    if (!c.Query("year")) return Status::InvalidArgument("表「" + def->title + "」须指定学年 year");
    ZJ_ASSIGN_OR_RETURN(year, c.QueryInt("year", 0, kFirstSchoolYear, kLastSchoolYear));
    ZJ_ASSIGN_OR_RETURN(std::optional<bool> new_year, c.QueryBool("allow_new_year"));
    // Only an account bound to the county (the top of the hierarchy) may open a new year.
    const bool county_level = c.scope.home() >= 0 && c.hierarchy->unit(c.scope.home()).parent < 0;
    if (new_year.value_or(false) && !county_level) {
      return Status::PermissionDenied("只有县级账户可以导入数据库中还没有的学年（allow_new_year）");
    }
    const int current = SchoolYearOf(Date::FromDays(c.Now() / 86400));
    ZJ_RETURN_IF_ERROR(io::CheckImportYear(c.years, year, current, new_year.value_or(false)));
  }
  // One directory per upload so that the journal records the client's file name.
  TempPath dir{s.work_dir / ("upload-" + service::RandomHex(12))};
  std::error_code ec;
  fs::create_directory(dir.path, ec);
  if (ec) return Status::IoError("无法创建临时目录：" + dir.path.string());
  fs::path raw = dir.path / "body";
  ZJ_ASSIGN_OR_RETURN(Upload up, ReceiveUpload(c, raw));
  if (up.too_large) {
    WriteError(c.res, 413, "payload_too_large",
               "上传的文件过大（上限 " + std::to_string(s.config.import_max_bytes / (1 << 20)) +
                   " MB）；请按学校或学段拆分后分批导入");
    c.responded = true;
    return Json();
  }
  std::string name =
      SafeFileName(up.client_name.empty() ? c.Query("file_name").value_or("") : up.client_name);
  fs::path file = dir.path / name;
  fs::rename(raw, file, ec);
  if (ec) return Status::IoError("无法移动临时文件：" + file.string());

  model::Store* audit_store = nullptr;  // the store the import writes to (set under store_mu)
  io::ImportOptions o;
  o.table = def->name;
  o.year = year;
  o.check_only = check.value_or(false);
  o.user = c.user->username;
  o.unit_allowed = [h = c.hierarchy, scope = c.scope](const io::RowUnits& u) {
    if (!u.school.empty()) {
      if (h->Find(u.school) >= 0) return scope.CoversCode(u.school);
      // A school not registered yet (schools table): judged by its township, else only a
      // county-wide account may add it.
      if (!u.township.empty()) return scope.CoversCode(u.township);
      return scope.home() >= 0 && h->unit(scope.home()).parent < 0;
    }
    if (!u.township.empty()) return scope.CoversCode(u.township);
    if (!u.unit.empty()) return scope.CoversCode(u.unit);
    return scope.home() >= 0 && h->unit(scope.home()).parent < 0;
  };
  // The audit entry is written inside the import's transaction: both commit or neither does.
  o.before_commit = [&](const io::ImportSummary& summary) -> Status {
    Json after = {{"import_id", summary.import_id},
                  {"table", summary.table},
                  {"year", summary.year},
                  {"file_name", name},
                  {"sha256", summary.sha256},
                  {"rows_added", summary.rows_added},
                  {"rows_changed", summary.rows_changed},
                  {"rows_unchanged", summary.rows_unchanged}};
    return c.AuditIn(*audit_store, "import.write", "table:" + summary.table, "", after.dump());
  };
  Result<io::ImportSummary> result =
      s.WithStore([&](model::Store& st) -> Result<io::ImportSummary> {
        audit_store = &st;
        std::unique_ptr<model::ImportLog> log = JournalFor(st);
        ZJ_ASSIGN_OR_RETURN(io::ImportSummary summary, io::ImportFile(st, *log, file.string(), o));
        if (summary.written) ZJ_RETURN_IF_ERROR(s.OnRegistryChanged(st));
        return summary;
      });
  if (!result.ok()) return result.status();
  io::ImportSummary& summary = *result;

  Json out = Json::parse(io::SummaryToJson(summary), nullptr, false);
  if (out.is_discarded()) return Status::Internal("导入结果无法序列化");
  out["file"] = name;
  out["bytes"] = up.bytes;
  out["report_url"] = nullptr;
  if (summary.errors + summary.warnings > 0 && !summary.format.empty()) {
    PurgeReports(s, c.Now());
    std::string id = service::RandomHex(16);
    fs::path report = s.work_dir / ("report-" + id + ".xlsx");
    Status w = io::WriteAnnotatedCopy(file.string(), summary, report.string(), o.limits);
    if (w.ok()) {
      std::string stem = fs::path(name).stem().string();
      std::lock_guard lock(s.reports_mu);
      s.reports[id] = {report, stem + "（错误标注）.xlsx", c.user->id, c.Now()};
      out["report_url"] = "/api/v1/import/reports/" + id;
    } else {
      out["report_error"] = w.message();
    }
  }
  return out;
}

Result<Json> HandleImportReport(Call& c) {
  ApiServer::Impl& s = c.s;
  PurgeReports(s, c.Now());
  ApiServer::Impl::ImportReport report;
  {
    std::lock_guard lock(s.reports_mu);
    auto it = s.reports.find(c.Param(0));
    if (it == s.reports.end() || it->second.user_id != c.user->id) {
      return Status::NotFound("错误标注文件不存在或已过期（保留 1 小时），请重新检查文件");
    }
    report = it->second;
  }
  ZJ_ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(report.path));
  SendFile(c, bytes, kXlsxMime, report.file_name);
  return Json();
}

Result<Json> HandleListImports(Call& c) {
  ZJ_ASSIGN_OR_RETURN(int limit, c.QueryInt("limit", 50, 1, 500));
  ZJ_ASSIGN_OR_RETURN(std::vector<model::ImportRecord> all, c.s.WithReader([&](model::Store& st) {
    return JournalFor(st)->ListImports();
  }));
  Json items = Json::array();
  for (auto it = all.rbegin(); it != all.rend() && static_cast<int>(items.size()) < limit; ++it) {
    if (SeesImport(c, *it)) items.push_back(ImportRecordJson(*it));
  }
  return Json{{"items", items}};
}

Result<Json> HandleUndoImport(Call& c) {
  ZJ_ASSIGN_OR_RETURN(int64_t id, c.ParamId(0));
  ApiServer::Impl& s = c.s;
  return s.WithStore([&](model::Store& st) -> Result<Json> {
    std::unique_ptr<model::ImportLog> log = JournalFor(st);
    ZJ_ASSIGN_OR_RETURN(std::optional<model::ImportRecord> found, log->GetImport(id));
    if (!found || !SeesImport(c, *found)) {
      return Status::NotFound("没有编号为 " + std::to_string(id) + " 的导入记录");
    }
    // The audit entry commits with the undo (inside its transaction).
    Json before = ImportRecordJson(*found);
    ZJ_RETURN_IF_ERROR(io::UndoImport(st, *log, id, c.user->username, [&] {
      return c.AuditIn(st, "import.undo", "import:" + std::to_string(id), before.dump(), "");
    }));
    ZJ_RETURN_IF_ERROR(s.OnRegistryChanged(st));
    ZJ_ASSIGN_OR_RETURN(found, log->GetImport(id));
    return ImportRecordJson(*found);
  });
}

Result<Json> HandleExport(Call& c) {
  ApiServer::Impl& s = c.s;
  ZJ_ASSIGN_OR_RETURN(const io::TableDef* def, TableParam(c.Param(0)));
  if (!service::RoleAllows(c.user->role, ExportPermission(*def))) {
    return Status::PermissionDenied("当前角色（" + std::string(model::RoleNameZh(c.user->role)) +
                                    "）无权导出「" + def->title + "」");
  }
  std::string format = c.Query("format").value_or("xlsx");
  if (format != "xlsx" && format != "csv") {
    return Status::InvalidArgument("参数 format 须为 xlsx 或 csv");
  }
  const engine::Hierarchy& h = *c.hierarchy;
  if (c.scope.home() < 0) return Status::PermissionDenied("账户绑定的单位不在本数据库的区划中");
  std::string unit = c.Query("unit").value_or(h.unit(c.scope.home()).code);
  if (h.Find(unit) < 0) return Status::NotFound("单位不存在：" + unit);
  if (!c.scope.CoversCode(unit)) return Status::PermissionDenied("无权导出该单位的数据：" + unit);
  // Exporting the whole county is the unfiltered export.
  std::string filter_unit = h.unit(h.Find(unit)).parent < 0 ? "" : unit;
  int year = 0;
  if (def->yearly) {
    ZJ_ASSIGN_OR_RETURN(year, c.Year());
  }
  ZJ_ASSIGN_OR_RETURN(std::optional<bool> personal, c.QueryBool("personal"));
  bool unmasked = personal.value_or(false) && HasPersonalColumns(*def);
  if (unmasked && (!c.user->view_personal ||
                   !service::RoleAllows(c.user->role, service::Permission::kReadPeople))) {
    return Status::PermissionDenied("导出未脱敏的个人信息需要系统管理员授予 view_personal 权限");
  }
  TempPath tmp{s.work_dir / ("export-" + service::RandomHex(8) + "." + format)};
  io::ExportOptions o{def->name, year, filter_unit, unmasked};
  ZJ_ASSIGN_OR_RETURN(io::ExportResult r, s.WithReader([&](model::Store& st) {
    return io::ExportTable(st, o, tmp.path.string());
  }));
  if (unmasked) {
    // Recorded before any personal data leaves the server.
    Json what = {{"table", def->name}, {"unit", unit}, {"year", year}, {"rows", r.rows}};
    ZJ_RETURN_IF_ERROR(c.Audit("personal.export", "export:" + def->name, "", what.dump()));
  }
  ZJ_ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(tmp.path));
  std::string name =
      def->title + "_" + unit + (year ? "_" + std::to_string(year) : "") + "." + format;
  SendFile(c, bytes, format == "csv" ? "text/csv; charset=utf-8" : kXlsxMime, name);
  c.res.set_header("X-Export-Rows", std::to_string(r.rows));
  return Json();
}

}  // namespace zj::server::internal
