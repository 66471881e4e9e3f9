// EngineData: History, catalog, plan and the engine pool (see engine_data.h).
#include "engine_data.h"

#include <malloc.h>

#include <algorithm>
#include <thread>

#include "dto.h"
#include "zj/engine/plan_monitor.h"

namespace zj::server {

namespace {

nlohmann::json OptJson(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

Result<std::shared_ptr<EngineData>> EngineData::Load(
    model::Store& store, std::shared_ptr<const engine::Catalog> catalog) {
  auto d = std::make_shared<EngineData>();
  d->catalog_ = std::move(catalog);
  ZJ_ASSIGN_OR_RETURN(engine::History h, engine::LoadHistory(store));
  d->history_ = std::make_unique<engine::History>(std::move(h));
  // Reading every year's records leaves many freed heap pages behind: return them to the system
  // (glibc keeps them otherwise, and the resident size would stay at the load's peak).
  malloc_trim(0);
  return d;
}

EngineData::Lease::~Lease() {
  if (!engine_) return;
  {
    std::lock_guard lock(owner_->pool_mu_);
    owner_->pool_.push_back(std::move(engine_));
  }
  owner_->pool_cv_.notify_one();
}

Result<EngineData::Lease> EngineData::Borrow() {
  static const int kMaxEngines = std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  std::unique_lock lock(pool_mu_);
  pool_cv_.wait(lock, [&] { return !pool_.empty() || engines_ < kMaxEngines; });
  if (!pool_.empty()) {
    std::unique_ptr<engine::Engine> e = std::move(pool_.back());
    pool_.pop_back();
    return Lease(this, std::move(e));
  }
  ++engines_;
  lock.unlock();
  Result<engine::Engine> e = engine::Engine::Create(*catalog_, *history_);
  if (!e.ok()) {
    {
      std::lock_guard relock(pool_mu_);
      --engines_;
    }
    pool_cv_.notify_one();
    return e.status();
  }
  return Lease(this, std::make_unique<engine::Engine>(std::move(e).value()));
}

Result<std::shared_ptr<const std::string>> EngineData::UnitValuesBody(
    const std::string& unit, const std::string& unit_name, int year,
    const std::vector<std::string>& codes) {
  std::string key = unit + "|" + std::to_string(year);
  for (const std::string& c : codes) key += "|" + c;
  return unit_values_.Get(key, [&]() -> Result<std::string> {
    ZJ_ASSIGN_OR_RETURN(Lease engine, Borrow());
    ZJ_ASSIGN_OR_RETURN(std::vector<engine::IndicatorValue> values,
                        engine->EvaluateUnit(unit, year, codes));
    nlohmann::json items = nlohmann::json::array();
    for (const engine::IndicatorValue& v : values) {
      items.push_back(internal::IndicatorValueJson(v, *catalog_));
    }
    return internal::DumpJson(nlohmann::json{
        {"unit_code", unit}, {"unit_name", unit_name}, {"year", year}, {"items", items}});
  });
}

Result<std::shared_ptr<const std::string>> EngineData::PlanStatusBody(const engine::Plan& plan,
                                                                      int year) {
  return plan_status_.Get(plan.id + "|" + std::to_string(year), [&]() -> Result<std::string> {
    ZJ_ASSIGN_OR_RETURN(Lease engine, Borrow());
    const engine::History& h = *history_;
    const int unit = h.hierarchy().Find(plan.unit_code);
    engine::CodeSeries indicators = [&](const std::string& code, int y) -> std::optional<double> {
      Result<engine::IndicatorValue> v = engine->Evaluate(code, plan.unit_code, y);
      if (!v.ok()) return std::nullopt;
      return v->value;
    };
    engine::CodeSeries metrics = [&](const std::string& code, int y) -> std::optional<double> {
      if (unit < 0) return std::nullopt;
      return h.Data(code, unit, y);
    };
    engine::MonitorOptions options;
    options.limits = engine::LimitsFromCatalog(*catalog_);
    std::vector<engine::TargetEvaluation> evals =
        engine::EvaluatePlan(plan, year, engine::MakeValueSeries(indicators, metrics), options);
    engine::PlanSummary summary = engine::SummarizePlan(plan, evals);
    auto counts = [](const engine::StatusCounts& c) {
      return nlohmann::json{
          {"achieved", c.achieved},
          {"on_track", c.on_track},
          {"at_risk", c.at_risk},
          {"off_track", c.off_track},
          {"no_data", c.no_data},
          {"total", c.total()},
          {"share_achieved", OptJson(c.share_achieved())},
          {"share_on_track_or_achieved", OptJson(c.share_on_track_or_achieved())}};
    };
    nlohmann::json items = nlohmann::json::array();
    for (const engine::TargetEvaluation& e : evals) {
      const engine::Target* t = plan.FindTarget(e.target_id);
      items.push_back(
          {{"target_id", e.target_id},
           {"quote", t ? t->quote : ""},
           {"unit", t ? t->unit : ""},
           {"target", t ? nlohmann::json(t->target.value) : nlohmann::json(nullptr)},
           {"target_year", t ? t->target.year : 0},
           {"comparator", t ? engine::ComparatorName(t->comparator) : ""},
           {"value", OptJson(e.value)},
           {"required", OptJson(e.required)},
           {"baseline", e.baseline ? nlohmann::json(e.baseline->value) : nullptr},
           {"forecast", e.forecast ? nlohmann::json(e.forecast->value) : nullptr},
           {"forecast_clamped", e.forecast && e.forecast->clamped},
           {"forecast_unclamped", e.forecast && e.forecast->clamped
                                      ? nlohmann::json(e.forecast->unclamped)
                                      : nlohmann::json(nullptr)},
           {"status", engine::TargetStatusName(e.status)},
           {"status_name", engine::TargetStatusNameZh(e.status)},
           {"reason", e.reason},
           {"phase", engine::MonitorPhaseName(e.phase)},
           {"warning", e.warning.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.warning)}});
    }
    nlohmann::json sections = nlohmann::json::array();
    for (const engine::SectionSummary& s : summary.sections) {
      sections.push_back(
          {{"section_id", s.section_id}, {"title", s.title}, {"counts", counts(s.counts)}});
    }
    const char* phase = year < plan.first_year  ? "baseline"
                        : year > plan.last_year ? "ended"
                                                : "period";
    return internal::DumpJson(nlohmann::json{{"plan_id", plan.id},
                                             {"title", plan.title},
                                             {"unit_code", plan.unit_code},
                                             {"first_year", plan.first_year},
                                             {"last_year", plan.last_year},
                                             {"baseline_year", plan.baseline_year},
                                             {"phase", phase},
                                             {"year", year},
                                             {"overall", counts(summary.overall)},
                                             {"sections", sections},
                                             {"items", items}});
  });
}

}  // namespace zj::server
