// The fast reader of an event line's common form. It reads only what it is sure of, exactly as
// the general reader would: any byte it is not sure of (an escape, a non-ASCII byte, a
// fraction, an unknown key, a problem of any kind) gives the line to the general reader, which
// decides it and names the problem. The fuzzer holds the two to the same results.
#include "model/events/event_fast_reader.h"

#include <array>
#include <cstdint>

#include "model/events/timestamp.h"

namespace clustersim::model::detail {
namespace {

// Top-level keys, in the order OpenZiti v1.4+ writes them.
enum class Key : std::uint8_t { ns, source, timestamp, type, index, peers, leader, none };

class Scanner {
 public:
  explicit Scanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool at_end() {
    skip_space();
    return p_ == end_;
  }
  bool take(char c) {
    skip_space();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  bool peek(char c) {
    skip_space();
    return p_ != end_ && *p_ == c;
  }
  // A string of printable ASCII without escapes.
  bool string(std::string_view& out) {
    if (!take('"')) return false;
    const char* start = p_;
    while (p_ != end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out = std::string_view(start, static_cast<std::size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20 || c >= 0x80) return false;
      ++p_;
    }
    return false;
  }
  // A whole number without a sign or leading zeros, below 10^19.
  bool whole_number(std::uint64_t& out) {
    skip_space();
    const char* start = p_;
    out = 0;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') out = out * 10 + static_cast<std::uint64_t>(*p_++ - '0');
    const auto digits = p_ - start;
    if (digits == 0 || digits > 18 || (digits > 1 && *start == '0')) return false;
    return p_ == end_ || (*p_ != '.' && *p_ != 'e' && *p_ != 'E');
  }
  // Any JSON value of the forms above (and literals), nested at most a few levels.
  bool skip_value(int depth = 0) {
    if (depth > 8) return false;
    std::string_view ignored;
    std::uint64_t number = 0;
    if (peek('"')) return string(ignored);
    if (take('{')) {
      if (take('}')) return true;
      do {
        if (!string(ignored) || !take(':') || !skip_value(depth + 1)) return false;
      } while (take(','));
      return take('}');
    }
    if (take('[')) {
      if (take(']')) return true;
      do {
        if (!skip_value(depth + 1)) return false;
      } while (take(','));
      return take(']');
    }
    for (std::string_view literal : {std::string_view("null"), std::string_view("true"), std::string_view("false")}) {
      if (static_cast<std::size_t>(end_ - p_) >= literal.size() && std::string_view(p_, literal.size()) == literal) {
        p_ += literal.size();
        return true;
      }
    }
    return whole_number(number);
  }

 private:
  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  const char* p_;
  const char* end_;
};

Key key_of(std::string_view name) {
  static constexpr std::array<std::string_view, 7> names{"namespace", "event_src_id", "timestamp", "eventType",
                                                         "index",     "peers",        "leaderId"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Key>(i);
  }
  return Key::none;
}

// Whether keys came in one of OpenZiti's orders: the four required ones as v1.4+ or v1.3
// write them, then the optional ones in their order.
bool openziti_order(const std::array<Key, 7>& keys, std::size_t count) {
  static constexpr std::array<Key, 4> v14{Key::ns, Key::source, Key::timestamp, Key::type};
  static constexpr std::array<Key, 4> v13{Key::ns, Key::type, Key::source, Key::timestamp};
  if (count < 4) return false;
  const bool is_v14 = std::equal(v14.begin(), v14.end(), keys.begin());
  const bool is_v13 = std::equal(v13.begin(), v13.end(), keys.begin());
  if (!is_v14 && !is_v13) return false;
  for (std::size_t i = 5; i < count; ++i) {
    if (keys[i] <= keys[i - 1]) return false;
  }
  return true;
}

bool read_peer(Scanner& in, ClusterPeer& peer) {
  if (!in.take('{')) return false;
  bool has_id = false;
  if (in.take('}')) return false;  // "needs an id": the general reader says so
  do {
    std::string_view name, value;
    if (!in.string(name) || !in.take(':')) return false;
    if (name == "id" || name == "addr" || name == "version") {
      if (!in.string(value)) return false;
      if (name == "id") {
        if (value.empty()) return false;
        peer.id.assign(value);
        has_id = true;
      } else if (name == "addr") {
        peer.addr.assign(value);
      } else {
        peer.version.assign(value);
      }
    } else if (!in.skip_value()) {
      return false;
    }
  } while (in.take(','));
  return in.take('}') && has_id;
}

}  // namespace

std::optional<EventParseResult> parse_event_json_fast(std::string_view line, const EventParseOptions& options) {
  Scanner in(line);
  if (!in.take('{')) return std::nullopt;
  ClusterEvent event;
  std::array<Key, 7> keys{};
  std::size_t count = 0;
  std::array<bool, 7> seen{};
  std::string_view ns, timestamp, type;
  if (in.take('}')) return std::nullopt;
  do {
    std::string_view name;
    if (!in.string(name) || !in.take(':')) return std::nullopt;
    const Key key = key_of(name);
    if (key == Key::none || seen[static_cast<std::size_t>(key)]) return std::nullopt;
    seen[static_cast<std::size_t>(key)] = true;
    keys[count++] = key;
    std::string_view text;
    switch (key) {
      case Key::ns:
        if (!in.string(ns)) return std::nullopt;
        if (count == 1 && ns != cluster_namespace) {
          // Another namespace's event, as most lines of a controller's events file are: the
          // general reader stops at this first key with this result, whatever follows.
          EventParseResult foreign;
          foreign.key = "namespace";
          foreign.error = "must be \"cluster\", got \"" + std::string(ns) + "\"";
          foreign.other_namespace = std::string(ns);
          return foreign;
        }
        break;
      case Key::source:
        if (!in.string(text) || text.empty()) return std::nullopt;
        event.source_id.assign(text);
        break;
      case Key::timestamp:
        if (!in.string(timestamp)) return std::nullopt;
        break;
      case Key::type:
        if (!in.string(type)) return std::nullopt;
        break;
      case Key::index:
        if (!in.whole_number(event.index) || event.index == 0) return std::nullopt;
        break;
      case Key::leader:
        if (!in.string(text) || text.empty()) return std::nullopt;
        event.leader_id.assign(text);
        break;
      case Key::peers:
        if (!in.take('[')) return std::nullopt;
        if (!in.take(']')) {
          do {
            if (!read_peer(in, event.peers.emplace_back())) return std::nullopt;
          } while (in.take(','));
          if (!in.take(']')) return std::nullopt;
        }
        break;
      case Key::none:
        return std::nullopt;
    }
  } while (in.take(','));
  if (!in.take('}') || !in.at_end()) return std::nullopt;
  for (std::size_t required = 0; required < 4; ++required) {
    if (!seen[required]) return std::nullopt;
  }
  if (ns != cluster_namespace) return std::nullopt;
  const auto parsed_type = parse_event_type(type);
  if (!parsed_type) return std::nullopt;
  event.type = *parsed_type;
  std::string why;
  const auto parsed_time = parse_timestamp(timestamp, why);
  if (!parsed_time) return std::nullopt;
  event.timestamp = *parsed_time;
  const bool ordered = openziti_order(keys, count);
  if (!ordered && !options.any_key_order) return std::nullopt;
  if (event_problem(event)) return std::nullopt;
  EventParseResult result;
  result.openziti_key_order = ordered;
  result.event = std::move(event);
  return result;
}

}  // namespace clustersim::model::detail
