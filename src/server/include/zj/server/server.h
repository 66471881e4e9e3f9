// The HTTP face of zhijiao: the JSON API under /api/v1 (route table in src/server/routes.cc,
// generated OpenAPI at /api/v1/openapi.json) and the web app's built files with SPA fallback.
// Built on cpp-httplib 0.11 (regex routes, a sized worker pool, TCP_NODELAY, short keep-alive,
// payload limit, read/write timeouts) behind a connection gate that admits a connection to a
// worker only once its request head has arrived (conn_gate.h); optional TLS.
//
// Lifecycle: ApiServer::Create (loads what the first requests need: info, hierarchy, years —
// engine snapshots are built lazily per year, the latest in the background), Bind, then Run
// (blocks) on one thread and Stop from any other (e.g. a signal watcher).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "zj/common/status.h"
#include "zj/model/accounts.h"
#include "zj/model/store.h"

namespace zj::server {

// Failed-login limits (src/server/login_throttle.h). Password checks still running count as
// failures, so parallel attempts cannot exceed a limit.
struct LoginLimits {
  // Failures of one account from one address within the window → that (account, address) pair
  // is locked for lock_seconds; the account stays open from other addresses.
  int max_failures_per_account = 5;
  int max_failures_per_address = 20;  // failures of any accounts from one address → address locked
  int64_t window_seconds = 15 * 60;
  int64_t lock_seconds = 15 * 60;
  // Failures of one account from all addresses within the window → at most one password check
  // of that account per slowdown_seconds (429 with a short Retry-After, not a lock). 0 = off.
  int slowdown_after_failures = 10;
  int64_t slowdown_seconds = 5;
};

struct ServerConfig {
  // The database file (set by `zhijiao serve`): audit verify compares the chain with the head
  // recorded next to it. "" = not checked.
  std::string db_path;
  std::string host = "127.0.0.1";
  int port = 8080;       // 0 = any free port (tests)
  std::string web_root;  // "" = API only
  int threads = 64;      // worker pool; each keep-alive connection holds one
  int keep_alive_seconds = 2;
  int keep_alive_max_requests = 1000;
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  // The connection gate in front of the workers (src/server/conn_gate.h): a request head (and a
  // body of at most 16 KiB) must arrive within header_timeout_seconds, with at most
  // max_header_bytes and max_header_count header lines; one client address may have at most
  // max_pending_per_address connections waiting for their head, all addresses
  // max_pending_connections. Larger or chunked bodies are read only for authenticated requests.
  int header_timeout_seconds = 10;
  int max_header_bytes = 16 * 1024;
  int max_header_count = 100;
  int max_pending_per_address = 64;
  int max_pending_connections = 4096;
  int64_t payload_max_bytes = 6 << 20;  // larger bodies → 413 (evidence uploads: see below)
  // Spreadsheet uploads (POST /api/v1/import) are streamed to a temporary file and may be this
  // large (larger → 413); every other route keeps payload_max_bytes.
  int64_t import_max_bytes = int64_t{256} << 20;
  int64_t session_ttl_seconds = 8 * 3600;
  LoginLimits login;
  std::string tls_cert;  // PEM paths; both set → HTTPS (and Secure cookies)
  std::string tls_key;
  bool access_log = false;  // one line per request on stderr
  bool preload = true;      // load the engine data in the background at Bind
  // Page cache of the registry store's connection (MiB), applied by `zhijiao serve` when it opens
  // the database. The engine's load reads the whole file once; a large cache would keep it
  // resident for the life of the process.
  int db_cache_mib = 32;
  // How long an authenticated principal (bearer token or session → account) is reused without
  // reading the account tables again. Changes made through this server (logout, token
  // revocation, account updates) take effect on the next request regardless; this bounds how
  // long a change made by another process (`zhijiao user disable` …) can go unseen. 0 = no cache.
  int auth_cache_seconds = 1;
  // Work-ledger evidence files: folder (cmd_serve: "<db>.evidence" next to the database; "" =
  // uploads refused) and the largest file accepted. Uploads travel base64 in JSON, so
  // payload_max_bytes must exceed 4/3 of evidence_max_bytes.
  std::string evidence_dir;
  int64_t evidence_max_bytes = 4 << 20;
  // 督导评估 overrides, the JSON object `zhijiao evaluate --config FILE` reads (unit costs,
  // unverified thresholds, stage weights, scope, remedy search; docs/evaluation.md). "" = the
  // built-in frameworks.
  std::string evaluation_overrides;
};

// Reads a JSON config file over `config` (only keys present are changed). Keys: host, port,
// web_root, threads, keep_alive_seconds, keep_alive_max_requests, read_timeout_seconds,
// write_timeout_seconds, header_timeout_seconds, max_header_bytes, max_header_count,
// max_pending_per_address, max_pending_connections, payload_max_bytes, import_max_bytes,
// session_ttl_minutes, access_log, db_cache_mib,
// auth_cache_seconds,
// login.{max_failures_per_account, max_failures_per_address, window_minutes, lock_minutes,
// slowdown_after_failures, slowdown_seconds},
// tls.{cert, key}, evidence_dir, evidence_max_bytes, evaluation (the overrides object of
// `zhijiao evaluate --config`, or the path of such a file, relative to the config file's folder;
// checked here). kNotFound / kInvalidArgument (naming the key) on errors.
Status LoadServerConfig(const std::string& path, ServerConfig* config);

// Counters of the connection gate (conn_gate.h) since Bind, for tests and benchmarks.
struct GateStats {
  int64_t accepted = 0;      // connections accepted from the kernel
  int64_t admitted = 0;      // handed to httplib
  int64_t timed_out = 0;     // 408: head not complete in time
  int64_t too_large = 0;     // 431: head too large or too many header lines
  int64_t over_address = 0;  // 503: address over its cap of connections waiting
  int64_t over_pending = 0;  // 503: too many connections waiting in all
  int64_t closed_early = 0;  // the client closed before its head was complete
  int64_t pending_now = 0;   // waiting for their head right now
};

class ApiServer {
 public:
  // Unix seconds; tests inject a controllable clock.
  using Clock = std::function<int64_t()>;

  // Takes ownership of the stores. kFailedPrecondition when the database has no account (the
  // message says how to create one) or TLS files are missing; kInvalidArgument when the
  // evaluation overrides are invalid; errors of the stores otherwise.
  static Result<std::unique_ptr<ApiServer>> Create(ServerConfig config,
                                                   std::unique_ptr<model::Store> store,
                                                   std::unique_ptr<model::AccountStore> accounts,
                                                   Clock clock = nullptr);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds the listening socket; kIoError when the address is taken.
  Status Bind();
  int port() const;  // bound port (after Bind)
  bool tls() const;
  // Serves until Stop(); returns when every worker has finished.
  Status Run();
  // Thread-safe; makes Run return.
  void Stop();

  // What the connection gate has done so far.
  GateStats gate_stats() const;

  // The account store (tests and the CLI reach it to inspect audit entries).
  model::AccountStore& accounts();

  struct Impl;

 private:
  explicit ApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The OpenAPI 3 document generated from the route table (also served at /api/v1/openapi.json).
std::string OpenApiJson();

}  // namespace zj::server
