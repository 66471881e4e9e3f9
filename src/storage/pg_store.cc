// PgStore: opening and identifying a zhijiao database on PostgreSQL, migrations, and the Store
// operations. Writes of a batch are one statement over unnest() of one array parameter per column
// (one round trip per call, any batch length); reads are prepared statements. The SQL mirrors
// sqlite_store.cc column for column (the schema lives in pg_migrations.cc).
#include "zj/storage/pg_store.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "migrations.h"
#include "pg_connection.h"
#include "pg_migrations.h"
#include "registry_sql.h"
#include "store_messages.h"
#include "zj/storage/sqlite_store.h"

namespace zj::storage {

using internal::PgArrays;
using internal::PgBool;
using internal::PgConnection;
using internal::PgDouble;
using internal::PgEnum;
using internal::PgInt;
using internal::PgInt64;
using internal::PgIsNull;
using internal::PgParams;
using internal::PgResult;
using internal::PgText;
namespace sql = internal::sql;

bool IsPostgresUrl(std::string_view path) {
  return path.starts_with("postgresql://") || path.starts_with("postgres://");
}

namespace {

// ---- upserts: INSERT … SELECT DISTINCT ON (key) … FROM unnest(arrays) … ON CONFLICT ------------

struct Column {
  const char* name;
  const char* type;  // the array parameter's element type
};

// "INSERT INTO t (c…) SELECT DISTINCT ON (key…) c… FROM unnest($1::type[], …) WITH ORDINALITY
// AS r (c…, zj_ord) ORDER BY key…, zj_ord DESC ON CONFLICT (key…) DO UPDATE SET c = excluded.c…":
// within one batch the last row of a key wins (ON CONFLICT may not touch a row twice).
std::string UpsertSql(std::string_view table, std::initializer_list<Column> columns,
                      std::initializer_list<const char*> key) {
  std::string names, arrays, keys, sets;
  int i = 0;
  for (const Column& c : columns) {
    names += (i ? ", " : "") + std::string(c.name);
    arrays += (i ? ", $" : "$") + std::to_string(i + 1) + "::" + c.type + "[]";
    bool is_key = std::find_if(key.begin(), key.end(), [&](const char* k) {
                    return std::string_view(k) == c.name;
                  }) != key.end();
    if (!is_key) {
      sets += (sets.empty() ? "" : ", ") + std::string(c.name) + " = excluded." + c.name;
    }
    ++i;
  }
  i = 0;
  for (const char* k : key) keys += (i++ ? ", " : "") + std::string(k);
  return "INSERT INTO " + std::string(table) + " (" + names + ") SELECT DISTINCT ON (" + keys +
         ") " + names + " FROM unnest(" + arrays + ") WITH ORDINALITY AS r (" + names +
         ", zj_ord) ORDER BY " + keys + ", zj_ord DESC ON CONFLICT (" + keys + ") DO UPDATE SET " +
         sets;
}

constexpr const char* kB = "bigint";
constexpr const char* kD = "float8";
constexpr const char* kT = "text";

const std::string& UpsertAdminUnit() {
  static const std::string s = UpsertSql(
      "admin_unit",
      {{"code", kT}, {"name", kT}, {"level", kB}, {"parent_code", kT}, {"urban_rural", kB}},
      {"code"});
  return s;
}
const std::string& UpsertSchool() {
  static const std::string s = UpsertSql("school",
                                         {{"code", kT},
                                          {"name", kT},
                                          {"type_code", kB},
                                          {"is_public", kB},
                                          {"inclusive", kB},
                                          {"rating", kB},
                                          {"township_code", kT},
                                          {"urban_rural", kB},
                                          {"boarding", kB},
                                          {"opened_year", kB},
                                          {"closed_year", kB}},
                                         {"code"});
  return s;
}
const std::string& UpsertFacility() {
  static const std::string s = UpsertSql("facility",
                                         {{"school_code", kT},
                                          {"year", kB},
                                          {"teaching_area_m2", kD},
                                          {"sports_area_m2", kD},
                                          {"equipment_value_yuan", kD},
                                          {"multimedia_rooms", kB},
                                          {"computers", kB},
                                          {"books", kB},
                                          {"music_rooms", kB},
                                          {"art_rooms", kB},
                                          {"labs", kB},
                                          {"classrooms", kB},
                                          {"beds", kB},
                                          {"interactive_terminals", kB}},
                                         {"year", "school_code"});
  return s;
}
const std::string& UpsertClass() {
  static const std::string s = UpsertSql(
      "class",
      {{"id", kB}, {"school_code", kT}, {"year", kB}, {"stage", kB}, {"grade", kB}, {"name", kT}},
      {"id"});
  return s;
}
const std::string& UpsertStudent() {
  static const std::string s = UpsertSql("student",
                                         {{"id", kB},
                                          {"id_number", kT},
                                          {"name", kT},
                                          {"gender", kB},
                                          {"ethnicity", kB},
                                          {"birth_date", kB},
                                          {"hukou_township", kT},
                                          {"migrant", kB},
                                          {"left_behind", kB},
                                          {"disability", kB},
                                          {"financial_aid", kB}},
                                         {"id"});
  return s;
}
const std::string& UpsertEnrolment() {
  static const std::string s = UpsertSql("enrolment",
                                         {{"student_id", kB},
                                          {"year", kB},
                                          {"school_code", kT},
                                          {"class_id", kB},
                                          {"stage", kB},
                                          {"grade", kB},
                                          {"status", kB},
                                          {"prev_school_code", kT}},
                                         {"year", "student_id"});
  return s;
}
const std::string& UpsertHealth() {
  static const std::string s = UpsertSql(
      "health",
      {{"student_id", kB}, {"year", kB}, {"exam_done", kB}, {"myopia", kB}, {"fitness_score", kD}},
      {"year", "student_id"});
  return s;
}
const std::string& UpsertTeacher() {
  static const std::string s =
      UpsertSql("teacher", {{"id", kT}, {"name", kT}, {"gender", kB}, {"birth_date", kB}}, {"id"});
  return s;
}
const std::string& UpsertTeacherYear() {
  static const std::string s = UpsertSql("teacher_year",
                                         {{"teacher_id", kT},
                                          {"year", kB},
                                          {"school_code", kT},
                                          {"full_time", kB},
                                          {"stage", kB},
                                          {"subjects", kB},
                                          {"education", kB},
                                          {"title", kB},
                                          {"backbone", kB},
                                          {"master_teacher", kB},
                                          {"dual_qualified", kB},
                                          {"certified", kB},
                                          {"on_staff", kB},
                                          {"cadre", kB},
                                          {"training_hours", kD}},
                                         {"year", "teacher_id"});
  return s;
}
const std::string& UpsertPopulation() {
  static const std::string s =
      UpsertSql("population", {{"township_code", kT}, {"year", kB}, {"age", kB}, {"count", kB}},
                {"township_code", "year", "age"});
  return s;
}
const std::string& UpsertBirth() {
  static const std::string s =
      UpsertSql("birth", {{"township_code", kT}, {"year", kB}, {"month", kB}, {"count", kB}},
                {"township_code", "year", "month"});
  return s;
}
const std::string& UpsertDataValue() {
  static const std::string s = UpsertSql("data_value",
                                         {{"code", kT},
                                          {"unit_code", kT},
                                          {"year", kB},
                                          {"value", kD},
                                          {"unit", kT},
                                          {"source", kT},
                                          {"note", kT}},
                                         {"code", "unit_code", "year"});
  return s;
}
const std::string& UpsertTask() {
  static const std::string s = UpsertSql("task",
                                         {{"id", kT},
                                          {"plan_id", kT},
                                          {"section_id", kT},
                                          {"title", kT},
                                          {"unit_code", kT},
                                          {"department", kT},
                                          {"lead", kT},
                                          {"target_ids", kT},
                                          {"indicators", kT},
                                          {"planned_quantity", kD},
                                          {"quantity_unit", kT},
                                          {"start_date", kB},
                                          {"due_date", kB},
                                          {"cancelled", kB},
                                          {"note", kT}},
                                         {"id"});
  return s;
}
const std::string& UpsertMilestone() {
  static const std::string s = UpsertSql("milestone",
                                         {{"task_id", kT},
                                          {"seq", kB},
                                          {"title", kT},
                                          {"due_date", kB},
                                          {"done_date", kB},
                                          {"planned_quantity", kD}},
                                         {"task_id", "seq"});
  return s;
}
const std::string& UpsertProgress() {
  static const std::string s = UpsertSql("task_progress",
                                         {{"task_id", kT},
                                          {"seq", kB},
                                          {"report_date", kB},
                                          {"percent", kD},
                                          {"quantity", kD},
                                          {"text", kT},
                                          {"reported_by", kT}},
                                         {"task_id", "seq"});
  return s;
}
const std::string& UpsertEvidence() {
  static const std::string s = UpsertSql("evidence",
                                         {{"id", kT},
                                          {"task_id", kT},
                                          {"progress_seq", kB},
                                          {"file_name", kT},
                                          {"media_type", kT},
                                          {"size", kB},
                                          {"sha256", kT},
                                          {"uploaded_by", kT},
                                          {"uploaded_at", kB}},
                                         {"id"});
  return s;
}

// ---- existence checks (name the missing reference after a foreign-key failure) ----------------

constexpr char kSchoolExists[] = "SELECT 1 FROM school WHERE code = $1";
constexpr char kStudentExists[] = "SELECT 1 FROM student WHERE id = $1";
constexpr char kTeacherExists[] = "SELECT 1 FROM teacher WHERE id = $1";
constexpr char kTaskExists[] = "SELECT 1 FROM task WHERE id = $1";
constexpr char kProgressExists[] = "SELECT 1 FROM task_progress WHERE task_id = $1 AND seq = $2";

// ---- metadata, snapshot cache, audit ----------------------------------------------------------

constexpr char kListMeta[] = "SELECT key, value FROM meta";
constexpr char kPutMeta[] =
    "INSERT INTO meta (key, value) VALUES ($1, $2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
constexpr char kSchemaVersion[] = "SELECT version FROM schema_version WHERE id = 1";
constexpr char kSetSchemaVersion[] = "UPDATE schema_version SET version = $1 WHERE id = 1";
// Tables of the current schema, and whether it holds zhijiao's meta table and marker.
constexpr char kCountTables[] =
    "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()";
constexpr char kHasTable[] =
    "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
    "AND tablename = $1";
constexpr char kGetApplication[] = "SELECT value FROM meta WHERE key = 'application'";
// Any fixed number: the lock that serialises migrations (and, below, audit appends).
constexpr char kMigrationLock[] = "SELECT pg_advisory_xact_lock(7152263301)";
constexpr char kAuditLock[] = "SELECT pg_advisory_xact_lock(7152263302)";

constexpr char kBumpEpoch[] = "UPDATE snapshot_epoch SET epoch = epoch + 1 WHERE id = 1";
constexpr char kDeleteAllSnapshots[] = "DELETE FROM snapshot_cache";
constexpr char kDeleteSnapshotYears[] =
    "DELETE FROM snapshot_cache WHERE year = ANY ($1::bigint[])";
constexpr char kEpoch[] = "SELECT epoch FROM snapshot_epoch WHERE id = 1";
constexpr char kReadSnapshot[] = "SELECT fingerprint, data FROM snapshot_cache WHERE year = $1";
constexpr char kWriteSnapshot[] =
    "INSERT INTO snapshot_cache (year, fingerprint, data) VALUES ($1, $2, $3) "
    "ON CONFLICT (year) DO UPDATE SET fingerprint = excluded.fingerprint, data = excluded.data";

constexpr char kAuditHead[] = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
constexpr char kAuditInsert[] =
    "INSERT INTO audit_log (seq, time, user_id, actor, address, action, target, before_json, "
    "after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

// ---- value encodings (as in the SQLite file) --------------------------------------------------

int64_t EncodeDate(const Date& d) {
  return int64_t{d.year} * 10000 + int64_t{d.month} * 100 + d.day;
}
Date DecodeDate(int64_t v) {
  return Date{static_cast<int>(v / 10000), static_cast<int>(v / 100 % 100),
              static_cast<int>(v % 100)};
}
std::string Str(const PGresult* r, int row, int col) { return std::string(PgText(r, row, col)); }

// ---- row readers (column order as in the SELECTs above) ---------------------------------------

model::AdminUnit ReadAdminUnit(const PGresult* r, int i) {
  model::AdminUnit u;
  u.code = Str(r, i, 0);
  u.name = Str(r, i, 1);
  u.level = PgEnum<model::AdminLevel>(r, i, 2);
  u.parent_code = Str(r, i, 3);
  u.urban_rural = PgInt(r, i, 4);
  return u;
}

model::School ReadSchool(const PGresult* r, int i) {
  model::School s;
  s.code = Str(r, i, 0);
  s.name = Str(r, i, 1);
  s.type_code = PgInt(r, i, 2);
  s.is_public = PgBool(r, i, 3);
  s.inclusive = PgBool(r, i, 4);
  s.rating = PgEnum<model::KindergartenRating>(r, i, 5);
  s.township_code = Str(r, i, 6);
  s.urban_rural = PgInt(r, i, 7);
  s.boarding = PgBool(r, i, 8);
  s.opened_year = PgInt(r, i, 9);
  s.closed_year = PgInt(r, i, 10);
  return s;
}

model::Facility ReadFacility(const PGresult* r, int i) {
  model::Facility f;
  f.school_code = Str(r, i, 0);
  f.year = PgInt(r, i, 1);
  f.teaching_area_m2 = PgDouble(r, i, 2);
  f.sports_area_m2 = PgDouble(r, i, 3);
  f.equipment_value_yuan = PgDouble(r, i, 4);
  f.multimedia_rooms = PgInt(r, i, 5);
  f.computers = PgInt(r, i, 6);
  f.books = PgInt(r, i, 7);
  f.music_rooms = PgInt(r, i, 8);
  f.art_rooms = PgInt(r, i, 9);
  f.labs = PgInt(r, i, 10);
  f.classrooms = PgInt(r, i, 11);
  f.beds = PgInt(r, i, 12);
  f.interactive_terminals = PgInt(r, i, 13);
  return f;
}

model::Class ReadClass(const PGresult* r, int i) {
  model::Class c;
  c.id = PgInt64(r, i, 0);
  c.school_code = Str(r, i, 1);
  c.year = PgInt(r, i, 2);
  c.stage = PgEnum<model::Stage>(r, i, 3);
  c.grade = PgInt(r, i, 4);
  c.name = Str(r, i, 5);
  return c;
}

model::Student ReadStudent(const PGresult* r, int i) {
  model::Student s;
  s.id = PgInt64(r, i, 0);
  s.id_number = Str(r, i, 1);
  s.name = Str(r, i, 2);
  s.gender = PgEnum<model::Gender>(r, i, 3);
  s.ethnicity = PgInt(r, i, 4);
  s.birth_date = DecodeDate(PgInt64(r, i, 5));
  s.hukou_township = Str(r, i, 6);
  s.migrant = PgBool(r, i, 7);
  s.left_behind = PgBool(r, i, 8);
  s.disability = PgInt(r, i, 9);
  s.financial_aid = PgBool(r, i, 10);
  return s;
}

model::Enrolment ReadEnrolment(const PGresult* r, int i) {
  model::Enrolment e;
  e.student_id = PgInt64(r, i, 0);
  e.year = PgInt(r, i, 1);
  e.school_code = Str(r, i, 2);
  e.class_id = PgInt64(r, i, 3);
  e.stage = PgEnum<model::Stage>(r, i, 4);
  e.grade = PgInt(r, i, 5);
  e.status = PgEnum<model::EnrolmentStatus>(r, i, 6);
  e.prev_school_code = Str(r, i, 7);
  return e;
}

model::HealthRecord ReadHealth(const PGresult* r, int i) {
  model::HealthRecord h;
  h.student_id = PgInt64(r, i, 0);
  h.year = PgInt(r, i, 1);
  h.exam_done = PgBool(r, i, 2);
  if (!PgIsNull(r, i, 3)) h.myopia = PgBool(r, i, 3);
  if (!PgIsNull(r, i, 4)) h.fitness_score = PgDouble(r, i, 4);
  return h;
}

model::Teacher ReadTeacher(const PGresult* r, int i) {
  model::Teacher t;
  t.id = Str(r, i, 0);
  t.name = Str(r, i, 1);
  t.gender = PgEnum<model::Gender>(r, i, 2);
  t.birth_date = DecodeDate(PgInt64(r, i, 3));
  return t;
}

model::TeacherYear ReadTeacherYear(const PGresult* r, int i) {
  model::TeacherYear t;
  t.teacher_id = Str(r, i, 0);
  t.year = PgInt(r, i, 1);
  t.school_code = Str(r, i, 2);
  t.full_time = PgBool(r, i, 3);
  t.stage = PgEnum<model::Stage>(r, i, 4);
  t.subjects = static_cast<uint32_t>(PgInt64(r, i, 5));
  t.education = PgInt(r, i, 6);
  t.title = PgEnum<model::TeacherTitle>(r, i, 7);
  t.backbone = PgEnum<model::BackboneLevel>(r, i, 8);
  t.master_teacher = PgBool(r, i, 9);
  t.dual_qualified = PgBool(r, i, 10);
  t.certified = PgBool(r, i, 11);
  t.on_staff = PgBool(r, i, 12);
  t.cadre = PgBool(r, i, 13);
  t.training_hours = PgDouble(r, i, 14);
  return t;
}

model::PopulationCount ReadPopulation(const PGresult* r, int i) {
  return model::PopulationCount{Str(r, i, 0), PgInt(r, i, 1), PgInt(r, i, 2), PgInt64(r, i, 3)};
}

model::BirthCount ReadBirth(const PGresult* r, int i) {
  return model::BirthCount{Str(r, i, 0), PgInt(r, i, 1), PgInt(r, i, 2), PgInt64(r, i, 3)};
}

model::DataValue ReadDataValue(const PGresult* r, int i) {
  model::DataValue d;
  d.code = Str(r, i, 0);
  d.unit_code = Str(r, i, 1);
  d.year = PgInt(r, i, 2);
  d.value = PgDouble(r, i, 3);
  d.unit = Str(r, i, 4);
  d.source = Str(r, i, 5);
  d.note = Str(r, i, 6);
  return d;
}

model::Task ReadTask(const PGresult* r, int i) {
  model::Task t;
  t.id = Str(r, i, 0);
  t.plan_id = Str(r, i, 1);
  t.section_id = Str(r, i, 2);
  t.title = Str(r, i, 3);
  t.unit_code = Str(r, i, 4);
  t.department = Str(r, i, 5);
  t.lead = Str(r, i, 6);
  t.target_ids = Str(r, i, 7);
  t.indicators = Str(r, i, 8);
  t.planned_quantity = PgDouble(r, i, 9);
  t.quantity_unit = Str(r, i, 10);
  t.start_date = DecodeDate(PgInt64(r, i, 11));
  t.due_date = DecodeDate(PgInt64(r, i, 12));
  t.cancelled = PgBool(r, i, 13);
  t.note = Str(r, i, 14);
  return t;
}

model::Milestone ReadMilestone(const PGresult* r, int i) {
  model::Milestone m;
  m.task_id = Str(r, i, 0);
  m.seq = PgInt(r, i, 1);
  m.title = Str(r, i, 2);
  m.due_date = DecodeDate(PgInt64(r, i, 3));
  m.done_date = DecodeDate(PgInt64(r, i, 4));
  m.planned_quantity = PgDouble(r, i, 5);
  return m;
}

model::TaskProgress ReadProgress(const PGresult* r, int i) {
  model::TaskProgress p;
  p.task_id = Str(r, i, 0);
  p.seq = PgInt(r, i, 1);
  p.report_date = DecodeDate(PgInt64(r, i, 2));
  p.percent = PgDouble(r, i, 3);
  p.quantity = PgDouble(r, i, 4);
  p.text = Str(r, i, 5);
  p.reported_by = Str(r, i, 6);
  return p;
}

model::Evidence ReadEvidence(const PGresult* r, int i) {
  model::Evidence e;
  e.id = Str(r, i, 0);
  e.task_id = Str(r, i, 1);
  e.progress_seq = PgInt(r, i, 2);
  e.file_name = Str(r, i, 3);
  e.media_type = Str(r, i, 4);
  e.size = PgInt64(r, i, 5);
  e.sha256 = Str(r, i, 6);
  e.uploaded_by = Str(r, i, 7);
  e.uploaded_at = PgInt64(r, i, 8);
  return e;
}

template <typename... Args>
PgParams Params(const Args&... args) {
  PgParams p;
  (p.Add(args), ...);
  return p;
}
auto NoReferences() {
  return [](const auto&) { return Status::Ok(); };
}

// ---- opening ----------------------------------------------------------------------------------

Status ForeignDatabase(const std::string& url) {
  return Status::InvalidArgument(
      "PostgreSQL 数据库 " + internal::RedactConnInfo(url) +
      " 中已有其他表，但不是 zhijiao 数据库（缺少 zhijiao 的 meta 表），未做任何改动 "
      "(the database holds tables not created by zhijiao; left unchanged)");
}

Status NewerSchema(int64_t version, int latest) {
  return Status::FailedPrecondition(
      "数据库版本 " + std::to_string(version) + " 高于本程序支持的版本 " + std::to_string(latest) +
      "，请升级 zhijiao (database schema version " + std::to_string(version) +
      " is newer than this program supports: " + std::to_string(latest) +
      "; please upgrade zhijiao)");
}

// The schema version of a database known to be zhijiao's (0 before step 1 ran).
Result<int64_t> ReadVersion(PgConnection& db) {
  ZJ_ASSIGN_OR_RETURN(int64_t has, db.QueryInt(kHasTable, Params("schema_version")));
  if (has == 0) return int64_t{0};
  return db.QueryInt(kSchemaVersion);
}

// Applies the missing steps in one transaction, under the migration lock.
Status Migrate(PgConnection& db) {
  ZJ_RETURN_IF_ERROR(db.Exec("BEGIN"));
  auto fail = [&](Status s) {
    (void)db.Exec("ROLLBACK");
    return s;
  };
  if (Status s = db.Exec(kMigrationLock); !s.ok()) return fail(s);
  auto version = ReadVersion(db);  // again, now that we hold the lock
  if (!version.ok()) return fail(version.status());
  const int latest = CurrentSchemaVersion();
  if (*version > latest) return fail(NewerSchema(*version, latest));
  for (const internal::Migration& m : internal::PgMigrations()) {
    if (m.version <= *version) continue;
    Status s = db.Exec(std::string(m.sql));
    if (!s.ok()) {
      return fail(Status(s.code(), "数据库升级到版本 " + std::to_string(m.version) + "（" +
                                       std::string(m.name) + "）失败: " + s.message()));
    }
  }
  if (Status s = db.Run(kSetSchemaVersion, Params(int64_t{latest})).status(); !s.ok()) {
    return fail(s);
  }
  if (Status s = db.Exec("COMMIT"); !s.ok()) return fail(s);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<PgStore>> PgStore::Open(const std::string& url, OpenOptions options) {
  if (internal::PgMigrations().size() != internal::Migrations().size()) {
    return Status::Internal("PostgreSQL 迁移步骤与 SQLite 不一致 (migration lists differ)");
  }
  ZJ_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> db, PgConnection::Open(url));
  const std::string shown = internal::RedactConnInfo(url);
  // Nothing below may write until the database is known to be ours (or empty).
  ZJ_ASSIGN_OR_RETURN(int64_t tables, db->QueryInt(kCountTables));
  int64_t version = 0;
  if (tables == 0) {
    if (!options.create_if_missing || options.read_only) {
      return Status::NotFound("PostgreSQL 数据库 " + shown +
                              " 中还没有 zhijiao 数据 (no zhijiao tables in this database)");
    }
  } else {
    ZJ_ASSIGN_OR_RETURN(int64_t has_meta, db->QueryInt(kHasTable, Params("meta")));
    if (has_meta == 0) return ForeignDatabase(url);
    ZJ_ASSIGN_OR_RETURN(PgResult app, db->Run(kGetApplication));
    if (PQntuples(app.get()) != 1 || PgText(app.get(), 0, 0) != internal::kApplicationName) {
      return ForeignDatabase(url);
    }
    ZJ_ASSIGN_OR_RETURN(version, ReadVersion(*db));
    const int latest = CurrentSchemaVersion();
    if (version > latest) return NewerSchema(version, latest);
    if (version < latest && options.read_only) {
      return Status::FailedPrecondition(
          "数据库版本 " + std::to_string(version) + " 低于本程序的版本 " + std::to_string(latest) +
          "，请先以读写方式打开一次以完成升级 (schema version " + std::to_string(version) +
          " is older than " + std::to_string(latest) + "; open it read-write once to upgrade)");
    }
  }
  if (options.read_only) {
    ZJ_RETURN_IF_ERROR(db->Exec("SET default_transaction_read_only = on"));
  } else if (version < CurrentSchemaVersion()) {
    ZJ_RETURN_IF_ERROR(Migrate(*db));
  }
  return std::unique_ptr<PgStore>(new PgStore(url, options.read_only, std::move(db)));
}

PgStore::PgStore(std::string url, bool read_only, std::unique_ptr<PgConnection> db)
    : url_(std::move(url)), read_only_(read_only), db_(std::move(db)) {}

PgStore::~PgStore() = default;

// ---- helpers ------------------------------------------------------------------------------------

template <typename WriteFn>
Status PgStore::Write(WriteFn write) {
  if (read_only_) {
    Status s = internal::ReadOnlyError();
    if (in_transaction_ && transaction_error_.ok()) transaction_error_ = s;
    return s;
  }
  if (in_transaction_) {
    // A savepoint undoes a failed write at once, so the transaction stays usable (reads inside
    // fn still work); the failure is remembered and rolls the whole transaction back at its end.
    ZJ_RETURN_IF_ERROR(db_->Exec("SAVEPOINT zj_write"));
    Status s = write();
    if (s.ok()) s = db_->Exec("RELEASE SAVEPOINT zj_write");
    if (!s.ok()) {
      (void)db_->Exec("ROLLBACK TO SAVEPOINT zj_write");
      if (transaction_error_.ok()) transaction_error_ = s;
    }
    return s;
  }
  ZJ_RETURN_IF_ERROR(db_->Exec("BEGIN"));
  Status s = write();
  if (s.ok()) s = db_->Exec("COMMIT");
  if (!s.ok()) (void)db_->Exec("ROLLBACK");
  return s;
}

template <typename Row, typename AddFn, typename ExplainFn>
Status PgStore::PutRows(const std::string& sql, int columns, const std::vector<Row>& rows,
                        AddFn add, ExplainFn explain, Feeds feeds) {
  if (rows.empty() && !read_only_) return Status::Ok();
  return Write([&]() -> Status {
    PgArrays arrays(columns);
    for (const Row& r : rows) add(arrays, r);
    // Inner savepoint: after a constraint failure the references are looked up to name the
    // record, which needs a transaction that has not failed.
    ZJ_RETURN_IF_ERROR(db_->Exec("SAVEPOINT zj_put"));
    auto done = db_->Run(sql, arrays.Finish());
    if (!done.ok()) {
      const bool constraint = db_->LastWasConstraintViolation();
      ZJ_RETURN_IF_ERROR(db_->Exec("ROLLBACK TO SAVEPOINT zj_put"));
      if (constraint) {
        for (const Row& r : rows) ZJ_RETURN_IF_ERROR(explain(r));
      }
      return done.status();
    }
    ZJ_RETURN_IF_ERROR(db_->Exec("RELEASE SAVEPOINT zj_put"));
    if (feeds == Feeds::kEveryYear) return InvalidateSnapshots({});
    if constexpr (requires(const Row& r) { r.year; }) {
      if (feeds == Feeds::kTheirYear) {
        std::vector<int> years;
        years.reserve(rows.size());
        for (const Row& r : rows) years.push_back(r.year);
        std::sort(years.begin(), years.end());
        years.erase(std::unique(years.begin(), years.end()), years.end());
        return InvalidateSnapshots(years);
      }
    }
    return Status::Ok();
  });
}

Status PgStore::InvalidateSnapshots(const std::vector<int>& years) {
  ZJ_RETURN_IF_ERROR(db_->Run(kBumpEpoch).status());
  if (years.empty()) return db_->Run(kDeleteAllSnapshots).status();
  PgArrays list(1);
  for (int y : years) list.Add(y);
  return db_->Run(kDeleteSnapshotYears, list.Finish()).status();
}

template <typename Row, typename ReadFn>
Result<std::vector<Row>> PgStore::Query(const std::string& sql, const PgParams& params,
                                        ReadFn read) {
  ZJ_ASSIGN_OR_RETURN(PgResult r, db_->Run(sql, params));
  const int n = PQntuples(r.get());
  std::vector<Row> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out.push_back(read(r.get(), i));
  return out;
}

Result<bool> PgStore::Exists(const std::string& sql, const PgParams& params) {
  ZJ_ASSIGN_OR_RETURN(PgResult r, db_->Run(sql, params));
  return PQntuples(r.get()) > 0;
}

// ---- metadata -----------------------------------------------------------------------------------

Result<model::DatabaseInfo> PgStore::GetInfo() {
  model::DatabaseInfo info;
  ZJ_ASSIGN_OR_RETURN(int64_t version, db_->QueryInt(kSchemaVersion));
  info.schema_version = static_cast<int>(version);
  ZJ_ASSIGN_OR_RETURN(PgResult r, db_->Run(kListMeta));
  for (int i = 0; i < PQntuples(r.get()); ++i) {
    std::string_view key = PgText(r.get(), i, 0);
    std::string value = Str(r.get(), i, 1);
    if (key == "synthetic") info.synthetic = value == "1";
    if (key == "county_code") info.county_code = value;
    if (key == "created_by") info.created_by = value;
  }
  return info;
}

Status PgStore::SetInfo(const model::DatabaseInfo& info) {
  const std::array<std::pair<std::string_view, std::string_view>, 3> entries = {{
      {"synthetic", info.synthetic ? "1" : "0"},
      {"county_code", info.county_code},
      {"created_by", info.created_by},
  }};
  return Write([&]() -> Status {
    for (const auto& [key, value] : entries) {
      ZJ_RETURN_IF_ERROR(db_->Run(kPutMeta, Params(key, value)).status());
    }
    return Status::Ok();
  });
}

// ---- transactions -------------------------------------------------------------------------------

Status PgStore::RunInTransaction(const std::function<Status()>& fn) {
  if (in_transaction_) return internal::NestedTransactionError();
  ZJ_RETURN_IF_ERROR(db_->Exec("BEGIN"));
  in_transaction_ = true;
  transaction_error_ = Status::Ok();
  Status s;
  try {
    s = fn();
  } catch (...) {
    in_transaction_ = false;
    (void)db_->Exec("ROLLBACK");
    throw;
  }
  in_transaction_ = false;
  if (s.ok()) s = std::exchange(transaction_error_, Status::Ok());
  transaction_error_ = Status::Ok();
  if (s.ok()) s = db_->Exec("COMMIT");
  if (!s.ok()) (void)db_->Exec("ROLLBACK");
  return s;
}

// ---- writes -------------------------------------------------------------------------------------

Status PgStore::PutAdminUnits(const std::vector<model::AdminUnit>& v) {
  return PutRows(
      UpsertAdminUnit(), 5, v,
      [](PgArrays& a, const model::AdminUnit& r) {
        a.AddRow(r.code, r.name, r.level, r.parent_code, r.urban_rural);
      },
      NoReferences(), Feeds::kEveryYear);
}

Status PgStore::PutSchools(const std::vector<model::School>& v) {
  return PutRows(
      UpsertSchool(), 11, v,
      [](PgArrays& a, const model::School& r) {
        a.AddRow(r.code, r.name, r.type_code, r.is_public, r.inclusive, r.rating, r.township_code,
                 r.urban_rural, r.boarding, r.opened_year, r.closed_year);
      },
      NoReferences(), Feeds::kEveryYear);
}

Status PgStore::PutFacilities(const std::vector<model::Facility>& v) {
  return PutRows(
      UpsertFacility(), 14, v,
      [](PgArrays& a, const model::Facility& r) {
        a.AddRow(r.school_code, r.year, r.teaching_area_m2, r.sports_area_m2,
                 r.equipment_value_yuan, r.multimedia_rooms, r.computers, r.books, r.music_rooms,
                 r.art_rooms, r.labs, r.classrooms, r.beds, r.interactive_terminals);
      },
      [this](const model::Facility& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool school, Exists(kSchoolExists, Params(r.school_code)));
        if (!school) return internal::MissingSchool(internal::Describe(r), r.school_code);
        return Status::Ok();
      },
      Feeds::kTheirYear);
}

Status PgStore::PutClasses(const std::vector<model::Class>& v) {
  return PutRows(
      UpsertClass(), 6, v,
      [](PgArrays& a, const model::Class& r) {
        a.AddRow(r.id, r.school_code, r.year, r.stage, r.grade, r.name);
      },
      [this](const model::Class& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool school, Exists(kSchoolExists, Params(r.school_code)));
        if (!school) return internal::MissingSchool(internal::Describe(r), r.school_code);
        return Status::Ok();
      },
      Feeds::kTheirYear);
}

