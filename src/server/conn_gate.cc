// The connection gate (see conn_gate.h): an epoll loop that admits a connection to httplib's
// workers only when its request head has fully arrived, and the accept() that hands admitted
// connections to httplib's listener thread.
#include "conn_gate.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <string_view>
#include <vector>

namespace zj::server {
namespace {

using AcceptFn = int (*)(int, sockaddr*, socklen_t*);

AcceptFn LibcAccept() {
  static const AcceptFn fn = reinterpret_cast<AcceptFn>(dlsym(RTLD_NEXT, "accept"));
  return fn;
}

// Listening sockets whose accept() the gate answers.
std::mutex& RegistryMutex() {
  static auto* mu = new std::mutex();
  return *mu;
}
std::unordered_map<int, ConnectionGate*>& Registry() {
  static auto* m = new std::unordered_map<int, ConnectionGate*>();
  return *m;
}

thread_local int tl_last_accepted = -1;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string AddressOf(const sockaddr_storage& ss) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
  } else if (ss.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
      inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], buf, sizeof buf);
    } else {
      inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
    }
  }
  return buf;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// What the bytes peeked so far say about the request head.
struct Head {
  enum class State { kIncomplete, kComplete, kTooLarge } state = State::kIncomplete;
  size_t end = 0;              // bytes of the head including the blank line
  int64_t content_length = 0;  // 0 when absent or unparseable (httplib answers those)
  bool chunked = false;
};

Head ScanHead(std::string_view data, const GateLimits& limits) {
  Head h;
  const size_t window = std::min(data.size(), static_cast<size_t>(limits.max_header_bytes));
  const size_t blank = data.substr(0, window).find("\r\n\r\n");
  const size_t scanned = blank == std::string_view::npos ? window : blank;
  // Header lines (the request line is not one).
  const int64_t lines =
      std::count(data.begin(), data.begin() + static_cast<ptrdiff_t>(scanned), '\n');
  if (lines > limits.max_header_count) {
    h.state = Head::State::kTooLarge;
    return h;
  }
  if (blank == std::string_view::npos) {
    if (data.size() >= static_cast<size_t>(limits.max_header_bytes)) {
      h.state = Head::State::kTooLarge;
    }
    return h;
  }
  h.state = Head::State::kComplete;
  h.end = blank + 4;
  std::string_view head = data.substr(0, blank);
  size_t pos = head.find("\r\n");  // skip the request line
  while (pos != std::string_view::npos && pos < head.size()) {
    size_t start = pos + 2;
    size_t next = head.find("\r\n", start);
    std::string_view line =
        head.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view name = Trim(line.substr(0, colon));
      std::string_view value = Trim(line.substr(colon + 1));
      if (EqualsIgnoreCase(name, "content-length")) {
        int64_t n = 0;
        bool ok = !value.empty() && value.size() <= 18;
        for (char ch : value) {
          if (ch < '0' || ch > '9') {
            ok = false;
            break;
          }
          n = n * 10 + (ch - '0');
        }
        h.content_length = ok ? n : 0;
      } else if (EqualsIgnoreCase(name, "transfer-encoding")) {
        h.chunked = true;  // any transfer coding: the server decides (411 outside uploads)
      }
    }
    pos = next;
  }
  return h;
}

std::string ErrorResponse(const char* status_line, const char* code, const char* message) {
  std::string body =
      std::string("{\"error\":{\"code\":\"") + code + "\",\"message\":\"" + message + "\"}}";
  return std::string("HTTP/1.1 ") + status_line +
         "\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n"
         "Retry-After: 5\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

// A connection becomes "slow" when its head has not arrived this long after accept: only slow
// connections count against max_pending_per_address, so a burst of quick clients behind one
// address (an office behind NAT) is never refused.
constexpr int64_t kSlowAfterMs = 1000;

struct ConnectionGate::Pending {
  std::string address;
  int64_t slow_at_ms = 0;
  int64_t deadline_ms = 0;
  bool counted = false;  // counted in per_address_
};

Result<std::unique_ptr<ConnectionGate>> ConnectionGate::Start(int listen_fd, GateLimits limits) {
  // Slow clients are cheap here, but each still holds a descriptor: use the hard limit.
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = std::min<rlim_t>(rl.rlim_max, 65536);
    (void)setrlimit(RLIMIT_NOFILE, &rl);
  }
  int own = fcntl(listen_fd, F_DUPFD_CLOEXEC, 0);
  if (own < 0) return Status::IoError("无法复制监听套接字（connection gate）");
  // O_NONBLOCK is shared with httplib's descriptor; httplib never calls the C library's accept on
  // it while the gate is registered.
  fcntl(own, F_SETFL, fcntl(own, F_GETFL) | O_NONBLOCK);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  int wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (ep < 0 || wake < 0) {
    close(own);
    if (ep >= 0) close(ep);
    if (wake >= 0) close(wake);
    return Status::IoError("无法创建 epoll（connection gate）");
  }
  std::unique_ptr<ConnectionGate> gate(new ConnectionGate(listen_fd, own, ep, wake, limits));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = own;
  epoll_ctl(ep, EPOLL_CTL_ADD, own, &ev);
  ev.data.fd = wake;
  epoll_ctl(ep, EPOLL_CTL_ADD, wake, &ev);
  {
    std::lock_guard lock(RegistryMutex());
    Registry()[listen_fd] = gate.get();
  }
  gate->thread_ = std::thread([g = gate.get()] { g->Loop(); });
  return gate;
}

