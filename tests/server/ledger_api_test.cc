// The work-ledger API against the fixture server: scoping of lists and details, a progress report
// with evidence upload and download (bytes and type preserved, audited), and refused uploads —
// wrong type, too big, path tricks in the name, bad Base64 — that leave no file and no row.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "server_fixture.h"

namespace zj::server::testing {
namespace {

std::filesystem::path EvidenceDir(const TestServer& s) {
  return std::filesystem::path(s.db_path).parent_path() / "evidence";
}

size_t FileCount(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return 0;
  size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

TEST(LedgerApiTest, ListsAreScopedToTheResponsibleUnit) {
  TestServer& s = TestServer::Get();
  Response school = s.Call("GET", "/api/v1/tasks?as_of=2023-06-30", "school");
  ASSERT_EQ(school.status, 200) << school.body;
  ASSERT_GE(school.json["items"].size(), 1u);
  for (const auto& t : school.json["items"]) EXPECT_EQ(t["unit_code"], kSchoolA) << t.dump();
  Response town = s.Call("GET", "/api/v1/tasks?as_of=2023-06-30", "town");
  ASSERT_EQ(town.status, 200);
  std::set<std::string> units;
  for (const auto& t : town.json["items"]) units.insert(t["unit_code"].get<std::string>());
  EXPECT_TRUE(units.count(kTown1));
  EXPECT_TRUE(units.count(kSchoolA));
  EXPECT_FALSE(units.count(kTown2));
  EXPECT_FALSE(units.count(kSchoolB));
  EXPECT_FALSE(units.count(kCounty));
  Response county = s.Call("GET", "/api/v1/tasks?as_of=2023-06-30", "county");
  ASSERT_EQ(county.status, 200);
  EXPECT_GE(county.json["items"].size(), 5u);
  // State as of a date: before the 2023-12-31 milestone the fixture tasks are in progress; after
  // it (milestone open) they are late, and the notice lists them by unit.
  Response detail = s.Call("GET", "/api/v1/tasks/t.county?as_of=2023-06-30", "county");
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.json["state_zh"], "进行中");
  EXPECT_EQ(detail.json["milestones"].size(), 1u);
  Response late = s.Call("GET", "/api/v1/tasks/t.county?as_of=2024-02-01", "county");
  EXPECT_EQ(late.json["state"], "late");
  EXPECT_EQ(late.json["overdue_milestones"], Json::array({1}));
  Response notice = s.Call("GET", "/api/v1/ledger/notice?as_of=2024-02-01", "county");
  ASSERT_EQ(notice.status, 200);
  bool county_group = false;
  for (const auto& g : notice.json["groups"]) county_group |= g["unit_code"] == kCounty;
  EXPECT_TRUE(county_group) << notice.body;
  Response bad = s.Call("GET", "/api/v1/tasks?as_of=2024-02-30", "county");
  EXPECT_EQ(bad.status, 400);
}

TEST(LedgerApiTest, ProgressWithEvidenceRoundTripsAndIsAudited) {
  TestServer& s = TestServer::Get();
  Response created =
      s.Call("POST", "/api/v1/tasks", "county",
             R"({"id":"api.labs","title":"新建探究实验室","unit_code":"5002350001",)"
             R"("due_date":"2025-12-31","planned_quantity":6,"quantity_unit":"间"})");
  ASSERT_EQ(created.status, 201) << created.body;
  Response p = s.Call("POST", "/api/v1/tasks/api.labs/progress", "school",
                      R"({"percent":50,"quantity":3,"text":"完成3间","report_date":"2023-05-01"})");
  ASSERT_EQ(p.status, 201) << p.body;
  EXPECT_EQ(p.json["seq"], 1);
  // "%PDF-1.4\n%\xe2\xe3\n" in Base64.
  Response up = s.Call("POST", "/api/v1/tasks/api.labs/progress/1/evidence", "school",
                       R"({"file_name":"验收单.pdf","content_base64":"JVBERi0xLjQKJeLjCg=="})");
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json["media_type"], "application/pdf");
  EXPECT_EQ(up.json["size"], 13);
  const std::string id = up.json["id"];
  Response down = s.Call("GET", "/api/v1/evidence/" + id, "county");
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, std::string("%PDF-1.4\n%\xe2\xe3\n"));
  EXPECT_EQ(down.headers["Content-Type"], "application/pdf");
  EXPECT_EQ(s.Call("GET", "/api/v1/evidence/" + id, "leader").status, 200);
  Response detail = s.Call("GET", "/api/v1/tasks/api.labs?as_of=2023-06-01", "school");
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.json["state"], "in_progress");
  EXPECT_EQ(detail.json["quantity"], 3);
  EXPECT_EQ(detail.json["progress"][0]["evidence"][0]["file_name"], "验收单.pdf");
  // Every write left an audit entry.
  Response audit = s.Call("GET", "/api/v1/audit?limit=500&order=desc", "auditor");
  ASSERT_EQ(audit.status, 200);
  std::set<std::string> actions;
  for (const auto& e : audit.json["items"]) actions.insert(e["action"].get<std::string>());
  EXPECT_TRUE(actions.count("tasks.create"));
  EXPECT_TRUE(actions.count("tasks.progress"));
  EXPECT_TRUE(actions.count("tasks.evidence"));
}

