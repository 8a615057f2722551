// The simulator's single event queue: pending callbacks ordered by (time, insertion sequence).
//
// Simultaneous events fire in the order they were scheduled; that order is fixed on purpose,
// never by pointer values or hashing, so runs are reproducible. Each pending event is a
// 16-byte key (time, sequence, slot) in a Calendar, which keeps them in order, and a slot
// holding its callback. Cancel is O(1): it frees the slot and leaves the key behind as stale
// (the slot no longer carries the key's sequence); stale keys are skipped when they come up,
// and everything is compacted when they outnumber the live ones. Slots and keys are recycled,
// so once the vectors reach their peak size, push/pop/cancel do not allocate.
//
// An event runs in its slot: pop() takes it out of the order and fire() calls it there, then
// frees the slot, so that no callable is moved on the way (bench/NOTES.md). A
// running callback may schedule enough events to outgrow the slots; the new buffer then takes
// every slot but the running ones, and the old buffer lives until no callback runs in it.
//
// Sequences are 32 bits to keep keys small. Before the counter could overflow, pending keys
// are renumbered 0..n-1 in their firing order, so order never depends on wrap-around.
#pragma once

#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/core/calendar.h"
#include "sim/core/callback.h"
#include "sim/core/time.h"

namespace clustersim::sim {

// Names one scheduled event. A default TimerId names nothing; cancelling an id whose event
// has fired or been cancelled is a harmless no-op (the generation no longer matches).
struct TimerId {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;  // 0 = never scheduled

  bool valid() const { return generation != 0; }
  friend bool operator==(const TimerId&, const TimerId&) = default;
};

class EventQueue {
 public:
  // Sequences are renumbered when they reach `sequence_limit`. Only tests pass a small one,
  // to exercise renumbering without pushing three billion events.
  static constexpr std::uint32_t default_sequence_limit = 0xC0000000u;
  explicit EventQueue(std::uint32_t sequence_limit = default_sequence_limit)
      : sequence_limit_(sequence_limit) {}

  // Schedules `callback` at `at`. Events with equal times fire in push order.
  TimerId push(Time at, Callback callback) { return emplace(at, std::move(callback)); }
  // The same, constructing the callable `f` in its slot rather than moving it there.
  template <typename F>
  TimerId emplace(Time at, F&& f) {
    const std::uint32_t slot = acquire_slot();
    if constexpr (std::is_same_v<std::decay_t<F>, Callback>) {
      slots_[slot].callback = std::forward<F>(f);  // a Callback is moved in, never copied
    } else {
      slots_[slot].callback.emplace(std::forward<F>(f));
    }
    return enqueue(at, slot);
  }

  // Removes a pending event. Returns false (and does nothing) if it is not pending.
  bool cancel(TimerId id);

  bool pending(TimerId id) const;
  bool empty() const { return keys_.empty(); }  // the top is never stale: see drop_stale_top
  std::size_t size() const { return keys_.size() - stale_entries_; }

  // Time of the earliest pending event. Precondition: !empty().
  Time next_time() const;

  // The earliest event, taken out of the order: no longer pending (cancelling it is a no-op),
  // its callback still in its slot. Every popped event must be fired, once.
  struct Due {
    Time at;
    std::uint32_t slot;
  };
  // Precondition: !empty().
  Due pop();
  // Runs the popped event's callback, which may push and cancel events, then frees its slot.
  void fire(Due due);

 private:
  // (time, sequence, slot), most significant first: "fires earlier" is "smaller". Time is
  // never negative here. The sequence is unique among pending keys, so the slot bits never
  // decide an order.
  using Entry = Calendar::Key;
  static Entry make_entry(std::int64_t at_ns, std::uint32_t sequence, std::uint32_t slot) {
    return (static_cast<Entry>(static_cast<std::uint64_t>(at_ns)) << 64) |
           (static_cast<Entry>(sequence) << 32) | slot;
  }
  static std::int64_t entry_time_ns(Entry e) { return static_cast<std::int64_t>(e >> 64); }
  static std::uint32_t entry_sequence(Entry e) { return static_cast<std::uint32_t>(e >> 32); }
  static std::uint32_t entry_slot(Entry e) { return static_cast<std::uint32_t>(e); }
  // A free slot's sequence: never given to an entry, because sequences are renumbered first.
  static constexpr std::uint32_t no_sequence = UINT32_MAX;
  // One cache line: the check that a popped key is not stale and the call of its callback read
  // the same line, which the queue prefetches a few events ahead (bench/NOTES.md).
  struct alignas(64) Slot {
    Callback callback;                     // empty while the slot is free
    std::uint32_t sequence = no_sequence;  // of its pending entry; none while not pending
    std::uint32_t generation = 1;          // names the event for TimerId; never 0
    bool running = false;                  // its callback is running in this slot: never moved
  };
  static_assert(sizeof(Slot) == 64, "a slot is one cache line");

  bool stale(Entry entry) const {
    return slots_[entry_slot(entry)].sequence != entry_sequence(entry);
  }
  std::uint32_t acquire_slot();
  void grow_slots();
  TimerId enqueue(Time at, std::uint32_t slot);  // the key for a slot whose callback is set
  void renumber();
  void drop_stale_top();
  void prefetch_next_callbacks() const;
  void compact();
  void retire(std::uint32_t slot);   // its event is no longer pending; the callback stays
  void release(std::uint32_t slot);  // destroys the callback and frees the slot

  Calendar keys_;
  std::vector<Entry> scratch_;  // for compaction and renumbering; keeps its capacity
  std::unique_ptr<Slot[]> slots_;
  std::uint32_t slot_count_ = 0;     // slots in use or free; the rest are spare capacity
  std::uint32_t slot_capacity_ = 0;
  // Buffers that slots_ replaced while callbacks ran in them, freed once none runs.
  std::vector<std::unique_ptr<Slot[]>> retired_slots_;
  std::uint32_t firing_depth_ = 0;  // callbacks running (a callback may run the kernel)
  std::vector<std::uint32_t> free_slots_;
  std::size_t stale_entries_ = 0;
  std::uint32_t sequence_limit_;
  std::uint32_t next_sequence_ = 0;
};

}  // namespace clustersim::sim
