// Admission placement benchmark (prints figures; not run by ctest): a synthetic county of 400
// schools and 20,000 applications (engine::SyntheticAdmissionInput) placed by deferred
// acceptance with the lottery (engine::RunAdmission), then the result document written and
// verified by a re-run. Target (issue #17): placement ≤ 1 s.
//   build-*/bench/admission_bench [APPLICATIONS] [SCHOOLS] [REPEATS]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "zj/engine/admission.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

// CPU seconds (user + system) used by the process so far: meaningful on a shared machine.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  const int applications = argc > 1 ? std::atoi(argv[1]) : 20000;
  const int schools = argc > 2 ? std::atoi(argv[2]) : 400;
  const int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
  zj::engine::AdmissionInput in = zj::engine::SyntheticAdmissionInput(2026, schools, applications);
  std::printf("admission: %zu applications, %zu schools, %zu areas (synthetic)\n",
              in.applications.size(), in.schools.size(), in.areas.size());

  double best_wall = 1e9, best_cpu = 1e9;
  zj::Result<zj::engine::AdmissionResult> r = zj::Status::Internal("not run");
  for (int i = 0; i < repeats; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    double c0 = CpuSeconds();
    r = zj::engine::RunAdmission(in, "bench-seed-" + std::to_string(i));
    best_wall = std::min(best_wall, Seconds(t0));
    best_cpu = std::min(best_cpu, CpuSeconds() - c0);
    if (!r.ok()) {
      std::fprintf(stderr, "admission_bench: %s\n", r.status().message().c_str());
      return 1;
    }
  }
  int placed = 0, unplaced = 0, lottery = 0;
  for (const auto& p : r->placements) {
    if (p.school.empty()) {
      ++unplaced;
    } else {
      ++placed;
      lottery += zj::engine::AdmissionReasonName(p.reason) == "lottery";
    }
  }
  int full = 0;
  for (const auto& s : r->schools) full += s.capacity > 0 && s.admitted == s.capacity;
  std::printf(
      "placement (validate, commitment, lottery numbers, DA, explanations): best of %d "
      "%.3f s wall, %.3f s CPU (target <= 1 s) %s\n",
      repeats, best_wall, best_cpu, best_wall <= 1.0 ? "OK" : "SLOW");
  std::printf("  placed %d, unplaced %d, decided by lottery %d, full schools %d\n", placed,
              unplaced, lottery, full);

  auto t0 = std::chrono::steady_clock::now();
  std::string doc = zj::engine::AdmissionResultJson(*r);
  double write_s = Seconds(t0);
  t0 = std::chrono::steady_clock::now();
  auto diffs = zj::engine::VerifyAdmission(in, "bench-seed-" + std::to_string(repeats - 1), doc);
  double verify_s = Seconds(t0);
  if (!diffs.ok() || !diffs->empty()) {
    std::fprintf(stderr, "admission_bench: verify failed\n");
    return 1;
  }
  std::printf("result document %.1f MB in %.3f s; verify (re-run + compare) %.3f s\n",
              doc.size() / 1e6, write_s, verify_s);
  return 0;
}
