// parse_event_json: a SAX handler over nlohmann_json that builds a ClusterEvent while it
// checks every key, type and the key order against what OpenZiti writes.
#include <array>
#include <nlohmann/json.hpp>

#include "model/events/event_json.h"
#include "model/events/event_fast_reader.h"

namespace clustersim::model {
namespace {

using json = nlohmann::json;


// Top-level keys. The first four come in one of two shipped orders; the optional three
// follow, in this order, each at most once.
enum class Key : std::uint8_t { ns, source, timestamp, type, index, peers, leader, count };
constexpr std::array<std::string_view, 7> key_names{
    "namespace", "event_src_id", "timestamp", "eventType", "index", "peers", "leaderId"};
constexpr std::array<Key, 4> order_v14{Key::ns, Key::source, Key::timestamp, Key::type};
constexpr std::array<Key, 4> order_v13{Key::ns, Key::type, Key::source, Key::timestamp};

class EventSax : public nlohmann::json_sax<json> {
 public:
  explicit EventSax(EventParseOptions options) : options_(options) {}

  EventParseResult result;

  bool null() override { return scalar("null"); }
  bool boolean(bool) override { return scalar("a boolean"); }
  bool number_integer(number_integer_t value) override {
    if (value >= 0) return number_unsigned(static_cast<number_unsigned_t>(value));
    return scalar("a negative number");
  }
  bool number_unsigned(number_unsigned_t value) override {
    if (skipping()) return true;
    if (depth_ == 1 && key_ == Key::index) {
      if (value == 0) return fail("must be a positive integer");
      event_.index = value;
      return true;
    }
    return scalar("a number");
  }
  bool number_float(number_float_t, const string_t&) override { return scalar("a number"); }
  bool binary(binary_t&) override { return scalar("binary data"); }

  bool string(string_t& value) override {
    if (skipping()) return true;
    if (depth_ == 3) return peer_string(value);
    if (depth_ != 1) return fail_peers("every peers entry must be an object");
    switch (key_) {
      case Key::ns:
        if (value != cluster_namespace) {
          result.other_namespace = value;
          return fail("must be \"cluster\", got \"" + value + "\"");
        }
        return true;
      case Key::source:
        if (value.empty()) return fail("must not be empty");
        event_.source_id = std::move(value);
        return true;
      case Key::timestamp: {
        std::string why;
        const auto parsed = parse_timestamp(value, why);
        if (!parsed) return fail("not an RFC 3339 timestamp (" + why + "): \"" + value + "\"");
        event_.timestamp = *parsed;
        return true;
      }
      case Key::type: {
        const auto type = parse_event_type(value);
        if (!type) return fail("unknown event type \"" + value + "\"");
        event_.type = *type;
        return true;
      }
      case Key::leader:
        if (value.empty()) return fail("must not be empty when present");
        event_.leader_id = std::move(value);
        return true;
      default:
        return scalar("a string");
    }
  }

  // Depth after opening: 1 the event itself, 2 a top-level value, 3 a peers entry, 4 a value
  // inside a peers entry. Deeper containers only occur inside a skipped extra peer value.
  bool start_object(std::size_t) override { return open_container(/*is_array=*/false); }
  bool start_array(std::size_t) override { return open_container(/*is_array=*/true); }

  bool end_object() override {
    if (depth_ == 3 && !skipping() && !peer_has_id_) {
      return fail_peers("every peers entry needs an \"id\"");
    }
    return close_container();
  }
  bool end_array() override {
    if (depth_ == 2) in_peers_ = false;
    return close_container();
  }

