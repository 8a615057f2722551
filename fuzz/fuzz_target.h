// The entry point every fuzz target defines (libFuzzer's), and what the targets share: the
// input as text. Each target feeds one reader hostile bytes and checks what a user relies on:
// it ends in the reader's own error or a valid result, never an abort, a sanitizer report,
// a hang or memory without bound; a valid result survives its writer and reader again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace clustersim::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A broken promise of a reader: abort with the reason, which libFuzzer and CTest both report.
[[noreturn]] void broken(const char* what);

}  // namespace clustersim::fuzz
