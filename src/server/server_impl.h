// Internal to the server module: the shared server state (ApiServer::Impl), the per-request Call
// that every handler receives, the Route record of the one route table, and small helpers.
// Handlers are declared in handlers.h and defined in handlers_*.cc.
#pragma once

#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "conn_gate.h"
#include "engine_data.h"
#include "login_throttle.h"
#include "principal_cache.h"
#include "projection_data.h"
#include "year_data.h"
#include "zj/engine/evaluation.h"
#include "zj/engine/hierarchy.h"
#include "zj/model/accounts.h"
#include "zj/model/store.h"
#include "zj/server/server.h"
#include "zj/service/accounts.h"
#include "zj/service/permissions.h"

namespace zj::server {

using Json = nlohmann::json;

namespace internal {

using Json = ::zj::server::Json;
class Call;
using HandlerFn = Result<Json> (*)(Call&);

// One row of the route table (routes.cc). The path is an OpenAPI template ("/api/v1/schools/
// {code}"); its regex (each {name} → one path segment) is derived from it.
struct Route {
  const char* method;  // GET, POST, PUT, PATCH, DELETE
  const char* path;
  service::Permission permission;
  HandlerFn handler;
  const char* summary;  // Chinese, one line
  const char* query;    // comma-separated query parameters, "" for none
  const char* body;     // request body (JSON) description, "" for none
  // The body is a file upload streamed by the handler (Call::reader), not JSON; its size limit
  // is ServerConfig::import_max_bytes instead of payload_max_bytes.
  bool upload = false;
};

const std::vector<Route>& Routes();
std::string PathRegex(const char* path);
bool IsWriteMethod(std::string_view method);

}  // namespace internal

// Shared state of a running server. Immutable after Create except where a member says otherwise.
struct ApiServer::Impl {
  ServerConfig config;
  Clock clock;
  int64_t Now() const { return clock(); }

  // Registry store: used by one thread at a time (store_mu). Only cold paths touch it: cache
  // loads and manual data values.
  std::mutex store_mu;
  std::unique_ptr<model::Store> store;
  // A read-only connection of the same file (Store::OpenReader) for requests that only read
  // registry rows, so they never wait behind an import or another write holding store_mu; null
  // for a memory store (WithReader then uses the store). Used by one thread at a time (reader_mu).
  std::mutex reader_mu;
  std::unique_ptr<model::Store> reader;
  // Thread-safe by contract; caches authenticated principals (principal_cache.h).
  std::unique_ptr<CachingAccountStore> accounts;

  model::DatabaseInfo info;
  std::string county_name;
  // Replaced (under registry_mu) after an import or undo changed the registries; a request reads
  // them once, into its Call.
  std::mutex registry_mu;
  std::shared_ptr<const engine::Hierarchy> hierarchy;
  std::vector<int> years;  // school years with registry data, ascending
  // The year pages open on: the latest year holding at least half the enrolment rows of the year
  // before it, so a few stray rows of a new year do not move every user's default.
  int default_year = 0;
  // After an import or undo: reloads hierarchy and years (the caller holds store_mu) and drops
  // every cache built from the registries.
  Status OnRegistryChanged(model::Store& store);
  // Synthetic databases only: demo accounts that exist, are enabled and still have their
  // documented password (checked once after start, off the start-up path: argon2 is slow).
  std::mutex demo_mu;
  std::vector<service::DemoAccount> demo_accounts;
  void CheckDemoAccounts();

  LoginThrottle throttle;
  YearDataCache year_data;

  // Indicator engine data (History of every year), loaded once in the background and reloaded
  // after manual data values change. Engine() waits for the load in progress.
  std::shared_ptr<const engine::Catalog> catalog;
  // 督导评估 frameworks with ServerConfig::evaluation_overrides applied.
  std::shared_ptr<const engine::EvalConfig> evaluation;
  // Plans stored in the database (zj/service/plans.h), parsed once; replaced (under plans_mu)
  // after a plan import or delete. A request reads the set once (Plans()).
  struct PlanSet {
    std::vector<model::StoredPlan> rows;  // current versions, by id (json cleared)
    std::map<std::string, std::shared_ptr<const engine::Plan>> plans;  // by id
    std::string default_id;  // service::DefaultPlanId; "" when there is no plan
  };
  std::mutex plans_mu;
  std::shared_ptr<const PlanSet> plans;
  std::shared_ptr<const PlanSet> Plans();
  // Re-reads the plans from `store` (caller holds store_mu) and drops cached plan results.
  Status ReloadPlans(model::Store& store);
  Result<std::shared_ptr<EngineData>> Engine();
  void OnDataValuesChanged();
  std::mutex engine_mu;
  std::shared_future<Result<std::shared_ptr<EngineData>>> engine_future;

  // Uploads and annotated error copies live in work_dir (removed at shutdown). An error copy is
  // downloadable by the account that imported, for kReportSeconds.
  std::filesystem::path work_dir;
  struct ImportReport {
    std::filesystem::path path;
    std::string file_name;  // download name
    int64_t user_id = 0;
    int64_t created = 0;
  };
  std::mutex reports_mu;
  std::map<std::string, ImportReport> reports;  // by random id
  // Projection input, backtests and runs (built on first use).
  ProjectionService projections;

