// Link and flap parameters are checked before a run, with messages a person can act on.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/net/flap.h"
#include "sim/net/link_params.h"

namespace clustersim::sim {
namespace {

using std::chrono::milliseconds;

TEST(LinkParams, defaults_are_valid) { EXPECT_FALSE(LinkParams{}.problem()); }

TEST(LinkParams, rejects_probabilities_outside_zero_to_one) {
  LinkParams params;
  params.loss = 1.5;
  ASSERT_TRUE(params.problem());
  EXPECT_NE(params.problem()->find("loss"), std::string::npos);
  params.loss = 0;
  params.duplicate = -0.1;
  ASSERT_TRUE(params.problem());
  EXPECT_NE(params.problem()->find("duplicate"), std::string::npos);
  params.duplicate = 0;
  params.reorder = std::nan("");
  ASSERT_TRUE(params.problem());
  EXPECT_NE(params.problem()->find("reorder"), std::string::npos);
}

TEST(LatencyModel, rejects_inverted_or_negative_ranges) {
  EXPECT_TRUE(LatencyModel::uniform(milliseconds(5), milliseconds(1)).problem());
  EXPECT_TRUE(LatencyModel::fixed(milliseconds(-1)).problem());
  EXPECT_TRUE(LatencyModel::lognormal(milliseconds(0), 0.5, milliseconds(10)).problem());
  EXPECT_TRUE(LatencyModel::lognormal(milliseconds(5), 0.5, milliseconds(1)).problem());
  EXPECT_FALSE(LatencyModel::lognormal(milliseconds(5), 0.5, milliseconds(50)).problem());
}

TEST(LatencyModel, samples_stay_within_their_bounds) {
  Random random(3);
  const LatencyModel uniform = LatencyModel::uniform(milliseconds(2), milliseconds(4));
  const LatencyModel lognormal = LatencyModel::lognormal(milliseconds(2), 1.0, milliseconds(8));
  for (int i = 0; i < 10'000; ++i) {
    const Duration u = uniform.sample(random);
    ASSERT_GE(u, milliseconds(2));
    ASSERT_LE(u, milliseconds(4));
    const Duration l = lognormal.sample(random);
    ASSERT_GE(l, Duration{0});
    ASSERT_LE(l, milliseconds(8));
  }
  EXPECT_EQ(LatencyModel::fixed(milliseconds(7)).sample(random), milliseconds(7));
}

TEST(FlapSpec, rejects_schedules_that_cannot_run) {
  FlapSpec flap;
  flap.start = time_zero + milliseconds(10);
  flap.end = time_zero + milliseconds(100);
  flap.period = milliseconds(20);
  EXPECT_FALSE(flap.problem());
  FlapSpec backwards = flap;
  backwards.end = backwards.start;
  EXPECT_TRUE(backwards.problem());
  FlapSpec always_down = flap;
  always_down.down_fraction = 1.0;
  EXPECT_TRUE(always_down.problem());
  FlapSpec jittery = flap;
  jittery.jitter = milliseconds(10);  // as long as a phase: a phase could vanish
  ASSERT_TRUE(jittery.problem());
  EXPECT_NE(jittery.problem()->find("jitter"), std::string::npos);
  FlapSpec no_period = flap;
  no_period.period = Duration{0};
  EXPECT_TRUE(no_period.problem());
}

}  // namespace
}  // namespace clustersim::sim
