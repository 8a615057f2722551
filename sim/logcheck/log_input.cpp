#include "sim/logcheck/log_input.h"

#include <cstring>

#include "model/events/event_json.h"
#include "sim/logcheck/spelling.h"

namespace clustersim::sim::logcheck {
namespace {

constexpr std::size_t chunk_bytes = 256 * 1024;

// What a misspelt event type was probably meant to be, for the message.
std::string type_suggestion(const std::string& error) {
  static const std::string prefix = "unknown event type \"";
  if (error.rfind(prefix, 0) != 0) return "";
  const std::string name = error.substr(prefix.size(), error.size() - prefix.size() - 1);
  std::vector<std::string_view> names;
  for (std::size_t t = 0; t < model::cluster_event_type_count; ++t) {
    names.push_back(model::event_type_name(static_cast<model::ClusterEventType>(t)));
  }
  const auto meant = closest(name, names, 3);
  return meant ? " (did you mean \"" + *meant + "\"?)" : "";
}

}  // namespace

LogInput::LogInput(std::istream& in, std::uint32_t file, const LogLimits& limits, bool strict)
    : in_(in), file_(file), limits_(limits), strict_(strict), buffer_(chunk_bytes) {}

bool LogInput::next_line() {
  for (;;) {
    if (begin_ == end_) {
      if (last_line_pending_) {
        last_line_pending_ = false;
        truncated_ = truncated_ || line_.size() > limits_.line_bytes;
        return true;
      }
      in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
      begin_ = 0;
      end_ = static_cast<std::size_t>(in_.gcount());
      if (end_ == 0) return false;
    }
    const char* start = buffer_.data() + begin_;
    const void* newline = std::memchr(start, '\n', end_ - begin_);
    const std::size_t length = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - start) : end_ - begin_;
    // Keep at most line_bytes + 1 of a line: enough to know it is too long.
    const std::size_t room = limits_.line_bytes + 1 - std::min(line_.size(), limits_.line_bytes + 1);
    line_.append(start, std::min(length, room));
    truncated_ = truncated_ || length > room;
    begin_ += length;
    if (newline == nullptr) continue;
    ++begin_;
    truncated_ = truncated_ || line_.size() > limits_.line_bytes;
    return true;
  }
}

void LogInput::resume() {
  if (!in_.bad()) in_.clear();
}

void LogInput::finish_last_line() {
  if (!line_.empty() || truncated_) last_line_pending_ = true;
  ended_ = true;
}

// A pretty-printed object (`jq -S .`): a line "{" alone opens it, a line "}" alone closes it.
bool LogInput::gather_pretty(Findings& findings, ReadCounts& counts) {
  std::string_view text(line_);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  if (pretty_.empty()) {
    if (text != "{" || truncated_) return false;
    pretty_ = "{";
    pretty_line_ = number_;
    return true;
  }
  pretty_ += '\n';
  pretty_.append(text);
  if (pretty_.size() > limits_.line_bytes || truncated_) {
    ++counts.lines;
    findings.violation(file_, pretty_line_, "format",
                       "an object over several lines longer than " + std::to_string(limits_.line_bytes) + " bytes: not an event");
    pretty_.clear();
    skipping_pretty_ = true;  // up to its closing line
    return true;
  }
  if (text == "}") {
    line_ = std::move(pretty_);
    pretty_.clear();
    at_ = pretty_line_;
    return false;  // a whole object: read it as a line
  }
  return true;
}

std::optional<LogEvent> LogInput::next(IdTable& ids, Findings& findings, ReadCounts& counts) {
  while (!too_many_ids_ && next_line()) {
    ++number_;
    at_ = number_;
    counts.bytes += line_.size() + 1;
    if (skipping_pretty_) {
      skipping_pretty_ = line_ != "}" && line_ != "}\r";
      line_.clear();
      truncated_ = false;
      continue;
    }
    if (gather_pretty(findings, counts)) {
      line_.clear();
      truncated_ = false;
      continue;
    }
    std::optional<LogEvent> event = event_of_line(ids, findings, counts);
    line_.clear();
    truncated_ = false;
    if (event) return event;
  }
  if (ended_ && !pretty_.empty()) {
    ++counts.lines;
    findings.violation(file_, pretty_line_, "format", "an object over several lines that never closes (a line \"}\" alone)");
    pretty_.clear();
  }
  return std::nullopt;
}

