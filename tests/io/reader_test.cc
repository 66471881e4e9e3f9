// Tests of the streaming readers: CSV encodings and separators, XLSX written by libxlsxwriter
// (strings, numbers, dates, booleans, formulas, sparse cells, several sheets) and hand-made XLSX
// parts (inline strings, rich text, phonetic runs, 1904 dates, namespace prefixes).
#include <gtest/gtest.h>
#include <iconv.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "test_util.h"
#include "zj/io/csv_reader.h"
#include "zj/io/xlsx_reader.h"

namespace zj::io {
namespace {

using testing::Drain;
using testing::TempDir;

std::string ToGb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string in = utf8, out(utf8.size() * 2 + 16, '\0');
  char* ip = in.data();
  char* op = out.data();
  size_t il = in.size(), ol = out.size();
  iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  out.resize(out.size() - ol);
  return out;
}

std::string DrainCsv(const std::string& bytes, Status* error = nullptr, TextEncoding* enc = nullptr,
                     char* sep = nullptr) {
  auto r = CsvReader::FromBytes(bytes);
  if (!r.ok()) {
    if (error) *error = r.status();
    return "";
  }
  if (enc) *enc = (*r)->encoding();
  if (sep) *sep = (*r)->separator();
  return Drain(**r, error);
}

TEST(CsvReaderTest, Utf8WithBomCommaQuotedNewline) {
  TextEncoding enc;
  char sep;
  std::string got =
      DrainCsv("\xEF\xBB\xBF姓名,地址\r\n张三,\"重庆市\n云阳县, \"\"双江\"\"\"\r\n\r\n李四,\n",
               nullptr, &enc, &sep);
  EXPECT_EQ(enc, TextEncoding::kUtf8Bom);
  EXPECT_EQ(sep, ',');
  EXPECT_EQ(got, "A1=姓名|B1=地址\nA2=张三|B2=重庆市\n云阳县, \"双江\"\nA4=李四\n");
}

TEST(CsvReaderTest, Gb18030TabSeparatedDetected) {
  TextEncoding enc;
  char sep;
  std::string got = DrainCsv(ToGb18030("学校标识码\t姓名\t民族\n3162012300\t欧阳娜娜\t土家族\n"),
                             nullptr, &enc, &sep);
  EXPECT_EQ(enc, TextEncoding::kGb18030);
  EXPECT_EQ(sep, '\t');
  EXPECT_EQ(got, "A1=学校标识码|B1=姓名|C1=民族\nA2=3162012300|B2=欧阳娜娜|C2=土家族\n");
}

TEST(CsvReaderTest, SemicolonAndSepHint) {
  char sep;
  EXPECT_EQ(DrainCsv("a;b;c\n1;2;3\n", nullptr, nullptr, &sep), "A1=a|B1=b|C1=c\nA2=1|B2=2|C2=3\n");
  EXPECT_EQ(sep, ';');
  EXPECT_EQ(DrainCsv("sep=|\na|b\n", nullptr, nullptr, &sep), "A1=a|B1=b\n");
  EXPECT_EQ(sep, '|');
}

TEST(CsvReaderTest, Utf16LeWithBom) {
  iconv_t cd = iconv_open("UTF-16LE", "UTF-8");
  std::string in = "姓名\t性别\n王五\t男\n", out(256, '\0');
  char* ip = in.data();
  char* op = out.data();
  size_t il = in.size(), ol = out.size();
  iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  out.resize(out.size() - ol);
  TextEncoding enc;
  EXPECT_EQ(DrainCsv("\xFF\xFE" + out, nullptr, &enc), "A1=姓名|B1=性别\nA2=王五|B2=男\n");
  EXPECT_EQ(enc, TextEncoding::kUtf16Le);
}

TEST(CsvReaderTest, GbkAfterLongAsciiPrefixSwitchesDecoder) {
  std::string ascii;
  while (ascii.size() < 70'000) ascii += "1234567890,abcdefghij\n";
  std::string got = DrainCsv(ascii + ToGb18030("张三,男\n"));
  EXPECT_NE(got.find("=张三|"), std::string::npos);
}

TEST(CsvReaderTest, ChunkBoundariesInsideMultibyteAndQuotes) {
  // Many rows so that quotes, CRLF and 3-byte characters straddle the 64 KiB chunk boundary.
  std::string text = "名称,备注\r\n";
  for (int i = 0; i < 5000; ++i)
    text += "学校" + std::to_string(i) + ",\"说明\r\n第" + std::to_string(i) + "行\"\r\n";
  for (const std::string& bytes : {text, ToGb18030(text)}) {
    auto r = CsvReader::FromBytes(bytes);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    SheetRow row;
    int n = 0;
    while (true) {
      auto more = (*r)->Next(&row);
      ASSERT_TRUE(more.ok()) << more.status().ToString();
      if (!*more) break;
      if (n > 0) {
        ASSERT_EQ(row.cells.size(), 2u);
        EXPECT_EQ(row.cells[0].text, "学校" + std::to_string(n - 1));
        EXPECT_EQ(row.cells[1].text, "说明\r\n第" + std::to_string(n - 1) + "行");
      }
      ++n;
    }
    EXPECT_EQ(n, 5001);
  }
}

TEST(CsvReaderTest, HostileInputGivesClearErrors) {
  Status s;
  DrainCsv(std::string("PK\x03\x04\0\0\0\x01\x02", 9), &s);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("不是表格"), std::string::npos);
  s = Status::Ok();
  DrainCsv("a,b\n\"unterminated,x\n", &s);
  EXPECT_NE(s.message().find("引号没有闭合"), std::string::npos) << s.ToString();
  ReaderLimits small;
  small.max_rows = 3;
  auto r = CsvReader::FromBytes("a\nb\nc\nd\ne\n", small);
  ASSERT_TRUE(r.ok());
  Drain(**r, &s);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  small = {};
  small.max_cell_bytes = 10;
  r = CsvReader::FromBytes("a\n" + std::string(100, 'x') + "\n", small);
  ASSERT_TRUE(r.ok());
  s = Status::Ok();
  Drain(**r, &s);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  small = {};
  small.max_columns = 4;
  r = CsvReader::FromBytes("a,b,c,d,e,f\n", small);
  ASSERT_TRUE(r.ok());
  s = Status::Ok();
  Drain(**r, &s);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
}

// ---- XLSX ----

TEST(XlsxReaderTest, LibxlsxwriterWorkbookTypesAndSheets) {
  TempDir dir;
  std::string path = dir.File("types.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* info = workbook_add_worksheet(wb, "说明");
  worksheet_write_string(info, 0, 0, "这是说明", nullptr);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "学生");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
  lxw_format* builtin_date = workbook_add_format(wb);
  format_set_num_format_index(builtin_date, 14);
  worksheet_write_string(ws, 0, 0, "姓名", nullptr);
  worksheet_write_string(ws, 0, 1, "出生日期", nullptr);
  worksheet_write_string(ws, 0, 2, "人数", nullptr);
  worksheet_write_string(ws, 0, 3, "是否", nullptr);
  worksheet_write_string(ws, 1, 0, "张三", nullptr);
  lxw_datetime dt = {2011, 1, 1, 0, 0, 0};
  worksheet_write_datetime(ws, 1, 1, &dt, date);
  worksheet_write_number(ws, 1, 2, 42, nullptr);
  worksheet_write_boolean(ws, 1, 3, 1, nullptr);
  worksheet_write_datetime(ws, 2, 1, &dt, builtin_date);
  worksheet_write_number(ws, 2, 2, 0.1 + 0.2, nullptr);
  worksheet_write_formula_num(ws, 2, 3, "=C2*2", nullptr, 84);
  worksheet_write_formula_str(ws, 3, 0, "=\"李\"&\"四\"", nullptr, "李四");
  worksheet_write_string(ws, 9, 25, "Z10", nullptr);  // sparse
  worksheet_write_number(ws, 10, 0, 500235201101011234.0, nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

  auto book = XlsxWorkbook::Open(path);
  ASSERT_TRUE(book.ok()) << book.status().ToString();
  ASSERT_EQ((*book)->sheets().size(), 2u);
  EXPECT_EQ((*book)->sheets()[1].name, "学生");
  EXPECT_EQ((*book)->FindSheet("学生"), 1);
  auto src = (*book)->OpenSheet(1);
  ASSERT_TRUE(src.ok());
  std::vector<SheetRow> rows;
  SheetRow row;
  while (*(*src)->Next(&row)) rows.push_back(row);
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[1].cells[1].type, CellType::kDate);
  EXPECT_EQ(rows[1].cells[1].text, "2011-01-01");
  EXPECT_EQ(rows[1].cells[2].text, "42");
  EXPECT_EQ(rows[1].cells[3].type, CellType::kBool);
  EXPECT_EQ(rows[1].cells[3].text, "TRUE");
  EXPECT_EQ(rows[2].cells[0].text, "2011-01-01");
  EXPECT_EQ(rows[2].cells[1].text, "0.3");
  EXPECT_TRUE(rows[2].cells[2].formula);
  EXPECT_EQ(rows[2].cells[2].text, "84");
  EXPECT_EQ(rows[3].cells[0].text, "李四");
  EXPECT_EQ(rows[4 - 1].row, 4);
  EXPECT_EQ(rows[4].row, 10);
  EXPECT_EQ(rows[4].cells[0].col, 25);
  // Not shown: row 11 (a long number) comes out in scientific notation, as Excel shows it.
  auto src2 = (*book)->OpenSheet(1);
  std::string all = Drain(**src2);
  EXPECT_NE(all.find("A11=5.00235201101011E+17"), std::string::npos) << all;
}

// Builds an xlsx from raw parts (for the features libxlsxwriter never writes).
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* buf = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(buf);
  zip_t* z = zip_open_from_source(buf, ZIP_TRUNCATE, &err);
  for (const auto& [name, data] : parts) {
    auto* copy = static_cast<char*>(malloc(data.size() + 1));
    memcpy(copy, data.data(), data.size());
    zip_source_t* s = zip_source_buffer(z, copy, data.size(), 1);
    zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
  }
  zip_close(z);
  zip_source_open(buf);
  zip_source_seek(buf, 0, SEEK_END);
  zip_int64_t size = zip_source_tell(buf);
  zip_source_seek(buf, 0, SEEK_SET);
  std::string out(static_cast<size_t>(size), '\0');
  zip_source_read(buf, out.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(buf);
  zip_source_free(buf);
  return out;
}

const char kRels[] =
    R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";
const char kWbRels[] =
    R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/s1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>)";

