// The projection as a report workbook (十五五 建议指标, county, townships, schools, notes) — shared
// by `zhijiao project --format xlsx` and GET /api/v1/projections/{id}/xlsx (which passes the
// caller's scope as the filter).
#pragma once

#include <functional>
#include <vector>

#include "zj/engine/projection.h"
#include "zj/io/report_workbook.h"

namespace zj::service {

// Which units go into the workbook (county, townships, schools); nullptr = all.
using UnitFilter = std::function<bool(const engine::UnitProjection&)>;

std::vector<io::ReportSheet> ProjectionSheets(const engine::ProjectionResult& r, bool synthetic,
                                              const UnitFilter& include = nullptr);

// Teachers needed minus teachers in post (positive = shortfall).
inline double TeacherGap(const engine::UnitYear& y) {
  return y.teachers_needed - y.teachers_in_post;
}

}  // namespace zj::service
