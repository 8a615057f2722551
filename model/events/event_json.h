// The JSON line form of a ClusterEvent, exactly as OpenZiti's file event handler writes it,
// and the strict reader the `check` command uses on real controllers' logs.
//
// Writing: one compact object, keys in the order namespace, event_src_id, timestamp,
// eventType, index, peers, leaderId, the last three omitted when empty; strings escaped as
// nlohmann_json's dump() escapes them (a property test holds the two byte-identical).
//
// Reading: a fast reader takes the common form (ASCII strings without escapes, whole
// numbers) and leaves anything else, valid or not, to nlohmann_json's SAX parser, which
// decides it and names the problem; neither builds a document tree per line. Both key
// orders OpenZiti has shipped are accepted (v1.3: namespace, eventType, event_src_id,
// timestamp; v1.4+: as written above), and peers entries may carry extra keys (version,
// apiAddresses, isPreferredLeader, ...). Anything else is an error naming the key and the
// problem. A log that went through a shipper that sorts keys (`jq -S`, many SIEM forwarders)
// has them in another order: EventParseOptions::any_key_order accepts that, and the result
// says whether the order was OpenZiti's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/events/cluster_event.h"

namespace clustersim::model {

// Appends the event's JSON object (no newline) to `out`.
void append_event_json(std::string& out, const ClusterEvent& event);
std::string event_to_json(const ClusterEvent& event);

// Appends `text` as a JSON string with the escaping nlohmann_json's dump() uses (ensure_ascii
// off): the short escapes for the usual control characters, \u00xx in lower-case hex for the
// rest below 0x20.
void append_json_string(std::string& out, std::string_view text);

struct EventParseOptions {
  // Keys in any order (each still at most once); false: one of OpenZiti's two orders.
  bool any_key_order = false;
  // Only the general reader (nlohmann_json's SAX parser), not the fast one for the common
  // form: for the tests and the fuzzer that hold the two to the same results.
  bool general_reader_only = false;
};

struct EventParseResult {
  std::optional<ClusterEvent> event;  // set when the line is a valid cluster event
  std::string key;                    // the key the problem is at ("" for the whole line)
  std::string error;                  // what is wrong, for a person
  // The line's "namespace" when it is a string other than "cluster" (another namespace's
  // event, or a misspelt one): the caller decides which.
  std::optional<std::string> other_namespace;
  // The keys came in one of OpenZiti's orders (always true when `event` is set without
  // any_key_order).
  bool openziti_key_order = true;

  bool ok() const { return event.has_value(); }
};

// Parses one line (without its newline).
EventParseResult parse_event_json(std::string_view line, EventParseOptions options = {});

}  // namespace clustersim::model
