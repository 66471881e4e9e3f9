// SQLite AccountStore: accounts, sessions, API tokens and the hash-chained audit log in the same
// database file as the registries. The tables come from the migration list (migrations.cc, step
// "accounts, sessions, API tokens, audit log"); this file holds only the queries. One connection
// per store, calls serialised by a mutex; audit appends run in BEGIN IMMEDIATE so that another
// process appending at the same moment cannot fork the chain.
#include <sqlite3.h>

#include <filesystem>
#include <mutex>

#include "sqlite_audit.h"
#include "sqlite_connection.h"
#include "zj/storage/account_store.h"
#include "zj/storage/audit_head.h"

namespace zj::storage {
namespace {

using internal::BindAll;
using internal::ColumnInt64;
using internal::ColumnText;
using internal::Connection;
using internal::StatementScope;
using model::ApiToken;
using model::AuditEntry;
using model::Session;
using model::User;

// ---- SQL (one constant per statement: the connection caches statements by address) ----

#define ZJ_USER_COLUMNS                                                                   \
  "id, username, display_name, role, unit_code, view_personal, disabled, password_hash, " \
  "created_at, password_changed_at"
#define ZJ_TOKEN_COLUMNS "id, user_id, label, token_hash, prefix, created_at, expires_at, revoked"
#define ZJ_AUDIT_COLUMNS                                                                     \
  "seq, time, user_id, actor, address, action, target, before_json, after_json, prev_hash, " \
  "hash"

constexpr char kCountUsers[] = "SELECT count(*) FROM account_user";
constexpr char kInsertUser[] = "INSERT INTO account_user (" ZJ_USER_COLUMNS
                               ") VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr char kUpdateUser[] =
    "UPDATE account_user SET username = ?1, display_name = ?2, role = ?3, unit_code = ?4, "
    "view_personal = ?5, disabled = ?6, password_hash = ?7, created_at = ?8, "
    "password_changed_at = ?9 WHERE id = ?10";
constexpr char kUserById[] = "SELECT " ZJ_USER_COLUMNS " FROM account_user WHERE id = ?1";
constexpr char kUserByName[] = "SELECT " ZJ_USER_COLUMNS " FROM account_user WHERE username = ?1";
constexpr char kListUsers[] = "SELECT " ZJ_USER_COLUMNS " FROM account_user ORDER BY id";
constexpr char kPutSession[] =
    "INSERT OR REPLACE INTO account_session (id_hash, user_id, csrf_token, address, created_at, "
    "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr char kGetSession[] =
    "SELECT id_hash, user_id, csrf_token, address, created_at, expires_at FROM account_session "
    "WHERE id_hash = ?1";
constexpr char kDeleteSession[] = "DELETE FROM account_session WHERE id_hash = ?1";
constexpr char kDeleteUserSessions[] = "DELETE FROM account_session WHERE user_id = ?1";
constexpr char kDeleteExpiredSessions[] = "DELETE FROM account_session WHERE expires_at <= ?1";
constexpr char kInsertToken[] =
    "INSERT INTO api_token (" ZJ_TOKEN_COLUMNS ") VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr char kTokenByHash[] = "SELECT " ZJ_TOKEN_COLUMNS " FROM api_token WHERE token_hash = ?1";
constexpr char kTokensOfUser[] =
    "SELECT " ZJ_TOKEN_COLUMNS " FROM api_token WHERE user_id = ?1 ORDER BY id";
constexpr char kRevokeToken[] = "UPDATE api_token SET revoked = 1 WHERE id = ?1 AND user_id = ?2";
#define ZJ_AUDIT_PAGE                                                                        \
  "SELECT " ZJ_AUDIT_COLUMNS                                                                 \
  " FROM audit_log WHERE seq > ?1 AND (?2 = '' OR actor = ?2) AND (?3 = '' OR action = ?3) " \
  "ORDER BY seq "
constexpr char kAuditAscending[] = ZJ_AUDIT_PAGE "ASC LIMIT ?4";
constexpr char kAuditDescending[] = ZJ_AUDIT_PAGE "DESC LIMIT ?4";
constexpr char kCheckTables[] =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
    "('account_user', 'account_session', 'api_token', 'audit_log')";
#undef ZJ_AUDIT_PAGE
#undef ZJ_USER_COLUMNS
#undef ZJ_TOKEN_COLUMNS
#undef ZJ_AUDIT_COLUMNS

// ---- rows ----

// An unknown role is an error, never a default: an account whose stored role this version does
// not know must not sign in with another role's rights.
Result<User> ReadUser(sqlite3_stmt* s) {
  User u;
  u.id = ColumnInt64(s, 0);
  u.username = ColumnText(s, 1);
  u.display_name = ColumnText(s, 2);
  const std::string role = ColumnText(s, 3);
  std::optional<model::Role> parsed = model::ParseRole(role);
  if (!parsed) {
    return Status::DataLoss("账户 " + u.username + " 的角色未知：" + role +
                            "（数据库由更新的版本写入或已损坏）");
  }
  u.role = *parsed;
  u.unit_code = ColumnText(s, 4);
  u.view_personal = ColumnInt64(s, 5) != 0;
  u.disabled = ColumnInt64(s, 6) != 0;
  u.password_hash = ColumnText(s, 7);
  u.created_at = ColumnInt64(s, 8);
  u.password_changed_at = ColumnInt64(s, 9);
  return u;
}

Result<ApiToken> ReadToken(sqlite3_stmt* s) {
  ApiToken t;
  t.id = ColumnInt64(s, 0);
  t.user_id = ColumnInt64(s, 1);
  t.label = ColumnText(s, 2);
  t.token_hash = ColumnText(s, 3);
  t.prefix = ColumnText(s, 4);
  t.created_at = ColumnInt64(s, 5);
  t.expires_at = ColumnInt64(s, 6);
  t.revoked = ColumnInt64(s, 7) != 0;
  return t;
}

Result<Session> ReadSession(sqlite3_stmt* s) {
  return Session{ColumnText(s, 0), ColumnInt64(s, 1), ColumnText(s, 2),
                 ColumnText(s, 3), ColumnInt64(s, 4), ColumnInt64(s, 5)};
}

Result<AuditEntry> ReadAudit(sqlite3_stmt* s) {
  AuditEntry e;
  e.seq = ColumnInt64(s, 0);
  e.time = ColumnInt64(s, 1);
  e.user_id = ColumnInt64(s, 2);
  e.actor = ColumnText(s, 3);
  e.address = ColumnText(s, 4);
  e.action = ColumnText(s, 5);
  e.target = ColumnText(s, 6);
  e.before_json = ColumnText(s, 7);
  e.after_json = ColumnText(s, 8);
  e.prev_hash = ColumnText(s, 9);
  e.hash = ColumnText(s, 10);
  return e;
}

bool IsConstraint(int rc) { return (rc & 0xff) == SQLITE_CONSTRAINT; }

class SqliteAccountStore final : public model::AccountStore {
 public:
  SqliteAccountStore(std::unique_ptr<Connection> db, std::string path)
      : db_(std::move(db)), path_(std::move(path)) {}

