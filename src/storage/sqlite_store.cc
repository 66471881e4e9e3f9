// SqliteStore: opening and identifying a zhijiao database file, migrations, and the Store
// operations as cached prepared statements. All SQL of the registries lives in this file (the
// schema lives in migrations.cc).
#include "zj/storage/sqlite_store.h"

#include <sqlite3.h>

#include <array>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "migrations.h"
#include "registry_sql.h"
#include "snapshot_cache_sql.h"
#include "sqlite_audit.h"
#include "sqlite_connection.h"
#include "store_messages.h"
#include "zj/storage/audit_head.h"

namespace zj::storage {

using internal::BindAll;
using internal::BindFrom;
using internal::ColumnBool;
using internal::ColumnDouble;
using internal::ColumnEnum;
using internal::ColumnInt;
using internal::ColumnInt64;
using internal::ColumnIsNull;
using internal::ColumnText;
using internal::StatementScope;
namespace sql = internal::sql;

namespace {

// ---- connection set-up ------------------------------------------------------------------------

constexpr int kBusyTimeoutMs = 5000;
constexpr char kSetWal[] = "PRAGMA journal_mode = WAL";
constexpr char kConnectionPragmas[] =
    "PRAGMA foreign_keys = ON;"
    "PRAGMA synchronous = NORMAL;"
    "PRAGMA cache_size = -131072;"  // 128 MiB page cache (bounds an import's peak memory)
    "PRAGMA temp_store = MEMORY;"
    "PRAGMA journal_size_limit = 67108864;";
constexpr char kReadOnlyPragmas[] = "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;";
constexpr char kUserVersion[] = "PRAGMA user_version";
constexpr char kSetUserVersionPrefix[] = "PRAGMA user_version = ";
constexpr char kHasMetaTable[] =
    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'";
constexpr char kGetApplication[] = "SELECT value FROM meta WHERE key = 'application'";

constexpr char kBegin[] = "BEGIN";
constexpr char kBeginImmediate[] = "BEGIN IMMEDIATE";
constexpr char kCommit[] = "COMMIT";
constexpr char kRollback[] = "ROLLBACK";

// ---- metadata ---------------------------------------------------------------------------------

constexpr char kListMeta[] = "SELECT key, value FROM meta";
constexpr char kPutMeta[] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

// ---- existence checks (used to name the missing reference after a foreign-key failure) --------

constexpr char kSchoolExists[] = "SELECT 1 FROM school WHERE code = ?1";
constexpr char kStudentExists[] = "SELECT 1 FROM student WHERE id = ?1";
constexpr char kTeacherExists[] = "SELECT 1 FROM teacher WHERE id = ?1";

// ---- upserts (by natural key) -----------------------------------------------------------------

constexpr char kUpsertAdminUnit[] =
    "INSERT INTO admin_unit (code, name, level, parent_code, urban_rural) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (code) DO UPDATE SET "
    "name = excluded.name, level = excluded.level, parent_code = excluded.parent_code, "
    "urban_rural = excluded.urban_rural";
constexpr char kUpsertSchool[] =
    "INSERT INTO school (code, name, type_code, is_public, inclusive, rating, township_code, "
    "urban_rural, boarding, opened_year, closed_year) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (code) DO UPDATE SET "
    "name = excluded.name, type_code = excluded.type_code, is_public = excluded.is_public, "
    "inclusive = excluded.inclusive, rating = excluded.rating, "
    "township_code = excluded.township_code, urban_rural = excluded.urban_rural, "
    "boarding = excluded.boarding, opened_year = excluded.opened_year, "
    "closed_year = excluded.closed_year";
constexpr char kUpsertFacility[] =
    "INSERT INTO facility (school_code, year, teaching_area_m2, sports_area_m2, "
    "equipment_value_yuan, multimedia_rooms, computers, books, music_rooms, art_rooms, labs, "
    "classrooms, beds, interactive_terminals) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
    "ON CONFLICT (year, school_code) DO UPDATE SET "
    "teaching_area_m2 = excluded.teaching_area_m2, sports_area_m2 = excluded.sports_area_m2, "
    "equipment_value_yuan = excluded.equipment_value_yuan, "
    "multimedia_rooms = excluded.multimedia_rooms, computers = excluded.computers, "
    "books = excluded.books, music_rooms = excluded.music_rooms, art_rooms = excluded.art_rooms, "
    "labs = excluded.labs, classrooms = excluded.classrooms, beds = excluded.beds, "
    "interactive_terminals = excluded.interactive_terminals";
constexpr char kUpsertClass[] =
    "INSERT INTO class (id, school_code, year, stage, grade, name) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET "
    "school_code = excluded.school_code, year = excluded.year, stage = excluded.stage, "
    "grade = excluded.grade, name = excluded.name";
constexpr char kUpsertStudent[] =
    "INSERT INTO student (id, id_number, name, gender, ethnicity, birth_date, hukou_township, "
    "migrant, left_behind, disability, financial_aid) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (id) DO UPDATE SET "
    "id_number = excluded.id_number, name = excluded.name, gender = excluded.gender, "
    "ethnicity = excluded.ethnicity, birth_date = excluded.birth_date, "
    "hukou_township = excluded.hukou_township, migrant = excluded.migrant, "
    "left_behind = excluded.left_behind, disability = excluded.disability, "
    "financial_aid = excluded.financial_aid";
constexpr char kUpsertEnrolment[] =
    "INSERT INTO enrolment (student_id, year, school_code, class_id, stage, grade, status, "
    "prev_school_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (year, student_id) DO UPDATE SET "
    "school_code = excluded.school_code, class_id = excluded.class_id, stage = excluded.stage, "
    "grade = excluded.grade, status = excluded.status, "
    "prev_school_code = excluded.prev_school_code";
constexpr char kUpsertHealth[] =
    "INSERT INTO health (student_id, year, exam_done, myopia, fitness_score) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (year, student_id) DO UPDATE SET "
    "exam_done = excluded.exam_done, myopia = excluded.myopia, "
    "fitness_score = excluded.fitness_score";
constexpr char kUpsertTeacher[] =
    "INSERT INTO teacher (id, name, gender, birth_date) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, gender = excluded.gender, "
    "birth_date = excluded.birth_date";
constexpr char kUpsertTeacherYear[] =
    "INSERT INTO teacher_year (teacher_id, year, school_code, full_time, stage, subjects, "
    "education, title, backbone, master_teacher, dual_qualified, certified, on_staff, cadre, "
    "training_hours) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
    "ON CONFLICT (year, teacher_id) DO UPDATE SET "
    "school_code = excluded.school_code, full_time = excluded.full_time, "
    "stage = excluded.stage, subjects = excluded.subjects, education = excluded.education, "
    "title = excluded.title, backbone = excluded.backbone, "
    "master_teacher = excluded.master_teacher, dual_qualified = excluded.dual_qualified, "
    "certified = excluded.certified, on_staff = excluded.on_staff, cadre = excluded.cadre, "
    "training_hours = excluded.training_hours";
constexpr char kUpsertPopulation[] =
    "INSERT INTO population (township_code, year, age, count) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (township_code, year, age) DO UPDATE SET count = excluded.count";
constexpr char kUpsertBirth[] =
    "INSERT INTO birth (township_code, year, month, count) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (township_code, year, month) DO UPDATE SET count = excluded.count";
constexpr char kUpsertDataValue[] =
    "INSERT INTO data_value (code, unit_code, year, value, unit, source, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (code, unit_code, year) DO UPDATE SET "
    "value = excluded.value, unit = excluded.unit, source = excluded.source, "
    "note = excluded.note";

constexpr char kUpsertTask[] =
    "INSERT INTO task (id, plan_id, section_id, title, unit_code, department, lead, target_ids, "
    "indicators, planned_quantity, quantity_unit, start_date, due_date, cancelled, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
    "ON CONFLICT (id) DO UPDATE SET plan_id = excluded.plan_id, "
    "section_id = excluded.section_id, title = excluded.title, unit_code = excluded.unit_code, "
    "department = excluded.department, lead = excluded.lead, target_ids = excluded.target_ids, "
    "indicators = excluded.indicators, planned_quantity = excluded.planned_quantity, "
    "quantity_unit = excluded.quantity_unit, start_date = excluded.start_date, "
    "due_date = excluded.due_date, cancelled = excluded.cancelled, note = excluded.note";
constexpr char kUpsertMilestone[] =
    "INSERT INTO milestone (task_id, seq, title, due_date, done_date, planned_quantity) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (task_id, seq) DO UPDATE SET "
    "title = excluded.title, due_date = excluded.due_date, done_date = excluded.done_date, "
    "planned_quantity = excluded.planned_quantity";
constexpr char kUpsertProgress[] =
    "INSERT INTO task_progress (task_id, seq, report_date, percent, quantity, text, reported_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (task_id, seq) DO UPDATE SET "
    "report_date = excluded.report_date, percent = excluded.percent, "
    "quantity = excluded.quantity, text = excluded.text, reported_by = excluded.reported_by";
constexpr char kUpsertEvidence[] =
    "INSERT INTO evidence (id, task_id, progress_seq, file_name, media_type, size, sha256, "
    "uploaded_by, uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (id) DO UPDATE SET task_id = excluded.task_id, "
    "progress_seq = excluded.progress_seq, file_name = excluded.file_name, "
    "media_type = excluded.media_type, size = excluded.size, sha256 = excluded.sha256, "
    "uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at";
constexpr char kTaskExists[] = "SELECT 1 FROM task WHERE id = ?1";

// ---- value encodings --------------------------------------------------------------------------

int64_t EncodeDate(const Date& d) {
  return static_cast<int64_t>(d.year) * 10000 + d.month * 100 + d.day;
}
Date DecodeDate(int64_t v) {
  return Date{static_cast<int>(v / 10000), static_cast<int>(v / 100 % 100),
              static_cast<int>(v % 100)};
}

// ---- row readers (column order as in the SELECTs above) ---------------------------------------

model::AdminUnit ReadAdminUnit(sqlite3_stmt* s) {
  model::AdminUnit r;
  r.code = ColumnText(s, 0);
  r.name = ColumnText(s, 1);
  r.level = ColumnEnum<model::AdminLevel>(s, 2);
  r.parent_code = ColumnText(s, 3);
  r.urban_rural = ColumnInt(s, 4);
  return r;
}

model::School ReadSchool(sqlite3_stmt* s) {
  model::School r;
  r.code = ColumnText(s, 0);
  r.name = ColumnText(s, 1);
  r.type_code = ColumnInt(s, 2);
  r.is_public = ColumnBool(s, 3);
  r.inclusive = ColumnBool(s, 4);
  r.rating = ColumnEnum<model::KindergartenRating>(s, 5);
  r.township_code = ColumnText(s, 6);
  r.urban_rural = ColumnInt(s, 7);
  r.boarding = ColumnBool(s, 8);
  r.opened_year = ColumnInt(s, 9);
  r.closed_year = ColumnInt(s, 10);
  return r;
}

model::Facility ReadFacility(sqlite3_stmt* s) {
  model::Facility r;
  r.school_code = ColumnText(s, 0);
  r.year = ColumnInt(s, 1);
  r.teaching_area_m2 = ColumnDouble(s, 2);
  r.sports_area_m2 = ColumnDouble(s, 3);
  r.equipment_value_yuan = ColumnDouble(s, 4);
  r.multimedia_rooms = ColumnInt(s, 5);
  r.computers = ColumnInt(s, 6);
  r.books = ColumnInt(s, 7);
  r.music_rooms = ColumnInt(s, 8);
  r.art_rooms = ColumnInt(s, 9);
  r.labs = ColumnInt(s, 10);
  r.classrooms = ColumnInt(s, 11);
  r.beds = ColumnInt(s, 12);
  r.interactive_terminals = ColumnInt(s, 13);
  return r;
}

model::Class ReadClass(sqlite3_stmt* s) {
  model::Class r;
  r.id = ColumnInt64(s, 0);
  r.school_code = ColumnText(s, 1);
  r.year = ColumnInt(s, 2);
  r.stage = ColumnEnum<model::Stage>(s, 3);
  r.grade = ColumnInt(s, 4);
  r.name = ColumnText(s, 5);
  return r;
}

model::Student ReadStudent(sqlite3_stmt* s) {
  model::Student r;
  r.id = ColumnInt64(s, 0);
  r.id_number = ColumnText(s, 1);
  r.name = ColumnText(s, 2);
  r.gender = ColumnEnum<model::Gender>(s, 3);
  r.ethnicity = ColumnInt(s, 4);
  r.birth_date = DecodeDate(ColumnInt64(s, 5));
  r.hukou_township = ColumnText(s, 6);
  r.migrant = ColumnBool(s, 7);
  r.left_behind = ColumnBool(s, 8);
  r.disability = ColumnInt(s, 9);
  r.financial_aid = ColumnBool(s, 10);
  return r;
}

model::Enrolment ReadEnrolment(sqlite3_stmt* s) {
  model::Enrolment r;
  r.student_id = ColumnInt64(s, 0);
  r.year = ColumnInt(s, 1);
  r.school_code = ColumnText(s, 2);
  r.class_id = ColumnInt64(s, 3);
  r.stage = ColumnEnum<model::Stage>(s, 4);
  r.grade = ColumnInt(s, 5);
  r.status = ColumnEnum<model::EnrolmentStatus>(s, 6);
  r.prev_school_code = ColumnText(s, 7);
  return r;
}

model::HealthRecord ReadHealth(sqlite3_stmt* s) {
  model::HealthRecord r;
  r.student_id = ColumnInt64(s, 0);
  r.year = ColumnInt(s, 1);
  r.exam_done = ColumnBool(s, 2);
  if (!ColumnIsNull(s, 3)) r.myopia = ColumnBool(s, 3);
  if (!ColumnIsNull(s, 4)) r.fitness_score = ColumnDouble(s, 4);
  return r;
}

model::Teacher ReadTeacher(sqlite3_stmt* s) {
  model::Teacher r;
  r.id = ColumnText(s, 0);
  r.name = ColumnText(s, 1);
  r.gender = ColumnEnum<model::Gender>(s, 2);
  r.birth_date = DecodeDate(ColumnInt64(s, 3));
  return r;
}

model::TeacherYear ReadTeacherYear(sqlite3_stmt* s) {
  model::TeacherYear r;
  r.teacher_id = ColumnText(s, 0);
  r.year = ColumnInt(s, 1);
  r.school_code = ColumnText(s, 2);
  r.full_time = ColumnBool(s, 3);
  r.stage = ColumnEnum<model::Stage>(s, 4);
  r.subjects = static_cast<uint32_t>(ColumnInt64(s, 5));
  r.education = ColumnInt(s, 6);
  r.title = ColumnEnum<model::TeacherTitle>(s, 7);
  r.backbone = ColumnEnum<model::BackboneLevel>(s, 8);
  r.master_teacher = ColumnBool(s, 9);
  r.dual_qualified = ColumnBool(s, 10);
  r.certified = ColumnBool(s, 11);
  r.on_staff = ColumnBool(s, 12);
  r.cadre = ColumnBool(s, 13);
  r.training_hours = ColumnDouble(s, 14);
  return r;
}

model::PopulationCount ReadPopulation(sqlite3_stmt* s) {
  return model::PopulationCount{ColumnText(s, 0), ColumnInt(s, 1), ColumnInt(s, 2),
                                ColumnInt64(s, 3)};
}

model::BirthCount ReadBirth(sqlite3_stmt* s) {
  return model::BirthCount{ColumnText(s, 0), ColumnInt(s, 1), ColumnInt(s, 2), ColumnInt64(s, 3)};
}

model::DataValue ReadDataValue(sqlite3_stmt* s) {
  model::DataValue r;
  r.code = ColumnText(s, 0);
  r.unit_code = ColumnText(s, 1);
  r.year = ColumnInt(s, 2);
  r.value = ColumnDouble(s, 3);
  r.unit = ColumnText(s, 4);
  r.source = ColumnText(s, 5);
  r.note = ColumnText(s, 6);
  return r;
}

model::Task ReadTask(sqlite3_stmt* s) {
  model::Task r;
  r.id = ColumnText(s, 0);
  r.plan_id = ColumnText(s, 1);
  r.section_id = ColumnText(s, 2);
  r.title = ColumnText(s, 3);
  r.unit_code = ColumnText(s, 4);
  r.department = ColumnText(s, 5);
  r.lead = ColumnText(s, 6);
  r.target_ids = ColumnText(s, 7);
  r.indicators = ColumnText(s, 8);
  r.planned_quantity = ColumnDouble(s, 9);
  r.quantity_unit = ColumnText(s, 10);
  r.start_date = DecodeDate(ColumnInt64(s, 11));
  r.due_date = DecodeDate(ColumnInt64(s, 12));
  r.cancelled = ColumnInt(s, 13) != 0;
  r.note = ColumnText(s, 14);
  return r;
}

model::Milestone ReadMilestone(sqlite3_stmt* s) {
  model::Milestone r;
  r.task_id = ColumnText(s, 0);
  r.seq = ColumnInt(s, 1);
  r.title = ColumnText(s, 2);
  r.due_date = DecodeDate(ColumnInt64(s, 3));
  r.done_date = DecodeDate(ColumnInt64(s, 4));
  r.planned_quantity = ColumnDouble(s, 5);
  return r;
}

model::TaskProgress ReadProgress(sqlite3_stmt* s) {
  model::TaskProgress r;
  r.task_id = ColumnText(s, 0);
  r.seq = ColumnInt(s, 1);
  r.report_date = DecodeDate(ColumnInt64(s, 2));
  r.percent = ColumnDouble(s, 3);
  r.quantity = ColumnDouble(s, 4);
  r.text = ColumnText(s, 5);
  r.reported_by = ColumnText(s, 6);
  return r;
}

model::Evidence ReadEvidence(sqlite3_stmt* s) {
  model::Evidence r;
  r.id = ColumnText(s, 0);
  r.task_id = ColumnText(s, 1);
  r.progress_seq = ColumnInt(s, 2);
  r.file_name = ColumnText(s, 3);
  r.media_type = ColumnText(s, 4);
  r.size = ColumnInt64(s, 5);
  r.sha256 = ColumnText(s, 6);
  r.uploaded_by = ColumnText(s, 7);
  r.uploaded_at = ColumnInt64(s, 8);
  return r;
}

constexpr char kUpsertMapLayer[] =
    "INSERT INTO map_layer (name, geojson, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (name) DO UPDATE SET geojson = excluded.geojson, "
    "updated_at = excluded.updated_at, updated_by = excluded.updated_by";
constexpr char kGetMapLayer[] =
    "SELECT name, geojson, updated_at, updated_by FROM map_layer WHERE name = ?1";
constexpr char kDeleteMapLayer[] = "DELETE FROM map_layer WHERE name = ?1";

model::MapLayer ReadMapLayer(sqlite3_stmt* s) {
  model::MapLayer r;
  r.name = ColumnText(s, 0);
  r.geojson = ColumnText(s, 1);
  r.updated_at = ColumnInt64(s, 2);
  r.updated_by = ColumnText(s, 3);
  return r;
}

auto NoParams() {
  return [](sqlite3_stmt*) {};
}
// Binds copies of args (they live in the lambda, which outlives the query it is passed to).
template <typename... Args>
auto Params(const Args&... args) {
  return [=](sqlite3_stmt* s) { BindAll(s, args...); };
}
// For tables without foreign keys: any constraint failure is reported as SQLite words it.
auto NoReferences() {
  return [](const auto&) { return Status::Ok(); };
}

// ---- opening ----------------------------------------------------------------------------------

Status NotSqlite(const std::string& path) {
  return Status::InvalidArgument("文件 " + path +
                                 " 不是 zhijiao 数据库（不是 SQLite 数据库文件），文件未被改动 "
                                 "(not a zhijiao database: not a SQLite file; left unchanged)");
}
Status ForeignSqlite(const std::string& path) {
  return Status::InvalidArgument(
      "文件 " + path +
      " 是 SQLite 数据库，但不是 zhijiao 数据库（缺少 zhijiao 的 meta 表），文件未被改动 "
      "(a SQLite database not created by zhijiao; left unchanged)");
}

// Checks, with reads only, that an existing SQLite file is a zhijiao database.
Status CheckIsZhijiao(internal::Connection& db, const std::string& path) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db.handle(), kHasMetaTable, -1, &s, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(s);
  bool has_meta = rc == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
  sqlite3_finalize(s);
  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) return NotSqlite(path);
  if (rc != SQLITE_ROW) return db.Error(rc, "sqlite_schema");
  if (!has_meta) return ForeignSqlite(path);

