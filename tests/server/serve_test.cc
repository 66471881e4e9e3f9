// zhijiao serve's pure helpers (zj/server/serve.h): which listen addresses stay on this machine
// (a non-loopback address without TLS gets a warning at start).
#include "zj/server/serve.h"

#include <gtest/gtest.h>

namespace zj::server {
namespace {

TEST(ServeWarningTest, LoopbackHosts) {
  for (const char* h :
       {"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(IsLoopbackHost(h)) << h;
  }
  for (const char* h : {"0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.org", "128.0.0.1",
                        "::ffff:10.0.0.1", ""}) {
    EXPECT_FALSE(IsLoopbackHost(h)) << h;
  }
}

}  // namespace
}  // namespace zj::server
