// ApiServer: httplib setup (worker pool, keep-alive, limits, TLS), authentication (session
// cookie or bearer token), CSRF and role checks, dispatch through the route table, JSON errors
// for everything httplib rejects itself (404, 413 …), static files, and the config file.
#include "zj/server/server.h"

#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>

#include "handlers.h"
#include "server_impl.h"
#include "work_dir.h"
#include "zj/common/file.h"
#include "zj/service/accounts.h"
#include "zj/service/auth.h"
#include "zj/service/plans.h"

namespace zj::server {

using internal::Call;
using internal::Route;
using internal::WriteError;

namespace {

constexpr int64_t kSessionSweepSeconds = 600;
// Bodies up to this size arrive whole before a worker sees the request (the gate waits for
// them); larger bodies and chunked ones are read only for authenticated callers.
constexpr int kSmallBodyBytes = 16 * 1024;

// Whether the request this worker thread is serving carried a valid credential: reset by the
// pre-routing handler, set by Dispatch and the static-file route, read by the post-routing
// handler and the logger (httplib serves one request per thread from pre-routing to the logger).
// Only such connections are kept alive, so every anonymous request passes the connection gate.
thread_local bool tl_authenticated = false;
// The connection this worker thread serves (set by WorkerPool around httplib's task).
thread_local int tl_socket = -1;

// httplib's worker pool, telling each worker which connection it serves: httplib keeps a
// connection open after a response whenever the request allowed it, whatever the response's
// Connection header says, so the logger hook (called after the response is written) ends an
// anonymous connection itself (shutdown of its read side: httplib sees the end of the stream
// and closes it).
class WorkerPool final : public httplib::TaskQueue {
 public:
  explicit WorkerPool(size_t threads) : pool_(threads) {}
  void enqueue(std::function<void()> fn) override {
    const int fd = ConnectionGate::TakeLastAccepted();  // httplib's accept() just returned it
    pool_.enqueue([fn = std::move(fn), fd] {
      tl_socket = fd;
      fn();
      tl_socket = -1;
    });
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
};

// Permission check of a request whose route is not known yet (pre-routing): any authenticated
// account; writes need the CSRF token with cookie authentication.
const Route kAnyAuthenticatedWrite{"POST", "", service::Permission::kAuthenticated, nullptr, "",
                                   "",     ""};
constexpr int kListenBacklog = 1024;  // capped by net.core.somaxconn

std::optional<std::string> CookieValue(const httplib::Request& req, std::string_view name) {
  std::string header = req.get_header_value("Cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view part(header.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return std::nullopt;
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Resolves the caller from a bearer token or the session cookie: from the principal cache when
// it holds a current entry for the credential, otherwise from the account store (and then fills
// the cache). Refusals always come from the store.
Status Authenticate(Call& c) {
  ApiServer::Impl& s = c.s;
  CachingAccountStore& accounts = *s.accounts;
  const int64_t now = c.Now();
  std::string auth = c.req.get_header_value("Authorization");
  std::string key;
  if (auth.rfind("Bearer ", 0) == 0) {
    key = "t:" + service::Sha256Hex(std::string_view(auth).substr(7));
  } else if (std::optional<std::string> cookie = CookieValue(c.req, "zj_session")) {
    key = "s:" + service::Sha256Hex(*cookie);
  } else {
    return Status::Unauthenticated("请先登录");
  }
  if (std::shared_ptr<const Principal> p = accounts.FindPrincipal(key, now)) {
    c.user = p->user;
    c.session = p->session;
    c.scope = service::Scope(c.hierarchy.get(), *c.user);
    return Status::Ok();
  }
  const uint64_t generation = accounts.generation();  // before reading the store
  const std::string hash = key.substr(2);
  std::optional<model::User> user;
  int64_t expires_at = 0;
  if (key[0] == 't') {
    ZJ_ASSIGN_OR_RETURN(std::optional<model::ApiToken> token, accounts.FindApiToken(hash));
    if (!token || token->revoked || (token->expires_at != 0 && token->expires_at <= now)) {
      return Status::Unauthenticated("API 令牌无效、已吊销或已过期");
    }
    expires_at = token->expires_at;
    ZJ_ASSIGN_OR_RETURN(user, accounts.GetUser(token->user_id));
  } else {
    ZJ_ASSIGN_OR_RETURN(std::optional<model::Session> session, accounts.GetSession(hash));
    if (!session) return Status::Unauthenticated("会话无效，请重新登录");
    if (session->expires_at <= now) {
      ZJ_RETURN_IF_ERROR(accounts.DeleteSession(session->id_hash));
      return Status::Unauthenticated("会话已过期，请重新登录");
    }
    expires_at = session->expires_at;
    c.session = std::move(session);
    ZJ_ASSIGN_OR_RETURN(user, accounts.GetUser(c.session->user_id));
  }
  if (!user || user->disabled) return Status::Unauthenticated("账户不存在或已停用");
  user->password_hash.clear();  // not needed past this point, and never cached
  c.user = std::move(user);
  c.scope = service::Scope(c.hierarchy.get(), *c.user);
  accounts.PutPrincipal(key, Principal{*c.user, c.session, expires_at}, generation, now);
  // Occasionally drop expired sessions.
  int64_t last = s.last_session_sweep.load();
  if (now - last > kSessionSweepSeconds &&
      s.last_session_sweep.compare_exchange_strong(last, now)) {
    (void)accounts.DeleteExpiredSessions(now);
  }
  return Status::Ok();
}

Status CheckAccess(Call& c) {
  if (c.route.permission == service::Permission::kPublic) return Status::Ok();
  ZJ_RETURN_IF_ERROR(Authenticate(c));
  if (c.session && internal::IsWriteMethod(c.route.method)) {
    std::string csrf = c.req.get_header_value("X-CSRF-Token");
    if (csrf.empty() || !ConstantTimeEquals(csrf, c.session->csrf_token)) {
      return Status::PermissionDenied("缺少或错误的 X-CSRF-Token（Cookie 认证的写操作必须携带）");
    }
  }
  if (!service::RoleAllows(c.user->role, c.route.permission)) {
    return Status::PermissionDenied("当前角色（" + std::string(model::RoleNameZh(c.user->role)) +
                                    "）无权执行此操作");
  }
  return Status::Ok();
}

void Dispatch(ApiServer::Impl& s, const Route& route, const httplib::Request& req,
              httplib::Response& res, const httplib::ContentReader* reader = nullptr) {
  Call c(s, req, res, route);
  c.reader = reader;
  c.address = req.remote_addr;
  res.set_header("Cache-Control", "no-store");
  Status access = CheckAccess(c);
  if (!access.ok()) return WriteError(res, access);
  if (c.user) tl_authenticated = true;
  if (!route.upload && internal::IsWriteMethod(route.method) && !req.body.empty() &&
      req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    return WriteError(res, Status::InvalidArgument("请求体必须是 application/json"));
  }
  Result<internal::Json> body = route.handler(c);
  if (!body.ok()) return WriteError(res, body.status());
  if (c.responded) return;
  if (c.raw_body) {
    res.status = res.status > 0 ? res.status : 200;
    res.set_content(*c.raw_body, c.raw_content_type.empty() ? "application/json; charset=utf-8"
                                                            : c.raw_content_type.c_str());
    return;
  }
  internal::WriteJson(res, *body, res.status > 0 ? res.status : 200);
}

void WriteHttplibError(const ServerConfig& config, const httplib::Request& req,
                       httplib::Response& res) {
  if (!res.body.empty()) return;  // our handlers already wrote a JSON error
  switch (res.status) {
    case 404:
      return WriteError(res, 404, "not_found", "接口或页面不存在：" + req.path);
    case 413:
      return WriteError(res, 413, "payload_too_large",
                        "请求体过大（上限 " + std::to_string(config.payload_max_bytes) + " 字节）");
    case 400:
      return WriteError(res, 400, "bad_request", "请求格式错误");
    case 414:
      return WriteError(res, 414, "uri_too_long", "请求地址过长");
    default:
      return WriteError(res, res.status, "http_error",
                        "请求失败（HTTP " + std::to_string(res.status) + "）");
  }
}

void SetSecurityHeaders(const ServerConfig& config, httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                 "frame-ancestors 'none'");
  if (!config.tls_cert.empty()) {
    res.set_header("Strict-Transport-Security", "max-age=31536000");
  }
}

// Loads the engine data in the background so that the first dashboard request is fast.
void Preload(ApiServer::Impl& s) {
  auto start = std::chrono::steady_clock::now();
  Result<std::shared_ptr<EngineData>> data = s.Engine();
  if (!data.ok()) {
    fprintf(stderr, "zhijiao serve: 指标数据载入失败：%s\n", data.status().ToString().c_str());
    return;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  fprintf(stderr, "zhijiao serve: 指标数据已载入（%lld ms）\n", static_cast<long long>(ms));
}

// See Impl::default_year.
Result<int> DefaultYear(model::Store& st, const std::vector<int>& years) {
  if (years.empty()) return 0;
  for (size_t i = years.size() - 1; i > 0; --i) {
    ZJ_ASSIGN_OR_RETURN(int64_t here, st.CountEnrolments(years[i]));
    ZJ_ASSIGN_OR_RETURN(int64_t before, st.CountEnrolments(years[i - 1]));
    if (2 * here >= before) return years[i];
  }
  return years.front();
}

}  // namespace

Status ApiServer::Impl::OnRegistryChanged(model::Store& st) {
  ZJ_ASSIGN_OR_RETURN(std::shared_ptr<const engine::Hierarchy> h, service::LoadHierarchy(st));
  ZJ_ASSIGN_OR_RETURN(std::vector<int> y, st.ListYears());
  ZJ_ASSIGN_OR_RETURN(int d, DefaultYear(st, y));
  {
    std::lock_guard lock(registry_mu);
    hierarchy = std::move(h);
    years = std::move(y);
    default_year = d;
  }
  year_data.class_names.Clear();
  year_data.rosters.Clear();
  projections.Reset();
  OnDataValuesChanged();
  return Status::Ok();
}

Result<std::shared_ptr<EngineData>> ApiServer::Impl::Engine() {
  std::shared_future<Result<std::shared_ptr<EngineData>>> f;
  {
    std::lock_guard lock(engine_mu);
    if (!engine_future.valid()) {
      engine_future =
          std::async(std::launch::async, [this] {
            return WithStore([&](model::Store& st) { return EngineData::Load(st, catalog); });
          }).share();
    }
    f = engine_future;
  }
  Result<std::shared_ptr<EngineData>> r = f.get();
  if (!r.ok()) {  // forget a failed load so that the next request retries
    std::lock_guard lock(engine_mu);
    engine_future = {};
  }
  return r;
}

std::shared_ptr<const ApiServer::Impl::PlanSet> ApiServer::Impl::Plans() {
  std::lock_guard lock(plans_mu);
  return plans;
}

Status ApiServer::Impl::ReloadPlans(model::Store& st) {
  auto set = std::make_shared<PlanSet>();
  ZJ_ASSIGN_OR_RETURN(set->rows, service::ListPlans(st));
  for (model::StoredPlan& row : set->rows) {
    Result<engine::Plan> plan = engine::ParsePlan(row.json);
    if (!plan.ok()) {
      return Status(plan.status().code(),
                    "数据库中的规划 " + row.id + " 无法读取：" + plan.status().message());
    }
    set->plans[row.id] = std::make_shared<const engine::Plan>(std::move(plan).value());
    row.json.clear();
  }
  set->default_id = service::DefaultPlanId(set->rows);
  {
    std::lock_guard lock(plans_mu);
    plans = std::move(set);
  }
  // Plan status bodies are cached per engine data: the next request builds fresh ones.
  OnDataValuesChanged();
  return Status::Ok();
}

void ApiServer::Impl::CheckDemoAccounts() {
  std::vector<service::DemoAccount> found = service::UsableDemoAccounts(info, *accounts);
  std::lock_guard lock(demo_mu);
  demo_accounts = std::move(found);
}

void ApiServer::Impl::OnDataValuesChanged() {
  // The History holds the manual values: the next request loads a fresh one.
  std::lock_guard lock(engine_mu);
  engine_future = {};
}

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ApiServer::~ApiServer() {
  if (impl_->http) impl_->http->stop();
  if (impl_->gate) impl_->gate->Stop();
  if (impl_->preload.joinable()) impl_->preload.join();
  {
    std::lock_guard lock(impl_->engine_mu);
    if (impl_->engine_future.valid()) impl_->engine_future.wait();
  }
  if (!impl_->work_dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(impl_->work_dir, ec);
  }
}

model::AccountStore& ApiServer::accounts() { return *impl_->accounts; }
int ApiServer::port() const { return impl_->config.port; }
bool ApiServer::tls() const { return !impl_->config.tls_cert.empty(); }

Result<std::unique_ptr<ApiServer>> ApiServer::Create(ServerConfig config,
                                                     std::unique_ptr<model::Store> store,
                                                     std::unique_ptr<model::AccountStore> accounts,
                                                     Clock clock) {
  ZJ_RETURN_IF_ERROR(service::InitCrypto());
  if (config.threads < 1 || config.threads > 1024) {
    return Status::InvalidArgument("threads 须在 1–1024 之间");
  }
  ZJ_ASSIGN_OR_RETURN(int64_t users, accounts->CountUsers());
  if (users == 0) {
    return Status::FailedPrecondition(
        "数据库中还没有任何账户，拒绝启动服务。请先创建管理员账户：zhijiao user add --db FILE "
        "--name admin --role admin --unit <县级区划代码> --password-stdin");
  }
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    return Status::InvalidArgument("TLS 需要同时配置证书 (tls.cert) 和私钥 (tls.key)");
  }
  for (const std::string& f : {config.tls_cert, config.tls_key}) {
    if (!f.empty() && !std::filesystem::exists(f)) {
      return Status::NotFound("TLS 文件不存在：" + f);
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->clock =
      clock ? std::move(clock) : Clock([] { return static_cast<int64_t>(::time(nullptr)); });
  impl->throttle.set_limits(config.login);
  ZJ_ASSIGN_OR_RETURN(impl->info, store->GetInfo());
  ZJ_ASSIGN_OR_RETURN(impl->hierarchy, service::LoadHierarchy(*store));
  ZJ_ASSIGN_OR_RETURN(impl->years, store->ListYears());
  ZJ_ASSIGN_OR_RETURN(impl->default_year, DefaultYear(*store, impl->years));
  ZJ_ASSIGN_OR_RETURN(engine::Catalog catalog, engine::LoadCatalog());
  impl->catalog = std::make_shared<const engine::Catalog>(std::move(catalog));
  {
    Result<engine::EvalConfig> ev = engine::LoadEvalConfig(config.evaluation_overrides);
    if (!ev.ok()) {
      return Status::InvalidArgument("配置项 evaluation 无效：" + ev.status().message());
    }
    impl->evaluation = std::make_shared<const engine::EvalConfig>(std::move(ev).value());
  }
  // Plans live in the database (every stored plan; the embedded one only through the demo or
  // the schema upgrade that stored it).
  ZJ_RETURN_IF_ERROR(impl->ReloadPlans(*store));
  if (int node = impl->hierarchy->Find(impl->info.county_code); node >= 0) {
    impl->county_name = impl->hierarchy->unit(node).name;
  }
  if (!config.web_root.empty() && !std::filesystem::is_directory(config.web_root)) {
    fprintf(stderr, "zhijiao serve: 网页目录不存在（%s），只提供 API\n", config.web_root.c_str());
    config.web_root.clear();
  }
  impl->config = std::move(config);
  impl->store = std::move(store);
  if (Result<std::unique_ptr<model::Store>> r = impl->store->OpenReader(); r.ok()) {
    impl->reader = std::move(*r);
  }
  impl->accounts =
      std::make_unique<CachingAccountStore>(std::move(accounts), impl->config.auth_cache_seconds);

  const ServerConfig& cfg = impl->config;
  if (!cfg.tls_cert.empty()) {
    auto ssl = std::make_unique<httplib::SSLServer>(cfg.tls_cert.c_str(), cfg.tls_key.c_str());
    if (!ssl->is_valid()) return Status::InvalidArgument("无法加载 TLS 证书或私钥");
    impl->http = std::move(ssl);
  } else {
    impl->http = std::make_unique<httplib::Server>();
  }
  httplib::Server& http = *impl->http;
  const size_t threads = static_cast<size_t>(cfg.threads);
  http.new_task_queue = [threads] { return new WorkerPool(threads); };
  http.set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which lets a second process bind the same port and
  // silently take a share of the connections. Only SO_REUSEADDR (fast restarts).
  // The listening socket is remembered so that Bind can widen its backlog.
  http.set_socket_options([s = impl.get()](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof yes);
    s->listen_socket = sock;
  });
  http.set_keep_alive_timeout(cfg.keep_alive_seconds);
  http.set_keep_alive_max_count(static_cast<size_t>(cfg.keep_alive_max_requests));
  http.set_read_timeout(cfg.read_timeout_seconds, 0);
  http.set_write_timeout(cfg.write_timeout_seconds, 0);
  // The server-wide limit admits uploads; other routes are held to payload_max_bytes by the
  // pre-routing check below (before their body is read).
  http.set_payload_max_length(
      static_cast<size_t>(std::max(cfg.payload_max_bytes, cfg.import_max_bytes)));
  {
    std::error_code ec;
    const std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
    // Uploads of servers that crashed hold personal data: remove them first.
    if (int stale = RemoveStaleWorkDirs(tmp); stale > 0) {
      fprintf(stderr, "zhijiao serve: 已删除 %d 个异常退出的服务留下的临时目录（%s）\n", stale,
              tmp.c_str());
    }
    impl->work_dir =
        tmp / (kWorkDirPrefix + std::to_string(::getpid()) + "-" + service::RandomHex(4));
    std::filesystem::create_directories(impl->work_dir, ec);
    if (ec) return Status::IoError("无法创建临时目录：" + impl->work_dir.string());
    std::filesystem::permissions(impl->work_dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  }

  Impl* s = impl.get();
  std::map<std::string, const Route*> upload_routes;
  for (const Route& route : internal::Routes()) {
    const Route* r = &route;
    auto handler = [s, r](const httplib::Request& req, httplib::Response& res) {
      Dispatch(*s, *r, req, res);
    };
    std::string pattern = internal::PathRegex(route.path);
    std::string_view m = route.method;
    if (route.upload) {
      upload_routes[route.path] = r;
      http.Post(pattern, [s, r](const httplib::Request& req, httplib::Response& res,
                                const httplib::ContentReader& reader) {
        Dispatch(*s, *r, req, res, &reader);
      });
      continue;
    }
    if (m == "GET")
      http.Get(pattern, handler);
    else if (m == "POST")
      http.Post(pattern, handler);
    else if (m == "PUT")
      http.Put(pattern, handler);
    else if (m == "PATCH")
      http.Patch(pattern, handler);
    else if (m == "DELETE")
      http.Delete(pattern, handler);
  }
  // Everything else: unknown API paths are JSON 404s, the rest is the web app.
  http.Get(".*", [s](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/api" || req.path.rfind("/api/", 0) == 0) {
      return WriteError(res, 404, "not_found", "接口不存在：" + req.path);
    }
    // A signed-in browser's connection stays alive for the app's files too.
    if (std::optional<std::string> cookie = CookieValue(req, "zj_session")) {
      tl_authenticated =
          s->accounts->FindPrincipal("s:" + service::Sha256Hex(*cookie), s->Now()) != nullptr;
    }
    internal::ServeStatic(s->config.web_root, req, res);
  });
  // Before any body is read: uploads only for an authorised caller (they are large and may be
  // chunked: the handler streams them to disk and stops at import_max_bytes); elsewhere no
  // chunked bodies, nothing above payload_max_bytes, and a body above the gate's small-body
  // size only for an authenticated caller (a small body has arrived whole at the gate already,
  // so an anonymous client cannot hold a worker by sending slowly).
  http.set_pre_routing_handler([s, upload_routes](const httplib::Request& req,
                                                  httplib::Response& res) {
    tl_authenticated = false;
    auto refuse = [&](const Status& status, int http_status = 0) {
      if (http_status != 0) {
        WriteError(res, http_status, StatusCodeName(status.code()), status.message());
      } else {
        WriteError(res, status);
      }
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    };
    const bool has_body = req.has_header("Transfer-Encoding") || req.has_header("Content-Length");
    if (!has_body) return httplib::Server::HandlerResponse::Unhandled;
    auto check_access = [&](const Route& route) {
      Call c(*s, req, res, route);
      c.address = req.remote_addr;
      return CheckAccess(c);
    };
    if (auto up = upload_routes.find(req.path); up != upload_routes.end() && req.method == "POST") {
      Status access = check_access(*up->second);
      if (!access.ok()) return refuse(access);
      return httplib::Server::HandlerResponse::Unhandled;
    }
    if (req.has_header("Transfer-Encoding")) {
      return refuse(Status::InvalidArgument("请求体须带 Content-Length（此接口不接受分块传输）"),
                    411);
    }
    std::string length = req.get_header_value("Content-Length");
    uint64_t n = 0;
    auto [p, ec] = std::from_chars(length.data(), length.data() + length.size(), n);
    if (ec != std::errc() || p != length.data() + length.size()) {
      return refuse(Status::InvalidArgument("Content-Length 无效"));
    }
    if (n > static_cast<uint64_t>(s->config.payload_max_bytes)) {
      res.status = 413;
      WriteHttplibError(s->config, req, res);
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (n > static_cast<uint64_t>(kSmallBodyBytes)) {
      Status access = check_access(kAnyAuthenticatedWrite);
      if (!access.ok()) return refuse(access);
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [s](const httplib::Request& req, httplib::Response& res) {
        WriteHttplibError(s->config, req, res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr& ep) {
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          fprintf(stderr, "zhijiao serve: exception: %s\n", e.what());
        } catch (...) {
        }
        WriteError(res, 500, "internal", "服务器内部错误，请联系管理员");
      });
  http.set_post_routing_handler([s](const httplib::Request&, httplib::Response& res) {
    SetSecurityHeaders(s->config, res);
    if (!tl_authenticated) res.set_header("Connection", "close");
  });
  // httplib calls its logger once the response is written: an anonymous connection ends there
  // (see WorkerPool; before the write, a closed read side would make httplib drop the answer).
  http.set_logger(
      [access_log = cfg.access_log](const httplib::Request& req, const httplib::Response& res) {
        if (access_log) {
          fprintf(stderr, "%s %s %s %d\n", req.remote_addr.c_str(), req.method.c_str(),
                  req.path.c_str(), res.status);
        }
        if (!tl_authenticated && tl_socket >= 0) ::shutdown(tl_socket, SHUT_RD);
        tl_authenticated = false;
      });
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

Status ApiServer::Bind() {
  Impl& s = *impl_;
  int port = s.config.port;
  if (port == 0) {
    port = s.http->bind_to_any_port(s.config.host);
    if (port <= 0) return Status::IoError("无法在 " + s.config.host + " 上监听");
  } else if (!s.http->bind_to_port(s.config.host, port)) {
    return Status::IoError("无法监听 " + s.config.host + ":" + std::to_string(port) +
                           "（端口被占用或无权限）");
  }
  s.config.port = port;
  // httplib listens with a backlog of 5: when clients open connections faster than the accept
  // thread (one of many busy threads) takes them, the kernel drops handshakes and the client
  // retransmits after a second — the long tail under load. Linux lets listen() be called again
  // on a listening socket to change its backlog.
  if (s.listen_socket >= 0 && ::listen(s.listen_socket, kListenBacklog) != 0) {
    fprintf(stderr, "zhijiao serve: 无法调整监听队列长度（listen backlog）\n");
  }
  if (s.listen_socket < 0) return Status::Internal("监听套接字未知，无法启动连接闸门");
  GateLimits limits;
  limits.header_timeout_ms = s.config.header_timeout_seconds * 1000;
  limits.max_header_bytes = s.config.max_header_bytes;
  limits.max_header_count = s.config.max_header_count;
  limits.max_pending_per_address = s.config.max_pending_per_address;
  limits.max_pending = s.config.max_pending_connections;
  limits.small_body_bytes = kSmallBodyBytes;
  limits.tls = !s.config.tls_cert.empty();
  ZJ_ASSIGN_OR_RETURN(s.gate, ConnectionGate::Start(s.listen_socket, limits));
  if (s.config.preload) {
    s.preload = std::thread([&s] {
      s.CheckDemoAccounts();
      Preload(s);
    });
  } else {
    s.CheckDemoAccounts();
  }
  return Status::Ok();
}

Status ApiServer::Run() {
  if (!impl_->http->listen_after_bind()) return Status::IoError("HTTP 服务异常退出");
  return Status::Ok();
}

void ApiServer::Stop() {
  impl_->http->stop();
  if (impl_->gate) impl_->gate->Stop();
}

GateStats ApiServer::gate_stats() const { return impl_->gate ? impl_->gate->stats() : GateStats{}; }

Status LoadServerConfig(const std::string& path, ServerConfig* config) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("配置文件不存在或无法读取：" + path);
  internal::Json j = internal::Json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidArgument("配置文件不是合法的 JSON 对象：" + path);
  }
  static const std::set<std::string> kKnown = {"host",
                                               "port",
                                               "web_root",
                                               "threads",
                                               "keep_alive_seconds",
                                               "keep_alive_max_requests",
                                               "read_timeout_seconds",
                                               "write_timeout_seconds",
                                               "header_timeout_seconds",
                                               "max_header_bytes",
                                               "max_header_count",
                                               "max_pending_per_address",
                                               "max_pending_connections",
                                               "payload_max_bytes",
                                               "import_max_bytes",
                                               "session_ttl_minutes",
                                               "access_log",
                                               "login",
                                               "tls",
                                               "evidence_dir",
                                               "evidence_max_bytes",
                                               "db_cache_mib",
                                               "auth_cache_seconds",
                                               "evaluation"};
  for (const auto& [key, value] : j.items()) {
    if (!kKnown.count(key)) return Status::InvalidArgument("配置文件中有未知的键：" + key);
  }
  auto get_int = [&](const internal::Json& obj, const char* key, int64_t min, int64_t max,
                     auto* out) -> Status {
    auto it = obj.find(key);
    if (it == obj.end()) return Status::Ok();
    if (!it->is_number_integer() || it->template get<int64_t>() < min ||
        it->template get<int64_t>() > max) {
      return Status::InvalidArgument(std::string("配置项 ") + key + " 须为 " + std::to_string(min) +
                                     "–" + std::to_string(max) + " 之间的整数");
    }
    *out = static_cast<std::remove_pointer_t<decltype(out)>>(it->template get<int64_t>());
    return Status::Ok();
  };
  auto get_str = [&](const internal::Json& obj, const char* key, std::string* out) -> Status {
    auto it = obj.find(key);
    if (it == obj.end()) return Status::Ok();
    if (!it->is_string())
      return Status::InvalidArgument(std::string("配置项 ") + key + " 须为字符串");
    *out = it->get<std::string>();
    return Status::Ok();
  };
  ZJ_RETURN_IF_ERROR(get_str(j, "host", &config->host));
  ZJ_RETURN_IF_ERROR(get_int(j, "port", 0, 65535, &config->port));
  ZJ_RETURN_IF_ERROR(get_str(j, "web_root", &config->web_root));
  ZJ_RETURN_IF_ERROR(get_int(j, "threads", 1, 1024, &config->threads));
  ZJ_RETURN_IF_ERROR(get_int(j, "keep_alive_seconds", 1, 300, &config->keep_alive_seconds));
  ZJ_RETURN_IF_ERROR(
      get_int(j, "keep_alive_max_requests", 1, 1000000, &config->keep_alive_max_requests));
  ZJ_RETURN_IF_ERROR(get_int(j, "read_timeout_seconds", 1, 600, &config->read_timeout_seconds));
  ZJ_RETURN_IF_ERROR(get_int(j, "write_timeout_seconds", 1, 600, &config->write_timeout_seconds));
  ZJ_RETURN_IF_ERROR(get_int(j, "header_timeout_seconds", 1, 120, &config->header_timeout_seconds));
  ZJ_RETURN_IF_ERROR(get_int(j, "max_header_bytes", 1024, 1 << 20, &config->max_header_bytes));
  ZJ_RETURN_IF_ERROR(get_int(j, "max_header_count", 8, 10000, &config->max_header_count));
  ZJ_RETURN_IF_ERROR(
      get_int(j, "max_pending_per_address", 1, 100000, &config->max_pending_per_address));
  ZJ_RETURN_IF_ERROR(
      get_int(j, "max_pending_connections", 1, 1000000, &config->max_pending_connections));
  ZJ_RETURN_IF_ERROR(
      get_int(j, "payload_max_bytes", 1024, int64_t{1} << 30, &config->payload_max_bytes));
  ZJ_RETURN_IF_ERROR(
      get_int(j, "import_max_bytes", 1024, int64_t{4} << 30, &config->import_max_bytes));
  ZJ_RETURN_IF_ERROR(get_str(j, "evidence_dir", &config->evidence_dir));
  ZJ_RETURN_IF_ERROR(
      get_int(j, "evidence_max_bytes", 1024, int64_t{1} << 30, &config->evidence_max_bytes));
  ZJ_RETURN_IF_ERROR(get_int(j, "db_cache_mib", 1, 4096, &config->db_cache_mib));
  ZJ_RETURN_IF_ERROR(get_int(j, "auth_cache_seconds", 0, 60, &config->auth_cache_seconds));
  int64_t ttl_minutes = config->session_ttl_seconds / 60;
  ZJ_RETURN_IF_ERROR(get_int(j, "session_ttl_minutes", 1, 60 * 24 * 30, &ttl_minutes));
  config->session_ttl_seconds = ttl_minutes * 60;
  if (auto it = j.find("access_log"); it != j.end()) {
    if (!it->is_boolean()) return Status::InvalidArgument("配置项 access_log 须为 true/false");
    config->access_log = it->get<bool>();
  }
  if (auto it = j.find("login"); it != j.end()) {
    if (!it->is_object()) return Status::InvalidArgument("配置项 login 须为对象");
    LoginLimits& l = config->login;
    ZJ_RETURN_IF_ERROR(
        get_int(*it, "max_failures_per_account", 1, 1000, &l.max_failures_per_account));
    ZJ_RETURN_IF_ERROR(
        get_int(*it, "max_failures_per_address", 1, 100000, &l.max_failures_per_address));
    int64_t window = l.window_seconds / 60, lock = l.lock_seconds / 60;
    ZJ_RETURN_IF_ERROR(get_int(*it, "window_minutes", 1, 24 * 60, &window));
    ZJ_RETURN_IF_ERROR(get_int(*it, "lock_minutes", 1, 24 * 60, &lock));
    l.window_seconds = window * 60;
    l.lock_seconds = lock * 60;
    ZJ_RETURN_IF_ERROR(
        get_int(*it, "slowdown_after_failures", 0, 100000, &l.slowdown_after_failures));
    ZJ_RETURN_IF_ERROR(get_int(*it, "slowdown_seconds", 1, 3600, &l.slowdown_seconds));
  }
  if (auto it = j.find("evaluation"); it != j.end()) {
    // The same overrides as `zhijiao evaluate --config`: inline, or a file next to this one.
    std::string text;
    if (it->is_object()) {
      text = it->dump();
    } else if (it->is_string()) {
      std::filesystem::path file = it->get<std::string>();
      if (file.is_relative()) file = std::filesystem::path(path).parent_path() / file;
      Result<std::string> read = common::ReadTextFile(file.string(), "评估配置");
      if (!read.ok()) {
        return Status::NotFound("配置项 evaluation 指向的文件无法读取：" + file.string());
      }
      text = std::move(read).value();
    } else {
      return Status::InvalidArgument("配置项 evaluation 须为对象或评估配置文件路径");
    }
    Result<engine::EvalConfig> ev = engine::LoadEvalConfig(text);
    if (!ev.ok()) {
      return Status::InvalidArgument("配置项 evaluation 无效：" + ev.status().message());
    }
    config->evaluation_overrides = std::move(text);
  }
  if (auto it = j.find("tls"); it != j.end()) {
    if (!it->is_object()) return Status::InvalidArgument("配置项 tls 须为对象");
    ZJ_RETURN_IF_ERROR(get_str(*it, "cert", &config->tls_cert));
    ZJ_RETURN_IF_ERROR(get_str(*it, "key", &config->tls_key));
  }
  return Status::Ok();
}

}  // namespace zj::server
