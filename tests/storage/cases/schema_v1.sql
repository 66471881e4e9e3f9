-- A zhijiao database at schema version 1 (the first release), holding the county fixture of
-- store_fixture.h; made with sqlite3 .dump. The upgrade test opens it with the current binary.
PRAGMA user_version = 1;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO meta VALUES('application','zhijiao');
INSERT INTO meta VALUES('county_code','500235');
INSERT INTO meta VALUES('created_by','zhijiao 0.1 (schema v1)');
INSERT INTO meta VALUES('synthetic','1');
CREATE TABLE admin_unit (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  level       INTEGER NOT NULL,
  parent_code TEXT NOT NULL,
  urban_rural INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO admin_unit VALUES('500235','云阳县',3,'5002',0);
INSERT INTO admin_unit VALUES('500235001000','青龙街道',4,'500235',112);
INSERT INTO admin_unit VALUES('500235101000','双江街道',4,'500235',111);
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
INSERT INTO school VALUES('1150000003','青龙幼儿园 Qinglong 🌟',111,1,1,2,'500235001',121,0,2019,0);
INSERT INTO school VALUES('2150000001','双江小学（本部）',211,0,0,0,'500235101',112,0,0,2023);
INSERT INTO school VALUES('3150000002','云阳县第二中学',345,1,0,0,'500235101',111,1,1952,0);
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
INSERT INTO facility VALUES('2150000001',2020,2999.0,1999.4999999999999999,200000.0,10,50,14000,1,0,1,18,0,10);
INSERT INTO facility VALUES('2150000001',2021,3000.1249999999999998,2000.0,250000.74999999999999,12,60,15000,1,1,2,18,0,12);
INSERT INTO facility VALUES('3150000002',2021,12345.5,8000.2500000000000002,1500000.0,30,400,60000,3,2,8,40,1200,35);
CREATE TABLE class (
  id          INTEGER PRIMARY KEY,
  school_code TEXT NOT NULL REFERENCES school (code),
  year        INTEGER NOT NULL,
  stage       INTEGER NOT NULL,
  grade       INTEGER NOT NULL,
  name        TEXT NOT NULL
) STRICT;
INSERT INTO class VALUES(8001,'3150000002',2021,4,1,'高一（1）班');
INSERT INTO class VALUES(9001,'2150000001',2020,2,2,'二年级（2）班');
INSERT INTO class VALUES(9002,'2150000001',2021,2,3,'三年级（2）班');
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
INSERT INTO student VALUES(10,'50023520130228002X','欧阳娜娜',2,1,20130228,'500235101',0,1,3,0);
INSERT INTO student VALUES(20,'500235200601010017','张三',0,1,20060101,'500235001',0,0,0,0);
INSERT INTO student VALUES(30,'500235201006150012','阿卜杜热合曼·买买提',1,5,20120615,'',1,0,0,1);
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
INSERT INTO enrolment VALUES(2020,10,'2150000001',9001,2,2,1,'');
INSERT INTO enrolment VALUES(2021,10,'2150000001',9002,2,3,1,'');
INSERT INTO enrolment VALUES(2021,20,'3150000002',8001,4,1,4,'');
INSERT INTO enrolment VALUES(2021,30,'2150000001',9002,2,3,2,'2150000009');
INSERT INTO enrolment VALUES(2023,20,'3150000002',0,4,3,6,'');
CREATE TABLE health (
  year          INTEGER NOT NULL,
  student_id    INTEGER NOT NULL REFERENCES student (id),
  exam_done     INTEGER NOT NULL,
  myopia        INTEGER,
  fitness_score REAL,
  PRIMARY KEY (year, student_id)
) STRICT, WITHOUT ROWID;
INSERT INTO health VALUES(2020,10,0,NULL,101.25);
INSERT INTO health VALUES(2021,10,1,0,NULL);
INSERT INTO health VALUES(2021,20,0,NULL,NULL);
INSERT INTO health VALUES(2021,30,1,1,88.500000000000000003);
CREATE TABLE teacher (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  gender     INTEGER NOT NULL,
  birth_date INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO teacher VALUES('T0001','王建国',1,19700101);
INSERT INTO teacher VALUES('T0002','李老师',2,19851130);
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
INSERT INTO teacher_year VALUES(2020,'T0001','3150000002',1,4,2,11,4,3,0,0,1,1,1,120.24999999999999999);
INSERT INTO teacher_year VALUES(2021,'T0001','3150000002',0,4,2,11,5,4,0,1,0,0,1,0.0);
INSERT INTO teacher_year VALUES(2021,'T0002','2150000001',1,2,65,21,3,2,1,0,1,1,0,72.5);
CREATE TABLE population (
  township_code TEXT NOT NULL,
  year          INTEGER NOT NULL,
  age           INTEGER NOT NULL,
  count         INTEGER NOT NULL,
  PRIMARY KEY (township_code, year, age)
) STRICT, WITHOUT ROWID;
INSERT INTO population VALUES('500235001',2021,6,900);
INSERT INTO population VALUES('500235101',2020,6,1150);
INSERT INTO population VALUES('500235101',2021,3,1000);
INSERT INTO population VALUES('500235101',2021,6,1200);
CREATE TABLE birth (
  township_code TEXT NOT NULL,
  year          INTEGER NOT NULL,
  month         INTEGER NOT NULL,
  count         INTEGER NOT NULL,
  PRIMARY KEY (township_code, year, month)
) STRICT, WITHOUT ROWID;
INSERT INTO birth VALUES('500235001',2016,1,75);
INSERT INTO birth VALUES('500235001',2016,2,80);
INSERT INTO birth VALUES('500235101',2015,0,1300);
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
INSERT INTO data_value VALUES('edu_years','500235',2020,9.5,'年','人口普查','第七次人口普查');
INSERT INTO data_value VALUES('fiscal_education_share','500235',2020,4.0,'%','统计公报','决算数');
INSERT INTO data_value VALUES('fiscal_education_share','500235',2021,4.25,'%','统计公报','');
CREATE INDEX class_by_year ON class (year, id);
CREATE INDEX student_by_id_number ON student (id_number, id);
COMMIT;
