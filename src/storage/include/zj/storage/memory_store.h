// MemoryStore: zj::model::Store held in ordered maps, for tests and for throwaway runs. It keeps
// the same contract as SqliteStore, including the reference checks SQLite enforces with foreign
// keys (facility/class/enrolment/teacher-year → school, enrolment/health → student,
// teacher-year → teacher), so one shared test suite runs against both.
//
// RunInTransaction saves each table the first time it is written inside the transaction and
// restores the saved tables when fn (or a write inside) fails. A Put outside a transaction is
// atomic: the batch is checked before anything is applied. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "zj/model/store.h"

namespace zj::storage {

class MemoryStore final : public model::Store {
 public:
  MemoryStore();
  ~MemoryStore() override;

  Result<model::DatabaseInfo> GetInfo() override;
  Status SetInfo(const model::DatabaseInfo& info) override;
  Status RunInTransaction(const std::function<Status()>& fn) override;

  Status PutAdminUnits(const std::vector<model::AdminUnit>& v) override;
  Status PutSchools(const std::vector<model::School>& v) override;
  Status PutFacilities(const std::vector<model::Facility>& v) override;
  Status PutClasses(const std::vector<model::Class>& v) override;
  Status PutStudents(const std::vector<model::Student>& v) override;
  Status PutEnrolments(const std::vector<model::Enrolment>& v) override;
  Status PutHealthRecords(const std::vector<model::HealthRecord>& v) override;
  Status PutTeachers(const std::vector<model::Teacher>& v) override;
  Status PutTeacherYears(const std::vector<model::TeacherYear>& v) override;
  Status PutPopulation(const std::vector<model::PopulationCount>& v) override;
  Status PutBirths(const std::vector<model::BirthCount>& v) override;
  Status PutDataValues(const std::vector<model::DataValue>& v) override;
  Status PutTasks(const std::vector<model::Task>& v) override;
  Status PutMilestones(const std::vector<model::Milestone>& v) override;
  Status PutTaskProgress(const std::vector<model::TaskProgress>& v) override;
  Status PutEvidence(const std::vector<model::Evidence>& v) override;

  Result<std::vector<model::AdminUnit>> ListAdminUnits() override;
  Result<std::vector<model::School>> ListSchools() override;
  Result<std::optional<model::School>> GetSchool(const std::string& code) override;
  Result<std::vector<model::Facility>> ListFacilities(int year) override;
  Result<std::vector<model::Class>> ListClasses(int year) override;
  Result<std::vector<model::Student>> ListStudents(int year) override;
  // When several students share an id number, the one with the smallest id.
  Result<std::optional<model::Student>> FindStudentByIdNumber(
      const std::string& id_number) override;
  Result<std::vector<model::Enrolment>> ListEnrolments(int year) override;
  Result<std::vector<model::HealthRecord>> ListHealthRecords(int year) override;
  Result<std::vector<model::Teacher>> ListTeachers() override;
  Result<std::vector<model::TeacherYear>> ListTeacherYears(int year) override;
  Result<std::vector<model::PopulationCount>> ListPopulation(int year) override;
  Result<std::vector<model::BirthCount>> ListBirths() override;
  Result<std::vector<model::DataValue>> ListDataValues(const std::string& code) override;
  Result<std::vector<model::Task>> ListTasks() override;
  Result<std::optional<model::Task>> GetTask(const std::string& id) override;
  Result<std::vector<model::Milestone>> ListMilestones(const std::string& task_id) override;
  Result<std::vector<model::TaskProgress>> ListTaskProgress(const std::string& task_id) override;
  Result<std::vector<model::Evidence>> ListEvidence(const std::string& task_id) override;
  Status PutMapLayer(const model::MapLayer& layer) override;
  Result<std::optional<model::MapLayer>> GetMapLayer(const std::string& name) override;
  Status DeleteMapLayer(const std::string& name) override;
  Status PutPlan(const model::StoredPlan& plan) override;
  Result<std::vector<model::StoredPlan>> ListPlans() override;
  Result<std::optional<model::StoredPlan>> GetPlan(const std::string& id) override;
  Status DeletePlan(const std::string& id) override;
  Result<std::vector<int>> ListYears() override;
  Result<int64_t> CountEnrolments(int year) override;
  Result<model::StoreCounts> Counts() override;

 private:
  // A table and, inside a transaction, its contents before the first write.
  template <typename Map>
  struct Table {
    Map rows;
    std::optional<Map> saved;
  };
  template <typename Map>
  Map& Mutable(Table<Map>& t);  // saves the table first when inside a transaction
  template <typename F>
  void ForEachTable(F f);  // f(table) for every table, including the info
  Status Fail(Status s);   // records a write failure inside a transaction

  Table<model::DatabaseInfo> info_;
  Table<std::map<std::string, model::AdminUnit>> admin_units_;
  Table<std::map<std::string, model::School>> schools_;
  Table<std::map<std::pair<int, std::string>, model::Facility>> facilities_;  // (year, school)
  Table<std::map<int64_t, model::Class>> classes_;
  Table<std::map<int64_t, model::Student>> students_;
  Table<std::map<std::pair<int, int64_t>, model::Enrolment>> enrolments_;  // (year, student)
  Table<std::map<std::pair<int, int64_t>, model::HealthRecord>> health_;   // (year, student)
  Table<std::map<std::string, model::Teacher>> teachers_;
  Table<std::map<std::pair<int, std::string>, model::TeacherYear>> teacher_years_;  // (year, id)
  Table<std::map<std::tuple<std::string, int, int>, model::PopulationCount>> population_;
  Table<std::map<std::tuple<std::string, int, int>, model::BirthCount>> births_;
  Table<std::map<std::tuple<std::string, std::string, int>, model::DataValue>> data_values_;
  Table<std::map<std::string, model::Task>> tasks_;
  Table<std::map<std::pair<std::string, int>, model::Milestone>> milestones_;   // (task, seq)
  Table<std::map<std::pair<std::string, int>, model::TaskProgress>> progress_;  // (task, seq)
  Table<std::map<std::string, model::Evidence>> evidence_;                      // id
  Table<std::map<std::string, model::MapLayer>> map_layers_;                    // name
  Table<std::map<std::pair<std::string, int>, model::StoredPlan>> plans_;       // (id, version)

  bool in_transaction_ = false;
  Status transaction_error_;
};

}  // namespace zj::storage
