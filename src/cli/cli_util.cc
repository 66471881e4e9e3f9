// Shared helpers of the command files (see cli_util.h).
#include "cli_util.h"

#include <arpa/inet.h>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "zj/server/accounts.h"
#include "zj/server/audit.h"
#include "zj/storage/open.h"
#include "zj/storage/pg_store.h"

namespace zj::cli {

int FailWith(const Status& status) {
  std::cerr << "zhijiao: " << status.message() << "\n";
  return status.code() == StatusCode::kInternal ? kExitInternal : kExitBadInput;
}

int FailBadInput(const std::string& message) {
  std::cerr << "zhijiao: " << message << "\n";
  return kExitBadInput;
}

Result<std::string> ReadPassword(bool from_stdin) {
  if (!from_stdin) {
    return Status::InvalidArgument("为安全起见，密码只能通过 --password-stdin 从标准输入读取");
  }
  std::string line;
  if (!std::getline(std::cin, line)) return Status::InvalidArgument("标准输入中没有密码");
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

Result<std::unique_ptr<model::Store>> OpenExistingStore(const std::string& path, bool read_only,
                                                        int cache_mib) {
  std::error_code ec;
  if (path.empty()) return Status::InvalidArgument("缺少 --db 参数 (missing --db FILE)");
  // A PostgreSQL URL is no file: PgStore::Open says what is wrong with it.
  const bool is_file = !storage::IsPostgresUrl(path);
  if (is_file && !std::filesystem::exists(path, ec)) {
    return Status::NotFound("数据库文件不存在：" + path + " (database file not found)");
  }
  if (is_file && std::filesystem::is_directory(path, ec)) {
    return Status::InvalidArgument("不是文件而是目录：" + path + " (is a directory)");
  }
  storage::OpenOptions opt;
  opt.create_if_missing = false;
  opt.read_only = read_only;
  opt.cache_mib = cache_mib;
  return storage::OpenStore(path, opt);
}

Result<std::pair<int, int>> ParseYearRange(const std::string& text) {
  auto parse_year = [](const std::string& s, int& out) {
    if (s.size() != 4) return false;
    for (char c : s)
      if (c < '0' || c > '9') return false;
    out = std::stoi(s);
    return out >= 1990 && out <= 2100;
  };
  int a = 0, b = 0;
  auto dash = text.find('-');
  bool ok = dash == std::string::npos
                ? parse_year(text, a) && (b = a, true)
                : parse_year(text.substr(0, dash), a) && parse_year(text.substr(dash + 1), b);
  if (!ok || a > b) {
    return Status::InvalidArgument("学年范围无效：" + text + "（应为如 2015-2025 或 2020）");
  }
  return std::make_pair(a, b);
}

double RoundTo(double v, int decimals) {
  double f = std::pow(10.0, decimals);
  return std::round(v * f) / f;
}

Status AuditCli(model::Store& store, const std::string& command, const std::string& action,
                const std::string& target, const std::string& before, const std::string& after) {
  server::Actor actor = server::CliActor();
  server::AuditRecord r;
  r.actor = actor.name;
  r.address = actor.address + " (" + command + ")";
  r.action = action;
  r.target = target;
  r.before_json = before;
  r.after_json = after;
  return server::AppendAudit(store, r, static_cast<int64_t>(std::time(nullptr))).status();
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

}  // namespace zj::cli