ConnectionGate::ConnectionGate(int listen_fd, int own_fd, int epoll_fd, int wake_fd,
                               GateLimits limits)
    : listen_fd_(listen_fd),
      own_fd_(own_fd),
      epoll_fd_(epoll_fd),
      wake_fd_(wake_fd),
      limits_(limits) {
  scratch_.resize(static_cast<size_t>(limits_.max_header_bytes + limits_.small_body_bytes) + 4);
}

ConnectionGate::~ConnectionGate() {
  Stop();
  if (thread_.joinable()) thread_.join();
  for (auto& [fd, p] : pending_) close(fd);
  pending_.clear();
  for (int fd : ready_) close(fd);
  ready_.clear();
  close(own_fd_);
  close(epoll_fd_);
  close(wake_fd_);
}

void ConnectionGate::Stop() {
  {
    std::lock_guard lock(RegistryMutex());
    auto it = Registry().find(listen_fd_);
    if (it != Registry().end() && it->second == this) Registry().erase(it);
  }
  if (!stopping_.exchange(true)) {
    uint64_t one = 1;
    (void)!write(wake_fd_, &one, sizeof one);
  }
  {
    std::lock_guard lock(ready_mu_);
    closed_ = true;
  }
  ready_cv_.notify_all();
}

GateStats ConnectionGate::stats() const {
  GateStats s;
  s.accepted = accepted_;
  s.admitted = admitted_;
  s.timed_out = timed_out_;
  s.too_large = too_large_;
  s.over_address = over_address_;
  s.over_pending = over_pending_;
  s.closed_early = closed_early_;
  s.pending_now = pending_now_;
  return s;
}

int ConnectionGate::Accept() {
  std::unique_lock lock(ready_mu_);
  ready_cv_.wait(lock, [&] { return closed_ || !ready_.empty(); });
  if (ready_.empty()) {
    errno = EINVAL;
    return -1;
  }
  int fd = ready_.front();
  ready_.pop_front();
  tl_last_accepted = fd;
  return fd;
}

int ConnectionGate::TakeLastAccepted() { return std::exchange(tl_last_accepted, -1); }

void ConnectionGate::Release(const std::string& address) {
  auto it = per_address_.find(address);
  if (it != per_address_.end() && --it->second <= 0) per_address_.erase(it);
}

void ConnectionGate::Loop() {
  std::vector<epoll_event> events(128);
  int64_t next_expiry = NowMs() + 100;
  while (!stopping_) {
    int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), 100);
    for (int i = 0; i < n && !stopping_; ++i) {
      int fd = events[static_cast<size_t>(i)].data.fd;
      if (fd == wake_fd_) continue;
      if (fd == own_fd_) {
        AcceptAll();
      } else {
        Examine(fd);
      }
    }
    int64_t now = NowMs();
    if (now >= next_expiry) {
      Expire(now);
      next_expiry = now + 100;
    }
  }
  Shutdown();
}

void ConnectionGate::AcceptAll() {
  for (;;) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    int fd = accept4(own_fd_, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: let the workers and the deadlines free some.
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return;
      }
      // The listening socket was shut down (httplib's stop()): wake httplib's listener.
      epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, own_fd_, nullptr);
      {
        std::lock_guard lock(ready_mu_);
        closed_ = true;
      }
      ready_cv_.notify_all();
      return;
    }
    ++accepted_;
    std::string address = AddressOf(ss);
    auto counted = per_address_.find(address);
    if (counted != per_address_.end() && counted->second >= limits_.max_pending_per_address) {
      RefuseNew(fd, "503 Service Unavailable", "too_many_connections",
                "来自同一地址的未完成请求过多，请稍后再试", &over_address_);
      continue;
    }
    if (pending_.size() >= static_cast<size_t>(limits_.max_pending)) {
      RefuseNew(fd, "503 Service Unavailable", "server_busy", "服务器繁忙，请稍后再试",
                &over_pending_);
      continue;
    }
    auto p = std::make_unique<Pending>();
    const int64_t now = NowMs();
    p->address = std::move(address);
    p->slow_at_ms = now + kSlowAfterMs;
    p->deadline_ms = now + limits_.header_timeout_ms;
    pending_[fd] = std::move(p);
    pending_now_ = static_cast<int64_t>(pending_.size());
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
    ev.data.fd = fd;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      Drop(fd);
      continue;
    }
    Examine(fd);  // a head that came with the connection goes through at once
  }
}

