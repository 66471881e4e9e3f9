// Synthetic township boundaries (zj/sim/township_map.h): a grid of cells whose corners and edge
// midpoints are moved by seeded noise, so the demo map looks like a map and is plainly not one.
#include "zj/sim/township_map.h"

#include <cmath>
#include <cstdio>

#include "zj/sim/random.h"

namespace zj::sim {
namespace {

struct Point {
  double lon = 0, lat = 0;
};

// Uniform in [-1, 1) from the keys.
double Noise(uint64_t seed, uint64_t a, uint64_t b, uint64_t c) {
  const uint64_t h = MixKeys({seed, 0x6d6170, a, b, c});
  return static_cast<double>(h >> 11) * 0x1.0p-52 - 1.0;
}

std::string Json(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

std::string SyntheticTownshipMap(const std::vector<model::AdminUnit>& townships, uint64_t seed) {
  const int n = static_cast<int>(townships.size());
  if (n == 0) return R"({"type":"FeatureCollection","features":[]})";
  const int cols = static_cast<int>(std::ceil(std::sqrt(n * 1.4)));
  const int rows = (n + cols - 1) / cols;
  const double west = 108.3, south = 30.5, dx = 1.2 / cols, dy = 0.9 / rows;
  // Grid corner (i, j): interior corners jitter by up to 30 % of a cell.
  auto corner = [&](int i, int j) {
    Point p{west + i * dx, south + j * dy};
    if (i > 0 && i < cols) p.lon += 0.3 * dx * Noise(seed, 1, i, j);
    if (j > 0 && j < rows) p.lat += 0.3 * dy * Noise(seed, 2, i, j);
    return p;
  };
  // Midpoint of the edge from a to b, pushed sideways (kind 0 = horizontal edge at (i, j)).
  auto middle = [&](Point a, Point b, int kind, int i, int j) {
    Point m{(a.lon + b.lon) / 2, (a.lat + b.lat) / 2};
    const double push = 0.18 * Noise(seed, 3 + kind, i, j);
    if (kind == 0) {
      m.lat += push * dy;
    } else {
      m.lon += push * dx;
    }
    return m;
  };
  std::string out =
      R"({"type":"FeatureCollection","name":"合成乡镇边界（演示数据，非真实边界）","features":[)";
  char buf[64];
  for (int k = 0; k < n; ++k) {
    const int i = k % cols, j = rows - 1 - k / cols;  // first township top-left
    const Point a = corner(i, j), b = corner(i + 1, j), c = corner(i + 1, j + 1),
                d = corner(i, j + 1);
    const Point ring[] = {a, middle(a, b, 0, i, j),     b, middle(b, c, 1, i + 1, j),
                          c, middle(d, c, 0, i, j + 1), d, middle(a, d, 1, i, j),
                          a};
    if (k > 0) out += ',';
    out += R"({"type":"Feature","properties":{"code":)" + Json(townships[k].code) +
           ",\"name\":" + Json(townships[k].name) +
           R"(,"synthetic":true},"geometry":{"type":"Polygon","coordinates":[[)";
    for (size_t p = 0; p < std::size(ring); ++p) {
      std::snprintf(buf, sizeof buf, "%s[%.5f,%.5f]", p ? "," : "", ring[p].lon, ring[p].lat);
      out += buf;
    }
    out += "]]}}";
  }
  return out + "]}";
}

}  // namespace zj::sim
