// `zhijiao audit verify|list`: checks the audit log's hash chain (exit 0 intact, 3 broken, with
// one line naming the first broken entry) and prints recent entries.
#include <iostream>

#include "cli_util.h"
#include "commands.h"
#include "zj/service/audit.h"
#include "zj/storage/account_store.h"

namespace zj::cli {

int RunAudit(const AuditOptions& opt) {
  auto store = OpenExistingStore(opt.db, /*read_only=*/true);
  if (!store.ok()) return FailWith(store.status());
  auto accounts = storage::OpenSqliteAccountStore(opt.db);
  if (!accounts.ok()) return FailWith(accounts.status());
  if (opt.action == "verify") {
    auto report = service::VerifyAuditChain(**accounts);
    if (!report.ok()) return FailWith(report.status());
    Status head = service::CheckAuditHead(opt.db, **accounts, &*report);
    if (!head.ok()) return FailWith(head);
    if (!report->ok) {
      std::cout << "审计链在第 " << report->first_broken << " 条处断开：" << report->reason
                << "（之前 " << report->entries << " 条完好）\n";
      return kExitAuditBroken;
    }
    std::cout << "审计链完整：" << report->entries << " 条，末条哈希 " << report->head_hash;
    if (report->outside_head == "none") {
      std::cout << "（没有数据库外的末端记录 " << opt.db << ".audit-head，无法发现末尾被删）";
    } else if (report->outside_head == "unsigned") {
      std::cout << "（与数据库外的末端记录一致；未配置签名密钥 " << opt.db << ".audit-key）";
    } else {
      std::cout << "（与数据库外的已签名末端记录一致）";
    }
    std::cout << "\n";
    return kExitOk;
  }
  if (opt.action == "list") {
    model::AuditQuery q;
    q.limit = opt.limit;
    q.newest_first = true;
    auto entries = (*accounts)->ListAudit(q);
    if (!entries.ok()) return FailWith(entries.status());
    for (const model::AuditEntry& e : *entries) {
      std::cout << e.seq << "\t" << e.time << "\t" << e.actor << "\t" << e.address << "\t"
                << e.action << "\t" << e.target << "\n";
    }
    return kExitOk;
  }
  return FailBadInput("未知的 audit 子命令：" + opt.action);
}

}  // namespace zj::cli
