// One log being read: a stream cut into lines (at most LogLimits::line_bytes kept of each),
// each parsed into a LogEvent. What is not a cluster event is dealt with here, so the checks
// after it see only events:
//   - blank lines are skipped; lines of other namespaces (circuits, links, ...) share the file
//     in real deployments and are counted and skipped;
//   - a namespace within two edits of "cluster" ("clusters", "Cluster") is a misspelling,
//     reported as the rule `namespace`, not skipped;
//   - anything else that is not a valid cluster event is reported as `format`, naming the key
//     and the problem (an unknown event type with the type it was probably meant to be);
//   - keys in another order than OpenZiti writes (a shipper that sorts keys, `jq -S`) are
//     accepted and noted once per file; in strict mode each such line is the rule `key_order`.
//   - an object pretty-printed over several lines (`jq -S .` writes them so: "{" and "}"
//     alone on their lines) is read as one event, at the line it begins.
// A stream that has reached its end can be read again later (`check --follow` of a growing
// file): the part of a line after the last newline waits for the rest.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/logcheck/findings.h"
#include "sim/logcheck/log_event.h"
#include "sim/logcheck/log_limits.h"

namespace clustersim::sim::logcheck {

struct ReadCounts {
  std::uint64_t lines = 0;        // non-blank lines
  std::uint64_t events = 0;       // cluster events read
  std::uint64_t foreign = 0;      // lines of other namespaces, skipped
  std::uint64_t bytes = 0;
};

class LogInput {
 public:
  LogInput(std::istream& in, std::uint32_t file, const LogLimits& limits, bool strict);

  // The next cluster event, or nothing when the stream has no more for now. Problems of the
  // lines on the way go to `findings`. Sets too_many_ids() and returns nothing when the log
  // names more controllers than the limits allow.
  std::optional<LogEvent> next(IdTable& ids, Findings& findings, ReadCounts& counts);

  // Whether the stream failed (an I/O error, not its end).
  bool failed() const { return in_.bad(); }
  bool too_many_ids() const { return too_many_ids_; }
  std::uint64_t line_number() const { return number_; }
  // Lines whose keys were not in OpenZiti's order.
  std::uint64_t other_order_lines() const { return other_order_lines_; }
  // Ends the last line, when a stream ended without a newline: it is read by the next next().
  void finish_last_line();
  // Reads on after the stream's end (a file that grows): clears its end-of-file state.
  void resume();

 private:
  bool next_line();  // fills line_ / truncated_; false when the stream has no more for now
  // Takes line_ into a pretty-printed object; false when line_ is to be read as a line (a
  // line of its own, or the whole object just closed).
  bool gather_pretty(Findings& findings, ReadCounts& counts);
  std::optional<LogEvent> event_of_line(IdTable& ids, Findings& findings, ReadCounts& counts);
  // Whether another namespace's name is "cluster" misspelt (within two edits).
  bool misspelt_cluster(const std::string& name);

  std::istream& in_;
  std::uint32_t file_;
  const LogLimits& limits_;
  bool strict_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0, end_ = 0;  // unread bytes in buffer_
  std::string line_;
  bool truncated_ = false;
  bool last_line_pending_ = false;
  std::uint64_t number_ = 0;
  std::uint64_t at_ = 0;  // the line the text being read began at
  std::string pretty_;    // a pretty-printed object being gathered
  std::uint64_t pretty_line_ = 0;
  bool skipping_pretty_ = false;  // an object too long: skipped up to its closing line
  bool ended_ = false;            // finish_last_line(): nothing more will come
  static constexpr std::size_t namespaces_kept = 64;
  std::map<std::string, bool> namespaces_;  // other namespaces seen: misspelt "cluster" or not
  std::uint64_t other_order_lines_ = 0;
  bool too_many_ids_ = false;
};

}  // namespace clustersim::sim::logcheck
