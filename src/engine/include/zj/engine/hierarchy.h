// The administrative hierarchy (province → city → county → township) with every school as a leaf
// under its township. Schools are numbered in depth-first order of the tree, so every unit covers
// one contiguous range [school_begin, school_end) of school indices: rolling a per-school
// aggregate up to any unit is one subtraction of prefix sums. Roll-up is always ratio-of-sums:
// numerators and denominators are summed over the unit's schools, then divided.
//
// Immutable after Build; safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "zj/common/status.h"
#include "zj/model/records.h"

namespace zj::engine {

enum class UnitKind { kProvince = 1, kCity = 2, kCounty = 3, kTownship = 4, kSchool = 10 };
std::string_view UnitKindNameZh(UnitKind k);  // 省, 市, 县, 乡镇, 学校

struct UnitNode {
  std::string code;
  std::string name;
  UnitKind kind = UnitKind::kCounty;
  int parent = -1;            // index of the parent node, -1 for a root
  std::vector<int> children;  // admin children first (code order), then schools (code order)
  int school_begin = 0;       // schools of the subtree: [school_begin, school_end)
  int school_end = 0;
  int school = -1;  // for kSchool nodes: the school index
};

class Hierarchy {
 public:
  // Builds the tree from admin units (village-level units are ignored) and places every school
  // under the node named by its township_code; a school whose township is unknown goes under the
  // deepest unit whose code is a prefix of it (county "500235" for "500235999"), and when there is
  // none it is kept (it has a school node) but belongs to no admin unit: see unplaced_schools().
  // Fails (kInvalidArgument) on duplicate unit or school codes and on parent cycles.
  static Result<Hierarchy> Build(const std::vector<model::AdminUnit>& units,
                                 const std::vector<model::School>& schools);

  size_t unit_count() const { return nodes_.size(); }
  const UnitNode& unit(int i) const { return nodes_[i]; }
  // Node index of an admin unit or school code; -1 when unknown.
  int Find(std::string_view code) const;
  // Roots (units without a known parent), in code order.
  const std::vector<int>& roots() const { return roots_; }
  // Admin units (not schools) in depth-first order.
  const std::vector<int>& admin_units() const { return admin_units_; }

  // Schools in depth-first order; school index i is schools()[i].
  size_t school_count() const { return schools_.size(); }
  const std::vector<model::School>& schools() const { return schools_; }
  int FindSchool(std::string_view code) const;  // -1 when unknown
  int SchoolNode(int school) const { return school_nodes_[school]; }
  // School indices that belong to no admin unit.
  const std::vector<int>& unplaced_schools() const { return unplaced_; }

 private:
  std::vector<UnitNode> nodes_;
  std::vector<int> roots_, admin_units_, school_nodes_, unplaced_;
  std::vector<model::School> schools_;
  std::unordered_map<std::string, int> by_code_;
  std::unordered_map<std::string, int> school_by_code_;
};

}  // namespace zj::engine