  s = nullptr;
  rc = sqlite3_prepare_v2(db.handle(), kGetApplication, -1, &s, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(s);
  bool ours = rc == SQLITE_ROW && ColumnText(s, 0) == internal::kApplicationName;
  sqlite3_finalize(s);
  if (!ours) return ForeignSqlite(path);
  return Status::Ok();
}

// Applies the migrations after `from` in one transaction.
Status Migrate(internal::Connection& db) {
  ZJ_RETURN_IF_ERROR(db.Exec(kBeginImmediate));
  auto fail = [&](Status s) {
    if (!sqlite3_get_autocommit(db.handle())) (void)db.Exec(kRollback);
    return s;
  };
  auto version = db.QueryInt(kUserVersion);  // again, now that we hold the write lock
  if (!version.ok()) return fail(version.status());
  const int latest = CurrentSchemaVersion();
  if (*version > latest) {
    return fail(Status::FailedPrecondition(
        "数据库版本 " + std::to_string(*version) + " 高于本程序支持的版本 " +
        std::to_string(latest) + "，请升级 zhijiao (database schema version " +
        std::to_string(*version) + " is newer than this program supports: " +
        std::to_string(latest) + "; please upgrade zhijiao)"));
  }
  for (const internal::Migration& m : internal::Migrations()) {
    if (m.version <= *version) continue;
    Status s = db.Exec(m.sql);
    if (!s.ok()) {
      return fail(Status(s.code(), "数据库升级到版本 " + std::to_string(m.version) + "（" +
                                       std::string(m.name) + "）失败: " + s.message()));
    }
  }
  if (*version < internal::kPlansVersion && latest >= internal::kPlansVersion) {
    if (Status seeded = internal::SeedEmbeddedPlans(db); !seeded.ok()) return fail(seeded);
  }
  Status s = db.Exec(kSetUserVersionPrefix + std::to_string(latest));
  if (!s.ok()) return fail(s);
  s = db.Exec(kCommit);
  if (!s.ok()) return fail(s);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                       OpenOptions options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec && st.type() != fs::file_type::not_found) {
    return Status::IoError("无法访问数据库文件 " + path + " (" + ec.message() + ")");
  }
  bool fresh = false;
  if (st.type() == fs::file_type::not_found) {
    if (!options.create_if_missing || options.read_only) {
      return Status::NotFound("数据库文件 " + path + " 不存在 (database file not found)");
    }
    fresh = true;
  } else if (st.type() != fs::file_type::regular) {
    return Status::InvalidArgument("数据库路径 " + path + " 不是普通文件 (not a regular file)");
  } else {
    std::uintmax_t size = fs::file_size(path, ec);
    if (ec) return Status::IoError("无法读取文件 " + path + " (" + ec.message() + ")");
    if (size == 0) {
      // An empty file holds nothing to protect: it becomes a new database when asked to.
      if (!options.create_if_missing || options.read_only) {
        return Status::InvalidArgument("文件 " + path +
                                       " 为空，不是 zhijiao 数据库 (empty file, not a zhijiao "
                                       "database)");
      }
      fresh = true;
    }
    // The file's header is checked by SQLite itself (CheckIsZhijiao below, before anything is
    // written). It must never be read through another descriptor: closing any descriptor of a
    // file drops every POSIX advisory lock this process holds on it, SQLite's included, and a
    // second connection (OpenReader) is opened while the first one holds locks.
  }

  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (fresh) flags |= SQLITE_OPEN_CREATE;
  ZJ_ASSIGN_OR_RETURN(std::unique_ptr<internal::Connection> db,
                      internal::Connection::Open(path, flags));
  sqlite3_busy_timeout(db->handle(), kBusyTimeoutMs);

