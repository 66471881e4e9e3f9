// `zhijiao backtest`: rolling-origin backtest of the projection on a database's registry history —
// MAPE/WAPE by lead time and level (county, township, school) for the model and two naive
// baselines, the interval quantiles, and their leave-one-origin-out coverage.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_util.h"
#include "commands.h"
#include "zj/common/file.h"
#include "zj/engine/projection.h"
#include "zj/engine/projection_backtest.h"

namespace zj::cli {

int RunBacktest(const BacktestCliOptions& opt) {
  if (opt.format != "json" && opt.format != "table") {
    return FailBadInput("--format 应为 json 或 table");
  }
  engine::BacktestOptions bo;
  if (!opt.base_years.empty()) {
    auto range = ParseYearRange(opt.base_years);
    if (!range.ok()) return FailWith(range.status());
    bo.first_origin = range->first;
    bo.last_origin = range->second;
  }
  bo.max_lead = opt.max_lead;
  auto sc = engine::DefaultScenario();
  if (!sc.ok()) return FailWith(sc.status());
  if (!opt.scenario.empty()) {
    Result<std::string> text = common::ReadTextFile(opt.scenario, "场景");
    if (!text.ok()) return FailWith(text.status());
    sc = engine::ParseScenario(*text);
    if (!sc.ok()) return FailWith(sc.status());
  }
  auto store = OpenExistingStore(opt.db, /*read_only=*/true);
  if (!store.ok()) return FailWith(store.status());
  auto info = (*store)->GetInfo();
  if (!info.ok()) return FailWith(info.status());
  auto input = engine::LoadProjectionInput(**store);
  if (!input.ok()) return FailWith(input.status());
  auto rep = engine::Backtest(*input, *sc, bo);
  if (!rep.ok()) return FailWith(rep.status());

  using engine::Forecaster;
  using engine::Level;
  if (opt.format == "table") {
    std::printf("滚动回测 基年 %d–%d，预测期 1–%d，总在校生（各单位）%s\n", rep->origins.front(),
                rep->origins.back(), rep->max_lead, info->synthetic ? "  [合成演示数据]" : "");
    std::printf("MAPE %%（括号内 WAPE %%）\n%-9s %-13s", "level", "forecaster");
    for (int h = 1; h <= rep->max_lead; ++h) std::printf("          h%d", h);
    std::printf("\n");
    for (Level l : {Level::kCounty, Level::kTownship, Level::kSchool}) {
      for (Forecaster f :
           {Forecaster::kModel, Forecaster::kPersistence, Forecaster::kBirthsRatio}) {
        std::printf("%-9s %-13s", engine::LevelName(l), engine::ForecasterName(f));
        for (int h = 1; h <= rep->max_lead; ++h) {
          bool found = false;
          for (const auto& c : rep->cells) {
            if (c.level == l && c.forecaster == f && c.lead == h && c.quantity == "enrolment") {
              std::printf(" %5.2f(%5.2f)", c.mape, c.wape);
              found = true;
            }
          }
          if (!found) std::printf(" %11s", "—");
        }
        std::printf("\n");
      }
    }
    std::printf("\n县级分学段 MAPE %% (model):\n");
    for (auto stage : engine::kProjectedStages) {
      std::string q(model::StageName(stage));
      std::printf("  %-15s", q.c_str());
      for (const auto& c : rep->cells) {
        if (c.forecaster == Forecaster::kModel && c.level == Level::kCounty && c.quantity == q) {
          std::printf("  h%d %.2f", c.lead, c.mape);
        }
      }
      std::printf("\n");
    }
    std::printf("\n80%% 预测区间的留一基年覆盖率:\n");
    for (const auto& c : rep->coverage) {
      std::printf("  %-9s h%d %5.1f%% (n=%d)\n", engine::LevelName(c.level), c.lead, c.mape, c.n);
    }
    return kExitOk;
  }
  nlohmann::ordered_json out;
  out["synthetic"] = info->synthetic;
  out["origins"] = rep->origins;
  out["max_lead"] = rep->max_lead;
  nlohmann::ordered_json cells = nlohmann::ordered_json::array();
  for (const auto& c : rep->cells) {
    cells.push_back({{"forecaster", engine::ForecasterName(c.forecaster)},
                     {"level", engine::LevelName(c.level)},
                     {"quantity", c.quantity},
                     {"lead", c.lead},
                     {"n", c.n},
                     {"mape", RoundTo(c.mape, 3)},
                     {"wape", RoundTo(c.wape, 3)},
                     {"bias", RoundTo(c.bias, 3)}});
  }
  out["cells"] = std::move(cells);
  nlohmann::ordered_json q = nlohmann::ordered_json::array();
  for (const auto& [key, leads] : rep->errors.by_lead) {
    for (size_t l = 0; l < leads.size(); ++l) {
      q.push_back({{"level", engine::LevelName(key.first)},
                   {"quantity", key.second},
                   {"lead", l + 1},
                   {"n", leads[l].n},
                   {"low", RoundTo(leads[l].low, 4)},
                   {"high", RoundTo(leads[l].high, 4)}});
    }
  }
  out["error_quantiles"] = {{"coverage", rep->errors.coverage}, {"rows", q}};
  nlohmann::ordered_json cov = nlohmann::ordered_json::array();
  for (const auto& c : rep->coverage) {
    cov.push_back({{"level", engine::LevelName(c.level)},
                   {"lead", c.lead},
                   {"n", c.n},
                   {"coverage_percent", RoundTo(c.mape, 1)}});
  }
  out["interval_coverage"] = std::move(cov);
  std::cout << out.dump(1) << "\n";
  return kExitOk;
}

}  // namespace zj::cli
