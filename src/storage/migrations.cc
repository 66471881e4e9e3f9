// Schema migrations of the SQLite store: one ordered list, each step a version and its SQL, applied
// in one transaction by SqliteStore::Open. To change the schema, APPEND a step at the end (never
// edit a released step): later modules (accounts, audit, tasks …) add their tables this way.
//
// Conventions: STRICT tables; natural keys as primary keys (WITHOUT ROWID where the key is not a
// single integer); the large yearly tables (enrolment, health, teacher_year) are keyed
// (year, id) so that reading one school year is one contiguous range in natural-key order.
// Booleans are INTEGER 0/1, dates INTEGER yyyymmdd, enums their integer codes.
#include "migrations.h"

#include <array>

#include "sqlite_connection.h"
#include "zj/common/embedded.h"
#include "zj/storage/sqlite_store.h"

namespace zj::storage::internal {
namespace {

// Version 1: the meta table and the county registries.
constexpr char kSchemaV1[] = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES
  ('application', 'zhijiao'), ('synthetic', '0'), ('county_code', ''), ('created_by', '');

CREATE TABLE admin_unit (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  level       INTEGER NOT NULL,
  parent_code TEXT NOT NULL,
  urban_rural INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE school (
  code          TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  type_code     INTEGER NOT NULL,
  is_public     INTEGER NOT NULL,
  inclusive     INTEGER NOT NULL,
  rating        INTEGER NOT NULL,
  township_code TEXT NOT NULL,
  urban_rural   INTEGER NOT NULL,
  boarding      INTEGER NOT NULL,
  opened_year   INTEGER NOT NULL,
  closed_year   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE facility (
  school_code           TEXT NOT NULL REFERENCES school (code),
  year                  INTEGER NOT NULL,
  teaching_area_m2      REAL NOT NULL,
  sports_area_m2        REAL NOT NULL,
  equipment_value_yuan  REAL NOT NULL,
  multimedia_rooms      INTEGER NOT NULL,
  computers             INTEGER NOT NULL,
  books                 INTEGER NOT NULL,
  music_rooms           INTEGER NOT NULL,
  art_rooms             INTEGER NOT NULL,
  labs                  INTEGER NOT NULL,
  classrooms            INTEGER NOT NULL,
  beds                  INTEGER NOT NULL,
  interactive_terminals INTEGER NOT NULL,
  PRIMARY KEY (year, school_code)
) STRICT, WITHOUT ROWID;

CREATE TABLE class (
  id          INTEGER PRIMARY KEY,
  school_code TEXT NOT NULL REFERENCES school (code),
  year        INTEGER NOT NULL,
  stage       INTEGER NOT NULL,
  grade       INTEGER NOT NULL,
  name        TEXT NOT NULL
) STRICT;
CREATE INDEX class_by_year ON class (year, id);

CREATE TABLE student (
  id             INTEGER PRIMARY KEY,
  id_number      TEXT NOT NULL,
  name           TEXT NOT NULL,
  gender         INTEGER NOT NULL,
  ethnicity      INTEGER NOT NULL,
  birth_date     INTEGER NOT NULL,
  hukou_township TEXT NOT NULL,
  migrant        INTEGER NOT NULL,
  left_behind    INTEGER NOT NULL,
  disability     INTEGER NOT NULL,
  financial_aid  INTEGER NOT NULL
) STRICT;
CREATE INDEX student_by_id_number ON student (id_number, id);

CREATE TABLE enrolment (
  year             INTEGER NOT NULL,
  student_id       INTEGER NOT NULL REFERENCES student (id),
  school_code      TEXT NOT NULL REFERENCES school (code),
  class_id         INTEGER NOT NULL,
  stage            INTEGER NOT NULL,
  grade            INTEGER NOT NULL,
  status           INTEGER NOT NULL,
  prev_school_code TEXT NOT NULL,
  PRIMARY KEY (year, student_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE health (
  year          INTEGER NOT NULL,
  student_id    INTEGER NOT NULL REFERENCES student (id),
  exam_done     INTEGER NOT NULL,
  myopia        INTEGER,
  fitness_score REAL,
  PRIMARY KEY (year, student_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE teacher (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  gender     INTEGER NOT NULL,
  birth_date INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE teacher_year (
  year           INTEGER NOT NULL,
  teacher_id     TEXT NOT NULL REFERENCES teacher (id),
  school_code    TEXT NOT NULL REFERENCES school (code),
  full_time      INTEGER NOT NULL,
  stage          INTEGER NOT NULL,
  subjects       INTEGER NOT NULL,
  education      INTEGER NOT NULL,
  title          INTEGER NOT NULL,
  backbone       INTEGER NOT NULL,
  master_teacher INTEGER NOT NULL,
  dual_qualified INTEGER NOT NULL,
  certified      INTEGER NOT NULL,
  on_staff       INTEGER NOT NULL,
  cadre          INTEGER NOT NULL,
  training_hours REAL NOT NULL,
  PRIMARY KEY (year, teacher_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE population (
  township_code TEXT NOT NULL,
  year          INTEGER NOT NULL,
  age           INTEGER NOT NULL,
  count         INTEGER NOT NULL,
  PRIMARY KEY (township_code, year, age)
) STRICT, WITHOUT ROWID;

CREATE TABLE birth (
  township_code TEXT NOT NULL,
  year          INTEGER NOT NULL,
  month         INTEGER NOT NULL,
  count         INTEGER NOT NULL,
  PRIMARY KEY (township_code, year, month)
) STRICT, WITHOUT ROWID;

CREATE TABLE data_value (
  code      TEXT NOT NULL,
  unit_code TEXT NOT NULL,
  year      INTEGER NOT NULL,
  value     REAL NOT NULL,
  unit      TEXT NOT NULL,
  source    TEXT NOT NULL,
  note      TEXT NOT NULL,
  PRIMARY KEY (code, unit_code, year)
) STRICT, WITHOUT ROWID;
)sql";

// Version 2: accounts, sessions, API tokens and the hash-chained, append-only audit log (queries
// in sqlite_accounts.cc; secrets are stored only as argon2id strings and SHA-256 digests).
constexpr char kSchemaV2Accounts[] = R"sql(
CREATE TABLE account_user (
  id                  INTEGER PRIMARY KEY,
  username            TEXT NOT NULL UNIQUE,
  display_name        TEXT NOT NULL,
  role                TEXT NOT NULL,
  unit_code           TEXT NOT NULL,
  view_personal       INTEGER NOT NULL,
  disabled            INTEGER NOT NULL,
  password_hash       TEXT NOT NULL,
  created_at          INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL
) STRICT;

CREATE TABLE account_session (
  id_hash    TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES account_user (id),
  csrf_token TEXT NOT NULL,
  address    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE api_token (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES account_user (id),
  label      TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked    INTEGER NOT NULL
) STRICT;

CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY,
  time        INTEGER NOT NULL,
  user_id     INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  address     TEXT NOT NULL,
  action      TEXT NOT NULL,
  target      TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json  TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql";

// Version 3: the spreadsheet import journal (queries in sqlite_imports.cc): one row per import
// and the before-image of every stored row it wrote ('' when it added the row), for undo.
constexpr char kSchemaV3Imports[] = R"sql(
CREATE TABLE import_run (
  id             INTEGER PRIMARY KEY,
  user           TEXT NOT NULL,
  started_at     INTEGER NOT NULL,
  file_name      TEXT NOT NULL,
  sha256         TEXT NOT NULL,
  table_name     TEXT NOT NULL,
  year           INTEGER NOT NULL,
  rows_read      INTEGER NOT NULL,
  rows_added     INTEGER NOT NULL,
  rows_changed   INTEGER NOT NULL,
  rows_unchanged INTEGER NOT NULL,
  undone_at      INTEGER NOT NULL,
  undone_by      TEXT NOT NULL
) STRICT;

CREATE TABLE import_change (
  import_id  INTEGER NOT NULL REFERENCES import_run (id),
  seq        INTEGER NOT NULL,
  table_name TEXT NOT NULL,
  row_key    TEXT NOT NULL,
  before     TEXT NOT NULL,
  PRIMARY KEY (import_id, seq)
) STRICT, WITHOUT ROWID;
)sql";

// Version 4: the work ledger (工作台账): tasks, their milestones, progress reports and evidence
// files (the bytes live in a folder next to the database; this table holds their metadata).
constexpr char kSchemaV4Ledger[] = R"sql(
CREATE TABLE task (
  id               TEXT PRIMARY KEY,
  plan_id          TEXT NOT NULL,
  section_id       TEXT NOT NULL,
  title            TEXT NOT NULL,
  unit_code        TEXT NOT NULL,
  department       TEXT NOT NULL,
  lead             TEXT NOT NULL,
  target_ids       TEXT NOT NULL,
  indicators       TEXT NOT NULL,
  planned_quantity REAL NOT NULL,
  quantity_unit    TEXT NOT NULL,
  start_date       INTEGER NOT NULL,
  due_date         INTEGER NOT NULL,
  cancelled        INTEGER NOT NULL,
  note             TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE milestone (
  task_id          TEXT NOT NULL REFERENCES task (id),
  seq              INTEGER NOT NULL,
  title            TEXT NOT NULL,
  due_date         INTEGER NOT NULL,
  done_date        INTEGER NOT NULL,
  planned_quantity REAL NOT NULL,
  PRIMARY KEY (task_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE task_progress (
  task_id     TEXT NOT NULL REFERENCES task (id),
  seq         INTEGER NOT NULL,
  report_date INTEGER NOT NULL,
  percent     REAL NOT NULL,
  quantity    REAL NOT NULL,
  text        TEXT NOT NULL,
  reported_by TEXT NOT NULL,
  PRIMARY KEY (task_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE evidence (
  id           TEXT PRIMARY KEY,
  task_id      TEXT NOT NULL,
  progress_seq INTEGER NOT NULL,
  file_name    TEXT NOT NULL,
  media_type   TEXT NOT NULL,
  size         INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  uploaded_by  TEXT NOT NULL,
  uploaded_at  INTEGER NOT NULL,
  FOREIGN KEY (task_id, progress_seq) REFERENCES task_progress (task_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX evidence_by_task ON evidence (task_id, progress_seq, id);
)sql";

// Engine snapshots of a school year, serialised (engine/snapshot_cache.cc), so that loading every
// year does not re-read millions of registry rows. Derived data: every write to a table a snapshot
// is built from deletes the affected years' rows (one statement per write call, in the same
// transaction — not triggers, which cost ~1 µs per imported row) and bumps `epoch`; a snapshot
// built while the epoch moved is not stored.
constexpr char kSchemaV5SnapshotCache[] = R"sql(
CREATE TABLE snapshot_cache (
  year        INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  data        BLOB NOT NULL
) STRICT;
CREATE TABLE snapshot_epoch (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  epoch INTEGER NOT NULL
) STRICT;
INSERT INTO snapshot_epoch (id, epoch) VALUES (1, 0);
)sql";

// Uploaded map layers (GeoJSON text validated by service/map.cc): "townships" is the county's
// 乡镇 boundaries shown on the 大屏 and 总览 maps.
constexpr char kSchemaV6MapLayers[] = R"sql(
CREATE TABLE map_layer (
  name       TEXT PRIMARY KEY,
  geojson    TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;
)sql";

// Version 7: plans as data (docs/plan.md). One row per stored version of a plan file; the
// current plan is the highest version of its id. Ledger tasks name their plan (task.plan_id,
// version 4); a plan they name cannot be deleted (checked in zj::service::DeletePlan). The
// embedded plan of the database's county is stored by SeedEmbeddedPlans in the same upgrade.
constexpr char kSchemaV7Plans[] = R"sql(
CREATE TABLE plan (
  id            TEXT NOT NULL,
  version       INTEGER NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('draft', 'adopted')),
  title         TEXT NOT NULL,
  unit_code     TEXT NOT NULL,
  first_year    INTEGER NOT NULL,
  last_year     INTEGER NOT NULL,
  baseline_year INTEGER NOT NULL,
  target_count  INTEGER NOT NULL,
  json          TEXT NOT NULL,
  imported_at   INTEGER NOT NULL,
  imported_by   TEXT NOT NULL,
  PRIMARY KEY (id, version)
) STRICT;
)sql";

// The embedded plan's columns are read from its JSON by SQLite's JSON functions, so storage needs
// no plan parser (the file is validated by the engine's tests).
constexpr char kSeedPlan[] =
    "INSERT INTO plan (id, version, status, title, unit_code, first_year, last_year, "
    "baseline_year, target_count, json, imported_at, imported_by) "
    "SELECT json_extract(?1, '$.id'), 1, 'adopted', json_extract(?1, '$.title'), "
    "json_extract(?1, '$.unit_code'), json_extract(?1, '$.first_year'), "
    "json_extract(?1, '$.last_year'), json_extract(?1, '$.baseline_year'), "
    "(SELECT count(*) FROM json_each(?1, '$.targets') "
    " WHERE coalesce(json_extract(value, '$.same_as'), '') = ''), ?1, "
    "CAST(strftime('%s', 'now') AS INTEGER), '数据库升级（内置规划）' "
    "WHERE json_extract(?1, '$.unit_code') = "
    "(SELECT value FROM meta WHERE key = 'county_code') "
    "AND NOT EXISTS (SELECT 1 FROM plan WHERE id = json_extract(?1, '$.id'))";

// Append new steps here, version = previous + 1.
constexpr std::array kMigrations = {
    Migration{1, "meta table and county registries", kSchemaV1},
    Migration{2, "accounts, sessions, API tokens, audit log", kSchemaV2Accounts},
    Migration{3, "spreadsheet import journal", kSchemaV3Imports},
    Migration{4, "work ledger: tasks, milestones, progress, evidence", kSchemaV4Ledger},
    Migration{5, "cached engine snapshots", kSchemaV5SnapshotCache},
    Migration{6, "map layers (township boundaries)", kSchemaV6MapLayers},
    Migration{7, "plans as data", kSchemaV7Plans},
};

constexpr bool VersionsAreConsecutive() {
  for (size_t i = 0; i < kMigrations.size(); ++i) {
    if (kMigrations[i].version != static_cast<int>(i) + 1) return false;
  }
  return true;
}
static_assert(VersionsAreConsecutive(), "migration versions must be 1, 2, 3 … in order");

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

static_assert(kPlansVersion <= static_cast<int>(kMigrations.size()));

Status SeedEmbeddedPlans(Connection& db) {
  for (std::string_view path : common::EmbeddedFiles("data/plans/")) {
    // data/plans/<id>.json only (not sub-folders, not the .source.txt texts).
    if (!path.ends_with(".json") ||
        path.find('/', std::string_view("data/plans/").size()) != std::string_view::npos) {
      continue;
    }
    std::optional<std::string_view> text = common::EmbeddedFile(path);
    if (!text) continue;
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db.Prepare(kSeedPlan));
    StatementScope scope(s);
    Bind(s, 1, *text);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return db.Error(rc, kSeedPlan);
  }
  return Status::Ok();
}

}  // namespace zj::storage::internal

namespace zj::storage {
int CurrentSchemaVersion() { return static_cast<int>(internal::Migrations().size()); }
}  // namespace zj::storage