  // Nothing below may write to the file until it is known to be ours.
  int64_t version = 0;
  if (!fresh) {
    ZJ_RETURN_IF_ERROR(CheckIsZhijiao(*db, path));
    ZJ_ASSIGN_OR_RETURN(version, db->QueryInt(kUserVersion));
    const int latest = CurrentSchemaVersion();
    if (version > latest) {
      return Status::FailedPrecondition(
          "数据库版本 " + std::to_string(version) + " 高于本程序支持的版本 " +
          std::to_string(latest) + "，请升级 zhijiao (database schema version " +
          std::to_string(version) + " is newer than this program supports: " +
          std::to_string(latest) + "; please upgrade zhijiao)");
    }
    if (version < latest && options.read_only) {
      return Status::FailedPrecondition(
          "数据库版本 " + std::to_string(version) + " 低于本程序的版本 " + std::to_string(latest) +
          "，请先以读写方式打开一次以完成升级 (schema version " + std::to_string(version) +
          " is older than " + std::to_string(latest) + "; open it read-write once to upgrade)");
    }
  }

  if (options.read_only) {
    ZJ_RETURN_IF_ERROR(db->Exec(kReadOnlyPragmas));
  } else {
    ZJ_RETURN_IF_ERROR(db->Exec(kSetWal));
    ZJ_RETURN_IF_ERROR(db->Exec(kConnectionPragmas));
    if (version < CurrentSchemaVersion()) ZJ_RETURN_IF_ERROR(Migrate(*db));
  }
  if (options.cache_mib > 0) {
    ZJ_RETURN_IF_ERROR(
        db->Exec("PRAGMA cache_size = -" + std::to_string(int64_t{options.cache_mib} * 1024)));
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(path, options.read_only, std::move(db)));
}

