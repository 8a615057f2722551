// Calendar: the ordering structure behind the EventQueue. Holds 128-bit keys whose top 64 bits
// are a time in nanoseconds, and hands them back smallest first.
//
// Why not a binary heap: with 100,000 timers pending, every heap pop walks ~17 levels of a
// megabyte-sized array, a cache miss at each of the lower ones. A calendar queue (Brown 1988,
// simplified in the spirit of the ladder queue) touches memory mostly in order instead:
//   - the "run": the keys of the current time window, sorted, popped from the back;
//   - "soon": keys pushed into the current window after it was sorted: the first few in a
//     small sorted array, any more (a degenerate burst) in a heap;
//   - the "rung": up to `bucket_count` unsorted buckets of equal width for the following
//     windows;
//   - "later": an unsorted list for keys beyond the rung.
// A key is appended once or twice and sorted once with its bucket-mates, so a push/pop pair is
// O(1) amortised for the spread of delays a simulation has. When the rung is used up, it is
// rebuilt over the span of "later" (which then holds every key), with about one bucket per key
// but no fewer than `min_rung_buckets`, and a bucket width that fits that span. Degenerate inputs
// (everything in one window) fall back to the heap or one big sort: slower, never wrong.
//
// Buckets and "later" are chains of fixed-size chunks from one shared pool with a free list,
// so keys moving between buckets never make a bucket grow its own allocation: once the pool
// has reached the peak number of pending keys, pushing and popping allocate nothing.
//
// Order is exact for keys pushed in any order (a key below the current window goes to "soon");
// the speed assumes what the Kernel guarantees: time mostly moves forward. Used by EventQueue.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "model/assert.h"

namespace clustersim::sim {

class Calendar {
 public:
  __extension__ using Key = unsigned __int128;
  static constexpr std::size_t bucket_count = 1024;
  // Fewer buckets make wider windows, which most of a small simulation's messages land in: the
  // "soon" heap then takes a message and the buckets a timer, which the CPU predicts from the
  // kind of event being handled. Measured optimum for 5 to 101 simulated nodes (10 to 300 keys
  // pending); queues of 1,000 keys or more keep all 1,024 buckets, so that windows stay small.
  static constexpr std::size_t min_rung_buckets = 256;

  static std::uint64_t time_of(Key key) { return static_cast<std::uint64_t>(key >> 64); }

  Calendar();

  // Precondition: key is not all ones, which an empty "soon" shows (EventQueue keys never
  // are: their sequences stay below 2^32 - 1).
  void push(Key key);
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  // The smallest key. Precondition: !empty(). A read of a kept copy: the kernel asks for it
  // at least twice an event (its next time, and whether it is stale).
  Key top() const {
    CLUSTERSIM_ASSERT(size_ > 0);
    return smallest_;
  }
  // Removes the smallest key and returns it. Precondition: !empty().
  Key pop();

  // The key `ahead` places after the next one in the sorted run (0: the next), or the run's
  // last if it is shorter, or 0 if it is empty. For prefetching: a caller asks for a fixed
  // number, since a loop over however many there are mispredicts its exit.
  Key upcoming(std::size_t ahead) const {
    const std::size_t n = run_.size();
    return n == 0 ? Key{0} : run_[n - 1 - std::min(ahead, n - 1)];
  }

  // Moves every key into `out` (cleared first), leaving the calendar empty. For renumbering
  // and compaction; `out` keeps its capacity between calls.
  void take_all(std::vector<Key>& out);

 private:
  static constexpr std::uint32_t no_chunk = UINT32_MAX;
  static constexpr std::size_t chunk_keys = 15;  // 15 * 16 bytes + links = 256 bytes
  struct Chunk {
    Key keys[chunk_keys];
    std::uint32_t next = no_chunk;
  };
  // A bucket or "later": keys in chunks, appended at the tail. Every chunk but the tail is
  // full; the tail's fill is kept here, in the hot bucket array, so that appending touches
  // only the line the key goes to.
  struct Chain {
    std::uint32_t head = no_chunk;
    std::uint32_t tail = no_chunk;
    std::uint32_t tail_count = 0;
  };

  void sort_run();  // descending
  void settle();  // makes top() answerable: refills the run when run and soon are empty
  void enter_next_bucket();
  void rebuild_rung();
  void add_to_bucket(std::size_t index, Key key);
  void append(Chain& chain, Key key);
  // Appends the chain's keys to `out` and returns its chunks to the pool: all of them, or
  // all but the first, which the emptied chain keeps (a bucket's, see buckets_).
  enum class Keep { nothing, first_chunk };
  void drain(Chain& chain, std::vector<Key>& out, Keep keep);

  void insert_soon(Key key);
  // The smallest of soon's, the overflow's and the run's keys, which is the smallest of all
  // (buckets and "later" hold only keys at or after window_end_). Precondition: settled.
  Key find_smallest() const;
  bool run_and_soon_empty() const {
    return run_.empty() && soon_count_ == 0 && soon_overflow_.empty();
  }

  std::vector<Key> run_;  // current window, sorted descending: the smallest key at the back
  // "Soon": late arrivals (below window_end_). In a large simulation a few messages are in
  // flight within a window, in random order; a heap of them branched on that order at every
  // push and pop. These places hold them sorted descending in [1, soon_count_], the smallest
  // at soon_count_: a pop takes it from there, and insert_soon places a key without a branch.
  // soon_[0] is no_key, above every key, so an empty "soon" offers no_key to compare; the
  // places after soon_count_ hold 0, which insert_soon relies on.
  static constexpr Key no_key = ~Key{0};
  // Four: a window of a 101-node cluster rarely gets more, and more places make every
  // insertion dearer than the overflows they save (bench/NOTES.md).
  static constexpr std::size_t soon_capacity = 4;
  std::array<Key, soon_capacity + 1> soon_{no_key};
  std::size_t soon_count_ = 0;
  // Late arrivals that found "soon" full: a min-heap (std::push_heap with greater). A burst
  // of events at one instant lands here, at O(log n) each.
  std::vector<Key> soon_overflow_;
  // A drained bucket keeps its first chunk (at most one 256-byte chunk per bucket), so that
  // once warm, adding a key finds a chunk with room without asking the pool.
  std::array<Chain, bucket_count> buckets_{};
  std::array<std::uint64_t, bucket_count / 64> bucket_nonempty_{};  // one bit per bucket
  Chain later_;
  std::vector<Key> rebuild_scratch_;  // "later" while it is spread over a new rung
  std::vector<Chunk> chunks_;
  std::vector<std::uint32_t> free_chunks_;
  std::uint64_t window_end_ = 0;  // keys below this time go to run_/soon_
  std::uint64_t rung_start_ = 0;
  std::uint64_t rung_end_ = 0;    // keys at or after this time go to later_
  unsigned bucket_shift_ = 0;     // a bucket spans 2^bucket_shift_ nanoseconds
  std::size_t next_bucket_ = 0;   // buckets before this one are used up
  std::size_t size_ = 0;
  Key smallest_ = 0;  // top(), while not empty: updated by every push and pop
};

}  // namespace clustersim::sim