std::string Workbook(bool date1904) {
  return std::string(
             R"(<?xml version="1.0"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:workbookPr)") +
         (date1904 ? R"( date1904="1")" : "") +
         R"(/><x:sheets><x:sheet name="数据" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>)";
}

const char kStyles[] =
    R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;"/><numFmt numFmtId="165" formatCode="0.00E+00"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="58"/></cellXfs></styleSheet>)";

const char kStrings[] =
    R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>姓名</t></si><si><r><rPr><b/></rPr><t>欧阳</t></r><r><t xml:space="preserve">娜娜</t></r><rPh sb="0" eb="2"><t>オウヨウ</t></rPh></si><si><t>a_x000D_b</t></si></sst>)";

std::string Sheet(const std::string& rows) {
  return R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>)" +
         rows + "</sheetData></worksheet>";
}

Result<std::string> ReadRaw(const std::string& sheet, bool date1904 = false,
                            ReaderLimits limits = {}) {
  std::string bytes = MakeZip({{"_rels/.rels", kRels},
                               {"xl/workbook.xml", Workbook(date1904)},
                               {"xl/_rels/workbook.xml.rels", kWbRels},
                               {"xl/styles.xml", kStyles},
                               {"xl/sharedStrings.xml", kStrings},
                               {"xl/worksheets/s1.xml", Sheet(sheet)}});
  ZJ_ASSIGN_OR_RETURN(auto wb, XlsxWorkbook::FromBytes(bytes, limits));
  ZJ_ASSIGN_OR_RETURN(auto src, wb->OpenSheet(0));
  Status s;
  std::string out = Drain(*src, &s);
  if (!s.ok()) return s;
  return out;
}