  Result<int64_t> CountUsers() override {
    std::lock_guard lock(mu_);
    return db_->QueryInt(kCountUsers);
  }

  Result<int64_t> CreateUser(const User& u) override {
    std::lock_guard lock(mu_);
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(kInsertUser));
    StatementScope scope(s);
    BindUser(s, u);
    int rc = sqlite3_step(s);
    if (IsConstraint(rc)) return Status::AlreadyExists("用户名已存在：" + u.username);
    if (rc != SQLITE_DONE) return db_->Error(rc, "创建用户");
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_->handle()));
  }

  Status UpdateUser(const User& u) override {
    std::lock_guard lock(mu_);
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(kUpdateUser));
    StatementScope scope(s);
    BindUser(s, u);
    internal::Bind(s, 10, u.id);
    int rc = sqlite3_step(s);
    if (IsConstraint(rc)) return Status::AlreadyExists("用户名已存在：" + u.username);
    if (rc != SQLITE_DONE) return db_->Error(rc, "更新用户");
    if (sqlite3_changes(db_->handle()) == 0) {
      return Status::NotFound("用户不存在：" + std::to_string(u.id));
    }
    return Status::Ok();
  }

  Result<std::optional<User>> GetUser(int64_t id) override {
    std::lock_guard lock(mu_);
    return One<User>(kUserById, ReadUser, "读取用户", id);
  }

  Result<std::optional<User>> FindUser(const std::string& username) override {
    std::lock_guard lock(mu_);
    return One<User>(kUserByName, ReadUser, "读取用户", username);
  }

  Result<std::vector<User>> ListUsers() override {
    std::lock_guard lock(mu_);
    return All<User>(kListUsers, ReadUser, "列出用户");
  }

  Status PutSession(const Session& x) override {
    std::lock_guard lock(mu_);
    return Run(kPutSession, "保存会话", x.id_hash, x.user_id, x.csrf_token, x.address, x.created_at,
               x.expires_at);
  }

  Result<std::optional<Session>> GetSession(const std::string& id_hash) override {
    std::lock_guard lock(mu_);
    return One<Session>(kGetSession, ReadSession, "读取会话", id_hash);
  }

  Status DeleteSession(const std::string& id_hash) override {
    std::lock_guard lock(mu_);
    return Run(kDeleteSession, "删除会话", id_hash);
  }

  Status DeleteSessionsOfUser(int64_t user_id) override {
    std::lock_guard lock(mu_);
    return Run(kDeleteUserSessions, "删除会话", user_id);
  }

  Status DeleteExpiredSessions(int64_t now) override {
    std::lock_guard lock(mu_);
    return Run(kDeleteExpiredSessions, "清理会话", now);
  }

  Result<int64_t> CreateApiToken(const ApiToken& t) override {
    std::lock_guard lock(mu_);
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(kInsertToken));
    StatementScope scope(s);
    BindAll(s, t.user_id, t.label, t.token_hash, t.prefix, t.created_at, t.expires_at, t.revoked);
    int rc = sqlite3_step(s);
    if (IsConstraint(rc)) return Status::AlreadyExists("令牌已存在或用户不存在");
    if (rc != SQLITE_DONE) return db_->Error(rc, "创建令牌");
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_->handle()));
  }

  Result<std::optional<ApiToken>> FindApiToken(const std::string& token_hash) override {
    std::lock_guard lock(mu_);
    return One<ApiToken>(kTokenByHash, ReadToken, "读取令牌", token_hash);
  }

  Result<std::vector<ApiToken>> ListApiTokens(int64_t user_id) override {
    std::lock_guard lock(mu_);
    return All<ApiToken>(kTokensOfUser, ReadToken, "列出令牌", user_id);
  }

  Status RevokeApiToken(int64_t user_id, int64_t token_id) override {
    std::lock_guard lock(mu_);
    ZJ_RETURN_IF_ERROR(Run(kRevokeToken, "吊销令牌", token_id, user_id));
    if (sqlite3_changes(db_->handle()) == 0) {
      return Status::NotFound("令牌不存在：" + std::to_string(token_id));
    }
    return Status::Ok();
  }

  Result<AuditEntry> AppendAudit(AuditEntry e, const model::AuditHashFn& hash_fn) override {
    std::lock_guard lock(mu_);
    ZJ_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
    Status st = internal::AppendAuditRow(db_->handle(), e, hash_fn);
    if (st.ok()) st = db_->Exec("COMMIT");
    if (!st.ok()) {
      (void)db_->Exec("ROLLBACK");
      return st;
    }
    ZJ_RETURN_IF_ERROR(RecordAuditHead(path_, e.seq, e.hash));
    return e;
  }

  Result<std::vector<AuditEntry>> ListAudit(const model::AuditQuery& q) override {
    std::lock_guard lock(mu_);
    return All<AuditEntry>(q.newest_first ? kAuditDescending : kAuditAscending, ReadAudit,
                           "读取审计日志", q.after_seq, q.actor, q.action,
                           q.limit > 0 ? q.limit : int64_t{-1});
  }

  Status ScanAudit(const std::function<Status(const AuditEntry&)>& fn) override {
    // Pages of 1000 so that the mutex is not held while fn runs.
    int64_t after = 0;
    for (;;) {
      model::AuditQuery q;
      q.after_seq = after;
      q.limit = 1000;
      ZJ_ASSIGN_OR_RETURN(std::vector<AuditEntry> page, ListAudit(q));
      if (page.empty()) return Status::Ok();
      for (const AuditEntry& e : page) ZJ_RETURN_IF_ERROR(fn(e));
      after = page.back().seq;
    }
  }

 private:
  static void BindUser(sqlite3_stmt* s, const User& u) {
    BindAll(s, u.username, u.display_name, model::RoleName(u.role), u.unit_code, u.view_personal,
            u.disabled, u.password_hash, u.created_at, u.password_changed_at);
  }

  template <typename... Args>
  Status Run(const char* sql, const char* what, const Args&... args) {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(sql));
    StatementScope scope(s);
    BindAll(s, args...);
    int rc = sqlite3_step(s);
    return rc == SQLITE_DONE ? Status::Ok() : db_->Error(rc, what);
  }

  template <typename T, typename ReadFn, typename... Args>
  Result<std::optional<T>> One(const char* sql, ReadFn read, const char* what,
                               const Args&... args) {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(sql));
    StatementScope scope(s);
    BindAll(s, args...);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return std::optional<T>();
    if (rc != SQLITE_ROW) return db_->Error(rc, what);
    ZJ_ASSIGN_OR_RETURN(T row, read(s));
    return std::optional<T>(std::move(row));
  }

  template <typename T, typename ReadFn, typename... Args>
  Result<std::vector<T>> All(const char* sql, ReadFn read, const char* what, const Args&... args) {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_->Prepare(sql));
    StatementScope scope(s);
    BindAll(s, args...);
    std::vector<T> out;
    for (;;) {
      int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) return out;
      if (rc != SQLITE_ROW) return db_->Error(rc, what);
      ZJ_ASSIGN_OR_RETURN(T row, read(s));
      out.push_back(std::move(row));
    }
  }

  std::mutex mu_;
  std::unique_ptr<Connection> db_;
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<model::AccountStore>> OpenSqliteAccountStore(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound("数据库文件不存在：" + path);
  ZJ_ASSIGN_OR_RETURN(std::unique_ptr<Connection> db,
                      Connection::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX));
  sqlite3_busy_timeout(db->handle(), 5000);
  (void)db->Exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;");
  auto tables = db->QueryInt(kCheckTables);
  if (!tables.ok()) return Status::InvalidArgument("不是 zhijiao 数据库：" + path);
  if (*tables != 4) {
    return Status::FailedPrecondition("数据库缺少账户表（请先用当前版本的 zhijiao 打开以升级）：" +
                                      path);
  }
  return std::unique_ptr<model::AccountStore>(
      std::make_unique<SqliteAccountStore>(std::move(db), path));
}

}  // namespace zj::storage
