// Callback: what the kernel relies on when it moves an event's callable into the queue and
// out again. Trivially copyable callables are moved as bytes, others through their type.
#include <gtest/gtest.h>

#include <memory>
#include <utility>

#include "sim/core/callback.h"

namespace clustersim::sim {
namespace {

TEST(Callback, a_pointer_and_index_capture_survives_moves_and_runs_once_per_call) {
  int calls = 0;
  int seen = -1;
  const int index = 42;
  Callback first([&calls, &seen, index] {
    ++calls;
    seen = index;
  });
  Callback second(std::move(first));
  Callback third;
  third = std::move(second);
  EXPECT_FALSE(static_cast<bool>(first));
  EXPECT_FALSE(static_cast<bool>(second));
  ASSERT_TRUE(static_cast<bool>(third));
  third();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(seen, 42);
}

TEST(Callback, an_owning_capture_has_one_owner_through_moves_and_is_released_on_reset) {
  auto owned = std::make_shared<int>(7);
  int seen = 0;
  Callback first([holder = owned, &seen] { seen = *holder; });
  EXPECT_EQ(owned.use_count(), 2);
  Callback second(std::move(first));
  Callback third;
  third = std::move(second);
  EXPECT_EQ(owned.use_count(), 2);  // moved, not copied; the moved-from ones hold nothing
  third();
  EXPECT_EQ(seen, 7);
  third.reset();
  EXPECT_EQ(owned.use_count(), 1);
}

TEST(Callback, an_owning_capture_is_released_when_the_callback_is_destroyed_or_overwritten) {
  auto owned = std::make_shared<int>(1);
  {
    Callback scoped([holder = owned] { (void)holder; });
    EXPECT_EQ(owned.use_count(), 2);
  }
  EXPECT_EQ(owned.use_count(), 1);
  Callback replaced([holder = owned] { (void)holder; });
  replaced = Callback([] {});
  EXPECT_EQ(owned.use_count(), 1);
}

}  // namespace
}  // namespace clustersim::sim
