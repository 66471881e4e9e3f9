// Data elements (internal to the engine): the distinct count(...)/sum(...) terms of the compiled
// expressions, computed per school for a snapshot in one pass over each record table, stored as
// prefix sums over the depth-first school order of the Hierarchy.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "zj/engine/expression.h"
#include "zj/engine/snapshot.h"

namespace zj::engine::internal {

struct ElementSpec {
  Table table = Table::kStudents;
  Field sum_field = Field::kCount_;  // kCount_ for count(...)
  std::vector<FilterNode> filter;    // a copy of the expression's filter subtree, params bound
  int root = -1;                     // root index into `filter`, -1 for none
  // students: rows count only when CountsAsEnrolled(status), unless the filter tests status.
  bool default_enrolled = false;
  std::string key;  // canonical text: identical terms share one element
};

// Builds the spec of a kCount/kSum node, resolving param("…") values in filters with `param`.
ElementSpec MakeElementSpec(const Expression& expr, const ExprNode& node,
                            const std::function<double(const std::string&)>& param);

// Computes specs[first..] for the snapshot: (*prefix)[e] gets school_count+1 prefix sums.
// grade_count[stage] is the number of grades of each stage (for grade = last).
void ComputeElements(const Snapshot& snapshot, const std::vector<ElementSpec>& specs, size_t first,
                     const std::array<int, 8>& grade_count,
                     std::vector<std::vector<double>>* prefix);

}  // namespace zj::engine::internal
