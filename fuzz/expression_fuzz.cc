// libFuzzer target: the indicator expression parser (zj/engine/expression.h) must return a value
// or a positioned error for any text, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "zj/engine/expression.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  zj::engine::ExpressionError error;
  auto e = zj::engine::ParseExpression(text, {}, &error);
  if (e.ok()) {
    for (size_t i = 0; i < e->node_count(); ++i) (void)e->Text(static_cast<int>(i));
  }
  return 0;
}
