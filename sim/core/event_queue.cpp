// 4-ary heap: shallower than a binary heap, and the four children share a cache line or two,
// which is what makes 10+ million events per second possible with 100,000 pending timers.
#include "sim/core/event_queue.h"

#include <algorithm>

#include "model/assert.h"

namespace clustersim::sim {
namespace {
constexpr std::size_t arity = 4;
// Compaction is not worth it for a few stale entries; this keeps it rare on small queues.
constexpr std::size_t compact_stale_min = 1024;
// Renumber well before 32-bit sequences wrap; pending entries must number fewer than this.
constexpr std::uint32_t renumber_at = 0xC0000000u;
}  // namespace

TimerId EventQueue::push(Time at, Callback callback) {
  CLUSTERSIM_ASSERT(callback);
  std::uint32_t slot = 0;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    CLUSTERSIM_ASSERT(slots_.size() < UINT32_MAX);
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
    slot_sequences_.push_back(no_sequence);
  }
  if (next_sequence_ == renumber_at) renumber();
  Slot& s = slots_[slot];
  s.callback = std::move(callback);
  const std::uint32_t sequence = next_sequence_++;
  slot_sequences_[slot] = sequence;
  CLUSTERSIM_ASSERT(time_ns(at) >= 0);
  heap_.push_back(make_entry(time_ns(at), sequence, slot));
  sift_up(heap_.size() - 1);
  return TimerId{slot, s.generation};
}

bool EventQueue::pending(TimerId id) const {
  if (!id.valid() || id.slot >= slots_.size()) return false;
  const Slot& s = slots_[id.slot];
  return s.generation == id.generation && static_cast<bool>(s.callback);
}

bool EventQueue::cancel(TimerId id) {
  if (!pending(id)) return false;
  free_slot(id.slot);  // its heap entry is now stale
  ++stale_entries_;
  drop_stale_top();
  if (stale_entries_ > compact_stale_min && stale_entries_ > size()) compact();
  return true;
}

Time EventQueue::next_time() const {
  CLUSTERSIM_ASSERT(!heap_.empty());
  return time_from_ns(entry_time_ns(heap_.front()));
}

Time EventQueue::pop(Callback& out) {
  CLUSTERSIM_ASSERT(!heap_.empty());
  const Entry top = heap_.front();
  CLUSTERSIM_ASSERT(!stale(top));
  remove_top();
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
// its callback was most of the cost of a pop. The next event to fire is the top, and the one
// after is among its children, so their slots are fetched while the current callback runs.
void EventQueue::prefetch_next_callbacks() const {
  const std::size_t count = std::min<std::size_t>(heap_.size(), 1 + arity);
  for (std::size_t i = 0; i < count; ++i) __builtin_prefetch(&slots_[entry_slot(heap_[i])]);
}

void EventQueue::drop_stale_top() {
  while (!heap_.empty() && stale(heap_.front())) {
    remove_top();
    --stale_entries_;
  }
}

void EventQueue::compact() {
  std::erase_if(heap_, [this](Entry entry) { return stale(entry); });
  stale_entries_ = 0;
  // Bottom-up heap construction, O(n); the order of equal keys is still fixed by sequence.
  for (std::size_t i = heap_.size() / arity + 1; i-- > 0;) {
    if (i < heap_.size()) sift_down(i);
  }
}

void EventQueue::renumber() {
  std::erase_if(heap_, [this](Entry entry) { return stale(entry); });
  stale_entries_ = 0;
  CLUSTERSIM_ASSERT(heap_.size() < renumber_at);
  // Firing order; a sorted array is also a valid heap.
  std::sort(heap_.begin(), heap_.end());
  for (std::size_t i = 0; i < heap_.size(); ++i) {
    const auto sequence = static_cast<std::uint32_t>(i);
    const std::uint32_t slot = entry_slot(heap_[i]);
    heap_[i] = make_entry(entry_time_ns(heap_[i]), sequence, slot);
    slot_sequences_[slot] = sequence;
  }
  next_sequence_ = static_cast<std::uint32_t>(heap_.size());
}

void EventQueue::remove_top() {
  fill_hole_at_top();
}

// Floyd's bottom-up deletion: walk the hole left by the top down to a leaf, always taking the
// earliest child, then put the last entry in the hole and sift it up. The last entry almost
// always belongs near the bottom, so this saves one comparison (and its unpredictable branch)
// per level compared with sifting the last entry down from the top.
void EventQueue::fill_hole_at_top() {
  const Entry last = heap_.back();
  heap_.pop_back();
  const std::size_t size = heap_.size();
  if (size == 0) return;
  std::size_t hole = 0;
  while (true) {
    const std::size_t first_child = hole * arity + 1;
    if (first_child >= size) break;
    std::size_t best = first_child;
    const std::size_t end = std::min(first_child + arity, size);
    for (std::size_t child = first_child + 1; child < end; ++child) {
      best = heap_[child] < heap_[best] ? child : best;
    }
    heap_[hole] = heap_[best];
    hole = best;
  }
  heap_[hole] = last;
  sift_up(hole);
}

void EventQueue::sift_up(std::size_t index) {
  const Entry moving = heap_[index];
  while (index > 0) {
    const std::size_t parent = (index - 1) / arity;
    if (!(moving < heap_[parent])) break;
    heap_[index] = heap_[parent];
    index = parent;
  }
  heap_[index] = moving;
}

void EventQueue::sift_down(std::size_t index) {
  const Entry moving = heap_[index];
  const std::size_t size = heap_.size();
  while (true) {
    const std::size_t first_child = index * arity + 1;
    if (first_child >= size) break;
    std::size_t best = first_child;
    const std::size_t end = std::min(first_child + arity, size);
    for (std::size_t child = first_child + 1; child < end; ++child) {
      best = heap_[child] < heap_[best] ? child : best;
    }
    if (!(heap_[best] < moving)) break;
    heap_[index] = heap_[best];
    index = best;
  }
  heap_[index] = moving;
}

}  // namespace clustersim::sim
