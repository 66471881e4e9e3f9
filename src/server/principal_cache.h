// The server's account store: a decorator of model::AccountStore that keeps the principals of
// recently used credentials (bearer-token hash or session-cookie hash → account, session) so that
// authenticating a request does not read the account tables — one SQLite connection behind one
// mutex — on every request.
//
// Correctness before speed:
//   - every account write made through this store (users, sessions, tokens; not the audit log)
//     bumps a generation counter after it has been committed, and an entry filled under an older
//     generation is never used again: a logout, a revoked token, a disabled account, a new
//     password, a changed role, unit or personal-data grant take effect on the very next request;
//   - an entry is used for at most ttl_seconds after it was read, which bounds how long a write
//     made by another process on the same file (`zhijiao user disable` while serving) goes unseen;
//   - token and session expiry are checked on every hit against the cached expiry time;
//   - refusals are never cached.
// Lookups take a shared lock; fills are best effort (skipped when the lock is contended).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "zj/model/accounts.h"

namespace zj::server {

// An authenticated caller as cached: the account (without its password hash) and, for a cookie,
// the session.
struct Principal {
  model::User user;
  std::optional<model::Session> session;
  int64_t expires_at = 0;  // of the token or session; 0 = never
};

class CachingAccountStore final : public model::AccountStore {
 public:
  CachingAccountStore(std::unique_ptr<model::AccountStore> inner, int ttl_seconds);

  // The principal cached under `key` ("t:"/"s:" + credential hash), when it is of the current
  // generation, was read less than ttl_seconds before `now` and its token or session has not
  // expired at `now`; nullptr otherwise.
  std::shared_ptr<const Principal> FindPrincipal(const std::string& key, int64_t now) const;
  // Read generation() before reading the store and pass it here with what was read.
  void PutPrincipal(const std::string& key, Principal p, uint64_t generation, int64_t now);
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  size_t cached_principals() const;

  // ---- model::AccountStore: forwarded; writes invalidate the cache ----
  Result<int64_t> CountUsers() override;
  Result<int64_t> CreateUser(const model::User& user) override;
  Status UpdateUser(const model::User& user) override;
  Result<std::optional<model::User>> GetUser(int64_t id) override;
  Result<std::optional<model::User>> FindUser(const std::string& username) override;
  Result<std::vector<model::User>> ListUsers() override;
  Status PutSession(const model::Session& s) override;
  Result<std::optional<model::Session>> GetSession(const std::string& id_hash) override;
  Status DeleteSession(const std::string& id_hash) override;
  Status DeleteSessionsOfUser(int64_t user_id) override;
  Status DeleteExpiredSessions(int64_t now) override;
  Result<int64_t> CreateApiToken(const model::ApiToken& t) override;
  Result<std::optional<model::ApiToken>> FindApiToken(const std::string& token_hash) override;
  Result<std::vector<model::ApiToken>> ListApiTokens(int64_t user_id) override;
  Status RevokeApiToken(int64_t user_id, int64_t token_id) override;
  Result<model::AuditEntry> AppendAudit(model::AuditEntry entry,
                                        const model::AuditHashFn& hash_fn) override;
  Result<std::vector<model::AuditEntry>> ListAudit(const model::AuditQuery& q) override;
  Status ScanAudit(const std::function<Status(const model::AuditEntry&)>& fn) override;

 private:
  struct Entry {
    std::shared_ptr<const Principal> principal;
    uint64_t generation = 0;
    int64_t valid_until = 0;
  };
  static constexpr size_t kMaxEntries = 10000;

  // Called after every write (successful or not): older entries are dead from here on.
  void Invalidate() { generation_.fetch_add(1, std::memory_order_acq_rel); }
  template <typename T>
  T Written(T result) {
    Invalidate();
    return result;
  }

  std::unique_ptr<model::AccountStore> inner_;
  const int ttl_seconds_;
  std::atomic<uint64_t> generation_{1};
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace zj::server
