// The new-password policy (zj/service/password_policy.h) from cases/password_cases.tsv, and its
// use by account creation and password changes (CreateAccount, UpdateAccount).
#include "zj/service/password_policy.h"

#include <gtest/gtest.h>

#include "case_file.h"
#include "server_fixture.h"
#include "zj/service/accounts.h"
#include "zj/storage/account_store.h"
#include "zj/storage/memory_store.h"

namespace zj::server {
namespace {

TEST(PasswordPolicyTest, Cases) {
  int n = 0;
  for (const std::vector<std::string>& cells : testing::ReadCaseFile("password_cases.tsv")) {
    ASSERT_EQ(cells.size(), 4u) << cells[0];
    SCOPED_TRACE(cells[0] + " / " + cells[1] + " / " + cells[2]);
    Status st = service::CheckNewPassword(cells[0], cells[1], cells[2] == "1");
    if (cells[3] == "ok") {
      EXPECT_TRUE(st.ok()) << st.ToString();
    } else {
      ASSERT_FALSE(st.ok());
      EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
      EXPECT_NE(st.message().find(cells[3].substr(7)), std::string::npos) << st.message();
    }
    ++n;
  }
  EXPECT_GE(n, 35);
}

TEST(PasswordPolicyTest, ListIsLoaded) {
  // A few thousand entries ship in data/security/common_passwords.txt.
  EXPECT_TRUE(service::IsCommonPassword("woaiwojia"));
  EXPECT_TRUE(service::IsCommonPassword("Abcd1234"));
  EXPECT_FALSE(service::IsCommonPassword("Jiaoyu-Xitong-7391"));
  EXPECT_TRUE(service::IsDemoPassword("school", "school-demo"));
  EXPECT_TRUE(service::IsDemoPassword("anyone", "auditor-demo"));
  EXPECT_FALSE(service::IsDemoPassword("school", "school-demo2"));
}

TEST(PasswordPolicyTest, AccountsApplyIt) {
  storage::MemoryStore store;
  ASSERT_TRUE(testing::FillRegistries(store, /*synthetic=*/false).ok());
  auto h = service::LoadHierarchy(store);
  ASSERT_TRUE(h.ok());
  auto accounts = storage::NewMemoryAccountStore();
  service::NewAccount weak{"li.hua",         "",           model::Role::kLeader,
                           testing::kCounty, "Qwerty2024", false};
  Result<model::User> refused = service::CreateAccount(**h, *accounts, weak, service::Actor{}, 1);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  service::NewAccount demo{"leader",      "",   model::Role::kLeader, testing::kCounty,
                           "leader-demo", false};
  EXPECT_FALSE(service::CreateAccount(**h, *accounts, demo, service::Actor{}, 1).ok());
  EXPECT_TRUE(
      service::CreateAccount(**h, *accounts, demo, service::Actor{}, 1, /*synthetic=*/true).ok());
  service::NewAccount good{
      "li.hua", "", model::Role::kLeader, testing::kCounty, "Jiaoyu-Xitong-7391", false};
  Result<model::User> u = service::CreateAccount(**h, *accounts, good, service::Actor{}, 1);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  service::AccountPatch p;
  p.password = "li.hua2024";
  EXPECT_EQ(service::UpdateAccount(**h, *accounts, u->id, p, service::Actor{}, 2).status().code(),
            StatusCode::kInvalidArgument);
  p.password = "11111111";
  EXPECT_FALSE(service::UpdateAccount(**h, *accounts, u->id, p, service::Actor{}, 2).ok());
  p.password = "Jiaoyu-Xitong-8402";
  EXPECT_TRUE(service::UpdateAccount(**h, *accounts, u->id, p, service::Actor{}, 2).ok());
  EXPECT_EQ(*accounts->CountUsers(), 2);
}

}  // namespace
}  // namespace zj::server
