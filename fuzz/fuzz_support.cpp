#include <cstdio>
#include <cstdlib>

#include "fuzz/fuzz_target.h"

namespace clustersim::fuzz {

void broken(const char* what) {
  std::fprintf(stderr, "fuzz: broken promise: %s\n", what);
  std::abort();
}

}  // namespace clustersim::fuzz