Status PgStore::PutStudents(const std::vector<model::Student>& v) {
  return PutRows(
      UpsertStudent(), 11, v,
      [](PgArrays& a, const model::Student& r) {
        a.AddRow(r.id, r.id_number, r.name, r.gender, r.ethnicity, EncodeDate(r.birth_date),
                 r.hukou_township, r.migrant, r.left_behind, r.disability, r.financial_aid);
      },
      NoReferences(), Feeds::kEveryYear);
}

Status PgStore::PutEnrolments(const std::vector<model::Enrolment>& v) {
  return PutRows(
      UpsertEnrolment(), 8, v,
      [](PgArrays& a, const model::Enrolment& r) {
        a.AddRow(r.student_id, r.year, r.school_code, r.class_id, r.stage, r.grade, r.status,
                 r.prev_school_code);
      },
      [this](const model::Enrolment& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool student, Exists(kStudentExists, Params(r.student_id)));
        if (!student) return internal::MissingStudent(internal::Describe(r), r.student_id);
        ZJ_ASSIGN_OR_RETURN(bool school, Exists(kSchoolExists, Params(r.school_code)));
        if (!school) return internal::MissingSchool(internal::Describe(r), r.school_code);
        return Status::Ok();
      },
      Feeds::kTheirYear);
}

