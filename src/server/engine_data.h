// The indicator engine as the server uses it: one History of every school year (loaded once, in
// the background at start, shared read-only by all workers), the catalog and a
// small pool of engine::Engine instances (an Engine caches per-year data elements and is not
// thread-safe, so each request borrows one; the pool holds at most one per core because warming
// an engine for a year costs a pass over the year's records, while a warm evaluation takes
// microseconds). Results that do not depend on the caller — plan status per year, indicator
// values per (unit, year, codes) — are cached as built JSON.
// When manual data values change, a new EngineData is built and swapped in; requests holding the
// old one finish on it.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "year_data.h"
#include "zj/engine/catalog.h"
#include "zj/engine/indicators.h"
#include "zj/engine/plan.h"
#include "zj/engine/snapshot.h"
#include "zj/model/store.h"

namespace zj::server {

class EngineData {
 public:
  // Reads every record kind of the store (caller holds the store lock).
  static Result<std::shared_ptr<EngineData>> Load(model::Store& store,
                                                  std::shared_ptr<const engine::Catalog> catalog);

  const engine::History& history() const { return *history_; }
  const engine::Catalog& catalog() const { return *catalog_; }

  // An engine borrowed from the pool; returned to it on destruction.
  class Lease {
   public:
    Lease(EngineData* owner, std::unique_ptr<engine::Engine> e)
        : owner_(owner), engine_(std::move(e)) {}
    Lease(Lease&&) = default;
    ~Lease();
    engine::Engine& operator*() { return *engine_; }
    engine::Engine* operator->() { return engine_.get(); }

   private:
    EngineData* owner_;
    std::unique_ptr<engine::Engine> engine_;
  };
  Result<Lease> Borrow();

  // The serialized response of GET /plan/status for a plan and a year, built once per (plan id,
  // year); the server drops this EngineData when a plan changes.
  Result<std::shared_ptr<const std::string>> PlanStatusBody(const engine::Plan& plan, int year);
  // The serialized response of GET /indicators/values, built once per (unit, year, codes).
  Result<std::shared_ptr<const std::string>> UnitValuesBody(const std::string& unit,
                                                            const std::string& unit_name, int year,
                                                            const std::vector<std::string>& codes);

 private:
  std::shared_ptr<const engine::Catalog> catalog_;
  std::unique_ptr<engine::History> history_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<engine::Engine>> pool_;
  int engines_ = 0;  // created so far (in the pool or lent)
  OnceCache<std::string, std::string> plan_status_;
  OnceCache<std::string, std::string> unit_values_{4096};
};

}  // namespace zj::server
