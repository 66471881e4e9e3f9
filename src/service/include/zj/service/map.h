// The county map: a GeoJSON FeatureCollection of the county's 乡镇 boundaries, uploaded by county
// staff (PUT /api/v1/map/townships, `zhijiao map import`), validated against the township
// hierarchy and stored as one map layer (model::MapLayer "townships") with an audit entry in the
// same transaction. The web colours it by an indicator (大屏, 总览).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"
#include "zj/model/records.h"
#include "zj/model/store.h"
#include "zj/service/accounts.h"

namespace zj::service {

inline constexpr char kTownshipLayer[] = "townships";
// Largest GeoJSON accepted (bytes of the uploaded text).
inline constexpr int64_t kMapMaxBytes = int64_t{5} << 20;
// Plausible coordinates (WGS84 / GCJ-02 degrees) for China.
inline constexpr double kMinLon = 73, kMaxLon = 136, kMinLat = 3, kMaxLat = 54;

struct MapIssue {
  int feature = -1;     // 0-based feature index; -1 = the whole file
  std::string message;  // Chinese, names the feature as 第 N 个要素 (1-based)
};

struct MapReport {
  int features = 0;                  // features in the file
  int matched = 0;                   // features matched to a township
  std::vector<MapIssue> errors;      // any error refuses the upload
  std::vector<std::string> missing;  // "代码 名称" of townships without a feature (warning)
  std::string normalized;            // compact GeoJSON to store (valid only when ok())
  bool ok() const { return errors.empty() && features > 0; }
};

// Validates `text`: JSON, a FeatureCollection whose features have Polygon or MultiPolygon
// geometries (closed rings of ≥ 4 [lon, lat] positions inside kMin/kMax), each carrying a
// property whose value is a township's 9-digit code or its name (any property key; the code
// wins), no township twice. `townships` are the AdminUnits to match (level township). The
// normalized text keeps the geometry and sets properties to {code, name} of the township.
MapReport CheckTownshipMap(std::string_view text, const std::vector<model::AdminUnit>& townships);

// The townships of the store's county (DatabaseInfo::county_code; every township when the
// database holds several counties).
Result<std::vector<model::AdminUnit>> CountyTownships(model::Store& store);

// Checks and — when the report is ok and !check_only — stores the layer replacing any previous
// one, with the audit entry `map.import` (before/after: feature count, sha256, updated_by) in
// the same transaction. A report with errors is returned as a value (nothing written); a non-ok
// Status only for oversized input (kInvalidArgument naming the limit) or store failures.
Result<MapReport> ImportTownshipMap(model::Store& store, std::string_view text, bool check_only,
                                    const Actor& actor, int64_t now);

// The stored layer, nullopt when none was uploaded.
Result<std::optional<model::MapLayer>> GetTownshipMap(model::Store& store);

// Removes the layer with the audit entry `map.delete` in the same transaction; kNotFound when
// there is none.
Status DeleteTownshipMap(model::Store& store, const Actor& actor, int64_t now);

// One line per issue for a Status message or a terminal ("第 3 个要素：…").
std::string MapReportText(const MapReport& report, size_t max_lines = 10);

}  // namespace zj::service
