// Synthetic work-ledger history (see zj/sim/ledger_history.h).
#include "zj/sim/ledger_history.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace zj::sim {
namespace {

uint64_t Mix(uint64_t seed, const std::string& s, int k) {
  uint64_t h = 0xcbf29ce484222325ull ^ seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  h += 0x9E3779B97F4A7C15ull * static_cast<uint64_t>(k + 1000);
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
  return h ^ (h >> 31);
}
double Unit(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

const char* kReporters[] = {"规划科", "基础教育科", "教师发展中心", "装备中心", "职成教科"};

}  // namespace

LedgerHistory GenerateLedgerHistory(const std::vector<model::Task>& tasks,
                                    const std::vector<model::Milestone>& milestones,
                                    const std::vector<model::DataValue>& values,
                                    const std::string& county_code, int first_year, int last_year,
                                    uint64_t seed) {
  std::map<std::pair<std::string, int>, double> metric;
  for (const auto& v : values) {
    if (v.unit_code == county_code) metric[{v.code, v.year}] = v.value;
  }
  LedgerHistory out;
  std::map<std::string, std::vector<std::pair<Date, double>>> reached;  // task → (date, qty/%)
  for (const model::Task& t : tasks) {
    const bool quantified = t.planned_quantity > 0;
    // Measures: a lagging share stops short of 100 % (some stall a year early).
    const double u = Unit(Mix(seed, t.id, 0));
    const bool lagging = !quantified && u < 0.18;
    const bool stalls = lagging && u < 0.08;
    const double final_percent = lagging ? 60 + std::floor(30 * Unit(Mix(seed, t.id, 1))) : 100;
    int seq = 0;
    for (int y = first_year; y <= last_year; ++y) {
      if (stalls && y == last_year) break;
      model::TaskProgress p;
      p.task_id = t.id;
      p.seq = ++seq;
      p.report_date = Date{y, 12, 10 + static_cast<int>(Mix(seed, t.id, y) % 15)};
      p.reported_by = kReporters[Mix(seed, t.id, 7) % 5];
      if (quantified) {
        auto it = metric.find({t.indicators, y});
        double q = it == metric.end() ? 0 : std::max(0.0, std::round(it->second));
        p.quantity = q;
        p.percent = std::min(100.0, std::round(1000 * q / t.planned_quantity) / 10);
        if (q >= t.planned_quantity) p.percent = 100;
        p.text = "累计完成 " + std::to_string(static_cast<int64_t>(q)) + t.quantity_unit +
                 "（计划 " + std::to_string(static_cast<int64_t>(t.planned_quantity)) +
                 t.quantity_unit + "）";
      } else {
        const double share = static_cast<double>(y - first_year + 1) / (last_year - first_year + 1);
        double pct = std::round(final_percent * share);
        if (y == last_year) pct = final_percent;
        p.percent = pct;
        p.text = y == first_year ? "制定实施方案，分解年度任务"
                 : pct >= 100
                     ? "各项任务全面完成，形成总结材料"
                     : "按年度计划推进，累计完成约 " + std::to_string(static_cast<int>(pct)) + "%";
        p.quantity = 0;
      }
      reached[t.id].push_back({p.report_date, quantified ? p.quantity : p.percent});
      out.progress.push_back(p);
    }
  }
  // Milestones: measures are met on the first report that reaches 1 / 50 / 100 %; quantified
  // ones on the first report reaching their quantity.
  std::map<std::string, const model::Task*> by_id;
  for (const auto& t : tasks) by_id[t.id] = &t;
  for (model::Milestone m : milestones) {
    auto it = by_id.find(m.task_id);
    if (it != by_id.end()) {
      const model::Task& t = *it->second;
      double need = m.planned_quantity;
      if (t.planned_quantity <= 0) need = m.seq == 1 ? 1 : m.seq == 2 ? 50 : 100;
      for (const auto& [date, v] : reached[t.id]) {
        if (v >= need) {
          m.done_date = date;
          break;
        }
      }
    }
    out.milestones.push_back(m);
  }
  return out;
}

}  // namespace zj::sim
