// clustersim check LOG... : checks event logs written by real OpenZiti controllers (the file
// event handler's JSON lines; several controllers in one file, or a file per controller, merged
// by timestamp), reports every violation with file, line and rule, then a summary for an
// operator: leaderless periods with their likely causes, and on request what a stability
// window or alert rules would have done on the same log (sim/logcheck); --json for programs,
// --timeline for a picture (sim/timeline/log_timeline.h), --follow for the cluster's state as
// growing logs tell it (live_view.h). Lines of other namespaces share the file in real
// deployments and are skipped. The logs stream through: any length, "-" for standard input.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>
#include <unistd.h>

#include "sim/cli/check_junit.h"
#include "sim/cli/commands.h"
#include "sim/cli/interrupt.h"
#include "sim/cli/live_view.h"
#include "sim/cli/output_file.h"
#include "sim/cli/progress.h"
#include "sim/core/time.h"
#include "sim/logcheck/log_check.h"
#include "sim/timeline/log_timeline.h"

namespace clustersim::sim {
namespace {

constexpr const char* check_help =
    "usage: clustersim check LOG... [--strict] [--disagreement-tolerance D] [--window D]\n"
    "                        [--alert-after D] [--peer-flap-alert N/D] [--churn-alert N/D] [--json FILE]\n"
    "                        [--junit FILE]\n"
    "                        [--timeline FILE.html|FILE.svg] [--follow [--idle-exit D]]\n\n"
    "Checks controller event logs (the file event handler's JSON lines: one file of all\n"
    "controllers, or one per controller, merged by timestamp; - reads standard input) and\n"
    "reports every violation as FILE:LINE: RULE: what is wrong. Rules per controller, in\n"
    "timestamp order: state_alternation, role_alternation (leadership.gained twice in a\n"
    "row), read_only, peer_connection, peer_not_member, members_index, leader_not_member;\n"
    "for the cluster: leader_disagreement; and format, namespace (a misspelt one), order,\n"
    "key_order (--strict only). Then a summary: per controller and for the cluster, the\n"
    "leaderless periods, leader changes, leadership churn, peer losses and read-only\n"
    "periods, and each leaderless period with its likely cause and the events that say so.\n"
    "  --strict                    keys must be in OpenZiti's order (else only a note)\n"
    "  --disagreement-tolerance D  how long controllers may name different leaders (30s)\n"
    "  --window D                  what if: replay each controller's state through the\n"
    "                              stable policy's window D; what it would have suppressed\n"
    "  --alert-after D             when \"is_leaderless not followed by has_leader within\n"
    "                              D\" would have fired\n"
    "  --peer-flap-alert N/D       when \"N peer.disconnected of one peer within D\" would fire\n"
    "  --churn-alert N/D           when \"N leadership.gained/lost within D\" would fire\n"
    "  --json FILE                 the whole report for programs (- for standard output)\n"
    "  --junit FILE                JUnit XML for CI: a test case per rule, failed with its\n"
    "                              violations (file and line) when the log broke it\n"
    "  --timeline FILE             draw the log: each controller's reported leader, when it\n"
    "                              led, read-only periods, leaderless periods and causes\n"
    "  --follow                    follow growing logs (as tail -f): the cluster's state now,\n"
    "                              a table redrawn on a terminal, a line per change otherwise;\n"
    "                              ^C ends it with the summary\n"
    "  --idle-exit D               with --follow: end once nothing new came for D\n"
    "Exit 0 if clean, 1 if violations, 2 if unreadable or not an event log.\n"
    "examples:\n"
    "  clustersim check events.json\n"
    "  clustersim check ctrl1.json ctrl2.json ctrl3.json --alert-after 10s --window 5s\n"
    "  zcat events.json.gz | clustersim check - --json report.json\n";

struct CheckArgs {
  std::vector<std::string> logs;
  logcheck::CheckOptions options;
  std::string json_path, junit_path, timeline_path;
  bool follow = false;
  std::optional<std::chrono::nanoseconds> idle_exit;
};

// --follow polls for more every 200 ms, as tail -f does: a real-time wait, like a progress
// display's, and the only one `check` makes.
constexpr std::chrono::milliseconds follow_poll(200);

bool standard_output_is_a_terminal() { return ::isatty(STDOUT_FILENO) == 1; }

// The progress of the check of big logs (WorkProgress): bytes read of the files' sizes, looked
// at every 65,536 events (a position is cheap to ask, not free). Only files: standard input has
// neither a size nor a position to ask.
class ReadProgress : public logcheck::LogListener {
 public:
  ReadProgress(std::string what, std::vector<std::ifstream*> files) : progress_(std::move(what)), files_(std::move(files)) {
    for (std::ifstream* file : files_) {
      const auto here = file->tellg();
      file->seekg(0, std::ios::end);
      const auto size = file->tellg();
      file->seekg(here);
      total_ += size > 0 ? static_cast<double>(size) : 0;
    }
  }
  void event(const logcheck::LogEvent&, const logcheck::IdTable&) override {
    if (++events_ % 65'536 != 0) return;
    double read = 0;
    for (std::ifstream* file : files_) {
      const auto at = file->tellg();
      read += at > 0 ? static_cast<double>(at) : 0;
    }
    const double mb = read / 1e6;
    char done[96];
    std::snprintf(done, sizeof done, "%.0f MB of %.0f MB read, %llu events", mb, total_ / 1e6,
                  static_cast<unsigned long long>(events_));
    progress_.update(total_ > 0 ? read / total_ : -1, done, mb, "MB");
  }
  void period(const logcheck::ExplainedPeriod&, const logcheck::IdTable&) override {}
  void finish(std::int64_t) override { progress_.finish(); }

 private:
  WorkProgress progress_;
  std::vector<std::ifstream*> files_;
  double total_ = 0;
  std::uint64_t events_ = 0;
};

// Several listeners follow one check: the timeline, the live view and the progress.
class Listeners : public logcheck::LogListener {
 public:
  void add(logcheck::LogListener* listener) { listeners_.push_back(listener); }
  void event(const logcheck::LogEvent& e, const logcheck::IdTable& ids) override {
    for (auto* l : listeners_) l->event(e, ids);
  }
  void period(const logcheck::ExplainedPeriod& p, const logcheck::IdTable& ids) override {
    for (auto* l : listeners_) l->period(p, ids);
  }
  void finish(std::int64_t end_ns) override {
    for (auto* l : listeners_) l->finish(end_ns);
  }

