// Schema migrations of the PostgreSQL store: the SQLite steps of migrations.cc translated one for
// one (same version numbers, same tables, columns, keys and indexes), applied in one transaction
// by PgStore::Open. A step appended to migrations.cc must be appended here too (the storage tests
// check that both lists have the same length).
//
// Type mapping: INTEGER → bigint, REAL → double precision, TEXT → text COLLATE "C" (byte order,
// as SQLite's BINARY collation, so natural-key order and primary keys agree with SQLite), BLOB →
// bytea. Booleans stay bigint 0/1, dates bigint yyyymmdd, enums their integer codes, so a row
// reads the same from both stores. The SQLite triggers that keep audit_log append-only become a
// PL/pgSQL trigger function. The schema version lives in the one-row table schema_version.
#include "pg_migrations.h"

#include <array>

namespace zj::storage::internal {
namespace {

constexpr char kPgSchemaV1[] = R"sql(
CREATE TABLE schema_version (
  id      bigint PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO schema_version (id, version) VALUES (1, 0);

CREATE TABLE meta (
  key   text COLLATE "C" PRIMARY KEY,
  value text COLLATE "C" NOT NULL
);
INSERT INTO meta (key, value) VALUES
  ('application', 'zhijiao'), ('synthetic', '0'), ('county_code', ''), ('created_by', '');

CREATE TABLE admin_unit (
  code        text COLLATE "C" PRIMARY KEY,
  name        text COLLATE "C" NOT NULL,
  level       bigint NOT NULL,
  parent_code text COLLATE "C" NOT NULL,
  urban_rural bigint NOT NULL
);

CREATE TABLE school (
  code          text COLLATE "C" PRIMARY KEY,
  name          text COLLATE "C" NOT NULL,
  type_code     bigint NOT NULL,
  is_public     bigint NOT NULL,
  inclusive     bigint NOT NULL,
  rating        bigint NOT NULL,
  township_code text COLLATE "C" NOT NULL,
  urban_rural   bigint NOT NULL,
  boarding      bigint NOT NULL,
  opened_year   bigint NOT NULL,
  closed_year   bigint NOT NULL
);

CREATE TABLE facility (
  school_code           text COLLATE "C" NOT NULL REFERENCES school (code),
  year                  bigint NOT NULL,
  teaching_area_m2      double precision NOT NULL,
  sports_area_m2        double precision NOT NULL,
  equipment_value_yuan  double precision NOT NULL,
  multimedia_rooms      bigint NOT NULL,
  computers             bigint NOT NULL,
  books                 bigint NOT NULL,
  music_rooms           bigint NOT NULL,
  art_rooms             bigint NOT NULL,
  labs                  bigint NOT NULL,
  classrooms            bigint NOT NULL,
  beds                  bigint NOT NULL,
  interactive_terminals bigint NOT NULL,
  PRIMARY KEY (year, school_code)
);

CREATE TABLE class (
  id          bigint PRIMARY KEY,
  school_code text COLLATE "C" NOT NULL REFERENCES school (code),
  year        bigint NOT NULL,
  stage       bigint NOT NULL,
  grade       bigint NOT NULL,
  name        text COLLATE "C" NOT NULL
);
CREATE INDEX class_by_year ON class (year, id);

CREATE TABLE student (
  id             bigint PRIMARY KEY,
  id_number      text COLLATE "C" NOT NULL,
  name           text COLLATE "C" NOT NULL,
  gender         bigint NOT NULL,
  ethnicity      bigint NOT NULL,
  birth_date     bigint NOT NULL,
  hukou_township text COLLATE "C" NOT NULL,
  migrant        bigint NOT NULL,
  left_behind    bigint NOT NULL,
  disability     bigint NOT NULL,
  financial_aid  bigint NOT NULL
);
CREATE INDEX student_by_id_number ON student (id_number, id);

CREATE TABLE enrolment (
  year             bigint NOT NULL,
  student_id       bigint NOT NULL REFERENCES student (id),
  school_code      text COLLATE "C" NOT NULL REFERENCES school (code),
  class_id         bigint NOT NULL,
  stage            bigint NOT NULL,
  grade            bigint NOT NULL,
  status           bigint NOT NULL,
  prev_school_code text COLLATE "C" NOT NULL,
  PRIMARY KEY (year, student_id)
);

CREATE TABLE health (
  year          bigint NOT NULL,
  student_id    bigint NOT NULL REFERENCES student (id),
  exam_done     bigint NOT NULL,
  myopia        bigint,
  fitness_score double precision,
  PRIMARY KEY (year, student_id)
);

CREATE TABLE teacher (
  id         text COLLATE "C" PRIMARY KEY,
  name       text COLLATE "C" NOT NULL,
  gender     bigint NOT NULL,
  birth_date bigint NOT NULL
);

CREATE TABLE teacher_year (
  year           bigint NOT NULL,
  teacher_id     text COLLATE "C" NOT NULL REFERENCES teacher (id),
  school_code    text COLLATE "C" NOT NULL REFERENCES school (code),
  full_time      bigint NOT NULL,
  stage          bigint NOT NULL,
  subjects       bigint NOT NULL,
  education      bigint NOT NULL,
  title          bigint NOT NULL,
  backbone       bigint NOT NULL,
  master_teacher bigint NOT NULL,
  dual_qualified bigint NOT NULL,
  certified      bigint NOT NULL,
  on_staff       bigint NOT NULL,
  cadre          bigint NOT NULL,
  training_hours double precision NOT NULL,
  PRIMARY KEY (year, teacher_id)
);

CREATE TABLE population (
  township_code text COLLATE "C" NOT NULL,
  year          bigint NOT NULL,
  age           bigint NOT NULL,
  count         bigint NOT NULL,
  PRIMARY KEY (township_code, year, age)
);

CREATE TABLE birth (
  township_code text COLLATE "C" NOT NULL,
  year          bigint NOT NULL,
  month         bigint NOT NULL,
  count         bigint NOT NULL,
  PRIMARY KEY (township_code, year, month)
);

CREATE TABLE data_value (
  code      text COLLATE "C" NOT NULL,
  unit_code text COLLATE "C" NOT NULL,
  year      bigint NOT NULL,
  value     double precision NOT NULL,
  unit      text COLLATE "C" NOT NULL,
  source    text COLLATE "C" NOT NULL,
  note      text COLLATE "C" NOT NULL,
  PRIMARY KEY (code, unit_code, year)
);
)sql";
constexpr char kPgSchemaV2Accounts[] = R"sql(
CREATE TABLE account_user (
  id                  bigint PRIMARY KEY,
  username            text COLLATE "C" NOT NULL UNIQUE,
  display_name        text COLLATE "C" NOT NULL,
  role                text COLLATE "C" NOT NULL,
  unit_code           text COLLATE "C" NOT NULL,
  view_personal       bigint NOT NULL,
  disabled            bigint NOT NULL,
  password_hash       text COLLATE "C" NOT NULL,
  created_at          bigint NOT NULL,
  password_changed_at bigint NOT NULL
);

CREATE TABLE account_session (
  id_hash    text COLLATE "C" PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES account_user (id),
  csrf_token text COLLATE "C" NOT NULL,
  address    text COLLATE "C" NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);

CREATE TABLE api_token (
  id         bigint PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES account_user (id),
  label      text COLLATE "C" NOT NULL,
  token_hash text COLLATE "C" NOT NULL UNIQUE,
  prefix     text COLLATE "C" NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  revoked    bigint NOT NULL
);

CREATE TABLE audit_log (
  seq         bigint PRIMARY KEY,
  time        bigint NOT NULL,
  user_id     bigint NOT NULL,
  actor       text COLLATE "C" NOT NULL,
  address     text COLLATE "C" NOT NULL,
  action      text COLLATE "C" NOT NULL,
  target      text COLLATE "C" NOT NULL,
  before_json text COLLATE "C" NOT NULL,
  after_json  text COLLATE "C" NOT NULL,
  prev_hash   text COLLATE "C" NOT NULL,
  hash        text COLLATE "C" NOT NULL
);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
)sql";
constexpr char kPgSchemaV3Imports[] = R"sql(
CREATE TABLE import_run (
  id             bigint PRIMARY KEY,
  "user"         text COLLATE "C" NOT NULL,
  started_at     bigint NOT NULL,
  file_name      text COLLATE "C" NOT NULL,
  sha256         text COLLATE "C" NOT NULL,
  table_name     text COLLATE "C" NOT NULL,
  year           bigint NOT NULL,
  rows_read      bigint NOT NULL,
  rows_added     bigint NOT NULL,
  rows_changed   bigint NOT NULL,
  rows_unchanged bigint NOT NULL,
  undone_at      bigint NOT NULL,
  undone_by      text COLLATE "C" NOT NULL
);

CREATE TABLE import_change (
  import_id  bigint NOT NULL REFERENCES import_run (id),
  seq        bigint NOT NULL,
  table_name text COLLATE "C" NOT NULL,
  row_key    text COLLATE "C" NOT NULL,
  before     text COLLATE "C" NOT NULL,
  PRIMARY KEY (import_id, seq)
);
)sql";
constexpr char kPgSchemaV4Ledger[] = R"sql(
CREATE TABLE task (
  id               text COLLATE "C" PRIMARY KEY,
  plan_id          text COLLATE "C" NOT NULL,
  section_id       text COLLATE "C" NOT NULL,
  title            text COLLATE "C" NOT NULL,
  unit_code        text COLLATE "C" NOT NULL,
  department       text COLLATE "C" NOT NULL,
  lead             text COLLATE "C" NOT NULL,
  target_ids       text COLLATE "C" NOT NULL,
  indicators       text COLLATE "C" NOT NULL,
  planned_quantity double precision NOT NULL,
  quantity_unit    text COLLATE "C" NOT NULL,
  start_date       bigint NOT NULL,
  due_date         bigint NOT NULL,
  cancelled        bigint NOT NULL,
  note             text COLLATE "C" NOT NULL
);

