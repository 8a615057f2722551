#include "model/mesh/mesh_node.h"

#include <algorithm>

#include "model/assert.h"

namespace clustersim::model {

std::string_view mesh_message_type_name(MeshMessageType type) {
  switch (type) {
    case MeshMessageType::hello: return "hello";
    case MeshMessageType::hello_reply: return "hello_reply";
    case MeshMessageType::heartbeat: return "heartbeat";
    case MeshMessageType::heartbeat_reply: return "heartbeat_reply";
    case MeshMessageType::close: return "close";
  }
  return "?";
}

MeshNode::MeshNode(const MeshConfig& config, NodeIndex self, std::uint32_t life, std::vector<bool> members,
                   std::string version, RandomSource& random, MeshEffects& effects)
    : config_(config),
      self_(self),
      life_(life),
      members_(std::move(members)),
      version_(std::move(version)),
      random_(random),
      effects_(effects),
      peers_(members_.size()) {
  CLUSTERSIM_ASSERT(!config_.problem() && self_ < members_.size());
}

void MeshNode::start(Nanos now) {
  // The dialer's first scan runs at once; its tickers, as Go's, first fire an interval later.
  scan(now);
  arm(MeshTimerKind::queue_check, no_node, now + config_.queue_check_every);
  arm(MeshTimerKind::scan, no_node, now + config_.scan_every);
  arm(MeshTimerKind::heartbeat, no_node, now + config_.heartbeat_every);
  arm(MeshTimerKind::check, no_node, now + config_.check_every);
}

bool MeshNode::dialer_active() const {
  return config_.mode == MeshMode::full || role_ == RaftState::candidate || role_ == RaftState::leader;
}

// Tracks every member that has no channel and is not tracked yet, its first dial spread 50 ms
// after the previous one's (as OpenZiti spreads a scan's new peers).
void MeshNode::scan(Nanos now) {
  if (!dialer_active()) return;
  Nanos spread{0};
  for (NodeIndex p = 0; p < peers_.size(); ++p) {
    Peer& peer = peers_[p];
    if (p == self_) continue;
    if (!members_[p]) {
      peer.status = DialStatus::untracked;
      peer.queued = false;
      continue;
    }
    if (peer.current) {
      if (peer.status != DialStatus::untracked && peer.status != DialStatus::connected) {
        peer.status = DialStatus::connected;
        peer.connected_at = now;
      }
      continue;
    }
    if (peer.status != DialStatus::untracked) continue;
    peer.status = DialStatus::needs_dial;
    peer.retry_delay = Nanos{0};
    peer.attempts = 0;
    queue(peer, now + spread);
    spread += std::chrono::milliseconds(50);
  }
}

void MeshNode::queue(Peer& peer, Nanos at) {
  peer.queued = true;
  peer.next_dial = at;
}

void MeshNode::check_queue(Nanos now) {
  if (!dialer_active()) return;
  for (NodeIndex p = 0; p < peers_.size(); ++p) {
    if (peers_[p].queued && peers_[p].next_dial <= now) {
      peers_[p].queued = false;
      evaluate(p, now);
    }
  }
}

void MeshNode::evaluate(NodeIndex p, Nanos now) {
  Peer& peer = peers_[p];
  if (peer.status == DialStatus::connected) {
    if (peer.current) {  // survived the fast-failure window: the backoff starts afresh
      peer.retry_delay = Nanos{0};
      peer.attempts = 0;
      return;
    }
    connection_lost(p, now);
    return;
  }
  if (!members_[p]) {
    peer.status = DialStatus::untracked;
    return;
  }
  if (peer.current) {  // an inbound channel came first
    peer.status = DialStatus::connected;
    peer.connected_at = now;
    queue(peer, now + config_.fast_failure_window);
    return;
  }
  if (peer.dialing) return;
  dial(p, now);
}

void MeshNode::dial(NodeIndex p, Nanos now) {
  Peer& peer = peers_[p];
  peer.status = DialStatus::dialing;
  peer.dialing = ChannelId{self_, life_, next_sequence_++};
  send(p, MeshMessageType::hello, *peer.dialing);
  arm(MeshTimerKind::dial_timeout, p, now + config_.dial_timeout);
}

void MeshNode::dial_failed(Peer& peer, Nanos now) {
  peer.status = DialStatus::needs_dial;
  ++peer.attempts;
  // The factor's jitter: a uniform draw in [-0.5, 0.5), in nanoseconds of a second.
  const double jitter = static_cast<double>(random_.uniform(Nanos{0}, std::chrono::seconds(1)).count()) / 1e9 - 0.5;
  const double factor = std::max(1.0, config_.backoff_factor + jitter);
  Nanos delay{static_cast<std::int64_t>(static_cast<double>(peer.retry_delay.count()) * factor)};
  delay = std::clamp(delay, config_.min_retry, config_.max_retry);
  peer.retry_delay = delay;
  queue(peer, now + delay);
}

void MeshNode::connection_lost(NodeIndex p, Nanos now) {
  Peer& peer = peers_[p];
  if (!members_[p]) {
    peer.status = DialStatus::untracked;
    return;
  }
  if (!dialer_active()) {  // dial when raft needs the peer again
    peer.status = DialStatus::needs_dial;
    queue(peer, now);
    return;
  }
  if (peer.status == DialStatus::connected && now - peer.connected_at < config_.fast_failure_window) {
    dial_failed(peer, now);
    return;
  }
  peer.status = DialStatus::needs_dial;
  peer.retry_delay = Nanos{0};
  queue(peer, now);
}

void MeshNode::set_current(Peer& peer, std::optional<ChannelId> channel) {
  peer.current = channel;
  ++current_changes_;
}

bool MeshNode::wins(ChannelId challenger, ChannelId holder) const {
  if (challenger.dialer != holder.dialer) return challenger.dialer < holder.dialer;
  return challenger.newer_than(holder);
}

bool MeshNode::open(NodeIndex p, ChannelId channel, const std::string& version, Nanos now) {
  Peer& peer = peers_[p];
  if (peer.current && !wins(channel, *peer.current)) return false;
  if (peer.current) send(p, MeshMessageType::close, *peer.current);  // replaced: no peer.disconnected
  set_current(peer, channel);
  peer.version = version;
  peer.last_answer = now;
  raise(MeshEvent::Kind::peer_connected, p);
  update_read_only();
  if (peer.status != DialStatus::untracked) {  // the dialer learns it is connected
    peer.status = DialStatus::connected;
    peer.connected_at = now;
    queue(peer, now + config_.fast_failure_window);
  }
  if (!members_[p] && role_ == RaftState::leader && !peer.grace_running) {
    peer.grace_running = true;
    arm(MeshTimerKind::not_member, p, now + config_.not_member_grace);
  }
  return true;
}

void MeshNode::drop(NodeIndex p, bool tell, Nanos now) {
  Peer& peer = peers_[p];
  CLUSTERSIM_ASSERT(peer.current.has_value());
  if (tell) send(p, MeshMessageType::close, *peer.current);
  raise(MeshEvent::Kind::peer_disconnected, p);
  set_current(peer, std::nullopt);
  if (peer.grace_running) {
    peer.grace_running = false;
    cancel(MeshTimerKind::not_member, p);
  }
  update_read_only();
  connection_lost(p, now);
}

void MeshNode::step(NodeIndex from, const MeshMessage& m, Nanos now) {
  Peer& peer = peers_[from];
  const bool is_current = peer.current && *peer.current == m.channel;
  const bool is_dialing = peer.dialing && *peer.dialing == m.channel;
  switch (m.type) {
    case MeshMessageType::hello:
      if (is_current) return;  // a duplicate of the hello that opened it
      send(from, MeshMessageType::hello_reply, m.channel, open(from, m.channel, m.version, now));
      return;
    case MeshMessageType::hello_reply:
      if (!is_dialing) {  // a dial we gave up on: the peer holds a channel we do not
        if (m.accepted && !is_current) send(from, MeshMessageType::close, m.channel);
        return;
      }
      peer.dialing.reset();
      cancel(MeshTimerKind::dial_timeout, from);
      if (m.accepted && open(from, m.channel, m.version, now)) return;
      if (m.accepted) send(from, MeshMessageType::close, m.channel);  // the tie-break kept ours
      if (peer.current) {  // refused, or kept out, for a channel that stands: connected all the same
        peer.status = DialStatus::connected;
        peer.connected_at = now;
        queue(peer, now + config_.fast_failure_window);
      } else {
        dial_failed(peer, now);
      }
      return;
    case MeshMessageType::heartbeat:
      send(from, is_current ? MeshMessageType::heartbeat_reply : MeshMessageType::close, m.channel);
      return;
    case MeshMessageType::heartbeat_reply:
      if (is_current) {
        peer.last_answer = now;
      } else {
        send(from, MeshMessageType::close, m.channel);
      }
      return;
    case MeshMessageType::close:
      if (is_current) {
        drop(from, false, now);
      } else if (is_dialing) {  // reset while dialling
        peer.dialing.reset();
        cancel(MeshTimerKind::dial_timeout, from);
        dial_failed(peer, now);
      }
      return;
  }
}

void MeshNode::on_timer(MeshTimerKind kind, NodeIndex p, Nanos now) {
  switch (kind) {
    case MeshTimerKind::queue_check:
      check_queue(now);
      arm(kind, no_node, now + config_.queue_check_every);
      return;
    case MeshTimerKind::scan:
      scan(now);
      arm(kind, no_node, now + config_.scan_every);
      return;
    case MeshTimerKind::heartbeat:
      for (NodeIndex q = 0; q < peers_.size(); ++q) {
        if (peers_[q].current) send(q, MeshMessageType::heartbeat, *peers_[q].current);
      }
      arm(kind, no_node, now + config_.heartbeat_every);
      return;
    case MeshTimerKind::check:
      for (NodeIndex q = 0; q < peers_.size(); ++q) {
        if (peers_[q].current && now - peers_[q].last_answer > config_.unresponsive_after) drop(q, true, now);
      }
      arm(kind, no_node, now + config_.check_every);
      return;
    case MeshTimerKind::dial_timeout:
      if (peers_[p].dialing) {
        peers_[p].dialing.reset();
        dial_failed(peers_[p], now);
      }
      return;
    case MeshTimerKind::not_member:
      peers_[p].grace_running = false;
      if (!members_[p] && peers_[p].current) {
        drop(p, true, now);
        raise(MeshEvent::Kind::peer_not_member, p);
      }
      return;
  }
}

void MeshNode::set_raft_role(RaftState role, Nanos now) {
  const bool was_active = dialer_active();
  role_ = role;
  if (!was_active && dialer_active()) {
    scan(now);
    check_queue(now);  // raft needs its channels now, not at the next tick
  }
}

void MeshNode::set_members(std::vector<bool> members, Nanos now) {
  CLUSTERSIM_ASSERT(members.size() == members_.size());
  members_ = std::move(members);
  scan(now);  // OpenZiti's dialer scans on members.changed
}

void MeshNode::shutdown() {
  for (NodeIndex p = 0; p < peers_.size(); ++p) {
    if (peers_[p].current) send(p, MeshMessageType::close, *peers_[p].current);
    if (peers_[p].dialing) send(p, MeshMessageType::close, *peers_[p].dialing);
  }
}

void MeshNode::update_read_only() {
  bool differs = false;
  for (const Peer& peer : peers_) differs = differs || (peer.current && peer.version != version_);
  if (differs == read_only_) return;
  read_only_ = differs;
  raise(differs ? MeshEvent::Kind::read_only : MeshEvent::Kind::read_write, no_node);
}

void MeshNode::send(NodeIndex to, MeshMessageType type, ChannelId channel, bool accepted) {
  MeshMessage message;
  message.type = type;
  message.channel = channel;
  message.accepted = accepted;
  if (type == MeshMessageType::hello || type == MeshMessageType::hello_reply) message.version = version_;
  effects_.send(to, message);
}

void MeshNode::raise(MeshEvent::Kind kind, NodeIndex p) {
  MeshEvent event{kind, p, {}, {}};
  if (p != no_node) {
    event.peer_version = peers_[p].version;
    if (peers_[p].current) event.channel = *peers_[p].current;
  }
  effects_.event(event);
}

}  // namespace clustersim::model
