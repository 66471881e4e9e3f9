// In-memory AccountStore: the reference implementation of zj/model/accounts.h for tests. All
// state sits behind one mutex; semantics match the SQLite store (same shared tests).
#include <algorithm>
#include <mutex>

#include "zj/storage/account_store.h"

namespace zj::storage {
namespace {

using model::ApiToken;
using model::AuditEntry;
using model::Session;
using model::User;

class MemoryAccountStore final : public model::AccountStore {
 public:
  Result<int64_t> CountUsers() override {
    std::lock_guard lock(mu_);
    return static_cast<int64_t>(users_.size());
  }

  Result<int64_t> CreateUser(const User& user) override {
    std::lock_guard lock(mu_);
    for (const User& u : users_) {
      if (u.username == user.username) {
        return Status::AlreadyExists("用户名已存在：" + user.username);
      }
    }
    User copy = user;
    copy.id = ++last_user_id_;
    users_.push_back(copy);
    return copy.id;
  }

  Status UpdateUser(const User& user) override {
    std::lock_guard lock(mu_);
    User* target = nullptr;
    for (User& u : users_) {
      if (u.id == user.id)
        target = &u;
      else if (u.username == user.username) {
        return Status::AlreadyExists("用户名已存在：" + user.username);
      }
    }
    if (!target) return Status::NotFound("用户不存在：" + std::to_string(user.id));
    *target = user;
    return Status::Ok();
  }

  Result<std::optional<User>> GetUser(int64_t id) override {
    std::lock_guard lock(mu_);
    for (const User& u : users_) {
      if (u.id == id) return std::optional<User>(u);
    }
    return std::optional<User>();
  }

  Result<std::optional<User>> FindUser(const std::string& username) override {
    std::lock_guard lock(mu_);
    for (const User& u : users_) {
      if (u.username == username) return std::optional<User>(u);
    }
    return std::optional<User>();
  }

  Result<std::vector<User>> ListUsers() override {
    std::lock_guard lock(mu_);
    return users_;
  }

  Status PutSession(const Session& s) override {
    std::lock_guard lock(mu_);
    for (Session& x : sessions_) {
      if (x.id_hash == s.id_hash) {
        x = s;
        return Status::Ok();
      }
    }
    sessions_.push_back(s);
    return Status::Ok();
  }

  Result<std::optional<Session>> GetSession(const std::string& id_hash) override {
    std::lock_guard lock(mu_);
    for (const Session& s : sessions_) {
      if (s.id_hash == id_hash) return std::optional<Session>(s);
    }
    return std::optional<Session>();
  }

  Status DeleteSession(const std::string& id_hash) override {
    std::lock_guard lock(mu_);
    std::erase_if(sessions_, [&](const Session& s) { return s.id_hash == id_hash; });
    return Status::Ok();
  }

  Status DeleteSessionsOfUser(int64_t user_id) override {
    std::lock_guard lock(mu_);
    std::erase_if(sessions_, [&](const Session& s) { return s.user_id == user_id; });
    return Status::Ok();
  }

  Status DeleteExpiredSessions(int64_t now) override {
    std::lock_guard lock(mu_);
    std::erase_if(sessions_, [&](const Session& s) { return s.expires_at <= now; });
    return Status::Ok();
  }

  Result<int64_t> CreateApiToken(const ApiToken& t) override {
    std::lock_guard lock(mu_);
    for (const ApiToken& x : tokens_) {
      if (x.token_hash == t.token_hash) return Status::AlreadyExists("令牌已存在");
    }
    ApiToken copy = t;
    copy.id = ++last_token_id_;
    tokens_.push_back(copy);
    return copy.id;
  }

  Result<std::optional<ApiToken>> FindApiToken(const std::string& token_hash) override {
    std::lock_guard lock(mu_);
    for (const ApiToken& t : tokens_) {
      if (t.token_hash == token_hash) return std::optional<ApiToken>(t);
    }
    return std::optional<ApiToken>();
  }

  Result<std::vector<ApiToken>> ListApiTokens(int64_t user_id) override {
    std::lock_guard lock(mu_);
    std::vector<ApiToken> out;
    for (const ApiToken& t : tokens_) {
      if (t.user_id == user_id) out.push_back(t);
    }
    return out;
  }

  Status RevokeApiToken(int64_t user_id, int64_t token_id) override {
    std::lock_guard lock(mu_);
    for (ApiToken& t : tokens_) {
      if (t.id == token_id && t.user_id == user_id) {
        t.revoked = true;
        return Status::Ok();
      }
    }
    return Status::NotFound("令牌不存在：" + std::to_string(token_id));
  }

  Result<AuditEntry> AppendAudit(AuditEntry entry, const model::AuditHashFn& hash_fn) override {
    std::lock_guard lock(mu_);
    entry.seq = audit_.empty() ? 1 : audit_.back().seq + 1;
    entry.prev_hash = audit_.empty() ? std::string(model::kAuditGenesisHash) : audit_.back().hash;
    entry.hash = hash_fn(entry);
    audit_.push_back(entry);
    return entry;
  }

  Result<std::vector<AuditEntry>> ListAudit(const model::AuditQuery& q) override {
    std::lock_guard lock(mu_);
    std::vector<AuditEntry> out;
    auto matches = [&](const AuditEntry& e) {
      return e.seq > q.after_seq && (q.actor.empty() || e.actor == q.actor) &&
             (q.action.empty() || e.action == q.action);
    };
    auto take = [&](auto begin, auto end) {
      for (auto it = begin; it != end; ++it) {
        if (q.limit > 0 && static_cast<int64_t>(out.size()) >= q.limit) break;
        if (matches(*it)) out.push_back(*it);
      }
    };
    if (q.newest_first)
      take(audit_.rbegin(), audit_.rend());
    else
      take(audit_.begin(), audit_.end());
    return out;
  }

  Status ScanAudit(const std::function<Status(const AuditEntry&)>& fn) override {
    std::vector<AuditEntry> copy;
    {
      std::lock_guard lock(mu_);
      copy = audit_;
    }
    for (const AuditEntry& e : copy) ZJ_RETURN_IF_ERROR(fn(e));
    return Status::Ok();
  }

 private:
  std::mutex mu_;
  std::vector<User> users_;
  std::vector<Session> sessions_;
  std::vector<ApiToken> tokens_;
  std::vector<AuditEntry> audit_;
  int64_t last_user_id_ = 0;
  int64_t last_token_id_ = 0;
};

}  // namespace

std::unique_ptr<model::AccountStore> NewMemoryAccountStore() {
  return std::make_unique<MemoryAccountStore>();
}

}  // namespace zj::storage
