#include "model/events/event_json.h"

#include <array>
#include <nlohmann/json.hpp>

namespace clustersim::model {

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out.push_back(hex[(c >> 4) & 0xf]);
          out.push_back(hex[c & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

namespace {

void append_key(std::string& out, std::string_view key) {
  out.push_back('"');
  out.append(key);
  out += "\":";
}

// A peer's version and API addresses, as OpenZiti's ClusterPeer has them: "version" when
// known, "apiAddresses" as an object of binding -> [{url, version}] (bindings in the order
// listed, each once).
void append_peer_details(std::string& out, const ClusterPeer& peer) {
  if (!peer.version.empty()) {
    out += ",\"version\":";
    append_json_string(out, peer.version);
  }
  if (peer.api_addresses.empty()) return;
  out += ",\"apiAddresses\":{";
  for (std::size_t i = 0; i < peer.api_addresses.size(); ++i) {
    const std::string& binding = peer.api_addresses[i].binding;
    bool seen = false;
    for (std::size_t j = 0; j < i; ++j) seen = seen || peer.api_addresses[j].binding == binding;
    if (seen) continue;
    if (i != 0) out.push_back(',');
    append_json_string(out, binding);
    out += ":[";
    bool first = true;
    for (const ApiAddress& address : peer.api_addresses) {
      if (address.binding != binding) continue;
      if (!first) out.push_back(',');
      first = false;
      out += "{\"url\":";
      append_json_string(out, address.url);
      out += ",\"version\":";
      append_json_string(out, address.version);
      out.push_back('}');
    }
    out.push_back(']');
  }
  out.push_back('}');
}

}  // namespace

void append_event_json(std::string& out, const ClusterEvent& event) {
  out += "{\"namespace\":\"cluster\",";
  append_key(out, "event_src_id");
  append_json_string(out, event.source_id);
  out += ",\"timestamp\":\"";
  append_timestamp(out, event.timestamp);
  out += "\",";
  append_key(out, "eventType");
  append_json_string(out, event_type_name(event.type));
  if (event.index != 0) {
    out += ",\"index\":";
    out += std::to_string(event.index);
  }
  if (!event.peers.empty()) {
    out += ",\"peers\":[";
    for (std::size_t i = 0; i < event.peers.size(); ++i) {
      if (i != 0) out.push_back(',');
      out += "{\"id\":";
      append_json_string(out, event.peers[i].id);
      out += ",\"addr\":";
      append_json_string(out, event.peers[i].addr);
      append_peer_details(out, event.peers[i]);
      out.push_back('}');
    }
    out.push_back(']');
  }
  if (!event.leader_id.empty()) {
    out += ",\"leaderId\":";
    append_json_string(out, event.leader_id);
  }
  out.push_back('}');
}

std::string event_to_json(const ClusterEvent& event) {
  std::string out;
  out.reserve(160);
  append_event_json(out, event);
  return out;
}

}  // namespace clustersim::model