bool LogInput::misspelt_cluster(const std::string& name) {
  // A log holds a handful of namespaces, each on many lines: each is judged once.
  if (const auto known = namespaces_.find(name); known != namespaces_.end()) return known->second;
  const bool misspelt = edit_distance(name, model::cluster_namespace, 2) <= 2;
  if (namespaces_.size() < namespaces_kept) namespaces_.emplace(name, misspelt);
  return misspelt;
}

std::optional<LogEvent> LogInput::event_of_line(IdTable& ids, Findings& findings, ReadCounts& counts) {
  if (line_.find_first_not_of(" \t\r") == std::string::npos && !truncated_) return std::nullopt;
  ++counts.lines;
  if (truncated_) {
    findings.violation(file_, at_, "format", "a line longer than " + std::to_string(limits_.line_bytes) + " bytes: not an event");
    return std::nullopt;
  }
  model::EventParseResult parsed = model::parse_event_json(line_, {.any_key_order = true});
  if (parsed.other_namespace) {
    if (misspelt_cluster(*parsed.other_namespace)) {
      findings.violation(file_, at_, "namespace",
                         "namespace \"" + *parsed.other_namespace + "\": a misspelling of \"cluster\"? (not skipped as another namespace's event)");
    } else {
      ++counts.foreign;  // another namespace's event: controllers write them all to one file
    }
    return std::nullopt;
  }
  if (!parsed.ok()) {
    findings.violation(file_, at_, "format",
                       (parsed.key.empty() ? "" : parsed.key + ": ") + parsed.error + type_suggestion(parsed.error));
    return std::nullopt;
  }
  if (!parsed.openziti_key_order) {
    if (strict_) {
      findings.violation(file_, at_, "key_order", "keys not in the order OpenZiti writes them (namespace, event_src_id, timestamp, eventType, index, peers, leaderId)");
    } else if (other_order_lines_ == 0) {
      findings.note(file_, at_, "key_order",
                    "keys not in the order OpenZiti writes them (from here on; a log shipper that sorts keys?): accepted, --strict requires OpenZiti's order");
    }
    ++other_order_lines_;
  }
  const model::ClusterEvent& event = *parsed.event;
  const auto too_long = [&](const std::string& id) { return id.size() > limits_.id_bytes; };
  bool long_id = too_long(event.source_id) || too_long(event.leader_id);
  for (const model::ClusterPeer& peer : event.peers) long_id = long_id || too_long(peer.id);
  if (long_id) {
    findings.violation(file_, at_, "format", "an id longer than " + std::to_string(limits_.id_bytes) + " bytes: not a controller's");
    return std::nullopt;
  }
  const auto intern = [&](const std::string& id) {
    const Id found = ids.find(id);
    if (found != no_id) return found;
    if (ids.size() >= limits_.controllers) {
      too_many_ids_ = true;
      return no_id;
    }
    return ids.intern(id);
  };
  using Type = model::ClusterEventType;
  const bool peer_event = event.type == Type::peer_connected || event.type == Type::peer_disconnected ||
                          event.type == Type::peer_not_member;
  if (peer_event && event.peers.size() != 1) {
    findings.violation(file_, at_, "format",
                       event.source_id + ": " + std::string(model::event_type_name(event.type)) + " lists " +
                           std::to_string(event.peers.size()) + " peers; OpenZiti lists the one peer it is about");
    return std::nullopt;
  }
  LogEvent out;
  out.unix_ns = event.timestamp.unix_ns;
  out.file = file_;
  out.line = at_;
  out.type = event.type;
  out.source = intern(event.source_id);
  out.index = event.index;
  if (event.type == Type::state_has_leader) out.subject = intern(event.leader_id);
  if (peer_event) out.subject = intern(event.peers.front().id);
  if (event.type == Type::members_changed || event.type == Type::leadership_gained) {
    for (const model::ClusterPeer& peer : event.peers) out.members.push_back(intern(peer.id));
  }
  if (too_many_ids_) return std::nullopt;
  ++counts.events;
  return out;
}

}  // namespace clustersim::sim::logcheck
