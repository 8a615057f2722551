# Compiler warnings and sanitizers as INTERFACE targets: a target opts in by linking
# clustersim::warnings (our own code only) and clustersim::sanitizers (everything we build, so
# that instrumented and plain code are never mixed within the project).

add_library(clustersim_warnings INTERFACE)
add_library(clustersim::warnings ALIAS clustersim_warnings)
target_compile_options(clustersim_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
# GCC 12 at -O3 reports impossible -Wrestrict overlaps inside std::string concatenation
# (GCC bug 105329); the warning is noise there, so it is off for that compiler only.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(clustersim_warnings INTERFACE -Wno-restrict)
endif()
if(CLUSTERSIM_WARNINGS_AS_ERRORS)
  target_compile_options(clustersim_warnings INTERFACE -Werror)
endif()

add_library(clustersim_sanitizers INTERFACE)
add_library(clustersim::sanitizers ALIAS clustersim_sanitizers)
if(CLUSTERSIM_SANITIZE)
  # float-cast-overflow is not in GCC's "undefined" set: a double out of an integer's range
  # converted to it (a hostile number read into a count) must fail the suite too.
  set(_clustersim_san_flags -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
  target_compile_options(clustersim_sanitizers INTERFACE ${_clustersim_san_flags})
  target_link_options(clustersim_sanitizers INTERFACE ${_clustersim_san_flags})
  # -O1 -g1 after the build type's -O2 -g (later flags win): ASan's own advice is -O1, and line
  # tables are all its stack traces need. Measured on the heaviest test source (the mutant
  # tests): 26 s to compile instead of 54 s, which halves the sanitizer build in tools/test.sh.
  target_compile_options(clustersim_sanitizers INTERFACE -O1 -g1)
endif()

# The fuzz preset: everything built with coverage for libFuzzer (the targets link the fuzzer's
# main themselves, fuzz/CMakeLists.txt) and with ASan + UBSan, so a fuzz finding is a report,
# not silent corruption.
if(CLUSTERSIM_FUZZ)
  set(_clustersim_fuzz_flags -fsanitize=fuzzer-no-link,address,undefined,float-cast-overflow
      -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(clustersim_sanitizers INTERFACE ${_clustersim_fuzz_flags})
  target_link_options(clustersim_sanitizers INTERFACE -fsanitize=address,undefined,float-cast-overflow)
endif()
