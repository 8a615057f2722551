// The scenario files a command line names: each file as given, each folder searched
// recursively for *.json files (in path order, so a folder runs the same way everywhere). Each
// comes with the name its --store folder takes: its path below the folder it was found in,
// without ".json" ("membership/grow" for DIR/membership/grow.json), or its file name's stem.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace clustersim::sim {

struct ScenarioFile {
  std::string path;
  std::string store_name;
};

// Throws ScenarioFilesError naming the path and what is wrong: it does not exist, it is
// neither a file nor a folder, a folder holds no *.json file. A file named twice (by any
// spelling, or also through a folder) is run once.
std::vector<ScenarioFile> find_scenario_files(const std::vector<std::string>& given);

class ScenarioFilesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace clustersim::sim
