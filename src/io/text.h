// Text helpers of the importer (internal to io): UTF-8 validation, full-width → half-width
// folding, trimming, header normalisation and number rendering. Spreadsheets typed by hand in
// Chinese input methods carry full-width digits (１２３), ideographic spaces and stray blanks;
// everything the importer compares goes through these functions first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zj::io::internal {

// Length of the longest prefix of `s` that is valid UTF-8. When `allow_truncated_tail` is set, an
// incomplete (but so far valid) sequence at the very end counts as valid.
size_t ValidUtf8Prefix(std::string_view s, bool allow_truncated_tail = false);
inline bool IsValidUtf8(std::string_view s) { return ValidUtf8Prefix(s) == s.size(); }

// Folds full-width ASCII (U+FF01–U+FF5E) to ASCII and U+3000 / U+00A0 to a space.
std::string FoldWidth(std::string_view s);
// Removes leading/trailing ASCII whitespace (after folding, ideographic spaces are ASCII).
std::string_view TrimAscii(std::string_view s);
// FoldWidth + trim + zero-width characters removed: the normal form of a cell value.
std::string NormalizeValue(std::string_view s);
// Free text (names, notes): only surrounding blanks (ASCII, U+3000, U+00A0) and zero-width
// characters are removed; full-width characters are kept (（二） stays as written).
std::string NormalizeText(std::string_view s);
// NormalizeValue with every internal space removed too (identifiers, codes, numbers).
std::string NormalizeCompact(std::string_view s);
// Normal form of a column header: folded, no whitespace, no required-markers (★ * ＊), no
// "(必填)"/"(选填)" suffix, full-width brackets folded. Compared exactly against table headers.
std::string NormalizeHeader(std::string_view s);
// NormalizeHeader with any trailing "(…)" part removed ("面积(平方米)" → "面积").
std::string HeaderStem(std::string_view normalized);

// Renders a double as Excel shows it in a General cell: integers without a decimal point (below
// 1e15), otherwise 15 significant digits ("0.3", "5.00235201001011E+17").
std::string RenderNumber(double v);
// Whether the text looks like a number in scientific notation ("4.4E+17", "5.0023e17").
bool LooksScientific(std::string_view s);

// Excel serial day number → calendar date (1900 system with Excel's 1900-02-29 bug, or 1904).
// nullopt outside 1900..9999.
struct YmdHms {
  int year, month, day, hour, minute, second;
};
std::optional<YmdHms> SerialToDateTime(double serial, bool date1904);
// "YYYY-MM-DD", with " HH:MM:SS" when the time part is not midnight.
std::string FormatDateTime(const YmdHms& t);

// Lower-case hex SHA-256 of a file's bytes (streamed).
std::optional<std::string> Sha256OfFile(const std::string& path);

}  // namespace zj::io::internal
