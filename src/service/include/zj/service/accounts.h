// Account management shared by the API (/api/v1/users) and the command line (zhijiao user …):
// validation of usernames, passwords and role/unit bindings, and an audit entry for every change.
// Also the demo accounts that `zhijiao demo` creates on synthetic databases.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "zj/common/status.h"
#include "zj/engine/hierarchy.h"
#include "zj/model/accounts.h"
#include "zj/model/store.h"
#include "zj/service/audit.h"

namespace zj::service {

// The hierarchy of a store's admin units and schools (for binding checks and scopes).
Result<std::shared_ptr<const engine::Hierarchy>> LoadHierarchy(model::Store& store);

// Checks that `unit_code` names a node the role may be bound to: a school (学校标识码) for
// kSchool, an administrative unit for every other role. kInvalidArgument otherwise.
Status CheckBinding(const engine::Hierarchy& h, model::Role role, const std::string& unit_code);

struct NewAccount {
  std::string username;
  std::string display_name;  // defaults to the username
  model::Role role = model::Role::kLeader;
  std::string unit_code;
  std::string password;
  bool view_personal = false;
};

// Validates and creates an account (audited as "user.create"). The password must pass
// CheckNewPassword (zj/service/password_policy.h); `synthetic` says whether the database is a
// synthetic demo one (only there are the documented demo passwords accepted). kInvalidArgument
// for a bad name, password or binding; kAlreadyExists when the username is taken. Nothing is
// written on error.
Result<model::User> CreateAccount(const engine::Hierarchy& h, model::AccountStore& accounts,
                                  const NewAccount& a, const Actor& actor, int64_t now,
                                  bool synthetic = false);

// Fields to change; absent fields stay.
struct AccountPatch {
  std::optional<std::string> display_name;
  std::optional<model::Role> role;
  std::optional<std::string> unit_code;
  std::optional<bool> disabled;
  std::optional<bool> view_personal;
  std::optional<std::string> password;
};

// Applies a patch (audited as "user.update" with before/after, never the hash). A new password
// must pass CheckNewPassword (`synthetic` as for CreateAccount). Disabling an account or
// changing its password or binding ends its sessions. kNotFound for an unknown id;
// kFailedPrecondition when the change would leave no enabled administrator.
Result<model::User> UpdateAccount(const engine::Hierarchy& h, model::AccountStore& accounts,
                                  int64_t user_id, const AccountPatch& patch, const Actor& actor,
                                  int64_t now, bool synthetic = false);

// Creates a bearer token for `user` (audited as "token.create"); returns the token record and
// the clear token, which is shown once and never stored. expires_days 0 = no expiry.
struct NewToken {
  model::ApiToken record;
  std::string token;
};
Result<NewToken> CreateToken(model::AccountStore& accounts, const model::User& user,
                             const std::string& label, int expires_days, const Actor& actor,
                             int64_t now);

// The account as JSON text for audit before/after (no password hash).
std::string AccountAuditJson(const model::User& u);

// ---- demo accounts ----

struct DemoAccount {
  std::string username;
  std::string password;
  model::Role role = model::Role::kLeader;
  std::string unit_code;
  std::string display_name;
};

// The documented demo accounts (docs/api.md): admin, county, leader, school, auditor, each with
// password "<username>-demo"; all bound to the county except "school", bound to `school_code`.
std::vector<DemoAccount> DemoAccountSpecs(const std::string& county_code,
                                          const std::string& school_code);

// Creates one account per role on a synthetic database (DatabaseInfo.synthetic), bound to the
// database's county and — for the school account — to the first primary school (else the first
// school) in code order. kFailedPrecondition on a non-synthetic database or one without county
// or schools; kAlreadyExists when a demo username is taken (nothing is created then).
Result<std::vector<DemoAccount>> CreateDemoAccounts(model::Store& store,
                                                    model::AccountStore& accounts, int64_t now);

// The demo accounts usable as documented: on a synthetic database only (empty otherwise), those
// that exist, are enabled, keep their role and still have the demo password. Runs one argon2
// verification per demo account (slow: call it off hot paths).
std::vector<DemoAccount> UsableDemoAccounts(const model::DatabaseInfo& info,
                                            model::AccountStore& accounts);

}  // namespace zj::service
