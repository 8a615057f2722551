// Tracker configuration is checked with messages that say what to fix.
#include <gtest/gtest.h>

#include "model/tracker/leader_state_tracker.h"

namespace clustersim::model {
namespace {

TrackerConfig valid_config() {
  TrackerConfig config;
  config.self_id = "ctrl1";
  config.members = {{"ctrl1", "tls:ctrl1:6262"}, {"ctrl2", "tls:ctrl2:6262"}};
  config.stability_window = std::chrono::seconds(2);
  return config;
}

void expect_problem(const TrackerConfig& config, const char* fragment) {
  ASSERT_TRUE(config.problem());
  EXPECT_NE(config.problem()->find(fragment), std::string::npos) << *config.problem();
}

TEST(TrackerConfig, accepts_a_sound_configuration) { EXPECT_FALSE(valid_config().problem()); }

TEST(TrackerConfig, rejects_what_cannot_work) {
  TrackerConfig negative = valid_config();
  negative.stability_window = std::chrono::seconds(-1);
  expect_problem(negative, "stability_window");
  TrackerConfig no_members = valid_config();
  no_members.members = {};
  expect_problem(no_members, "member list");
  TrackerConfig not_listed = valid_config();
  not_listed.self_id = "ctrl9";
  expect_problem(not_listed, "\"ctrl9\" is not in its own member list");
  TrackerConfig twice = valid_config();
  twice.members = {{"ctrl1", "tls:ctrl1:6262"}, {"ctrl2", "tls:ctrl2:6262"}, {"ctrl2", "elsewhere"}};
  expect_problem(twice, "\"ctrl2\" is listed twice");
  TrackerConfig unnamed = valid_config();
  unnamed.members = {{"ctrl1", "tls:ctrl1:6262"}, {"ctrl2", "tls:ctrl2:6262"}, {"", "elsewhere"}};
  expect_problem(unnamed, "a member has an empty id");
  TrackerConfig anonymous = valid_config();
  anonymous.self_id.clear();
  expect_problem(anonymous, "self_id");
}

TEST(TrackerConfig, make_tracker_refuses_a_bad_configuration) {
  class NullSink : public EventSink {
    void accept(const ClusterEvent&) override {}
  } sink;
  TrackerConfig bad = valid_config();
  bad.members = {};
  EXPECT_THROW(make_tracker(bad, sink), TrackerConfigError);
}

TEST(TrackerPolicy, names_round_trip) {
  EXPECT_EQ(parse_policy("openziti"), TrackerPolicy::openziti);
  EXPECT_EQ(parse_policy("stable"), TrackerPolicy::stable);
  EXPECT_FALSE(parse_policy("Stable"));
  EXPECT_EQ(policy_name(TrackerPolicy::openziti), "openziti");
}

}  // namespace
}  // namespace clustersim::model
