// The controller mesh's events against its ground truth: every change of a node's current
// channel to a peer, read from the node's MeshNode after each input (MeshChange), and each
// start of its process with the version it ran (MeshStart). See check_mesh in checks.h.
#include <algorithm>
#include <map>

#include "sim/oracle/checks.h"

namespace clustersim::sim {
namespace {

using Type = model::ClusterEventType;

// What one event says, or should say, in words that compare: "peer.connected ctrl3 v2.1.0".
std::string describe(Type type, const std::string& peer = {}, const std::string& version = {}) {
  std::string text(model::event_type_name(type));
  if (!peer.empty()) text += " " + peer;
  if (!version.empty()) text += " " + version;
  return text;
}

// The tie-break both ends compute: the channel dialled by the node first in member order, and
// of one dialler the newer.
bool wins(const model::ChannelId& challenger, const model::ChannelId& holder) {
  if (challenger.dialer != holder.dialer) return challenger.dialer < holder.dialer;
  return challenger.newer_than(holder);
}

// A node's mesh ground truth in time order: its starts and its channel changes.
struct Step {
  Time at;
  const MeshStart* start = nullptr;
  const MeshChange* change = nullptr;
};

}  // namespace

CheckResult check_mesh(const RunResult& run) {
  CheckResult result{"mesh"};
  if (!run.scenario.mesh.enabled) {
    result.applies = false;
    result.note = "the scenario's mesh is off";
    return result;
  }
  std::size_t events_checked = 0;
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    std::vector<Step> steps;
    for (const MeshStart& s : run.mesh_starts) {
      if (s.node == node) steps.push_back({s.at, &s, nullptr});
    }
    for (const MeshChange& c : run.mesh_changes) {
      if (c.node == node) steps.push_back({c.at, nullptr, &c});
    }
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.at < b.at; });
    // Expected events per instant, from the truth.
    std::map<Time, std::vector<std::string>> expected;
    std::vector<std::optional<model::ChannelId>> current(run.node_ids.size());
    std::vector<std::string> versions(run.node_ids.size());
    std::string own_version;
    bool read_only = false;
    for (const Step& step : steps) {
      if (step.start != nullptr) {
        own_version = step.start->version;
        read_only = false;  // a new process starts read-write and says nothing
        std::fill(current.begin(), current.end(), std::nullopt);
        continue;
      }
      const MeshChange& c = *step.change;
      const std::string& peer_id = run.node_ids[c.peer];
      if (!c.process_ended) {
        if (c.channel) {
          expected[c.at].push_back(describe(Type::peer_connected, peer_id, c.peer_version));
          if (current[c.peer] && !wins(*c.channel, *current[c.peer])) {
            result.failures.push_back({node, c.at, "its channel to " + peer_id + " was replaced by one that does not win the tie-break (dialled by " +
                                                       run.node_ids[c.channel->dialer] + ", replacing one dialled by " +
                                                       run.node_ids[current[c.peer]->dialer] + ")", {}});
          }
        } else {
          expected[c.at].push_back(describe(Type::peer_disconnected, peer_id));
        }
      }
      current[c.peer] = c.channel;
      versions[c.peer] = c.peer_version;
      if (c.process_ended) continue;
      bool differs = false;
      for (model::NodeIndex p = 0; p < current.size(); ++p) differs = differs || (current[p] && versions[p] != own_version);
      if (differs != read_only) expected[c.at].push_back(describe(differs ? Type::state_ro : Type::state_rw));
      read_only = differs;
    }
    // What the node wrote, per instant; each peer entry as the truth would list it.
    std::map<Time, std::vector<std::string>> actual;
    std::map<Time, std::vector<std::string>> lines;
    for (const RecordedEvent& e : run.mesh_events) {
      if (e.node != node) continue;
      ++events_checked;
      lines[e.at].push_back(event_line(e));
      if (e.event.type == Type::peer_not_member) {
        // Only about a controller outside the configuration the node stored (one about to join
        // and never added, or one removed); its channel's close is checked with the others.
        const CommittedConfiguration* stored = run.truth.configuration_of(node, e.at);
        const auto peer = std::find(run.node_ids.begin(), run.node_ids.end(), e.event.peers.empty() ? "" : e.event.peers.front().id);
        const bool member = peer != run.node_ids.end() && stored != nullptr &&
                            stored->membership.is_member(static_cast<model::NodeIndex>(peer - run.node_ids.begin()));
        if (peer == run.node_ids.end() || member) {
          result.failures.push_back({node, e.at, "peer.not_member about a member of its configuration", {event_line(e)}});
        }
        continue;
      }
      if (e.event.peers.empty()) {
        actual[e.at].push_back(describe(e.event.type));
        continue;
      }
      const model::ClusterPeer& peer = e.event.peers.front();
      const bool connected = e.event.type == Type::peer_connected;
      actual[e.at].push_back(describe(e.event.type, peer.id, connected ? peer.version : std::string()));
      if (e.event.peers.size() != 1 || !(peer == mesh_peer(peer.id, peer.version))) {
        result.failures.push_back({node, e.at, "a peer event lists other than the one peer, with its address, version and API address", {event_line(e)}});
      }
    }
    for (auto& [at, list] : expected) std::sort(list.begin(), list.end());
    for (auto& [at, list] : actual) std::sort(list.begin(), list.end());
    auto want = expected.begin();
    auto got = actual.begin();
    while (want != expected.end() || got != actual.end()) {
      const bool take_want = got == actual.end() || (want != expected.end() && want->first <= got->first);
      const Time at = take_want ? want->first : got->first;
      const std::vector<std::string> none;
      const std::vector<std::string>& w = take_want ? want->second : none;
      const std::vector<std::string>& g = (got != actual.end() && got->first == at) ? got->second : none;
      if (w != g) {
        std::string w_text, g_text;
        for (const std::string& s : w) w_text += (w_text.empty() ? "" : ", ") + s;
        for (const std::string& s : g) g_text += (g_text.empty() ? "" : ", ") + s;
        result.failures.push_back({node, at, "the mesh's state changed to call for [" + w_text + "], the node wrote [" + g_text + "]",
                                   lines.count(at) != 0 ? lines[at] : std::vector<std::string>{}});
        break;  // the rest of this node's stream would only repeat the difference
      }
      if (take_want) ++want;
      if (got != actual.end() && got->first == at) ++got;
    }
  }
  result.note = std::to_string(events_checked) + " mesh events against " + std::to_string(run.mesh_changes.size()) + " channel changes";
  return result;
}

}  // namespace clustersim::sim
