// Request helpers shared by every handler (query parsing, JSON bodies, the year, audit) and the
// one Status → HTTP mapping with the error body {"error": {"code", "message"}}.
#include <charconv>

#include "server_impl.h"
#include "zj/common/school_year.h"
#include "zj/service/audit.h"

namespace zj::server::internal {

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kDataLoss:
    case StatusCode::kIoError:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

std::string DumpJson(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void WriteJson(httplib::Response& res, const Json& body, int http_status) {
  res.status = http_status;
  res.set_content(DumpJson(body), "application/json; charset=utf-8");
}

void WriteError(httplib::Response& res, int http_status, std::string_view code,
                std::string_view message) {
  WriteJson(res, Json{{"error", {{"code", code}, {"message", message}}}}, http_status);
}

void WriteError(httplib::Response& res, const Status& status) {
  int http = HttpStatusOf(status.code());
  // Internal details stay in the server log; the client gets a stable, generic message.
  if (http >= 500) {
    fprintf(stderr, "zhijiao serve: %s\n", status.ToString().c_str());
    WriteError(res, http, StatusCodeName(status.code()), "服务器内部错误，请联系管理员");
    return;
  }
  WriteError(res, http, StatusCodeName(status.code()), status.message());
}

std::string Call::Param(size_t i) const {
  return i + 1 < req.matches.size() ? std::string(req.matches[i + 1]) : std::string();
}

Result<int64_t> Call::ParamId(size_t i) const {
  std::string v = Param(i);
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out <= 0) {
    return Status::InvalidArgument("编号必须是正整数：" + v);
  }
  return out;
}

std::optional<std::string> Call::Query(const char* name) const {
  if (!req.has_param(name)) return std::nullopt;
  return req.get_param_value(name);
}

Result<int> Call::QueryInt(const char* name, int def, int min, int max) const {
  std::optional<std::string> v = Query(name);
  if (!v) return def;
  int out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size()) {
    return Status::InvalidArgument(std::string("参数 ") + name + " 必须是整数");
  }
  if (out < min || out > max) {
    return Status::InvalidArgument(std::string("参数 ") + name + " 须在 " + std::to_string(min) +
                                   "–" + std::to_string(max) + " 之间");
  }
  return out;
}

Result<std::optional<bool>> Call::QueryBool(const char* name) const {
  std::optional<std::string> v = Query(name);
  if (!v) return std::optional<bool>();
  if (*v == "1" || *v == "true") return std::optional<bool>(true);
  if (*v == "0" || *v == "false") return std::optional<bool>(false);
  return Status::InvalidArgument(std::string("参数 ") + name + " 必须是 true/false 或 1/0");
}

std::vector<std::string> Call::QueryList(const char* name) const {
  std::vector<std::string> out;
  std::optional<std::string> v = Query(name);
  if (!v) return out;
  size_t start = 0;
  while (start <= v->size()) {
    size_t comma = v->find(',', start);
    if (comma == std::string::npos) comma = v->size();
    if (comma > start) out.push_back(v->substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

Result<Json> Call::BodyObject() const {
  Json j = Json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("请求体不是合法的 JSON");
  if (!j.is_object()) return Status::InvalidArgument("请求体必须是 JSON 对象");
  return j;
}

Result<int> Call::Year() const {
  if (years.empty()) return Status::NotFound("数据库中还没有任何学年的数据");
  ZJ_ASSIGN_OR_RETURN(int year, QueryInt("year", default_year, kFirstSchoolYear, kLastSchoolYear));
  if (!std::binary_search(years.begin(), years.end(), year)) {
    return Status::NotFound("没有 " + std::to_string(year) + " 学年的数据");
  }
  return year;
}

namespace {
service::AuditRecord RecordOf(const Call& c, std::string action, std::string target,
                              std::string before, std::string after) {
  service::AuditRecord r;
  if (c.user) {
    r.user_id = c.user->id;
    r.actor = c.user->username;
  }
  r.address = c.address;
  r.action = std::move(action);
  r.target = std::move(target);
  r.before_json = std::move(before);
  r.after_json = std::move(after);
  return r;
}
}  // namespace

service::Actor Call::Actor() const {
  service::Actor a;
  if (user) {
    a.user_id = user->id;
    a.name = user->username;
  }
  a.address = address;
  return a;
}

Status Call::AuditIn(model::Store& store, std::string action, std::string target,
                     std::string before, std::string after) {
  return service::AppendAudit(store,
                              RecordOf(*this, std::move(action), std::move(target),
                                       std::move(before), std::move(after)),
                              Now())
      .status();
}

Status Call::Audit(std::string action, std::string target, std::string before, std::string after) {
  service::AuditRecord r;
  if (user) {
    r.user_id = user->id;
    r.actor = user->username;
  }
  r.address = address;
  r.action = std::move(action);
  r.target = std::move(target);
  r.before_json = std::move(before);
  r.after_json = std::move(after);
  return service::AppendAudit(*s.accounts, r, Now()).status();
}

bool IsWriteMethod(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string PathRegex(const char* path) {
  std::string out;
  for (const char* p = path; *p; ++p) {
    if (*p == '{') {
      while (*p && *p != '}') ++p;
      out += "([^/]+)";
      if (!*p) break;
    } else if (*p == '.' || *p == '+' || *p == '(' || *p == ')') {
      out += '\\';
      out += *p;
    } else {
      out += *p;
    }
  }
  return out;
}

}  // namespace zj::server::internal