CREATE TABLE milestone (
  task_id          text COLLATE "C" NOT NULL REFERENCES task (id),
  seq              bigint NOT NULL,
  title            text COLLATE "C" NOT NULL,
  due_date         bigint NOT NULL,
  done_date        bigint NOT NULL,
  planned_quantity double precision NOT NULL,
  PRIMARY KEY (task_id, seq)
);

CREATE TABLE task_progress (
  task_id     text COLLATE "C" NOT NULL REFERENCES task (id),
  seq         bigint NOT NULL,
  report_date bigint NOT NULL,
  percent     double precision NOT NULL,
  quantity    double precision NOT NULL,
  text        text COLLATE "C" NOT NULL,
  reported_by text COLLATE "C" NOT NULL,
  PRIMARY KEY (task_id, seq)
);

CREATE TABLE evidence (
  id           text COLLATE "C" PRIMARY KEY,
  task_id      text COLLATE "C" NOT NULL,
  progress_seq bigint NOT NULL,
  file_name    text COLLATE "C" NOT NULL,
  media_type   text COLLATE "C" NOT NULL,
  size         bigint NOT NULL,
  sha256       text COLLATE "C" NOT NULL,
  uploaded_by  text COLLATE "C" NOT NULL,
  uploaded_at  bigint NOT NULL,
  FOREIGN KEY (task_id, progress_seq) REFERENCES task_progress (task_id, seq)
);
CREATE INDEX evidence_by_task ON evidence (task_id, progress_seq, id);
)sql";
constexpr char kPgSchemaV5SnapshotCache[] = R"sql(
CREATE TABLE snapshot_cache (
  year        bigint PRIMARY KEY,
  fingerprint text COLLATE "C" NOT NULL,
  data        bytea NOT NULL
);
CREATE TABLE snapshot_epoch (
  id    bigint PRIMARY KEY CHECK (id = 1),
  epoch bigint NOT NULL
);
INSERT INTO snapshot_epoch (id, epoch) VALUES (1, 0);
)sql";

