// The connection gate and the body rules (issue #15), against the fixture server with raw
// sockets: slow or oversized request heads never reach a worker, bodies are read only when they
// may be, and anonymous connections are not kept alive. The fixture's gate: 2 s head deadline,
// 32 waiting connections per address.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "server_fixture.h"

namespace zj::server::testing {
namespace {

// A raw client connection from a loopback source address of our choice.
class Raw {
 public:
  explicit Raw(int port, const char* source = "127.0.0.1") {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in src{};
    src.sin_family = AF_INET;
    inet_pton(AF_INET, source, &src.sin_addr);
    bind(fd_, reinterpret_cast<sockaddr*>(&src), sizeof src);
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    dst.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&dst), sizeof dst) == 0;
    timeval tv{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Raw() { close(fd_); }
  bool connected() const { return connected_; }
  bool Send(const std::string& bytes) {
    return send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // Everything until the server closes (or 5 s pass).
  std::string ReadAll() {
    std::string out;
    char buf[4096];
    for (;;) {
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
  std::string StatusLine() {
    std::string all = ReadAll();
    return all.substr(0, all.find("\r\n"));
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

TEST(GateTest, SlowHeadsDoNotHoldWorkersAndTimeOut) {
  TestServer& s = TestServer::Get();
  // More slow clients than the fixture has workers (8), from several addresses.
  std::vector<std::unique_ptr<Raw>> slow;
  for (int i = 0; i < 24; ++i) {
    std::string source = "127.0.1." + std::to_string(1 + i / 6);
    slow.push_back(std::make_unique<Raw>(s.port, source.c_str()));
    ASSERT_TRUE(slow.back()->connected());
    ASSERT_TRUE(slow.back()->Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"));
  }
  auto start = std::chrono::steady_clock::now();
  Response health = s.Call("GET", "/api/v1/health");
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  EXPECT_EQ(health.status, 200);
  EXPECT_LT(ms, 1000) << "health waited behind slow clients";
  // The head deadline (2 s) closes them with 408.
  EXPECT_EQ(slow.front()->StatusLine(), "HTTP/1.1 408 Request Timeout");
}

TEST(GateTest, TooManyWaitingConnectionsFromOneAddressAreRefused) {
  TestServer& s = TestServer::Get();
  std::vector<std::unique_ptr<Raw>> waiting;
  for (int i = 0; i < 32; ++i) {
    waiting.push_back(std::make_unique<Raw>(s.port, "127.0.2.1"));
    ASSERT_TRUE(waiting.back()->Send("GET / HTTP/1.1\r\n"));
  }
  // After a second without their head they count as slow (a quick burst never does).
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  Raw extra(s.port, "127.0.2.1");
  EXPECT_EQ(extra.StatusLine(), "HTTP/1.1 503 Service Unavailable");
  // Another address is not affected.
  Raw other(s.port, "127.0.2.2");
  ASSERT_TRUE(other.Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(other.StatusLine(), "HTTP/1.1 200 OK");
}

TEST(GateTest, OversizedHeadsAreRefusedBeforeAWorkerSeesThem) {
  TestServer& s = TestServer::Get();
  Raw many(s.port);
  std::string head = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 150; ++i) head += "X-a: b\r\n";
  many.Send(head + "\r\n");
  EXPECT_EQ(many.StatusLine(), "HTTP/1.1 431 Request Header Fields Too Large");
  Raw large(s.port);
  large.Send("GET /api/v1/health HTTP/1.1\r\nX-a: " + std::string(20000, 'a'));
  EXPECT_EQ(large.StatusLine(), "HTTP/1.1 431 Request Header Fields Too Large");
}

TEST(GateTest, BodiesAreReadOnlyWhenTheyMayBe) {
  TestServer& s = TestServer::Get();
  // A chunked body outside the upload route: 411 before any of it is read.
  Raw login(s.port);
  login.Send(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
      "Content-Type: application/json\r\n\r\n10\r\n");
  EXPECT_EQ(login.StatusLine(), "HTTP/1.1 411 Length Required");
  // The upload route takes chunked bodies, but not from an anonymous client.
  Raw upload(s.port);
  upload.Send(
      "POST /api/v1/import?table=students&year=2020 HTTP/1.1\r\nHost: x\r\n"
      "Transfer-Encoding: chunked\r\n\r\n10000\r\n" +
      std::string(1000, 'x'));
  EXPECT_EQ(upload.StatusLine(), "HTTP/1.1 401 Unauthorized");
  // A body above the small-body size (16 KiB) from an anonymous client is refused unread.
  Raw big(s.port);
  big.Send(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 40000\r\n\r\n{");
  EXPECT_EQ(big.StatusLine(), "HTTP/1.1 401 Unauthorized");
}

TEST(GateTest, OnlyAuthenticatedConnectionsStayAlive) {
  TestServer& s = TestServer::Get();
  // Anonymous: the server closes the connection right after its answer.
  Raw anon(s.port);
  ASSERT_TRUE(anon.Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto start = std::chrono::steady_clock::now();
  std::string all = anon.ReadAll();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  EXPECT_EQ(all.substr(0, 15), "HTTP/1.1 200 OK");
  EXPECT_LT(ms, 1000) << "an anonymous connection was kept open";
  // Authenticated: two requests on one connection.
  Raw user(s.port);
  const std::string request = "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                              s.tokens.at("county") + "\r\n\r\n";
  ASSERT_TRUE(user.Send(request));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(user.Send(request));
  std::string both = user.ReadAll();  // until the keep-alive timeout closes it
  size_t first = both.find("HTTP/1.1 200 OK");
  ASSERT_NE(first, std::string::npos) << both.substr(0, 200);
  EXPECT_NE(both.find("HTTP/1.1 200 OK", first + 1), std::string::npos)
      << "the second request on a logged-in connection got no answer";
}

}  // namespace
}  // namespace zj::server::testing
