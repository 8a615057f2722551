// The calendar queue against a deliberately simple reference: a sorted multiset of keys.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <set>
#include <vector>

#include "sim/core/calendar.h"

namespace clustersim::sim {
namespace {

using Key = Calendar::Key;

Key key_at(std::uint64_t time, std::uint64_t sequence) {
  return (static_cast<Key>(time) << 64) | sequence;
}

TEST(Calendar, pops_in_key_order_across_windows_and_rebuilds) {
  Calendar calendar;
  const std::vector<std::uint64_t> times = {5, 3'000'000'000, 7, 7, 1'000, 86'400'000'000'000, 0};
  std::uint64_t sequence = 0;
  for (std::uint64_t time : times) calendar.push(key_at(time, sequence++));
  std::vector<std::uint64_t> popped;
  while (!calendar.empty()) {
    popped.push_back(Calendar::time_of(calendar.top()));
    calendar.pop();
  }
  EXPECT_EQ(popped, (std::vector<std::uint64_t>{0, 5, 7, 7, 1'000, 3'000'000'000,
                                                 86'400'000'000'000}));
}

// A window's keys are sorted by a network when there are 2 to 16 of them, by std::sort beyond.
// The first key fills the first rung; the rest wait in "later" until it is popped, and one far
// key then stretches the next rung so that its buckets are milliseconds wide and the others
// all share the first: one window of exactly the keys under test.
std::vector<Key> pop_one_window(const std::vector<std::uint64_t>& times) {
  Calendar calendar;
  calendar.push(key_at(0, 0));
  calendar.push(key_at(1'000'000'000, 1));
  std::uint64_t sequence = 2;
  for (std::uint64_t time : times) calendar.push(key_at(1'000'000 + time, sequence++));
  calendar.pop();  // the first key
  std::vector<Key> popped;
  while (calendar.size() > 1) popped.push_back(calendar.pop());
  return popped;
}

TEST(Calendar, sorts_a_window_of_up_to_eight_keys_in_any_order) {
  for (std::uint64_t count = 1; count <= 8; ++count) {
    std::vector<std::uint64_t> times(count);
    for (std::uint64_t i = 0; i < count; ++i) times[i] = i * 37;
    do {  // every order of the window's keys
      const std::vector<Key> popped = pop_one_window(times);
      ASSERT_EQ(popped.size(), count);
      for (std::uint64_t i = 0; i < count; ++i) {
        ASSERT_EQ(Calendar::time_of(popped[i]), 1'000'000 + i * 37) << count << " keys";
      }
    } while (std::next_permutation(times.begin(), times.end()));
  }
}

TEST(Calendar, sorts_larger_windows_and_equal_times_by_sequence) {
  for (std::uint64_t count = 2; count <= 20; ++count) {
    std::vector<std::uint64_t> times;
    for (std::uint64_t i = 0; i < count; ++i) times.push_back((i * 7) % count / 2 * 37);
    const std::vector<Key> popped = pop_one_window(times);
    EXPECT_TRUE(std::is_sorted(popped.begin(), popped.end())) << count << " keys";
    EXPECT_EQ(popped.size(), count);
  }
}

TEST(Calendar, take_all_empties_it_and_it_keeps_working) {
  Calendar calendar;
  for (std::uint64_t i = 0; i < 100; ++i) calendar.push(key_at(i * 37 % 101, i));
  calendar.pop();
  std::vector<Key> all;
  calendar.take_all(all);
  EXPECT_EQ(all.size(), 99u);
  EXPECT_TRUE(calendar.empty());
  calendar.push(key_at(3, 500));
  calendar.push(key_at(1, 501));
  EXPECT_EQ(Calendar::time_of(calendar.top()), 1u);
}

// One step of a workload: push at now + a delay of some magnitude, pop, or take everything
// out and push it back.
struct Step {
  int kind;         // 0..5 push, 6..8 pop, 9 take_all and push back
  int magnitude;    // delay scale: 10^magnitude ns
  std::uint64_t delay_units;
};

RC_GTEST_PROP(Calendar, agrees_with_a_sorted_multiset, ()) {
  const auto steps = *rc::gen::container<std::vector<Step>>(rc::gen::build<Step>(
      rc::gen::set(&Step::kind, rc::gen::inRange(0, 10)),
      rc::gen::set(&Step::magnitude, rc::gen::inRange(0, 14)),
      rc::gen::set(&Step::delay_units, rc::gen::inRange<std::uint64_t>(0, 10))));
  Calendar calendar;
  std::multiset<Key> reference;
  std::uint64_t now = 0;
  std::uint64_t sequence = 0;
  for (const Step& step : steps) {
    if (step.kind <= 5) {
      std::uint64_t scale = 1;
      for (int i = 0; i < step.magnitude; ++i) scale *= 10;
      const Key key = key_at(now + step.delay_units * scale, sequence++);
      calendar.push(key);
      reference.insert(key);
    } else if (step.kind <= 8) {
      if (reference.empty()) continue;
      RC_ASSERT(calendar.top() == *reference.begin());
      now = Calendar::time_of(calendar.top());  // time moves forward, as in the kernel
      calendar.pop();
      reference.erase(reference.begin());
    } else {
      std::vector<Key> all;
      calendar.take_all(all);
      RC_ASSERT(all.size() == reference.size());
      for (Key key : all) calendar.push(key);
    }
    RC_ASSERT(calendar.size() == reference.size());
    RC_ASSERT(calendar.empty() == reference.empty());
    if (!reference.empty()) RC_ASSERT(calendar.top() == *reference.begin());
  }
}

// A rung has about one bucket per pending key, between min_rung_buckets and bucket_count: a
// steady population of each size (every pop replaced by a push, as a kernel's timers are) must
// come out in order through many rebuilds, whichever number of buckets it gets.
TEST(Calendar, agrees_with_a_sorted_multiset_at_every_rung_size) {
  for (const std::uint64_t pending : {10u, 300u, 700u, 3000u}) {
    Calendar calendar;
    std::multiset<Key> reference;
    std::uint64_t sequence = 0;
    std::uint64_t state = 12345;
    const auto delay = [&state] {  // deterministic, 1 ns to about 2 ms
      state = state * 6364136223846793005u + 1442695040888963407u;
      return 1 + (state >> 43);
    };
    for (std::uint64_t i = 0; i < pending; ++i) {
      const Key key = key_at(delay(), sequence++);
      calendar.push(key);
      reference.insert(key);
    }
    for (std::uint64_t step = 0; step < 20 * pending; ++step) {
      ASSERT_EQ(calendar.top(), *reference.begin()) << pending << " pending, step " << step;
      const std::uint64_t now = Calendar::time_of(calendar.pop());
      reference.erase(reference.begin());
      const Key key = key_at(now + delay(), sequence++);
      calendar.push(key);
      reference.insert(key);
    }
    ASSERT_EQ(calendar.size(), pending);
  }
}

// Late keys (pushed into the window being popped) go to a few sorted places and, beyond
// them, to a heap. Every count, in scrambled orders and interleaved with pops, comes out sorted.
TEST(Calendar, late_keys_come_out_in_order_however_many_arrive_in_a_window) {
  for (std::uint64_t count = 1; count <= 40; ++count) {
    for (std::uint64_t stride : {1u, 7u, 13u}) {
      Calendar calendar;
      calendar.push(key_at(0, 0));
      calendar.push(key_at(1'000'000'000, 1));  // stretches the rung: ms-wide windows
      EXPECT_EQ(Calendar::time_of(calendar.pop()), 0u);
      std::multiset<Key> reference{key_at(1'000'000'000, 1)};
      std::uint64_t sequence = 2;
      for (std::uint64_t i = 0; i < count; ++i) {
        const Key key = key_at(1 + (i * stride) % count * 10, sequence++);
        calendar.push(key);
        reference.insert(key);
        if (i % 5 == 4) {  // a pop now and then, as events run between their sends
          ASSERT_EQ(calendar.pop(), *reference.begin()) << count << " keys, stride " << stride;
          reference.erase(reference.begin());
        }
      }
      while (!reference.empty()) {
        ASSERT_EQ(calendar.pop(), *reference.begin()) << count << " keys, stride " << stride;
        reference.erase(reference.begin());
      }
      EXPECT_TRUE(calendar.empty());
    }
  }
}

TEST(Calendar, a_burst_of_late_keys_at_one_instant_comes_out_in_push_order) {
  Calendar calendar;
  calendar.push(key_at(0, 0));
  calendar.push(key_at(1'000'000'000, 1));
  calendar.pop();
  for (std::uint64_t i = 0; i < 10'000; ++i) calendar.push(key_at(500, 2 + i));
  for (std::uint64_t i = 0; i < 10'000; ++i) ASSERT_EQ(calendar.pop(), key_at(500, 2 + i));
  EXPECT_EQ(calendar.pop(), key_at(1'000'000'000, 1));
}

TEST(Calendar, keys_pushed_below_the_current_window_still_come_out_first) {
  // Not what the kernel does, but order must never depend on it.
  Calendar calendar;
  for (std::uint64_t i = 0; i < 3000; ++i) calendar.push(key_at(1'000'000 + i * 1000, i));
  for (int i = 0; i < 10; ++i) calendar.pop();
  calendar.push(key_at(5, 9999));
  EXPECT_EQ(Calendar::time_of(calendar.top()), 5u);
  calendar.pop();
  EXPECT_EQ(Calendar::time_of(calendar.top()), 1'010'000u);
}

}  // namespace
}  // namespace clustersim::sim
