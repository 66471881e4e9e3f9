// Reads the data-first case files of the server tests (tests/server/cases/*.tsv): one case a
// line, cells separated by tabs, blank lines and lines starting with '#' skipped.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace zj::server::testing {

// The cases of cases/<name> (empty when the file cannot be read).
inline std::vector<std::vector<std::string>> ReadCaseFile(const std::string& name) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(std::string(ZJ_TEST_DATA_DIR) + "/cases/" + name);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) cells.push_back(cell);
    rows.push_back(std::move(cells));
  }
  return rows;
}

}  // namespace zj::server::testing
