// The shared HTTP fixture (server_fixture.h): registries written through the Store API into a
// temporary SQLite file, accounts and bearer tokens through the server's account functions, and
// the server on an ephemeral port. Plus sanity tests of the fixture itself.
#include "server_fixture.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "zj/common/embedded.h"
#include "zj/common/id_number.h"
#include "zj/service/accounts.h"
#include "zj/service/plans.h"
#include "zj/storage/account_store.h"
#include "zj/storage/sqlite_store.h"

namespace zj::server::testing {

using model::Stage;

Status FillRegistries(model::Store& store, bool synthetic) {
  return store.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(store.SetInfo({0, synthetic, kCounty, "server tests"}));
    ZJ_RETURN_IF_ERROR(store.PutAdminUnits({
        {kCounty, "云阳县", model::AdminLevel::kCounty, "", 0},
        {kTown1, "双江街道", model::AdminLevel::kTownship, kCounty, 111},
        {kTown2, "青龙街道", model::AdminLevel::kTownship, kCounty, 220},
    }));
    model::School a{kSchoolA, "双江小学", 211,   true, false, model::KindergartenRating::kNone,
                    kTown1,   111,        false, 0,    0};
    model::School b{kSchoolB, "青龙小学", 211,   true, false, model::KindergartenRating::kNone,
                    kTown2,   220,        false, 0,    0};
    model::School c{kSchoolC, "双江中学", 311,  false, false, model::KindergartenRating::kNone,
                    kTown1,   121,        true, 0,     0};
    ZJ_RETURN_IF_ERROR(store.PutSchools({a, b, c}));
    ZJ_RETURN_IF_ERROR(store.PutClasses({
        {1, kSchoolA, kYear, Stage::kPrimary, 1, "一年级（1）班"},
        {2, kSchoolA, kYear, Stage::kPrimary, 2, "二年级（1）班"},
        {3, kSchoolB, kYear, Stage::kPrimary, 1, "一年级（1）班"},
        {4, kSchoolC, kYear, Stage::kJunior, 1, "七年级（1）班"},
    }));
    static const char* kNames[] = {"张小明", "李华", "王芳芳", "赵磊", "陈晨", "刘洋",
                                   "杨帆",   "黄丽", "周杰",   "吴敏", "徐静", "孙悦"};
    std::vector<model::Student> students;
    std::vector<model::Enrolment> enrolments;
    for (int i = 0; i < 12; ++i) {
      model::Student s;
      s.id = i + 1;
      s.name = kNames[i];
      s.birth_date = Date{2013 - (i >= 8 ? 6 : i % 2), 3 + i % 9, 1 + i};
      s.id_number = MakeIdNumber(kCounty, s.birth_date, 101 + i);
      s.gender = i % 2 ? model::Gender::kFemale : model::Gender::kMale;
      students.push_back(s);
      model::Enrolment e;
      e.student_id = s.id;
      e.year = kYear;
      e.school_code = i < 4 ? kSchoolA : i < 8 ? kSchoolB : kSchoolC;
      e.class_id = i < 2 ? 1 : i < 4 ? 2 : i < 8 ? 3 : 4;
      e.stage = i < 8 ? Stage::kPrimary : Stage::kJunior;
      e.grade = e.class_id == 2 ? 2 : 1;
      enrolments.push_back(e);
    }
    ZJ_RETURN_IF_ERROR(store.PutStudents(students));
    ZJ_RETURN_IF_ERROR(store.PutEnrolments(enrolments));
    std::vector<model::Teacher> teachers;
    std::vector<model::TeacherYear> years;
    const char* schools[] = {kSchoolA, kSchoolB, kSchoolC};
    for (int i = 0; i < 6; ++i) {
      model::Teacher t;
      t.birth_date = Date{1980 + i, 1 + i, 10 + i};
      t.id = MakeIdNumber(kCounty, t.birth_date, 201 + i);
      t.name = i % 2 ? "钱老师" : "欧阳老师";
      // The 身份证号's sequence (201 + i) decides the gender: odd = male.
      t.gender = i % 2 ? model::Gender::kFemale : model::Gender::kMale;
      teachers.push_back(t);
      model::TeacherYear y;
      y.teacher_id = t.id;
      y.year = kYear;
      y.school_code = schools[i / 2];
      y.stage = i >= 4 ? Stage::kJunior : Stage::kPrimary;
      y.education = 21;
      y.title = model::TeacherTitle::kFirst;
      years.push_back(y);
    }
    ZJ_RETURN_IF_ERROR(store.PutTeachers(teachers));
    ZJ_RETURN_IF_ERROR(store.PutTeacherYears(years));
    std::vector<model::Facility> facilities;
    for (const char* code : schools) {
      model::Facility f;
      f.school_code = code;
      f.year = kYear;
      f.teaching_area_m2 = 1200;
      f.classrooms = 6;
      facilities.push_back(f);
    }
    ZJ_RETURN_IF_ERROR(store.PutFacilities(facilities));
    ZJ_RETURN_IF_ERROR(
        store.PutDataValues({{"fiscal_education_share", kCounty, kYear, 4.2, "%", "测试", ""}}));
    // Work ledger: one task per unit (county, both townships, schools A and B), each with a
    // milestone and a first progress report (evidence uploads hang on it).
    std::vector<model::Task> tasks;
    std::vector<model::Milestone> milestones;
    std::vector<model::TaskProgress> progress;
    for (auto [id, unit] : {std::pair{"t.county", kCounty},
                            {"t.town1", kTown1},
                            {"t.town2", kTown2},
                            {"t.schoolA", kSchoolA},
                            {"t.schoolB", kSchoolB}}) {
      model::Task t;
      t.id = id;
      t.plan_id = "yunyang-2021-2025";
      t.section_id = "p3.4.2";
      t.title = std::string("测试任务 ") + id;
      t.unit_code = unit;
      t.department = "教育装备";
      t.start_date = {2021, 1, 1};
      t.due_date = {2025, 12, 31};
      tasks.push_back(t);
      milestones.push_back({id, 1, "中期过半", {2023, 12, 31}, {}, 0});
      progress.push_back({id, 1, {2022, 6, 30}, 30, 0, "启动", "测试"});
    }
    ZJ_RETURN_IF_ERROR(store.PutTasks(tasks));
    ZJ_RETURN_IF_ERROR(store.PutMilestones(milestones));
    return store.PutTaskProgress(progress);
  });
}

