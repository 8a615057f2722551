#include "sim/cluster/tracker_protocol.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "model/events/event_json.h"

namespace clustersim::sim {
namespace {

void append_time(std::string& out, const ProtocolTime& time) {
  out += ",\"virtual_ns\":";
  out += std::to_string(time.virtual_ns);
  out += ",\"now_ns\":";
  out += std::to_string(time.now_ns);
  out += ",\"wall\":\"";
  model::append_timestamp(out, time.wall);
  out += '"';
}

void append_members(std::string& out, const std::vector<model::ClusterPeer>& members) {
  out += ",\"members\":[";
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i != 0) out += ',';
    out += "{\"id\":";
    model::append_json_string(out, members[i].id);
    out += ",\"addr\":";
    model::append_json_string(out, members[i].addr);
    out += '}';
  }
  out += ']';
}

}  // namespace

std::string_view request_kind_name(TrackerRequest::Kind kind) {
  switch (kind) {
    case TrackerRequest::Kind::hello: return "hello";
    case TrackerRequest::Kind::boot: return "boot";
    case TrackerRequest::Kind::start: return "start";
    case TrackerRequest::Kind::raft_state: return "raft_state";
    case TrackerRequest::Kind::leader: return "leader";
    case TrackerRequest::Kind::members: return "members";
    case TrackerRequest::Kind::wakeup: return "wakeup";
    case TrackerRequest::Kind::crash: return "crash";
    case TrackerRequest::Kind::bye: return "bye";
  }
  return "?";
}

void append_request(std::string& out, const TrackerRequest& request) {
  out += "{\"type\":\"";
  out += request_kind_name(request.kind);
  out += '"';
  using Kind = TrackerRequest::Kind;
  if (request.kind == Kind::hello) {
    out += ",\"protocol\":";
    out += std::to_string(tracker_protocol_version);
    out += ",\"policy\":\"";
    out += model::policy_name(request.policy);
    out += "\",\"stability_window_ns\":";
    out += std::to_string(request.stability_window.count());
    out += ",\"nodes\":[";
    for (std::size_t i = 0; request.nodes != nullptr && i < request.nodes->size(); ++i) {
      if (i != 0) out += ',';
      model::append_json_string(out, (*request.nodes)[i]);
    }
    out += "]}";
    return;
  }
  if (request.kind == Kind::bye) {
    out += '}';
    return;
  }
  out += ",\"node\":";
  model::append_json_string(out, request.node);
  append_time(out, request.time);
  switch (request.kind) {
    case Kind::boot:
      out += ",\"epoch_unix_ns\":";
      out += std::to_string(request.config->clock.epoch_unix_ns);
      out += ",\"utc_offset_minutes\":";
      out += std::to_string(request.config->clock.utc_offset_minutes);
      append_members(out, request.config->members.peers());
      break;
    case Kind::raft_state:
      out += ",\"state\":\"";
      out += model::raft_state_name(request.state);
      out += "\",\"term\":";
      out += std::to_string(request.term);
      break;
    case Kind::leader:
      out += ",\"leader\":";
      model::append_json_string(out, request.leader);
      out += ",\"term\":";
      out += std::to_string(request.term);
      break;
    case Kind::members:
      out += ",\"index\":";
      out += std::to_string(request.index);
      append_members(out, *request.members);
      break;
    default:
      break;
  }
  out += '}';
}

void append_answer(std::string& out, const std::vector<model::ClusterEvent>& events,
                   std::optional<std::chrono::nanoseconds> wakeup) {
  out += "{\"events\":[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i != 0) out += ',';
    model::append_event_json(out, events[i]);
  }
  out += "],\"wakeup_ns\":";
  out += wakeup ? std::to_string(wakeup->count()) : std::string("null");
  out += '}';
}

namespace {

// The end of the JSON object starting at text[0] ('{'): the index just past its '}', or npos
// if it does not close. Strings are skipped whole, escapes included.
std::size_t object_end(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

bool consume(std::string_view& text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix) return false;
  text.remove_prefix(prefix.size());
  return true;
}

// The answer exactly as a conforming tracker writes it (append_answer's form: no blanks, events
// then wakeup_ns), read without building a document: each event goes straight to the event
// reader. False, with `answer` unspecified, for anything else; the general reader then decides
// (and names the problem). Nearly every answer takes this path: it is the protocol's hot loop.
bool parse_canonical_answer(std::string_view text, TrackerAnswer& answer) {
  if (!consume(text, R"({"events":[)")) return false;
  if (!consume(text, "]")) {
    while (true) {
      if (text.empty() || text.front() != '{') return false;
      const std::size_t end = object_end(text);
      if (end == std::string_view::npos) return false;
      model::EventParseResult parsed = model::parse_event_json(text.substr(0, end));
      if (!parsed.ok()) return false;
      answer.events.push_back(std::move(*parsed.event));
      text.remove_prefix(end);
      if (consume(text, "]")) break;
      if (!consume(text, ",")) return false;
    }
  }
  if (!consume(text, R"(,"wakeup_ns":)")) return false;
  if (!consume(text, "null")) {
    std::int64_t wakeup = 0;
    const auto [rest, error] = std::from_chars(text.data(), text.data() + text.size(), wakeup);
    if (error != std::errc() || rest == text.data()) return false;
    text.remove_prefix(static_cast<std::size_t>(rest - text.data()));
    answer.wakeup = std::chrono::nanoseconds(wakeup);
  }
  return text == "}";
}

}  // namespace

std::optional<std::string> parse_answer(std::string_view line, TrackerAnswer& answer) {
  answer.events.clear();
  answer.wakeup.reset();
  answer.error.clear();
  answer.tracker.clear();
  if (parse_canonical_answer(line, answer)) return std::nullopt;
  answer = TrackerAnswer{};
  // ordered_json: an event is dumped again for the event reader with its keys in the order
  // the tracker wrote them, which the reader checks.
  const nlohmann::ordered_json document = nlohmann::ordered_json::parse(line, nullptr, false);
  if (document.is_discarded()) return std::string("not a JSON object (not JSON at all)");
  if (!document.is_object()) return "not a JSON object (a " + std::string(document.type_name()) + ")";
  for (const auto& [key, value] : document.items()) {
    if (key == "events") {
      if (!value.is_array()) return "\"events\" must be an array, got a " + std::string(value.type_name());
      for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string text = value[i].dump();
        model::EventParseResult parsed = model::parse_event_json(text);
        if (!parsed.ok()) {
          return "events[" + std::to_string(i) + "]" + (parsed.key.empty() ? "" : "." + parsed.key) + ": " + parsed.error;
        }
        answer.events.push_back(std::move(*parsed.event));
      }
    } else if (key == "wakeup_ns") {
      if (value.is_null()) continue;
      if (!value.is_number_integer()) return "\"wakeup_ns\" must be an integer (nanoseconds) or null";
      answer.wakeup = std::chrono::nanoseconds(value.get<std::int64_t>());
    } else if (key == "error") {
      if (!value.is_string()) return "\"error\" must be a string";
      answer.error = value.get<std::string>();
    } else if (key == "tracker") {
      if (!value.is_string()) return "\"tracker\" must be a string";
      answer.tracker = value.get<std::string>();
    } else {
      return "unknown key \"" + key + "\" (an answer has events, wakeup_ns, and for a hello tracker or error)";
    }
  }
  return std::nullopt;
}

}  // namespace clustersim::sim