Status PgStore::PutHealthRecords(const std::vector<model::HealthRecord>& v) {
  return PutRows(
      UpsertHealth(), 5, v,
      [](PgArrays& a, const model::HealthRecord& r) {
        a.AddRow(r.student_id, r.year, r.exam_done, r.myopia, r.fitness_score);
      },
      [this](const model::HealthRecord& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool student, Exists(kStudentExists, Params(r.student_id)));
        if (!student) return internal::MissingStudent(internal::Describe(r), r.student_id);
        return Status::Ok();
      },
      Feeds::kTheirYear);
}

Status PgStore::PutTeachers(const std::vector<model::Teacher>& v) {
  return PutRows(
      UpsertTeacher(), 4, v,
      [](PgArrays& a, const model::Teacher& r) {
        a.AddRow(r.id, r.name, r.gender, EncodeDate(r.birth_date));
      },
      NoReferences(), Feeds::kEveryYear);
}

Status PgStore::PutTeacherYears(const std::vector<model::TeacherYear>& v) {
  return PutRows(
      UpsertTeacherYear(), 15, v,
      [](PgArrays& a, const model::TeacherYear& r) {
        a.AddRow(r.teacher_id, r.year, r.school_code, r.full_time, r.stage, r.subjects, r.education,
                 r.title, r.backbone, r.master_teacher, r.dual_qualified, r.certified, r.on_staff,
                 r.cadre, r.training_hours);
      },
      [this](const model::TeacherYear& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool teacher, Exists(kTeacherExists, Params(r.teacher_id)));
        if (!teacher) return internal::MissingTeacher(internal::Describe(r), r.teacher_id);
        ZJ_ASSIGN_OR_RETURN(bool school, Exists(kSchoolExists, Params(r.school_code)));
        if (!school) return internal::MissingSchool(internal::Describe(r), r.school_code);
        return Status::Ok();
      },
      Feeds::kTheirYear);
}

