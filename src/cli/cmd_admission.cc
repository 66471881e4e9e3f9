// zhijiao admission: 义务教育招生 placement and the verifiable lottery from a JSON input file
// (engine::RunAdmission; formats in docs/admission.md).
//   run        places every eligible application and prints the result document;
//   verify     re-runs from the published input and seed, prints every difference, exit 3;
//   commit     prints the commitment to publish before the draw;
//   demo-input writes a synthetic county's applications (marked synthetic in the file).
#include <fstream>
#include <iostream>

#include "cli_util.h"
#include "commands.h"
#include "zj/common/file.h"
#include "zj/engine/admission.h"

namespace zj::cli {

namespace {

Result<engine::AdmissionInput> ReadInput(const std::string& path) {
  if (path.empty()) return Status::InvalidArgument("缺少 --in（招生报名输入 JSON 文件）");
  ZJ_ASSIGN_OR_RETURN(std::string text, common::ReadTextFile(path, "招生报名输入"));
  auto in = engine::ParseAdmissionInput(text);
  if (!in.ok()) return Status::InvalidArgument(path + ": " + in.status().message());
  return in;
}

int Run(const AdmissionOptions& opt) {
  auto in = ReadInput(opt.in);
  if (!in.ok()) return FailWith(in.status());
  auto r = engine::RunAdmission(*in, opt.seed);
  if (!r.ok()) return FailWith(r.status());
  std::cout << engine::AdmissionResultJson(*r);
  return kExitOk;
}

int Verify(const AdmissionOptions& opt) {
  auto in = ReadInput(opt.in);
  if (!in.ok()) return FailWith(in.status());
  auto published = common::ReadTextFile(opt.result, "公布的派位结果");
  if (!published.ok()) return FailWith(published.status());
  auto diffs = engine::VerifyAdmission(*in, opt.seed, *published);
  if (!diffs.ok()) return FailWith(diffs.status());
  if (diffs->empty()) {
    std::cout << "一致：按公布的输入与种子重算，结果与公布结果完全相同（承诺值 "
              << engine::AdmissionCommitment(*in) << "）\n";
    return kExitOk;
  }
  for (const auto& d : *diffs) std::cout << d << "\n";
  std::cerr << "zhijiao: 公布结果与重算结果有 " << diffs->size() << " 处不同\n";
  return kExitAdmissionMismatch;
}

int Commit(const AdmissionOptions& opt) {
  auto in = ReadInput(opt.in);
  if (!in.ok()) return FailWith(in.status());
  std::cout << engine::AdmissionCommitment(*in) << "\n";
  return kExitOk;
}

int DemoInput(const AdmissionOptions& opt) {
  if (opt.schools < 1 || opt.schools > 5000) return FailBadInput("--schools 应为 1–5000");
  if (opt.applications < 0 || opt.applications > 1000000) {
    return FailBadInput("--applications 应为 0–1000000");
  }
  engine::AdmissionInput in =
      engine::SyntheticAdmissionInput(opt.demo_seed, opt.schools, opt.applications);
  std::ofstream f(opt.out, std::ios::binary | std::ios::trunc);
  if (!f) return FailBadInput("无法写入文件：" + opt.out);
  f << engine::AdmissionInputJson(in);
  f.close();
  if (!f) return FailWith(Status::IoError("写入失败：" + opt.out));
  std::cerr << "已写入合成招生数据（synthetic）：" << opt.out << "，" << in.schools.size()
            << " 所学校，" << in.applications.size() << " 份报名\n";
  return kExitOk;
}

}  // namespace

int RunAdmissionCommand(const AdmissionOptions& opt) {
  if (opt.action == "run") return Run(opt);
  if (opt.action == "verify") return Verify(opt);
  if (opt.action == "commit") return Commit(opt);
  if (opt.action == "demo-input") return DemoInput(opt);
  return FailBadInput("未知的 admission 子命令：" + opt.action);
}

}  // namespace zj::cli