TEST(XlsxReaderTest, HandWrittenPartsAllCellKinds) {
  auto got = ReadRaw(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>内联</t></is></c></row>)"
      R"(<row r="3"><c r="B3" t="s"><v>1</v></c><c t="s"><v>2</v></c><c r="E3" t="e"><v>#N/A</v></c>)"
      R"(<c r="F3" s="1"><v>40909</v></c><c r="G3" s="2"><v>1.5E+17</v></c><c r="H3" s="3"><v>40909</v></c>)"
      R"(<c r="I3" t="b"><v>0</v></c><c r="J3" t="str"><f>A1</f><v>公式</v></c><c r="K3"/></row>)"
      R"(<row><c t="d"><v>2011-01-01T00:00:00</v></c></row>)");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got,
            "A1=姓名|C1=内联\n"
            "B3=欧阳娜娜|C3=a\rb|E3=#N/A|F3=2012-01-01|G3=1.5E+17|H3=2012-01-01|I3=FALSE|J3=公式\n"
            "A4=2011-01-01\n");
  auto d1904 = ReadRaw(R"(<row r="1"><c r="A1" s="1"><v>0</v></c></row>)", true);
  ASSERT_TRUE(d1904.ok());
  EXPECT_EQ(*d1904, "A1=1904-01-01\n");
}

