// Count tables: population by single year of age per township (人口, yearly), births per
// township and month (出生), and manual data values (手工数据: figures no registry yields).
#include "tables.h"
#include "zj/common/school_year.h"

namespace zj::io::internal {
namespace {

// Shared handler for the small keyed tables: rows are upserted by `key(rec)`; `list` reads the
// stored rows; `put` writes; `in_unit` filters exports.
template <typename Rec>
class SimpleHandler final : public TypedHandler<Rec> {
 public:
  struct Ops {
    std::string table;  // storage table for the journal
    std::string (*key)(const Rec&);
    std::string (*natural_key)(const std::vector<Value>&);
    Result<std::vector<Rec>> (*list)(model::Store&, int year);
    Status (*put)(model::Store&, const std::vector<Rec>&);
    bool (*in_unit)(const Rec&, const std::string& unit);
    void (*fill)(Rec&, const ImportEnv&);  // sets non-column members (year)
  };
  SimpleHandler(const TableDef* def, const std::vector<Field<Rec>>* fields, Ops ops)
      : TypedHandler<Rec>(def, fields), ops_(ops), up_(ops.table) {}

  Status Begin(ImportEnv& env) override {
    ZJ_ASSIGN_OR_RETURN(auto rows, ops_.list(*env.store, this->def().yearly ? env.year : 0));
    for (auto& r : rows) up_.SetExisting(ops_.key(r), r);
    return Status::Ok();
  }
  std::string NaturalKey(const std::vector<Value>& v) const override { return ops_.natural_key(v); }
  void AddRow(int64_t, const std::vector<Value>& values, RowReporter&, ImportEnv& env) override {
    Rec r = this->Build(values);
    ops_.fill(r, env);
    if (const Rec* old = up_.Existing(ops_.key(r))) this->KeepUnmapped(r, *old, env);
    pending_.push_back(std::move(r));
  }
  size_t pending() const override { return pending_.size(); }
  Status Flush(ImportEnv& env) override {
    std::vector<Rec> write;
    for (auto& r : pending_) {
      if (up_.Stage(ops_.key(r), r, env)) write.push_back(r);
    }
    pending_.clear();
    if (env.write && !write.empty()) return ops_.put(*env.store, write);
    return Status::Ok();
  }
  Status Export(model::Store& store, const References&, const ExportFilter& filter,
                const std::function<Status(const std::vector<Value>&)>& emit) override {
    ZJ_ASSIGN_OR_RETURN(auto rows, ops_.list(store, this->def().yearly ? filter.year : 0));
    for (const auto& r : rows) {
      if (!filter.unit.empty() && !ops_.in_unit(r, filter.unit)) continue;
      ZJ_RETURN_IF_ERROR(emit(this->Values(r)));
    }
    return Status::Ok();
  }

