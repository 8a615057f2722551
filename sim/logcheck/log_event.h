// One cluster event of a real controller's log, as the log checks see it: where it was read
// (file and line), its instant, its type, and the ids it names, each interned once in an
// IdTable so that the checks compare and keep small integers, not strings, per event.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/events/cluster_event.h"
#include "model/time_arithmetic.h"

namespace clustersim::sim::logcheck {

using Id = std::uint32_t;
inline constexpr Id no_id = UINT32_MAX;

// Controller ids, interned in the order first seen. Lookup by text is a hash map; the ids
// handed out are dense, so per-controller state lives in vectors indexed by Id.
class IdTable {
 public:
  // The id of `text`, added if new.
  Id intern(std::string_view text);
  // The id of `text`, or no_id if never seen.
  Id find(std::string_view text) const;
  const std::string& name(Id id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, Id, Hash, std::equal_to<>> ids_;
  std::vector<std::string> names_;
};

struct LogEvent {
  std::int64_t unix_ns = 0;      // the event's timestamp, nanoseconds since the Unix epoch
  std::uint32_t file = 0;        // which of the checked files (LogInputs' order)
  std::uint64_t line = 0;        // its line in that file, from 1
  model::ClusterEventType type = model::ClusterEventType::state_is_leaderless;
  Id source = no_id;             // event_src_id
  Id subject = no_id;            // state.has_leader: the leader; peer.*: the peer
  std::uint64_t index = 0;       // members.changed: the raft index
  std::vector<Id> members;       // members.changed, leadership.gained: the peers listed

  // Order in a merged log: by time; at one instant, a leader lost before anything found (a
  // controller that moves from one leader to the next reports both with one timestamp, and
  // its asynchronous dispatch may write them either way round); then by where it was read,
  // so ties are deterministic.
  bool before(const LogEvent& other) const {
    if (unix_ns != other.unix_ns) return unix_ns < other.unix_ns;
    if (tie_rank() != other.tie_rank()) return tie_rank() < other.tie_rank();
    if (file != other.file) return file < other.file;
    return line < other.line;
  }
  int tie_rank() const {
    if (type == model::ClusterEventType::leadership_lost) return 0;
    return type == model::ClusterEventType::state_is_leaderless ? 1 : 2;
  }
};

// Time arithmetic on a log's instants, which span 1677 to 2262 (all of int64 nanoseconds): the
// time from one to another, and an instant moved by a span, both saturating rather than
// overflowing on the extremes a log may hold.
inline std::int64_t elapsed_ns(std::int64_t from, std::int64_t until) { return model::saturating_sub(until, from); }
inline std::int64_t shifted_ns(std::int64_t at, std::int64_t by) { return model::saturating_add(at, by); }

// "state.has_leader", ...: the wire name, for messages.
inline std::string type_name(const LogEvent& event) { return std::string(model::event_type_name(event.type)); }

}  // namespace clustersim::sim::logcheck
