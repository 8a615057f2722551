// Golden values pin every generator and distribution: a change to any draw shows up here.
// If one of these fails after a deliberate change, every recorded seed replays differently;
// say so in the commit message.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "sim/core/random.h"
#include "sim/core/trace_hash.h"

namespace clustersim::sim {
namespace {

TEST(SplitMix64, matches_the_published_reference_sequence) {
  SplitMix64 generator(1234567);
  EXPECT_EQ(generator.next(), 6457827717110365317ULL);
  EXPECT_EQ(generator.next(), 3203168211198807973ULL);
  EXPECT_EQ(generator.next(), 9817491932198370423ULL);
  EXPECT_EQ(generator.next(), 4593380528125082431ULL);
  EXPECT_EQ(generator.next(), 16408922859458223821ULL);
}

TEST(Random, xoshiro_golden_values) {
  Random random(42);
  EXPECT_EQ(random.next_u64(), 0x15780b2e0c2ec716ULL);
  EXPECT_EQ(random.next_u64(), 0x6104d9866d113a7eULL);
  EXPECT_EQ(random.next_u64(), 0xae17533239e499a1ULL);
  EXPECT_EQ(random.next_u64(), 0xecb8ad4703b360a1ULL);
}

TEST(Random, named_stream_golden_values) {
  Random random = Random::for_stream(7, "net/link/ctrl1->ctrl2");
  EXPECT_EQ(random.next_u64(), 0x8fb7d5c540f6bc2fULL);
  EXPECT_EQ(random.next_u64(), 0x5e30342afbb721b5ULL);
  EXPECT_EQ(random.next_u64(), 0xac7101dc6047ffecULL);
}

// A link's stream is named piece by piece (Network::link_random): it must be the very stream
// of the joined name, or every recorded seed would replay differently.
TEST(Random, a_stream_named_in_parts_is_the_stream_of_the_joined_name) {
  EXPECT_EQ(stable_name_hash({"net/link/", "ctrl1", "->", "ctrl2"}), stable_name_hash("net/link/ctrl1->ctrl2"));
  EXPECT_EQ(stable_name_hash({}), stable_name_hash(""));
  EXPECT_NE(stable_name_hash({"net/link/", "ctrl1", "->", "ctrl2"}), stable_name_hash({"net/link/", "ctrl2", "->", "ctrl1"}));
  Random parts = Random::for_stream(7, {"net/link/", "ctrl1", "->", "ctrl2"});
  EXPECT_EQ(parts.next_u64(), 0x8fb7d5c540f6bc2fULL);  // named_stream_golden_values' first draws
  EXPECT_EQ(parts.next_u64(), 0x5e30342afbb721b5ULL);
}

TEST(Random, streams_differ_by_name_and_by_seed_and_repeat_exactly) {
  EXPECT_NE(Random::for_stream(1, "a").next_u64(), Random::for_stream(1, "b").next_u64());
  EXPECT_NE(Random::for_stream(1, "a").next_u64(), Random::for_stream(2, "a").next_u64());
  Random first = Random::for_stream(9, "node/ctrl3");
  Random second = Random::for_stream(9, "node/ctrl3");
  for (int i = 0; i < 100; ++i) ASSERT_EQ(first.next_u64(), second.next_u64());
}

TEST(Random, below_and_uniform_int_golden_values) {
  Random below(99);
  for (std::uint64_t expected : {348u, 564u, 378u, 855u, 785u, 205u}) EXPECT_EQ(below.below(1000), expected);
  Random ints(99);
  for (std::int64_t expected : {-2L, 1L, -1L, 4L, 3L, -3L}) EXPECT_EQ(ints.uniform_int(-5, 5), expected);
}

TEST(Random, real_distributions_golden_values) {
  Random real(99);
  EXPECT_DOUBLE_EQ(real.uniform_real(), 0.34870385642514956);
  EXPECT_DOUBLE_EQ(real.uniform_real(), 0.56400002473842115);
  Random exponential(99);
  EXPECT_DOUBLE_EQ(exponential.exponential(2.0), 0.85758166913368117);
  EXPECT_DOUBLE_EQ(exponential.exponential(2.0), 1.6602261847452047);
  Random normal(99);
  EXPECT_DOUBLE_EQ(normal.normal(0, 1), -0.85218713816260783);
  EXPECT_DOUBLE_EQ(normal.normal(0, 1), -0.36243447778033683);  // the pair's second value
  Random lognormal(99);
  EXPECT_DOUBLE_EQ(lognormal.lognormal(1, 0.5), 1.7751881741583937);
  EXPECT_DOUBLE_EQ(lognormal.lognormal(1, 0.5), 2.2677377782140886);
}

TEST(Random, bernoulli_and_duration_golden_values) {
  Random coin(99);
  std::vector<bool> flips;
  for (int i = 0; i < 10; ++i) flips.push_back(coin.bernoulli(0.3));
  EXPECT_EQ(flips, (std::vector<bool>{0, 0, 0, 0, 0, 1, 1, 1, 0, 0}));
  Random durations(99);
  const Duration low{1'000'000'000};
  const Duration high{1'999'999'999};
  EXPECT_EQ(durations.uniform_duration(low, high).count(), 1348703856);
  EXPECT_EQ(durations.uniform_duration(low, high).count(), 1564000024);
}

TEST(Random, uniform_int_covers_its_closed_range_and_nothing_else) {
  Random random(5);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::int64_t value = random.uniform_int(3, 9);
    ASSERT_GE(value, 3);
    ASSERT_LE(value, 9);
    seen.insert(value);
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(random.uniform_int(4, 4), 4);
  // The full 64-bit range takes the raw output path and must not divide by zero.
  random.uniform_int(std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
}

TEST(Random, distributions_have_the_stated_moments) {
  // Fixed seed, so this is deterministic; the tolerances are generous for 200,000 draws.
  constexpr int draws = 200'000;
  Random random(2024);
  double exp_sum = 0, normal_sum = 0, normal_sq = 0, heads = 0;
  std::vector<double> lognormals;
  for (int i = 0; i < draws; ++i) {
    exp_sum += random.exponential(3.0);
    const double z = random.normal(10.0, 2.0);
    normal_sum += z;
    normal_sq += (z - 10.0) * (z - 10.0);
    heads += random.bernoulli(0.25) ? 1 : 0;
    lognormals.push_back(random.lognormal(std::log(5.0), 0.4));
  }
  EXPECT_NEAR(exp_sum / draws, 3.0, 0.05);
  EXPECT_NEAR(normal_sum / draws, 10.0, 0.02);
  EXPECT_NEAR(std::sqrt(normal_sq / draws), 2.0, 0.02);
  EXPECT_NEAR(heads / draws, 0.25, 0.005);
  std::nth_element(lognormals.begin(), lognormals.begin() + draws / 2, lognormals.end());
  EXPECT_NEAR(lognormals[draws / 2], 5.0, 0.05);  // median exp(mu)
}

TEST(Random, bernoulli_consumes_one_draw_whatever_the_probability) {
  Random a(77);
  Random b(77);
  a.bernoulli(0.0);
  b.bernoulli(1.0);
  EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(TraceHash, depends_on_content_and_order) {
  TraceHash ab, ba, ab_again;
  ab.add(1);
  ab.add(2);
  ba.add(2);
  ba.add(1);
  ab_again.add(1);
  ab_again.add(2);
  EXPECT_NE(ab.value(), ba.value());
  EXPECT_EQ(ab.value(), ab_again.value());
  TraceHash text_a, text_b;
  text_a.add(std::string_view("ctrl1"));
  text_b.add(std::string_view("ctrl2"));
  EXPECT_NE(text_a.value(), text_b.value());
}

}  // namespace
}  // namespace clustersim::sim
