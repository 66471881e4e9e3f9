// The indicator engine as the server uses it: one History of every school year (loaded once, in
// the background at start, shared read-only by all workers), the catalog, the county plan, and a
// pool of engine::Engine instances (an Engine caches per-year data elements and is not
// thread-safe, so each request borrows one). Plan status per year is cached as built JSON.
// When manual data values change, a new EngineData is built and swapped in; requests holding the
// old one finish on it.
#pragma once

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
                                                  std::shared_ptr<const engine::Catalog> catalog,
                                                  std::shared_ptr<const engine::Plan> plan);

  const engine::History& history() const { return *history_; }
  const engine::Catalog& catalog() const { return *catalog_; }
  const engine::Plan* plan() const { return plan_.get(); }  // nullptr when none applies

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

  // Plan status of a year as JSON, computed once per year.
  Result<std::shared_ptr<const nlohmann::json>> PlanStatus(int year);

 private:
  std::shared_ptr<const engine::Catalog> catalog_;
  std::shared_ptr<const engine::Plan> plan_;
  std::unique_ptr<engine::History> history_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<engine::Engine>> pool_;
  OnceCache<int, nlohmann::json> plan_status_;
};

}  // namespace zj::server