TestServer& TestServer::Get() {
  static TestServer* server = new TestServer();  // lives until exit; see ~TestServer
  static struct Cleanup {
    ~Cleanup() { delete server; }
  } cleanup;
  return *server;
}

TestServer::TestServer() {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("zj_server_test_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "web" / "assets");
  db_path = (dir / "county.db").string();
  web_root = dir / "web";
  secret_path = (dir / "secret.txt").string();
  std::ofstream(web_root / "index.html") << "<!doctype html><title>zhijiao</title>";
  std::ofstream(web_root / "assets" / "app.js") << "console.log('app')";
  std::ofstream(secret_path) << "TOP-SECRET-CONTENT";

  storage::OpenOptions options;
  options.create_if_missing = true;
  auto store = storage::SqliteStore::Open(db_path, options);
  if (!store.ok()) throw std::runtime_error(store.status().ToString());
  Status st = FillRegistries(**store, /*synthetic=*/true);
  if (!st.ok()) throw std::runtime_error(st.ToString());
  // The county's plan lives in the database (as `zhijiao demo` stores it).
  auto plan =
      service::ImportPlan(**store, *common::EmbeddedFile("data/plans/yunyang-2021-2025.json"),
                          service::Actor{0, "test-setup", "local"}, now);
  if (!plan.ok()) throw std::runtime_error(plan.status().ToString());
  auto accounts = storage::OpenSqliteAccountStore(db_path);
  if (!accounts.ok()) throw std::runtime_error(accounts.status().ToString());
  auto hierarchy = service::LoadHierarchy(**store);
  if (!hierarchy.ok()) throw std::runtime_error(hierarchy.status().ToString());
  service::Actor actor{0, "test-setup", "local"};
  for (const FixtureAccount& a : kAccounts) {
    service::NewAccount n{a.username, "", a.role, a.unit, kPassword, a.view_personal};
    auto user = service::CreateAccount(**hierarchy, **accounts, n, actor, now);
    if (!user.ok()) throw std::runtime_error(user.status().ToString());
    user_ids[a.username] = user->id;
    auto token = service::CreateToken(**accounts, *user, "tests", 0, actor, now);
    if (!token.ok()) throw std::runtime_error(token.status().ToString());
    tokens[a.username] = token->token;
  }

  ServerConfig config;
  config.host = "127.0.0.1";
  config.port = 0;
  config.threads = 8;
  config.web_root = web_root.string();
  config.payload_max_bytes = 64 * 1024;
  config.import_max_bytes = 256 * 1024;
  config.evidence_dir = (dir / "evidence").string();
  config.evidence_max_bytes = 16 * 1024;
  // The connection gate (gate_test.cc): short enough for a test to see a deadline pass.
  config.header_timeout_seconds = 2;
  config.max_pending_per_address = 32;
  config.session_ttl_seconds = 3600;
  config.login = LoginLimits{5, 1000, 900, 900};
  // A county's own unit cost (evaluation_api_test checks it reaches the remediation plan).
  config.evaluation_overrides = R"({"unit_costs": {"teaching_area_m2": 2500}})";
  auto server = ApiServer::Create(config, std::move(*store), std::move(*accounts),
                                  [this] { return now.load(); });
  if (!server.ok()) throw std::runtime_error(server.status().ToString());
  server_ = std::move(*server);
  Status bound = server_->Bind();
  if (!bound.ok()) throw std::runtime_error(bound.ToString());
  port = server_->port();
  thread_ = std::thread([this] { (void)server_->Run(); });
  // Wait until the listener answers.
  for (int i = 0; i < 200; ++i) {
    httplib::Client probe("127.0.0.1", port);
    if (auto r = probe.Get("/api/v1/health"); r && r->status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

TestServer::~TestServer() {
  server_->Stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
  std::error_code ec;
  std::filesystem::remove_all(std::filesystem::path(db_path).parent_path(), ec);
}

Response TestServer::Raw(const std::string& method, const std::string& path,
                         const httplib::Headers& headers, const std::string& body,
                         const std::string& content_type) {
  httplib::Client client("127.0.0.1", port);
  client.set_url_encode(false);
  client.set_read_timeout(30, 0);
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = headers;
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    req.body = body;
    req.set_header("Content-Type", content_type);
  }
  httplib::Result res = client.send(req);
  Response out;
  if (!res) {
    out.status = -1;
    return out;
  }
  out.status = res->status;
  out.body = res->body;
  for (const auto& [k, v] : res->headers) out.headers[k] = v;
  out.json = Json::parse(out.body, nullptr, false);
  if (out.json.is_discarded()) out.json = nullptr;
  return out;
}

Response TestServer::Call(const std::string& method, const std::string& path,
                          const std::string& username, const std::string& body,
                          const httplib::Headers& extra) {
  httplib::Headers headers = extra;
  if (!username.empty()) headers.emplace("Authorization", "Bearer " + tokens.at(username));
  return Raw(method, path, headers, body);
}

namespace {

TEST(FixtureTest, InfoIsPublicAndListsNoDemoAccountWithoutItsDemoPassword) {
  TestServer& s = TestServer::Get();
  Response r = s.Call("GET", "/api/v1/info");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["synthetic"], true);
  EXPECT_EQ(r.json["county_code"], kCounty);
  EXPECT_EQ(r.json["county_name"], "云阳县");
  EXPECT_EQ(r.json["years"], Json::array({kYear}));
  // Accounts named like the demo ones exist, but not with the demo passwords: none is listed.
  EXPECT_EQ(r.json["demo_accounts"], Json::array());
  EXPECT_EQ(r.body.find("password_hash"), std::string::npos);
}

}  // namespace
}  // namespace zj::server::testing
