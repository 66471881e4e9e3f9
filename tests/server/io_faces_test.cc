// The spreadsheet faces over HTTP: templates, uploads (limits, bad files, check mode, scope),
// the error copy, the journal with undo, exports with scope and masking, and the export → import
// round trip. Every test leaves the fixture's data as it found it.
#include <gtest/gtest.h>

#include "server_fixture.h"
#include "zj/common/id_number.h"

namespace zj::server::testing {
namespace {

std::vector<std::string> Lines(const std::string& csv) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < csv.size()) {
    size_t end = csv.find("\r\n", start);
    if (end == std::string::npos) end = csv.size();
    if (end > start) out.push_back(csv.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\r\n";
  return out;
}

Response Upload(const std::string& user, const std::string& query, const std::string& bytes,
                const std::string& content_type = "application/octet-stream") {
  TestServer& s = TestServer::Get();
  return s.Raw("POST", "/api/v1/import?" + query,
               {{"Authorization", "Bearer " + s.tokens.at(user)}}, bytes, content_type);
}

Response Export(const std::string& user, const std::string& table, const std::string& query) {
  return TestServer::Get().Call("GET", "/api/v1/export/" + table + "?" + query, user);
}

int64_t ImportCount(const std::string& user) {
  Response r = TestServer::Get().Call("GET", "/api/v1/imports", user);
  EXPECT_EQ(r.status, 200) << r.body;
  return static_cast<int64_t>(r.json["items"].size());
}

std::string LastAuditAction() {
  model::AuditQuery q;
  q.limit = 1;
  q.newest_first = true;
  auto entries = TestServer::Get().accounts().ListAudit(q);
  return entries.ok() && !entries->empty() ? entries->front().action : "";
}

// The fixture's real 身份证号 (student 1), for masking checks.
std::string FirstStudentId() { return MakeIdNumber(kCounty, Date{2013, 3, 1}, 101); }

TEST(IoFacesTest, TablesAndTemplates) {
  TestServer& s = TestServer::Get();
  Response tables = s.Call("GET", "/api/v1/import/tables", "county");
  ASSERT_EQ(tables.status, 200) << tables.body;
  ASSERT_EQ(tables.json["tables"].size(), 8u);
  EXPECT_EQ(tables.json["tables"][0]["name"], "schools");
  EXPECT_EQ(tables.json["tables"][3]["name"], "students");
  EXPECT_EQ(tables.json["tables"][3]["yearly"], true);
  Response t = s.Call("GET", "/api/v1/import/templates/students", "school");
  ASSERT_EQ(t.status, 200);
  EXPECT_EQ(t.body.substr(0, 2), "PK");
  EXPECT_NE(t.headers["Content-Disposition"].find("filename*=UTF-8''"), std::string::npos);
  EXPECT_EQ(s.Call("GET", "/api/v1/import/templates/nonsense", "county").status, 404);
}

TEST(IoFacesTest, UploadLimitsAre413AndBelowLimitIsRead) {
  // The fixture allows 256 KiB uploads and 64 KiB JSON bodies.
  Response big = Upload("county", "table=schools&check=1", std::string(300 * 1024, 'x'));
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_EQ(big.json["error"]["code"], "payload_too_large");
  // 100 KiB: beyond the JSON limit, within the upload limit → examined (and refused as junk).
  std::string junk(100 * 1024, '\x01');
  Response r = Upload("county", "table=schools&check=1&file_name=x.xlsx", junk);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_GT(r.json["errors"].get<int>(), 0);
  EXPECT_EQ(r.json["written"], false);
  EXPECT_EQ(r.json["bytes"], 100 * 1024);
  EXPECT_EQ(Upload("county", "table=schools", "").status, 400);
  EXPECT_EQ(Upload("county", "table=nonsense", "a,b").status, 404);
  EXPECT_EQ(Upload("county", "table=students", "a,b").status, 400);  // year missing
}

TEST(IoFacesTest, BadFilesGiveAClearErrorAndWriteNothing) {
  int64_t before = ImportCount("county");
  struct Case {
    const char* name;
    std::string bytes;
    const char* code;
  } cases[] = {
      {"junk.xlsx",
       std::string("\x7f\x45\x4c\x46\x02\x01\x01\0\0\0\0\0", 12) + std::string(500, '\0'),
       "file_read"},
      {"truncated.xlsx", std::string("PK\x03\x04\x14\0\0\0\x08\0", 10), "file_read"},
      {"schools.csv", "学校标识码,学校名称\r\n123,缺位数的学校\r\n", "missing_column"},
  };
  for (const Case& c : cases) {
    Response r = Upload("county", std::string("table=schools&file_name=") + c.name, c.bytes);
    ASSERT_EQ(r.status, 200) << c.name << ": " << r.body;
    EXPECT_EQ(r.json["written"], false) << c.name;
    EXPECT_EQ(r.json["file"], c.name);
    ASSERT_FALSE(r.json["issues"].empty()) << c.name;
    bool found = false;
    for (const Json& i : r.json["issues"]) found |= i["code"] == c.code;
    EXPECT_TRUE(found) << c.name << ": " << r.body;
    EXPECT_FALSE(r.json["issues"][0]["message"].get<std::string>().empty());
  }
  EXPECT_EQ(ImportCount("county"), before);
  EXPECT_EQ(TestServer::Get().Call("GET", "/api/v1/schools", "county").json["total"], 3);
}

TEST(IoFacesTest, SchoolAccountCannotImportOtherSchoolsRows) {
  // School B's students (exported unmasked by a granted county account) sent by school A.
  Response b = Export("personal", "students", "unit=5002350002&format=csv&personal=1");
  ASSERT_EQ(b.status, 200) << b.body;
  Response r = Upload("school", "table=students&year=2020&file_name=b.csv", b.body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["written"], false);
  EXPECT_EQ(r.json["errors"], 4);
  for (const Json& i : r.json["issues"]) {
    if (i["severity"] != "error") continue;
    EXPECT_EQ(i["code"], "out_of_scope") << i.dump();
    EXPECT_EQ(i["column"], "学校标识码");
    EXPECT_EQ(i["value"], "5002350002");
  }
  // The annotated copy: for the uploader only.
  ASSERT_TRUE(r.json["report_url"].is_string()) << r.body;
  std::string url = r.json["report_url"];
  Response copy = TestServer::Get().Call("GET", url, "school");
  ASSERT_EQ(copy.status, 200) << copy.body;
  EXPECT_EQ(copy.body.substr(0, 2), "PK");
  EXPECT_EQ(TestServer::Get().Call("GET", url, "county").status, 404);
  // Its own school's rows pass (check only).
  Response a = Export("personal", "students", "unit=5002350001&format=csv&personal=1");
  Response ok = Upload("school", "table=students&year=2020&check=1&file_name=a.csv", a.body);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["errors"], 0) << ok.body;
  EXPECT_EQ(ok.json["rows"]["unchanged"], 4);
  EXPECT_EQ(ok.json["written"], false);
  // A township account: its township's schools only.
  Response town = Upload("town", "table=students&year=2020&check=1&file_name=b.csv", b.body);
  EXPECT_EQ(town.json["errors"], 4) << town.body;
}

TEST(IoFacesTest, ExportsRespectScopeAndMasking) {
  const std::string id = FirstStudentId();
  Response masked = Export("county", "students", "format=csv");
  ASSERT_EQ(masked.status, 200) << masked.body;
  EXPECT_EQ(masked.headers["X-Export-Rows"], "12");
  EXPECT_EQ(masked.body.find(id), std::string::npos);
  EXPECT_NE(masked.body.find(id.substr(0, 6) + "********"), std::string::npos) << masked.body;
  EXPECT_EQ(masked.body.find("张小明"), std::string::npos);
  // Unmasked needs the grant, and is audited.
  EXPECT_EQ(Export("county", "students", "format=csv&personal=1").status, 403);
  Response open = Export("personal", "students", "format=csv&personal=1");
  ASSERT_EQ(open.status, 200);
  EXPECT_NE(open.body.find(id), std::string::npos);
  EXPECT_EQ(LastAuditAction(), "personal.export");
  // A school sees its own school only.
  Response mine = Export("school", "students", "format=csv");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.headers["X-Export-Rows"], "4");
  EXPECT_EQ(Lines(mine.body).size(), 5u);
  EXPECT_EQ(Export("school", "students", "unit=5002350002").status, 403);
  EXPECT_EQ(Export("school", "schools", "format=csv").headers["X-Export-Rows"], "1");
  EXPECT_EQ(Export("town", "teachers", "format=csv").headers["X-Export-Rows"], "4");
  // Roles without people access cannot export people; unknown units and tables are 404.
  EXPECT_EQ(Export("leader", "students", "").status, 403);
  EXPECT_EQ(Export("leader", "schools", "format=csv").status, 200);
  EXPECT_EQ(Export("county", "students", "unit=999999").status, 404);
  EXPECT_EQ(Export("county", "nonsense", "").status, 404);
  EXPECT_EQ(Export("county", "schools", "format=pdf").status, 400);
  Response xlsx = Export("county", "schools", "");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
}

