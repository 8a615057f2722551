// tracker_demo: the production adapter in real time. A "raft" thread plays a scripted
// sequence of observations (a leader, a short flap, a real loss, a new leader) into an
// AsioTracker running on an io_context; the events it emits are printed as JSON lines on
// stdout, the script as it plays on stderr. Compare the two policies:
//   tracker_demo --policy openziti
//   tracker_demo --policy stable --window-ms 300
#include <charconv>
#include <cstdio>
#include <iostream>
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

int usage(const char* problem) {
  std::fprintf(stderr,
               "tracker_demo: %s\nusage: tracker_demo [--policy openziti|stable] [--window-ms N]\n",
               problem);
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
    if (i + 1 >= argc) return usage("every option needs a value");
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
    } else {
      return usage("unknown option");
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
