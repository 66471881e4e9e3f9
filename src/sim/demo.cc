// GenerateDemo: runs one CountyWorld per county from kHistoryStartYear to last_year and streams the
// requested years into the Store, one transaction per county-year, freeing each batch after it is
// written.
#include "zj/sim/demo.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "names.h"
#include "params.h"
#include "world.h"
#include "zj/common/code_tables.h"
#include "zj/sim/random.h"

namespace zj::sim {

const ModelParams& DefaultParams() {
  static const ModelParams p;
  return p;
}

std::vector<std::string> DemoCountyCodes(int counties) {
  std::vector<std::string> out;
  for (int i = 0; i < counties; ++i) {
    out.push_back(i == 0 ? "500235" : std::to_string(500250 + i));
  }
  return out;
}

std::string DemoCommandLine(const DemoOptions& o) {
  return "zhijiao demo --seed " + std::to_string(o.seed) + " --counties " +
         std::to_string(o.counties) + " --first-year " + std::to_string(o.first_year) +
         " --last-year " + std::to_string(o.last_year);
}

namespace {

Status Validate(const DemoOptions& o) {
  if (o.counties < 1 || o.counties > kMaxCounties) {
    return Status::InvalidArgument("县数必须在1到" + std::to_string(kMaxCounties) + "之间（收到" +
                                   std::to_string(o.counties) + "）");
  }
  if (o.first_year < kMinOutputYear || o.last_year > kMaxOutputYear) {
    return Status::InvalidArgument("年份必须在" + std::to_string(kMinOutputYear) + "到" +
                                   std::to_string(kMaxOutputYear) + "学年之间");
  }
  if (o.first_year > o.last_year) {
    return Status::InvalidArgument("起始学年（" + std::to_string(o.first_year) +
                                   "）不能晚于结束学年（" + std::to_string(o.last_year) + "）");
  }
  if (NationalBirthsWan(2020) <= 0) {
    return Status::Internal("内置的全国出生人口数据（data/standards/china_births.csv）缺失");
  }
  if (common::TownshipsOf("500235").empty()) {
    return Status::Internal("内置的云阳县乡级区划表缺失");
  }
  return Status::Ok();
}

// Each Put is atomic on its own (Store contract); the batches are not wrapped in one
// RunInTransaction because MemoryStore's transactions copy every table they touch, which would make
// streaming a county quadratic in its size.
Status WriteYear(model::Store& store, const YearRecords& r) {
  ZJ_RETURN_IF_ERROR(store.PutFacilities(r.facilities));
  ZJ_RETURN_IF_ERROR(store.PutClasses(r.classes));
  ZJ_RETURN_IF_ERROR(store.PutStudents(r.students));
  ZJ_RETURN_IF_ERROR(store.PutEnrolments(r.enrolments));
  ZJ_RETURN_IF_ERROR(store.PutHealthRecords(r.health));
  ZJ_RETURN_IF_ERROR(store.PutTeachers(r.teachers));
  ZJ_RETURN_IF_ERROR(store.PutTeacherYears(r.teacher_years));
  return store.PutPopulation(r.population);
}

// What a county's simulation hands to the writing thread, in order.
struct Event {
  enum class Kind { kProgress, kSchools, kYear, kFinal } kind = Kind::kProgress;
  DemoProgress progress;
  std::vector<model::School> schools;
  YearRecords records;
  std::vector<model::BirthCount> births;
};

// The event queue of one county. Year batches are bounded (the producer waits), so memory stays
// at about two batches per county in flight.
class CountyQueue {
 public:
  void Push(Event e, const std::atomic<bool>& stop) {
    std::unique_lock<std::mutex> lock(mu_);
    const bool heavy = e.kind == Event::Kind::kYear;
    cv_.wait(lock, [&] { return !heavy || heavy_ < 2 || stop.load(); });
    if (stop.load()) return;
    heavy_ += heavy ? 1 : 0;
    q_.push_back(std::move(e));
    cv_.notify_all();
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  // False once the queue is closed and empty.
  bool Pop(Event* e) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !q_.empty() || closed_; });
    if (q_.empty()) return false;
    *e = std::move(q_.front());
    q_.pop_front();
    if (e->kind == Event::Kind::kYear) --heavy_;
    cv_.notify_all();
    return true;
  }
  void Wake() {
    std::lock_guard<std::mutex> lock(mu_);
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Event> q_;
  int heavy_ = 0;
  bool closed_ = false;
};

void SimulateCounty(const CountySpec& spec, const DemoOptions& o, CountyQueue& q,
                    const std::atomic<bool>& stop) {
  CountyWorld world(spec, DefaultParams());
  for (int y = kHistoryStartYear; y <= o.last_year && !stop.load(); ++y) {
    world.Step(y);
    const bool write = y >= o.first_year;
    if (y == o.first_year) {
      Event e;
      e.kind = Event::Kind::kSchools;
      e.schools = world.SchoolsFor(o.first_year, o.last_year);
      q.Push(std::move(e), stop);
    }
    if (write) {
      Event e;
      e.kind = Event::Kind::kYear;
      world.Emit(&e.records);
      q.Push(std::move(e), stop);
    }
    Event p;
    p.progress = {spec.index, o.counties, y, write};
    q.Push(std::move(p), stop);
  }
  // Closures during the window, and births by township × month.
  Event f;
  f.kind = Event::Kind::kFinal;
  f.schools = world.SchoolsFor(o.first_year, o.last_year);
  for (int y = kHistoryStartYear; y <= o.last_year; ++y) {
    auto b = world.Births(y);
    f.births.insert(f.births.end(), b.begin(), b.end());
  }
  q.Push(std::move(f), stop);
}

Status WriteEvent(model::Store& store, const DemoOptions& o, Event& e) {
  switch (e.kind) {
    case Event::Kind::kProgress:
      if (o.progress) o.progress(e.progress);
      return Status::Ok();
    case Event::Kind::kSchools:
      return store.PutSchools(e.schools);
    case Event::Kind::kYear:
      return WriteYear(store, e.records);
    case Event::Kind::kFinal:
      ZJ_RETURN_IF_ERROR(store.PutSchools(e.schools));
      return store.PutBirths(e.births);
  }
  return Status::Ok();
}

// Counties are simulated on worker threads (at most two, and at most one county ahead of the one
// being written); the calling thread writes every record, in county order, so the Store is used
// from one thread and the output does not depend on the scheduling.
Status RunPipeline(const std::vector<CountySpec>& specs, const DemoOptions& o,
                   model::Store& store) {
  const int k = static_cast<int>(specs.size());
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const int workers = std::min<int>(k, static_cast<int>(std::min(2u, hw)));
  std::vector<std::unique_ptr<CountyQueue>> queues;
  for (int i = 0; i < k; ++i) queues.push_back(std::make_unique<CountyQueue>());
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::condition_variable cv;
  int next = 0, writing = 0;
  auto worker = [&] {
    for (;;) {
      int i;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return stop.load() || next >= k || next < writing + workers; });
        if (stop.load() || next >= k) return;
        i = next++;
      }
      SimulateCounty(specs[static_cast<size_t>(i)], o, *queues[static_cast<size_t>(i)], stop);
      queues[static_cast<size_t>(i)]->Close();
    }
  };
  std::vector<std::thread> threads;
  Status status;
  try {
    for (int t = 0; t < workers; ++t) threads.emplace_back(worker);
  } catch (const std::exception& ex) {
    status = Status::Internal(std::string("无法启动模拟线程：") + ex.what());
  }
  if (threads.empty() && status.ok()) status = Status::Internal("无法启动模拟线程");
  for (int i = 0; i < k && status.ok(); ++i) {
    Event e;
    while (status.ok() && queues[static_cast<size_t>(i)]->Pop(&e)) {
      status = WriteEvent(store, o, e);
      e = Event{};
    }
    {
      std::lock_guard<std::mutex> lock(mu);
      writing = i + 1;
    }
    cv.notify_all();
  }
  if (!status.ok()) {
    {
      // Under the lock, so that a worker between its predicate check and its wait sees it.
      std::lock_guard<std::mutex> lock(mu);
      stop.store(true);
    }
    cv.notify_all();
    for (auto& q : queues) q->Wake();
  }
  for (auto& t : threads) t.join();
  return status;
}

}  // namespace