Status PgStore::PutPopulation(const std::vector<model::PopulationCount>& v) {
  return PutRows(
      UpsertPopulation(), 4, v,
      [](PgArrays& a, const model::PopulationCount& r) {
        a.AddRow(r.township_code, r.year, r.age, r.count);
      },
      NoReferences());
}

Status PgStore::PutBirths(const std::vector<model::BirthCount>& v) {
  return PutRows(
      UpsertBirth(), 4, v,
      [](PgArrays& a, const model::BirthCount& r) {
        a.AddRow(r.township_code, r.year, r.month, r.count);
      },
      NoReferences());
}

Status PgStore::PutDataValues(const std::vector<model::DataValue>& v) {
  return PutRows(
      UpsertDataValue(), 7, v,
      [](PgArrays& a, const model::DataValue& r) {
        a.AddRow(r.code, r.unit_code, r.year, r.value, r.unit, r.source, r.note);
      },
      NoReferences());
}

// Ledger rows are checked field by field first (same messages as the other stores); a failed
// check inside RunInTransaction fails the transaction like a failed write.
Status PgStore::PutTasks(const std::vector<model::Task>& v) {
  for (const auto& r : v) {
    if (Status s = internal::CheckTask(r); !s.ok()) return Write([&] { return s; });
  }
  return PutRows(
      UpsertTask(), 15, v,
      [](PgArrays& a, const model::Task& r) {
        a.AddRow(r.id, r.plan_id, r.section_id, r.title, r.unit_code, r.department, r.lead,
                 r.target_ids, r.indicators, r.planned_quantity, r.quantity_unit,
                 EncodeDate(r.start_date), EncodeDate(r.due_date), r.cancelled, r.note);
      },
      NoReferences());
}

