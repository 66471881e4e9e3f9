// Cell references and sparse-row lookup shared by the readers.
#include "zj/io/cell.h"

#include <algorithm>

namespace zj::io {

const Cell* SheetRow::Find(int col) const {
  auto it = std::lower_bound(cells.begin(), cells.end(), col,
                             [](const Cell& c, int k) { return c.col < k; });
  return it != cells.end() && it->col == col ? &*it : nullptr;
}

std::string ColumnLetters(int col) {
  std::string s;
  for (int n = col + 1; n > 0; n = (n - 1) / 26) {
    s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return s;
}

int ColumnIndexOfRef(std::string_view ref) {
  int v = 0, letters = 0;
  for (char c : ref) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    if (++letters > 3) return -1;
    v = v * 26 + (c - 'A' + 1);
  }
  return letters == 0 ? -1 : v - 1;
}

}  // namespace zj::io