TEST(IoFacesTest, ExportImportRoundTripIsTheIdentity) {
  for (const char* format : {"csv", "xlsx"}) {
    for (const char* table : {"schools", "classes", "students", "teachers"}) {
      Response e = Export("personal", table, std::string("year=2020&personal=1&format=") + format);
      ASSERT_EQ(e.status, 200) << table << e.body;
      std::string rows = e.headers["X-Export-Rows"];
      Response r = Upload(
          "personal", std::string("table=") + table + "&year=2020&file_name=rt." + format, e.body);
      ASSERT_EQ(r.status, 200) << r.body;
      EXPECT_EQ(r.json["errors"], 0) << table << " " << format << ": " << r.body;
      EXPECT_EQ(r.json["written"], true) << table;
      EXPECT_EQ(r.json["rows"]["added"], 0) << table;
      EXPECT_EQ(r.json["rows"]["changed"], 0) << table;
      EXPECT_EQ(std::to_string(r.json["rows"]["unchanged"].get<int>()), rows) << table;
      // The re-exported file is byte-identical for CSV.
      if (std::string(format) == "csv") {
        Response again =
            Export("personal", table, std::string("year=2020&personal=1&format=") + format);
        EXPECT_EQ(again.body, e.body) << table;
      }
    }
  }
}

