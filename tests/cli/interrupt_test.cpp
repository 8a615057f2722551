// Interrupts as a user at a terminal (^C) or a scheduler (SIGTERM) gives them: no temporary
// file survives, swarm and sweep keep what they finished and say it is incomplete (exit 130),
// any other command ends by the signal.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <sstream>
#include <thread>

#include "sim/cli/commands.h"
#include "sim/cli/interrupt.h"
#include "tests/cli/cli_support.h"

extern char** environ;

namespace clustersim::sim {
namespace {

// Runs the clustersim binary with `args`, its stdout and stderr into files in `scratch`;
// sends `signal` once stderr shows progress (the work has begun), and returns the wait status.
int run_and_interrupt(const Scratch& scratch, const std::vector<std::string>& args, int signal) {
  static char binary[] = CLUSTERSIM_BINARY;
  std::vector<std::string> copies(args);
  std::vector<char*> argv{binary};
  for (std::string& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, scratch.path("stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&files, STDERR_FILENO, scratch.path("stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t child = 0;
  EXPECT_EQ(posix_spawn(&child, binary, &files, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&files);
  // Progress is a line per 10% of the work: the first one means some work is finished.
  for (int tries = 0; tries < 600 && scratch.read("stderr").find('/') == std::string::npos; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::kill(child, signal);
  int status = 0;
  ::waitpid(child, &status, 0);
  return status;
}

// The seeds a results file records, in the order written; whether it has its end record.
struct Recorded {
  std::vector<std::uint64_t> seeds;
  bool ended = false;
};
Recorded recorded(const std::string& text) {
  Recorded r;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("\"record\":\"end\"") != std::string::npos) r.ended = true;
    const std::string seed_field = "\"record\":\"seed\",\"seed\":";
    const auto at = line.find(seed_field);
    if (at != std::string::npos) r.seeds.push_back(std::stoull(line.substr(at + seed_field.size())));
  }
  return r;
}

TEST(Interrupt, a_swarm_reports_the_seeds_it_finished_and_how_to_resume) {
  Scratch scratch;
  // A progress line per 100 seeds: the interrupt lands after the first 100, long before the end.
  const int status = run_and_interrupt(scratch, {"swarm", scenario("steady_state.json"), "--count", "1000", "--jobs", "2",
                                                 "--out", scratch.path("out")}, SIGINT);
  ASSERT_TRUE(WIFEXITED(status)) << scratch.read("stderr");
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const std::string out = scratch.read("stdout");
  EXPECT_NE(out.find("INCOMPLETE (interrupted): "), std::string::npos) << out;
  EXPECT_NE(out.find(" of 1000 seeds"), std::string::npos) << out;
  const auto resume_at = out.find("to resume: --seed-start ");
  ASSERT_NE(resume_at, std::string::npos) << out;
  // Every seed before the resume point is recorded, in order, and the file says how it ended.
  const Recorded before = recorded(scratch.read("out/results-1-1000.jsonl"));
  EXPECT_TRUE(before.ended);
  ASSERT_FALSE(before.seeds.empty());
  for (std::size_t i = 0; i < before.seeds.size(); ++i) ASSERT_EQ(before.seeds[i], i + 1);
  const std::uint64_t next = before.seeds.size() + 1;
  EXPECT_NE(out.find("to resume: --seed-start " + std::to_string(next) + " --count " + std::to_string(1000 - next + 1)),
            std::string::npos) << out;
  // Resumed as it says, into the same folder: the merge finds every seed exactly once.
  const Result rest = call(swarm_command, {scenario("steady_state.json"), "--seed-start", std::to_string(next), "--count",
                                           std::to_string(1000 - next + 1), "--jobs", "2", "--out", scratch.path("out")});
  ASSERT_EQ(rest.code, 0) << rest.err;
  const Result merged = call(swarm_command, {"merge", scratch.path("out")});
  EXPECT_EQ(merged.code, 0) << merged.out << merged.err;
  EXPECT_NE(merged.out.find("2 tasks, 1000 of 1000 seeds (1..1000), 0 failed"), std::string::npos) << merged.out;
  EXPECT_NE(merged.out.find("coverage: every seed exactly once"), std::string::npos) << merged.out;
}

TEST(Interrupt, a_killed_swarm_keeps_every_seed_it_finished) {
  Scratch scratch;
  // One worker: a seed is written as soon as it finishes, so a kill loses only the seed in flight.
  const int status = run_and_interrupt(scratch, {"swarm", scenario("steady_state.json"), "--count", "1000", "--out",
                                                 scratch.path("out")}, SIGKILL);
  ASSERT_TRUE(WIFSIGNALED(status));
  // The last progress line before the kill: "N/1000 seeds, ..." finished by then.
  const std::string progress = scratch.read("stderr");
  const auto line = progress.rfind('\n', progress.size() - 2);
  const std::uint64_t shown = std::stoull(progress.substr(line == std::string::npos ? 0 : line + 1));
  const Recorded kept = recorded(scratch.read("out/results-1-1000.jsonl"));
  EXPECT_FALSE(kept.ended);
  EXPECT_GE(kept.seeds.size(), shown);
  for (std::size_t i = 0; i < kept.seeds.size(); ++i) ASSERT_EQ(kept.seeds[i], i + 1);
  const Result merged = call(swarm_command, {"merge", scratch.path("out"), "--no-replay"});
  EXPECT_EQ(merged.code, 4) << merged.out << merged.err;
  EXPECT_NE(merged.out.find("no end record (the task was killed?), " + std::to_string(kept.seeds.size()) + " of 1000 seeds recorded"),
            std::string::npos) << merged.out;
  EXPECT_NE(merged.out.find("seeds missing (" + std::to_string(kept.seeds.size() + 1) + "..1000)"), std::string::npos) << merged.out;
}

TEST(Interrupt, a_sweep_writes_the_trials_it_finished_marked_incomplete) {
  Scratch scratch;
  const int status = run_and_interrupt(scratch, {"sweep", scenario("leader_crash.json"), "--trials", "2000", "--metric",
                                                 "downtime", "--out", scratch.path("r.json")}, SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << scratch.read("stderr");
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_NE(scratch.read("stdout").find("INCOMPLETE (interrupted)"), std::string::npos) << scratch.read("stdout");
  const std::string results = scratch.read("r.json");
  EXPECT_NE(results.find("\"complete\": false"), std::string::npos) << results.substr(0, 200);
  EXPECT_NE(results.find("\"seed\": 1"), std::string::npos);
  for (const std::string& name : scratch.entries()) EXPECT_NE(name.front(), '.') << "a temporary file was left: " << name;
}

TEST(Interrupt, a_run_over_a_folder_reports_the_runs_it_finished_marked_incomplete) {
  Scratch scratch;
  // 2,000 scenarios of 60 s: a progress line per 200 runs, the interrupt long before the end.
  fs::create_directories(scratch.dir / "many");
  for (int i = 0; i < 2000; ++i) {
    scratch.write("many/s" + std::to_string(1000 + i) + ".json",
                  R"({"name": "calm", "purpose": "Nothing happens.", "duration": "60s", "cluster": {"nodes": 5}, "timeline": []})");
  }
  const int status = run_and_interrupt(scratch, {"run", scratch.path("many"), "--json", scratch.path("r.json")}, SIGINT);
  ASSERT_TRUE(WIFEXITED(status)) << scratch.read("stderr");
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_NE(scratch.read("stdout").find("INCOMPLETE (interrupted): "), std::string::npos) << scratch.read("stdout").substr(0, 300);
  const std::string results = scratch.read("r.json");
  EXPECT_NE(results.find("\"complete\": false"), std::string::npos) << results.substr(0, 300);
  EXPECT_NE(results.find("\"verdict\": \"interrupted\""), std::string::npos);
}

// The mechanism every atomic write uses, in a child process the signal really ends.
TEST(InterruptDeathTest, a_temporary_file_being_written_is_removed_and_the_signal_ends_the_process) {
  Scratch scratch;
  const std::string pattern = scratch.path(".out.jsonl.XXXXXX");
  EXPECT_EXIT(
      {
        InterruptHandling interrupts(false);
        TemporaryFile temporary(pattern);
        if (temporary.create() < 0) std::_Exit(3);
        std::raise(SIGTERM);
        std::_Exit(4);  // not reached: the signal ends the process
      },
      ::testing::KilledBySignal(SIGTERM), "");
  EXPECT_TRUE(scratch.entries().empty());
}

}  // namespace
}  // namespace clustersim::sim