 private:
  std::vector<logcheck::LogListener*> listeners_;
};

std::string parse_duration_option(std::string_view name, std::string_view text, std::chrono::nanoseconds& out) {
  try {
    out = parse_duration(text);
  } catch (const std::exception& error) {
    return std::string(name) + ": " + error.what();
  }
  if (out <= std::chrono::nanoseconds{0}) return std::string(name) + " must be positive";
  return "";
}

std::string parse_args(const Args& args, CheckArgs& parsed) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    const auto needs = [&](std::string_view name, std::string& value) -> std::string {
      const auto v = option_value(args, i);
      if (!v || v->empty()) return std::string(name) + " needs a value";
      value = std::string(*v);
      return "";
    };
    std::string value, problem;
    if (arg == "--strict") {
      parsed.options.strict = true;
    } else if (arg == "--disagreement-tolerance" || arg == "--window" || arg == "--alert-after") {
      if (problem = needs(arg, value); !problem.empty()) return problem;
      std::chrono::nanoseconds d{0};
      if (problem = parse_duration_option(arg, value, d); !problem.empty()) return problem;
      if (arg == "--disagreement-tolerance") parsed.options.disagreement_tolerance = d;
      if (arg == "--window") parsed.options.window = d;
      if (arg == "--alert-after") parsed.options.alerts.leaderless_after = d;
    } else if (arg == "--peer-flap-alert" || arg == "--churn-alert") {
      if (problem = needs(arg, value); !problem.empty()) return problem;
      try {
        (arg == "--churn-alert" ? parsed.options.alerts.churn : parsed.options.alerts.peer_flap) = logcheck::parse_count_rule(value);
      } catch (const std::invalid_argument& error) {
        return std::string(arg) + ": " + error.what();
      }
    } else if (arg == "--follow") {
      parsed.follow = true;
    } else if (arg == "--idle-exit") {
      if (problem = needs(arg, value); !problem.empty()) return problem;
      std::chrono::nanoseconds d{0};
      if (problem = parse_duration_option(arg, value, d); !problem.empty()) return problem;
      parsed.idle_exit = d;
    } else if (arg == "--json") {
      if (problem = needs(arg, parsed.json_path); !problem.empty()) return problem;
    } else if (arg == "--junit") {
      if (problem = needs(arg, parsed.junit_path); !problem.empty()) return problem;
    } else if (arg == "--timeline") {
      if (problem = needs(arg, parsed.timeline_path); !problem.empty()) return problem;
      if (!timeline_file(parsed.timeline_path)) return "--timeline needs a file ending in .svg or .html";
    } else if (arg.size() > 1 && arg.front() == '-') {
      return "unknown option \"" + std::string(arg) + "\" (clustersim check --help lists them)";
    } else {
      parsed.logs.emplace_back(arg);
    }
  }
  if (parsed.logs.empty()) return "which log? give one or more EVENTS.jsonl (or - for standard input)";
  std::size_t dashes = 0;
  for (const std::string& log : parsed.logs) dashes += log == "-" ? std::size_t{1} : std::size_t{0};
  if (dashes > 1) return "standard input (-) can be read only once";
  if (parsed.idle_exit && !parsed.follow) return "--idle-exit is for --follow";
  return "";
}

}  // namespace

