// An in-memory ImportLog for stores without a journal of their own (MemoryStore in tests and
// throwaway runs). Lookups go through the Store's List* calls; DeleteRow is unsupported
// (kFailedPrecondition), so imports into a MemoryStore cannot be undone.
#pragma once

#include <memory>

#include "zj/model/import_log.h"
#include "zj/model/store.h"

namespace zj::io {

// `store` must outlive the log.
std::unique_ptr<model::ImportLog> NewMemoryImportLog(model::Store& store);

}  // namespace zj::io
