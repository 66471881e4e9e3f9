// Builds the unit tree and numbers schools in depth-first order (see hierarchy.h).
#include "zj/engine/hierarchy.h"

#include <algorithm>
#include <functional>

namespace zj::engine {

std::string_view UnitKindNameZh(UnitKind k) {
  switch (k) {
    case UnitKind::kProvince:
      return "省";
    case UnitKind::kCity:
      return "市";
    case UnitKind::kCounty:
      return "县";
    case UnitKind::kTownship:
      return "乡镇";
    case UnitKind::kSchool:
      return "学校";
  }
  return "";
}

Result<Hierarchy> Hierarchy::Build(const std::vector<model::AdminUnit>& units_in,
                                   const std::vector<model::School>& schools_in) {
  Hierarchy h;
  std::vector<model::AdminUnit> units;
  for (const auto& u : units_in) {
    if (u.level != model::AdminLevel::kVillage) units.push_back(u);
  }
  std::sort(units.begin(), units.end(),
            [](const auto& a, const auto& b) { return a.code < b.code; });
  // Temporary admin nodes (index = position in `units`).
  std::unordered_map<std::string, int> admin_index;
  for (size_t i = 0; i < units.size(); ++i) {
    if (units[i].code.empty()) return Status::InvalidArgument("行政区划代码为空");
    if (!admin_index.emplace(units[i].code, static_cast<int>(i)).second) {
      return Status::InvalidArgument("行政区划代码重复：" + units[i].code);
    }
  }
  std::vector<int> parent(units.size(), -1);
  for (size_t i = 0; i < units.size(); ++i) {
    auto it = admin_index.find(units[i].parent_code);
    if (!units[i].parent_code.empty() && it != admin_index.end()) parent[i] = it->second;
  }
  for (size_t i = 0; i < units.size(); ++i) {  // cycle check: a chain longer than n is a cycle
    int p = static_cast<int>(i);
    for (size_t steps = 0; p != -1; ++steps) {
      if (steps > units.size()) {
        return Status::InvalidArgument("行政区划上级关系成环：" + units[i].code);
      }
      p = parent[p];
    }
  }
  std::vector<model::School> schools = schools_in;
  std::sort(schools.begin(), schools.end(),
            [](const auto& a, const auto& b) { return a.code < b.code; });
  for (size_t i = 1; i < schools.size(); ++i) {
    if (schools[i].code == schools[i - 1].code) {
      return Status::InvalidArgument("学校标识码重复：" + schools[i].code);
    }
  }
  // Place schools.
  std::vector<std::vector<int>> admin_children(units.size()), admin_schools(units.size());
  std::vector<int> roots;
  for (size_t i = 0; i < units.size(); ++i) {
    if (parent[i] == -1) {
      roots.push_back(static_cast<int>(i));
    } else {
      admin_children[parent[i]].push_back(static_cast<int>(i));
    }
  }
  std::vector<int> unplaced_tmp;
  for (size_t s = 0; s < schools.size(); ++s) {
    const std::string& t = schools[s].township_code;
    int at = -1;
    if (auto it = admin_index.find(t); !t.empty() && it != admin_index.end()) {
      at = it->second;
    } else {
      for (size_t len : {9u, 6u, 4u, 2u}) {
        if (t.size() <= len) continue;
        if (auto it2 = admin_index.find(t.substr(0, len)); it2 != admin_index.end()) {
          at = it2->second;
          break;
        }
      }
    }
    if (at == -1) {
      unplaced_tmp.push_back(static_cast<int>(s));
    } else {
      admin_schools[at].push_back(static_cast<int>(s));
    }
  }
  // Depth-first numbering.
  std::vector<int> school_order;  // new index → old index
  std::function<int(int, int)> visit = [&](int a, int parent_node) -> int {
    int node = static_cast<int>(h.nodes_.size());
    UnitNode n;
    n.code = units[a].code;
    n.name = units[a].name;
    n.kind = static_cast<UnitKind>(static_cast<int>(units[a].level));
    n.parent = parent_node;
    n.school_begin = static_cast<int>(school_order.size());
    h.nodes_.push_back(std::move(n));
    h.admin_units_.push_back(node);
    for (int c : admin_children[a]) {
      int child = visit(c, node);
      h.nodes_[node].children.push_back(child);
    }
    for (int s : admin_schools[a]) {
      int child = static_cast<int>(h.nodes_.size());
      UnitNode sn;
      sn.code = schools[s].code;
      sn.name = schools[s].name;
      sn.kind = UnitKind::kSchool;
      sn.parent = node;
      sn.school = static_cast<int>(school_order.size());
      sn.school_begin = sn.school;
      sn.school_end = sn.school + 1;
      school_order.push_back(s);
      h.nodes_.push_back(std::move(sn));
      h.nodes_[node].children.push_back(child);
    }
    h.nodes_[node].school_end = static_cast<int>(school_order.size());
    return node;
  };
  for (int r : roots) h.roots_.push_back(visit(r, -1));
  for (int s : unplaced_tmp) {
    UnitNode sn;
    sn.code = schools[s].code;
    sn.name = schools[s].name;
    sn.kind = UnitKind::kSchool;
    sn.school = static_cast<int>(school_order.size());
    sn.school_begin = sn.school;
    sn.school_end = sn.school + 1;
    h.unplaced_.push_back(sn.school);
    school_order.push_back(s);
    h.nodes_.push_back(std::move(sn));
  }
  h.schools_.reserve(schools.size());
  h.school_nodes_.assign(schools.size(), -1);
  for (int old : school_order) h.schools_.push_back(schools[old]);
  for (size_t i = 0; i < h.nodes_.size(); ++i) {
    h.by_code_.emplace(h.nodes_[i].code, static_cast<int>(i));
    if (h.nodes_[i].kind == UnitKind::kSchool) {
      h.school_nodes_[h.nodes_[i].school] = static_cast<int>(i);
      h.school_by_code_.emplace(h.nodes_[i].code, h.nodes_[i].school);
    }
  }
  return h;
}

int Hierarchy::Find(std::string_view code) const {
  auto it = by_code_.find(std::string(code));
  return it == by_code_.end() ? -1 : it->second;
}

int Hierarchy::FindSchool(std::string_view code) const {
  auto it = school_by_code_.find(std::string(code));
  return it == school_by_code_.end() ? -1 : it->second;
}

}  // namespace zj::engine
