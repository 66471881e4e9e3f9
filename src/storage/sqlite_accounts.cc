// SQLite AccountStore: accounts, sessions, API tokens and the hash-chained audit log in the same
// database file as the registries. The tables come from the migration list (migrations.cc, step
// "accounts, sessions, API tokens, audit log"); this file holds only the queries. One connection
// per store, calls serialised by a mutex; audit appends run in BEGIN IMMEDIATE so that another
// process appending at the same moment cannot fork the chain.
#include <sqlite3.h>

#include <filesystem>
#include <mutex>

#include "sqlite_audit.h"
#include "zj/storage/account_store.h"
#include "zj/storage/audit_head.h"

namespace zj::storage {
namespace {

using model::ApiToken;
using model::AuditEntry;
using model::Session;
using model::User;

constexpr char kUserColumns[] =
    "id, username, display_name, role, unit_code, view_personal, disabled, password_hash, "
    "created_at, password_changed_at";
constexpr char kTokenColumns[] =
    "id, user_id, label, token_hash, prefix, created_at, expires_at, revoked";
constexpr char kAuditColumns[] =
    "seq, time, user_id, actor, address, action, target, before_json, after_json, prev_hash, "
    "hash";

// A prepared statement that finalizes itself.
class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql) {
    rc_ = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool prepared() const { return rc_ == SQLITE_OK; }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  int Step() { return sqlite3_step(stmt_); }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) const {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

User ReadUser(const Stmt& s) {
  User u;
  u.id = s.Int(0);
  u.username = s.Text(1);
  u.display_name = s.Text(2);
  u.role = model::ParseRole(s.Text(3)).value_or(model::Role::kLeader);
  u.unit_code = s.Text(4);
  u.view_personal = s.Int(5) != 0;
  u.disabled = s.Int(6) != 0;
  u.password_hash = s.Text(7);
  u.created_at = s.Int(8);
  u.password_changed_at = s.Int(9);
  return u;
}

ApiToken ReadToken(const Stmt& s) {
  ApiToken t;
  t.id = s.Int(0);
  t.user_id = s.Int(1);
  t.label = s.Text(2);
  t.token_hash = s.Text(3);
  t.prefix = s.Text(4);
  t.created_at = s.Int(5);
  t.expires_at = s.Int(6);
  t.revoked = s.Int(7) != 0;
  return t;
}

AuditEntry ReadAudit(const Stmt& s) {
  AuditEntry e;
  e.seq = s.Int(0);
  e.time = s.Int(1);
  e.user_id = s.Int(2);
  e.actor = s.Text(3);
  e.address = s.Text(4);
  e.action = s.Text(5);
  e.target = s.Text(6);
  e.before_json = s.Text(7);
  e.after_json = s.Text(8);
  e.prev_hash = s.Text(9);
  e.hash = s.Text(10);
  return e;
}

class SqliteAccountStore final : public model::AccountStore {
 public:
  SqliteAccountStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteAccountStore() override { sqlite3_close_v2(db_); }

  Result<int64_t> CountUsers() override {
    std::lock_guard lock(mu_);
    Stmt s(db_, "SELECT count(*) FROM account_user");
    if (!s.prepared() || s.Step() != SQLITE_ROW) return Error("统计用户");
    return s.Int(0);
  }

  Result<int64_t> CreateUser(const User& u) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, std::string("INSERT INTO account_user (") + kUserColumns +
                    ") VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    BindUserFields(s, u);
    int rc = s.Step();
    if (rc == SQLITE_CONSTRAINT) return Status::AlreadyExists("用户名已存在：" + u.username);
    if (rc != SQLITE_DONE) return Error("创建用户");
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
  }

  Status UpdateUser(const User& u) override {
    std::lock_guard lock(mu_);
    Stmt s(db_,
           "UPDATE account_user SET username = ?1, display_name = ?2, role = ?3, unit_code = ?4, "
           "view_personal = ?5, disabled = ?6, password_hash = ?7, created_at = ?8, "
           "password_changed_at = ?9 WHERE id = ?10");
    BindUserFields(s, u);
    s.Bind(10, u.id);
    int rc = s.Step();
    if (rc == SQLITE_CONSTRAINT) return Status::AlreadyExists("用户名已存在：" + u.username);
    if (rc != SQLITE_DONE) return Error("更新用户");
    if (sqlite3_changes(db_) == 0) return Status::NotFound("用户不存在：" + std::to_string(u.id));
    return Status::Ok();
  }

  Result<std::optional<User>> GetUser(int64_t id) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, std::string("SELECT ") + kUserColumns + " FROM account_user WHERE id = ?");
    s.Bind(1, id);
    return One<User>(s, ReadUser, "读取用户");
  }

  Result<std::optional<User>> FindUser(const std::string& username) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, std::string("SELECT ") + kUserColumns + " FROM account_user WHERE username = ?");
    s.Bind(1, username);
    return One<User>(s, ReadUser, "读取用户");
  }

  Result<std::vector<User>> ListUsers() override {
    std::lock_guard lock(mu_);
    Stmt s(db_, std::string("SELECT ") + kUserColumns + " FROM account_user ORDER BY id");
    return All<User>(s, ReadUser, "列出用户");
  }

  Status PutSession(const Session& x) override {
    std::lock_guard lock(mu_);
    Stmt s(db_,
           "INSERT OR REPLACE INTO account_session (id_hash, user_id, csrf_token, address, "
           "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
    s.Bind(1, x.id_hash).Bind(2, x.user_id).Bind(3, x.csrf_token).Bind(4, x.address);
    s.Bind(5, x.created_at).Bind(6, x.expires_at);
    return s.Step() == SQLITE_DONE ? Status::Ok() : Error("保存会话");
  }

  Result<std::optional<Session>> GetSession(const std::string& id_hash) override {
    std::lock_guard lock(mu_);
    Stmt s(db_,
           "SELECT id_hash, user_id, csrf_token, address, created_at, expires_at "
           "FROM account_session WHERE id_hash = ?");
    s.Bind(1, id_hash);
    return One<Session>(
        s,
        [](const Stmt& r) {
          return Session{r.Text(0), r.Int(1), r.Text(2), r.Text(3), r.Int(4), r.Int(5)};
        },
        "读取会话");
  }

  Status DeleteSession(const std::string& id_hash) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, "DELETE FROM account_session WHERE id_hash = ?");
    s.Bind(1, id_hash);
    return s.Step() == SQLITE_DONE ? Status::Ok() : Error("删除会话");
  }

  Status DeleteSessionsOfUser(int64_t user_id) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, "DELETE FROM account_session WHERE user_id = ?");
    s.Bind(1, user_id);
    return s.Step() == SQLITE_DONE ? Status::Ok() : Error("删除会话");
  }

  Status DeleteExpiredSessions(int64_t now) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, "DELETE FROM account_session WHERE expires_at <= ?");
    s.Bind(1, now);
    return s.Step() == SQLITE_DONE ? Status::Ok() : Error("清理会话");
  }

  Result<int64_t> CreateApiToken(const ApiToken& t) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, std::string("INSERT INTO api_token (") + kTokenColumns +
                    ") VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)");
    s.Bind(1, t.user_id).Bind(2, t.label).Bind(3, t.token_hash).Bind(4, t.prefix);
    s.Bind(5, t.created_at).Bind(6, t.expires_at).Bind(7, int64_t{t.revoked});
    int rc = s.Step();
    if (rc == SQLITE_CONSTRAINT) return Status::AlreadyExists("令牌已存在或用户不存在");
    if (rc != SQLITE_DONE) return Error("创建令牌");
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
  }

  Result<std::optional<ApiToken>> FindApiToken(const std::string& token_hash) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, std::string("SELECT ") + kTokenColumns + " FROM api_token WHERE token_hash = ?");
    s.Bind(1, token_hash);
    return One<ApiToken>(s, ReadToken, "读取令牌");
  }

  Result<std::vector<ApiToken>> ListApiTokens(int64_t user_id) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, std::string("SELECT ") + kTokenColumns +
                    " FROM api_token WHERE user_id = ? ORDER BY id");
    s.Bind(1, user_id);
    return All<ApiToken>(s, ReadToken, "列出令牌");
  }

  Status RevokeApiToken(int64_t user_id, int64_t token_id) override {
    std::lock_guard lock(mu_);
    Stmt s(db_, "UPDATE api_token SET revoked = 1 WHERE id = ? AND user_id = ?");
    s.Bind(1, token_id).Bind(2, user_id);
    if (s.Step() != SQLITE_DONE) return Error("吊销令牌");
    if (sqlite3_changes(db_) == 0) {
      return Status::NotFound("令牌不存在：" + std::to_string(token_id));
    }
    return Status::Ok();
  }

  Result<AuditEntry> AppendAudit(AuditEntry e, const model::AuditHashFn& hash_fn) override {
    std::lock_guard lock(mu_);
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
      return Error("写审计日志（加锁）");
    }
    Status st = AppendLocked(e, hash_fn);
    if (!st.ok()) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return st;
    }
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return Error("写审计日志（提交）");
    }
    ZJ_RETURN_IF_ERROR(RecordAuditHead(path_, e.seq, e.hash));
    return e;
  }

  Result<std::vector<AuditEntry>> ListAudit(const model::AuditQuery& q) override {
    std::lock_guard lock(mu_);
    std::string sql = std::string("SELECT ") + kAuditColumns +
                      " FROM audit_log WHERE seq > ?1 AND (?2 = '' OR actor = ?2) AND "
                      "(?3 = '' OR action = ?3) ORDER BY seq " +
                      (q.newest_first ? "DESC" : "ASC") + " LIMIT ?4";
    Stmt s(db_, sql);
    s.Bind(1, q.after_seq).Bind(2, q.actor).Bind(3, q.action);
    s.Bind(4, q.limit > 0 ? q.limit : int64_t{-1});
    return All<AuditEntry>(s, ReadAudit, "读取审计日志");
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
  static void BindUserFields(Stmt& s, const User& u) {
    s.Bind(1, u.username).Bind(2, u.display_name).Bind(3, std::string(model::RoleName(u.role)));
    s.Bind(4, u.unit_code).Bind(5, int64_t{u.view_personal}).Bind(6, int64_t{u.disabled});
    s.Bind(7, u.password_hash).Bind(8, u.created_at).Bind(9, u.password_changed_at);
  }

  Status AppendLocked(AuditEntry& e, const model::AuditHashFn& hash_fn) {
    return internal::AppendAuditRow(db_, e, hash_fn);
  }

  template <typename T, typename ReadFn>
  Result<std::optional<T>> One(Stmt& s, ReadFn read, const char* what) {
    if (!s.prepared()) return Error(what);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<T>(read(s));
    if (rc == SQLITE_DONE) return std::optional<T>();
    return Error(what);
  }

  template <typename T, typename ReadFn>
  Result<std::vector<T>> All(Stmt& s, ReadFn read, const char* what) {
    if (!s.prepared()) return Error(what);
    std::vector<T> out;
    for (;;) {
      int rc = s.Step();
      if (rc == SQLITE_DONE) return out;
      if (rc != SQLITE_ROW) return Error(what);
      out.push_back(read(s));
    }
  }

  Status Error(const char* what) {
    return Status::IoError(std::string(what) + "失败：" + sqlite3_errmsg(db_));
  }

  std::mutex mu_;
  sqlite3* db_;
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<model::AccountStore>> OpenSqliteAccountStore(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound("数据库文件不存在：" + path);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status::IoError("无法打开数据库 " + path + "：" + msg);
  }
  auto store = std::make_unique<SqliteAccountStore>(db, path);  // owns db from here on
  sqlite3_busy_timeout(db, 5000);
  sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;", nullptr, nullptr,
               nullptr);
  Stmt check(db,
             "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
             "('account_user', 'account_session', 'api_token', 'audit_log')");
  if (!check.prepared() || check.Step() != SQLITE_ROW) {
    return Status::InvalidArgument("不是 zhijiao 数据库：" + path);
  }
  if (check.Int(0) != 4) {
    return Status::FailedPrecondition("数据库缺少账户表（请先用当前版本的 zhijiao 打开以升级）：" +
                                      path);
  }
  return std::unique_ptr<model::AccountStore>(std::move(store));
}

}  // namespace zj::storage
