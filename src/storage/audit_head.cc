// The audit head file (see zj/storage/audit_head.h).
#include "zj/storage/audit_head.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "zj/common/file.h"

namespace zj::storage {
namespace {

std::optional<std::string> ReadKey(const std::string& db_path) {
  std::ifstream in(AuditKeyPath(db_path), std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  std::string key = ss.str();
  if (key.size() < 32) return std::nullopt;
  return key;
}

std::string Mac(const std::string& key, int64_t seq, const std::string& hash) {
  const std::string msg = std::to_string(seq) + ":" + hash;
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(msg.data()),
                                msg.size());
  crypto_auth_hmacsha256_final(&st, out);
  char hex[sizeof out * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

Result<std::optional<AuditHead>> Parse(const std::string& text) {
  std::istringstream in(text);
  AuditHead h;
  if (!(in >> h.seq >> h.hash) || h.seq <= 0 || h.hash.size() != 64) {
    return Status::DataLoss("审计链末端记录文件格式错误");
  }
  in >> h.mac;
  return std::optional<AuditHead>(h);
}

}  // namespace

std::string AuditHeadPath(const std::string& db_path) { return db_path + ".audit-head"; }
std::string AuditKeyPath(const std::string& db_path) { return db_path + ".audit-key"; }

Status RecordAuditHead(const std::string& db_path, int64_t seq, const std::string& hash) {
  if (db_path.empty() || db_path == ":memory:") return Status::Ok();
  const std::string path = AuditHeadPath(db_path);
  const std::string lock_path = path + ".lock";
  int lock = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock < 0) return Status::IoError("无法写审计链末端记录：" + lock_path);
  flock(lock, LOCK_EX);
  Status result = Status::Ok();
  {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    if (in) ss << in.rdbuf();
    Result<std::optional<AuditHead>> old = in ? Parse(ss.str()) : std::optional<AuditHead>();
    const bool later = !old.ok() || !*old || (*old)->seq < seq;
    if (later) {
      std::string line = std::to_string(seq) + " " + hash;
      if (std::optional<std::string> key = ReadKey(db_path)) line += " " + Mac(*key, seq, hash);
      line += "\n";
      if (Status w = common::WriteFileAtomic(path, line); !w.ok()) {
        result = Status::IoError("无法写审计链末端记录：" + w.message());
      }
    }
  }
  flock(lock, LOCK_UN);
  close(lock);
  return result;
}

Status MoveAuditHead(const std::string& from_db, const std::string& to_db) {
  std::error_code ec;
  std::filesystem::remove(AuditHeadPath(from_db) + ".lock", ec);
  if (!std::filesystem::exists(AuditHeadPath(from_db), ec)) return Status::Ok();
  std::filesystem::rename(AuditHeadPath(from_db), AuditHeadPath(to_db), ec);
  if (ec) return Status::IoError("无法移动审计链末端记录：" + AuditHeadPath(to_db));
  return Status::Ok();
}

void RemoveAuditHead(const std::string& db_path) {
  std::error_code ec;
  for (const char* suffix : {"", ".lock", ".tmp"}) {
    std::filesystem::remove(AuditHeadPath(db_path) + suffix, ec);
  }
}

Result<std::optional<AuditHead>> ReadAuditHead(const std::string& db_path) {
  std::ifstream in(AuditHeadPath(db_path), std::ios::binary);
  if (!in) return std::optional<AuditHead>();
  std::stringstream ss;
  ss << in.rdbuf();
  return Parse(ss.str());
}

std::optional<bool> AuditHeadSignatureValid(const std::string& db_path, const AuditHead& head) {
  std::optional<std::string> key = ReadKey(db_path);
  if (!key) return std::nullopt;
  const std::string want = Mac(*key, head.seq, head.hash);
  return head.mac.size() == want.size() &&
         sodium_memcmp(head.mac.data(), want.data(), want.size()) == 0;
}

}  // namespace zj::storage