Status PgStore::PutMilestones(const std::vector<model::Milestone>& v) {
  for (const auto& r : v) {
    if (Status s = internal::CheckMilestone(r); !s.ok()) return Write([&] { return s; });
  }
  return PutRows(
      UpsertMilestone(), 6, v,
      [](PgArrays& a, const model::Milestone& r) {
        a.AddRow(r.task_id, r.seq, r.title, EncodeDate(r.due_date), EncodeDate(r.done_date),
                 r.planned_quantity);
      },
      [this](const model::Milestone& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool task, Exists(kTaskExists, Params(r.task_id)));
        if (!task) return internal::MissingTask("节点 " + std::to_string(r.seq), r.task_id);
        return Status::Ok();
      });
}

Status PgStore::PutTaskProgress(const std::vector<model::TaskProgress>& v) {
  for (const auto& r : v) {
    if (Status s = internal::CheckProgress(r); !s.ok()) return Write([&] { return s; });
  }
  return PutRows(
      UpsertProgress(), 7, v,
      [](PgArrays& a, const model::TaskProgress& r) {
        a.AddRow(r.task_id, r.seq, EncodeDate(r.report_date), r.percent, r.quantity, r.text,
                 r.reported_by);
      },
      [this](const model::TaskProgress& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool task, Exists(kTaskExists, Params(r.task_id)));
        if (!task) return internal::MissingTask("进展 " + std::to_string(r.seq), r.task_id);
        return Status::Ok();
      });
}