 private:
  Ops ops_;
  Upserter<Rec> up_;
  std::vector<Rec> pending_;
};

using model::BirthCount;
using model::DataValue;
using model::PopulationCount;
using CT = ColumnType;

const std::vector<Field<PopulationCount>>& PopulationFields() {
  using R = PopulationCount;
  static const std::vector<Field<R>> f = {
      {Col("township_code", "乡镇街道", CT::kTownship)
           .Req()
           .Alias({"乡镇街道代码", "乡镇", "乡镇代码"})
           .Example("500235001"),
       [](R& r, const Value& v) { r.township_code = v.text; },
       [](const R& r) { return Value::Text(r.township_code); }},
      {Col("age", "年龄", CT::kInteger).Req().Range(0, 64).Alias({"周岁", "年龄(岁)"}).Example("6"),
       [](R& r, const Value& v) { r.age = static_cast<int>(v.integer); },
       [](const R& r) { return Value::Int(r.age); }},
      {Col("count", "人数", CT::kInteger)
           .Req()
           .Range(0, 1e8)
           .Alias({"人口数", "常住人口数"})
           .Example("1234"),
       [](R& r, const Value& v) { r.count = v.integer; },
       [](const R& r) { return Value::Int(r.count); }},
  };
  return f;
}

const std::vector<Field<BirthCount>>& BirthFields() {
  using R = BirthCount;
  static const std::vector<Field<R>> f = {
      {Col("township_code", "乡镇街道", CT::kTownship)
           .Req()
           .Alias({"乡镇街道代码", "乡镇", "乡镇代码"})
           .Example("500235001"),
       [](R& r, const Value& v) { r.township_code = v.text; },
       [](const R& r) { return Value::Text(r.township_code); }},
      {Col("year", "出生年份", CT::kInteger)
           .Req()
           .Range(kFirstSchoolYear, kLastSchoolYear)
           .Alias({"年份"})
           .Example("2023"),
       [](R& r, const Value& v) { r.year = static_cast<int>(v.integer); },
       [](const R& r) { return Value::Int(r.year); }},
      {Col("month", "月份", CT::kInteger)
           .Range(0, 12)
           .Alias({"出生月份"})
           .Hint("1～12；全年合计填 0 或不填")
           .Example("0"),
       [](R& r, const Value& v) { r.month = static_cast<int>(v.integer); },
       [](const R& r) { return Value::Int(r.month); }},
      {Col("count", "出生人数", CT::kInteger).Req().Range(0, 1e7).Alias({"人数"}).Example("321"),
       [](R& r, const Value& v) { r.count = v.integer; },
       [](const R& r) { return Value::Int(r.count); }},
  };
  return f;
}

const std::vector<Field<DataValue>>& DataValueFields() {
  using R = DataValue;
  static const std::vector<Field<R>> f = {
      {Col("code", "指标代码", CT::kIdentifier)
           .Req()
           .Alias({"数据代码", "代码"})
           .Example("fiscal_education_share"),
       [](R& r, const Value& v) { r.code = v.text; },
       [](const R& r) { return Value::Text(r.code); }},
      {Col("unit_code", "单位代码", CT::kIdentifier)
           .Req()
           .Alias({"行政区划代码", "区划代码"})
           .Example("500235"),
       [](R& r, const Value& v) { r.unit_code = v.text; },
       [](const R& r) { return Value::Text(r.unit_code); }},
      {Col("year", "年份", CT::kInteger)
           .Req()
           .Range(kFirstSchoolYear, kLastSchoolYear)
           .Alias({"学年", "年度"})
           .Example("2023"),
       [](R& r, const Value& v) { r.year = static_cast<int>(v.integer); },
       [](const R& r) { return Value::Int(r.year); }},
      {Col("value", "数值", CT::kDecimal).Req().Alias({"值", "数据"}).Example("4.2"),
       [](R& r, const Value& v) { r.value = v.number; },
       [](const R& r) { return Value::Number(r.value); }},
      {Col("unit", "计量单位", CT::kText).Alias({"单位"}).Example("%"),
       [](R& r, const Value& v) { r.unit = v.text; },
       [](const R& r) { return Value::Text(r.unit); }},
      {Col("source", "数据来源", CT::kText).Alias({"来源"}).Example("县财政局决算报表"),
       [](R& r, const Value& v) { r.source = v.text; },
       [](const R& r) { return Value::Text(r.source); }},
      {Col("note", "备注", CT::kText).Alias({"说明"}),
       [](R& r, const Value& v) { r.note = v.text; },
       [](const R& r) { return Value::Text(r.note); }},
  };
  return f;
}

}  // namespace

const TableDef& PopulationDef() {
  static const TableDef d = MakeDef(TableDef{"population",
                                             "分年龄人口",
                                             "人口",
                                             true,
                                             "每行一个乡镇街道一个单岁年龄的人口数（学年统计时点）",
                                             {}},
                                    PopulationFields());
  return d;
}
const TableDef& BirthsDef() {
  static const TableDef d = MakeDef(
      TableDef{
          "births", "出生人口", "出生", false, "每行一个乡镇街道一年（或一个月）的出生人数", {}},
      BirthFields());
  return d;
}
const TableDef& DataValuesDef() {
  static const TableDef d = MakeDef(
      TableDef{
          "data_values",
          "手工数据",
          "手工数据",
          false,
          "每行一个指标在一个单位一个年份的数值（登记系统无法产生的数据，如财政性教育经费占比）",
          {}},
      DataValueFields());
  return d;
}

std::unique_ptr<TableHandler> NewPopulationHandler() {
  using R = PopulationCount;
  return std::make_unique<SimpleHandler<R>>(
      &PopulationDef(), &PopulationFields(),
      SimpleHandler<R>::Ops{
          "population",
          [](const R& r) {
            return r.township_code + "|" + std::to_string(r.year) + "|" + std::to_string(r.age);
          },
          [](const std::vector<Value>& v) { return v[0].text + "|" + v[1].text; },
          [](model::Store& s, int year) { return s.ListPopulation(year); },
          [](model::Store& s, const std::vector<R>& v) { return s.PutPopulation(v); },
          [](const R& r, const std::string& unit) { return r.township_code.starts_with(unit); },
          [](R& r, const ImportEnv& env) { r.year = env.year; }});
}

std::unique_ptr<TableHandler> NewBirthsHandler() {
  using R = BirthCount;
  return std::make_unique<SimpleHandler<R>>(
      &BirthsDef(), &BirthFields(),
      SimpleHandler<R>::Ops{
          "birth",
          [](const R& r) {
            return r.township_code + "|" + std::to_string(r.year) + "|" + std::to_string(r.month);
          },
          [](const std::vector<Value>& v) {
            return v[0].text + "|" + v[1].text + "|" + (v[2].present ? v[2].text : "0");
          },
          [](model::Store& s, int) { return s.ListBirths(); },
          [](model::Store& s, const std::vector<R>& v) { return s.PutBirths(v); },
          [](const R& r, const std::string& unit) { return r.township_code.starts_with(unit); },
          [](R&, const ImportEnv&) {}});
}

std::unique_ptr<TableHandler> NewDataValuesHandler() {
  using R = DataValue;
  return std::make_unique<SimpleHandler<R>>(
      &DataValuesDef(), &DataValueFields(),
      SimpleHandler<R>::Ops{
          "data_value",
          [](const R& r) { return r.code + "|" + r.unit_code + "|" + std::to_string(r.year); },
          [](const std::vector<Value>& v) { return v[0].text + "|" + v[1].text + "|" + v[2].text; },
          [](model::Store& s, int) { return s.ListDataValues(""); },
          [](model::Store& s, const std::vector<R>& v) { return s.PutDataValues(v); },
          [](const R& r, const std::string& unit) { return r.unit_code.starts_with(unit); },
          [](R&, const ImportEnv&) {}});
}

}  // namespace zj::io::internal
