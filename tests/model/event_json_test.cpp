// The JSON line form: exactly OpenZiti's bytes, identical to nlohmann_json's own output, and
// read back exactly.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <nlohmann/json.hpp>

#include "model/events/event_json.h"

namespace clustersim::model {
namespace {

ClusterEvent has_leader_event() {
  ClusterEvent event;
  event.type = ClusterEventType::state_has_leader;
  event.source_id = "ctrl2";
  event.timestamp = Timestamp{1'736'535'288'151'522'421, -300};
  event.leader_id = "ctrl1";
  return event;
}

TEST(EventJson, writes_the_openziti_line_with_keys_in_order) {
  EXPECT_EQ(event_to_json(has_leader_event()),
            R"({"namespace":"cluster","event_src_id":"ctrl2",)"
            R"("timestamp":"2025-01-10T13:54:48.151522421-05:00",)"
            R"("eventType":"state.has_leader","leaderId":"ctrl1"})");
}

TEST(EventJson, omits_empty_fields_and_writes_index_and_peers_when_present) {
  ClusterEvent leaderless = has_leader_event();
  leaderless.type = ClusterEventType::state_is_leaderless;
  leaderless.leader_id.clear();
  EXPECT_EQ(event_to_json(leaderless).find("leaderId"), std::string::npos);
  EXPECT_EQ(event_to_json(leaderless).find("peers"), std::string::npos);
  ClusterEvent members = leaderless;
  members.type = ClusterEventType::members_changed;
  members.index = 42;
  members.peers = {{"ctrl1", "tls:ctrl1:6262"}, {"ctrl2", "tls:ctrl2:6262"}};
  EXPECT_NE(event_to_json(members).find(
                R"("eventType":"members.changed","index":42,"peers":[{"id":"ctrl1",)"
                R"("addr":"tls:ctrl1:6262"},{"id":"ctrl2","addr":"tls:ctrl2:6262"}]})"),
            std::string::npos);
}

// Strings with the characters that need escaping, plus some multi-byte UTF-8.
rc::Gen<std::string> tricky_string() {
  return rc::gen::container<std::string>(rc::gen::element<char>(
      'a', 'Z', '7', '"', '\\', '\n', '\t', '\x01', '\x1f', '/', ' ', '\xc3', '\xa9'));
}

// Only valid UTF-8 goes through nlohmann; drop a lone lead or continuation byte.
std::string valid_utf8(std::string text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\xc3' && i + 1 < text.size() && text[i + 1] == '\xa9') {
      out += "\xc3\xa9";
      ++i;
    } else if (text[i] != '\xc3' && text[i] != '\xa9') {
      out.push_back(text[i]);
    }
  }
  return out;
}

ClusterEvent random_event() {
  ClusterEvent event;
  event.type = static_cast<ClusterEventType>(*rc::gen::inRange<int>(0, 10));
  event.source_id = "ctrl" + valid_utf8(*tricky_string());
  event.timestamp = Timestamp{*rc::gen::inRange<std::int64_t>(0, 4'102'444'800'000'000'000),
                              *rc::gen::inRange<std::int32_t>(-720, 841)};
  if (event.type == ClusterEventType::members_changed) {
    event.index = *rc::gen::inRange<std::uint64_t>(0, 1'000'000);
  }
  const auto peer_count = carries_peers(event.type) ? *rc::gen::inRange<std::size_t>(0, 4) : 0;
  for (std::size_t i = 0; i < peer_count; ++i) {
    ClusterPeer peer{"p" + valid_utf8(*tricky_string()), valid_utf8(*tricky_string()), {}, {}};
    if (*rc::gen::arbitrary<bool>()) peer.version = "v" + valid_utf8(*tricky_string());
    const auto addresses = *rc::gen::inRange<std::size_t>(0, 4);
    for (std::size_t a = 0; a < addresses; ++a) {  // bindings may repeat: they are grouped
      peer.api_addresses.push_back({*rc::gen::element<std::string>("edge-client", "fabric", "x\"y"),
                                    valid_utf8(*tricky_string()), valid_utf8(*tricky_string())});
    }
    event.peers.push_back(peer);
  }
  if (event.type == ClusterEventType::state_has_leader) {
    event.leader_id = "L" + valid_utf8(*tricky_string());
  }
  return event;
}

RC_GTEST_PROP(EventJson, is_byte_identical_to_nlohmann_ordered_json, ()) {
  const ClusterEvent event = random_event();
  nlohmann::ordered_json reference;
  reference["namespace"] = "cluster";
  reference["event_src_id"] = event.source_id;
  reference["timestamp"] = format_timestamp(event.timestamp);
  reference["eventType"] = std::string(event_type_name(event.type));
  if (event.index != 0) reference["index"] = event.index;
  if (!event.peers.empty()) {
    reference["peers"] = nlohmann::ordered_json::array();
    for (const ClusterPeer& peer : event.peers) {
      nlohmann::ordered_json entry{{"id", peer.id}, {"addr", peer.addr}};
      if (!peer.version.empty()) entry["version"] = peer.version;
      for (const ApiAddress& address : peer.api_addresses) {
        entry["apiAddresses"][address.binding].push_back({{"url", address.url}, {"version", address.version}});
      }
      reference["peers"].push_back(entry);
    }
  }
  if (!event.leader_id.empty()) reference["leaderId"] = event.leader_id;
  RC_ASSERT(event_to_json(event) == reference.dump());
}

// Everything but the peers' API addresses, which the reader skips (see ClusterPeer).
RC_GTEST_PROP(EventJson, parses_back_to_the_same_event, ()) {
  ClusterEvent event = random_event();
  const EventParseResult parsed = parse_event_json(event_to_json(event));
  RC_ASSERT(parsed.ok());
  for (ClusterPeer& peer : event.peers) peer.api_addresses.clear();
  RC_ASSERT(*parsed.event == event);
}

// The fast reader of the common form and the general reader give the same result: on every
// event as written, and with its keys sorted as a shipper such as `jq -S` sorts them
// (nlohmann::json's dump sorts keys too), in both key-order modes.
RC_GTEST_PROP(EventJson, the_fast_and_the_general_reader_agree, ()) {
  const std::string written = event_to_json(random_event());
  const std::string sorted = nlohmann::json::parse(written).dump();
  for (const std::string& line : {written, sorted}) {
    for (bool any_order : {false, true}) {
      const EventParseResult fast = parse_event_json(line, {.any_key_order = any_order});
      const EventParseResult general = parse_event_json(line, {.any_key_order = any_order, .general_reader_only = true});
      RC_ASSERT(fast.ok() == general.ok());
      RC_ASSERT(fast.error == general.error);
      RC_ASSERT(fast.openziti_key_order == general.openziti_key_order);
      if (fast.ok()) RC_ASSERT(*fast.event == *general.event);
    }
  }
}

}  // namespace
}  // namespace clustersim::model
