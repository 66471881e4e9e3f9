// The 督导评估 workbook: an .xlsx rendering of the stable evaluation JSON (and optionally the
// remediation plan JSON) of zj/engine/evaluation.h. Built from the JSON so that io stays
// independent of the engine. Cells of indicators a school does not meet carry a "✗" in their
// number format and a red fill — the mark is readable without colour.
#pragma once

#include <string>

#include "zj/common/status.h"

namespace zj::io {

// Sheets: 汇总 (verdict, failures, county items, 差异系数 against limits), one sheet per stage
// (per-school values, met count, pass, reasons) and, when remedy_json is not empty, 补充方案
// (additions with costs, totals, 差异系数 steps). Written to a temporary file and renamed, so a
// failure leaves no partial file. kInvalidArgument when a JSON text is not the expected form.
Status WriteEvaluationXlsx(const std::string& evaluation_json, const std::string& remedy_json,
                           const std::string& out_path);

}  // namespace zj::io
