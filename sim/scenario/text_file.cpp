#include "sim/scenario/text_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace clustersim::sim {

std::string read_text_file(const std::string& path, std::size_t max_bytes) {
  const bool standard_input = path == "-";
  std::error_code ignored;
  if (!standard_input && std::filesystem::is_directory(path, ignored)) {
    throw TextFileError(path + ": a folder, not a file");
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(standard_input ? nullptr : std::fopen(path.c_str(), "rb"),
                                                      [](std::FILE* f) { return f == nullptr ? 0 : std::fclose(f); });
  std::FILE* in = standard_input ? stdin : file.get();
  if (in == nullptr) throw TextFileError(path + ": cannot read: " + std::strerror(errno));
  std::string text;
  char buffer[1 << 16];
  while (true) {
    const std::size_t got = std::fread(buffer, 1, sizeof buffer, in);
    if (got == 0) break;
    if (text.size() + got > max_bytes) {
      throw TextFileError(path + ": larger than " + std::to_string(max_bytes) + " bytes, the most this reader takes");
    }
    text.append(buffer, got);
  }
  if (std::ferror(in) != 0) throw TextFileError(path + ": cannot read: " + std::strerror(errno));
  return text;
}

}  // namespace clustersim::sim