// Version 6: uploaded map layers (GeoJSON text validated by service/map.cc).
constexpr char kPgSchemaV6MapLayers[] = R"sql(
CREATE TABLE map_layer (
  name       text COLLATE "C" PRIMARY KEY,
  geojson    text NOT NULL,
  updated_at bigint NOT NULL,
  updated_by text COLLATE "C" NOT NULL
);
)sql";

// Version 7: plans as data, one row per stored version (docs/plan.md). The SQLite upgrade seeds
// the embedded plan of the county; here plans arrive by `zhijiao migrate` or `plan import`.
constexpr char kPgSchemaV7Plans[] = R"sql(
CREATE TABLE plan (
  id            text COLLATE "C" NOT NULL,
  version       bigint NOT NULL,
  status        text COLLATE "C" NOT NULL CHECK (status IN ('draft', 'adopted')),
  title         text NOT NULL,
  unit_code     text COLLATE "C" NOT NULL,
  first_year    bigint NOT NULL,
  last_year     bigint NOT NULL,
  baseline_year bigint NOT NULL,
  target_count  bigint NOT NULL,
  json          text NOT NULL,
  imported_at   bigint NOT NULL,
  imported_by   text NOT NULL,
  PRIMARY KEY (id, version)
);
)sql";

constexpr std::array kPgMigrations = {
    Migration{1, "meta table and county registries", kPgSchemaV1},
    Migration{2, "accounts, sessions, API tokens, audit log", kPgSchemaV2Accounts},
    Migration{3, "spreadsheet import journal", kPgSchemaV3Imports},
    Migration{4, "work ledger: tasks, milestones, progress, evidence", kPgSchemaV4Ledger},
    Migration{5, "cached engine snapshots", kPgSchemaV5SnapshotCache},
    Migration{6, "map layers (township boundaries)", kPgSchemaV6MapLayers},
    Migration{7, "plans as data", kPgSchemaV7Plans},
};

}  // namespace

std::span<const Migration> PgMigrations() { return kPgMigrations; }

}  // namespace zj::storage::internal