  bool key(string_t& name) override {
    if (skipping()) return true;
    if (depth_ == 3) {
      peer_key_known_ = name == "id" || name == "addr" || name == "version";
      peer_key_ = std::move(name);
      return true;
    }
    return top_level_key(name);
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& error) override {
    if (!result.error.empty()) return false;  // our own failure stopped the parse
    result.key.clear();
    std::string what = error.what();
    // nlohmann's messages start with "[json.exception.parse_error.101] parse error at ...".
    if (const auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    result.error = "not valid JSON at byte " + std::to_string(position) + ": " + what;
    return false;
  }

  // After a successful parse: the keys every event must have, and per-type rules.
  void finish() {
    for (Key required : order_v14) {
      if (!seen_[static_cast<std::size_t>(required)]) {
        result.key = key_names[static_cast<std::size_t>(required)];
        result.error = "missing";
        return;
      }
    }
    if (auto problem = detail::event_problem(event_)) {
      result.key = std::move(problem->key);
      result.error = std::move(problem->error);
      return;
    }
    result.event = std::move(event_);
  }

 private:
  bool skipping() const { return skip_depth_ != 0; }

  bool top_level_key(const std::string& name) {
    std::size_t found = key_names.size();
    for (std::size_t i = 0; i < key_names.size(); ++i) {
      if (key_names[i] == name) found = i;
    }
    if (found == key_names.size()) {
      result.key = name;
      result.error = "unknown key";
      return false;
    }
    key_ = static_cast<Key>(found);
    if (seen_[found]) return fail("appears twice");
    seen_[found] = true;
    return check_order();
  }

  // The n-th key must match the n-th key of one of the two shipped orders; after the four
  // required keys, the optional ones may only move forward. With any_key_order a key out of
  // that order is only noted.
  bool check_order() {
    const std::size_t position = keys_seen_++;
    if (!result.openziti_key_order) return true;  // already out of order, and allowed to be
    if (position < 4) {
      if (position == 1) v13_ = key_ == Key::type;
      const auto& order = v13_ ? order_v13 : order_v14;
      if (key_ == order[position]) return true;
      if (options_.any_key_order) return out_of_order();
      return fail("out of order: expected \"" +
                  std::string(key_names[static_cast<std::size_t>(order[position])]) +
                  "\" here (keys go namespace, event_src_id, timestamp, eventType, or "
                  "namespace, eventType, event_src_id, timestamp as in v1.3)");
    }
    if (key_ < Key::index || key_ <= last_optional_) {
      if (options_.any_key_order) return out_of_order();
      if (key_ < Key::index) return fail("out of order: the four required keys come first");
      return fail("out of order: index, peers, leaderId go in that order");
    }
    last_optional_ = key_;
    return true;
  }

  bool out_of_order() {
    result.openziti_key_order = false;
    return true;
  }

  bool peer_string(std::string& value) {
    ClusterPeer& peer = event_.peers.back();
    if (peer_key_ == "id") {
      if (value.empty()) return fail_peers("a peer id must not be empty");
      peer.id = std::move(value);
      peer_has_id_ = true;
    } else if (peer_key_ == "addr") {
      peer.addr = std::move(value);
    } else if (peer_key_ == "version") {
      peer.version = std::move(value);
    }
    return true;
  }

  bool scalar(const char* what) {
    if (skipping()) return true;
    if (depth_ == 3 && !peer_key_known_) return true;  // extra peer keys may hold anything
    if (depth_ == 3) return fail_peers("\"" + peer_key_ + "\" must be a string, got " + what);
    if (depth_ == 2) return fail_peers("every peers entry must be an object");
    return fail(std::string("has the wrong type: got ") + what);
  }

  bool open_container(bool is_array) {
    ++depth_;
    if (skipping() || depth_ == 1) return true;
    if (depth_ == 2) {
      if (is_array && key_ == Key::peers) {
        in_peers_ = true;
        return true;
      }
      return fail(std::string("has the wrong type: got ") + (is_array ? "an array" : "an object"));
    }
    if (depth_ == 3) {
      if (is_array) return fail_peers("every peers entry must be an object");
      event_.peers.emplace_back();
      peer_has_id_ = false;
      return true;
    }
    if (peer_key_known_) return fail_peers("\"" + peer_key_ + "\" must be a string");
    skip_depth_ = depth_;  // an extra key's value, such as apiAddresses: skipped whole
    return true;
  }

  bool close_container() {
    if (skip_depth_ == depth_) skip_depth_ = 0;
    --depth_;
    return true;
  }

  bool fail(std::string why) {
    result.key = key_names[static_cast<std::size_t>(key_)];
    result.error = std::move(why);
    return false;
  }
  bool fail_peers(std::string why) {
    key_ = Key::peers;
    return fail(std::move(why));
  }

  EventParseOptions options_;
  ClusterEvent event_;
  std::array<bool, key_names.size()> seen_{};
  std::size_t keys_seen_ = 0;
  bool v13_ = false;
  Key key_ = Key::ns;
  Key last_optional_ = Key::type;
  std::size_t depth_ = 0;
  std::size_t skip_depth_ = 0;  // depth of the extra peer value being skipped, 0 if none
  bool in_peers_ = false;
  std::string peer_key_;
  bool peer_key_known_ = false;
  bool peer_has_id_ = false;
};

}  // namespace

namespace detail {

std::optional<EventProblem> event_problem(const ClusterEvent& event) {
  if (event.index != 0 && event.type != ClusterEventType::members_changed) {
    return EventProblem{"index", "only members.changed events carry an index"};
  }
  if (event.type == ClusterEventType::state_has_leader && event.leader_id.empty()) {
    return EventProblem{"leaderId", "missing: state.has_leader must name the leader"};
  }
  if (event.type == ClusterEventType::state_is_leaderless && !event.leader_id.empty()) {
    return EventProblem{"leaderId", "state.is_leaderless must not name a leader"};
  }
  if (event.type != ClusterEventType::state_has_leader && !event.leader_id.empty()) {
    return EventProblem{"leaderId", "only state.has_leader carries a leaderId, not " + std::string(event_type_name(event.type))};
  }
  if (!event.peers.empty() && !carries_peers(event.type)) {
    return EventProblem{"peers", "only leadership.gained, members.changed and peer.* events carry peers, not " +
                                     std::string(event_type_name(event.type))};
  }
  return std::nullopt;
}

}  // namespace detail

EventParseResult parse_event_json(std::string_view line, EventParseOptions options) {
  EventSax sax(options);
  // A log that went through an editor or a shipper may carry a UTF-8 byte order mark on its
  // first line and spaces or a carriage return around a line: they are not part of the event.
  if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
  const auto first = line.find_first_not_of(" \t\r");
  line = first == std::string_view::npos ? std::string_view() : line.substr(first);
  line = line.substr(0, line.find_last_not_of(" \t\r") + 1);
  if (line.empty() || line.front() != '{') {
    sax.result.error = line.empty() ? "an empty line, not a JSON object"
                                    : "not a JSON object (it starts with '" + std::string(1, line.front()) + "')";
    return std::move(sax.result);
  }
  if (!options.general_reader_only) {
    if (std::optional<EventParseResult> fast = detail::parse_event_json_fast(line, options)) return std::move(*fast);
  }
  if (json::sax_parse(line, &sax, json::input_format_t::json, /*strict=*/true)) sax.finish();
  return std::move(sax.result);
}

}  // namespace clustersim::model
