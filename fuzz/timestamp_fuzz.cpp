// Target: the RFC 3339 timestamp reader. Any text either is a representable timestamp, which
// formats and reads back to the same instant and offset, or is refused with a reason.
#include "fuzz/fuzz_target.h"
#include "model/events/timestamp.h"

using namespace clustersim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string error;
  const auto parsed = model::parse_timestamp(fuzz::as_text(data, size), error);
  if (!parsed) {
    if (error.empty()) fuzz::broken("a refused timestamp without a reason");
    return 0;
  }
  if (!model::representable(*parsed)) fuzz::broken("an accepted timestamp that is not representable");
  const std::string written = model::format_timestamp(*parsed);
  const auto again = model::parse_timestamp(written, error);
  if (!again || again->unix_ns != parsed->unix_ns || again->utc_offset_minutes != parsed->utc_offset_minutes) {
    fuzz::broken("a formatted timestamp reads back differently");
  }
  return 0;
}
