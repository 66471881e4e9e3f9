// Wire types: the JSON shapes of the API, kept apart from the domain records. Every mapping
// between a record and its JSON lives here (and nowhere else), including the masking of
// personal fields.
#pragma once

#include <string>

#include "server_impl.h"
#include "zj/engine/catalog.h"
#include "zj/engine/hierarchy.h"
#include "zj/engine/indicators.h"
#include "zj/engine/ledger.h"
#include "zj/model/accounts.h"
#include "zj/model/records.h"

namespace zj::server::internal {

Json UserJson(const model::User& u);  // never the password hash
Json TokenJson(const model::ApiToken& t);
Json AuditEntryJson(const model::AuditEntry& e);
Json SchoolJson(const model::School& s, const engine::Hierarchy& h);
Json DataValueJson(const model::DataValue& v);
// An indicator value with the catalog's name, unit and verification mark; null for no value.
Json IndicatorValueJson(const engine::IndicatorValue& v, const engine::Catalog& catalog);
// kInvalidArgument naming the field for a malformed item.
Result<model::DataValue> DataValueFromJson(const Json& j);

// Personal rows: names and id numbers masked unless `unmasked`; the birth date keeps only the
// year when masked.
Json StudentJson(const model::Student& s, const model::Enrolment& e, const std::string& class_name,
                 bool unmasked);
Json TeacherJson(const model::Teacher* t, const model::TeacherYear& y, bool unmasked);

// Work ledger: a task with its evaluated status; milestones, progress reports, evidence metadata.
Json TaskJson(const model::Task& t, const engine::TaskStatus& s, const std::string& unit_name);
Json MilestoneJson(const model::Milestone& m);
Json ProgressJson(const model::TaskProgress& p);
Json EvidenceJson(const model::Evidence& e);

// Reads an optional string/bool/int member; kInvalidArgument when present with another type.
Result<std::optional<std::string>> OptString(const Json& j, const char* key);
Result<std::optional<bool>> OptBool(const Json& j, const char* key);
Result<std::optional<int64_t>> OptInt(const Json& j, const char* key);

}  // namespace zj::server::internal
