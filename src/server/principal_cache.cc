// CachingAccountStore: principal cache in front of the account store (see principal_cache.h).
#include "principal_cache.h"

#include <mutex>

namespace zj::server {

CachingAccountStore::CachingAccountStore(std::unique_ptr<model::AccountStore> inner,
                                         int ttl_seconds)
    : inner_(std::move(inner)), ttl_seconds_(ttl_seconds) {}

std::shared_ptr<const Principal> CachingAccountStore::FindPrincipal(const std::string& key,
                                                                    int64_t now) const {
  if (ttl_seconds_ <= 0) return nullptr;
  Entry e;
  {
    std::shared_lock lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    e = it->second;
  }
  if (e.generation != generation() || now >= e.valid_until) return nullptr;
  if (e.principal->expires_at != 0 && e.principal->expires_at <= now) return nullptr;
  return e.principal;
}

void CachingAccountStore::PutPrincipal(const std::string& key, Principal p, uint64_t generation,
                                       int64_t now) {
  if (ttl_seconds_ <= 0 || generation != this->generation()) return;
  p.user.password_hash.clear();
  Entry e{std::make_shared<const Principal>(std::move(p)), generation, now + ttl_seconds_};
  std::unique_lock lock(mu_, std::try_to_lock);
  if (!lock) return;  // best effort: a later request fills it
  if (entries_.size() >= kMaxEntries && !entries_.count(key)) {
    const uint64_t current = this->generation();
    std::erase_if(entries_, [&](const auto& kv) {
      return kv.second.generation != current || now >= kv.second.valid_until;
    });
    if (entries_.size() >= kMaxEntries) entries_.clear();
  }
  entries_.insert_or_assign(key, std::move(e));
}

size_t CachingAccountStore::cached_principals() const {
  std::shared_lock lock(mu_);
  return entries_.size();
}

Result<int64_t> CachingAccountStore::CountUsers() { return inner_->CountUsers(); }

Result<int64_t> CachingAccountStore::CreateUser(const model::User& user) {
  return Written(inner_->CreateUser(user));
}

Status CachingAccountStore::UpdateUser(const model::User& user) {
  return Written(inner_->UpdateUser(user));
}

Result<std::optional<model::User>> CachingAccountStore::GetUser(int64_t id) {
  return inner_->GetUser(id);
}

Result<std::optional<model::User>> CachingAccountStore::FindUser(const std::string& username) {
  return inner_->FindUser(username);
}

Result<std::vector<model::User>> CachingAccountStore::ListUsers() { return inner_->ListUsers(); }

Status CachingAccountStore::PutSession(const model::Session& s) {
  return Written(inner_->PutSession(s));
}

Result<std::optional<model::Session>> CachingAccountStore::GetSession(const std::string& id_hash) {
  return inner_->GetSession(id_hash);
}

Status CachingAccountStore::DeleteSession(const std::string& id_hash) {
  return Written(inner_->DeleteSession(id_hash));
}

Status CachingAccountStore::DeleteSessionsOfUser(int64_t user_id) {
  return Written(inner_->DeleteSessionsOfUser(user_id));
}

Status CachingAccountStore::DeleteExpiredSessions(int64_t now) {
  return Written(inner_->DeleteExpiredSessions(now));
}

Result<int64_t> CachingAccountStore::CreateApiToken(const model::ApiToken& t) {
  return Written(inner_->CreateApiToken(t));
}

Result<std::optional<model::ApiToken>> CachingAccountStore::FindApiToken(
    const std::string& token_hash) {
  return inner_->FindApiToken(token_hash);
}

Result<std::vector<model::ApiToken>> CachingAccountStore::ListApiTokens(int64_t user_id) {
  return inner_->ListApiTokens(user_id);
}

Status CachingAccountStore::RevokeApiToken(int64_t user_id, int64_t token_id) {
  return Written(inner_->RevokeApiToken(user_id, token_id));
}

// The audit log is append-only and no principal depends on it: no invalidation.
Result<model::AuditEntry> CachingAccountStore::AppendAudit(model::AuditEntry entry,
                                                           const model::AuditHashFn& hash_fn) {
  return inner_->AppendAudit(std::move(entry), hash_fn);
}

Result<std::vector<model::AuditEntry>> CachingAccountStore::ListAudit(const model::AuditQuery& q) {
  return inner_->ListAudit(q);
}

Status CachingAccountStore::ScanAudit(const std::function<Status(const model::AuditEntry&)>& fn) {
  return inner_->ScanAudit(fn);
}

}  // namespace zj::server
