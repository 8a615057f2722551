// The built-in demo: a five-node ping/pong workload through the simulated network under a
// scripted series of faults (flapping link, partition, one-way cut, pause, crash).
//
// It exists so that `tools/run.sh` shows the kernel and network doing real work before the
// election model and scenario suite exist, and so that tests can check a whole run is
// deterministic end to end. `clustersim demo` prints the report.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/time.h"
#include "sim/net/network.h"

namespace clustersim::sim {

struct DemoNodeReport {
  std::string name;
  std::uint64_t pings_sent = 0;
  std::uint64_t pongs_received = 0;
  Duration round_trip_total{0};
};

struct DemoReport {
  std::uint64_t seed = 0;
  Duration simulated{0};
  std::vector<std::string> timeline;  // "5s partition {ctrl1,ctrl2} | {ctrl3,ctrl4,ctrl5}"
  std::vector<DemoNodeReport> nodes;
  NetCounters network;
  std::uint64_t copies_in_flight_at_end = 0;
  std::uint64_t events_fired = 0;
  std::uint64_t trace_hash = 0;
};

DemoReport run_demo(std::uint64_t seed);

// The report as a short table a person can read.
std::string format_demo_report(const DemoReport& report);

}  // namespace clustersim::sim
