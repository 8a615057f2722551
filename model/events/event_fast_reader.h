// Inside the event reader (event_json.h): the rules every reader of an event line applies
// after the JSON is read, and the fast reader of the common form. Not part of the API.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/events/event_json.h"

namespace clustersim::model::detail {

struct EventProblem {
  std::string key;
  std::string error;
};

// What breaks the per-type rules (which types carry index, leaderId, peers), or nothing.
std::optional<EventProblem> event_problem(const ClusterEvent& event);

// The result for a line in the common form: one object of the known keys, ASCII strings
// without escapes, whole numbers, peers entries whose extra keys hold any such JSON; valid and
// a cluster event. And for a line whose first key is another namespace (the general reader
// stops there). Nothing for any other line, valid or not: the general reader decides it.
// `line` is trimmed and starts with '{'.
std::optional<EventParseResult> parse_event_json_fast(std::string_view line, const EventParseOptions& options);

}  // namespace clustersim::model::detail
