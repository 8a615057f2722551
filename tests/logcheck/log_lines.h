// Real-format controller event lines for the log check tests, in OpenZiti's key order, and a
// check of a log given as text.
#pragma once

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "sim/logcheck/log_check.h"
#include "tests/text_has.h"

namespace clustersim::sim::logcheck::test {

// A timestamp `second` seconds (and `ms` milliseconds) after 2025-01-10T00:00:00Z.
inline std::string stamp(int second, int ms = 0) {
  char text[40];
  std::snprintf(text, sizeof text, "2025-01-10T%02d:%02d:%02d.%03dZ", second / 3600, second / 60 % 60, second % 60, ms);
  return text;
}

inline std::string line(const std::string& source, int second, const std::string& type, const std::string& tail = "", int ms = 0) {
  return R"({"namespace":"cluster","event_src_id":")" + source + R"(","timestamp":")" + stamp(second, ms) +
         R"(","eventType":")" + type + "\"" + tail + "}\n";
}

inline std::string has_leader(const std::string& source, int second, const std::string& leader, int ms = 0) {
  return line(source, second, "state.has_leader", R"(,"leaderId":")" + leader + "\"", ms);
}
inline std::string leaderless(const std::string& source, int second, int ms = 0) {
  return line(source, second, "state.is_leaderless", "", ms);
}

inline std::string peer_json(const std::string& id) {
  return R"({"id":")" + id + R"(","addr":"tls:)" + id + R"(:6262","version":"v2.1.0","apiAddresses":null})";
}
inline std::string peers_tail(const std::vector<std::string>& ids) {
  std::string tail = R"(,"peers":[)";
  for (std::size_t i = 0; i < ids.size(); ++i) tail += (i ? "," : "") + peer_json(ids[i]);
  return tail + "]";
}
inline std::string peer_line(const std::string& source, int second, const std::string& type, const std::string& peer, int ms = 0) {
  return line(source, second, type, peers_tail({peer}), ms);
}
inline std::string gained(const std::string& source, int second, const std::vector<std::string>& members) {
  return line(source, second, "leadership.gained", peers_tail(members));
}
inline std::string lost(const std::string& source, int second) { return line(source, second, "leadership.lost"); }
inline std::string members_changed(const std::string& source, int second, int index, const std::vector<std::string>& members) {
  return line(source, second, "members.changed", R"(,"index":)" + std::to_string(index) + peers_tail(members));
}

struct Checked {
  int code = 0;
  std::string out, err;
  nlohmann::ordered_json json;
};

inline Checked check(const std::string& log, CheckOptions options = {}) {
  std::istringstream in(log);
  std::ostringstream out, err;
  CheckOutcome outcome = check_logs({{"log", &in}}, options, out, err);
  return {outcome.exit_code, out.str(), err.str(), std::move(outcome.json)};
}

}  // namespace clustersim::sim::logcheck::test