Status PgStore::PutEvidence(const std::vector<model::Evidence>& v) {
  for (const auto& r : v) {
    if (Status s = internal::CheckEvidence(r); !s.ok()) return Write([&] { return s; });
  }
  return PutRows(
      UpsertEvidence(), 9, v,
      [](PgArrays& a, const model::Evidence& r) {
        a.AddRow(r.id, r.task_id, r.progress_seq, r.file_name, r.media_type, r.size, r.sha256,
                 r.uploaded_by, r.uploaded_at);
      },
      [this](const model::Evidence& r) -> Status {
        ZJ_ASSIGN_OR_RETURN(bool progress,
                            Exists(kProgressExists, Params(r.task_id, r.progress_seq)));
        if (progress) return Status::Ok();
        return internal::MissingTask(
            "佐证材料 " + r.file_name + "（进展 " + std::to_string(r.progress_seq) + "）",
            r.task_id);
      });
}

// ---- reads --------------------------------------------------------------------------------------

Result<std::vector<model::AdminUnit>> PgStore::ListAdminUnits() {
  return Query<model::AdminUnit>(sql::kListAdminUnits, {}, ReadAdminUnit);
}

Result<std::vector<model::School>> PgStore::ListSchools() {
  return Query<model::School>(sql::kListSchools, {}, ReadSchool);
}

Result<std::optional<model::School>> PgStore::GetSchool(const std::string& code) {
  ZJ_ASSIGN_OR_RETURN(auto rows, Query<model::School>(sql::kGetSchool, Params(code), ReadSchool));
  if (rows.empty()) return std::optional<model::School>();
  return std::optional<model::School>(std::move(rows.front()));
}

Result<std::vector<model::Facility>> PgStore::ListFacilities(int year) {
  return Query<model::Facility>(sql::kListFacilities, Params(year), ReadFacility);
}

Result<std::vector<model::Class>> PgStore::ListClasses(int year) {
  return Query<model::Class>(sql::kListClasses, Params(year), ReadClass);
}

Result<std::vector<model::Student>> PgStore::ListStudents(int year) {
  if (year == 0) return Query<model::Student>(sql::kListAllStudents, {}, ReadStudent);
  return Query<model::Student>(sql::kListStudentsOfYear, Params(year), ReadStudent);
}

