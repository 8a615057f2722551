# Compiler warnings and sanitizers as INTERFACE targets: a target opts in by linking
# clustersim::warnings (our own code only) and clustersim::sanitizers (everything we build, so
# that instrumented and plain code are never mixed within the project).

add_library(clustersim_warnings INTERFACE)
add_library(clustersim::warnings ALIAS clustersim_warnings)
target_compile_options(clustersim_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(CLUSTERSIM_WARNINGS_AS_ERRORS)
  target_compile_options(clustersim_warnings INTERFACE -Werror)
endif()

add_library(clustersim_sanitizers INTERFACE)
add_library(clustersim::sanitizers ALIAS clustersim_sanitizers)
if(CLUSTERSIM_SANITIZE)
  set(_clustersim_san_flags -fsanitize=address,undefined -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
  target_compile_options(clustersim_sanitizers INTERFACE ${_clustersim_san_flags})
  target_link_options(clustersim_sanitizers INTERFACE ${_clustersim_san_flags})
endif()
