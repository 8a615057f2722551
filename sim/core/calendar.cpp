#include "sim/core/calendar.h"

#include <algorithm>
#include <bit>
#include <functional>

#include "model/assert.h"
#include "sim/core/sorting_network.h"

namespace clustersim::sim {

Calendar::Calendar() {
  // A drained bucket keeps its first chunk, so the pool grows toward one chunk per bucket as a
  // simulation reaches buckets it had not used, long after its number of pending keys peaked.
  // Reserving that much up front keeps the growth from allocating in the middle of a run; the
  // memory is touched only as chunks are used, so a small simulation does not grow.
  constexpr std::size_t margin = 64;  // chunks beyond one per bucket, for the pending keys
  chunks_.reserve(bucket_count + margin);
  free_chunks_.reserve(bucket_count + margin);
}

void Calendar::push(Key key) {
  const std::uint64_t time = time_of(key);
  if (time < window_end_) {
    if (soon_count_ < soon_capacity) {
      insert_soon(key);
    } else {
      soon_overflow_.push_back(key);
      std::push_heap(soon_overflow_.begin(), soon_overflow_.end(), std::greater<>{});
    }
  } else if (time < rung_end_) {
    const std::size_t index = static_cast<std::size_t>((time - rung_start_) >> bucket_shift_);
    CLUSTERSIM_ASSERT(index >= next_bucket_ && index < bucket_count);
    add_to_bucket(index, key);
  } else {
    append(later_, key);
  }
  if (size_ == 0 || key < smallest_) smallest_ = key;
  ++size_;
  if (run_and_soon_empty()) settle();
}

Calendar::Key Calendar::find_smallest() const {
  CLUSTERSIM_ASSERT(!run_and_soon_empty());  // settle() keeps this true
  Key smallest = soon_[soon_count_];  // no_key if "soon" is empty
  if (!run_.empty()) smallest = std::min(smallest, run_.back());
  if (!soon_overflow_.empty()) [[unlikely]] smallest = std::min(smallest, soon_overflow_.front());
  return smallest;
}

// The kept smallest key, taken from where it is: keys are unique, so where it is equal is where
// it is (an empty "soon" offers no_key, which no key equals).
Calendar::Key Calendar::pop() {
  CLUSTERSIM_ASSERT(size_ > 0);
  const Key smallest = smallest_;
  if (!run_.empty() && run_.back() == smallest) {
    run_.pop_back();
  } else if (soon_[soon_count_] == smallest) {
    soon_[soon_count_--] = Key{0};
  } else {
    CLUSTERSIM_ASSERT(!soon_overflow_.empty() && soon_overflow_.front() == smallest);
    std::pop_heap(soon_overflow_.begin(), soon_overflow_.end(), std::greater<>{});
    soon_overflow_.pop_back();
  }
  --size_;
  if (run_and_soon_empty()) settle();
  if (size_ > 0) smallest_ = find_smallest();
  return smallest;
}

// Place i of the sorted places takes its left neighbour, the key or its own key, whichever
// keeps them in order; every place is visited, so nothing branches on where the key goes.
// Unused places hold 0, which no key is below, so they stay behind it.
void Calendar::insert_soon(Key key) {
  if (soon_count_ == 0) {  // the usual case of a small simulation: one message at a time
    soon_[1] = key;
    soon_count_ = 1;
    return;
  }
  Key left = soon_[0];
  for (std::size_t i = 1; i <= soon_capacity; ++i) {
    const Key here = soon_[i];
    const Key upper = here < key ? key : here;  // max(here, key)
    soon_[i] = left < upper ? left : upper;     // min(left, upper)
    left = here;
  }
  ++soon_count_;
}

void Calendar::add_to_bucket(std::size_t index, Key key) {
  append(buckets_[index], key);
  bucket_nonempty_[index / 64] |= std::uint64_t{1} << (index % 64);
}

void Calendar::append(Chain& chain, Key key) {
  if (chain.tail_count == chunk_keys || chain.tail == no_chunk) {
    std::uint32_t fresh = 0;
    if (!free_chunks_.empty()) {
      fresh = free_chunks_.back();
      free_chunks_.pop_back();
      chunks_[fresh].next = no_chunk;  // its keys are overwritten as they are appended
    } else {
      CLUSTERSIM_ASSERT(chunks_.size() < no_chunk);
      fresh = static_cast<std::uint32_t>(chunks_.size());
      chunks_.emplace_back();
    }
    if (chain.tail == no_chunk) {
      chain.head = fresh;
    } else {
      chunks_[chain.tail].next = fresh;
    }
    chain.tail = fresh;
    chain.tail_count = 0;
  }
  chunks_[chain.tail].keys[chain.tail_count++] = key;
}

void Calendar::drain(Chain& chain, std::vector<Key>& out, Keep keep) {
  const std::uint32_t first = chain.head;
  const bool keep_first = keep == Keep::first_chunk && first != no_chunk;
  for (std::uint32_t chunk = first; chunk != no_chunk;) {
    const Chunk& c = chunks_[chunk];
    const std::uint32_t count = chunk == chain.tail ? chain.tail_count : static_cast<std::uint32_t>(chunk_keys);
    out.insert(out.end(), c.keys, c.keys + count);
    if (!keep_first || chunk != first) free_chunks_.push_back(chunk);
    chunk = c.next;
  }
  if (keep_first) {
    chunks_[first].next = no_chunk;
    chain = Chain{first, first, 0};
  } else {
    chain = Chain{};
  }
}

namespace {

// Kept out of line: inlined into sort_run, the three networks made the 5-node cluster about
// 1.5% slower, though its windows hold one to three keys.
template <std::size_t N>
[[gnu::noinline]] void sort_window(Calendar::Key* keys) {
  sort_descending_by_network<N>(keys);
}

}  // namespace

// Up to 16 keys, the usual window of a 101-node cluster, are sorted by a network (see
// sorting_network.h), padded with the smallest key, which sorts to the back and is dropped.
void Calendar::sort_run() {
  const std::size_t n = run_.size();
  if (n <= 1) return;
  if (n > 16) {
    std::sort(run_.begin(), run_.end(), std::greater<>{});
    return;
  }
  const std::size_t padded = n <= 4 ? 4 : n <= 8 ? 8 : 16;
  run_.resize(padded, Key{0});
  if (padded == 4) {
    sort_window<4>(run_.data());
  } else if (padded == 8) {
    sort_window<8>(run_.data());
  } else {
    sort_window<16>(run_.data());
  }
  run_.resize(n);
}

void Calendar::settle() {
  while (run_and_soon_empty() && size_ > 0) {
    enter_next_bucket();
    if (run_.empty()) rebuild_rung();
  }
}

// Sorts the first non-empty bucket at or after next_bucket_ into the run; leaves the run
// empty if the rung has no keys left.
void Calendar::enter_next_bucket() {
  for (std::size_t word = next_bucket_ / 64; word < bucket_nonempty_.size(); ++word) {
    std::uint64_t bits = bucket_nonempty_[word];
    if (word == next_bucket_ / 64) bits &= ~std::uint64_t{0} << (next_bucket_ % 64);
    if (bits == 0) continue;
    const std::size_t index = word * 64 + static_cast<std::size_t>(std::countr_zero(bits));
    run_.clear();
    drain(buckets_[index], run_, Keep::first_chunk);
    bucket_nonempty_[word] &= ~(std::uint64_t{1} << (index % 64));
    sort_run();
    next_bucket_ = index + 1;
    window_end_ = rung_start_ + (static_cast<std::uint64_t>(index + 1) << bucket_shift_);
    return;
  }
  next_bucket_ = bucket_count;
}

// Spreads "later" over a fresh rung whose buckets are just wide enough to cover its span.
void Calendar::rebuild_rung() {
  rebuild_scratch_.clear();
  drain(later_, rebuild_scratch_, Keep::nothing);
  CLUSTERSIM_ASSERT(!rebuild_scratch_.empty());
  std::uint64_t earliest = UINT64_MAX;
  std::uint64_t latest = 0;
  for (Key key : rebuild_scratch_) {
    earliest = std::min(earliest, time_of(key));
    latest = std::max(latest, time_of(key));
  }
  const std::uint64_t span = latest - earliest + 1;
  const std::size_t buckets =
      std::clamp<std::size_t>(std::bit_ceil(rebuild_scratch_.size()), min_rung_buckets, bucket_count);
  bucket_shift_ = 0;
  while ((span >> bucket_shift_) >= buckets) ++bucket_shift_;
  rung_start_ = earliest;
  window_end_ = earliest;
  next_bucket_ = 0;
  // Times are below 2^63 and the rung spans less than 2^(bucket_shift_ + 10) <= 2 * 2^63.
  const std::uint64_t width = std::uint64_t{buckets} << bucket_shift_;
  rung_end_ = earliest > UINT64_MAX - width ? UINT64_MAX : earliest + width;
  for (Key key : rebuild_scratch_) {
    add_to_bucket(static_cast<std::size_t>((time_of(key) - earliest) >> bucket_shift_), key);
  }
}

void Calendar::take_all(std::vector<Key>& out) {
  out.clear();
  out.insert(out.end(), run_.begin(), run_.end());
  out.insert(out.end(), soon_.begin() + 1,
             soon_.begin() + 1 + static_cast<std::ptrdiff_t>(soon_count_));
  out.insert(out.end(), soon_overflow_.begin(), soon_overflow_.end());
  for (Chain& bucket : buckets_) drain(bucket, out, Keep::first_chunk);
  drain(later_, out, Keep::nothing);
  CLUSTERSIM_ASSERT(out.size() == size_);
  run_.clear();
  std::fill(soon_.begin() + 1, soon_.end(), Key{0});
  soon_count_ = 0;
  soon_overflow_.clear();
  bucket_nonempty_.fill(0);
  next_bucket_ = bucket_count;  // the rung is used up; the next push goes to "later"
  rung_end_ = window_end_;
  size_ = 0;
}

}  // namespace clustersim::sim