void ConnectionGate::Examine(int fd) {
  auto it = pending_.find(fd);
  if (it == pending_.end()) return;
  ssize_t n = recv(fd, scratch_.data(), scratch_.size(), MSG_PEEK);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
    ++closed_early_;
    Drop(fd);
    return;
  }
  if (n < 0) return;
  if (limits_.tls) {  // the head is encrypted: the first handshake bytes are enough
    Admit(fd);
    return;
  }
  Head head = ScanHead(std::string_view(scratch_.data(), static_cast<size_t>(n)), limits_);
  if (head.state == Head::State::kTooLarge) {
    Refuse(fd, "431 Request Header Fields Too Large", "header_too_large", "请求头过大或字段过多",
           &too_large_);
    return;
  }
  if (head.state == Head::State::kIncomplete) return;
  if (!head.chunked && head.content_length > 0 && head.content_length <= limits_.small_body_bytes &&
      static_cast<size_t>(n) < head.end + static_cast<size_t>(head.content_length)) {
    return;  // a small body is awaited whole
  }
  Admit(fd);
}

void ConnectionGate::Forget(int fd) {
  auto it = pending_.find(fd);
  if (it == pending_.end()) return;
  if (it->second->counted) Release(it->second->address);
  pending_.erase(it);
  pending_now_ = static_cast<int64_t>(pending_.size());
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
}

void ConnectionGate::Admit(int fd) {
  Forget(fd);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);  // httplib expects blocking sockets
  ++admitted_;
  {
    std::lock_guard lock(ready_mu_);
    ready_.push_back(fd);
  }
  ready_cv_.notify_one();
}

void ConnectionGate::RefuseNew(int fd, const char* status_line, const char* code,
                               const char* message, std::atomic<int64_t>* counter) {
  const std::string response = ErrorResponse(status_line, code, message);
  (void)!send(fd, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ++*counter;
  close(fd);
}

void ConnectionGate::Refuse(int fd, const char* status_line, const char* code, const char* message,
                            std::atomic<int64_t>* counter) {
  Forget(fd);
  RefuseNew(fd, status_line, code, message, counter);
}

void ConnectionGate::Drop(int fd) {
  Forget(fd);
  close(fd);
}

void ConnectionGate::Expire(int64_t now_ms) {
  std::vector<int> expired, over;
  for (auto& [fd, p] : pending_) {
    if (p->deadline_ms <= now_ms) {
      expired.push_back(fd);
    } else if (!p->counted && p->slow_at_ms <= now_ms) {
      int& n = per_address_[p->address];
      if (n >= limits_.max_pending_per_address) {
        over.push_back(fd);
      } else {
        ++n;
        p->counted = true;
      }
    }
  }
  for (int fd : expired) {
    Refuse(fd, "408 Request Timeout", "request_timeout", "请求头未在规定时间内到达", &timed_out_);
  }
  for (int fd : over) {
    Refuse(fd, "503 Service Unavailable", "too_many_connections",
           "来自同一地址的未完成请求过多，请稍后再试", &over_address_);
  }
}

void ConnectionGate::Shutdown() {
  std::vector<int> all;
  for (const auto& [fd, p] : pending_) all.push_back(fd);
  for (int fd : all) Drop(fd);
}

}  // namespace zj::server

// httplib's listener thread calls accept() on its listening socket; a gated socket is answered
// by its gate, every other call by the C library.
extern "C" int accept(int fd, sockaddr* addr, socklen_t* len) {
  zj::server::ConnectionGate* gate = nullptr;
  {
    std::lock_guard lock(zj::server::RegistryMutex());
    auto it = zj::server::Registry().find(fd);
    if (it != zj::server::Registry().end()) gate = it->second;
  }
  if (gate == nullptr) return zj::server::LibcAccept()(fd, addr, len);
  int conn = gate->Accept();
  if (conn >= 0 && addr != nullptr && len != nullptr) getpeername(conn, addr, len);
  return conn;
}
