// Projections as the server serves them: the registry input (loaded once), the default-scenario
// backtest up to each base year (its error quantiles give every run its prediction intervals;
// loaded once per base year), and projection runs cached per (base year, horizon, scenario hash).
// A run is named by its id (a hash of the canonical request, or "default"); the server remembers
// the request behind every id it handed out, so a run evicted from the cache is recomputed.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "year_data.h"
#include "zj/engine/projection.h"
#include "zj/engine/projection_backtest.h"
#include "zj/model/store.h"

namespace zj::server {

struct ProjectionRequest {
  int base_year = 0;
  int horizon = 10;
  std::string scenario_json = "{}";  // canonical (sorted keys, compact)
};

struct ProjectionRun {
  std::string id;
  ProjectionRequest request;
  engine::ProjectionResult result;
  std::shared_ptr<const engine::BacktestReport> backtest;  // nullptr: no intervals
  std::string interval_note;
};

class ProjectionService {
 public:
  static constexpr size_t kMaxIds = 1024;
  static constexpr size_t kCachedRuns = 16;

  // Registers a request and returns its id (stable: the same request gives the same id).
  std::string Register(const ProjectionRequest& r);
  std::optional<ProjectionRequest> Lookup(const std::string& id);

  // The registry input; `load` reads it from the store (called once, under the caller's lock).
  Result<std::shared_ptr<const engine::ProjectionInput>> Input(
      const std::function<Result<engine::ProjectionInput>()>& load);
  // The default-scenario backtest on the history up to base_year (nullptr when too short).
  Result<std::shared_ptr<const engine::BacktestReport>> BacktestUpTo(
      const engine::ProjectionInput& input, int base_year);
  // The run of a registered id (computed and cached on first use).
  Result<std::shared_ptr<const ProjectionRun>> Run(const std::string& id,
                                                   const engine::ProjectionInput& input);
  // Forgets the input, backtests and runs after the records changed (an import, an undo); the
  // ids stay valid and their runs are recomputed from the new records on next use. A run that
  // was being computed from the old records when this is called is not cached.
  void Reset();

 private:
  std::mutex mu_;
  std::map<std::string, ProjectionRequest> ids_;
  std::deque<std::string> id_order_;
  OnceCache<int, engine::ProjectionInput> input_;
  OnceCache<int, engine::BacktestReport> backtests_{64};
  // Most recently used first.
  std::deque<std::pair<std::string, std::shared_ptr<const ProjectionRun>>> runs_;
  uint64_t generation_ = 0;  // bumped by Reset
};

}  // namespace zj::server
