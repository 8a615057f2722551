// clustersim vectors OUT_DIR [SCENARIO.json|DIR]...
//
// Portable test vectors for a tracker in any language: every scenario (default: the
// scenarios/ folder of the current directory) is run under both policies with the built-in
// tracker, and its trackers' conversation in the tracker protocol is written to
// OUT_DIR/<scenario file name>.<policy>.jsonl, one {"request":...,"answer":...} per line, hello first
// (its answer null: a tracker names itself as it likes). A tracker that gives every answer
// byte for byte is the built-in tracker, as far as the library can tell.
#include <algorithm>
#include <filesystem>

#include "sim/cli/commands.h"
#include "sim/cli/output_file.h"
#include "sim/cli/progress.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {
namespace {

constexpr const char* vectors_help =
    "usage: clustersim vectors OUT_DIR [SCENARIO.json|DIR]...\n"
    "\n"
    "Writes test vectors for a tracker in any language: each scenario (default: every\n"
    "scenarios/*.json under the current directory) run under both policies with the built-in\n"
    "tracker, its trackers' requests and answers in the tracker protocol\n"
    "(docs/tracker-protocol.md), one {\"request\":...,\"answer\":...} JSON line each, to\n"
    "OUT_DIR/<scenario>.<policy>.jsonl. Feed each request to your tracker and compare its\n"
    "answer byte for byte (the hello's answer is null: any name will do).\n"
    "examples:\n"
    "  clustersim vectors vectors/\n"
    "  clustersim vectors vectors/ scenarios/leader_crash.json\n"
    "then, in your tracker's module: CLUSTERSIM_VECTORS=$PWD/vectors go test ./...\n";

// The scenario files named (folders: their *.json, not recursively), sorted per folder.
std::vector<std::filesystem::path> scenario_files(const std::vector<std::string>& named) {
  std::vector<std::filesystem::path> files;
  for (const std::string& name : named) {
    const std::filesystem::path path(name);
    if (!std::filesystem::is_directory(path)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::filesystem::path> in_folder;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      if (entry.is_regular_file() && entry.path().extension() == ".json") in_folder.push_back(entry.path());
    }
    std::sort(in_folder.begin(), in_folder.end());
    files.insert(files.end(), in_folder.begin(), in_folder.end());
  }
  return files;
}

}  // namespace

int vectors_command(const Args& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    out << vectors_help;
    return exit_ok;
  }
  std::string out_dir;
  std::vector<std::string> named;
  for (const std::string_view arg : args) {
    if (!arg.empty() && arg.front() == '-') return usage_error("vectors", "unknown option \"" + std::string(arg) + "\"", err);
    if (out_dir.empty()) {
      out_dir = arg;
    } else {
      named.emplace_back(arg);
    }
  }
  if (out_dir.empty()) return usage_error("vectors", "where to? give OUT_DIR", err);
  if (named.empty()) named.emplace_back("scenarios");
  try {
    check_output_folder(out_dir);
  } catch (const OutputError& error) {
    return usage_error("vectors", error.what(), err);
  }
  // Every scenario is read before anything is written: a bad file leaves no half a set.
  std::vector<std::pair<std::string, Scenario>> scenarios;  // file stem, scenario
  for (const std::filesystem::path& file : scenario_files(named)) {
    Scenario scenario;
    if (!load_scenario_or_report("vectors", file.string(), scenario, err)) return exit_bad_input;
    scenario.tracker_command.reset();  // vectors are the built-in tracker's answers
    scenarios.emplace_back(file.stem().string(), std::move(scenario));
  }
  if (scenarios.empty()) return usage_error("vectors", "no scenario files found", err);
  std::filesystem::create_directories(out_dir);
  std::size_t exchanges = 0, files_written = 0;
  Progress progress("vector files", 2 * scenarios.size());
  for (const auto& [stem, scenario] : scenarios) {
    for (const model::TrackerPolicy policy : {model::TrackerPolicy::stable, model::TrackerPolicy::openziti}) {
      RunOptions options;
      options.policy = policy;
      options.transcribe = true;
      options.compare_policies = false;
      const RunResult run = run_scenario(scenario, options);
      std::string text;
      for (std::size_t i = 0; i < run.transcript.requests.size(); ++i) {
        text += "{\"request\":" + run.transcript.requests[i] + ",\"answer\":" + run.transcript.answers[i] + "}\n";
      }
      exchanges += run.transcript.requests.size();
      const std::string path = (std::filesystem::path(out_dir) / (stem + "." + std::string(model::policy_name(policy)) + ".jsonl")).string();
      try {
        write_file_atomically(path, text);
      } catch (const OutputError& error) {
        progress.finish();
        err << "clustersim vectors: " << error.what() << "\n";
        return exit_bad_input;
      }
      progress.update(++files_written, 0);
    }
  }
  out << "wrote " << 2 * scenarios.size() << " vector files (" << exchanges << " requests) to " << out_dir << "\n";
  return exit_ok;
}

}  // namespace clustersim::sim
