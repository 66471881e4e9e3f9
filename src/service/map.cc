// The county map use-cases (zj/service/map.h): GeoJSON validation against the township
// hierarchy, and the stored layer's import and removal, each with its audit entry in the same
// transaction. Shared by `zhijiao map import` and PUT/DELETE /api/v1/map/townships.
#include "zj/service/map.h"

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "zj/service/audit.h"
#include "zj/service/auth.h"

namespace zj::service {
namespace {

using Json = nlohmann::json;

std::string FeatureName(size_t i) { return "第 " + std::to_string(i + 1) + " 个要素"; }

// Checks one ring; "" when fine, else why not.
std::string CheckRing(const Json& ring) {
  if (!ring.is_array() || ring.size() < 4) return "环须至少有 4 个坐标点";
  for (const Json& p : ring) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) {
      return "坐标须为 [经度, 纬度] 数值";
    }
    const double lon = p[0].get<double>(), lat = p[1].get<double>();
    if (!std::isfinite(lon) || !std::isfinite(lat) || lon < kMinLon || lon > kMaxLon ||
        lat < kMinLat || lat > kMaxLat) {
      char buf[160];
      std::snprintf(buf, sizeof buf,
                    "坐标 [%.6g, %.6g] 不在中国范围内（经度 %g–%g，纬度 %g–%g；是否把经纬度写反，"
                    "或用了投影坐标？）",
                    lon, lat, kMinLon, kMaxLon, kMinLat, kMaxLat);
      return buf;
    }
  }
  if (ring.front() != ring.back()) return "环未闭合（首尾坐标须相同）";
  return "";
}

std::string CheckPolygon(const Json& rings) {
  if (!rings.is_array() || rings.empty()) return "多边形须至少有一个环";
  for (const Json& ring : rings) {
    std::string why = CheckRing(ring);
    if (!why.empty()) return why;
  }
  return "";
}

std::string CheckGeometry(const Json& g) {
  if (!g.is_object()) return "缺少 geometry";
  auto type = g.find("type");
  auto coords = g.find("coordinates");
  if (type == g.end() || !type->is_string()) return "geometry 缺少 type";
  if (coords == g.end()) return "geometry 缺少 coordinates";
  const std::string t = type->get<std::string>();
  if (t == "Polygon") return CheckPolygon(*coords);
  if (t == "MultiPolygon") {
    if (!coords->is_array() || coords->empty()) return "MultiPolygon 须至少有一个多边形";
    for (const Json& poly : *coords) {
      std::string why = CheckPolygon(poly);
      if (!why.empty()) return why;
    }
    return "";
  }
  return "几何类型为 " + t + "，须为 Polygon 或 MultiPolygon";
}

std::string Sha256OfText(std::string_view text) { return Sha256Hex(text); }

Json LayerSummary(const model::MapLayer& layer) {
  Json j = Json::parse(layer.geojson, nullptr, false);
  const size_t n = j.is_object() && j.contains("features") ? j["features"].size() : 0;
  return {{"layer", layer.name},
          {"features", n},
          {"sha256", Sha256OfText(layer.geojson)},
          {"bytes", layer.geojson.size()},
          {"updated_by", layer.updated_by},
          {"updated_at", layer.updated_at}};
}

AuditRecord RecordOf(const Actor& actor, std::string action, std::string before,
                     std::string after) {
  AuditRecord r;
  r.user_id = actor.user_id;
  r.actor = actor.name;
  r.address = actor.address;
  r.action = std::move(action);
  r.target = std::string("map/") + kTownshipLayer;
  r.before_json = std::move(before);
  r.after_json = std::move(after);
  return r;
}

}  // namespace

