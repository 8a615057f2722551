#include "sim/core/event_queue.h"

#include <algorithm>

#include "model/assert.h"

namespace clustersim::sim {
namespace {
// Compaction is not worth it for a few stale keys; this keeps it rare on small queues.
constexpr std::size_t compact_stale_min = 1024;
// How many upcoming events have their callbacks fetched ahead of time.
constexpr std::size_t prefetch_count = 4;
}  // namespace

std::uint32_t EventQueue::acquire_slot() {
  if (!free_slots_.empty()) {
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  if (slot_count_ == slot_capacity_) grow_slots();
  return slot_count_++;
}

void EventQueue::grow_slots() {
  CLUSTERSIM_ASSERT(slot_capacity_ <= UINT32_MAX / 2);
  const std::uint32_t capacity = std::max<std::uint32_t>(64, 2 * slot_capacity_);
  auto fresh = std::make_unique<Slot[]>(capacity);
  for (std::uint32_t i = 0; i < slot_count_; ++i) {
    Slot& old = slots_[i];
    fresh[i].generation = old.generation;
    fresh[i].sequence = old.sequence;
    // A running callback stays where it runs; its new slot stays empty, and fire() destroys
    // the callable in the old buffer when it returns.
    if (!old.running) fresh[i].callback = std::move(old.callback);
  }
  if (firing_depth_ > 0) retired_slots_.push_back(std::move(slots_));
  slots_ = std::move(fresh);
  slot_capacity_ = capacity;
}

TimerId EventQueue::enqueue(Time at, std::uint32_t slot) {
  CLUSTERSIM_ASSERT(slots_[slot].callback);
  CLUSTERSIM_ASSERT(time_ns(at) >= 0);
  if (next_sequence_ == sequence_limit_) renumber();
  const std::uint32_t sequence = next_sequence_++;
  slots_[slot].sequence = sequence;
  keys_.push(make_entry(time_ns(at), sequence, slot));
  return TimerId{slot, slots_[slot].generation};
}

bool EventQueue::pending(TimerId id) const {
  if (!id.valid() || id.slot >= slot_count_) return false;
  return slots_[id.slot].generation == id.generation && slots_[id.slot].sequence != no_sequence;
}

bool EventQueue::cancel(TimerId id) {
  if (!pending(id)) return false;
  retire(id.slot);  // its key is now stale
  release(id.slot);
  ++stale_entries_;
  drop_stale_top();
  if (stale_entries_ > compact_stale_min && stale_entries_ > size()) compact();
  return true;
}

Time EventQueue::next_time() const {
  CLUSTERSIM_ASSERT(!keys_.empty());
  return time_from_ns(entry_time_ns(keys_.top()));
}

EventQueue::Due EventQueue::pop() {
  CLUSTERSIM_ASSERT(!keys_.empty());
  const Entry top = keys_.pop();
  CLUSTERSIM_ASSERT(!stale(top));
  const std::uint32_t slot = entry_slot(top);
  retire(slot);
  drop_stale_top();
  prefetch_next_callbacks();
  return Due{time_from_ns(entry_time_ns(top)), slot};
}

void EventQueue::fire(Due due) {
  // The callable stays at this address while it runs, even if slots_ is replaced meanwhile.
  Slot* const running = &slots_[due.slot];
  CLUSTERSIM_ASSERT(running->callback && !running->running);  // popped, not yet fired
  // Done however the callback ends: one that throws still gives its slot back.
  struct Finish {
    EventQueue& queue;
    Slot* running;
    std::uint32_t slot;
    ~Finish() {
      running->running = false;
      running->callback.reset();
      if (--queue.firing_depth_ == 0 && !queue.retired_slots_.empty()) queue.retired_slots_.clear();
      queue.free_slots_.push_back(slot);
    }
  } finish{*this, running, due.slot};
  running->running = true;
  ++firing_depth_;
  running->callback();
}

void EventQueue::retire(std::uint32_t slot) {
  Slot& s = slots_[slot];
  s.sequence = no_sequence;
  // Generation 0 means "never scheduled", so wrap from the maximum to 1.
  s.generation = s.generation == UINT32_MAX ? 1 : s.generation + 1;
}

void EventQueue::release(std::uint32_t slot) {
  slots_[slot].callback.reset();
  free_slots_.push_back(slot);
}

// With many timers pending, an event's slot has gone cold by the time it fires, and loading
// its callback would be most of the cost of a pop. The calendar knows the next few events in
// order, so their slots are fetched while the current callback runs.
void EventQueue::prefetch_next_callbacks() const {
  for (std::size_t ahead = 0; ahead < prefetch_count; ++ahead) {
    __builtin_prefetch(&slots_[entry_slot(keys_.upcoming(ahead))]);
  }
}

void EventQueue::drop_stale_top() {
  while (!keys_.empty() && stale(keys_.top())) {
    keys_.pop();
    --stale_entries_;
  }
}

void EventQueue::compact() {
  std::vector<Entry>& all = scratch_;
  keys_.take_all(all);
  for (Entry entry : all) {
    if (!stale(entry)) keys_.push(entry);
  }
  stale_entries_ = 0;
}

void EventQueue::renumber() {
  std::vector<Entry>& all = scratch_;
  keys_.take_all(all);
  std::erase_if(all, [this](Entry entry) { return stale(entry); });
  stale_entries_ = 0;
  CLUSTERSIM_ASSERT(all.size() < sequence_limit_);  // else sequences could not stay unique
  std::sort(all.begin(), all.end());  // firing order
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto sequence = static_cast<std::uint32_t>(i);
    const std::uint32_t slot = entry_slot(all[i]);
    slots_[slot].sequence = sequence;
    keys_.push(make_entry(entry_time_ns(all[i]), sequence, slot));
  }
  next_sequence_ = static_cast<std::uint32_t>(all.size());
}

}  // namespace clustersim::sim