SqliteStore::SqliteStore(std::string path, bool read_only, std::unique_ptr<internal::Connection> db)
    : path_(std::move(path)), read_only_(read_only), db_(std::move(db)) {}

SqliteStore::~SqliteStore() = default;

// ---- helpers ------------------------------------------------------------------------------------

namespace {

// Rows per multi-row upsert in PutRows (at most 15 columns × 32 = 480 parameters).
constexpr size_t kRowsPerInsert = 32;

// The multi-row form (internal::MultiRowInsert) of an upsert constant, made once per process and
// kept for good: Connection::Prepare caches statements by the address of their SQL. nullptr when
// the statement has no multi-row form.
const char* MultiRowSql(const char* sql) {
  static std::mutex mu;
  static auto* made = new std::unordered_map<const char*, std::string>();
  std::lock_guard<std::mutex> lock(mu);
  auto it = made->find(sql);
  if (it == made->end()) {
    it = made->emplace(sql, internal::MultiRowInsert(sql, static_cast<int>(kRowsPerInsert))).first;
  }
  return it->second.empty() ? nullptr : it->second.c_str();
}

}  // namespace

template <typename WriteFn>
Status SqliteStore::Write(WriteFn write) {
  if (in_transaction_) {
    Status s = read_only_ ? internal::ReadOnlyError() : write();
    if (!s.ok() && transaction_error_.ok()) transaction_error_ = s;
    return s;
  }
  if (read_only_) return internal::ReadOnlyError();
  ZJ_RETURN_IF_ERROR(db_->Exec(kBeginImmediate));
  Status s = write();
  if (s.ok()) s = db_->Exec(kCommit);
  if (!s.ok() && !sqlite3_get_autocommit(db_->handle())) (void)db_->Exec(kRollback);
  return s;
}