Status GenerateDemo(const DemoOptions& o, model::Store& store) {
  ZJ_RETURN_IF_ERROR(Validate(o));
  const auto codes = DemoCountyCodes(o.counties);
  model::DatabaseInfo info;
  info.synthetic = true;
  info.county_code = o.counties == 1 ? codes[0] : "";
  info.created_by = DemoCommandLine(o);
  // Marked synthetic before any record is written, so even a partial dataset carries the mark.
  ZJ_RETURN_IF_ERROR(store.SetInfo(info));

  std::vector<model::AdminUnit> units;
  units.push_back({"50", "重庆市", model::AdminLevel::kProvince, "", 0});
  std::string parent = "50";
  if (o.counties > 1) {
    units.push_back({"5002", "重庆市辖县（演示）", model::AdminLevel::kCity, "50", 0});
    parent = "5002";
  }
  std::vector<CountySpec> specs;
  for (int i = 0; i < o.counties; ++i) {
    CountySpec s;
    s.index = i;
    s.code = codes[static_cast<size_t>(i)];
    s.name = i == 0 ? "云阳县" : SyntheticCountyName(i);
    s.parent_code = parent;
    s.seed = o.seed;
    // Synthetic counties are smaller or similar (0.45–1.15 of the calibrated county's births).
    const uint64_t h = MixKeys({0x5343, static_cast<uint64_t>(i)});
    s.scale = i == 0 ? 1.0 : 0.45 + 0.7 * static_cast<double>(h >> 11) * 0x1.0p-53;
    units.push_back({s.code, s.name, model::AdminLevel::kCounty, parent, 0});
    for (const auto& t : BuildTownships(s)) {
      units.push_back({t.code, t.name, model::AdminLevel::kTownship, s.code, t.urban_rural});
    }
    specs.push_back(std::move(s));
  }
  ZJ_RETURN_IF_ERROR(store.PutAdminUnits(units));
  return RunPipeline(specs, o, store);
}

}  // namespace zj::sim
