// A Snapshot as bytes for the store's snapshot cache (see snapshot.h and docs/architecture.md).
//
// Layout: magic "ZJSNAP", format version, year, max grades, dropped health rows, then every
// column in the order of SnapshotCodec::Visit as (uint64 length, raw elements). Elements are
// written in host byte order; the fingerprint names it, so a file moved to a machine of the
// other order simply misses the cache.
#include <array>
#include <bit>
#include <cstdio>
#include <cstring>
#include <type_traits>

#include "zj/engine/snapshot.h"

namespace zj::engine {

namespace {

constexpr char kMagic[6] = {'Z', 'J', 'S', 'N', 'A', 'P'};
// Bump when a column is added, removed or changes type, or when what a column holds changes.
constexpr uint32_t kFormatVersion = 1;

class Writer {
 public:
  template <typename T>
  void Put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  template <typename T>
  void Column(const std::vector<T>& v) {
    Put<uint64_t>(v.size());
    out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  bool Get(T& v) {
    if (in_.size() < sizeof(T)) return false;
    std::memcpy(&v, in_.data(), sizeof(T));
    in_.remove_prefix(sizeof(T));
    return true;
  }
  template <typename T>
  bool Column(std::vector<T>& v) {
    uint64_t n = 0;
    if (!Get(n) || n > in_.size() / sizeof(T)) return false;
    v.resize(n);
    std::memcpy(v.data(), in_.data(), n * sizeof(T));
    in_.remove_prefix(n * sizeof(T));
    return true;
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

template <typename T>
bool AllIn(const std::vector<T>& v, int64_t lo, int64_t hi) {
  for (T x : v) {
    if (static_cast<int64_t>(x) < lo || static_cast<int64_t>(x) >= hi) return false;
  }
  return true;
}

}  // namespace

class SnapshotCodec {
 public:
  static std::string Serialize(const Snapshot& s) {
    Writer w;
    for (char c : kMagic) w.Put(c);
    w.Put(kFormatVersion);
    w.Put<int32_t>(s.year_);
    for (int g : s.max_grade_) w.Put<int32_t>(g);
    w.Put<int64_t>(s.dropped_health_rows_);
    Snapshot::ForEachColumn(s, [&](int, const auto& column) { w.Column(column); });
    return w.Take();
  }

  static Result<Snapshot> Deserialize(std::shared_ptr<const Hierarchy> hierarchy, int year,
                                      std::string_view data) {
    auto corrupt = [&](const char* why) {
      return Status::DataLoss(std::to_string(year) + "学年的快照缓存无效（" + why + "）");
    };
    Reader r(data);
    char magic[sizeof(kMagic)];
    for (char& c : magic) {
      if (!r.Get(c)) return corrupt("过短");
    }
    uint32_t version = 0;
    int32_t stored_year = 0;
    if (std::memcmp(magic, kMagic, sizeof(kMagic)) != 0 || !r.Get(version) ||
        version != kFormatVersion) {
      return corrupt("格式版本不符");
    }
    if (!r.Get(stored_year) || stored_year != year) return corrupt("学年不符");
    Snapshot s;
    s.year_ = year;
    for (int& g : s.max_grade_) {
      int32_t v = 0;
      if (!r.Get(v)) return corrupt("过短");
      g = v;
    }
    if (!r.Get(s.dropped_health_rows_)) return corrupt("过短");
    // Every column of a table has the length of the table's first column.
    bool ok = true;
    std::array<int64_t, 5> length;
    length.fill(-1);
    Snapshot::ForEachColumn(s, [&](int table, auto& column) {
      ok = ok && r.Column(column);
      if (length[table] < 0) length[table] = static_cast<int64_t>(column.size());
      ok = ok && length[table] == static_cast<int64_t>(column.size());
    });
    if (!ok || !r.done()) return corrupt("长度不符");
    const auto& e = s.enrolments_;
    const auto& cl = s.classes_;
    const auto& t = s.teachers_;
    const auto& h = s.health_;
    const auto schools = static_cast<int64_t>(hierarchy->school_count());
    if (!AllIn(e.school, 0, schools) || !AllIn(cl.school, 0, schools) ||
        !AllIn(t.school, 0, schools) || !AllIn(h.school, 0, schools) ||
        !AllIn(s.facilities_.school, 0, schools) ||
        !AllIn(e.class_index, -1, static_cast<int64_t>(cl.size()))) {
      return corrupt("学校或班级编号越界");
    }
    for (int g : s.max_grade_) {
      if (g < 0 || g > 255) return corrupt("年级越界");
    }
    s.hierarchy_ = std::move(hierarchy);
    return s;
  }
};

std::string SerializeSnapshot(const Snapshot& snapshot) {
  return SnapshotCodec::Serialize(snapshot);
}

Result<Snapshot> DeserializeSnapshot(std::shared_ptr<const Hierarchy> hierarchy, int year,
                                     std::string_view data) {
  return SnapshotCodec::Deserialize(std::move(hierarchy), year, data);
}

std::string SnapshotFingerprint(const Hierarchy& hierarchy) {
  // FNV-1a over the school codes in index order (the numbering the columns refer to).
  uint64_t h = 14695981039346656037ull;
  auto mix = [&](std::string_view bytes) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  for (const auto& school : hierarchy.schools()) {
    mix(school.code);
    mix(std::string_view("\0", 1));
  }
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(h));
  const char* order = std::endian::native == std::endian::little ? "le" : "be";
  return "v" + std::to_string(kFormatVersion) + "-" + order + "-" +
         std::to_string(hierarchy.school_count()) + "-" + hex;
}

}  // namespace zj::engine
