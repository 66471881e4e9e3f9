// The projection endpoints on a real server over the synthetic demo county (school years
// 2020–2025): runs and their cache ids, scenario validation errors (tests/server/cases/
// projection_errors.tsv), the caller's scope in every answer and in the xlsx, sorting and paging of
// the school table, the township ranking, targets, and the backtest table (printed to the log).
// The API's numbers are compared with a direct engine run on the same database.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "zj/engine/projection.h"
#include "zj/engine/projection_backtest.h"
#include "zj/io/xlsx_reader.h"
#include "zj/server/server.h"
#include "zj/service/accounts.h"
#include "zj/sim/demo.h"
#include "zj/storage/account_store.h"
#include "zj/storage/sqlite_store.h"

namespace zj::server {
namespace {

using Json = nlohmann::json;

struct Reply {
  int status = 0;
  std::string body;
  std::string content_type;
  Json json;
};

// The demo county served with one account per role: county staff (county), town (a township),
// school (a school of that township), leader (county) and admin (county).
class ProjectionServer {
 public:
  static ProjectionServer& Get() {
    static ProjectionServer* s = new ProjectionServer();
    return *s;
  }

  std::string db_path, town, other_town, school;
  std::map<std::string, std::string> tokens;
  int port = 0;

  Reply Call(const std::string& method, const std::string& path, const std::string& user,
             const std::string& body = "", const std::string& content_type = "application/json") {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(120, 0);
    httplib::Headers h;
    if (!user.empty()) h.emplace("Authorization", "Bearer " + tokens.at(user));
    httplib::Result res =
        method == "POST" ? client.Post(path, h, body, content_type) : client.Get(path, h);
    Reply out;
    if (!res) return out;
    out.status = res->status;
    out.body = res->body;
    out.content_type = res->get_header_value("Content-Type");
    out.json = Json::parse(out.body, nullptr, false);
    if (out.json.is_discarded()) out.json = nullptr;
    return out;
  }

