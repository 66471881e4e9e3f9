// Moving a county from its SQLite file to PostgreSQL (`zhijiao migrate`): every table of the file
// — registries, ledger, accounts, sessions, tokens, the audit log, the import journal and the
// snapshot cache — copied row for row with COPY in one transaction, then both sides compared
// table by table (row count and a SHA-256 of the rows in key order).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zj/common/status.h"

namespace zj::storage {

struct TableComparison {
  std::string table;
  int64_t source_rows = 0, target_rows = 0;
  // Hex SHA-256 over the rows in primary-key order, each cell typed (null, integer, real, text,
  // blob) and length-prefixed, so equal hashes mean equal contents, type for type.
  std::string source_hash, target_hash;
  bool same() const { return source_rows == target_rows && source_hash == target_hash; }
};

struct CopyReport {
  std::vector<TableComparison> tables;  // in copy order (parents before children)
  int64_t rows_copied = 0;
  double copy_seconds = 0, compare_seconds = 0;
  bool identical() const;
};

struct CopyOptions {
  // Empty the target's zhijiao tables first. Without it a target that already holds data (any
  // row beyond the fresh schema's own) is refused and left unchanged.
  bool replace = false;
};

// Copies the zhijiao SQLite database at `sqlite_path` (opened read-only: it must exist and be at
// the current schema version) into the PostgreSQL database `url` (schema created or upgraded
// first), then compares. The copy is one transaction: on any error the target is as before.
// Errors: kInvalidArgument (not a postgresql:// URL; a table zhijiao does not know in the
// source), kNotFound / kInvalidArgument / kFailedPrecondition from opening either side,
// kIoError (server unreachable: "无法连接 PostgreSQL 数据库 …"), kFailedPrecondition (target not
// empty without `replace`). A difference found by the comparison is not an error: see identical().
Result<CopyReport> CopySqliteToPostgres(const std::string& sqlite_path, const std::string& url,
                                        const CopyOptions& options = {});

// Only the comparison, of a SQLite file and a PostgreSQL database that both exist.
Result<std::vector<TableComparison>> CompareSqliteWithPostgres(const std::string& sqlite_path,
                                                               const std::string& url);

}  // namespace zj::storage