int check_command(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    out << check_help;
    return exit_ok;
  }
  CheckArgs parsed;
  if (const std::string problem = parse_args(args, parsed); !problem.empty()) return usage_error("check", problem, err);
  std::optional<OutputFile> timeline;
  std::optional<SummaryReports> reports;
  try {
    if (!parsed.timeline_path.empty()) timeline.emplace(parsed.timeline_path, out);
    reports.emplace(parsed.json_path, parsed.junit_path, out, SummaryReports::Others{&timeline});
  } catch (const OutputError& error) {
    return usage_error("check", error.what(), err);
  }
  std::vector<std::unique_ptr<std::ifstream>> files;
  std::vector<logcheck::NamedLog> logs;
  for (const std::string& path : parsed.logs) {
    if (path == "-") {
      logs.push_back({path, &std::cin});
      continue;
    }
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) {
      err << "clustersim check: " << path << ": a folder, not an event log\n";
      return exit_bad_input;
    }
    files.push_back(std::make_unique<std::ifstream>(path, std::ios::binary));
    if (!*files.back()) {
      err << "clustersim check: " << path << ": cannot read: " << std::strerror(errno) << "\n";
      return exit_bad_input;
    }
    logs.push_back({path, files.back().get()});
  }
  // With the JSON or the timeline on standard output, the report for people goes to standard error.
  std::ostream& people = reports->people(out, err);
  std::string title;
  for (const std::string& path : parsed.logs) title += (title.empty() ? "" : ", ") + path;
  LogTimeline drawing(title);
  // Following: the live view is what people see; the timeline, if asked for, still draws.
  LiveView live(people, parsed.follow && &people == &out && standard_output_is_a_terminal());
  Listeners listeners;
  if (timeline) listeners.add(&drawing);
  std::vector<std::ifstream*> open_files;
  for (const auto& file : files) open_files.push_back(file.get());
  std::optional<ReadProgress> reading;
  if (!parsed.follow && !open_files.empty()) {
    reading.emplace("check", std::move(open_files));
    listeners.add(&*reading);
  }
  if (parsed.follow) listeners.add(&live);
  InterruptHandling interrupts(/*cooperative=*/parsed.follow);
  std::function<bool()> wait_for_more;
  std::uint64_t seen = 0;              // events read when the logs were last at their end
  std::chrono::nanoseconds idle{0};    // since then, with nothing new
  if (parsed.follow) {
    wait_for_more = [&] {
      live.redraw();
      if (live.events() != seen) idle = std::chrono::nanoseconds{0};
      seen = live.events();
      if (stop_requested() || (parsed.idle_exit && idle >= *parsed.idle_exit)) return false;
      std::this_thread::sleep_for(follow_poll);
      idle += follow_poll;
      return true;
    };
  }
  const logcheck::CheckOutcome outcome =
      logcheck::check_logs(logs, parsed.options, parsed.follow ? live.report() : people, err, &listeners, wait_for_more);
  live.done();
  if (outcome.exit_code == exit_bad_input) return exit_bad_input;
  try {
    if (reports->json) reports->json->write(outcome.json.dump(2) + "\n");
    if (reports->junit) reports->junit->write(format_junit("clustersim check", {check_junit(outcome.json)}));
    if (timeline) {
      const TimelinePicture picture = drawing.picture();
      const bool html = timeline_file(timeline->path()) == TimelineFile::html;
      timeline->write(html ? timeline_html(picture) : timeline_svg(picture));
    }
  } catch (const OutputError& error) {
    err << "clustersim check: " << error.what() << "\n";
    return exit_bad_input;
  }
  return outcome.exit_code;
}

}  // namespace clustersim::sim