 private:
  ProjectionServer() {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("zj_projection_api_" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    db_path = (dir / "demo.db").string();
    storage::OpenOptions options;
    options.create_if_missing = true;
    auto store = storage::SqliteStore::Open(db_path, options);
    if (!store.ok()) throw std::runtime_error(store.status().ToString());
    sim::DemoOptions demo;
    demo.first_year = 2020;
    demo.last_year = 2025;
    Status st = sim::GenerateDemo(demo, **store);
    if (!st.ok()) throw std::runtime_error(st.ToString());
    auto schools = (*store)->ListSchools();
    if (!schools.ok() || schools->size() < 3) throw std::runtime_error("demo has no schools");
    // A township with at least two schools, and another township.
    std::map<std::string, int> per_town;
    for (const auto& s : *schools) ++per_town[s.township_code];
    for (const auto& [t, n] : per_town) {
      if (n >= 2 && town.empty()) town = t;
    }
    for (const auto& [t, n] : per_town) {
      if (t != town && other_town.empty()) other_town = t;
    }
    for (const auto& s : *schools) {
      if (s.township_code == town && school.empty()) school = s.code;
    }
    auto accounts = storage::OpenSqliteAccountStore(db_path);
    if (!accounts.ok()) throw std::runtime_error(accounts.status().ToString());
    auto hierarchy = service::LoadHierarchy(**store);
    if (!hierarchy.ok()) throw std::runtime_error(hierarchy.status().ToString());
    service::Actor actor{0, "test-setup", "local"};
    const struct {
      const char* name;
      model::Role role;
      std::string unit;
    } kUsers[] = {{"county", model::Role::kCountyStaff, "500235"},
                  {"town", model::Role::kCountyStaff, town},
                  {"school", model::Role::kSchool, school},
                  {"leader", model::Role::kLeader, "500235"},
                  {"admin", model::Role::kAdmin, "500235"}};
    for (const auto& u : kUsers) {
      service::NewAccount n{u.name, "", u.role, u.unit, "correct-horse-1", false};
      auto user = service::CreateAccount(**hierarchy, **accounts, n, actor, 1'700'000'000);
      if (!user.ok()) throw std::runtime_error(user.status().ToString());
      auto token = service::CreateToken(**accounts, *user, "tests", 0, actor, 1'700'000'000);
      if (!token.ok()) throw std::runtime_error(token.status().ToString());
      tokens[u.name] = token->token;
    }
    ServerConfig config;
    config.host = "127.0.0.1";
    config.port = 0;
    config.threads = 4;
    config.preload = false;
    auto server = ApiServer::Create(config, std::move(*store), std::move(*accounts),
                                    [] { return int64_t{1'700'000'000}; });
    if (!server.ok()) throw std::runtime_error(server.status().ToString());
    server_ = std::move(*server);
    Status bound = server_->Bind();
    if (!bound.ok()) throw std::runtime_error(bound.ToString());
    port = server_->port();
    thread_ = std::thread([this] { (void)server_->Run(); });
    for (int i = 0; i < 200; ++i) {
      httplib::Client probe("127.0.0.1", port);
      if (auto r = probe.Get("/api/v1/health"); r && r->status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  std::unique_ptr<ApiServer> server_;
  std::thread thread_;
};

TEST(ProjectionApiTest, DefaultRunHasSeriesIntervalsTargetsAndEqualsTheEngine) {
  auto& s = ProjectionServer::Get();
  Reply r = s.Call("POST", "/api/v1/projections", "county", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  const Json& run = r.json;
  EXPECT_EQ(run["base_year"], 2025);
  EXPECT_EQ(run["horizon"], 10);
  EXPECT_EQ(run["synthetic"], true);
  ASSERT_TRUE(run["county"].is_object());
  ASSERT_EQ(run["county"]["years"].size(), 11u);
  EXPECT_EQ(run["county"]["years"][0]["recorded"], true);
  EXPECT_TRUE(run["county"]["years"][0]["students_interval"].is_null());
  ASSERT_TRUE(run["county"]["years"][1]["students_interval"].is_array());
  EXPECT_FALSE(run["indicators"].empty());
  EXPECT_FALSE(run["townships"].empty());

  // "default" names the same run.
  Reply d = s.Call("GET", "/api/v1/projections/default", "county");
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.json, run);
  Reply again = s.Call("GET", "/api/v1/projections/" + run["id"].get<std::string>(), "county");
  EXPECT_EQ(again.json, run);

  // The same numbers as the engine on the same database (intervals from the same backtest).
  storage::OpenOptions oo;
  oo.read_only = true;
  auto store = storage::SqliteStore::Open(s.db_path, oo);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto input = engine::LoadProjectionInput(**store);
  ASSERT_TRUE(input.ok());
  auto sc = engine::DefaultScenario();
  ASSERT_TRUE(sc.ok());
  engine::ProjectionInput hist = input->TruncatedTo(2025, 2025);
  engine::BacktestOptions bo;
  bo.first_origin = std::max(input->first_year + 1, std::min(input->first_year + sc->window, 2024));
  bo.last_origin = 2024;
  auto bt = engine::Backtest(hist, *sc, bo);
  ASSERT_TRUE(bt.ok()) << bt.status().ToString();
  engine::ProjectionOptions po;
  po.base_year = 2025;
  po.horizon = 10;
  po.errors = &bt->errors;
  auto direct = engine::Project(*input, *sc, po);
  ASSERT_TRUE(direct.ok());
  for (size_t k = 0; k < direct->county.years.size(); ++k) {
    const auto& y = direct->county.years[k];
    const Json& j = run["county"]["years"][k];
    EXPECT_EQ(j["year"], y.year);
    EXPECT_NEAR(j["students"].get<double>(), y.students, 0.051) << y.year;
    EXPECT_NEAR(j["seat_gap"].get<double>(), y.seat_gap, 0.051) << y.year;
    EXPECT_NEAR(j["teachers_needed"].get<double>(), y.teachers_needed, 0.051) << y.year;
    if (y.students_interval) {
      EXPECT_NEAR(j["students_interval"][0].get<double>(), y.students_interval->first, 0.051);
      EXPECT_NEAR(j["students_interval"][1].get<double>(), y.students_interval->second, 0.051);
    }
  }
  EXPECT_EQ(run["townships"].size(), direct->townships.size());
}

TEST(ProjectionApiTest, RunsAreCachedPerRequestAndScenarioChangesTheNumbers) {
  auto& s = ProjectionServer::Get();
  Reply a = s.Call("POST", "/api/v1/projections", "county",
                   R"({"horizon": 5, "scenario": {"name": "低", "births": {"variant": "low"}}})");
  Reply b = s.Call("POST", "/api/v1/projections", "county",
                   R"({"scenario": {"births": {"variant": "low"}, "name": "低"}, "horizon": 5})");
  Reply c = s.Call("POST", "/api/v1/projections", "county",
                   R"({"horizon": 5, "scenario": {"name": "高", "births": {"variant": "high"}}})");
  ASSERT_EQ(a.status, 200) << a.body;
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(a.json["id"], b.json["id"]);  // key order does not matter
  EXPECT_NE(a.json["id"], c.json["id"]);
  EXPECT_EQ(a.json["scenario"], "低");
  ASSERT_EQ(a.json["county"]["years"].size(), 6u);
  // Low births: fewer pupils at the end of the horizon than high births (entrants from 2026 on).
  EXPECT_LT(a.json["county"]["years"][5]["students"].get<double>(),
            c.json["county"]["years"][5]["students"].get<double>());
  // The base year is recorded data: the same for both.
  EXPECT_EQ(a.json["county"]["years"][0], c.json["county"]["years"][0]);
  Reply missing = s.Call("GET", "/api/v1/projections/0123456789abcdef", "county");
  EXPECT_EQ(missing.status, 404) << missing.body;
}

// tests/server/cases/projection_errors.tsv: body → status and a message fragment naming the field.
TEST(ProjectionApiTest, ScenarioAndRequestErrorsNameTheField) {
  auto& s = ProjectionServer::Get();
  std::ifstream f(std::string(ZJ_TEST_DATA_DIR) + "/cases/projection_errors.tsv");
  ASSERT_TRUE(f) << "case file missing";
  std::string line;
  int cases = 0;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ls(line);
    std::string col;
    while (std::getline(ls, col, '\t')) cols.push_back(col);
    ASSERT_EQ(cols.size(), 3u) << line;
    Reply r = s.Call("POST", "/api/v1/projections", "county", cols[0]);
    EXPECT_EQ(r.status, std::stoi(cols[1])) << cols[0] << " → " << r.body;
    ASSERT_TRUE(r.json.contains("error")) << r.body;
    std::string message = r.json["error"]["message"];
    EXPECT_NE(message.find(cols[2]), std::string::npos)
        << cols[0] << ": \"" << message << "\" lacks \"" << cols[2] << "\"";
    ++cases;
  }
  EXPECT_GE(cases, 10);
  // Query parameters of the tables.
  EXPECT_EQ(s.Call("GET", "/api/v1/projections/default/schools?sort=name", "county").status, 400);
  EXPECT_EQ(s.Call("GET", "/api/v1/projections/default/schools?year=2024", "county").status, 400);
  EXPECT_EQ(s.Call("GET", "/api/v1/projections/default/townships?year=2036", "county").status, 400);
  EXPECT_EQ(s.Call("GET", "/api/v1/projections/backtest?base_year=2019", "county").status, 400);
}

TEST(ProjectionApiTest, AnswersAreCutToTheCallersScope) {
  auto& s = ProjectionServer::Get();
  // Town staff: its township only, the county aggregate above it, its township's schools.
  Reply t = s.Call("GET", "/api/v1/projections/default", "town");
  ASSERT_EQ(t.status, 200) << t.body;
  ASSERT_EQ(t.json["townships"].size(), 1u);
  EXPECT_EQ(t.json["townships"][0]["code"], s.town);
  EXPECT_TRUE(t.json["county"].is_object());
  Reply ts = s.Call("GET", "/api/v1/projections/default/schools?page_size=200", "town");
  ASSERT_EQ(ts.status, 200);
  ASSERT_GE(ts.json["total"].get<int>(), 2);
  for (const auto& row : ts.json["items"]) EXPECT_EQ(row["township_code"], s.town);
  Reply filtered =
      s.Call("GET", "/api/v1/projections/default/schools?township=" + s.other_town, "town");
  EXPECT_EQ(filtered.json["total"], 0);
  Reply tr = s.Call("GET", "/api/v1/projections/default/townships", "town");
  ASSERT_EQ(tr.json["items"].size(), 1u);

  // School account: its own school only.
  Reply ss = s.Call("GET", "/api/v1/projections/default/schools", "school");
  ASSERT_EQ(ss.status, 200) << ss.body;
  ASSERT_EQ(ss.json["total"], 1);
  EXPECT_EQ(ss.json["items"][0]["code"], s.school);

  // County staff and leader: everything.
  Reply cs = s.Call("GET", "/api/v1/projections/default/schools?page_size=1", "county");
  Reply ls = s.Call("GET", "/api/v1/projections/default/schools?page_size=1", "leader");
  EXPECT_GT(cs.json["total"].get<int>(), ts.json["total"].get<int>());
  EXPECT_EQ(cs.json["total"], ls.json["total"]);
  // Administrators have no aggregate access.
  EXPECT_EQ(s.Call("GET", "/api/v1/projections/default", "admin").status, 403);
  EXPECT_EQ(s.Call("POST", "/api/v1/projections", "admin", "{}").status, 403);
  EXPECT_EQ(s.Call("GET", "/api/v1/projections/default", "").status, 401);

  // The workbook follows the scope: the town's xlsx has only its schools.
  Reply x = s.Call("GET", "/api/v1/projections/default/xlsx", "town");
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(x.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  auto book = io::XlsxWorkbook::FromBytes(x.body);
  ASSERT_TRUE(book.ok()) << book.status().ToString();
  std::vector<std::string> names;
  for (const auto& sh : (*book)->sheets()) names.push_back(sh.name);
  EXPECT_EQ(names, (std::vector<std::string>{"十五五建议指标", "县", "乡镇", "学校", "说明"}));
  auto rows = (*book)->OpenSheet((*book)->FindSheet("学校"));
  ASSERT_TRUE(rows.ok());
  int school_rows = 0;
  io::SheetRow row;
  for (;;) {
    auto more = (*rows)->Next(&row);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    const io::Cell* code = row.Find(0);
    const io::Cell* town = row.Find(2);
    // Data rows: a 10-digit 学校标识码 in column A (title and header rows have none).
    if (code && town && code->text.size() == 10 &&
        code->text.find_first_not_of("0123456789") == std::string::npos) {
      EXPECT_EQ(town->text, s.town) << code->text;
      ++school_rows;
    }
  }
  EXPECT_EQ(school_rows, ts.json["total"].get<int>() * 11);
}

TEST(ProjectionApiTest, SchoolTableSortsAndPagesTownshipRankingAndTargets) {
  auto& s = ProjectionServer::Get();
  Reply gap =
      s.Call("GET", "/api/v1/projections/default/schools?sort=seat_gap&page_size=50", "county");
  ASSERT_EQ(gap.status, 200) << gap.body;
  EXPECT_EQ(gap.json["year"], 2030);
  const Json& g = gap.json["items"];
  for (size_t i = 1; i < g.size(); ++i) {
    EXPECT_GE(g[i - 1]["seat_gap"].get<double>(), g[i]["seat_gap"].get<double>());
  }
  Reply teach =
      s.Call("GET", "/api/v1/projections/default/schools?sort=teacher_gap&page_size=50&year=2027",
             "county");
  ASSERT_EQ(teach.status, 200);
  EXPECT_EQ(teach.json["year"], 2027);
  const Json& tg = teach.json["items"];
  for (size_t i = 1; i < tg.size(); ++i) {
    EXPECT_GE(tg[i - 1]["teacher_gap"].get<double>(), tg[i]["teacher_gap"].get<double>());
  }
  for (const auto& row : tg) {
    EXPECT_NEAR(row["teacher_gap"].get<double>(),
                row["teachers_needed"].get<double>() - row["teachers_in_post"].get<double>(), 0.11);
  }
  // Paging: page 2 of size 7 continues page 1 of size 14.
  Reply p14 = s.Call("GET", "/api/v1/projections/default/schools?page_size=14", "county");
  Reply p2 = s.Call("GET", "/api/v1/projections/default/schools?page_size=7&page=2", "county");
  ASSERT_EQ(p2.json["items"].size(), 7u);
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(p2.json["items"][i], p14.json["items"][7 + i]);

  Reply rank = s.Call("GET", "/api/v1/projections/default/townships?sort=change", "county");
  ASSERT_EQ(rank.status, 200);
  const Json& rk = rank.json["items"];
  ASSERT_GT(rk.size(), 3u);
  for (size_t i = 1; i < rk.size(); ++i) {
    EXPECT_LE(rk[i - 1]["change_pct"].get<double>(), rk[i]["change_pct"].get<double>());
    EXPECT_EQ(rk[i]["rank"], i + 1);
  }
  Reply run = s.Call("GET", "/api/v1/projections/default", "county");
  Reply targets = s.Call("GET", "/api/v1/projections/default/targets", "county");
  ASSERT_EQ(targets.status, 200);
  EXPECT_EQ(targets.json["items"], run.json["indicators"]);
  EXPECT_EQ(targets.json["target_year"], 2030);
}

TEST(ProjectionApiTest, BacktestTablePrintedToTheLog) {
  auto& s = ProjectionServer::Get();
  Reply r = s.Call("GET", "/api/v1/projections/backtest", "leader");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["available"], true);
  // Origins: first registry year + window = 2020 + 3 … base − 1 = 2024.
  EXPECT_EQ(r.json["origins"].front(), 2023);
  EXPECT_EQ(r.json["origins"].back(), 2024);
  std::map<std::string, std::map<int, double>> table;
  for (const auto& c : r.json["cells"]) {
    if (c["quantity"] != "enrolment") continue;
    table[c["level"].get<std::string>() + " " + c["forecaster"].get<std::string>()]
         [c["lead"].get<int>()] = c["mape"].get<double>();
  }
  ASSERT_TRUE(table.count("county model"));
  std::printf(
      "MAPE %% of total enrolment, demo county 2020–2025 (synthetic), origins 2023–2024:\n");
  for (const auto& [k, leads] : table) {
    std::printf("  %-24s", k.c_str());
    for (const auto& [lead, m] : leads) std::printf("  h%d %6.2f", lead, m);
    std::printf("\n");
  }
  // The model's county error at lead 1 is below persistence's (the demo county is shrinking).
  EXPECT_LT(table["county model"][1], table["county persistence"][1]);
  EXPECT_EQ(s.Call("GET", "/api/v1/projections/backtest", "admin").status, 403);
}

// Runs after the others (it changes the records): an import of births changes the default run,
// and undoing it brings the first numbers back — the cached input and runs follow the records.
TEST(ProjectionApiTest, ImportAndUndoRefreshTheProjection) {
  auto& s = ProjectionServer::Get();
  Reply before = s.Call("GET", "/api/v1/projections/default", "county");
  ASSERT_EQ(before.status, 200) << before.body;
  Reply births = s.Call("GET", "/api/v1/export/births?format=csv", "county");
  ASSERT_EQ(births.status, 200) << births.body;
  // 乡镇街道,出生年份,月份,出生人数: births of 2019–2024 (first graders of 2025–2030) doubled.
  std::istringstream in(births.body);
  std::string line, changed;
  int doubled = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
    if (f.size() == 4 && f[1] >= "2019" && f[1] <= "2024" && std::isdigit(f[3][0])) {
      line = f[0] + "," + f[1] + "," + f[2] + "," + std::to_string(2 * std::stoi(f[3]));
      ++doubled;
    }
    changed += line + "\n";
  }
  ASSERT_GT(doubled, 0);
  Reply imported = s.Call("POST", "/api/v1/import?table=births&file_name=births.csv", "county",
                          changed, "text/csv");
  ASSERT_EQ(imported.status, 200) << imported.body;
  ASSERT_EQ(imported.json["written"], true) << imported.body;
  Reply after = s.Call("GET", "/api/v1/projections/default", "county");
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.json["county"], before.json["county"]);
  const std::string undo =
      "/api/v1/imports/" + std::to_string(imported.json["import_id"].get<int64_t>()) + "/undo";
  ASSERT_EQ(s.Call("POST", undo, "county").status, 200);
  Reply undone = s.Call("GET", "/api/v1/projections/default", "county");
  EXPECT_EQ(undone.json["county"], before.json["county"]);
}

}  // namespace
}  // namespace zj::server
