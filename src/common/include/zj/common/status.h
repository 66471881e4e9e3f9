// Status and Result<T>: every fallible call in zhijiao returns one of these (no exception crosses a
// module boundary). A Status carries a stable machine code and a human message; the server maps
// codes to HTTP statuses in one place and the CLI maps them to exit codes.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace zj {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input from outside (argument, file content, request)
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // a unique key is taken
  kFailedPrecondition,  // the state does not allow the operation (e.g. newer database schema)
  kPermissionDenied,    // authenticated but not allowed
  kUnauthenticated,     // no valid credentials
  kResourceExhausted,   // size or rate limit exceeded
  kDataLoss,            // stored data is corrupt (e.g. broken audit chain)
  kIoError,             // file system or database I/O failed
  kInternal,            // a bug: an invariant did not hold
};

// Stable lower-case name of a code ("invalid_argument"), used in JSON error bodies.
const char* StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status PermissionDenied(std::string m) {
    return {StatusCode::kPermissionDenied, std::move(m)};
  }
  static Status Unauthenticated(std::string m) {
    return {StatusCode::kUnauthenticated, std::move(m)};
  }
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }
  static Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid_argument: message" (or "ok").
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value or a non-ok Status. Accessing value() of an error is a programmer error.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "Result built from an ok Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace zj

// Propagates a non-ok Status from an expression returning Status.
#define ZJ_RETURN_IF_ERROR(expr)                     \
  do {                                               \
    ::zj::Status zj_status_tmp_ = (expr);            \
    if (!zj_status_tmp_.ok()) return zj_status_tmp_; \
  } while (0)

#define ZJ_CONCAT_INNER_(a, b) a##b
#define ZJ_CONCAT_(a, b) ZJ_CONCAT_INNER_(a, b)
// ZJ_ASSIGN_OR_RETURN(auto x, ExprReturningResult()); propagates the error Status.
#define ZJ_ASSIGN_OR_RETURN(lhs, expr) \
  ZJ_ASSIGN_OR_RETURN_IMPL_(ZJ_CONCAT_(zj_result_, __LINE__), lhs, expr)
// lhs is a declaration ("auto x") and cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ZJ_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
