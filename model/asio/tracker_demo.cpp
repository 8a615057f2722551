// tracker_demo: the production adapter in real time. A "raft" thread plays a scripted
// sequence of observations (a leader, a short flap, a real loss, a new leader) into an
// AsioTracker running on an io_context; the events it emits are printed as JSON lines on
// stdout, the script as it plays on stderr. Compare the two policies:
//   tracker_demo --policy openziti
//   tracker_demo --policy stable --window-ms 300
#include <charconv>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

#include "model/asio/asio_tracker.h"
#include "model/events/jsonl_sinks.h"

namespace {

using namespace clustersim::model;
using std::chrono::milliseconds;

struct Step {
  int at_ms;
  const char* leader;  // "" = leader cleared
  std::uint64_t term;
};

constexpr Step script[] = {
    {100, "ctrl1", 1},   // a leader is elected
    {700, "", 1},        // a flap: the leader is lost...
    {750, "ctrl1", 1},   // ...and back 50 ms later
    {1100, "", 2},       // a real loss
    {1700, "ctrl3", 2},  // a new leader, 600 ms later
};

constexpr const char* usage_text =
    "usage: tracker_demo [--policy openziti|stable] [--window-ms N]\n"
    "\n"
    "Plays a scripted raft (a leader, a 50 ms flap, a real loss, a new leader) into the\n"
    "production tracker on an io_context, in real time; prints its events as JSON lines on\n"
    "stdout and the script on stderr.\n"
    "  --policy P     openziti (every change) or stable (default: short flaps hidden)\n"
    "  --window-ms N  the stable policy's window in milliseconds (default 300)\n"
    "examples:\n"
    "  tracker_demo --policy openziti\n"
    "  tracker_demo --policy stable --window-ms 300\n";

int usage(std::string_view problem) {
  std::cerr << "tracker_demo: " << problem << "\n" << usage_text;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  TrackerConfig config;
  config.self_id = "ctrl2";
  config.members = {{"ctrl1", "tls:ctrl1:6262"}, {"ctrl2", "tls:ctrl2:6262"}, {"ctrl3", "tls:ctrl3:6262"}};
  config.stability_window = milliseconds(300);
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << usage_text;
      return 0;
    }
    if (arg != "--policy" && arg != "--window-ms") return usage("unknown option \"" + std::string(arg) + "\"");
    if (i + 1 >= argc) return usage(std::string(arg) + " needs a value");
    const std::string_view value = argv[++i];
    if (arg == "--policy") {
      const auto policy = parse_policy(value);
      if (!policy) return usage("--policy must be openziti or stable");
      config.policy = *policy;
    } else if (arg == "--window-ms") {
      int ms = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), ms);
      if (error != std::errc{} || end != value.data() + value.size() || ms < 0) {
        return usage("--window-ms must be a whole number of milliseconds, 0 or more");
      }
      config.stability_window = milliseconds(ms);
    }
  }

  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::thread io_thread([&io] { io.run(); });

  AsioTracker tracker(io, config);
  tracker.add_sink(std::make_shared<JsonlStreamSink>(std::cout));
  std::fprintf(stderr, "policy %s, window %lld ms\n", std::string(policy_name(config.policy)).c_str(),
               static_cast<long long>(config.stability_window.count() / 1'000'000));
  const auto begin = std::chrono::steady_clock::now();
  tracker.start();
  for (const Step& step : script) {
    std::this_thread::sleep_until(begin + milliseconds(step.at_ms));
    std::fprintf(stderr, "+%dms observe leader \"%s\" (term %llu)\n", step.at_ms, step.leader,
                 static_cast<unsigned long long>(step.term));
    tracker.observe_leader(step.leader, step.term);
  }
  // Give the last state its window, then stop cleanly.
  std::this_thread::sleep_for(config.stability_window + milliseconds(100));
  tracker.shutdown().wait();
  work.reset();
  io_thread.join();
  return 0;
}
