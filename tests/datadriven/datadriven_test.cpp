// Runs every datadriven file under tests/testdata/: raft/ (the election model), tracker/ (the
// leader-state tracker) and sim/ (whole small worlds). One test per file. To regenerate the
// expected outputs after an intended change: CLUSTERSIM_REWRITE=1 build/bin/datadriven_tests,
// then review the diff and commit only what you understand.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/datadriven/datadriven.h"
#include "tests/datadriven/raft_interpreter.h"
#include "tests/datadriven/sim_interpreter.h"
#include "tests/datadriven/tracker_interpreter.h"

namespace clustersim::testing {
namespace {

const std::string testdata = CLUSTERSIM_TESTDATA_DIR;

std::string run_file(const std::string& path) {
  const std::string kind = std::filesystem::path(path).parent_path().filename().string();
  if (kind == "raft") {
    RaftInterpreter interpreter;
    return run_script_file(path, [&](const Command& c) { return interpreter.run(c); });
  }
  if (kind == "tracker") {
    TrackerInterpreter interpreter;
    return run_script_file(path, [&](const Command& c) { return interpreter.run(c); });
  }
  SimInterpreter interpreter;
  return run_script_file(path, [&](const Command& c) { return interpreter.run(c); });
}

class Datadriven : public ::testing::TestWithParam<std::string> {};

TEST_P(Datadriven, file_produces_its_expected_output) { EXPECT_EQ(run_file(GetParam()), ""); }

std::vector<std::string> all_files() {
  std::vector<std::string> files;
  for (const char* kind : {"raft", "tracker", "sim"}) {
    for (const std::string& file : script_files(testdata + "/" + kind)) files.push_back(file);
  }
  return files;
}

INSTANTIATE_TEST_SUITE_P(Testdata, Datadriven, ::testing::ValuesIn(all_files()), [](const auto& param_info) {
  const std::filesystem::path path(param_info.param);
  std::string name = path.parent_path().filename().string() + "_" + path.stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
});

// The driver itself: a mismatch is reported with its line, and rewriting fixes it.
TEST(DatadrivenDriver, reports_a_mismatch_with_file_and_line_and_rewrite_fixes_it) {
  const auto path = std::filesystem::temp_directory_path() / "clustersim-datadriven-driver.txt";
  {
    std::ofstream out(path);
    out << "# Purpose.\n\necho a\n----\nwrong\n\n# more\necho b\n----\nb\n";
  }
  auto echo = [](const Command& c) { return c.words.empty() ? std::string() : c.words[0]; };
  const char* was = std::getenv("CLUSTERSIM_REWRITE");
  const std::string rewrite_before = was == nullptr ? "" : was;
  ::setenv("CLUSTERSIM_REWRITE", "0", 1);
  const std::string mismatch = run_script_file(path.string(), echo);
  EXPECT_NE(mismatch.find(path.string() + ":3: echo a"), std::string::npos) << mismatch;
  EXPECT_EQ(mismatch.find("echo b"), std::string::npos);
  ::setenv("CLUSTERSIM_REWRITE", "1", 1);
  EXPECT_EQ(run_script_file(path.string(), echo), "");
  ::setenv("CLUSTERSIM_REWRITE", "0", 1);
  EXPECT_EQ(run_script_file(path.string(), echo), "");
  ::setenv("CLUSTERSIM_REWRITE", rewrite_before.c_str(), 1);  // as the caller asked
  std::ifstream in(path);
  std::ostringstream text_stream;
  text_stream << in.rdbuf();
  const std::string text = text_stream.str();
  EXPECT_EQ(text, "# Purpose.\n\necho a\n----\na\n\n# more\necho b\n----\nb\n");
  std::filesystem::remove(path);
}

TEST(DatadrivenDriver, a_file_without_a_purpose_paragraph_is_refused) {
  const auto path = std::filesystem::temp_directory_path() / "clustersim-datadriven-nopurpose.txt";
  std::ofstream(path) << "echo a\n----\na\n";
  const std::string problem = run_script_file(path.string(), [](const Command&) { return std::string("a"); });
  EXPECT_NE(problem.find("paragraph of purpose"), std::string::npos);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace clustersim::testing
