// The simulator's single event queue: pending callbacks ordered by (time, insertion sequence).
//
// Simultaneous events fire in the order they were scheduled; that order is fixed on purpose,
// never by pointer values or hashing, so runs are reproducible. Implemented as a 4-ary min-heap
// of (time, sequence, slot) with an index from slot to heap position, so cancel is O(log n)
// without scanning. Slots and heap entries are recycled: once the vectors have grown to the
// peak number of pending events, push/pop/cancel do not allocate. Used by the Kernel only.
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
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }

  // Time of the earliest pending event. Precondition: !empty().
  Time next_time() const;

  // Removes the earliest event, returning its time and moving its callback into `out`.
  // Precondition: !empty().
  Time pop(Callback& out);

 private:
  struct Entry {
    std::int64_t at_ns;
    std::uint64_t sequence;
    std::uint32_t slot;
  };
  struct Slot {
    Callback callback;
    std::uint32_t heap_index = 0;
    std::uint32_t generation = 0;
  };

  static bool earlier(const Entry& a, const Entry& b) {
    return a.at_ns != b.at_ns ? a.at_ns < b.at_ns : a.sequence < b.sequence;
  }
  void place(std::size_t index, const Entry& entry);
  void sift_up(std::size_t index);
  void sift_down(std::size_t index);
  void remove_at(std::size_t index);
  void free_slot(std::uint32_t slot);

  std::vector<Entry> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace clustersim::sim
