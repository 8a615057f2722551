// The sorting networks the Calendar sorts its windows with, checked completely: by the 0-1
// principle, a network that sorts every sequence of zeros and ones sorts every input.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/core/calendar.h"
#include "sim/core/sorting_network.h"

namespace clustersim::sim {
namespace {

template <std::size_t N>
void expect_sorts_every_zero_one_sequence() {
  for (std::uint32_t bits = 0; bits < (std::uint32_t{1} << N); ++bits) {
    std::array<int, N> values{};
    for (std::size_t i = 0; i < N; ++i) values[i] = static_cast<int>((bits >> i) & 1);
    sort_descending_by_network<N>(values.data());
    ASSERT_TRUE(std::is_sorted(values.begin(), values.end(), std::greater<>{}))
        << N << " values, input bits " << bits;
  }
}

TEST(SortingNetwork, sorts_every_sequence_of_zeros_and_ones_of_4_8_and_16) {
  expect_sorts_every_zero_one_sequence<2>();
  expect_sorts_every_zero_one_sequence<4>();
  expect_sorts_every_zero_one_sequence<8>();
  expect_sorts_every_zero_one_sequence<16>();
}

TEST(SortingNetwork, has_the_sizes_knuth_gives_for_batchers_network) {
  // Optimal for 4 and 8; more exchanges would still sort, but cost every window.
  EXPECT_EQ(detail::batcher_exchanges<4>().size(), 5u);
  EXPECT_EQ(detail::batcher_exchanges<8>().size(), 19u);
  EXPECT_EQ(detail::batcher_exchanges<16>().size(), 63u);
}

TEST(SortingNetwork, sorts_calendar_keys_by_all_128_bits) {
  // Keys of one window share their time; the sequence in the low half decides.
  using CalendarKey = Calendar::Key;
  std::array<CalendarKey, 16> keys{};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::uint64_t time = i % 2 == 0 ? 5 : 4;
    keys[i] = (static_cast<CalendarKey>(time) << 64) | ((i * 7) % 16);
  }
  std::vector<CalendarKey> expected(keys.begin(), keys.end());
  std::sort(expected.begin(), expected.end(), std::greater<>{});
  sort_descending_by_network<16>(keys.data());
  EXPECT_EQ(std::vector<CalendarKey>(keys.begin(), keys.end()), expected);
}

}  // namespace
}  // namespace clustersim::sim
