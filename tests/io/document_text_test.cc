// Tests of plan-document reading (zj/io/document_text.h): text in UTF-8, UTF-16 and GB18030,
// .docx built here with libzip (paragraphs, tabs, table cells), the PDF fixture with a text
// layer (tests/io/fixtures/plan_excerpt.pdf, made with pango-view), and the errors — empty file,
// binary garbage, a scanned PDF without text (a minimal PDF written here), corrupt PDF and docx,
// a zip that is not a Word document, the old .doc format, missing files and directories.
#include "zj/io/document_text.h"

#include <gtest/gtest.h>
#include <iconv.h>
#include <zip.h>

#include "test_util.h"

namespace zj::io {
namespace {

using testing::TempDir;
using testing::TestData;
using testing::WriteFile;

std::string ToGb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string in = utf8, out(utf8.size() * 2 + 8, '\0');
  char* ip = in.data();
  char* op = out.data();
  size_t il = in.size(), ol = out.size();
  EXPECT_NE(iconv(cd, &ip, &il, &op, &ol), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - ol);
  return out;
}

// A zip file at `path` holding the given entries.
void WriteZip(const std::string& path,
              const std::vector<std::pair<std::string, std::string>>& entries) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  ASSERT_NE(z, nullptr);
  for (const auto& [name, data] : entries) {
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    ASSERT_NE(src, nullptr);
    ASSERT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8), 0);
  }
  ASSERT_EQ(zip_close(z), 0);
}

// A one-page PDF whose content stream draws a rectangle and no text: what a scan looks like to
// a text extractor. Byte offsets in the xref table are computed, so the file is well-formed.
std::string PdfWithoutText() {
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
      "<< /Length 24 >>\nstream\n10 10 180 180 re 0.5 g f\nendstream"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

TEST(DocumentText, Utf8AndBomAndCrLf) {
  auto d = DocumentTextFromBytes("到2025年，巩固率达99%以上。\r\n第二行\r\n");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->kind, DocumentKind::kText);
  EXPECT_EQ(d->encoding, "UTF-8");
  EXPECT_EQ(d->text, "到2025年，巩固率达99%以上。\n第二行\n");
  auto bom = DocumentTextFromBytes("\xEF\xBB\xBF主要指标\n");
  ASSERT_TRUE(bom.ok());
  EXPECT_EQ(bom->encoding, "UTF-8 (BOM)");
  EXPECT_EQ(bom->text, "主要指标\n");
}

TEST(DocumentText, Gb18030AndUtf16) {
  const std::string utf8 = "到2025年，学前教育三年毛入园率达95%。\n";
  auto gb = DocumentTextFromBytes(ToGb18030(utf8));
  ASSERT_TRUE(gb.ok()) << gb.status().ToString();
  EXPECT_EQ(gb->encoding, "GB18030");
  EXPECT_EQ(gb->text, utf8);
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("95%")) utf16 += std::string{c, '\0'};
  auto u16 = DocumentTextFromBytes(utf16);
  ASSERT_TRUE(u16.ok()) << u16.status().ToString();
  EXPECT_EQ(u16->encoding, "UTF-16LE");
  EXPECT_EQ(u16->text, "95%");
}

TEST(DocumentText, EmptyFileAndGarbage) {
  TempDir dir;
  WriteFile(dir.File("empty.txt"), "");
  auto e = ReadDocumentText(dir.File("empty.txt"));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(e.status().message(), "文件为空");
  std::string junk;
  for (int i = 0; i < 2048; ++i) junk.push_back(static_cast<char>((i * 7919 + 13) % 256));
  auto g = DocumentTextFromBytes(junk);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("无法识别文件内容"), std::string::npos);
  auto doc = DocumentTextFromBytes(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + junk);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find(".docx"), std::string::npos);
  auto missing = ReadDocumentText(dir.File("no-such.txt"));
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  auto directory = ReadDocumentText(dir.File(""));
  EXPECT_FALSE(directory.ok());
  DocumentLimits small;
  small.max_file_bytes = 8;
  EXPECT_EQ(DocumentTextFromBytes("0123456789", small).status().code(),
            StatusCode::kResourceExhausted);
}

TEST(DocumentText, DocxParagraphsAndTableCells) {
  TempDir dir;
  const std::string xml =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)"
      R"(<w:p><w:r><w:t>到2025年，</w:t></w:r><w:r><w:t>巩固率达99%以上。</w:t></w:r></w:p>)"
      R"(<w:p><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t></w:r></w:p>)"
      R"(<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc>)"
      R"(<w:tc><w:p><w:r><w:t>2025年</w:t></w:r></w:p></w:tc></w:tr></w:tbl>)"
      R"(</w:body></w:document>)";
  WriteZip(dir.File("plan.docx"),
           {{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", xml}});
  auto d = ReadDocumentText(dir.File("plan.docx"));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->kind, DocumentKind::kDocx);
  EXPECT_EQ(d->text, "到2025年，巩固率达99%以上。\nA\tB\nC\n指标\n2025年\n\n");
}

TEST(DocumentText, CorruptDocxAndForeignZip) {
  TempDir dir;
  auto torn = DocumentTextFromBytes(std::string("PK\x03\x04", 4) + std::string(200, 'x'));
  ASSERT_FALSE(torn.ok());
  EXPECT_NE(torn.status().message().find("Word 文件已损坏"), std::string::npos);
  WriteZip(dir.File("book.xlsx"), {{"xl/workbook.xml", "<workbook/>"}});
  auto xlsx = ReadDocumentText(dir.File("book.xlsx"));
  ASSERT_FALSE(xlsx.ok());
  EXPECT_NE(xlsx.status().message().find("没有 word/document.xml"), std::string::npos);
  WriteZip(dir.File("bad.docx"), {{"word/document.xml", "<w:document><w:body><w:p>"}});
  auto bad = ReadDocumentText(dir.File("bad.docx"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("XML 错误"), std::string::npos);
  WriteZip(dir.File("dtd.docx"),
           {{"word/document.xml",
             "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaa\">]><d>&a;</d>"}});
  auto dtd = ReadDocumentText(dir.File("dtd.docx"));
  ASSERT_FALSE(dtd.ok());
  EXPECT_NE(dtd.status().message().find("DTD"), std::string::npos);
}

TEST(DocumentText, PdfWithTextLayer) {
  auto d = ReadDocumentText(TestData("fixtures/plan_excerpt.pdf"));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->kind, DocumentKind::kPdf);
  EXPECT_EQ(d->pages, 1);
  EXPECT_NE(d->text.find("学前教育三年毛入园率达95%"), std::string::npos) << d->text;
  EXPECT_NE(d->text.find("建成智慧校园示范校20所"), std::string::npos) << d->text;
}

TEST(DocumentText, ScannedAndCorruptPdf) {
  ::testing::internal::CaptureStderr();  // the one line is the caller's: poppler stays quiet
  auto scan = DocumentTextFromBytes(PdfWithoutText());
  ASSERT_FALSE(scan.ok());
  EXPECT_EQ(scan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(scan.status().message().find("没有文字层"), std::string::npos)
      << scan.status().message();
  auto broken = DocumentTextFromBytes("%PDF-1.7\n" + std::string(300, '\x01'));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace zj::io
