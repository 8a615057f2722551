#include "sim/cli/scenario_files.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace clustersim::sim {
namespace fs = std::filesystem;

std::vector<ScenarioFile> find_scenario_files(const std::vector<std::string>& given) {
  std::vector<ScenarioFile> files;
  std::set<fs::path> seen;  // canonical paths: a file named twice runs once
  const auto add = [&](const fs::path& path, std::string store_name) {
    std::error_code error;
    const fs::path canonical = fs::weakly_canonical(path, error);
    if (!seen.insert(error ? path : canonical).second) return;
    files.push_back({path.string(), std::move(store_name)});
  };
  for (const std::string& name : given) {
    std::error_code error;
    const fs::file_status status = fs::status(name, error);
    if (error || !fs::exists(status)) throw ScenarioFilesError(name + ": no such file or folder");
    if (fs::is_regular_file(status)) {
      add(name, fs::path(name).stem().string());
      continue;
    }
    if (!fs::is_directory(status)) throw ScenarioFilesError(name + ": neither a scenario file nor a folder of them");
    std::vector<fs::path> found;
    // Links to folders are not followed: a link back up the tree would never end.
    fs::recursive_directory_iterator it(name, error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->path().extension() == ".json" && it->is_regular_file(error)) found.push_back(it->path());
    }
    if (error) throw ScenarioFilesError(name + ": cannot read the folder: " + error.message());
    if (found.empty()) throw ScenarioFilesError(name + ": no scenario files (*.json) in this folder");
    std::sort(found.begin(), found.end());
    for (const fs::path& path : found) {
      add(path, path.lexically_relative(name).replace_extension().generic_string());
    }
  }
  return files;
}

}  // namespace clustersim::sim
