// Sorting a handful of values without a branch on how they compare: Batcher's odd-even merge
// sort as a fixed sequence of compare-exchanges, built at compile time.
//
// Why: the Calendar sorts each time window's keys when it enters the window, and in a large
// simulation a window holds a few keys in random order. A comparison sort branches on every
// comparison, and the CPU mispredicts about half of them; a network does the same exchanges
// whatever the input, each a compare and conditional moves. For 4 and 8 values Batcher's
// network is optimal (5 and 19 exchanges); for 16 it has 63, against 60 for the best known.
// Correctness rests on the 0-1 principle (Knuth, TAOCP 5.3.4): a network that sorts every
// sequence of zeros and ones sorts everything, which tests/core/sorting_network_test.cpp checks.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace clustersim::sim {
namespace detail {

// Calls visit(i, j), i < j, for each compare-exchange of the network for `n` values (a power
// of two), in order.
template <typename Visit>
constexpr void for_each_batcher_exchange(std::size_t n, Visit visit) {
  for (std::size_t p = 1; p < n; p *= 2) {      // merge sorted runs of p into runs of 2p
    for (std::size_t k = p; k >= 1; k /= 2) {   // at distance k
      for (std::size_t j = k % p; j + k < n; j += 2 * k) {
        for (std::size_t i = 0; i < k && i + j + k < n; ++i) {
          // Only within one run of 2p being merged.
          if ((i + j) / (2 * p) == (i + j + k) / (2 * p)) visit(i + j, i + j + k);
        }
      }
    }
  }
}

template <std::size_t N>
constexpr std::size_t batcher_exchange_count() {
  std::size_t count = 0;
  for_each_batcher_exchange(N, [&count](std::size_t, std::size_t) { ++count; });
  return count;
}

template <std::size_t N>
constexpr auto batcher_exchanges() {
  static_assert(N >= 2 && N <= 256 && (N & (N - 1)) == 0, "a power of two that fits a byte");
  std::array<std::array<std::uint8_t, 2>, batcher_exchange_count<N>()> exchanges{};
  std::size_t next = 0;
  for_each_batcher_exchange(N, [&](std::size_t i, std::size_t j) {
    exchanges[next++] = {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(j)};
  });
  return exchanges;
}

}  // namespace detail

// Sorts values[0..N) into descending order (largest first). N is a power of two; to sort
// fewer, pad with a value no larger than any of them and drop the padding afterwards.
template <std::size_t N, typename T>
void sort_descending_by_network(T* values) {
  static constexpr auto exchanges = detail::batcher_exchanges<N>();
  // Unrolled, the exchanges' places are constants and the values can stay in registers.
#pragma GCC unroll 64
  for (std::size_t e = 0; e < exchanges.size(); ++e) {
    T& a = values[exchanges[e][0]];
    T& b = values[exchanges[e][1]];
    // Both moves are conditional moves, not a branch: which is larger is what mispredicts.
    const T larger = a < b ? b : a;
    const T smaller = a < b ? a : b;
    a = larger;
    b = smaller;
  }
}

}  // namespace clustersim::sim
