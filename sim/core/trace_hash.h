// A running 64-bit hash of what a simulation did, for the determinism checks.
//
// Runs are compared by hash: same scenario + seed + build must give the same value, and a
// determinism test runs twice and compares. Each added word is mixed with the splitmix64
// finalizer, so the order of additions matters (a reordering changes the hash).
#pragma once

#include <cstdint>
#include <string_view>

namespace clustersim::sim {

class TraceHash {
 public:
  void add(std::uint64_t word) {
    std::uint64_t z = (state_ ^ word) + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    state_ = z ^ (z >> 31);
  }

  void add(std::string_view text) {
    add(static_cast<std::uint64_t>(text.size()));
    std::uint64_t word = 0;
    int filled = 0;
    for (char c : text) {
      word = (word << 8) | static_cast<unsigned char>(c);
      if (++filled == 8) {
        add(word);
        word = 0;
        filled = 0;
      }
    }
    if (filled != 0) add(word);
  }

  std::uint64_t value() const { return state_; }

 private:
  std::uint64_t state_ = 0x636c757374657273ULL;  // "clusters"
};

}  // namespace clustersim::sim
