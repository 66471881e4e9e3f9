// Synthetic progress history of the work ledger for the demo county: given the tasks the plan
// yields (zj/engine/ledger.h) and the demo's plan progress values (plan_progress.h), a yearly
// progress report per task (quantified 专栏 projects follow their metric's synthetic series so
// that the ledger and the plan monitoring agree) and the completion dates of met milestones. A
// deterministic minority of measures lag or stall so that the 督查督办 views have content.
#pragma once

#include <cstdint>
#include <vector>

#include "zj/model/records.h"

namespace zj::sim {

struct LedgerHistory {
  std::vector<model::TaskProgress> progress;
  std::vector<model::Milestone> milestones;  // the input milestones with done dates filled in
};

// Reports are dated in December of each calendar year first_year..last_year (the last one in
// `last_year`); values are those of the metric in the same year (unit_code = county_code).
LedgerHistory GenerateLedgerHistory(const std::vector<model::Task>& tasks,
                                    const std::vector<model::Milestone>& milestones,
                                    const std::vector<model::DataValue>& values,
                                    const std::string& county_code, int first_year, int last_year,
                                    uint64_t seed);

}  // namespace zj::sim
