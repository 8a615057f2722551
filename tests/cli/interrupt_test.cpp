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
#include <thread>

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

TEST(Interrupt, a_swarm_reports_the_seeds_it_finished_and_how_to_resume) {
  Scratch scratch;
  // A progress line per 500 seeds: the interrupt lands after the first 500, long before the end.
  const int status = run_and_interrupt(scratch, {"swarm", scenario("steady_state.json"), "--seeds", "5000", "--out",
                                                 scratch.path("out")}, SIGINT);
  ASSERT_TRUE(WIFEXITED(status)) << scratch.read("stderr");
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const std::string out = scratch.read("stdout");
  EXPECT_NE(out.find("INCOMPLETE (interrupted): "), std::string::npos) << out;
  EXPECT_NE(out.find(" of 5000 seeds"), std::string::npos) << out;
  EXPECT_NE(out.find("to resume: --first-seed "), std::string::npos) << out;
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
