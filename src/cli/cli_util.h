// Small helpers shared by the command files: opening an existing database with clear errors,
// mapping a Status to the one stderr line + exit code, reading a password from stdin, rounding
// for output.
#pragma once

#include <memory>
#include <string>

#include "zj/common/status.h"
#include "zj/model/store.h"
#include "zj/storage/open.h"

namespace zj::cli {

// Exit codes: 0 ok, 1 internal failure, 2 bad input (arguments, files, unknown codes).
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;

// Prints "zhijiao: <message>" to stderr and returns the exit code for the status.
int FailWith(const Status& status);
// Prints "zhijiao: <message>" to stderr and returns kExitBadInput.
int FailBadInput(const std::string& message);

// The password of --password-stdin: the first line of stdin without its line end.
// kInvalidArgument when the flag is missing (passwords never travel on the command line) or
// stdin is empty.
Result<std::string> ReadPassword(bool from_stdin);

// Opens an existing database (zj/storage/open.h); the commands call it by this short name.
using storage::OpenExistingStore;

// Parses "2015-2025" or "2020" into [first, last]; error message in Chinese.
Result<std::pair<int, int>> ParseYearRange(const std::string& text);

double RoundTo(double v, int decimals);

// Appends an audit entry for a command-line write through `store`, inside its current
// transaction (call it inside RunInTransaction or an io before_commit hook, so the entry commits
// with the change). Actor "cli:<OS login>", address "local"; `command` (e.g. "zhijiao import")
// is recorded with the entry.
Status AuditCli(model::Store& store, const std::string& command, const std::string& action,
                const std::string& target, const std::string& before, const std::string& after);

}  // namespace zj::cli
