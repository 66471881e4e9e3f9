// The server's private temporary directory (uploads being imported, annotated error copies — they
// hold personal data): `<tmp>/zhijiao-serve-<pid>-<random hex>`, mode 0700, removed at shutdown.
// A server that crashed cannot remove its own, so every start removes those left behind.
#pragma once

#include <filesystem>

namespace zj::server {

// The name prefix of work directories.
inline constexpr char kWorkDirPrefix[] = "zhijiao-serve-";

// Removes every directory in `tmp_dir` named `zhijiao-serve-<pid>-<hex>` whose process no longer
// exists (kill(pid, 0) fails with ESRCH) and that belongs to the current user — never a symlink,
// a plain file, another user's directory or one of a running process. Returns how many were
// removed; errors leave the directory in place (it is tried again at the next start).
int RemoveStaleWorkDirs(const std::filesystem::path& tmp_dir);

}  // namespace zj::server
