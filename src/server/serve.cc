// `zhijiao serve` (zj/server/serve.h): config, lock, stores, signals, then ApiServer::Run.
#include "zj/server/serve.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "zj/server/server.h"
#include "zj/storage/account_store.h"
#include "zj/storage/open.h"
#include "zj/storage/serve_lock.h"

namespace zj::server {
namespace {
// web/dist of the source checkout the binary was built in (walks up from the executable), or of
// the current directory; "" when neither exists.
std::string DefaultWebRoot() {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path()) {
      if (fs::exists(dir / "web/dist/index.html", ec)) return (dir / "web/dist").string();
    }
  }
  if (fs::exists("web/dist/index.html", ec)) return fs::absolute("web/dist").string();
  return "";
}

}  // namespace

Status Serve(const ServeOptions& opt) {
  auto started = std::chrono::steady_clock::now();
  // Dozens of worker threads would otherwise each get a malloc arena (fragmentation, RSS).
  mallopt(M_ARENA_MAX, 4);
  ServerConfig config;
  if (!opt.config.empty()) {
    Status st = LoadServerConfig(opt.config, &config);
    if (!st.ok()) return st;
  }
  if (!opt.host.empty()) config.host = opt.host;
  if (opt.port >= 0) config.port = opt.port;
  if (!opt.web_root.empty()) config.web_root = opt.web_root;
  if (config.web_root.empty()) config.web_root = DefaultWebRoot();
  if (config.evidence_dir.empty()) config.evidence_dir = opt.db + ".evidence";
  config.db_path = opt.db;

  // One server per database, and commands that would leave it stale refuse while it runs.
  auto lock = storage::ServeLock::Acquire(opt.db);
  if (!lock.ok()) return lock.status();
  if (!IsLoopbackHost(config.host) && config.tls_cert.empty()) {
    std::cerr << "zhijiao: 警告：服务监听在非本机地址 " << config.host
              << " 且未启用 TLS，密码和会话 Cookie 将以明文在网络上传输；请在配置文件中设置 "
                 "tls.cert/tls.key，或只监听 127.0.0.1 并由启用 HTTPS 的反向代理转发。\n"
              << "zhijiao: WARNING: listening on the non-loopback address " << config.host
              << " without TLS: passwords and session cookies cross the network in clear text. "
                 "Set tls.cert/tls.key in the config file, or listen on 127.0.0.1 behind an "
                 "HTTPS reverse proxy.\n";
  }
  auto store = storage::OpenExistingStore(opt.db, /*read_only=*/false, config.db_cache_mib);
  if (!store.ok()) return store.status();
  auto accounts = storage::OpenSqliteAccountStore(opt.db);
  if (!accounts.ok()) return accounts.status();

  // Signals are blocked in every thread (the workers inherit the mask) and taken by one watcher.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = ApiServer::Create(config, std::move(*store), std::move(*accounts));
  if (!server.ok()) return server.status();
  Status bound = (*server)->Bind();
  if (!bound.ok()) return bound;
  ApiServer* srv = server->get();
  std::thread watcher([&signals, srv] {
    int sig = 0;
    sigwait(&signals, &sig);
    srv->Stop();
  });
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  started)
                .count();
  std::cerr << "zhijiao: 服务已启动 " << (srv->tls() ? "https" : "http") << "://" << config.host
            << ":" << srv->port() << "/ （" << ms << " ms；数据库 " << opt.db
            << (config.web_root.empty() ? "；仅 API" : "；网页 " + config.web_root)
            << "）按 Ctrl+C 停止\n";
  Status run = srv->Run();
  // Wake the watcher if Run ended for another reason than a signal.
  if (!run.ok()) kill(getpid(), SIGTERM);
  watcher.join();
  server->reset();
  std::cerr << "zhijiao: 服务已停止\n";
  return run;
}

bool IsLoopbackHost(const std::string& host) {
  std::string h = host;
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h == "localhost") return true;
  unsigned char v4[4];
  if (inet_pton(AF_INET, h.c_str(), v4) == 1) return v4[0] == 127;
  in6_addr v6;
  if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

}  // namespace zj::server
