// Role → permission table and scope checks over the hierarchy (see zj/service/permissions.h).
#include "zj/service/permissions.h"

namespace zj::service {

std::string_view PermissionName(Permission p) {
  switch (p) {
    case Permission::kPublic:
      return "public";
    case Permission::kAuthenticated:
      return "authenticated";
    case Permission::kReadDirectory:
      return "read_directory";
    case Permission::kReadAggregates:
      return "read_aggregates";
    case Permission::kReadPeople:
      return "read_people";
    case Permission::kWriteData:
      return "write_data";
    case Permission::kManageUsers:
      return "manage_users";
    case Permission::kReadAudit:
      return "read_audit";
  }
  return "";
}

bool RoleAllows(model::Role role, Permission p) {
  using model::Role;
  switch (p) {
    case Permission::kPublic:
    case Permission::kAuthenticated:
      return true;
    case Permission::kReadDirectory:
      return role != Role::kAuditor;
    case Permission::kReadAggregates:
      return role == Role::kCountyStaff || role == Role::kLeader || role == Role::kSchool;
    case Permission::kReadPeople:
    case Permission::kWriteData:
      return role == Role::kCountyStaff || role == Role::kSchool;
    case Permission::kManageUsers:
      return role == Role::kAdmin;
    case Permission::kReadAudit:
      return role == Role::kAuditor;
  }
  return false;
}

bool RoleSeesAncestorAggregates(model::Role role) {
  return role == model::Role::kCountyStaff || role == model::Role::kLeader ||
         role == model::Role::kSchool;
}

Scope::Scope(const engine::Hierarchy* hierarchy, const model::User& user)
    : hierarchy_(hierarchy), role_(user.role) {
  if (!hierarchy_) return;
  int node = hierarchy_->Find(user.unit_code);
  // A school account must be bound to a school node and every other role to an admin unit.
  if (node >= 0) {
    bool is_school = hierarchy_->unit(node).kind == engine::UnitKind::kSchool;
    if (is_school == RoleBindsSchool(user.role)) home_ = node;
  }
}

bool Scope::Covers(int node) const {
  if (home_ < 0 || node < 0) return false;
  for (int n = node; n >= 0; n = hierarchy_->unit(n).parent) {
    if (n == home_) return true;
  }
  return false;
}

bool Scope::CoversCode(std::string_view code) const {
  return hierarchy_ && Covers(hierarchy_->Find(code));
}

bool Scope::CanReadAggregates(int node) const {
  if (Covers(node)) return true;
  if (home_ < 0 || node < 0 || !RoleSeesAncestorAggregates(role_)) return false;
  for (int n = hierarchy_->unit(home_).parent; n >= 0; n = hierarchy_->unit(n).parent) {
    if (n == node) return true;
  }
  return false;
}

bool Scope::CanReadAggregatesOf(std::string_view code) const {
  return hierarchy_ && CanReadAggregates(hierarchy_->Find(code));
}

}  // namespace zj::service