Result<std::optional<model::Student>> PgStore::FindStudentByIdNumber(const std::string& id_number) {
  ZJ_ASSIGN_OR_RETURN(auto rows, Query<model::Student>(sql::kFindStudentByIdNumber,
                                                       Params(id_number), ReadStudent));
  if (rows.empty()) return std::optional<model::Student>();
  return std::optional<model::Student>(std::move(rows.front()));
}

Result<std::vector<model::Enrolment>> PgStore::ListEnrolments(int year) {
  return Query<model::Enrolment>(sql::kListEnrolments, Params(year), ReadEnrolment);
}

Status PgStore::ScanEnrolments(int year,
                               const std::function<void(const model::EnrolmentFacts&)>& fn) {
  ZJ_ASSIGN_OR_RETURN(PgResult res, db_->Run(sql::kScanEnrolments, Params(year)));
  const PGresult* r = res.get();
  model::EnrolmentFacts f;
  for (int i = 0, n = PQntuples(r); i < n; ++i) {
    f.student_id = PgInt64(r, i, 0);
    f.school_code = PgText(r, i, 1);
    f.class_id = PgInt64(r, i, 2);
    f.stage = PgEnum<model::Stage>(r, i, 3);
    f.grade = PgInt(r, i, 4);
    f.status = PgEnum<model::EnrolmentStatus>(r, i, 5);
    fn(f);
  }
  return Status::Ok();
}

Status PgStore::ScanStudents(int year, const std::function<void(const model::StudentFacts&)>& fn) {
  auto res = year == 0 ? db_->Run(sql::kScanAllStudents)
                       : db_->Run(sql::kScanStudentsOfYear, Params(year));
  if (!res.ok()) return res.status();
  const PGresult* r = res->get();
  model::StudentFacts f;
  for (int i = 0, n = PQntuples(r); i < n; ++i) {
    f.id = PgInt64(r, i, 0);
    f.gender = PgEnum<model::Gender>(r, i, 1);
    f.birth_date = DecodeDate(PgInt64(r, i, 2));
    f.migrant = PgBool(r, i, 3);
    f.left_behind = PgBool(r, i, 4);
    f.disability = PgInt(r, i, 5);
    fn(f);
  }
  return Status::Ok();
}

Result<std::vector<model::HealthRecord>> PgStore::ListHealthRecords(int year) {
  return Query<model::HealthRecord>(sql::kListHealth, Params(year), ReadHealth);
}

Result<std::vector<model::Teacher>> PgStore::ListTeachers() {
  return Query<model::Teacher>(sql::kListTeachers, {}, ReadTeacher);
}

Result<std::vector<model::TeacherYear>> PgStore::ListTeacherYears(int year) {
  return Query<model::TeacherYear>(sql::kListTeacherYears, Params(year), ReadTeacherYear);
}

Result<std::vector<model::PopulationCount>> PgStore::ListPopulation(int year) {
  if (year == 0) return Query<model::PopulationCount>(sql::kListAllPopulation, {}, ReadPopulation);
  return Query<model::PopulationCount>(sql::kListPopulationOfYear, Params(year), ReadPopulation);
}

Result<std::vector<model::BirthCount>> PgStore::ListBirths() {
  return Query<model::BirthCount>(sql::kListBirths, {}, ReadBirth);
}

Result<std::vector<model::DataValue>> PgStore::ListDataValues(const std::string& code) {
  if (code.empty()) return Query<model::DataValue>(sql::kListAllDataValues, {}, ReadDataValue);
  return Query<model::DataValue>(sql::kListDataValuesOfCode, Params(code), ReadDataValue);
}

Result<std::vector<model::Task>> PgStore::ListTasks() {
  return Query<model::Task>(sql::kListTasks, {}, ReadTask);
}

Result<std::optional<model::Task>> PgStore::GetTask(const std::string& id) {
  ZJ_ASSIGN_OR_RETURN(auto rows, Query<model::Task>(sql::kGetTask, Params(id), ReadTask));
  if (rows.empty()) return std::optional<model::Task>();
  return std::optional<model::Task>(std::move(rows.front()));
}

Result<std::vector<model::Milestone>> PgStore::ListMilestones(const std::string& task_id) {
  if (task_id.empty()) return Query<model::Milestone>(sql::kListAllMilestones, {}, ReadMilestone);
  return Query<model::Milestone>(sql::kListMilestonesOfTask, Params(task_id), ReadMilestone);
}

Result<std::vector<model::TaskProgress>> PgStore::ListTaskProgress(const std::string& task_id) {
  if (task_id.empty()) return Query<model::TaskProgress>(sql::kListAllProgress, {}, ReadProgress);
  return Query<model::TaskProgress>(sql::kListProgressOfTask, Params(task_id), ReadProgress);
}

Result<std::vector<model::Evidence>> PgStore::ListEvidence(const std::string& task_id) {
  if (task_id.empty()) return Query<model::Evidence>(sql::kListAllEvidence, {}, ReadEvidence);
  return Query<model::Evidence>(sql::kListEvidenceOfTask, Params(task_id), ReadEvidence);
}

// ---- map layers and plans
// ------------------------------------------------------------------------

namespace {
constexpr char kPgUpsertMapLayer[] =
    "INSERT INTO map_layer (name, geojson, updated_at, updated_by) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (name) DO UPDATE SET geojson = excluded.geojson, "
    "updated_at = excluded.updated_at, updated_by = excluded.updated_by";
constexpr char kPgGetMapLayer[] =
    "SELECT name, geojson, updated_at, updated_by FROM map_layer WHERE name = $1";
constexpr char kPgDeleteMapLayer[] = "DELETE FROM map_layer WHERE name = $1";
constexpr char kPgInsertPlan[] =
    "INSERT INTO plan (id, version, status, title, unit_code, first_year, last_year, "
    "baseline_year, target_count, json, imported_at, imported_by) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
constexpr char kPgListPlans[] =
    "SELECT id, version, status, title, unit_code, first_year, last_year, baseline_year, "
    "target_count, json, imported_at, imported_by FROM plan p "
    "WHERE version = (SELECT max(version) FROM plan q WHERE q.id = p.id) ORDER BY id";
constexpr char kPgGetPlan[] =
    "SELECT id, version, status, title, unit_code, first_year, last_year, baseline_year, "
    "target_count, json, imported_at, imported_by FROM plan WHERE id = $1 "
    "ORDER BY version DESC LIMIT 1";
constexpr char kPgDeletePlan[] = "DELETE FROM plan WHERE id = $1";

model::MapLayer ReadMapLayer(const PGresult* r, int i) {
  model::MapLayer m;
  m.name = Str(r, i, 0);
  m.geojson = Str(r, i, 1);
  m.updated_at = PgInt64(r, i, 2);
  m.updated_by = Str(r, i, 3);
  return m;
}

model::StoredPlan ReadPlan(const PGresult* r, int i) {
  model::StoredPlan p;
  p.id = Str(r, i, 0);
  p.version = PgInt(r, i, 1);
  p.status = Str(r, i, 2);
  p.title = Str(r, i, 3);
  p.unit_code = Str(r, i, 4);
  p.first_year = PgInt(r, i, 5);
  p.last_year = PgInt(r, i, 6);
  p.baseline_year = PgInt(r, i, 7);
  p.target_count = PgInt(r, i, 8);
  p.json = Str(r, i, 9);
  p.imported_at = PgInt64(r, i, 10);
  p.imported_by = Str(r, i, 11);
  return p;
}
}  // namespace