template <typename Row, typename BindFn, typename ExplainFn>
Status SqliteStore::PutRows(const char* sql, const std::vector<Row>& rows, BindFn bind,
                            ExplainFn explain, Feeds feeds) {
  if (rows.empty() && !read_only_) return Status::Ok();
  return Write([&]() -> Status {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * one, db_->Prepare(sql));
    StatementScope one_scope(one);
    // One row per statement; a constraint failure is named by explain(row).
    auto put_one = [&](const Row& r) -> Status {
      bind(one, 1, r);
      int rc = sqlite3_step(one);
      if (rc != SQLITE_DONE) {
        Status raw = db_->Error(rc, sql);
        sqlite3_reset(one);
        if ((rc & 0xff) == SQLITE_CONSTRAINT) {
          Status named = explain(r);
          if (!named.ok()) return named;
        }
        return raw;
      }
      sqlite3_reset(one);
      return Status::Ok();
    };
    size_t i = 0;
    const char* many_sql = rows.size() >= kRowsPerInsert ? MultiRowSql(sql) : nullptr;
    if (many_sql != nullptr) {
      // Bulk loads: kRowsPerInsert rows per statement cut SQLite's per-statement cost.
      ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * many, db_->Prepare(many_sql));
      StatementScope many_scope(many);
      const int columns = sqlite3_bind_parameter_count(one);
      for (; i + kRowsPerInsert <= rows.size(); i += kRowsPerInsert) {
        for (size_t k = 0; k < kRowsPerInsert; ++k) {
          bind(many, static_cast<int>(k) * columns + 1, rows[i + k]);
        }
        int rc = sqlite3_step(many);
        if (rc != SQLITE_DONE) {
          Status raw = db_->Error(rc, sql);
          sqlite3_reset(many);
          if ((rc & 0xff) != SQLITE_CONSTRAINT) return raw;
          // The failed statement wrote nothing: redo its rows one by one to name the culprit.
          for (size_t k = 0; k < kRowsPerInsert; ++k) ZJ_RETURN_IF_ERROR(put_one(rows[i + k]));
          return raw;
        }
        sqlite3_reset(many);
      }
    }
    for (; i < rows.size(); ++i) ZJ_RETURN_IF_ERROR(put_one(rows[i]));
    if (feeds == Feeds::kEveryYear) return internal::InvalidateSnapshots(*db_, {});
    if constexpr (requires(const Row& r) { r.year; }) {
      if (feeds == Feeds::kTheirYear) {
        std::vector<int> years;
        for (const Row& r : rows) {
          if (years.empty() || years.back() != r.year) years.push_back(r.year);
        }
        return internal::InvalidateSnapshots(*db_, years);
      }
    }
    return Status::Ok();
  });
}

template <typename Row, typename BindFn, typename ReadFn>
Result<std::vector<Row>> SqliteStore::Query(const char* sql, BindFn bind, ReadFn read,
                                            const char* count_sql) {
  std::vector<Row> out;
  if (count_sql != nullptr) {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * c, db_->Prepare(count_sql));
    StatementScope scope(c);
    bind(c);
    int rc = sqlite3_step(c);
    if (rc != SQLITE_ROW) return db_->Error(rc, count_sql);
    out.reserve(static_cast<size_t>(ColumnInt64(c, 0)));
  }
  ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(sql));
  StatementScope scope(s);
  bind(s);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) out.push_back(read(s));
  if (rc != SQLITE_DONE) return db_->Error(rc, sql);
  return out;
}

template <typename Key>
Result<bool> SqliteStore::Exists(const char* sql, const Key& key) {
  ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(sql));
  StatementScope scope(s);
  BindAll(s, key);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->Error(rc, sql);
}

// ---- metadata -----------------------------------------------------------------------------------

Result<model::DatabaseInfo> SqliteStore::GetInfo() {
  model::DatabaseInfo info;
  ZJ_ASSIGN_OR_RETURN(int64_t version, db_->QueryInt(kUserVersion));
  info.schema_version = static_cast<int>(version);
  ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(kListMeta));
  StatementScope scope(s);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    std::string key = ColumnText(s, 0);
    if (key == "synthetic") info.synthetic = ColumnText(s, 1) == "1";
    if (key == "county_code") info.county_code = ColumnText(s, 1);
    if (key == "created_by") info.created_by = ColumnText(s, 1);
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, kListMeta);
  return info;
}

Status SqliteStore::SetInfo(const model::DatabaseInfo& info) {
  const std::array<std::pair<std::string_view, std::string_view>, 3> entries = {{
      {"synthetic", info.synthetic ? "1" : "0"},
      {"county_code", info.county_code},
      {"created_by", info.created_by},
  }};
  return Write([&]() -> Status {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(kPutMeta));
    for (const auto& [key, value] : entries) {
      StatementScope scope(s);
      BindAll(s, key, value);
      int rc = sqlite3_step(s);
      if (rc != SQLITE_DONE) return db_->Error(rc, kPutMeta);
    }
    return Status::Ok();
  });
}

// ---- transactions -------------------------------------------------------------------------------

Status SqliteStore::RunInTransaction(const std::function<Status()>& fn) {
  if (in_transaction_) return internal::NestedTransactionError();
  ZJ_RETURN_IF_ERROR(db_->Exec(read_only_ ? kBegin : kBeginImmediate));
  auto rollback = [this] {
    if (!sqlite3_get_autocommit(db_->handle())) (void)db_->Exec(kRollback);
  };
  in_transaction_ = true;
  transaction_error_ = Status::Ok();
  Status s;
  try {
    s = fn();
  } catch (...) {
    in_transaction_ = false;
    rollback();
    throw;
  }
  in_transaction_ = false;
  if (s.ok()) s = std::exchange(transaction_error_, Status::Ok());
  transaction_error_ = Status::Ok();
  if (s.ok()) s = db_->Exec(kCommit);
  std::optional<std::pair<int64_t, std::string>> head = std::exchange(pending_audit_head_, {});
  if (!s.ok()) {
    rollback();
    return s;
  }
  if (head) return RecordAuditHead(path_, head->first, head->second);
  return s;
}

// ---- writes -------------------------------------------------------------------------------------

Status SqliteStore::PutAdminUnits(const std::vector<model::AdminUnit>& v) {
  return PutRows(
      kUpsertAdminUnit, v,
      [](sqlite3_stmt* s, int at, const model::AdminUnit& r) {
        BindFrom(s, at, r.code, r.name, r.level, r.parent_code, r.urban_rural);
      },
      NoReferences(), Feeds::kEveryYear);
}

Status SqliteStore::PutSchools(const std::vector<model::School>& v) {
  return PutRows(
      kUpsertSchool, v,
      [](sqlite3_stmt* s, int at, const model::School& r) {
        BindFrom(s, at, r.code, r.name, r.type_code, r.is_public, r.inclusive, r.rating,
                 r.township_code, r.urban_rural, r.boarding, r.opened_year, r.closed_year);
      },
      NoReferences(), Feeds::kEveryYear);
}

Status SqliteStore::PutFacilities(const std::vector<model::Facility>& v) {
  return PutRows(
      kUpsertFacility, v,
      [](sqlite3_stmt* s, int at, const model::Facility& r) {
        BindFrom(s, at, r.school_code, r.year, r.teaching_area_m2, r.sports_area_m2,
                 r.equipment_value_yuan, r.multimedia_rooms, r.computers, r.books, r.music_rooms,
                 r.art_rooms, r.labs, r.classrooms, r.beds, r.interactive_terminals);
      },
      [this](const model::Facility& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool school, Exists(kSchoolExists, r.school_code));
        if (!school) return internal::MissingSchool(internal::Describe(r), r.school_code);
        return Status::Ok();
      },
      Feeds::kTheirYear);
}

Status SqliteStore::PutClasses(const std::vector<model::Class>& v) {
  return PutRows(
      kUpsertClass, v,
      [](sqlite3_stmt* s, int at, const model::Class& r) {
        BindFrom(s, at, r.id, r.school_code, r.year, r.stage, r.grade, r.name);
      },
      [this](const model::Class& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool school, Exists(kSchoolExists, r.school_code));
        if (!school) return internal::MissingSchool(internal::Describe(r), r.school_code);
        return Status::Ok();
      },
      Feeds::kTheirYear);
}

