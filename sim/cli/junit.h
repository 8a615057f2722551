// JUnit XML, the test report CI systems read (Jenkins, GitLab, GitHub Actions' test reporters,
// Azure Pipelines): <testsuites> holding one <testsuite> per group, a <testcase> per check,
// each failing one with a <failure> whose message is one line and whose text says how to
// reproduce it. tests/testdata/junit.xsd is the shape these systems accept; a test validates
// every command's report against it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace clustersim::sim {

struct JunitFailure {
  std::string type;     // what kind of failure: "correctness", "liveness", "expectation", ...
  std::string message;  // one line
  std::string text;     // the details and the command that reproduces it
};

struct JunitCase {
  std::string classname;  // the group a CI system lists the case under: "leader_crash.stable"
  std::string name;       // the check
  std::optional<double> seconds;  // wall time, only when asked for (output stays deterministic)
  std::optional<JunitFailure> failure;
  std::optional<std::string> skipped;  // why the case does not apply
};

struct JunitSuite {
  std::string name;
  std::vector<JunitCase> cases;
  std::optional<double> seconds;
};

// The whole document. `name` names the <testsuites> root ("clustersim run").
std::string format_junit(const std::string& name, const std::vector<JunitSuite>& suites);

// Text made safe for XML character data and attributes: the five special characters escaped,
// control characters XML 1.0 cannot carry replaced by U+FFFD, bytes that are not UTF-8 too.
std::string xml_escape(const std::string& text);

}  // namespace clustersim::sim