TEST(LedgerApiTest, TasksWithoutAnIdAreNumberedAndCanBeEdited) {
  TestServer& s = TestServer::Get();
  const std::string body =
      R"({"title":"新建智慧教室","unit_code":"5002350001","due_date":"2025-06-30",)"
      R"("department":"装备科","planned_quantity":4,"quantity_unit":"间"})";
  Response a = s.Call("POST", "/api/v1/tasks", "county", body);
  ASSERT_EQ(a.status, 201) << a.body;
  Response b = s.Call("POST", "/api/v1/tasks", "county", body);
  ASSERT_EQ(b.status, 201) << b.body;
  const std::string ida = a.json["id"], idb = b.json["id"];
  EXPECT_EQ(ida.substr(0, 1), "T");
  EXPECT_EQ(ida.size(), std::string("T20260101-1").size()) << ida;
  EXPECT_EQ(ida.substr(ida.size() - 2), "-1") << ida;
  EXPECT_NE(ida, idb);
  EXPECT_EQ(a.json["department"], "装备科");
  // Edit: new title and due date; the school of another township may not take the task over.
  Response patched = s.Call("PATCH", "/api/v1/tasks/" + ida, "county",
                            R"({"title":"新建智慧教室（一期）","due_date":"2025-09-30"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json["title"], "新建智慧教室（一期）");
  EXPECT_EQ(patched.json["due_date"], "2025-09-30");
  const std::string move = R"({"unit_code":")" + std::string(kTown2) + R"("})";
  EXPECT_EQ(s.Call("PATCH", "/api/v1/tasks/" + ida, "town", move).status, 403);
  // A title is still required, and an explicit bad id is refused.
  EXPECT_EQ(s.Call("POST", "/api/v1/tasks", "county",
                   R"({"unit_code":"5002350001","due_date":"2025-06-30"})")
                .status,
            400);
  EXPECT_EQ(s.Call("POST", "/api/v1/tasks", "county",
                   R"({"id":"a/b","title":"x","unit_code":"5002350001","due_date":"2025-06-30"})")
                .status,
            400);
}

TEST(LedgerApiTest, BadUploadsAreRefusedAndLeaveNothing) {
  TestServer& s = TestServer::Get();
  ASSERT_EQ(s.Call("POST", "/api/v1/tasks/t.town1/progress", "town",
                   R"({"percent":10,"text":"x","report_date":"2022-01-01"})")
                .status,
            201);
  const size_t files = FileCount(EvidenceDir(s));
  Response before = s.Call("GET", "/api/v1/tasks/t.town1", "county");
  const std::string rows = before.json["progress"].dump();
  auto upload = [&](const std::string& body) {
    return s.Call("POST", "/api/v1/tasks/t.town1/progress/1/evidence", "town", body);
  };
  // An executable named .pdf ("MZ\x90\0").
  EXPECT_EQ(upload(R"({"file_name":"a.pdf","content_base64":"TVqQAA=="})").status, 400);
  // A PDF named .png.
  EXPECT_EQ(upload(R"({"file_name":"a.png","content_base64":"JVBERi0xLjQK"})").status, 400);
  EXPECT_EQ(upload(R"({"file_name":"../../a.pdf","content_base64":"JVBERi0xLjQK"})").status, 400);
  EXPECT_EQ(upload(R"({"file_name":"..\\a.pdf","content_base64":"JVBERi0xLjQK"})").status, 400);
  // A right-to-left override that would show "合同\u202Efdp.exe.pdf"-style names reversed.
  Response bidi = upload(R"({"file_name":"合同\u202Excod.pdf","content_base64":"JVBERi0xLjQK"})");
  EXPECT_EQ(bidi.status, 400) << bidi.body;
  EXPECT_NE(bidi.json["error"]["message"].get<std::string>().find("双向文本控制字符（U+202E）"),
            std::string::npos)
      << bidi.body;
  EXPECT_EQ(upload(R"({"file_name":"a.pdf","content_base64":"not base64!"})").status, 400);
  EXPECT_EQ(upload(R"({"file_name":"a.pdf"})").status, 400);
  // Over the fixture's 16 KiB evidence limit (within the 64 KiB request limit): 413.
  std::string big = "JVBERi0x" + std::string(24 * 1024, 'A');
  Response too_big = upload(R"({"file_name":"a.pdf","content_base64":")" + big + "\"}");
  EXPECT_EQ(too_big.status, 413) << too_big.body;
  EXPECT_EQ(too_big.json["error"]["code"], "payload_too_large");
  // Unknown progress report.
  EXPECT_EQ(s.Call("POST", "/api/v1/tasks/t.town1/progress/99/evidence", "town",
                   R"({"file_name":"a.pdf","content_base64":"JVBERi0xLjQK"})")
                .status,
            404);
  EXPECT_EQ(FileCount(EvidenceDir(s)), files);
  Response after = s.Call("GET", "/api/v1/tasks/t.town1", "county");
  EXPECT_EQ(after.json["progress"].dump(), rows);
  // Progress validation.
  EXPECT_EQ(
      s.Call("POST", "/api/v1/tasks/t.town1/progress", "town", R"({"percent":120,"text":"x"})")
          .status,
      400);
  EXPECT_EQ(s.Call("POST", "/api/v1/tasks/t.town1/progress", "town",
                   R"({"percent":10,"text":"x","report_date":"2999-01-01"})")
                .status,
            400);
}

}  // namespace
}  // namespace zj::server::testing