TEST(IoFacesTest, ImportAddsRowsAndUndoRemovesThem) {
  TestServer& s = TestServer::Get();
  Response e = Export("county", "schools", "format=csv");
  ASSERT_EQ(e.status, 200);
  std::vector<std::string> lines = Lines(e.body);
  ASSERT_EQ(lines.size(), 4u);
  std::string added;
  for (const std::string& l : lines) {
    if (l.find(kSchoolC) != std::string::npos) added = l;  // 双江中学, township 1
  }
  ASSERT_NE(added.find("双江中学"), std::string::npos) << e.body;
  added.replace(added.find(kSchoolC), 10, "5002350009");
  added.replace(added.find("双江中学"), std::string("双江中学").size(), "双江二中");
  lines.push_back(added);
  // Check mode writes nothing.
  Response check = Upload("county", "table=schools&check=1&file_name=new.csv", Join(lines));
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_EQ(check.json["errors"], 0) << check.body;
  EXPECT_EQ(check.json["rows"]["added"], 1);
  EXPECT_EQ(s.Call("GET", "/api/v1/schools", "county").json["total"], 3);
  // The school account may change only its own school (B, C and the new one are refused).
  EXPECT_EQ(Upload("school", "table=schools&check=1", Join(lines)).json["errors"], 3);
  // The township-1 account: B lies in township 2.
  EXPECT_EQ(Upload("town", "table=schools&check=1", Join(lines)).json["errors"], 1);
  Response r = Upload("county", "table=schools&file_name=new.csv", Join(lines));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["written"], true) << r.body;
  EXPECT_EQ(r.json["rows"]["added"], 1);
  int64_t id = r.json["import_id"];
  // The registries are reloaded: the new school is listed at once.
  EXPECT_EQ(s.Call("GET", "/api/v1/schools", "county").json["total"], 4);
  EXPECT_EQ(s.Call("GET", "/api/v1/schools/5002350009", "county").status, 200);
  EXPECT_EQ(LastAuditAction(), "import.write");
  // The journal: county-wide staff see it, the school account does not.
  Response list = s.Call("GET", "/api/v1/imports", "county");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json["items"][0]["id"], id);
  EXPECT_EQ(list.json["items"][0]["file_name"], "new.csv");
  EXPECT_EQ(list.json["items"][0]["rows_added"], 1);
  Response school_list = s.Call("GET", "/api/v1/imports", "school");  // kept alive for the loop
  for (const Json& i : school_list.json["items"]) {
    EXPECT_NE(i["id"], id);
  }
  std::string undo = "/api/v1/imports/" + std::to_string(id) + "/undo";
  EXPECT_EQ(s.Call("POST", undo, "school").status, 404);
  Response u = s.Call("POST", undo, "county");
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_GT(u.json["undone_at"].get<int64_t>(), 0);
  EXPECT_EQ(s.Call("GET", "/api/v1/schools", "county").json["total"], 3);
  EXPECT_EQ(s.Call("GET", "/api/v1/schools/5002350009", "county").status, 404);
  EXPECT_EQ(s.Call("POST", undo, "county").status, 409);  // already undone
  EXPECT_EQ(LastAuditAction(), "import.undo");
}

TEST(IoFacesTest, MultipartUpload) {
  TestServer& s = TestServer::Get();
  Response e = Export("county", "schools", "format=csv");
  httplib::Client client("127.0.0.1", s.port);
  httplib::Headers h = {{"Authorization", "Bearer " + s.tokens.at("county")}};
  httplib::MultipartFormDataItems items = {{"file", e.body, "学校名录.csv", "text/csv"}};
  auto res = client.Post("/api/v1/import?table=schools&check=1", h, items);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  Json j = Json::parse(res->body);
  EXPECT_EQ(j["file"], "学校名录.csv");
  EXPECT_EQ(j["errors"], 0);
  EXPECT_EQ(j["rows"]["unchanged"], 3);
}

}  // namespace
}  // namespace zj::server::testing
