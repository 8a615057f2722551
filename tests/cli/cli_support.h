// What the command tests share: a scratch folder of their own, and calling a command as a
// user would (arguments in, exit code and both output streams out).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/text_has.h"

namespace clustersim::sim {

namespace fs = std::filesystem;

struct Scratch {
  Scratch() : dir(fs::temp_directory_path() / ("clustersim_cli_" + std::to_string(::getpid()) + "_" +
                                                ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
  std::string path(const std::string& name) const { return (dir / name).string(); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path(name)) << text; }
  std::string read(const std::string& name) const {
    std::ifstream in(path(name), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  // The names in the folder, sorted: what a command left behind.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  fs::path dir;
};

struct Result {
  int code;
  std::string out, err;
};

template <typename Command>
Result call(Command command, std::vector<std::string> args) {
  std::vector<std::string_view> views(args.begin(), args.end());
  std::ostringstream out, err;
  const int code = command(views, out, err);
  return {code, out.str(), err.str()};
}

#ifdef CLUSTERSIM_TESTDATA_DIR
// xmllint's verdict on a JUnit file against tests/testdata/junit.xsd: "" when it is valid.
inline std::string junit_schema_problem(const std::string& path) {
  const std::string command = "xmllint --noout --schema " + std::string(CLUSTERSIM_TESTDATA_DIR) + "/junit.xsd " +
                              path + " > " + path + ".lint 2>&1";
  if (std::system(command.c_str()) == 0) return "";
  std::ifstream in(path + ".lint");
  std::stringstream text;
  text << in.rdbuf();
  return "xmllint: " + text.str();
}
#endif

inline std::string scenario(const std::string& name) { return std::string(CLUSTERSIM_SCENARIO_DIR) + "/" + name; }

}  // namespace clustersim::sim
