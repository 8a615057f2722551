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