Status SqliteStore::PutStudents(const std::vector<model::Student>& v) {
  return PutRows(
      kUpsertStudent, v,
      [](sqlite3_stmt* s, int at, const model::Student& r) {
        BindFrom(s, at, r.id, r.id_number, r.name, r.gender, r.ethnicity, EncodeDate(r.birth_date),
                 r.hukou_township, r.migrant, r.left_behind, r.disability, r.financial_aid);
      },
      NoReferences(), Feeds::kEveryYear);
}

Status SqliteStore::PutEnrolments(const std::vector<model::Enrolment>& v) {
  return PutRows(
      kUpsertEnrolment, v,
      [](sqlite3_stmt* s, int at, const model::Enrolment& r) {
        BindFrom(s, at, r.student_id, r.year, r.school_code, r.class_id, r.stage, r.grade, r.status,
                 r.prev_school_code);
      },
      [this](const model::Enrolment& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool student, Exists(kStudentExists, r.student_id));
        if (!student) return internal::MissingStudent(internal::Describe(r), r.student_id);
        ZJ_ASSIGN_OR_RETURN(bool school, Exists(kSchoolExists, r.school_code));
        if (!school) return internal::MissingSchool(internal::Describe(r), r.school_code);
        return Status::Ok();
      },
      Feeds::kTheirYear);
}

Status SqliteStore::PutHealthRecords(const std::vector<model::HealthRecord>& v) {
  return PutRows(
      kUpsertHealth, v,
      [](sqlite3_stmt* s, int at, const model::HealthRecord& r) {
        BindFrom(s, at, r.student_id, r.year, r.exam_done, r.myopia, r.fitness_score);
      },
      [this](const model::HealthRecord& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool student, Exists(kStudentExists, r.student_id));
        if (!student) return internal::MissingStudent(internal::Describe(r), r.student_id);
        return Status::Ok();
      },
      Feeds::kTheirYear);
}

Status SqliteStore::PutTeachers(const std::vector<model::Teacher>& v) {
  return PutRows(
      kUpsertTeacher, v,
      [](sqlite3_stmt* s, int at, const model::Teacher& r) {
        BindFrom(s, at, r.id, r.name, r.gender, EncodeDate(r.birth_date));
      },
      NoReferences(), Feeds::kEveryYear);
}

Status SqliteStore::PutTeacherYears(const std::vector<model::TeacherYear>& v) {
  return PutRows(
      kUpsertTeacherYear, v,
      [](sqlite3_stmt* s, int at, const model::TeacherYear& r) {
        BindFrom(s, at, r.teacher_id, r.year, r.school_code, r.full_time, r.stage, r.subjects,
                 r.education, r.title, r.backbone, r.master_teacher, r.dual_qualified, r.certified,
                 r.on_staff, r.cadre, r.training_hours);
      },
      [this](const model::TeacherYear& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool teacher, Exists(kTeacherExists, r.teacher_id));
        if (!teacher) return internal::MissingTeacher(internal::Describe(r), r.teacher_id);
        ZJ_ASSIGN_OR_RETURN(bool school, Exists(kSchoolExists, r.school_code));
        if (!school) return internal::MissingSchool(internal::Describe(r), r.school_code);
        return Status::Ok();
      },
      Feeds::kTheirYear);
}

Status SqliteStore::PutPopulation(const std::vector<model::PopulationCount>& v) {
  return PutRows(
      kUpsertPopulation, v,
      [](sqlite3_stmt* s, int at, const model::PopulationCount& r) {
        BindFrom(s, at, r.township_code, r.year, r.age, r.count);
      },
      NoReferences());
}

Status SqliteStore::PutBirths(const std::vector<model::BirthCount>& v) {
  return PutRows(
      kUpsertBirth, v,
      [](sqlite3_stmt* s, int at, const model::BirthCount& r) {
        BindFrom(s, at, r.township_code, r.year, r.month, r.count);
      },
      NoReferences());
}

Status SqliteStore::PutDataValues(const std::vector<model::DataValue>& v) {
  return PutRows(
      kUpsertDataValue, v,
      [](sqlite3_stmt* s, int at, const model::DataValue& r) {
        BindFrom(s, at, r.code, r.unit_code, r.year, r.value, r.unit, r.source, r.note);
      },
      NoReferences());
}

// ---- reads --------------------------------------------------------------------------------------

// Ledger rows are checked field by field first (same messages as MemoryStore); a failed check
// inside RunInTransaction fails the transaction like a failed write.
Status SqliteStore::PutTasks(const std::vector<model::Task>& v) {
  for (const auto& r : v) {
    if (Status s = internal::CheckTask(r); !s.ok()) return Write([&] { return s; });
  }
  return PutRows(
      kUpsertTask, v,
      [](sqlite3_stmt* s, int at, const model::Task& r) {
        BindFrom(s, at, r.id, r.plan_id, r.section_id, r.title, r.unit_code, r.department, r.lead,
                 r.target_ids, r.indicators, r.planned_quantity, r.quantity_unit,
                 EncodeDate(r.start_date), EncodeDate(r.due_date), r.cancelled, r.note);
      },
      NoReferences());
}

Status SqliteStore::PutMilestones(const std::vector<model::Milestone>& v) {
  for (const auto& r : v) {
    if (Status s = internal::CheckMilestone(r); !s.ok()) return Write([&] { return s; });
  }
  return PutRows(
      kUpsertMilestone, v,
      [](sqlite3_stmt* s, int at, const model::Milestone& r) {
        BindFrom(s, at, r.task_id, r.seq, r.title, EncodeDate(r.due_date), EncodeDate(r.done_date),
                 r.planned_quantity);
      },
      [this](const model::Milestone& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool task, Exists(kTaskExists, r.task_id));
        if (!task) return internal::MissingTask("节点 " + std::to_string(r.seq), r.task_id);
        return Status::Ok();
      });
}

Status SqliteStore::PutTaskProgress(const std::vector<model::TaskProgress>& v) {
  for (const auto& r : v) {
    if (Status s = internal::CheckProgress(r); !s.ok()) return Write([&] { return s; });
  }
  return PutRows(
      kUpsertProgress, v,
      [](sqlite3_stmt* s, int at, const model::TaskProgress& r) {
        BindFrom(s, at, r.task_id, r.seq, EncodeDate(r.report_date), r.percent, r.quantity, r.text,
                 r.reported_by);
      },
      [this](const model::TaskProgress& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool task, Exists(kTaskExists, r.task_id));
        if (!task) return internal::MissingTask("进展 " + std::to_string(r.seq), r.task_id);
        return Status::Ok();
      });
}

Status SqliteStore::PutEvidence(const std::vector<model::Evidence>& v) {
  for (const auto& r : v) {
    if (Status s = internal::CheckEvidence(r); !s.ok()) return Write([&] { return s; });
  }
  return PutRows(
      kUpsertEvidence, v,
      [](sqlite3_stmt* s, int at, const model::Evidence& r) {
        BindFrom(s, at, r.id, r.task_id, r.progress_seq, r.file_name, r.media_type, r.size,
                 r.sha256, r.uploaded_by, r.uploaded_at);
      },
      [](const model::Evidence& r) -> Status {
        return internal::MissingTask(
            "佐证材料 " + r.file_name + "（进展 " + std::to_string(r.progress_seq) + "）",
            r.task_id);
      });
}

