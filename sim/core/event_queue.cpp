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
  CLUSTERSIM_ASSERT(slots_.size() < UINT32_MAX);
  slots_.emplace_back();
  slot_sequences_.push_back(no_sequence);
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

TimerId EventQueue::enqueue(Time at, std::uint32_t slot) {
  CLUSTERSIM_ASSERT(slots_[slot].callback);
  CLUSTERSIM_ASSERT(time_ns(at) >= 0);
  if (next_sequence_ == sequence_limit_) renumber();
  const std::uint32_t sequence = next_sequence_++;
  slot_sequences_[slot] = sequence;
  keys_.push(make_entry(time_ns(at), sequence, slot));
  return TimerId{slot, slots_[slot].generation};
}

bool EventQueue::pending(TimerId id) const {
  if (!id.valid() || id.slot >= slots_.size()) return false;
  const Slot& s = slots_[id.slot];
  return s.generation == id.generation && static_cast<bool>(s.callback);
}

bool EventQueue::cancel(TimerId id) {
  if (!pending(id)) return false;
  free_slot(id.slot);  // its key is now stale
  ++stale_entries_;
  drop_stale_top();
  if (stale_entries_ > compact_stale_min && stale_entries_ > size()) compact();
  return true;
}

Time EventQueue::next_time() const {
  CLUSTERSIM_ASSERT(!keys_.empty());
  return time_from_ns(entry_time_ns(keys_.top()));
}

Time EventQueue::pop(Callback& out) {
  CLUSTERSIM_ASSERT(!keys_.empty());
  const Entry top = keys_.pop();
  CLUSTERSIM_ASSERT(!stale(top));
  out = std::move(slots_[entry_slot(top)].callback);
  free_slot(entry_slot(top));
  drop_stale_top();
  prefetch_next_callbacks();
  return time_from_ns(entry_time_ns(top));
}

void EventQueue::free_slot(std::uint32_t slot) {
  Slot& s = slots_[slot];
  s.callback.reset();
  slot_sequences_[slot] = no_sequence;
  // Generation 0 means "never scheduled", so wrap from the maximum to 1.
  s.generation = s.generation == UINT32_MAX ? 1 : s.generation + 1;
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
    slot_sequences_[slot] = sequence;
    keys_.push(make_entry(entry_time_ns(all[i]), sequence, slot));
  }
  next_sequence_ = static_cast<std::uint32_t>(all.size());
}

}  // namespace clustersim::sim
