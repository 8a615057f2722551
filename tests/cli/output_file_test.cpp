// Outputs as a careful user and a root shell rely on them: checked before the run, written
// whole or not at all, never replacing what is not a regular file, never two in one place.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <sstream>
#include <thread>

#include "sim/cli/commands.h"
#include "sim/cli/output_file.h"
#include "tests/cli/cli_support.h"

namespace clustersim::sim {
namespace {

bool is_symlink(const std::string& path) {
  struct stat status {};
  return ::lstat(path.c_str(), &status) == 0 && S_ISLNK(status.st_mode);
}

TEST(Outputs, a_run_leaves_exactly_its_outputs_and_no_temporary_file) {
  Scratch scratch;
  const Result r = call(run_command, {scenario("leader_crash.json"), "--quiet", "--events", scratch.path("e.jsonl"),
                                      "--trace", scratch.path("t.jsonl"), "--timeline", scratch.path("run.svg")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(scratch.entries(), (std::vector<std::string>{"e.jsonl", "run.svg", "t.jsonl"}));
}

TEST(Outputs, a_symlink_is_written_through_and_stays_a_symlink) {
  Scratch scratch;
  scratch.write("target.jsonl", "old\n");
  fs::create_symlink(scratch.path("target.jsonl"), scratch.path("link.jsonl"));
  const Result r = call(run_command, {scenario("leader_crash.json"), "--quiet", "--events", scratch.path("link.jsonl")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(is_symlink(scratch.path("link.jsonl")));
  EXPECT_EQ(scratch.read("target.jsonl").rfind("{\"namespace\":\"cluster\"", 0), 0u);
}

TEST(Outputs, a_fifo_is_written_into_not_replaced) {
  Scratch scratch;
  const std::string fifo = scratch.path("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] {  // opening a FIFO for writing waits for its reader
    std::ifstream in(fifo);
    std::stringstream text;
    text << in.rdbuf();
    received = text.str();
  });
  const Result r = call(run_command, {scenario("leader_crash.json"), "--quiet", "--events", fifo});
  reader.join();
  EXPECT_EQ(r.code, 0) << r.err;
  struct stat status {};
  ASSERT_EQ(::lstat(fifo.c_str(), &status), 0);
  EXPECT_TRUE(S_ISFIFO(status.st_mode));
  EXPECT_EQ(received.rfind("{\"namespace\":\"cluster\"", 0), 0u) << received.substr(0, 100);
}

TEST(Outputs, dash_or_dev_stdout_is_standard_output_and_the_summary_moves_to_stderr) {
  for (const std::string name : {"-", "/dev/stdout"}) {
    const Result r = call(run_command, {scenario("leader_crash.json"), "--events", name});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("{\"namespace\":\"cluster\"", 0), 0u) << r.out.substr(0, 100);
    EXPECT_EQ(r.out.find("verdict"), std::string::npos);
    EXPECT_NE(r.err.find("verdict: PASS"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists("-"));
  EXPECT_TRUE(fs::is_symlink("/dev/stdout"));  // written through, never replaced
}

TEST(Outputs, every_path_is_checked_before_the_run_and_nothing_is_written_if_one_is_bad) {
  Scratch scratch;
  const std::vector<std::pair<std::string, std::string>> bad = {
      {scratch.path("missing/e.jsonl"), "does not exist"},
      {scratch.dir.string(), "it is a folder"},
  };
  for (const auto& [path, reason] : bad) {
    const Result r = call(run_command, {scenario("leader_crash.json"), "--trace", scratch.path("t.jsonl"), "--events", path});
    EXPECT_EQ(r.code, 2) << path;
    EXPECT_NE(r.err.find("cannot write \"" + path + "\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(reason), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;  // refused before the run: no summary
    EXPECT_TRUE(scratch.entries().empty());
  }
  const Result sweep = call(sweep_command, {scenario("leader_crash.json"), "--trials", "2", "--out", scratch.path("r.json"),
                                            "--plot", scratch.path("no/such/folder/p.svg")});
  EXPECT_EQ(sweep.code, 2);
  EXPECT_TRUE(scratch.entries().empty());
  scratch.write("file", "x");
  const Result swarm = call(swarm_command, {scenario("steady_state.json"), "--seeds", "1", "--out", scratch.path("file/sub")});
  EXPECT_EQ(swarm.code, 2);
  EXPECT_NE(swarm.err.find("--out"), std::string::npos) << swarm.err;
}

TEST(Outputs, two_outputs_in_one_place_are_refused_however_they_are_spelled) {
  Scratch scratch;
  scratch.write("a.jsonl", "");
  fs::create_symlink(scratch.path("a.jsonl"), scratch.path("b.jsonl"));
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {scratch.path("n.jsonl"), scratch.path("./n.jsonl")},  // a new file, two spellings
      {scratch.path("a.jsonl"), scratch.path("b.jsonl")},    // a file and a link to it
      {"-", "/dev/stdout"},                                  // standard output, twice
  };
  for (const auto& [first, second] : pairs) {
    const Result r = call(run_command, {scenario("leader_crash.json"), "--events", first, "--trace", second});
    EXPECT_EQ(r.code, 2) << first << " " << second;
    EXPECT_NE(r.err.find("two outputs to the same place"), std::string::npos) << r.err;
  }
  EXPECT_EQ(scratch.read("a.jsonl"), "");
}

// --json and --junit as every command with a summary takes them (run over folders, swarm,
// swarm merge, check): refused in one place, and people's text moved off standard output when
// either takes it.
TEST(Outputs, summary_reports_are_apart_and_move_people_text_off_standard_output) {
  Scratch scratch;
  std::ostringstream out, err;
  EXPECT_THROW(SummaryReports(scratch.path("r.json"), scratch.path("./r.json"), out), OutputError);
  EXPECT_THROW(SummaryReports("-", "/dev/stdout", out), OutputError);
  const SummaryReports none("", "", out);
  EXPECT_FALSE(none.json || none.junit);
  EXPECT_EQ(&none.people(out, err), &out);
  const SummaryReports files(scratch.path("r.json"), scratch.path("r.xml"), out);
  EXPECT_EQ(&files.people(out, err), &out);
  const SummaryReports piped(scratch.path("r.json"), "-", out);
  EXPECT_TRUE(piped.on_standard_output());
  EXPECT_EQ(&piped.people(out, err), &err);
  // A command's own outputs (a sweep's results, a check's timeline) are checked with the
  // reports, and one on standard output moves people's text off it too.
  const std::optional<OutputFile> results(std::in_place, scratch.path("results.json"), out);
  const std::optional<OutputFile> unset;
  EXPECT_THROW(SummaryReports(scratch.path("./results.json"), "", out, {&unset, &results}), OutputError);
  EXPECT_THROW(SummaryReports("", scratch.path("results.json"), out, {&results}), OutputError);
  const std::optional<OutputFile> piped_data(std::in_place, "/dev/stdout", out);
  EXPECT_THROW(SummaryReports("", "-", out, {&piped_data}), OutputError);
  const SummaryReports data_piped(scratch.path("r.json"), scratch.path("r.xml"), out, {&unset, &piped_data});
  EXPECT_TRUE(data_piped.on_standard_output());
  EXPECT_EQ(&data_piped.people(out, err), &err);
  const SummaryReports data_in_files("", "", out, {&results, &unset});
  EXPECT_EQ(&data_in_files.people(out, err), &out);
  for (const char* command : {"swarm merge", "check"}) {
    Result r;
    if (std::string(command) == "check") {
      scratch.write("empty.jsonl", "");
      r = call(check_command, {scratch.path("empty.jsonl"), "--json", scratch.path("x"), "--junit", scratch.path("x")});
    } else {
      r = call(swarm_command, {"merge", scratch.path("none"), "--json", scratch.path("x"), "--junit", scratch.path("x")});
    }
    EXPECT_EQ(r.code, 2) << command;
    EXPECT_NE(r.err.find("two outputs to the same place"), std::string::npos) << command << ": " << r.err;
  }
  // A command's own output and a report in one place.
  const Result sweep = call(sweep_command, {scenario("leader_crash.json"), "--trials", "2", "--out", scratch.path("x"),
                                            "--junit", scratch.path("./x")});
  EXPECT_EQ(sweep.code, 2);
  EXPECT_NE(sweep.err.find("two outputs to the same place"), std::string::npos) << sweep.err;
  const Result run = call(run_command, {scenario("leader_crash.json"), "--events", "-", "--json", "/dev/stdout"});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("two outputs to the same place"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(scratch.path("x")));
  // A sweep's results on standard output: nothing else goes there.
  const Result piped_sweep = call(sweep_command, {scenario("leader_crash.json"), "--trials", "2", "--out", "-"});
  ASSERT_EQ(piped_sweep.code, 0) << piped_sweep.err;
  const nlohmann::json results_json = nlohmann::json::parse(piped_sweep.out, nullptr, false);
  ASSERT_TRUE(results_json.is_object()) << piped_sweep.out.substr(0, 200);
  EXPECT_TRUE(results_json.contains("combinations")) << piped_sweep.out.substr(0, 200);
  EXPECT_NE(piped_sweep.err.find("downtime"), std::string::npos) << piped_sweep.err;
}

TEST(Outputs, a_rewritten_file_keeps_the_permissions_new_files_get) {
  Scratch scratch;
  const mode_t mask = ::umask(022);
  write_file_atomically(scratch.path("f.txt"), "text");
  ::umask(mask);
  struct stat status {};
  ASSERT_EQ(::stat(scratch.path("f.txt").c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0644u);
  EXPECT_EQ(scratch.read("f.txt"), "text");
}

}  // namespace
}  // namespace clustersim::sim