Result<std::vector<model::AdminUnit>> SqliteStore::ListAdminUnits() {
  return Query<model::AdminUnit>(sql::kListAdminUnits, NoParams(), ReadAdminUnit);
}

Result<std::vector<model::School>> SqliteStore::ListSchools() {
  return Query<model::School>(sql::kListSchools, NoParams(), ReadSchool);
}

Result<std::optional<model::School>> SqliteStore::GetSchool(const std::string& code) {
  ZJ_ASSIGN_OR_RETURN(auto rows, Query<model::School>(sql::kGetSchool, Params(code), ReadSchool));
  if (rows.empty()) return std::optional<model::School>();
  return std::optional<model::School>(std::move(rows.front()));
}

Result<std::vector<model::Facility>> SqliteStore::ListFacilities(int year) {
  return Query<model::Facility>(sql::kListFacilities, Params(year), ReadFacility);
}

Result<std::vector<model::Class>> SqliteStore::ListClasses(int year) {
  return Query<model::Class>(sql::kListClasses, Params(year), ReadClass);
}

Result<std::vector<model::Student>> SqliteStore::ListStudents(int year) {
  if (year == 0) {
    return Query<model::Student>(sql::kListAllStudents, NoParams(), ReadStudent,
                                 sql::kCountStudents);
  }
  return Query<model::Student>(sql::kListStudentsOfYear, Params(year), ReadStudent,
                               sql::kCountEnrolmentsOfYear);
}

Result<std::optional<model::Student>> SqliteStore::FindStudentByIdNumber(
    const std::string& id_number) {
  ZJ_ASSIGN_OR_RETURN(auto rows, Query<model::Student>(sql::kFindStudentByIdNumber,
                                                       Params(id_number), ReadStudent));
  if (rows.empty()) return std::optional<model::Student>();
  return std::optional<model::Student>(std::move(rows.front()));
}

Result<std::vector<model::Enrolment>> SqliteStore::ListEnrolments(int year) {
  return Query<model::Enrolment>(sql::kListEnrolments, Params(year), ReadEnrolment,
                                 sql::kCountEnrolmentsOfYear);
}

Status SqliteStore::ScanEnrolments(int year,
                                   const std::function<void(const model::EnrolmentFacts&)>& fn) {
  ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(sql::kScanEnrolments));
  StatementScope scope(s);
  BindAll(s, year);
  model::EnrolmentFacts r;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    r.student_id = ColumnInt64(s, 0);
    r.school_code = internal::ColumnTextView(s, 1);
    r.class_id = ColumnInt64(s, 2);
    r.stage = ColumnEnum<model::Stage>(s, 3);
    r.grade = ColumnInt(s, 4);
    r.status = ColumnEnum<model::EnrolmentStatus>(s, 5);
    fn(r);
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, sql::kScanEnrolments);
  return Status::Ok();
}

Status SqliteStore::ScanStudents(int year,
                                 const std::function<void(const model::StudentFacts&)>& fn) {
  const char* sql = year == 0 ? sql::kScanAllStudents : sql::kScanStudentsOfYear;
  ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(sql));
  StatementScope scope(s);
  if (year != 0) BindAll(s, year);
  model::StudentFacts r;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    r.id = ColumnInt64(s, 0);
    r.gender = ColumnEnum<model::Gender>(s, 1);
    r.birth_date = DecodeDate(ColumnInt64(s, 2));
    r.migrant = ColumnBool(s, 3);
    r.left_behind = ColumnBool(s, 4);
    r.disability = ColumnInt(s, 5);
    fn(r);
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, sql);
  return Status::Ok();
}

// ---- second reader ------------------------------------------------------------------------------

Result<model::AuditEntry> SqliteStore::AppendAudit(model::AuditEntry entry,
                                                   const model::AuditHashFn& hash_fn) {
  const bool deferred = in_transaction_;
  ZJ_RETURN_IF_ERROR(
      Write([&] { return internal::AppendAuditRow(db_->handle(), entry, hash_fn); }));
  if (deferred) {  // recorded outside once the transaction commits (RunInTransaction)
    pending_audit_head_ = {entry.seq, entry.hash};
    return entry;
  }
  ZJ_RETURN_IF_ERROR(RecordAuditHead(path_, entry.seq, entry.hash));
  return entry;
}

Result<std::unique_ptr<model::Store>> SqliteStore::OpenReader() {
  // Any open transaction (ours, or one begun on the connection by a storage extension): its
  // uncommitted rows would be invisible to the reader.
  if (in_transaction_ || !sqlite3_get_autocommit(db_->handle())) {
    return std::unique_ptr<model::Store>();
  }
  OpenOptions options;
  options.read_only = true;
  options.cache_mib = 16;  // a one-pass scan gains nothing from a large page cache
  ZJ_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> reader, Open(path_, options));
  return std::unique_ptr<model::Store>(std::move(reader));
}

// ---- snapshot cache -----------------------------------------------------------------------------

Result<int64_t> SqliteStore::SnapshotEpoch() { return internal::SnapshotEpoch(*db_); }

Result<std::optional<std::string>> SqliteStore::ReadSnapshotCache(int year,
                                                                  std::string_view fingerprint) {
  return internal::ReadSnapshot(*db_, year, fingerprint);
}

Result<bool> SqliteStore::WriteSnapshotCache(int year, int64_t epoch, std::string_view fingerprint,
                                             std::string_view data) {
  // A cache entry is not the caller's data: never part of its transaction, never on a read-only
  // connection.
  if (read_only_ || in_transaction_) return false;
  bool stored = false;
  ZJ_RETURN_IF_ERROR(Write([&]() -> Status {
    ZJ_ASSIGN_OR_RETURN(stored,
                        internal::WriteSnapshotIfCurrent(*db_, year, epoch, fingerprint, data));
    return Status::Ok();
  }));
  return stored;
}

Result<std::vector<model::HealthRecord>> SqliteStore::ListHealthRecords(int year) {
  return Query<model::HealthRecord>(sql::kListHealth, Params(year), ReadHealth,
                                    sql::kCountHealthOfYear);
}

Result<std::vector<model::Teacher>> SqliteStore::ListTeachers() {
  return Query<model::Teacher>(sql::kListTeachers, NoParams(), ReadTeacher);
}

Result<std::vector<model::TeacherYear>> SqliteStore::ListTeacherYears(int year) {
  return Query<model::TeacherYear>(sql::kListTeacherYears, Params(year), ReadTeacherYear);
}

Result<std::vector<model::PopulationCount>> SqliteStore::ListPopulation(int year) {
  if (year == 0)
    return Query<model::PopulationCount>(sql::kListAllPopulation, NoParams(), ReadPopulation);
  return Query<model::PopulationCount>(sql::kListPopulationOfYear, Params(year), ReadPopulation);
}

Result<std::vector<model::BirthCount>> SqliteStore::ListBirths() {
  return Query<model::BirthCount>(sql::kListBirths, NoParams(), ReadBirth);
}

Status SqliteStore::PutMapLayer(const model::MapLayer& layer) {
  return PutRows(
      kUpsertMapLayer, std::vector<model::MapLayer>{layer},
      [](sqlite3_stmt* s, int at, const model::MapLayer& r) {
        BindFrom(s, at, r.name, r.geojson, r.updated_at, r.updated_by);
      },
      NoReferences());
}