TEST(XlsxReaderTest, HostilePartsRefusedCleanly) {
  auto oob = ReadRaw(R"(<row r="1"><c r="A1" t="s"><v>99</v></c></row>)");
  EXPECT_EQ(oob.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(oob.status().message().find("共享字符串"), std::string::npos);
  auto broken = ReadRaw(R"(<row r="1"><c r="A1"><v>1</v></row>)");
  EXPECT_EQ(broken.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(broken.status().message().find("XML"), std::string::npos);
  auto far_col = ReadRaw(R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)");
  EXPECT_EQ(far_col.status().code(), StatusCode::kResourceExhausted);
  auto far_row = ReadRaw(R"(<row r="1048577"><c r="A1048577"><v>1</v></c></row>)");
  EXPECT_EQ(far_row.status().code(), StatusCode::kResourceExhausted);
  ReaderLimits small;
  small.max_cell_bytes = 8;
  auto long_cell = ReadRaw(
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>0123456789</t></is></c></row>)", false, small);
  EXPECT_EQ(long_cell.status().code(), StatusCode::kResourceExhausted);
  auto dtd = MakeZip(
      {{"_rels/.rels", kRels},
       {"xl/workbook.xml",
        R"(<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><workbook>&b;</workbook>)"}});
  auto wb = XlsxWorkbook::FromBytes(dtd);
  EXPECT_EQ(wb.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(wb.status().message().find("DTD"), std::string::npos) << wb.status().ToString();
  auto junk = XlsxWorkbook::FromBytes("PK\x03\x04 this is not a zip at all");
  EXPECT_EQ(junk.status().code(), StatusCode::kInvalidArgument);
  auto docx = XlsxWorkbook::FromBytes(MakeZip({{"word/document.xml", "<w/>"}}));
  EXPECT_NE(docx.status().message().find("workbook.xml"), std::string::npos);
}

TEST(XlsxReaderTest, TruncatedAndBombRefused) {
  std::string good =
      MakeZip({{"_rels/.rels", kRels},
               {"xl/workbook.xml", Workbook(false)},
               {"xl/_rels/workbook.xml.rels", kWbRels},
               {"xl/worksheets/s1.xml", Sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")}});
  for (size_t cut : {good.size() / 2, good.size() - 10, size_t{30}}) {
    auto wb = XlsxWorkbook::FromBytes(good.substr(0, cut));
    EXPECT_FALSE(wb.ok()) << cut;
    EXPECT_EQ(wb.status().code(), StatusCode::kInvalidArgument);
  }
  // 40 MiB of zeros deflates to ~40 KiB: refused by ratio before inflating.
  std::string zeros(40u << 20, '0');
  std::string bomb_sheet =
      Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" + zeros + "</t></is></c></row>");
  zeros.clear();
  std::string bomb = MakeZip({{"_rels/.rels", kRels},
                              {"xl/workbook.xml", Workbook(false)},
                              {"xl/_rels/workbook.xml.rels", kWbRels},
                              {"xl/worksheets/s1.xml", bomb_sheet}});
  bomb_sheet.clear();
  EXPECT_LT(bomb.size(), 2u << 20);
  auto wb = XlsxWorkbook::FromBytes(bomb);
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  auto src = (*wb)->OpenSheet(0);
  EXPECT_EQ(src.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(src.status().message().find("压缩炸弹"), std::string::npos);
  // With a lenient ratio, the entry-size cap still stops it while inflating.
  ReaderLimits lenient;
  lenient.max_compression_ratio = 1'000'000;
  lenient.max_entry_bytes = 20 << 20;
  auto wb2 = XlsxWorkbook::FromBytes(bomb, lenient);
  ASSERT_TRUE(wb2.ok());
  auto src2 = (*wb2)->OpenSheet(0);
  EXPECT_EQ(src2.status().code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace zj::io
