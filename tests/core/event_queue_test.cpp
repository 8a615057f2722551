// The event queue against a deliberately simple reference: a sorted list of (time, sequence).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <vector>

#include "sim/core/event_queue.h"

namespace clustersim::sim {
namespace {

TEST(EventQueue, pops_in_time_order_then_push_order) {
  EventQueue queue;
  std::vector<int> fired;
  queue.push(time_from_ns(20), [&] { fired.push_back(1); });
  queue.push(time_from_ns(10), [&] { fired.push_back(2); });
  queue.push(time_from_ns(20), [&] { fired.push_back(3); });
  queue.push(time_from_ns(10), [&] { fired.push_back(4); });
  std::vector<std::int64_t> times;
  while (!queue.empty()) {
    Callback callback;
    times.push_back(time_ns(queue.pop(callback)));
    callback();
  }
  EXPECT_EQ(fired, (std::vector<int>{2, 4, 1, 3}));
  EXPECT_EQ(times, (std::vector<std::int64_t>{10, 10, 20, 20}));
}

TEST(EventQueue, cancel_removes_only_that_event) {
  EventQueue queue;
  int fired = 0;
  const TimerId first = queue.push(time_from_ns(5), [&] { fired += 1; });
  queue.push(time_from_ns(5), [&] { fired += 10; });
  EXPECT_TRUE(queue.pending(first));
  EXPECT_TRUE(queue.cancel(first));
  EXPECT_FALSE(queue.pending(first));
  EXPECT_FALSE(queue.cancel(first));  // twice is a no-op
  EXPECT_EQ(queue.size(), 1u);
  Callback callback;
  queue.pop(callback);
  callback();
  EXPECT_EQ(fired, 10);
}

TEST(EventQueue, stale_id_does_not_cancel_the_event_that_reused_its_slot) {
  EventQueue queue;
  const TimerId old_id = queue.push(time_from_ns(1), [] {});
  Callback callback;
  queue.pop(callback);
  const TimerId new_id = queue.push(time_from_ns(2), [] {});
  EXPECT_EQ(new_id.slot, old_id.slot);  // the slot was recycled...
  EXPECT_FALSE(queue.cancel(old_id));   // ...but the old id no longer names it
  EXPECT_TRUE(queue.pending(new_id));
  EXPECT_FALSE(queue.cancel(TimerId{}));
}

// Pops everything, returning the tags in firing order.
std::vector<int> drain(EventQueue& queue, std::vector<int>& fired) {
  fired.clear();
  while (!queue.empty()) {
    Callback callback;
    queue.pop(callback);
    callback();
  }
  return fired;
}

TEST(EventQueue, compaction_after_mass_cancel_keeps_order_and_ids) {
  EventQueue queue;
  std::vector<int> fired;
  std::vector<TimerId> ids;
  for (int i = 0; i < 5000; ++i) {
    ids.push_back(queue.push(time_from_ns(10'000 - i % 100), [&fired, i] { fired.push_back(i); }));
  }
  for (int i = 0; i < 5000; ++i) {
    if (i % 5 != 0) {
      ASSERT_TRUE(queue.cancel(ids[static_cast<std::size_t>(i)]));
    }
  }
  EXPECT_EQ(queue.size(), 1000u);
  EXPECT_TRUE(queue.pending(ids[0]));
  EXPECT_TRUE(queue.cancel(ids[5]));  // ids stay valid across compaction
  const std::vector<int> order = drain(queue, fired);
  ASSERT_EQ(order.size(), 999u);
  // Latest time first in push order: i % 100 == 95 has the earliest time 9905.
  EXPECT_EQ(order.front(), 95);
  EXPECT_EQ(order[1], 195);
}

TEST(EventQueue, renumbering_sequences_keeps_push_order_for_ties) {
  EventQueue queue(64);  // renumber whenever 64 sequences have been used
  std::vector<int> fired;
  int next_tag = 0;
  for (int round = 0; round < 20; ++round) {  // 200 pushes: three renumberings
    for (int i = 0; i < 10; ++i) {
      const int tag = next_tag++;
      queue.push(time_from_ns(1000), [&fired, tag] { fired.push_back(tag); });
    }
    for (int i = 0; i < 8; ++i) {  // pending grows by 2 a round, staying below 64
      Callback callback;
      queue.pop(callback);
      callback();
    }
  }
  while (!queue.empty()) {
    Callback callback;
    queue.pop(callback);
    callback();
  }
  ASSERT_EQ(fired.size(), 200u);
  for (std::size_t i = 0; i < fired.size(); ++i) ASSERT_EQ(fired[i], static_cast<int>(i));
}

// One operation of a random workload: push at a time, cancel the k-th live id, or pop.
struct Op {
  int kind;  // 0 push, 1 cancel, 2 pop
  std::int64_t time;
  std::size_t pick;
};

RC_GTEST_PROP(EventQueue, agrees_with_a_sorted_list_reference, ()) {
  const auto ops = *rc::gen::container<std::vector<Op>>(rc::gen::build<Op>(
      rc::gen::set(&Op::kind, rc::gen::inRange(0, 3)),
      rc::gen::set(&Op::time, rc::gen::inRange<std::int64_t>(0, 50)),  // many ties
      rc::gen::set(&Op::pick, rc::gen::inRange<std::size_t>(0, 1000))));
  EventQueue queue;
  struct Ref {
    std::int64_t time;
    std::uint64_t sequence;
    TimerId id;
  };
  std::vector<Ref> reference;
  std::uint64_t sequence = 0;
  std::uint64_t popped_sequence = 0;
  for (const Op& op : ops) {
    if (op.kind == 0) {
      const std::uint64_t mine = sequence++;
      const TimerId id = queue.push(time_from_ns(op.time), [&popped_sequence, mine] {
        popped_sequence = mine;
      });
      reference.push_back(Ref{op.time, mine, id});
    } else if (op.kind == 1 && !reference.empty()) {
      const std::size_t index = op.pick % reference.size();
      RC_ASSERT(queue.cancel(reference[index].id));
      reference.erase(reference.begin() + static_cast<std::ptrdiff_t>(index));
    } else if (op.kind == 2 && !reference.empty()) {
      const auto earliest = std::min_element(reference.begin(), reference.end(), [](auto& a, auto& b) {
        return a.time != b.time ? a.time < b.time : a.sequence < b.sequence;
      });
      Callback callback;
      RC_ASSERT(time_ns(queue.pop(callback)) == earliest->time);
      callback();
      RC_ASSERT(popped_sequence == earliest->sequence);
      reference.erase(earliest);
    }
    RC_ASSERT(queue.size() == reference.size());
  }
}

}  // namespace
}  // namespace clustersim::sim
