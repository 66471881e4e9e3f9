// The web app's built files (web/dist): safe path resolution, content types, SPA fallback to
// index.html for extensionless paths. Anything that looks like traversal is a plain 404.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server_impl.h"

namespace zj::server::internal {
namespace {

std::string_view ContentType(std::string_view ext) {
  static const std::map<std::string_view, std::string_view> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".geojson", "application/geo+json"},
      {".webmanifest", "application/manifest+json"},
  };
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? std::string_view("application/octet-stream") : it->second;
}

bool ReadFile(const std::filesystem::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = std::move(ss).str();
  return true;
}

void NotFound(httplib::Response& res) { WriteError(res, 404, "not_found", "页面不存在"); }

}  // namespace

std::optional<std::string> SafeRelativePath(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::string out;
  size_t i = 1;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view seg = path.substr(i, slash - i);
    bool last = slash == path.size();
    if (seg.empty()) {
      if (!last) return std::nullopt;  // "//" anywhere (absolute-path smuggling)
    } else {
      if (seg == "." || seg == "..") return std::nullopt;
      for (char c : seg) {
        if (c == '\\' || c == '\0' || c == ':' || static_cast<unsigned char>(c) < 0x20) {
          return std::nullopt;
        }
      }
      if (!out.empty()) out += '/';
      out += seg;
    }
    i = slash + 1;
  }
  return out;
}

void ServeStatic(const std::string& web_root, const httplib::Request& req, httplib::Response& res) {
  namespace fs = std::filesystem;
  std::optional<std::string> rel = SafeRelativePath(req.path);
  if (web_root.empty() || !rel) return NotFound(res);
  std::error_code ec;
  fs::path root = fs::canonical(web_root, ec);
  if (ec) return NotFound(res);
  fs::path candidate = rel->empty() ? root / "index.html" : root / *rel;
  fs::path resolved = fs::weakly_canonical(candidate, ec);
  // Symlinks must not lead out of the web root either.
  auto [r, c] = std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
  bool inside = !ec && r == root.end();
  std::string body;
  if (inside && fs::is_regular_file(resolved, ec) && ReadFile(resolved, &body)) {
    std::string ext = resolved.extension().string();
    res.set_content(std::move(body), std::string(ContentType(ext)).c_str());
    // Vite puts content hashes in asset names: cache them; never cache index.html.
    res.set_header("Cache-Control",
                   rel->rfind("assets/", 0) == 0 ? "public, max-age=31536000" : "no-cache");
    return;
  }
  // SPA fallback: client-side routes have no extension.
  std::string_view last = *rel;
  if (size_t slash = last.rfind('/'); slash != std::string_view::npos)
    last = last.substr(slash + 1);
  if (last.find('.') != std::string_view::npos) return NotFound(res);
  if (!ReadFile(root / "index.html", &body)) return NotFound(res);
  res.set_content(std::move(body), "text/html; charset=utf-8");
  res.set_header("Cache-Control", "no-cache");
}

}  // namespace zj::server::internal