  // Declared before http: destroyed after it.
  std::unique_ptr<ConnectionGate> gate;  // started by Bind
  std::unique_ptr<httplib::Server> http;
  std::thread preload;
  std::atomic<int64_t> last_session_sweep{0};
  int listen_socket = -1;  // set by httplib's socket-options callback during Bind

  // Runs fn(store) under store_mu.
  template <typename Fn>
  auto WithStore(Fn fn) {
    std::lock_guard lock(store_mu);
    return fn(*store);
  }
  // Runs a read-only fn (returning a Result) on the reader inside one read transaction, so that
  // its several queries see one committed state even while an import commits; on the store when
  // there is no reader.
  template <typename Fn>
  auto WithReader(Fn fn) -> decltype(fn(*store)) {
    if (!reader) return WithStore(fn);
    std::lock_guard lock(reader_mu);
    std::optional<decltype(fn(*store))> out;
    Status st = reader->RunInTransaction([&] {
      out.emplace(fn(*reader));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return std::move(*out);
  }
};

namespace internal {

// Everything a handler needs about the request being served.
class Call {
 public:
  Call(ApiServer::Impl& server, const httplib::Request& req, httplib::Response& res,
       const Route& route)
      : s(server), req(req), res(res), route(route) {
    std::lock_guard lock(s.registry_mu);
    hierarchy = s.hierarchy;
    years = s.years;
    default_year = s.default_year;
  }

  ApiServer::Impl& s;
  const httplib::Request& req;
  httplib::Response& res;
  const Route& route;
  std::string address;                    // client IP
  std::optional<model::User> user;        // set for authenticated routes
  std::optional<model::Session> session;  // set when authenticated by cookie
  service::Scope scope;
  // A handler that answers from a cache of serialized bodies sets this (and returns null JSON).
  std::shared_ptr<const std::string> raw_body;
  // A handler that wrote res itself (file downloads, 413 on uploads) sets this.
  bool responded = false;
  // Upload routes: streams the request body.
  const httplib::ContentReader* reader = nullptr;
  // The registries as of the start of this request.
  std::shared_ptr<const engine::Hierarchy> hierarchy;
  std::vector<int> years;
  int default_year = 0;
  // Content type of raw_body ("" = JSON), e.g. an xlsx download.
  std::string raw_content_type;

  // Path parameter i (0-based, in template order).
  std::string Param(size_t i) const;
  // Path parameter i as a positive integer id; kInvalidArgument otherwise.
  Result<int64_t> ParamId(size_t i) const;
  // Query parameter, nullopt when absent.
  std::optional<std::string> Query(const char* name) const;
  // Integer query parameter in [min, max]; `def` when absent; kInvalidArgument when malformed.
  Result<int> QueryInt(const char* name, int def, int min, int max) const;
  // Boolean query parameter: 1/0/true/false; nullopt when absent; kInvalidArgument otherwise.
  Result<std::optional<bool>> QueryBool(const char* name) const;
  // Comma-separated list parameter ("" → empty list).
  std::vector<std::string> QueryList(const char* name) const;
  // The request body as a JSON object; kInvalidArgument (400) with the parser's position.
  Result<Json> BodyObject() const;
  // The school year asked for (`year`, default the latest with data); kNotFound for a year
  // without data.
  Result<int> Year() const;
  // Appends an audit entry for this request's account and address.
  Status Audit(std::string action, std::string target, std::string before, std::string after);
  // The same through the registry store, inside its current transaction: the entry commits with
  // the change (use for every write to the registries or the ledger).
  Status AuditIn(model::Store& store, std::string action, std::string target, std::string before,
                 std::string after);
  int64_t Now() const { return s.Now(); }
  // Who performs this request's changes (service use-cases write it into the audit entry).
  service::Actor Actor() const;
};

// ---- Status → HTTP in one place (http_errors.cc) ----
int HttpStatusOf(StatusCode code);
// Writes {"error": {"code", "message"}} with the mapped status.
void WriteError(httplib::Response& res, const Status& status);
void WriteError(httplib::Response& res, int http_status, std::string_view code,
                std::string_view message);
void WriteJson(httplib::Response& res, const Json& body, int http_status = 200);
// Compact JSON text (invalid UTF-8 replaced), as every response is written.
std::string DumpJson(const Json& j);

// ---- static files (static_files.cc) ----
// Serves GET requests outside /api/ from web_root with SPA fallback; 404 for traversal attempts
// and missing files with an extension.
void ServeStatic(const std::string& web_root, const httplib::Request& req, httplib::Response& res);
// Normalises a request path to a path relative to the web root; nullopt when it must be refused
// (.., ., empty segments, backslashes, NUL, drive letters). Pure, unit-tested.
std::optional<std::string> SafeRelativePath(std::string_view path);

}  // namespace internal
}  // namespace zj::server
