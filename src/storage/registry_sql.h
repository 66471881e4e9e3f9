// The read queries of the registries, shared by SqliteStore and PgStore (internal to storage):
// the same text runs on both, so both stores list the same rows in the same order. Parameters are
// written $1 (SQLite reads "$1" as a named parameter, bound by its index 1; PostgreSQL as the
// first parameter). Text keys sort by bytes on both: SQLite's BINARY collation, PostgreSQL's
// COLLATE "C" columns (pg_migrations.cc).
#pragma once

namespace zj::storage::internal::sql {

// ---- reads (ordered by natural key) -----------------------------------------------------------

inline constexpr char kListAdminUnits[] =
    "SELECT code, name, level, parent_code, urban_rural FROM admin_unit ORDER BY code";
#define ZJ_SCHOOL_COLUMNS                                                             \
  "code, name, type_code, is_public, inclusive, rating, township_code, urban_rural, " \
  "boarding, opened_year, closed_year"
inline constexpr char kListSchools[] = "SELECT " ZJ_SCHOOL_COLUMNS " FROM school ORDER BY code";
inline constexpr char kGetSchool[] = "SELECT " ZJ_SCHOOL_COLUMNS " FROM school WHERE code = $1";
#undef ZJ_SCHOOL_COLUMNS
inline constexpr char kListFacilities[] =
    "SELECT school_code, year, teaching_area_m2, sports_area_m2, equipment_value_yuan, "
    "multimedia_rooms, computers, books, music_rooms, art_rooms, labs, classrooms, beds, "
    "interactive_terminals FROM facility WHERE year = $1 ORDER BY school_code";
inline constexpr char kListClasses[] =
    "SELECT id, school_code, year, stage, grade, name FROM class WHERE year = $1 ORDER BY id";
#define ZJ_STUDENT_COLUMNS(t)                                                         \
  t "id, " t "id_number, " t "name, " t "gender, " t "ethnicity, " t "birth_date, " t \
    "hukou_township, " t "migrant, " t "left_behind, " t "disability, " t "financial_aid"
inline constexpr char kListAllStudents[] =
    "SELECT " ZJ_STUDENT_COLUMNS("") " FROM student ORDER BY id";
inline constexpr char kListStudentsOfYear[] =
    "SELECT " ZJ_STUDENT_COLUMNS("s.") " FROM enrolment AS e JOIN student AS s "
    "ON s.id = e.student_id WHERE e.year = $1 ORDER BY e.student_id";
inline constexpr char kFindStudentByIdNumber[] =
    "SELECT " ZJ_STUDENT_COLUMNS("") " FROM student WHERE id_number = $1 ORDER BY id LIMIT 1";
#undef ZJ_STUDENT_COLUMNS
inline constexpr char kListEnrolments[] =
    "SELECT student_id, year, school_code, class_id, stage, grade, status, prev_school_code "
    "FROM enrolment WHERE year = $1 ORDER BY student_id";
// Lean scans for snapshot loading: the columns a snapshot needs, same order as the lists.
inline constexpr char kScanEnrolments[] =
    "SELECT student_id, school_code, class_id, stage, grade, status FROM enrolment "
    "WHERE year = $1 ORDER BY student_id";
inline constexpr char kScanAllStudents[] =
    "SELECT id, gender, birth_date, migrant, left_behind, disability FROM student ORDER BY id";
inline constexpr char kScanStudentsOfYear[] =
    "SELECT s.id, s.gender, s.birth_date, s.migrant, s.left_behind, s.disability "
    "FROM enrolment AS e JOIN student AS s ON s.id = e.student_id WHERE e.year = $1 "
    "ORDER BY e.student_id";
// Row counts (of one year, or of every student), to size the result vectors of the large lists
// up front.
inline constexpr char kCountEnrolmentsOfYear[] = "SELECT count(*) FROM enrolment WHERE year = $1";
inline constexpr char kCountHealthOfYear[] = "SELECT count(*) FROM health WHERE year = $1";
inline constexpr char kCountStudents[] = "SELECT count(*) FROM student";
inline constexpr char kListHealth[] =
    "SELECT student_id, year, exam_done, myopia, fitness_score FROM health WHERE year = $1 "
    "ORDER BY student_id";
inline constexpr char kListTeachers[] =
    "SELECT id, name, gender, birth_date FROM teacher ORDER BY id";
inline constexpr char kListTeacherYears[] =
    "SELECT teacher_id, year, school_code, full_time, stage, subjects, education, title, "
    "backbone, master_teacher, dual_qualified, certified, on_staff, cadre, training_hours "
    "FROM teacher_year WHERE year = $1 ORDER BY teacher_id";
inline constexpr char kListAllPopulation[] =
    "SELECT township_code, year, age, count FROM population ORDER BY township_code, year, age";
inline constexpr char kListPopulationOfYear[] =
    "SELECT township_code, year, age, count FROM population WHERE year = $1 "
    "ORDER BY township_code, year, age";
inline constexpr char kListBirths[] =
    "SELECT township_code, year, month, count FROM birth ORDER BY township_code, year, month";
inline constexpr char kListAllDataValues[] =
    "SELECT code, unit_code, year, value, unit, source, note FROM data_value "
    "ORDER BY code, unit_code, year";
inline constexpr char kListDataValuesOfCode[] =
    "SELECT code, unit_code, year, value, unit, source, note FROM data_value WHERE code = $1 "
    "ORDER BY code, unit_code, year";
#define ZJ_TASK_COLUMNS                                                                   \
  "id, plan_id, section_id, title, unit_code, department, lead, target_ids, indicators, " \
  "planned_quantity, quantity_unit, start_date, due_date, cancelled, note"
inline constexpr char kListTasks[] = "SELECT " ZJ_TASK_COLUMNS " FROM task ORDER BY id";
inline constexpr char kGetTask[] = "SELECT " ZJ_TASK_COLUMNS " FROM task WHERE id = $1";
#undef ZJ_TASK_COLUMNS
inline constexpr char kListAllMilestones[] =
    "SELECT task_id, seq, title, due_date, done_date, planned_quantity FROM milestone "
    "ORDER BY task_id, seq";
inline constexpr char kListMilestonesOfTask[] =
    "SELECT task_id, seq, title, due_date, done_date, planned_quantity FROM milestone "
    "WHERE task_id = $1 ORDER BY task_id, seq";
inline constexpr char kListAllProgress[] =
    "SELECT task_id, seq, report_date, percent, quantity, text, reported_by FROM task_progress "
    "ORDER BY task_id, seq";
inline constexpr char kListProgressOfTask[] =
    "SELECT task_id, seq, report_date, percent, quantity, text, reported_by FROM task_progress "
    "WHERE task_id = $1 ORDER BY task_id, seq";
inline constexpr char kListAllEvidence[] =
    "SELECT id, task_id, progress_seq, file_name, media_type, size, sha256, uploaded_by, "
    "uploaded_at FROM evidence ORDER BY task_id, progress_seq, id";
inline constexpr char kListEvidenceOfTask[] =
    "SELECT id, task_id, progress_seq, file_name, media_type, size, sha256, uploaded_by, "
    "uploaded_at FROM evidence WHERE task_id = $1 ORDER BY task_id, progress_seq, id";
// Distinct years by repeated index seeks (one per year) rather than a scan of every enrolment.
inline constexpr char kListYears[] =
    "WITH RECURSIVE y (year) AS ("
    "  SELECT min(year) FROM enrolment"
    "  UNION ALL"
    "  SELECT (SELECT min(year) FROM enrolment WHERE year > y.year) FROM y"
    "  WHERE y.year IS NOT NULL) "
    "SELECT year FROM y WHERE year IS NOT NULL";
inline constexpr char kCounts[] =
    "SELECT (SELECT count(*) FROM admin_unit), (SELECT count(*) FROM school), "
    "(SELECT count(*) FROM facility), (SELECT count(*) FROM class), "
    "(SELECT count(*) FROM student), (SELECT count(*) FROM enrolment), "
    "(SELECT count(*) FROM health), (SELECT count(*) FROM teacher), "
    "(SELECT count(*) FROM teacher_year), (SELECT count(*) FROM population), "
    "(SELECT count(*) FROM birth), (SELECT count(*) FROM data_value), "
    "(SELECT count(*) FROM task), (SELECT count(*) FROM milestone), "
    "(SELECT count(*) FROM task_progress), (SELECT count(*) FROM evidence)";

}  // namespace zj::storage::internal::sql
