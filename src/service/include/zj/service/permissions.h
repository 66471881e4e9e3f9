// Roles, permissions and scopes: the pure rules that every API handler applies (unit-tested
// without HTTP). A permission says WHAT a role may do; a Scope says WHERE: every account is bound
// to an administrative unit (or, for 学校用户, a school) and sees only that unit's subtree, plus —
// for the roles that compare against higher levels — the aggregates of the units above it.
//
//   permission        admin  county_staff  leader  school  auditor
//   read_directory      ✓        ✓           ✓       ✓        ·    admin-units, school list
//   read_aggregates     ·        ✓           ✓       ✓        ·    indicators, plan, school detail
//   read_people         ·        ✓           ·       ✓        ·    student/teacher lists (masked)
//   write_data          ·        ✓           ·       ✓        ·    manual data values
//   manage_users        ✓        ·           ·       ·        ·    accounts within own unit
//   read_audit          ·        ·           ·       ·        ✓    the audit log
// Unmasked 姓名/身份证号 additionally need the per-account view_personal grant (and read_people).
#pragma once

#include <string_view>

#include "zj/engine/hierarchy.h"
#include "zj/model/accounts.h"

namespace zj::service {

enum class Permission {
  kPublic = 0,     // no authentication
  kAuthenticated,  // any signed-in account
  kReadDirectory,
  kReadAggregates,
  kReadPeople,
  kWriteData,
  kManageUsers,
  kReadAudit,
};

std::string_view PermissionName(Permission p);  // "read_people", …
bool RoleAllows(model::Role role, Permission p);
// Whether the role may read aggregates of the units above its own (county_staff, leader, school:
// to compare with the township/county figure). Siblings and their subtrees stay hidden.
bool RoleSeesAncestorAggregates(model::Role role);
// Whether an account of this role may be bound to a school (only kSchool, which must be).
inline bool RoleBindsSchool(model::Role role) { return role == model::Role::kSchool; }

// Where an account may look. Cheap to build per request; holds a pointer to the hierarchy.
class Scope {
 public:
  Scope() = default;
  Scope(const engine::Hierarchy* hierarchy, const model::User& user);

  // The node of the account's unit (-1 when the unit is not in the hierarchy: covers nothing).
  int home() const { return home_; }
  // Whether `node` is the account's unit or lies below it.
  bool Covers(int node) const;
  bool CoversCode(std::string_view code) const;
  // Covers(node), or node is an ancestor of the account's unit and the role allows it.
  bool CanReadAggregates(int node) const;
  bool CanReadAggregatesOf(std::string_view code) const;

 private:
  const engine::Hierarchy* hierarchy_ = nullptr;
  model::Role role_ = model::Role::kLeader;
  int home_ = -1;
};

}  // namespace zj::service