Result<std::optional<model::MapLayer>> SqliteStore::GetMapLayer(const std::string& name) {
  ZJ_ASSIGN_OR_RETURN(auto rows, Query<model::MapLayer>(kGetMapLayer, Params(name), ReadMapLayer));
  if (rows.empty()) return std::optional<model::MapLayer>();
  return std::optional<model::MapLayer>(std::move(rows.front()));
}

Status SqliteStore::DeleteMapLayer(const std::string& name) {
  return Write([&]() -> Status {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(kDeleteMapLayer));
    StatementScope scope(s);
    BindAll(s, name);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return db_->Error(rc, kDeleteMapLayer);
    return Status::Ok();
  });
}

Result<std::vector<model::DataValue>> SqliteStore::ListDataValues(const std::string& code) {
  if (code.empty())
    return Query<model::DataValue>(sql::kListAllDataValues, NoParams(), ReadDataValue);
  return Query<model::DataValue>(sql::kListDataValuesOfCode, Params(code), ReadDataValue);
}

Result<std::vector<model::Task>> SqliteStore::ListTasks() {
  return Query<model::Task>(sql::kListTasks, NoParams(), ReadTask);
}

Result<std::optional<model::Task>> SqliteStore::GetTask(const std::string& id) {
  ZJ_ASSIGN_OR_RETURN(auto rows, Query<model::Task>(sql::kGetTask, Params(id), ReadTask));
  if (rows.empty()) return std::optional<model::Task>();
  return std::optional<model::Task>(std::move(rows.front()));
}

Result<std::vector<model::Milestone>> SqliteStore::ListMilestones(const std::string& task_id) {
  if (task_id.empty())
    return Query<model::Milestone>(sql::kListAllMilestones, NoParams(), ReadMilestone);
  return Query<model::Milestone>(sql::kListMilestonesOfTask, Params(task_id), ReadMilestone);
}

Result<std::vector<model::TaskProgress>> SqliteStore::ListTaskProgress(const std::string& task_id) {
  if (task_id.empty())
    return Query<model::TaskProgress>(sql::kListAllProgress, NoParams(), ReadProgress);
  return Query<model::TaskProgress>(sql::kListProgressOfTask, Params(task_id), ReadProgress);
}

Result<std::vector<model::Evidence>> SqliteStore::ListEvidence(const std::string& task_id) {
  if (task_id.empty())
    return Query<model::Evidence>(sql::kListAllEvidence, NoParams(), ReadEvidence);
  return Query<model::Evidence>(sql::kListEvidenceOfTask, Params(task_id), ReadEvidence);
}

Result<int64_t> SqliteStore::CountEnrolments(int year) {
  ZJ_ASSIGN_OR_RETURN(std::vector<int64_t> n,
                      Query<int64_t>(sql::kCountEnrolmentsOfYear, Params(int64_t{year}),
                                     [](sqlite3_stmt* s) { return sqlite3_column_int64(s, 0); }));
  return n.empty() ? int64_t{0} : n[0];
}

// ---- plans (migration 6) ------------------------------------------------------------------------

namespace {
constexpr char kPlanColumns[] =
    "id, version, status, title, unit_code, first_year, last_year, baseline_year, target_count, "
    "json, imported_at, imported_by";
constexpr char kInsertPlan[] =
    "INSERT INTO plan (id, version, status, title, unit_code, first_year, last_year, "
    "baseline_year, target_count, json, imported_at, imported_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
constexpr char kListPlans[] =
    "SELECT id, version, status, title, unit_code, first_year, last_year, baseline_year, "
    "target_count, json, imported_at, imported_by FROM plan p "
    "WHERE version = (SELECT max(version) FROM plan q WHERE q.id = p.id) ORDER BY id";
constexpr char kGetPlan[] =
    "SELECT id, version, status, title, unit_code, first_year, last_year, baseline_year, "
    "target_count, json, imported_at, imported_by FROM plan WHERE id = ?1 "
    "ORDER BY version DESC LIMIT 1";
constexpr char kDeletePlan[] = "DELETE FROM plan WHERE id = ?1";

model::StoredPlan ReadPlan(sqlite3_stmt* s) {
  model::StoredPlan p;
  p.id = ColumnText(s, 0);
  p.version = ColumnInt(s, 1);
  p.status = ColumnText(s, 2);
  p.title = ColumnText(s, 3);
  p.unit_code = ColumnText(s, 4);
  p.first_year = ColumnInt(s, 5);
  p.last_year = ColumnInt(s, 6);
  p.baseline_year = ColumnInt(s, 7);
  p.target_count = ColumnInt(s, 8);
  p.json = ColumnText(s, 9);
  p.imported_at = ColumnInt64(s, 10);
  p.imported_by = ColumnText(s, 11);
  return p;
}
}  // namespace

Status SqliteStore::PutPlan(const model::StoredPlan& p) {
  (void)kPlanColumns;
  return Write([&]() -> Status {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(kInsertPlan));
    StatementScope scope(s);
    BindAll(s, p.id, p.version, p.status, p.title, p.unit_code, p.first_year, p.last_year,
            p.baseline_year, p.target_count, p.json, p.imported_at, p.imported_by);
    int rc = sqlite3_step(s);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
      return Status::AlreadyExists("规划 " + p.id + " 的版本 " + std::to_string(p.version) +
                                   " 已存在");
    }
    if (rc != SQLITE_DONE) return db_->Error(rc, kInsertPlan);
    return Status::Ok();
  });
}

Result<std::vector<model::StoredPlan>> SqliteStore::ListPlans() {
  return Query<model::StoredPlan>(kListPlans, NoParams(), ReadPlan);
}

Result<std::optional<model::StoredPlan>> SqliteStore::GetPlan(const std::string& id) {
  ZJ_ASSIGN_OR_RETURN(auto rows, Query<model::StoredPlan>(kGetPlan, Params(id), ReadPlan));
  if (rows.empty()) return std::optional<model::StoredPlan>();
  return std::optional<model::StoredPlan>(std::move(rows.front()));
}

Status SqliteStore::DeletePlan(const std::string& id) {
  return Write([&]() -> Status {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(kDeletePlan));
    StatementScope scope(s);
    BindAll(s, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return db_->Error(rc, kDeletePlan);
    if (sqlite3_changes(db_->handle()) == 0) return Status::NotFound("没有规划：" + id);
    return Status::Ok();
  });
}

Result<std::vector<int>> SqliteStore::ListYears() {
  return Query<int>(sql::kListYears, NoParams(), [](sqlite3_stmt* s) { return ColumnInt(s, 0); });
}

Result<model::StoreCounts> SqliteStore::Counts() {
  ZJ_ASSIGN_OR_RETURN(
      auto rows, Query<model::StoreCounts>(sql::kCounts, NoParams(), [](sqlite3_stmt* s) {
        model::StoreCounts c;
        int64_t* fields[] = {&c.admin_units,   &c.schools,    &c.facilities,     &c.classes,
                             &c.students,      &c.enrolments, &c.health_records, &c.teachers,
                             &c.teacher_years, &c.population, &c.births,         &c.data_values,
                             &c.tasks,         &c.milestones, &c.task_progress,  &c.evidence};
        for (int i = 0; i < 16; ++i) *fields[i] = ColumnInt64(s, i);
        return c;
      }));
  return rows.at(0);
}

}  // namespace zj::storage
