// The simulator's single event queue: pending callbacks ordered by (time, insertion sequence).
//
// Simultaneous events fire in the order they were scheduled; that order is fixed on purpose,
// never by pointer values or hashing, so runs are reproducible. Implemented as a 4-ary min-heap
// of 16-byte entries (time, sequence, slot): four children fill one cache line, which is what
// keeps a pop fast with 100,000 timers pending. Cancel is O(1): it frees the slot and leaves
// the heap entry behind as stale (the slot no longer carries the entry's sequence); stale
// entries are dropped when they reach the top, and the heap is compacted when they outnumber
// the live ones. Slots and entries are recycled, so once the vectors reach their peak size,
// push/pop/cancel do not allocate.
//
// Sequences are 32 bits to keep entries small. Before the counter could overflow, pending
// entries are renumbered 0..n-1 in their firing order, so order never depends on wrap-around.
#pragma once

#include <cstdint>
#include <vector>

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
  // Schedules `callback` at `at`. Events with equal times fire in push order.
  TimerId push(Time at, Callback callback);

  // Removes a pending event. Returns false (and does nothing) if it is not pending.
  bool cancel(TimerId id);

  bool pending(TimerId id) const;
  bool empty() const { return heap_.empty(); }  // the top is never stale: see drop_stale_top
  std::size_t size() const { return heap_.size() - stale_entries_; }

  // Time of the earliest pending event. Precondition: !empty().
  Time next_time() const;

  // Removes the earliest event, returning its time and moving its callback into `out`.
  // Precondition: !empty().
  Time pop(Callback& out);

 private:
  // (time, sequence, slot) packed into one 128-bit integer, most significant first, so that
  // "fires earlier" is a single unsigned comparison the compiler can do without branching.
  // Time is never negative here. The sequence is unique among pending entries, so the slot
  // bits never decide an order.
  __extension__ using Entry = unsigned __int128;
  static Entry make_entry(std::int64_t at_ns, std::uint32_t sequence, std::uint32_t slot) {
    return (static_cast<Entry>(static_cast<std::uint64_t>(at_ns)) << 64) |
           (static_cast<Entry>(sequence) << 32) | slot;
  }
  static std::int64_t entry_time_ns(Entry e) { return static_cast<std::int64_t>(e >> 64); }
  static std::uint32_t entry_sequence(Entry e) { return static_cast<std::uint32_t>(e >> 32); }
  static std::uint32_t entry_slot(Entry e) { return static_cast<std::uint32_t>(e); }
  struct Slot {
    Callback callback;             // empty while the slot is free
    std::uint32_t generation = 1;  // names the event for TimerId; never 0
  };
  // A free slot's sequence: never given to an entry, because sequences are renumbered first.
  static constexpr std::uint32_t no_sequence = UINT32_MAX;

  bool stale(Entry entry) const {
    return slot_sequences_[entry_slot(entry)] != entry_sequence(entry);
  }
  void renumber();
  void sift_up(std::size_t index);
  void sift_down(std::size_t index);
  void fill_hole_at_top();
  void remove_top();
  void drop_stale_top();
  void prefetch_next_callbacks() const;
  void compact();
  void free_slot(std::uint32_t slot);

  std::vector<Entry> heap_;
  std::vector<Slot> slots_;
  // Per slot, the sequence of its pending entry (no_sequence when free). Kept apart from the
  // callbacks so that the stale check after every pop reads a small, cache-resident array.
  std::vector<std::uint32_t> slot_sequences_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t stale_entries_ = 0;
  std::uint32_t next_sequence_ = 0;
};

}  // namespace clustersim::sim