Status PgStore::PutMapLayer(const model::MapLayer& m) {
  return Write([&]() -> Status {
    return db_->Run(kPgUpsertMapLayer, Params(m.name, m.geojson, m.updated_at, m.updated_by))
        .status();
  });
}

Result<std::optional<model::MapLayer>> PgStore::GetMapLayer(const std::string& name) {
  ZJ_ASSIGN_OR_RETURN(auto rows,
                      Query<model::MapLayer>(kPgGetMapLayer, Params(name), ReadMapLayer));
  if (rows.empty()) return std::optional<model::MapLayer>();
  return std::optional<model::MapLayer>(std::move(rows.front()));
}

Status PgStore::DeleteMapLayer(const std::string& name) {
  return Write([&]() -> Status { return db_->Run(kPgDeleteMapLayer, Params(name)).status(); });
}

Status PgStore::PutPlan(const model::StoredPlan& p) {
  return Write([&]() -> Status {
    auto done =
        db_->Run(kPgInsertPlan,
                 Params(p.id, p.version, p.status, p.title, p.unit_code, p.first_year, p.last_year,
                        p.baseline_year, p.target_count, p.json, p.imported_at, p.imported_by));
    if (!done.ok() && db_->LastWasConstraintViolation()) {
      return Status::AlreadyExists("规划 " + p.id + " 的版本 " + std::to_string(p.version) +
                                   " 已存在");
    }
    return done.status();
  });
}

Result<std::vector<model::StoredPlan>> PgStore::ListPlans() {
  return Query<model::StoredPlan>(kPgListPlans, {}, ReadPlan);
}

Result<std::optional<model::StoredPlan>> PgStore::GetPlan(const std::string& id) {
  ZJ_ASSIGN_OR_RETURN(auto rows, Query<model::StoredPlan>(kPgGetPlan, Params(id), ReadPlan));
  if (rows.empty()) return std::optional<model::StoredPlan>();
  return std::optional<model::StoredPlan>(std::move(rows.front()));
}

Status PgStore::DeletePlan(const std::string& id) {
  return Write([&]() -> Status {
    ZJ_ASSIGN_OR_RETURN(PgResult r, db_->Run(kPgDeletePlan, Params(id)));
    if (std::string(PQcmdTuples(r.get())) == "0") return Status::NotFound("没有规划：" + id);
    return Status::Ok();
  });
}

Result<int64_t> PgStore::CountEnrolments(int year) {
  return db_->QueryInt(sql::kCountEnrolmentsOfYear, Params(year));
}

Result<std::vector<int>> PgStore::ListYears() {
  return Query<int>(sql::kListYears, {}, [](const PGresult* r, int i) { return PgInt(r, i, 0); });
}

Result<model::StoreCounts> PgStore::Counts() {
  ZJ_ASSIGN_OR_RETURN(PgResult r, db_->Run(sql::kCounts));
  model::StoreCounts c;
  int64_t* fields[] = {&c.admin_units,   &c.schools,    &c.facilities,     &c.classes,
                       &c.students,      &c.enrolments, &c.health_records, &c.teachers,
                       &c.teacher_years, &c.population, &c.births,         &c.data_values,
                       &c.tasks,         &c.milestones, &c.task_progress,  &c.evidence};
  for (int i = 0; i < 16; ++i) *fields[i] = PgInt64(r.get(), 0, i);
  return c;
}

// ---- snapshot cache -----------------------------------------------------------------------------

Result<int64_t> PgStore::SnapshotEpoch() { return db_->QueryInt(kEpoch); }

Result<std::optional<std::string>> PgStore::ReadSnapshotCache(int year,
                                                              std::string_view fingerprint) {
  ZJ_ASSIGN_OR_RETURN(PgResult r, db_->Run(kReadSnapshot, Params(year), /*binary_result=*/true));
  if (PQntuples(r.get()) == 0) return std::optional<std::string>();
  if (PgText(r.get(), 0, 0) != fingerprint) return std::optional<std::string>();
  return std::optional<std::string>(std::string(PgText(r.get(), 0, 1)));
}

Result<bool> PgStore::WriteSnapshotCache(int year, int64_t epoch, std::string_view fingerprint,
                                         std::string_view data) {
  // A cache entry is not the caller's data: never part of its transaction, never read-only.
  if (read_only_ || in_transaction_) return false;
  bool stored = false;
  ZJ_RETURN_IF_ERROR(Write([&]() -> Status {
    // The row lock on snapshot_epoch makes the check and the write see the same epoch.
    ZJ_ASSIGN_OR_RETURN(int64_t now, db_->QueryInt(std::string(kEpoch) + " FOR UPDATE"));
    if (now != epoch) return Status::Ok();  // a record changed while the snapshot was built
    PgParams p;
    p.Add(year).Add(fingerprint).AddBinary(data);
    ZJ_RETURN_IF_ERROR(db_->Run(kWriteSnapshot, p).status());
    stored = true;
    return Status::Ok();
  }));
  return stored;
}

// ---- second reader and audit --------------------------------------------------------------------

Result<std::unique_ptr<model::Store>> PgStore::OpenReader() {
  if (in_transaction_) return std::unique_ptr<model::Store>();
  OpenOptions options;
  options.read_only = true;
  ZJ_ASSIGN_OR_RETURN(std::unique_ptr<PgStore> reader, Open(url_, options));
  return std::unique_ptr<model::Store>(std::move(reader));
}

Result<model::AuditEntry> PgStore::AppendAudit(model::AuditEntry entry,
                                               const model::AuditHashFn& hash_fn) {
  ZJ_RETURN_IF_ERROR(Write([&]() -> Status {
    // Held to the end of the transaction: appenders on other connections wait here, so two never
    // read the same head.
    ZJ_RETURN_IF_ERROR(db_->Exec(kAuditLock));
    ZJ_ASSIGN_OR_RETURN(PgResult head, db_->Run(kAuditHead));
    if (PQntuples(head.get()) > 0) {
      entry.seq = PgInt64(head.get(), 0, 0) + 1;
      entry.prev_hash = Str(head.get(), 0, 1);
    } else {
      entry.seq = 1;
      entry.prev_hash = std::string(model::kAuditGenesisHash);
    }
    entry.hash = hash_fn(entry);
    return db_
        ->Run(kAuditInsert, Params(entry.seq, entry.time, entry.user_id, entry.actor, entry.address,
                                   entry.action, entry.target, entry.before_json, entry.after_json,
                                   entry.prev_hash, entry.hash))
        .status();
  }));
  return entry;
}

}  // namespace zj::storage
