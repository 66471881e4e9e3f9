// Projection input, backtests and runs cached for the server (see projection_data.h).
#include "projection_data.h"

#include <algorithm>

#include "zj/service/auth.h"

namespace zj::server {

std::string ProjectionService::Register(const ProjectionRequest& r) {
  std::string id = service::Sha256Hex(std::to_string(r.base_year) + "|" +
                                      std::to_string(r.horizon) + "|" + r.scenario_json)
                       .substr(0, 16);
  std::lock_guard lock(mu_);
  if (ids_.emplace(id, r).second) {
    id_order_.push_back(id);
    while (id_order_.size() > kMaxIds) {
      ids_.erase(id_order_.front());
      id_order_.pop_front();
    }
  }
  return id;
}

std::optional<ProjectionRequest> ProjectionService::Lookup(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = ids_.find(id);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

Result<std::shared_ptr<const engine::ProjectionInput>> ProjectionService::Input(
    const std::function<Result<engine::ProjectionInput>()>& load) {
  return input_.Get(0, load);
}

Result<std::shared_ptr<const engine::BacktestReport>> ProjectionService::BacktestUpTo(
    const engine::ProjectionInput& input, int base_year) {
  if (base_year - 1 < input.first_year + 2) {
    return std::shared_ptr<const engine::BacktestReport>();
  }
  auto r = backtests_.Get(base_year, [&]() -> Result<engine::BacktestReport> {
    ZJ_ASSIGN_OR_RETURN(engine::Scenario scenario, engine::DefaultScenario());
    engine::ProjectionInput hist = input.TruncatedTo(base_year, base_year);
    engine::BacktestOptions bo;
    bo.first_origin =
        std::max(input.first_year + 1, std::min(input.first_year + scenario.window, base_year - 1));
    bo.last_origin = base_year - 1;
    return engine::Backtest(hist, scenario, bo);
  });
  if (!r.ok()) {
    // Too little history is not an error of the request: the run has no intervals.
    if (r.status().code() == StatusCode::kInvalidArgument) {
      return std::shared_ptr<const engine::BacktestReport>();
    }
    return r.status();
  }
  return std::shared_ptr<const engine::BacktestReport>(*r);
}

Result<std::shared_ptr<const ProjectionRun>> ProjectionService::Run(
    const std::string& id, const engine::ProjectionInput& input) {
  uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    generation = generation_;
    for (auto it = runs_.begin(); it != runs_.end(); ++it) {
      if (it->first != id) continue;
      auto run = it->second;
      runs_.erase(it);
      runs_.emplace_front(id, run);
      return run;
    }
  }
  std::optional<ProjectionRequest> req = Lookup(id);
  if (!req) return Status::NotFound("预测结果不存在或已过期，请重新运行：" + id);
  ZJ_ASSIGN_OR_RETURN(engine::Scenario scenario, engine::ParseScenario(req->scenario_json));
  auto run = std::make_shared<ProjectionRun>();
  run->id = id;
  run->request = *req;
  ZJ_ASSIGN_OR_RETURN(run->backtest, BacktestUpTo(input, req->base_year));
  engine::ProjectionOptions po;
  po.base_year = req->base_year;
  po.horizon = req->horizon;
  po.errors = run->backtest ? &run->backtest->errors : nullptr;
  ZJ_ASSIGN_OR_RETURN(run->result, engine::Project(input, scenario, po));
  if (run->backtest && !run->backtest->origins.empty()) {
    run->interval_note = "预测区间: 基年前滚动回测 (" +
                         std::to_string(run->backtest->origins.front()) + "–" +
                         std::to_string(run->backtest->origins.back()) +
                         ", 默认方案) 相对误差的 10%/90% 分位数；回测未覆盖的远期按 √期数 放宽";
  } else {
    run->interval_note = "未给出预测区间: 基年前学籍年份不足以回测";
  }
  run->result.notes.push_back(run->interval_note);
  std::shared_ptr<const ProjectionRun> done = run;
  std::lock_guard lock(mu_);
  if (generation != generation_) return done;
  runs_.emplace_front(id, done);
  while (runs_.size() > kCachedRuns) runs_.pop_back();
  return done;
}

void ProjectionService::Reset() {
  input_.Clear();
  backtests_.Clear();
  std::lock_guard lock(mu_);
  runs_.clear();
  ++generation_;
}

}  // namespace zj::server
