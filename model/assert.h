// Assertions for programmer errors, on in every build type (Release included).
//
// A failed CLUSTERSIM_ASSERT means the code is wrong, not the input: it prints the condition
// and where it failed, then aborts. Expected failures (a bad scenario file, a malformed event
// line) are reported as values or exceptions with a message instead; never assert on input.
// Used by model/ and sim/ alike, so it lives at the bottom of the dependency graph.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace clustersim::detail {

[[noreturn]] inline void assertion_failed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "clustersim: assertion failed: %s\n  at %s:%d\n", condition, file, line);
  std::fflush(stderr);
  std::abort();
}

}  // namespace clustersim::detail

#define CLUSTERSIM_ASSERT(condition)                                                 \
  do {                                                                               \
    if (!(condition)) [[unlikely]] {                                                 \
      ::clustersim::detail::assertion_failed(#condition, __FILE__, __LINE__);        \
    }                                                                                \
  } while (false)
