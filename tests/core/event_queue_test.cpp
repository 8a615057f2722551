// The event queue against a deliberately simple reference: a sorted list of (time, sequence).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
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
    const EventQueue::Due due = queue.pop();
    times.push_back(time_ns(due.at));
    queue.fire(due);
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
  queue.fire(queue.pop());
  EXPECT_EQ(fired, 10);
}

TEST(EventQueue, stale_id_does_not_cancel_the_event_that_reused_its_slot) {
  EventQueue queue;
  const TimerId old_id = queue.push(time_from_ns(1), [] {});
  queue.fire(queue.pop());
  const TimerId new_id = queue.push(time_from_ns(2), [] {});
  EXPECT_EQ(new_id.slot, old_id.slot);  // the slot was recycled...
  EXPECT_FALSE(queue.cancel(old_id));   // ...but the old id no longer names it
  EXPECT_TRUE(queue.pending(new_id));
  EXPECT_FALSE(queue.cancel(TimerId{}));
}

// Events run in their slots. A callback that schedules enough events to outgrow the slots
// must keep running on intact captures (an owning pointer: a move would leave it null, a free
// would show under ASan), and its own slot must not be handed out before it returns.
TEST(EventQueue, a_callback_runs_in_its_slot_while_it_schedules_many_events) {
  EventQueue queue;
  std::vector<TimerId> scheduled;
  std::string seen;
  const TimerId first = queue.push(time_from_ns(1), [&queue, &scheduled, &seen,
                                                      text = std::make_unique<std::string>("captured")] {
    for (int i = 0; i < 5000; ++i) scheduled.push_back(queue.push(time_from_ns(2 + i), [] {}));
    seen = *text;  // read from the slot after the slots have grown many times
  });
  const EventQueue::Due due = queue.pop();
  EXPECT_FALSE(queue.pending(first));  // popped: no longer pending...
  EXPECT_FALSE(queue.cancel(first));   // ...so cancelling it does nothing
  queue.fire(due);
  EXPECT_EQ(seen, "captured");
  ASSERT_EQ(scheduled.size(), 5000u);
  for (const TimerId& id : scheduled) ASSERT_NE(id.slot, first.slot);
  EXPECT_EQ(queue.push(time_from_ns(9000), [] {}).slot, first.slot);  // freed after it ran
  EXPECT_EQ(queue.size(), 5001u);
  std::vector<std::int64_t> times;  // the events scheduled while it ran all fire, in order
  while (!queue.empty()) {
    const EventQueue::Due next = queue.pop();
    times.push_back(time_ns(next.at));
    queue.fire(next);
  }
  ASSERT_EQ(times.size(), 5001u);
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
}

// A callback may run the queue itself (a kernel inside a kernel's event); both stay in place.
TEST(EventQueue, nested_callbacks_both_survive_the_slots_growing) {
  EventQueue queue;
  std::vector<std::string> order;
  queue.push(time_from_ns(1), [&queue, &order, name = std::make_unique<std::string>("outer")] {
    queue.push(time_from_ns(2), [&queue, &order, inner = std::make_unique<std::string>("inner")] {
      for (int i = 0; i < 1000; ++i) queue.push(time_from_ns(10 + i), [] {});
      order.push_back(*inner);
    });
    queue.fire(queue.pop());  // runs the inner one now
    for (int i = 0; i < 1000; ++i) queue.push(time_from_ns(2000 + i), [] {});
    order.push_back(*name);
  });
  queue.fire(queue.pop());
  EXPECT_EQ(order, (std::vector<std::string>{"inner", "outer"}));
  EXPECT_EQ(queue.size(), 2000u);
}

TEST(EventQueue, a_callback_that_throws_still_frees_its_slot) {
  EventQueue queue;
  const TimerId thrower = queue.push(time_from_ns(1), [] { throw std::runtime_error("model failed"); });
  EXPECT_THROW(queue.fire(queue.pop()), std::runtime_error);
  EXPECT_TRUE(queue.empty());
  int fired = 0;
  EXPECT_EQ(queue.push(time_from_ns(2), [&fired] { ++fired; }).slot, thrower.slot);
  queue.fire(queue.pop());
  EXPECT_EQ(fired, 1);
}

// Pops everything, returning the tags in firing order.
std::vector<int> drain(EventQueue& queue, std::vector<int>& fired) {
  fired.clear();
  while (!queue.empty()) {
    queue.fire(queue.pop());
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
      queue.fire(queue.pop());
    }
  }
  while (!queue.empty()) {
    queue.fire(queue.pop());
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
      const EventQueue::Due due = queue.pop();
      RC_ASSERT(time_ns(due.at) == earliest->time);
      queue.fire(due);
      RC_ASSERT(popped_sequence == earliest->sequence);
      reference.erase(earliest);
    }
    RC_ASSERT(queue.size() == reference.size());
  }
}

}  // namespace
}  // namespace clustersim::sim
