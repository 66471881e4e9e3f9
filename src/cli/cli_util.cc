// Shared helpers of the command files (see cli_util.h).
#include "cli_util.h"

#include <cmath>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "zj/service/accounts.h"
#include "zj/service/audit.h"
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
  service::Actor actor = service::CliActor();
  service::AuditRecord r;
  r.actor = actor.name;
  r.address = actor.address + " (" + command + ")";
  r.action = action;
  r.target = target;
  r.before_json = before;
  r.after_json = after;
  return service::AppendAudit(store, r, static_cast<int64_t>(std::time(nullptr))).status();
}

}  // namespace zj::cli
