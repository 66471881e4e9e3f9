// EngineData: History, catalog, plan and the engine pool (see engine_data.h).
#include "engine_data.h"

#include "zj/engine/plan_monitor.h"

namespace zj::server {

Result<std::shared_ptr<EngineData>> EngineData::Load(model::Store& store,
                                                     std::shared_ptr<const engine::Catalog> catalog,
                                                     std::shared_ptr<const engine::Plan> plan) {
  auto d = std::make_shared<EngineData>();
  d->catalog_ = std::move(catalog);
  d->plan_ = std::move(plan);
  ZJ_ASSIGN_OR_RETURN(engine::History h, engine::LoadHistory(store));
  d->history_ = std::make_unique<engine::History>(std::move(h));
  return d;
}

EngineData::Lease::~Lease() {
  if (!engine_) return;
  std::lock_guard lock(owner_->pool_mu_);
  owner_->pool_.push_back(std::move(engine_));
}

Result<EngineData::Lease> EngineData::Borrow() {
  {
    std::lock_guard lock(pool_mu_);
    if (!pool_.empty()) {
      std::unique_ptr<engine::Engine> e = std::move(pool_.back());
      pool_.pop_back();
      return Lease(this, std::move(e));
    }
  }
  ZJ_ASSIGN_OR_RETURN(engine::Engine e, engine::Engine::Create(*catalog_, *history_));
  return Lease(this, std::make_unique<engine::Engine>(std::move(e)));
}

namespace {

nlohmann::json OptJson(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

Result<std::shared_ptr<const nlohmann::json>> EngineData::PlanStatus(int year) {
  if (!plan_) return Status::NotFound("本数据库的县没有已收录的规划");
  return plan_status_.Get(year, [&]() -> Result<nlohmann::json> {
    ZJ_ASSIGN_OR_RETURN(Lease engine, Borrow());
    const engine::Plan& plan = *plan_;
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
    std::vector<engine::TargetEvaluation> evals =
        engine::EvaluatePlan(plan, year, engine::MakeValueSeries(indicators, metrics));
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
      items.push_back({{"target_id", e.target_id},
                       {"quote", t ? t->quote : ""},
                       {"unit", t ? t->unit : ""},
                       {"target", t ? nlohmann::json(t->target.value) : nlohmann::json(nullptr)},
                       {"target_year", t ? t->target.year : 0},
                       {"comparator", t ? engine::ComparatorName(t->comparator) : ""},
                       {"value", OptJson(e.value)},
                       {"required", OptJson(e.required)},
                       {"baseline", e.baseline ? nlohmann::json(e.baseline->value) : nullptr},
                       {"forecast", e.forecast ? nlohmann::json(e.forecast->value) : nullptr},
                       {"status", engine::TargetStatusName(e.status)},
                       {"status_name", engine::TargetStatusNameZh(e.status)},
                       {"reason", e.reason}});
    }
    nlohmann::json sections = nlohmann::json::array();
    for (const engine::SectionSummary& s : summary.sections) {
      sections.push_back(
          {{"section_id", s.section_id}, {"title", s.title}, {"counts", counts(s.counts)}});
    }
    return nlohmann::json{{"plan_id", plan.id},
                          {"title", plan.title},
                          {"unit_code", plan.unit_code},
                          {"year", year},
                          {"overall", counts(summary.overall)},
                          {"sections", sections},
                          {"items", items}};
  });
}

}  // namespace zj::server
