// `zhijiao init`: the first step of a real deployment. Creates a NEW, empty, non-synthetic county
// database (the county as its one admin unit, named from data/codes/county_codes.csv) with
// exactly one administrator whose password comes from stdin and passes the password policy. No
// demo account can exist there (docs/api.md). Like `zhijiao demo` it writes a temporary file
// next to the target and renames it on success, so a failed run leaves nothing behind; an
// existing non-empty file is never touched.
#include <ctime>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "cli_util.h"
#include "commands.h"
#include "zj/common/code_tables.h"
#include "zj/service/accounts.h"
#include "zj/service/audit.h"
#include "zj/service/auth.h"
#include "zj/service/password_policy.h"
#include "zj/storage/account_store.h"
#include "zj/storage/audit_head.h"
#include "zj/storage/open.h"

namespace zj::cli {
namespace {

// A 县级行政区划代码 (GB/T 2260): six digits, a province prefix in use, and a county part
// (the last two digits are not 00, which name a province or a city).
Status CheckCountyCode(const std::string& code) {
  static const std::set<std::string> kProvinces = {
      "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
      "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
      "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"};
  bool digits = code.size() == 6;
  for (char c : code) digits = digits && c >= '0' && c <= '9';
  if (!digits || !kProvinces.count(code.substr(0, 2))) {
    return Status::InvalidArgument("--county 须为 6 位县级行政区划代码（如 500235 云阳县）：" +
                                   code);
  }
  if (code.substr(4) == "00") {
    return Status::InvalidArgument("--county 须为县级（区、县）代码，" + code +
                                   " 是省级或地级代码");
  }
  return Status::Ok();
}

// Writes the database into `path` (a new file).
Status Create(const std::string& path, const model::AdminUnit& county, const InitOptions& opt,
              const std::string& password) {
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  storage::OpenOptions so;
  so.create_if_missing = true;
  ZJ_ASSIGN_OR_RETURN(std::unique_ptr<model::Store> store, storage::OpenStore(path, so));
  ZJ_RETURN_IF_ERROR(store->RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(store->SetInfo({0, /*synthetic=*/false, county.code, "zhijiao init"}));
    return store->PutAdminUnits({county});
  }));
  ZJ_ASSIGN_OR_RETURN(std::unique_ptr<model::AccountStore> accounts,
                      storage::OpenSqliteAccountStore(path));
  ZJ_ASSIGN_OR_RETURN(std::shared_ptr<const engine::Hierarchy> h, service::LoadHierarchy(*store));
  const service::Actor actor = service::CliActor();
  nlohmann::json after = {{"county_code", county.code}, {"county_name", county.name}};
  service::AuditRecord record{0,  actor.name,  actor.address, "database.init", "db:" + county.code,
                              "", after.dump()};
  ZJ_RETURN_IF_ERROR(service::AppendAudit(*accounts, record, now).status());
  service::NewAccount admin{opt.admin,   "系统管理员", model::Role::kAdmin,
                            county.code, password,     false};
  return service::CreateAccount(*h, *accounts, admin, actor, now, /*synthetic=*/false).status();
}

}  // namespace

int RunInit(const InitOptions& opt) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (opt.db.empty()) return FailBadInput("缺少 --db 参数 (missing --db FILE)");
  if (fs::exists(opt.db, ec) &&
      (!fs::is_regular_file(opt.db, ec) || fs::file_size(opt.db, ec) != 0)) {
    return FailBadInput("文件已存在且不为空，不会覆盖：" + opt.db +
                        "（init 只创建新数据库 / file exists; choose a new path)");
  }
  if (Status st = CheckCountyCode(opt.county); !st.ok()) return FailWith(st);
  if (Status st = service::CheckUsername(opt.admin); !st.ok()) return FailWith(st);
  // Everything is checked before the file is created.
  Result<std::string> password = ReadPassword(opt.password_stdin);
  if (!password.ok()) return FailWith(password.status());
  if (Status st = service::CheckNewPassword(opt.admin, *password, /*synthetic=*/false); !st.ok()) {
    return FailWith(st);
  }
  model::AdminUnit county{opt.county, opt.county_name, model::AdminLevel::kCounty, "", 0};
  if (county.name.empty()) {
    const common::CountyEntry* known = common::FindCounty(opt.county);
    county.name = known ? known->name : opt.county;
  }

  fs::path target(opt.db);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) return FailBadInput("目录不存在：" + dir.string());
  fs::path tmp = dir / ("." + target.filename().string() + ".tmp");
  auto remove_tmp = [&] {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(tmp.string() + suffix, ec);
    storage::RemoveAuditHead(tmp.string());
  };
  remove_tmp();
  Status st = Create(tmp.string(), county, opt, *password);
  if (!st.ok()) {
    remove_tmp();
    return FailWith(st);
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    remove_tmp();
    return FailBadInput("无法写入 " + opt.db + "：" + ec.message());
  }
  st = storage::MoveAuditHead(tmp.string(), opt.db);
  if (!st.ok()) return FailWith(st);
  std::cerr << "zhijiao: 已创建正式数据库 " << opt.db << "（" << county.name << " " << county.code
            << "，非演示数据），管理员账户 " << opt.admin << "。下一步：导入数据（zhijiao import）"
            << "并启动服务（zhijiao serve --db " << opt.db << "）\n";
  return kExitOk;
}

}  // namespace zj::cli
