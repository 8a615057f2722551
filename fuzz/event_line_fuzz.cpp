// Target: the event-line reader (its fast and general readers alike) and the streaming log check. Any line either is a cluster
// event or an error naming what is wrong; an event written back reads as the same event; any
// bytes as a whole log end in a verdict (exit 0, 1 or 2), never more.
#include <sstream>

#include "fuzz/fuzz_target.h"
#include "model/events/event_json.h"
#include "sim/logcheck/log_check.h"

using namespace clustersim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const std::string_view first_line = text.substr(0, text.find('\n'));
  const model::EventParseResult parsed = model::parse_event_json(first_line);
  // The fast reader of the common form and the general reader agree on every line, in both
  // key-order modes.
  for (bool any_order : {false, true}) {
    const model::EventParseResult fast = model::parse_event_json(first_line, {.any_key_order = any_order});
    const model::EventParseResult general =
        model::parse_event_json(first_line, {.any_key_order = any_order, .general_reader_only = true});
    if (fast.ok() != general.ok() || (fast.ok() && !(*fast.event == *general.event)) ||
        fast.openziti_key_order != general.openziti_key_order || fast.error != general.error ||
        fast.other_namespace != general.other_namespace) {
      fuzz::broken("the fast and the general event reader disagree");
    }
  }
  if (parsed.ok()) {
    const std::string written = model::event_to_json(*parsed.event);
    const model::EventParseResult again = model::parse_event_json(written);
    if (!again.ok() || model::event_to_json(*again.event) != written) fuzz::broken("a written event reads back differently");
  } else if (parsed.error.empty()) {
    fuzz::broken("a refused line without a reason");
  }
  std::istringstream log{std::string(text)};
  std::ostringstream out, err;
  sim::logcheck::CheckOptions options;
  options.limits.controllers = 4;  // small limits, so the fuzzer reaches them
  options.limits.reorder_events = 3;
  options.limits.line_bytes = 512;
  options.kept = 3;
  // Every analysis on: the what-ifs too.
  options.window = std::chrono::seconds(1);
  options.alerts.leaderless_after = std::chrono::seconds(2);
  options.alerts.peer_flap = sim::logcheck::CountRule{2, std::chrono::seconds(10)};
  options.alerts.churn = sim::logcheck::CountRule{2, std::chrono::seconds(10)};
  const sim::logcheck::CheckOutcome outcome = sim::logcheck::check_logs({{"fuzz.jsonl", &log}}, options, out, err);
  if (outcome.exit_code < 0 || outcome.exit_code > 2) fuzz::broken("a check exit code outside 0..2");
  return 0;
}
