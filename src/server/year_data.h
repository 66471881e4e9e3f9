// Per-year data the server keeps in memory besides the engine's History (engine_data.h), each
// built once on first use and then shared read-only by every worker thread:
//   - ClassNames: class id → name of the year (school detail);
//   - Roster: the personal rows (students with their 学籍 row, teachers with their year row)
//     grouped by school, for the paged student/teacher lists.
// Builds run under the store mutex; concurrent requests for the same year wait for one build.
#pragma once

#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "zj/common/status.h"
#include "zj/engine/snapshot.h"
#include "zj/model/records.h"

namespace zj::server {

// Builds a value once per key; failed builds are forgotten so that a later call retries. With
// max_entries, keys beyond that many are built for the caller but not kept.
template <typename Key, typename T>
class OnceCache {
 public:
  using Ptr = std::shared_ptr<const T>;
  explicit OnceCache(size_t max_entries = 0) : max_entries_(max_entries) {}
  Result<Ptr> Get(const Key& key, const std::function<Result<T>()>& build) {
    std::shared_future<Result<Ptr>> future;
    std::promise<Result<Ptr>> promise;
    bool builder = false;
    {
      std::lock_guard lock(mu_);
      auto it = entries_.find(key);
      if (it == entries_.end() && max_entries_ > 0 && entries_.size() >= max_entries_) {
        Result<T> built = build();
        if (!built.ok()) return built.status();
        return Ptr(std::make_shared<const T>(std::move(built).value()));
      }
      if (it == entries_.end()) {
        future = promise.get_future().share();
        entries_.emplace(key, future);
        builder = true;
      } else {
        future = it->second;
      }
    }
    if (builder) {
      Result<T> built = build();
      if (built.ok()) {
        promise.set_value(Ptr(std::make_shared<const T>(std::move(built).value())));
      } else {
        promise.set_value(built.status());
        std::lock_guard lock(mu_);
        entries_.erase(key);
      }
    }
    return future.get();
  }
  void Clear() {
    std::lock_guard lock(mu_);
    entries_.clear();
  }

 private:
  const size_t max_entries_;
  std::mutex mu_;
  std::map<Key, std::shared_future<Result<Ptr>>> entries_;
};

using ClassNames = std::unordered_map<int64_t, std::string>;  // class id → "三年级（2）班"

struct Roster {
  struct StudentRow {
    int32_t student;  // index into students
    model::Enrolment enrolment;
  };
  struct TeacherRow {
    int32_t teacher;  // index into teachers (-1 when the teacher record is missing)
    model::TeacherYear year;
  };
  std::vector<model::Student> students;
  std::vector<model::Teacher> teachers;
  std::unordered_map<std::string, std::vector<StudentRow>> students_by_school;  // 学籍 order
  std::unordered_map<std::string, std::vector<TeacherRow>> teachers_by_school;
  std::unordered_map<int64_t, std::string> class_names;
};

struct YearDataCache {
  OnceCache<int, ClassNames> class_names;
  OnceCache<int, Roster> rosters;
};

// Builders (year_data.cc); the caller holds the lock of the store it passes (WithReader).
Result<ClassNames> BuildClassNames(model::Store& store, int year);
Result<Roster> BuildRoster(model::Store& store, int year);

}  // namespace zj::server
