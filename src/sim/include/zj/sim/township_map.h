// Synthetic 乡镇 boundaries for the demo county: a jittered grid of cells, one per township, near
// the county's position. They are NOT real boundaries (each feature says so); they only let the
// demo show a county map. `zhijiao demo` imports them through zj::service::ImportTownshipMap.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zj/model/records.h"

namespace zj::sim {

// A GeoJSON FeatureCollection (compact text) with one Polygon per township, in the given order,
// properties {code, name, synthetic: true}; deterministic for (townships, seed). Neighbouring
// cells share their edges exactly. Coordinates lie around 108.3–109.5 E, 30.5–31.4 N.
std::string SyntheticTownshipMap(const std::vector<model::AdminUnit>& townships, uint64_t seed);

}  // namespace zj::sim