MapReport CheckTownshipMap(std::string_view text, const std::vector<model::AdminUnit>& townships) {
  MapReport report;
  auto fail = [&](std::string message) {
    report.errors.push_back({-1, std::move(message)});
    return report;
  };
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded()) return fail("文件不是有效的 JSON");
  if (!doc.is_object() || doc.value("type", "") != "FeatureCollection") {
    return fail("须为 GeoJSON FeatureCollection（顶层 \"type\": \"FeatureCollection\"）");
  }
  auto features = doc.find("features");
  if (features == doc.end() || !features->is_array()) return fail("缺少 features 数组");
  if (features->empty()) return fail("features 为空：至少需要一个乡镇的边界");
  std::map<std::string, const model::AdminUnit*> by_code, by_name;
  for (const model::AdminUnit& t : townships) {
    by_code[t.code] = &t;
    by_name[t.name] = &t;
  }
  std::map<std::string, size_t> seen;  // township code → feature index
  Json out_features = Json::array();
  report.features = static_cast<int>(features->size());
  for (size_t i = 0; i < features->size(); ++i) {
    const Json& f = (*features)[i];
    auto error = [&](const std::string& why) {
      report.errors.push_back({static_cast<int>(i), FeatureName(i) + "：" + why});
    };
    if (!f.is_object() || f.value("type", "") != "Feature") {
      error("不是 GeoJSON Feature");
      continue;
    }
    std::string why = CheckGeometry(f.contains("geometry") ? f["geometry"] : Json());
    if (!why.empty()) {
      error(why);
      continue;
    }
    // Match any property value: a code first, then a name.
    const model::AdminUnit* match = nullptr;
    std::string shown;
    if (f.contains("properties") && f["properties"].is_object()) {
      for (const auto& [key, v] : f["properties"].items()) {
        std::string s;
        if (v.is_string()) {
          s = v.get<std::string>();
        } else if (v.is_number_integer() || v.is_number_unsigned()) {
          s = v.dump();
        } else {
          continue;
        }
        if (shown.empty() && !s.empty()) shown = key + "=" + s;
        if (auto it = by_code.find(s); it != by_code.end()) {
          match = it->second;
          break;
        }
        // A 12-digit 统计用区划代码 of the township (9 digits + 000).
        if (s.size() == 12 && s.substr(9) == "000") {
          if (auto it = by_code.find(s.substr(0, 9)); it != by_code.end()) {
            match = it->second;
            break;
          }
        }
        if (auto it = by_name.find(s); it != by_name.end() && match == nullptr) match = it->second;
      }
    }
    if (match == nullptr) {
      error("属性中没有与本县乡镇代码或名称相符的值" +
            (shown.empty() ? std::string("（没有属性）") : "（如 " + shown + "）"));
      continue;
    }
    if (auto [it, fresh] = seen.emplace(match->code, i); !fresh) {
      error("与" + FeatureName(it->second) + "是同一乡镇（" + match->name + "）");
      continue;
    }
    ++report.matched;
    out_features.push_back({{"type", "Feature"},
                            {"properties", {{"code", match->code}, {"name", match->name}}},
                            {"geometry", f["geometry"]}});
  }
  for (const model::AdminUnit& t : townships) {
    if (!seen.count(t.code)) report.missing.push_back(t.code + " " + t.name);
  }
  if (report.ok()) {
    Json out = {{"type", "FeatureCollection"}, {"features", out_features}};
    report.normalized = out.dump();
  }
  return report;
}

Result<std::vector<model::AdminUnit>> CountyTownships(model::Store& store) {
  ZJ_ASSIGN_OR_RETURN(model::DatabaseInfo info, store.GetInfo());
  ZJ_ASSIGN_OR_RETURN(std::vector<model::AdminUnit> units, store.ListAdminUnits());
  std::vector<model::AdminUnit> out;
  for (model::AdminUnit& u : units) {
    if (u.level != model::AdminLevel::kTownship) continue;
    if (!info.county_code.empty() && u.parent_code != info.county_code) continue;
    out.push_back(std::move(u));
  }
  return out;
}

Result<MapReport> ImportTownshipMap(model::Store& store, std::string_view text, bool check_only,
                                    const Actor& actor, int64_t now) {
  if (static_cast<int64_t>(text.size()) > kMapMaxBytes) {
    return Status::InvalidArgument("GeoJSON 文件过大（" + std::to_string(text.size()) +
                                   " 字节，上限 " + std::to_string(kMapMaxBytes >> 20) +
                                   " MiB）：请先简化边界");
  }
  ZJ_ASSIGN_OR_RETURN(std::vector<model::AdminUnit> townships, CountyTownships(store));
  if (townships.empty()) {
    return Status::FailedPrecondition("数据库中没有乡镇（行政区划），无法匹配边界");
  }
  MapReport report = CheckTownshipMap(text, townships);
  if (!report.ok() || check_only) return report;
  model::MapLayer layer{kTownshipLayer, report.normalized, now, actor.name};
  Status st = store.RunInTransaction([&]() -> Status {
    ZJ_ASSIGN_OR_RETURN(std::optional<model::MapLayer> old, store.GetMapLayer(kTownshipLayer));
    ZJ_RETURN_IF_ERROR(store.PutMapLayer(layer));
    Json after = LayerSummary(layer);
    after["missing_townships"] = report.missing.size();
    return AppendAudit(
               store,
               RecordOf(actor, "map.import", old ? LayerSummary(*old).dump() : "", after.dump()),
               now)
        .status();
  });
  if (!st.ok()) return st;
  return report;
}

Result<std::optional<model::MapLayer>> GetTownshipMap(model::Store& store) {
  return store.GetMapLayer(kTownshipLayer);
}

Status DeleteTownshipMap(model::Store& store, const Actor& actor, int64_t now) {
  return store.RunInTransaction([&]() -> Status {
    ZJ_ASSIGN_OR_RETURN(std::optional<model::MapLayer> old, store.GetMapLayer(kTownshipLayer));
    if (!old) return Status::NotFound("尚未上传乡镇边界");
    ZJ_RETURN_IF_ERROR(store.DeleteMapLayer(kTownshipLayer));
    return AppendAudit(store, RecordOf(actor, "map.delete", LayerSummary(*old).dump(), ""), now)
        .status();
  });
}

std::string MapReportText(const MapReport& report, size_t max_lines) {
  std::string out;
  size_t n = 0;
  for (const MapIssue& e : report.errors) {
    if (n++ == max_lines) {
      out += "…（共 " + std::to_string(report.errors.size()) + " 个问题）\n";
      break;
    }
    out += e.message + "\n";
  }
  return out;
}

}  // namespace zj::service
