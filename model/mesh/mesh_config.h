// Configuration of the controller mesh (model/mesh): how controllers keep channels to each
// other, as the OpenZiti controller does (its `cluster.dialer` section, 2.1, the channel
// library's heartbeat options, and `cluster.nonMemberGrace`). Every default is the
// controller's own default, named beside it. problem() says what is wrong in words a person
// can act on.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace clustersim::model {

enum class MeshMode : std::uint8_t {
  // 2.1 onwards: every controller's peer dialer keeps a channel to every member.
  full,
  // Before 2.1: channels are made when raft needs one (a candidate asking for votes, a leader
  // replicating), so after a loss only a candidate or the leader dials again.
  leader_only,
};

struct MeshConfig {
  using Nanos = std::chrono::nanoseconds;

  MeshMode mode = MeshMode::full;
  // The peer dialer (cluster.dialer): a failed dial waits retry_delay, which starts at
  // min_retry and grows by backoff_factor (with a uniform jitter of +-0.5 on the factor, and
  // never below 1) up to max_retry. A connection lost within fast_failure_window of being made
  // counts as a failed dial; one lost later is redialled at once. Due dials are taken from the
  // queue every queue_check_every; every scan_every a full scan adds any member not tracked.
  Nanos min_retry = std::chrono::seconds(1);
  Nanos max_retry = std::chrono::minutes(1);
  double backoff_factor = 2.0;
  Nanos fast_failure_window = std::chrono::seconds(30);
  Nanos dial_timeout = std::chrono::seconds(10);
  Nanos scan_every = std::chrono::seconds(30);
  Nanos queue_check_every = std::chrono::seconds(5);
  // Channel heartbeats (channel.HeartbeatOptions): a heartbeat every heartbeat_every on every
  // channel, answered by the peer; every check_every a channel whose last answer is older than
  // unresponsive_after is closed.
  Nanos heartbeat_every = std::chrono::seconds(10);
  Nanos check_every = std::chrono::seconds(1);
  Nanos unresponsive_after = std::chrono::seconds(30);
  // cluster.nonMemberGrace: a leader that accepts a channel from a controller that is not a
  // member closes it after this long if it has not become one, and says so (peer.not_member).
  Nanos not_member_grace = std::chrono::minutes(1);

  // The longest any of these may be.
  static constexpr Nanos duration_max = std::chrono::hours(24);

  std::optional<std::string> problem() const;
};

}  // namespace clustersim::model
