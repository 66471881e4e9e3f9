// Command-line parsing for every zhijiao subcommand (CLI11 lives in this one translation unit).
// Each command's work is a plain function in cmd_*.cc declared in commands.h.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "cli_util.h"
#include "commands.h"
#include "zj/cli/main.h"

namespace zj::cli {

int Main(int argc, char** argv, const ServeFn& serve_fn) {
  int exit_code = 0;
  CLI::App app{"zhijiao (智教) — county education data platform / 县域教育数据平台"};
  app.set_version_flag("--version", std::string("zhijiao ") + kVersion);
  app.require_subcommand(1);

  // ---- demo ----
  DemoOptions demo;
  auto* demo_cmd =
      app.add_subcommand("demo", "生成合成演示县数据库 / build the synthetic demo county");
  demo_cmd->add_option("--db", demo.db, "new database file to create")->required();
  demo_cmd->add_option("--seed", demo.seed, "random seed (same seed → identical database)");
  demo_cmd->add_option("--counties", demo.counties, "number of counties under one city (1–50)");
  demo_cmd->add_option("--years", demo.years, "school years to write (default 2012-2025)");
  demo_cmd->callback([&] { exit_code = RunDemo(demo); });

  // ---- init ----
  InitOptions init;
  auto* init_cmd = app.add_subcommand(
      "init", "创建正式（非演示）县数据库和管理员账户 / a new real county database");
  init_cmd->add_option("--db", init.db, "new database file to create")->required();
  init_cmd->add_option("--county", init.county, "6-digit county code (县级行政区划代码)")
      ->required();
  init_cmd->add_option("--county-name", init.county_name,
                       "county name when the code is not in the built-in table");
  init_cmd->add_option("--admin", init.admin, "administrator username (default admin)");
  init_cmd->add_flag("--password-stdin", init.password_stdin,
                     "read the administrator's password from stdin");
  init_cmd->callback([&] { exit_code = RunInit(init); });

  // ---- info ----
  InfoOptions info;
  auto* info_cmd = app.add_subcommand("info", "数据库概况 / what a database holds");
  info_cmd->add_option("--db", info.db, "database file")->required();
  info_cmd->add_option("--format", info.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  info_cmd->callback([&] { exit_code = RunInfo(info); });

  // ---- serve ----
  ServeArgs serve;
  auto* serve_cmd = app.add_subcommand("serve", "启动 Web 服务与 JSON API / run the HTTP server");
  serve_cmd->add_option("--db", serve.db, "database file")->required();
  serve_cmd->add_option("--host", serve.host, "listen address (default 127.0.0.1)");
  serve_cmd->add_option("--port", serve.port, "listen port (default 8080)")
      ->check(CLI::Range(0, 65535));
  serve_cmd->add_option("--config", serve.config, "JSON config file (docs/api.md)");
  serve_cmd->add_option("--web-root", serve.web_root, "built web app (default web/dist)");
  serve_cmd->callback([&] {
    Status st = serve_fn ? serve_fn(serve) : Status::Internal("serve is not linked in");
    exit_code = st.ok() ? kExitOk : FailWith(st);
  });

  // ---- user ----
  UserOptions user;
  auto* user_cmd = app.add_subcommand("user", "账户管理 / local accounts");
  user_cmd->require_subcommand(1);
  auto user_sub = [&](const char* name, const char* help) {
    auto* c = user_cmd->add_subcommand(name, help);
    c->add_option("--db", user.db, "database file")->required();
    c->callback([&, name] {
      user.action = name;
      exit_code = RunUser(user);
    });
    return c;
  };
  auto* user_add = user_sub("add", "创建账户（密码从标准输入读取）");
  user_add->add_option("--name", user.name, "username")->required();
  user_add->add_option("--role", user.role, "admin|county_staff|leader|school|auditor")->required();
  user_add->add_option("--unit", user.unit, "admin unit code, or school code for role school")
      ->required();
  user_add->add_option("--display-name", user.display_name, "name shown in the UI");
  user_add->add_flag("--password-stdin", user.password_stdin, "read the password from stdin");
  user_sub("list", "列出账户");
  user_sub("disable", "停用账户")->add_option("--name", user.name, "username")->required();
  user_sub("enable", "启用账户")->add_option("--name", user.name, "username")->required();
  auto* user_passwd = user_sub("passwd", "修改密码（从标准输入读取）");
  user_passwd->add_option("--name", user.name, "username")->required();
  user_passwd->add_flag("--password-stdin", user.password_stdin, "read the password from stdin");
  auto* user_grant = user_sub("grant-personal", "授予/收回查看未脱敏个人信息的权限");
  user_grant->add_option("--name", user.name, "username")->required();
  user_grant->add_flag("--revoke", user.revoke, "revoke instead of grant");
  auto* user_token = user_sub("token", "创建 API 令牌（打印到标准输出，只显示一次）");
  user_token->add_option("--name", user.name, "username")->required();
  user_token->add_option("--label", user.label, "what the token is for");
  user_token->add_option("--expires-days", user.expires_days, "validity in days (0 = never)");

  // ---- audit ----
  AuditOptions audit;
  auto* audit_cmd = app.add_subcommand("audit", "审计日志 / audit log");
  audit_cmd->require_subcommand(1);
  for (const char* name : {"verify", "list"}) {
    auto* c = audit_cmd->add_subcommand(
        name, std::string(name) == "verify" ? "校验哈希链（完好 0，断开 3）" : "最近的审计条目");
    c->add_option("--db", audit.db, "database file")->required();
    if (std::string(name) == "list")
      c->add_option("--limit", audit.limit, "entries (newest first)");
    c->callback([&, name] {
      audit.action = name;
      exit_code = RunAudit(audit);
    });
  }

  // ---- map ----
  MapOptions map;
  auto* map_cmd = app.add_subcommand("map", "县域地图：乡镇边界 GeoJSON / township boundaries");
  map_cmd->require_subcommand(1);
  auto* map_import = map_cmd->add_subcommand("import", "校验并导入乡镇边界（记审计）");
  map_import->add_option("--db", map.db, "database file")->required();
  map_import->add_option("file", map.file, "GeoJSON FeatureCollection")->required();
  map_import->add_flag("--check", map.check, "only check, write nothing");
  map_import->callback([&] {
    map.action = "import";
    exit_code = RunMap(map);
  });
  auto* map_remove = map_cmd->add_subcommand("remove", "删除乡镇边界（记审计）");
  map_remove->add_option("--db", map.db, "database file")->required();
  map_remove->callback([&] {
    map.action = "remove";
    exit_code = RunMap(map);
  });

  // ---- project / backtest ----
  ProjectOptions project;
  auto* project_cmd = app.add_subcommand(
      "project", "招生、学位、班级、教师预测 / enrolment, seat, class and teacher projection");
  project_cmd->require_subcommand(0, 1);
  project_cmd->add_option("--db", project.db, "database file");
  project_cmd->add_option("--base-year", project.base_year, "base school year (default: last)");
  project_cmd->add_option("--horizon", project.horizon, "years to project (default 10)")
      ->check(CLI::Range(1, 30));
  project_cmd->add_option("--scenario", project.scenario, "scenario JSON (docs/projections.md)");
  project_cmd->add_option("--format", project.format, "json, table or xlsx (with --out)")
      ->check(CLI::IsMember({"json", "table", "xlsx"}));
  project_cmd->add_option("--out", project.out, "output file for --format xlsx");
  ProjectSeriesOptions series;
  auto* series_cmd = project_cmd->add_subcommand(
      "series", "按汇总年度序列预测（无学籍） / the model on aggregate yearly CSV series");
  series_cmd->add_option("--births", series.births, "CSV with a year column")->required();
  series_cmd->add_option("--births-column", series.births_column, "births column")->required();
  series_cmd->add_option("--history", series.history, "CSV with a year column")->required();
  series_cmd->add_option("--column", series.columns, "FIELD=COL (repeatable)")->required();
  series_cmd->add_option("--base-year", series.base_year, "base year (default: last recorded)");
  series_cmd->add_option("--horizon", series.horizon, "years to project (default 5)")
      ->check(CLI::Range(1, 30));
  series_cmd
      ->add_option("--window", series.window, "years for the ratios (default 1: the base year)")
      ->check(CLI::Range(1, 20));
  series_cmd->add_option("--format", series.format, "json")->check(CLI::IsMember({"json"}));
  series_cmd->callback([&] { exit_code = RunProjectSeries(series); });
  project_cmd->callback([&] {
    if (series_cmd->parsed()) return;
    if (project.db.empty()) {
      std::cerr << "zhijiao: project 需要 --db FILE（或使用 project series）\n";
      exit_code = 2;
      return;
    }
    exit_code = RunProject(project);
  });

  BacktestCliOptions backtest;
  auto* backtest_cmd = app.add_subcommand(
      "backtest", "预测模型滚动回测 / rolling-origin backtest of the projection");
  backtest_cmd->add_option("--db", backtest.db, "database file")->required();
  backtest_cmd->add_option("--base-years", backtest.base_years, "origins, e.g. 2018-2022");
  backtest_cmd->add_option("--max-lead", backtest.max_lead, "longest lead (default 5)")
      ->check(CLI::Range(1, 20));
  backtest_cmd->add_option("--scenario", backtest.scenario, "scenario JSON");
  backtest_cmd->add_option("--format", backtest.format, "table or json")
      ->check(CLI::IsMember({"json", "table"}));
  backtest_cmd->callback([&] { exit_code = RunBacktest(backtest); });

  // ---- plan ----
  auto* plan_cmd =
      app.add_subcommand("plan", "规划目标与监测 / the county plan and its monitoring");
  plan_cmd->require_subcommand(1);
  PlanTargetsOptions plan_targets;
  auto* plan_targets_cmd =
      plan_cmd->add_subcommand("targets", "规划的量化目标 / the plan's quantitative targets");
  plan_targets_cmd->add_option("--db", plan_targets.db, "database file (plans stored in it)");
  plan_targets_cmd->add_option("--plan", plan_targets.plan,
                               "plan id (default: the database's adopted plan, else "
                               "yunyang-2021-2025)");
  plan_targets_cmd->add_option("--format", plan_targets.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  plan_targets_cmd->callback([&] { exit_code = RunPlanTargets(plan_targets); });
  PlanStatusOptions plan_status;
  auto* plan_status_cmd =
      plan_cmd->add_subcommand("status", "规划目标达成监测 / status of every target in a year");
  plan_status_cmd->add_option("--db", plan_status.db, "database file")->required();
  plan_status_cmd->add_option("--year", plan_status.year, "school year, e.g. 2023")->required();
  plan_status_cmd->add_option("--plan", plan_status.plan,
                              "plan id (default: the database's adopted plan)");
  plan_status_cmd->add_option("--format", plan_status.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  plan_status_cmd->callback([&] { exit_code = RunPlanStatus(plan_status); });
  PlanExtractOptions plan_extract;
  auto* plan_extract_cmd = plan_cmd->add_subcommand(
      "extract", "从规划文本提取目标草稿 / draft targets from a plan document (text, .docx, PDF)");
  plan_extract_cmd->add_option("FILE", plan_extract.file, "plan document")->required();
  plan_extract_cmd->add_option("--format", plan_extract.format, "json or table")
      ->check(CLI::IsMember({"json", "table"}));
  plan_extract_cmd->callback([&] { exit_code = RunPlanExtract(plan_extract); });
  // Plans stored in the database (zj/service/plans.h).
  PlanDbOptions plan_db;
  auto* plan_import_cmd = plan_cmd->add_subcommand(
      "import", "导入规划文件（JSON，校验后存为新版本；记审计）/ store a plan file");
  plan_import_cmd->add_option("--db", plan_db.db, "database file")->required();
  plan_import_cmd->add_option("FILE", plan_db.file, "plan file (JSON, docs/plan.md)")->required();
  plan_import_cmd->add_option("--status", plan_db.status, "adopted (default) or draft")
      ->check(CLI::IsMember({"adopted", "draft"}));
  plan_import_cmd->callback([&] { exit_code = RunPlanImport(plan_db); });
  auto* plan_list_cmd =
      plan_cmd->add_subcommand("list", "数据库中的规划 / plans stored in the database");
  plan_list_cmd->add_option("--db", plan_db.db, "database file")->required();
  plan_list_cmd->add_option("--format", plan_db.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  plan_list_cmd->callback([&] { exit_code = RunPlanList(plan_db); });
  auto* plan_show_cmd = plan_cmd->add_subcommand("show", "规划概要 / one stored plan");
  plan_show_cmd->add_option("--db", plan_db.db, "database file")->required();
  plan_show_cmd->add_option("ID", plan_db.id, "plan id")->required();
  plan_show_cmd->add_option("--format", plan_db.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  plan_show_cmd->callback([&] { exit_code = RunPlanShow(plan_db); });
  auto* plan_export_cmd =
      plan_cmd->add_subcommand("export", "导出规划文件（JSON）/ the stored plan file");
  plan_export_cmd->add_option("--db", plan_db.db, "database file")->required();
  plan_export_cmd->add_option("ID", plan_db.id, "plan id")->required();
  plan_export_cmd->add_option("--out", plan_db.out, "output file (default stdout)");
  plan_export_cmd->callback([&] { exit_code = RunPlanExport(plan_db); });
  auto* plan_delete_cmd = plan_cmd->add_subcommand(
      "delete", "删除规划（被工作台账任务引用时拒绝；记审计）/ remove a stored plan");
  plan_delete_cmd->add_option("--db", plan_db.db, "database file")->required();
  plan_delete_cmd->add_option("ID", plan_db.id, "plan id")->required();
  plan_delete_cmd->callback([&] { exit_code = RunPlanDelete(plan_db); });

  // ---- work ledger (工作台账) ----
  auto* tasks_cmd = app.add_subcommand("tasks", "工作台账与督查督办 / the plan's work ledger");
  tasks_cmd->require_subcommand(1);
  TasksListOptions tasks_list;
  auto* tasks_list_cmd = tasks_cmd->add_subcommand("list", "任务及其状态 / tasks and states");
  tasks_list_cmd->add_option("--db", tasks_list.db, "database file")->required();
  tasks_list_cmd->add_option("--unit", tasks_list.unit, "responsible unit (and units under it)");
  tasks_list_cmd->add_option("--state", tasks_list.state,
                             "not_started|in_progress|done|late (or 未开始|进行中|已完成|滞后)");
  tasks_list_cmd->add_flag("--flagged", tasks_list.flagged, "only overdue or stalled tasks");
  tasks_list_cmd->add_option("--as-of", tasks_list.as_of, "evaluation date (default today)");
  tasks_list_cmd->add_option("--stall-days", tasks_list.stall_days,
                             "days without a report before a task counts as stalled (180)");
  tasks_list_cmd->add_option("--format", tasks_list.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  tasks_list_cmd->callback([&] { exit_code = RunTasksList(tasks_list); });
  TasksListOptions tasks_notice;
  auto* tasks_notice_cmd =
      tasks_cmd->add_subcommand("notice", "督查督办通报（按责任单位）/ overdue and stalled tasks");
  tasks_notice_cmd->add_option("--db", tasks_notice.db, "database file")->required();
  tasks_notice_cmd->add_option("--as-of", tasks_notice.as_of, "evaluation date (default today)");
  tasks_notice_cmd->add_option("--stall-days", tasks_notice.stall_days, "stall threshold (180)");
  tasks_notice_cmd->add_option("--format", tasks_notice.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  tasks_notice_cmd->callback([&] { exit_code = RunTasksNotice(tasks_notice); });
  TasksAddOptions tasks_add;
  auto* tasks_add_cmd = tasks_cmd->add_subcommand("add", "新增任务 / add a task");
  tasks_add_cmd->add_option("--db", tasks_add.db, "database file")->required();
  tasks_add_cmd->add_option("--id", tasks_add.id, "task id")->required();
  tasks_add_cmd->add_option("--title", tasks_add.title, "task title")->required();
  tasks_add_cmd->add_option("--unit", tasks_add.unit, "responsible unit code")->required();
  tasks_add_cmd->add_option("--due", tasks_add.due, "due date YYYY-MM-DD")->required();
  tasks_add_cmd->add_option("--start", tasks_add.start, "start date");
  tasks_add_cmd->add_option("--department", tasks_add.department, "科室 / area");
  tasks_add_cmd->add_option("--lead", tasks_add.lead, "lead person");
  tasks_add_cmd->add_option("--section", tasks_add.section, "plan section id");
  tasks_add_cmd->add_option("--targets", tasks_add.targets, "linked target ids, a|b");
  tasks_add_cmd->add_option("--quantity", tasks_add.quantity, "planned quantity");
  tasks_add_cmd->add_option("--quantity-unit", tasks_add.quantity_unit, "unit of the quantity");
  tasks_add_cmd->add_option("--note", tasks_add.note, "note");
  tasks_add_cmd->callback([&] { exit_code = RunTasksAdd(tasks_add); });
  TasksUpdateOptions tasks_update;
  auto* tasks_update_cmd = tasks_cmd->add_subcommand("update", "修改任务 / update a task");
  tasks_update_cmd->add_option("id", tasks_update.id, "task id")->required();
  tasks_update_cmd->add_option("--db", tasks_update.db, "database file")->required();
  tasks_update_cmd->add_option("--title", tasks_update.title, "task title");
  tasks_update_cmd->add_option("--unit", tasks_update.unit, "responsible unit code");
  tasks_update_cmd->add_option("--due", tasks_update.due, "due date");
  tasks_update_cmd->add_option("--department", tasks_update.department, "科室 / area");
  tasks_update_cmd->add_option("--lead", tasks_update.lead, "lead person");
  tasks_update_cmd->add_option("--note", tasks_update.note, "note");
  tasks_update_cmd->add_flag("--cancel", tasks_update.cancel, "cancel the task");
  tasks_update_cmd->add_flag("--reopen", tasks_update.reopen, "reopen a cancelled task");
  tasks_update_cmd->add_option("--milestone", tasks_update.milestone, "milestone seq to complete");
  tasks_update_cmd->add_option("--done", tasks_update.done, "completion date of --milestone");
  tasks_update_cmd->callback([&] { exit_code = RunTasksUpdate(tasks_update); });
  TasksProgressOptions tasks_progress;
  auto* tasks_progress_cmd =
      tasks_cmd->add_subcommand("progress", "填报进展 / record a progress report");
  tasks_progress_cmd->add_option("id", tasks_progress.id, "task id")->required();
  tasks_progress_cmd->add_option("--db", tasks_progress.db, "database file")->required();
  tasks_progress_cmd->add_option("--percent", tasks_progress.percent, "cumulative percent 0–100")
      ->required();
  tasks_progress_cmd->add_option("--quantity", tasks_progress.quantity, "cumulative quantity");
  tasks_progress_cmd->add_option("--date", tasks_progress.date, "report date (default today)");
  tasks_progress_cmd->add_option("--text", tasks_progress.text, "what was done")->required();
  tasks_progress_cmd->add_option("--by", tasks_progress.by, "reporter (default the OS user)");
  tasks_progress_cmd->callback([&] { exit_code = RunTasksProgress(tasks_progress); });

  // ---- report ----
  auto* report_cmd = app.add_subcommand("report", "报告 / reports");
  report_cmd->require_subcommand(1);
  ReportEvaluationOptions report_eval;
  auto* report_eval_cmd = report_cmd->add_subcommand(
      "evaluation", "规划实施评估报告（年度/中期/总结）/ plan evaluation report");
  report_eval_cmd->add_option("--db", report_eval.db, "database file")->required();
  report_eval_cmd->add_option("--plan", report_eval.plan,
                              "plan id (default: the database's adopted plan)");
  report_eval_cmd->add_option("--year", report_eval.year, "school year (default by kind)");
  report_eval_cmd->add_option("--kind", report_eval.kind, "annual, midterm or final")
      ->check(CLI::IsMember({"annual", "midterm", "final"}));
  report_eval_cmd->add_option("--format", report_eval.format, "pdf, xlsx or json")
      ->check(CLI::IsMember({"pdf", "xlsx", "json"}));
  report_eval_cmd->add_option("--out", report_eval.out, "output file")->required();
  report_eval_cmd->add_option("--as-of", report_eval.as_of,
                              "ledger date (default 31 December of the year)");
  report_eval_cmd->callback([&] { exit_code = RunReportEvaluation(report_eval); });

  // ---- indicators ----
  IndicatorsOptions indicators;
  auto* indicators_cmd =
      app.add_subcommand("indicators", "指标计算 / catalog indicators of one unit and school year");
  indicators_cmd->require_subcommand(0, 1);
  indicators_cmd->add_option("--db", indicators.db, "database file");
  indicators_cmd->add_option("--unit", indicators.unit, "admin unit or school code");
  indicators_cmd->add_option("--year", indicators.year, "school year, e.g. 2023");
  indicators_cmd->add_option("--codes", indicators.codes, "comma-separated codes (default: all)");
  indicators_cmd->add_option("--format", indicators.format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  ExplainOptions explain;
  auto* explain_cmd = indicators_cmd->add_subcommand(
      "explain", "指标计算过程 / formula, inputs and contributing schools of one value");
  explain_cmd->add_option("code", explain.code, "indicator code")->required();
  explain_cmd->add_option("--db", explain.db, "database file")->required();
  explain_cmd->add_option("--unit", explain.unit, "admin unit or school code")->required();
  explain_cmd->add_option("--year", explain.year, "school year")->required();
  explain_cmd->add_option("--format", explain.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  explain_cmd->add_option("--top", explain.top, "schools to list (default 10)")
      ->check(CLI::Range(0, 1000));
  explain_cmd->callback([&] { exit_code = RunIndicatorsExplain(explain); });
  indicators_cmd->callback([&] {
    if (explain_cmd->parsed()) return;
    if (indicators.db.empty() || indicators.unit.empty() || indicators.year == 0) {
      std::cerr << "zhijiao: indicators 需要 --db FILE --unit CODE --year Y\n";
      exit_code = 2;
      return;
    }
    exit_code = RunIndicators(indicators);
  });

  // ---- evaluate (督导评估) ----
  EvaluateOptions evaluate;
  EvaluateOptions remedy;
  auto* evaluate_cmd = app.add_subcommand(
      "evaluate", "督导评估（优质均衡、基本均衡、学前普及普惠、班额校额）/ supervision evaluation");
  evaluate_cmd->require_subcommand(0, 1);
  evaluate_cmd->add_option("--framework", evaluate.framework,
                           "yz2017, jb2012, xq2020 or class-size");
  evaluate_cmd->add_option("--db", evaluate.db, "database file");
  evaluate_cmd->add_option("--year", evaluate.year, "school year, e.g. 2020");
  evaluate_cmd->add_option("--unit", evaluate.unit,
                           "county, township or school code (default: the county)");
  evaluate_cmd->add_option("--format", evaluate.format, "json, table or xlsx");
  evaluate_cmd->add_option("--out", evaluate.out, "output file (required for xlsx)");
  evaluate_cmd->add_option("--config", evaluate.config,
                           "JSON overrides of weights, scope, costs, thresholds");
  evaluate_cmd->add_option("--scenario", evaluate.scenario, "what-if changes (JSON)");
  auto* remedy_cmd = evaluate_cmd->add_subcommand(
      "remedy", "优质均衡补充方案（最低成本，补充后重新评估）/ cheapest remediation plan");
  remedy_cmd->add_option("--framework", remedy.framework, "yz2017 (the only one with a plan)");
  remedy_cmd->add_option("--db", remedy.db, "database file")->required();
  remedy_cmd->add_option("--year", remedy.year, "school year")->required();
  remedy_cmd->add_option("--unit", remedy.unit, "county, township or school code");
  remedy_cmd->add_option("--format", remedy.format, "json or xlsx");
  remedy_cmd->add_option("--out", remedy.out, "output file (required for xlsx)");
  remedy_cmd->add_option("--config", remedy.config, "JSON overrides");
  remedy_cmd->add_option("--scenario", remedy.scenario, "what-if changes applied first (JSON)");
  remedy_cmd->callback([&] { exit_code = RunEvaluateRemedy(remedy); });
  evaluate_cmd->callback([&] {
    if (remedy_cmd->parsed()) return;
    if (evaluate.framework.empty() || evaluate.db.empty() || evaluate.year == 0) {
      std::cerr << "zhijiao: evaluate 需要 --framework F --db FILE --year Y\n";
      exit_code = 2;
      return;
    }
    exit_code = RunEvaluate(evaluate);
  });

  // ---- import / export / template (zj::io) ----
  ImportCliOptions import_opt;
  ImportUndoOptions undo_opt;
  ImportListOptions import_list;
  auto* import_cmd = app.add_subcommand(
      "import", "导入 Excel/CSV 表格（逐格校验，出错不写入）/ import a spreadsheet");
  import_cmd->require_subcommand(0, 1);
  import_cmd->add_option("--db", import_opt.db, "database file");
  import_cmd->add_option("--table", import_opt.table,
                         "schools|facilities|classes|students|teachers|population|births|"
                         "data_values");
  import_cmd->add_option("--year", import_opt.year, "school year (学年), e.g. 2024");
  import_cmd->add_flag("--check", import_opt.check, "validate only, write nothing");
  import_cmd->add_flag("--new-year", import_opt.new_year,
                       "allow a school year the database does not hold yet (history, a new year)");
  import_cmd->add_option("--report", import_opt.report, "write the JSON report here");
  import_cmd->add_option("--report-xlsx", import_opt.report_xlsx,
                         "write an annotated xlsx copy (bad cells highlighted) here");
  import_cmd->add_option("--sheet", import_opt.sheet, "sheet name (default: first that matches)");
  import_cmd->add_option("--user", import_opt.user, "name recorded in the import journal");
  import_cmd->add_option("file", import_opt.file, "FILE.xlsx or FILE.csv");
  auto* undo_cmd = import_cmd->add_subcommand("undo", "撤销一次导入 / undo an import");
  undo_cmd->add_option("--db", undo_opt.db, "database file")->required();
  undo_cmd->add_option("id", undo_opt.id, "import id (see zhijiao import list)")->required();
  undo_cmd->add_option("--user", undo_opt.user, "name recorded in the import journal");
  undo_cmd->callback([&] { exit_code = RunImportUndo(undo_opt); });
  auto* list_cmd = import_cmd->add_subcommand("list", "导入记录 / the import journal");
  list_cmd->add_option("--db", import_list.db, "database file")->required();
  list_cmd->callback([&] { exit_code = RunImportList(import_list); });
  import_cmd->callback([&] {
    if (import_cmd->get_subcommands().empty()) exit_code = RunImport(import_opt);
  });

  ExportCliOptions export_opt;
  auto* export_cmd = app.add_subcommand("export", "导出为 Excel/CSV / export a table");
  export_cmd->add_option("--db", export_opt.db, "database file")->required();
  export_cmd->add_option("--table", export_opt.table, "table name")->required();
  export_cmd->add_option("--unit", export_opt.unit, "school, township or county code");
  export_cmd->add_option("--year", export_opt.year, "school year (学年)");
  export_cmd->add_option("--out", export_opt.out, "FILE.xlsx or FILE.csv")->required();
  export_cmd->add_flag("--unmasked", export_opt.unmasked,
                       "include full names, 身份证件号 and birth dates (administrators only)");
  export_cmd->callback([&] { exit_code = RunExport(export_opt); });

  TemplateOptions template_opt;
  auto* template_cmd = app.add_subcommand("template", "生成导入模板 / write an import template");
  template_cmd->add_option("table", template_opt.table, "table name")->required();
  template_cmd->add_option("--out", template_opt.out, "FILE.xlsx")->required();
  template_cmd->callback([&] { exit_code = RunTemplate(template_opt); });

  // ---- fitness (体质健康) ----
  auto* fitness_cmd = app.add_subcommand("fitness", "学生体质健康 / student physical fitness");
  fitness_cmd->require_subcommand(1);
  FitnessScoreOptions fitness_score;
  auto* fitness_score_cmd = fitness_cmd->add_subcommand(
      "score", "按《国家学生体质健康标准》评分 / score the national upload layout");
  fitness_score_cmd->add_option("--in", fitness_score.in, "FILE.csv or FILE.xlsx")->required();
  fitness_score_cmd->add_option("--sheet", fitness_score.sheet, "sheet name (xlsx)");
  fitness_score_cmd
      ->add_option("--format", fitness_score.format, "json (one object per line) or table")
      ->check(CLI::IsMember({"json", "table"}));
  fitness_score_cmd->callback([&] { exit_code = RunFitnessScore(fitness_score); });

  // ---- admission (义务教育招生派位) ----
  auto* admission_cmd = app.add_subcommand(
      "admission", "义务教育招生派位（可验证抽签）/ admission placement and lottery");
  admission_cmd->require_subcommand(1);
  AdmissionOptions admission;
  auto* adm_run = admission_cmd->add_subcommand(
      "run", "划片招生 + 电脑随机派位，输出派位结果 / place every eligible application");
  adm_run->add_option("--in", admission.in, "INPUT.json (docs/admission.md)")->required();
  adm_run->add_option("--seed", admission.seed, "the seed fixed at the draw")->required();
  adm_run->add_option("--format", admission.format, "json")->check(CLI::IsMember({"json"}));
  adm_run->callback([&] {
    admission.action = "run";
    exit_code = RunAdmissionCommand(admission);
  });
  auto* adm_verify = admission_cmd->add_subcommand(
      "verify", "按公布的输入与种子重算并核对结果（不同则退出码 3）/ re-run and compare");
  adm_verify->add_option("--in", admission.in, "the published INPUT.json")->required();
  adm_verify->add_option("--seed", admission.seed, "the published seed")->required();
  adm_verify->add_option("--result", admission.result, "the published RESULT.json")->required();
  adm_verify->callback([&] {
    admission.action = "verify";
    exit_code = RunAdmissionCommand(admission);
  });
  auto* adm_commit = admission_cmd->add_subcommand(
      "commit", "派位前公布的承诺值（SHA-256）/ the commitment to publish before the draw");
  adm_commit->add_option("--in", admission.in, "INPUT.json")->required();
  adm_commit->callback([&] {
    admission.action = "commit";
    exit_code = RunAdmissionCommand(admission);
  });
  auto* adm_demo = admission_cmd->add_subcommand(
      "demo-input", "生成合成的招生报名数据 / write a synthetic county's applications");
  adm_demo->add_option("--out", admission.out, "FILE.json")->required();
  adm_demo->add_option("--seed", admission.demo_seed, "random seed (integer)");
  adm_demo->add_option("--schools", admission.schools, "number of schools (default 400)");
  adm_demo->add_option("--applications", admission.applications,
                       "number of applications (default 20000)");
  adm_demo->callback([&] {
    admission.action = "demo-input";
    exit_code = RunAdmissionCommand(admission);
  });

  // ---- migrate ----
  MigrateOptions migrate;
  auto* migrate_cmd = app.add_subcommand(
      "migrate", "把 SQLite 数据库迁移到 PostgreSQL / copy a county database to PostgreSQL");
  migrate_cmd->add_option("--from", migrate.from, "SQLite database file")->required();
  migrate_cmd->add_option("--to", migrate.to, "postgresql://user@host/database")->required();
  migrate_cmd->add_flag("--replace", migrate.replace,
                        "overwrite a target database that already holds data");
  migrate_cmd->callback([&] { exit_code = RunMigrate(migrate); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "zhijiao: " << e.what() << " (see zhijiao --help)\n";
    return 2;
  }
  return exit_code;
}

}  // namespace zj::cli
