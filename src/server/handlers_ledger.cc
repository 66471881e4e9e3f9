// Work ledger (工作台账), 督查督办 通报, evidence files and the evaluation report download. A task
// is visible to the accounts whose unit covers its responsible unit (a school sees its own tasks, a
// township its own and its schools', the county all). The rules and the audit live in
// zj/service/ledger.h; these handlers map JSON to its calls and its results back to JSON.
#include <sodium.h>

#include <algorithm>
#include <map>

#include "dto.h"
#include "handlers.h"
#include "zj/common/school_year.h"
#include "zj/engine/ledger.h"
#include "zj/engine/plan_report.h"
#include "zj/io/plan_report_render.h"
#include "zj/server/evidence.h"
#include "zj/service/auth.h"
#include "zj/service/ledger.h"

namespace zj::server::internal {
namespace {

Date Today(const Call& c) { return Date::FromDays(c.Now() / 86400); }

Result<Date> QueryDate(const Call& c, const char* name, Date def) {
  auto v = c.Query(name);
  if (!v) return def;
  auto d = ParseDate(*v);
  if (!d)
    return Status::InvalidArgument(std::string("参数 ") + name + " 不是有效日期（YYYY-MM-DD）");
  return *d;
}

Result<std::optional<Date>> BodyDate(const Json& body, const char* key) {
  ZJ_ASSIGN_OR_RETURN(auto s, OptString(body, key));
  if (!s) return std::optional<Date>();
  auto d = ParseDate(*s);
  if (!d)
    return Status::InvalidArgument(std::string("字段 ") + key + " 不是有效日期（YYYY-MM-DD）");
  return std::optional<Date>(*d);
}

Result<std::optional<double>> OptNumber(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<double>();
  if (!it->is_number()) return Status::InvalidArgument(std::string("字段 ") + key + " 须为数字");
  return std::optional<double>(it->get<double>());
}

std::string UnitName(const Call& c, const std::string& code) {
  int node = c.hierarchy->Find(code);
  return node < 0 ? "" : c.hierarchy->unit(node).name;
}

using service::TaskBundle;

Result<TaskBundle> LoadTask(Call& c, const std::string& id) {
  return c.s.WithReader([&](model::Store& st) { return service::LoadTask(st, id, &c.scope); });
}

Json BundleJson(const Call& c, const TaskBundle& b, const Date& as_of) {
  const engine::TaskStatus status = engine::EvaluateTask(b.task, b.milestones, b.progress, as_of);
  Json j = TaskJson(b.task, status, UnitName(c, b.task.unit_code));
  Json ms = Json::array(), ps = Json::array();
  for (const auto& m : b.milestones) ms.push_back(MilestoneJson(m));
  for (const auto& p : b.progress) {
    Json pj = ProgressJson(p);
    Json ev = Json::array();
    for (const auto& e : b.evidence)
      if (e.progress_seq == p.seq) ev.push_back(EvidenceJson(e));
    pj["evidence"] = ev;
    ps.push_back(pj);
  }
  j["milestones"] = ms;
  j["progress"] = ps;
  j["as_of"] = as_of.ToString();
  return j;
}

// A 413 answer for an evidence file over the limit (the request itself was within
// payload_max_bytes, so httplib did not refuse it).
Result<Json> TooLarge(Call& c, int64_t max) {
  c.res.status = 413;
  c.raw_body = std::make_shared<const std::string>(
      DumpJson(Json{{"error",
                     {{"code", "payload_too_large"},
                      {"message", "文件过大（上限 " + std::to_string(max) + " 字节）"}}}}));
  return Json();
}

// RFC 5987 value for Content-Disposition filename*: unreserved bytes as is, the rest %XX.
std::string PercentEncode(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out.push_back(static_cast<char>(ch));
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

std::string ReporterName(const Call& c) {
  if (!c.user) return "";
  return c.user->display_name.empty() ? c.user->username : c.user->display_name;
}

}  // namespace

Json CountsJson(const engine::StateCounts& counts) {
  return Json{{"not_started", counts.not_started},
              {"in_progress", counts.in_progress},
              {"done", counts.done},
              {"late", counts.late},
              {"flagged", counts.flagged},
              {"total", counts.total()}};
}

Result<Json> HandleListTasks(Call& c) {
  service::LedgerQuery q;
  ZJ_ASSIGN_OR_RETURN(q.as_of, QueryDate(c, "as_of", Today(c)));
  if (auto s = c.Query("state"); s && !s->empty()) {
    q.state = engine::ParseTaskState(*s);
    if (!q.state) return Status::InvalidArgument("未知状态：" + *s);
  }
  ZJ_ASSIGN_OR_RETURN(std::optional<bool> flagged, c.QueryBool("flagged"));
  q.flagged_only = flagged.value_or(false);
  q.unit = c.Query("unit");
  ZJ_ASSIGN_OR_RETURN(service::LedgerView v, c.s.WithReader([&](model::Store& st) {
    return service::ListLedger(st, *c.hierarchy, q, &c.scope);
  }));
  Json items = Json::array();
  for (const auto& r : v.rows) {
    items.push_back(TaskJson(r.task, r.status, UnitName(c, r.task.unit_code)));
  }
  return Json{{"as_of", v.as_of.ToString()},
              {"counts", CountsJson(v.counts)},
              {"items", items},
              {"total", items.size()}};
}

Result<Json> HandleTaskDetail(Call& c) {
  ZJ_ASSIGN_OR_RETURN(Date as_of, QueryDate(c, "as_of", Today(c)));
  ZJ_ASSIGN_OR_RETURN(TaskBundle b, LoadTask(c, c.Param(0)));
  return BundleJson(c, b, as_of);
}

Result<Json> HandleCreateTask(Call& c) {
  ZJ_ASSIGN_OR_RETURN(Json body, c.BodyObject());
  service::NewTask t;
  ZJ_ASSIGN_OR_RETURN(t.id, OptString(body, "id"));
  ZJ_ASSIGN_OR_RETURN(auto title, OptString(body, "title"));
  ZJ_ASSIGN_OR_RETURN(auto unit, OptString(body, "unit_code"));
  t.title = title.value_or("");
  t.unit_code = unit.value_or("");
  // Outside the caller's scope the answer is 403 whatever else is wrong with the body (the
  // service checks the same before writing).
  if (unit && c.hierarchy->Find(*unit) >= 0 && !c.scope.CoversCode(*unit)) {
    return Status::PermissionDenied("无权为该单位创建任务：" + *unit);
  }
  ZJ_ASSIGN_OR_RETURN(t.due_date, BodyDate(body, "due_date"));
  ZJ_ASSIGN_OR_RETURN(t.start_date, BodyDate(body, "start_date"));
  ZJ_ASSIGN_OR_RETURN(auto quantity, OptNumber(body, "planned_quantity"));
  t.planned_quantity = quantity.value_or(0);
  for (auto [key, field] : {std::pair{"plan_id", &t.plan_id},
                            {"section_id", &t.section_id},
                            {"department", &t.department},
                            {"lead", &t.lead},
                            {"target_ids", &t.target_ids},
                            {"quantity_unit", &t.quantity_unit},
                            {"note", &t.note}}) {
    ZJ_ASSIGN_OR_RETURN(auto v, OptString(body, key));
    if (v) *field = *v;
  }
  ZJ_ASSIGN_OR_RETURN(model::Task created, c.s.WithStore([&](model::Store& store) {
    return service::CreateTask(store, *c.hierarchy, t, &c.scope, c.Actor(), c.Now());
  }));
  c.res.status = 201;
  ZJ_ASSIGN_OR_RETURN(TaskBundle b, LoadTask(c, created.id));
  return BundleJson(c, b, Today(c));
}

Result<Json> HandlePatchTask(Call& c) {
  ZJ_ASSIGN_OR_RETURN(Json body, c.BodyObject());
  service::TaskPatch p;
  ZJ_ASSIGN_OR_RETURN(p.title, OptString(body, "title"));
  ZJ_ASSIGN_OR_RETURN(p.unit_code, OptString(body, "unit_code"));
  ZJ_ASSIGN_OR_RETURN(p.due_date, BodyDate(body, "due_date"));
  ZJ_ASSIGN_OR_RETURN(p.department, OptString(body, "department"));
  ZJ_ASSIGN_OR_RETURN(p.lead, OptString(body, "lead"));
  ZJ_ASSIGN_OR_RETURN(p.note, OptString(body, "note"));
  ZJ_ASSIGN_OR_RETURN(p.cancelled, OptBool(body, "cancelled"));
  if (auto it = body.find("milestones"); it != body.end()) {
    if (!it->is_array()) return Status::InvalidArgument("字段 milestones 须为数组");
    for (const Json& m : *it) {
      if (!m.is_object()) return Status::InvalidArgument("milestones 的每一项须为对象");
      ZJ_ASSIGN_OR_RETURN(auto seq, OptInt(m, "seq"));
      if (!seq) return Status::InvalidArgument("milestones 的每一项须有 seq");
      ZJ_ASSIGN_OR_RETURN(auto done, BodyDate(m, "done_date"));
      p.milestones.push_back({static_cast<int>(*seq), done.value_or(Date{})});
    }
  }
  const std::string id = c.Param(0);
  ZJ_RETURN_IF_ERROR(c.s.WithStore([&](model::Store& store) {
                          return service::UpdateTask(store, *c.hierarchy, id, p, &c.scope,
                                                     c.Actor(), c.Now());
                        })
                         .status());
  ZJ_ASSIGN_OR_RETURN(TaskBundle nb, LoadTask(c, id));
  return BundleJson(c, nb, Today(c));
}

Result<Json> HandleAddProgress(Call& c) {
  ZJ_ASSIGN_OR_RETURN(Json body, c.BodyObject());
  service::NewProgress p;
  ZJ_ASSIGN_OR_RETURN(auto percent, OptNumber(body, "percent"));
  if (!percent) return Status::InvalidArgument("字段 percent 须为 0–100 的数字");
  p.percent = *percent;
  ZJ_ASSIGN_OR_RETURN(p.quantity, OptNumber(body, "quantity"));
  ZJ_ASSIGN_OR_RETURN(auto text, OptString(body, "text"));
  p.text = text.value_or("");
  ZJ_ASSIGN_OR_RETURN(p.report_date, BodyDate(body, "report_date"));
  p.reported_by = ReporterName(c);
  const std::string id = c.Param(0);
  ZJ_ASSIGN_OR_RETURN(model::TaskProgress added, c.s.WithStore([&](model::Store& store) {
    return service::AddProgress(store, id, p, &c.scope, c.Actor(), c.Now());
  }));
  c.res.status = 201;
  return ProgressJson(added);
}

Result<Json> HandleUploadEvidence(Call& c) {
  ZJ_ASSIGN_OR_RETURN(Json body, c.BodyObject());
  ZJ_ASSIGN_OR_RETURN(TaskBundle b, LoadTask(c, c.Param(0)));
  ZJ_ASSIGN_OR_RETURN(int64_t seq, c.ParamId(1));
  if (std::none_of(b.progress.begin(), b.progress.end(),
                   [&](const model::TaskProgress& p) { return p.seq == seq; })) {
    return Status::NotFound("进展记录不存在：" + std::to_string(seq));
  }
  ZJ_ASSIGN_OR_RETURN(auto name, OptString(body, "file_name"));
  ZJ_ASSIGN_OR_RETURN(auto data, OptString(body, "content_base64"));
  if (!name) return Status::InvalidArgument("缺少字段 file_name");
  if (!data) return Status::InvalidArgument("缺少字段 content_base64");
  ZJ_ASSIGN_OR_RETURN(std::string file_name, SanitizeEvidenceName(*name));
  const int64_t max = c.s.config.evidence_max_bytes;
  if (static_cast<int64_t>(data->size()) / 4 * 3 > max + 3) {
    return TooLarge(c, max);
  }
  std::string content(data->size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(content.data()), content.size(),
                        data->data(), data->size(), "\n\r ", &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return Status::InvalidArgument("content_base64 不是合法的 Base64 编码");
  }
  content.resize(len);
  if (static_cast<int64_t>(content.size()) > max) {
    return TooLarge(c, max);
  }
  ZJ_ASSIGN_OR_RETURN(std::string media_type, DetectEvidenceType(content, file_name));
  model::Evidence e;
  e.sha256 = service::Sha256Hex(content);
  e.id = service::Sha256Hex(b.task.id + "\n" + std::to_string(seq) + "\n" + e.sha256);
  e.task_id = b.task.id;
  e.progress_seq = static_cast<int>(seq);
  e.file_name = file_name;
  e.media_type = media_type;
  e.size = static_cast<int64_t>(content.size());
  e.uploaded_by = ReporterName(c);
  e.uploaded_at = c.Now();
  Status st = c.s.WithStore([&](model::Store& store) -> Status {
    ZJ_RETURN_IF_ERROR(StoreEvidenceFile(c.s.config.evidence_dir, e.id, content));
    Status put = store.RunInTransaction([&]() -> Status {
      ZJ_RETURN_IF_ERROR(store.PutEvidence({e}));
      return c.AuditIn(store, "tasks.evidence", "task:" + e.task_id, "", EvidenceJson(e).dump());
    });
    if (!put.ok()) RemoveEvidenceFile(c.s.config.evidence_dir, e.id);
    return put;
  });
  ZJ_RETURN_IF_ERROR(st);
  c.res.status = 201;
  return EvidenceJson(e);
}

Result<Json> HandleDownloadEvidence(Call& c) {
  const std::string id = c.Param(0);
  ZJ_ASSIGN_OR_RETURN(auto all,
                      c.s.WithReader([&](model::Store& st) { return st.ListEvidence(""); }));
  auto it =
      std::find_if(all.begin(), all.end(), [&](const model::Evidence& e) { return e.id == id; });
  if (it == all.end()) return Status::NotFound("佐证材料不存在：" + id);
  ZJ_RETURN_IF_ERROR(LoadTask(c, it->task_id).status());  // scope check
  ZJ_ASSIGN_OR_RETURN(std::string bytes, ReadEvidenceFile(c.s.config.evidence_dir, id));
  c.raw_body = std::make_shared<const std::string>(std::move(bytes));
  c.raw_content_type = it->media_type;
  c.res.set_header("Content-Disposition", "attachment; filename=\"evidence-" + id.substr(0, 12) +
                                              "\"; filename*=UTF-8''" +
                                              PercentEncode(it->file_name));
  return Json();
}

Result<Json> HandleLedgerNotice(Call& c) {
  ZJ_ASSIGN_OR_RETURN(Date as_of, QueryDate(c, "as_of", Today(c)));
  ZJ_ASSIGN_OR_RETURN(service::NoticeView n, c.s.WithReader([&](model::Store& st) {
    return service::BuildLedgerNotice(st, *c.hierarchy, as_of, {}, &c.scope);
  }));
  Json groups = Json::array();
  for (const auto& g : n.groups) {
    Json items = Json::array();
    for (const auto* r : g.rows)
      items.push_back(TaskJson(r->task, r->status, UnitName(c, g.unit_code)));
    groups.push_back(
        {{"unit_code", g.unit_code}, {"unit_name", UnitName(c, g.unit_code)}, {"items", items}});
  }
  return Json{{"as_of", as_of.ToString()}, {"groups", groups}};
}

Result<Json> HandleEvaluationReport(Call& c) {
  if (!c.scope.CoversCode(c.s.info.county_code)) {
    return Status::PermissionDenied("评估报告为县级文件，仅县级账户可下载");
  }
  const std::string kind_name = c.Query("kind").value_or("final");
  auto kind = engine::ParseEvaluationKind(kind_name);
  if (!kind) return Status::InvalidArgument("参数 kind 须为 annual、midterm 或 final");
  const std::string format = c.Query("format").value_or("json");
  if (format != "json" && format != "pdf" && format != "xlsx") {
    return Status::InvalidArgument("参数 format 须为 json、pdf 或 xlsx");
  }
  ZJ_ASSIGN_OR_RETURN(std::shared_ptr<const engine::Plan> plan, RequestPlan(c));
  engine::EvaluationRequest req;
  req.plan_id = plan->id;
  req.plan = plan.get();
  req.kind = *kind;
  ZJ_ASSIGN_OR_RETURN(req.year, c.QueryInt("year", 0, 0, kLastSchoolYear));
  if (auto a = c.Query("as_of")) {
    req.as_of = ParseDate(*a);
    if (!req.as_of) return Status::InvalidArgument("参数 as_of 不是有效日期（YYYY-MM-DD）");
  }
  ZJ_ASSIGN_OR_RETURN(std::string doc, c.s.WithReader([&](model::Store& st) {
    return engine::BuildEvaluationReport(st, req);
  }));
  if (format == "json") {
    c.raw_body = std::make_shared<const std::string>(std::move(doc));
    return Json();
  }
  ZJ_ASSIGN_OR_RETURN(std::string bytes,
                      io::RenderEvaluationReport(
                          doc, format == "pdf" ? io::ReportFormat::kPdf : io::ReportFormat::kXlsx));
  c.raw_body = std::make_shared<const std::string>(std::move(bytes));
  c.raw_content_type = format == "pdf"
                           ? "application/pdf"
                           : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  c.res.set_header("Content-Disposition",
                   "attachment; filename=\"evaluation-" + kind_name + "." + format + "\"");
  return Json();
}

}  // namespace zj::server::internal
