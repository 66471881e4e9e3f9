// Cell formats shared by every workbook zhijiao writes (templates, exports, reports).
#pragma once

#include <xlsxwriter.h>

namespace zj::io::internal {

// The column-header format: bold, light-blue fill, thin border, wrapped text.
inline lxw_format* AddHeaderFormat(lxw_workbook* wb) {
  lxw_format* f = workbook_add_format(wb);
  format_set_bold(f);
  format_set_pattern(f, LXW_PATTERN_SOLID);
  format_set_bg_color(f, 0xDDEBF7);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_text_wrap(f);
  return f;
}

}  // namespace zj::io::internal
