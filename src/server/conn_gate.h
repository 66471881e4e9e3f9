// The connection gate in front of httplib's workers: no worker thread is given a connection
// until its whole request head (and a small body) has arrived.
//
// cpp-httplib 0.11 gives every accepted connection a worker thread at once and reads the
// request with a per-read timeout only, so 70 clients sending a byte every few seconds
// (slowloris) held the whole pool, and a request with a million headers was stored whole. httplib
// has no hook between accept() and its worker, so the gate takes that place: httplib's listener
// thread calls accept() (the C library function, resolved at run time); this module defines
// accept() and, for a listening socket registered here, returns only connections the gate has
// admitted — every other call goes to the C library. The gate thread accepts on its own dup of
// the listening socket with epoll and, for each connection, peeks (MSG_PEEK: nothing is
// consumed, httplib reads the bytes itself) until the head is complete:
//  - the head must arrive within header_timeout_ms (else 408 and close);
//  - at most max_header_bytes and max_header_count header lines (else 431 and close);
//  - a body of at most small_body_bytes (Content-Length) must arrive whole as well, so a client
//    cannot hold a worker by sending a small body slowly (larger and chunked bodies are refused
//    before they are read unless the request is authenticated: server.cc's pre-routing check);
//  - at most max_pending_per_address *slow* connections of one client address (head not
//    complete one second after accept) may wait at once, and max_pending connections in all
//    (else 503 and close); a burst of quick clients behind one address is never refused.
// Connections that passed are httplib's; the server keeps them alive between requests only for
// authenticated requests (server.cc), so an anonymous client's every request passes the gate.
// With TLS the head is encrypted: the gate then waits only for the first bytes of the handshake
// (within the same deadline) and applies the same caps.
//
// Thread-safety: Start/Stop/the destructor from the owner; Accept from httplib's listener
// thread; stats from any thread.
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "zj/common/status.h"
#include "zj/server/server.h"

namespace zj::server {

struct GateLimits {
  int header_timeout_ms = 10'000;
  int max_header_bytes = 16 * 1024;
  int max_header_count = 100;
  int max_pending_per_address = 64;
  int max_pending = 4096;
  int small_body_bytes = 16 * 1024;
  bool tls = false;
};

class ConnectionGate {
 public:
  // Starts gating `listen_fd` (a bound, listening socket of httplib's). kIoError when epoll or
  // the thread cannot be made.
  static Result<std::unique_ptr<ConnectionGate>> Start(int listen_fd, GateLimits limits);
  // Stops the gate thread, closes every connection still waiting and wakes Accept.
  ~ConnectionGate();
  ConnectionGate(const ConnectionGate&) = delete;
  ConnectionGate& operator=(const ConnectionGate&) = delete;

  // Wakes httplib's listener: Accept returns -1 (EINVAL) from now on. Call after
  // httplib::Server::stop() so that httplib sees its own socket closed and exits cleanly.
  void Stop();

  GateStats stats() const;

  // The next admitted connection (blocking); -1 with errno EINVAL once stopped. Called by the
  // accept() defined in conn_gate.cc on httplib's listener thread.
  int Accept();
  // The connection Accept returned last on this thread (-1 when none since the last call): the
  // task queue reads it right after httplib's accept(), on the same thread.
  static int TakeLastAccepted();

 private:
  ConnectionGate(int listen_fd, int own_fd, int epoll_fd, int wake_fd, GateLimits limits);
  struct Pending;
  void Loop();
  void AcceptAll();
  void Examine(int fd);
  // Bookkeeping of a pending connection: removed from the map, the epoll set and its address
  // count (the descriptor stays open).
  void Forget(int fd);
  void Admit(int fd);
  void Refuse(int fd, const char* status_line, const char* code, const char* message,
              std::atomic<int64_t>* counter);
  // The same for a connection never registered: answer and close.
  void RefuseNew(int fd, const char* status_line, const char* code, const char* message,
                 std::atomic<int64_t>* counter);
  void Drop(int fd);
  void Expire(int64_t now_ms);
  void Shutdown();
  void Release(const std::string& address);

  const int listen_fd_;  // httplib's (registered for the accept() override)
  const int own_fd_;     // the gate's dup of it
  const int epoll_fd_;
  const int wake_fd_;  // eventfd: stop
  const GateLimits limits_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};

  // Gate thread only.
  std::unordered_map<int, std::unique_ptr<Pending>> pending_;
  std::string scratch_;

  // Slow connections waiting for their head, per client address (gate thread only).
  std::unordered_map<std::string, int> per_address_;

  // Admitted connections waiting for httplib's accept().
  std::mutex ready_mu_;
  std::condition_variable ready_cv_;
  std::deque<int> ready_;
  bool closed_ = false;

  std::atomic<int64_t> accepted_{0}, admitted_{0}, timed_out_{0}, too_large_{0}, over_address_{0},
      over_pending_{0}, closed_early_{0}, pending_now_{0};
};

}  // namespace zj::server
