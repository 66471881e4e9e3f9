// Accounts, sessions, API tokens and the audit log: the record types of the server's security
// layer and the AccountStore interface that persists them (SQLite and memory implementations in
// zj/storage/account_store.h). Header-only: plain value types, names and the interface.
//
// Secrets never reach the store in clear: passwords arrive as argon2id strings, session ids and
// API tokens as SHA-256 hex digests. Hashing and the audit hash chain are computed by the server
// (zj/service/auth.h, zj/service/audit.h); the store only guarantees that appends are serialised
// so that the chain function sees the true predecessor.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"

namespace zj::model {

// ---- Roles --------------------------------------------------------------------------------

enum class Role {
  kAdmin = 1,        // 系统管理员: accounts and settings; no student data by default
  kCountyStaff = 2,  // 县级业务人员: read/write within the bound unit
  kLeader = 3,       // 领导: read-only dashboards and aggregates
  kSchool = 4,       // 学校用户: read/write own school only
  kAuditor = 5,      // 审计员: reads the audit log only
};

inline constexpr Role kAllRoles[] = {Role::kAdmin, Role::kCountyStaff, Role::kLeader, Role::kSchool,
                                     Role::kAuditor};

// Stable English name used in the CLI, the API and the database: "admin", "county_staff", …
inline std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kAdmin:
      return "admin";
    case Role::kCountyStaff:
      return "county_staff";
    case Role::kLeader:
      return "leader";
    case Role::kSchool:
      return "school";
    case Role::kAuditor:
      return "auditor";
  }
  return "";
}

inline std::string_view RoleNameZh(Role r) {
  switch (r) {
    case Role::kAdmin:
      return "系统管理员";
    case Role::kCountyStaff:
      return "县级业务人员";
    case Role::kLeader:
      return "领导";
    case Role::kSchool:
      return "学校用户";
    case Role::kAuditor:
      return "审计员";
  }
  return "";
}

inline std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : kAllRoles) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

// ---- Records ------------------------------------------------------------------------------

// Times are Unix seconds (UTC) throughout.
struct User {
  int64_t id = 0;            // assigned by the store on creation
  std::string username;      // unique login name (ASCII letters, digits, '_', '-', '.')
  std::string display_name;  // shown in the UI
  Role role = Role::kLeader;
  // Scope of every query: an administrative unit code (统计用区划代码) for every role but
  // kSchool, which is bound to a 10-digit 学校标识码.
  std::string unit_code;
  bool view_personal = false;  // granted by an administrator: unmasked 姓名/身份证号 (audited)
  bool disabled = false;
  std::string password_hash;  // argon2id string from crypto_pwhash_str
  int64_t created_at = 0;
  int64_t password_changed_at = 0;
};

struct Session {
  std::string id_hash;  // SHA-256 hex of the cookie value (primary key)
  int64_t user_id = 0;
  std::string csrf_token;  // sent back in X-CSRF-Token for every cookie-authenticated write
  std::string address;     // client address at login
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

struct ApiToken {
  int64_t id = 0;  // assigned by the store
  int64_t user_id = 0;
  std::string label;       // what the token is for ("bench", "etl" …)
  std::string token_hash;  // SHA-256 hex of the bearer token (unique)
  std::string prefix;      // first characters of the token, to recognise it in lists
  int64_t created_at = 0;
  int64_t expires_at = 0;  // 0 = no expiry
  bool revoked = false;
};

// One append-only, hash-chained audit row. `seq` is 1, 2, 3 … without gaps; `hash` is
// SHA-256(prev_hash ‖ canonical entry) as computed by zj::server::AuditEntryHash.
struct AuditEntry {
  int64_t seq = 0;
  int64_t time = 0;
  int64_t user_id = 0;      // 0 for anonymous (failed logins) and the command line
  std::string actor;        // username, or "cli:<login>" for command-line actions
  std::string address;      // client address, "local" for the command line
  std::string action;       // "user.create", "data_values.put", "personal.read", …
  std::string target;       // what was acted on ("user:12", "school:5002350001", …)
  std::string before_json;  // JSON text ("" when not applicable)
  std::string after_json;   // JSON text ("" when not applicable)
  std::string prev_hash;    // hash of entry seq-1 (64 zeros for seq 1)
  std::string hash;
};

// Computes the chain hash of `entry` (whose seq, time … and prev_hash are already set).
using AuditHashFn = std::function<std::string(const AuditEntry& entry)>;

struct AuditQuery {
  int64_t after_seq = 0;  // entries with seq > after_seq
  int64_t limit = 100;    // at most this many, ascending by seq (0 = all)
  std::string actor;      // exact match when not empty
  std::string action;     // exact match when not empty
  bool newest_first = false;
};

// ---- The store ----------------------------------------------------------------------------

// Persistence of accounts, sessions, tokens and the audit log. Implementations are thread-safe
// (each call is atomic; the SQLite one serialises calls on one connection), so one instance is
// shared by all server worker threads.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // ---- users ----
  virtual Result<int64_t> CountUsers() = 0;
  // Inserts `user` (id ignored) and returns its id; kAlreadyExists when the username is taken.
  virtual Result<int64_t> CreateUser(const User& user) = 0;
  // Replaces every field of the user with `user.id`; kNotFound when absent, kAlreadyExists when
  // the new username is taken.
  virtual Status UpdateUser(const User& user) = 0;
  virtual Result<std::optional<User>> GetUser(int64_t id) = 0;
  virtual Result<std::optional<User>> FindUser(const std::string& username) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;  // ordered by id

  // ---- sessions ----
  virtual Status PutSession(const Session& s) = 0;
  virtual Result<std::optional<Session>> GetSession(const std::string& id_hash) = 0;
  virtual Status DeleteSession(const std::string& id_hash) = 0;  // ok when absent
  virtual Status DeleteSessionsOfUser(int64_t user_id) = 0;
  virtual Status DeleteExpiredSessions(int64_t now) = 0;

  // ---- API tokens ----
  virtual Result<int64_t> CreateApiToken(const ApiToken& t) = 0;
  virtual Result<std::optional<ApiToken>> FindApiToken(const std::string& token_hash) = 0;
  virtual Result<std::vector<ApiToken>> ListApiTokens(int64_t user_id) = 0;  // by id
  // Marks the token revoked; kNotFound unless a token `token_id` of `user_id` exists.
  virtual Status RevokeApiToken(int64_t user_id, int64_t token_id) = 0;

  // ---- audit log ----
  // Appends atomically: reads the last entry, sets entry.seq = last.seq + 1, entry.prev_hash =
  // last.hash (64 zeros when empty), entry.hash = hash_fn(entry), inserts, and returns the stored
  // entry. Appends from several threads or processes never interleave.
  virtual Result<AuditEntry> AppendAudit(AuditEntry entry, const AuditHashFn& hash_fn) = 0;
  virtual Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& q) = 0;
  // Calls fn for every entry in seq order (stops early and returns fn's error when not ok).
  virtual Status ScanAudit(const std::function<Status(const AuditEntry&)>& fn) = 0;
};

inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

}  // namespace zj::model
