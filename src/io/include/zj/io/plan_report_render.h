// Rendering of the plan evaluation report document (the JSON of
// zj/engine/plan_report.h, described in docs/report.md) to PDF — cairo + pango with the Noto CJK
// fonts, trend charts drawn with cairo — and to xlsx (libxlsxwriter). The renderers format
// nothing themselves: every figure is the document's string, so the files show the API's figures.
#pragma once

#include <string>
#include <string_view>

#include "zj/common/status.h"

namespace zj::io {

enum class ReportFormat { kPdf, kXlsx };

// The report as file bytes. kInvalidArgument when the document is not a report document.
Result<std::string> RenderEvaluationReport(std::string_view document_json, ReportFormat format);

// Renders and writes to `path` (through a temporary file renamed into place: a failed render
// leaves no partial file).
Status WriteEvaluationReport(std::string_view document_json, ReportFormat format,
                             const std::string& path);

}  // namespace zj::io
