#include "sim/cli/trace_file.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "model/events/event_json.h"
#include "sim/cli/output_file.h"
#include "sim/cli/trace_records.h"

#ifndef CLUSTERSIM_VERSION
#define CLUSTERSIM_VERSION "dev"
#endif

namespace clustersim::sim {

std::string build_id() {
  std::string id = std::string("clustersim ") + CLUSTERSIM_VERSION + " gcc " + __VERSION__;
#ifdef NDEBUG
  id += " optimized";
#endif
  return id;
}

std::vector<std::string> trace_body_lines(const RunResult& run) {
  std::vector<std::string> lines;
  for (TraceRecord& record : trace_records(run)) lines.push_back(std::move(record.json));
  return lines;
}

std::string format_trace(const RunResult& run) {
  nlohmann::ordered_json header;
  header["type"] = "header";
  header["scenario_file"] = run.scenario.file;
  header["scenario"] = run.scenario.source;
  header["seed"] = run.seed;
  header["policy"] = std::string(model::policy_name(run.policy));
  header["build"] = build_id();
  // The tracker under test, when it was a process (--tracker-cmd or the scenario's): a replay
  // runs the same one.
  if (run.scenario.tracker_command) {
    header["tracker_command"] = run.scenario.tracker_command->text;
    header["tracker_timeout_ms"] = run.scenario.tracker_command->timeout.count();
  }
  // Only a full trace names its level: a trace of events alone is as it has always been.
  if (run.trace_level != TraceLevel::events) header["trace_level"] = std::string(trace_level_name(run.trace_level));
  std::string text = header.dump() + "\n";
  const std::vector<TraceRecord> records = trace_records(run);
  for (const TraceRecord& record : records) text += record.json + "\n";
  const std::vector<const RecordedEvent*> written = written_events(run);
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(run.trace_hash));
  nlohmann::ordered_json footer;
  footer["type"] = "footer";
  footer["events"] = written.size();
  if (run.trace_level != TraceLevel::events) footer["records"] = records.size();
  footer["trace_hash"] = hash;
  return text + footer.dump() + "\n";
}

namespace {

bool is_full_trace_record(const std::string& type) {
  for (const char* known : {"action", "role", "input", "decision", "flap", "cut", "drop", "send", "deliver", "timer"}) {
    if (type == known) return true;
  }
  return false;
}

[[noreturn]] void trace_problem(const std::string& file, int line, const std::string& why) {
  throw OutputError(file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + why);
}

}  // namespace

Trace parse_trace(const std::string& text, const std::string& file) {
  Trace trace;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  bool footer = false;
  auto fail = [&](const std::string& why) -> Trace { trace_problem(file, number, why); };
  while (std::getline(in, line)) {
    ++number;
    nlohmann::ordered_json record;
    try {
      record = nlohmann::ordered_json::parse(line);
    } catch (const nlohmann::json::exception&) {
      return fail("not a JSON line");
    }
    if (!record.is_object()) return fail("a trace line is a JSON object");
    // Every field is checked for its type before it is read: a trace is input like any other.
    const auto field = [&](const char* key) -> const nlohmann::ordered_json& {
      const auto it = record.find(key);
      if (it == record.end()) trace_problem(file, number, std::string("missing field \"") + key + "\"");
      return *it;
    };
    const auto text_field = [&](const char* key) {
      const auto& value = field(key);
      if (!value.is_string()) trace_problem(file, number, std::string("\"") + key + "\" must be a string");
      return value.get<std::string>();
    };
    const auto whole = [&](const char* key, bool may_be_negative) {
      const auto& value = field(key);
      const bool ok = value.is_number_unsigned() || (may_be_negative && value.is_number_integer());
      if (!ok) {
        trace_problem(file, number, std::string("\"") + key + "\" must be a whole number" + (may_be_negative ? "" : ", 0 or more"));
      }
      return value;
    };
    const std::string type = record.contains("type") ? text_field("type") : "";
    if (number == 1) {
      if (type != "header") return fail("the first line must be the header");
      trace.scenario_file = text_field("scenario_file");
      trace.scenario_source = text_field("scenario");
      trace.seed = whole("seed", false).get<std::uint64_t>();
      const auto policy = model::parse_policy(text_field("policy"));
      if (!policy) return fail("unknown policy");
      trace.policy = *policy;
      trace.build = text_field("build");
      if (record.contains("tracker_command")) {
        std::string why;
        trace.tracker_command = parse_tracker_command(text_field("tracker_command"), why);
        if (!trace.tracker_command) return fail("\"tracker_command\": " + why);
        const std::uint64_t timeout_ms = whole("tracker_timeout_ms", false).get<std::uint64_t>();
        if (timeout_ms == 0 || timeout_ms > 86'400'000) return fail("\"tracker_timeout_ms\" must be from 1 to a day");
        trace.tracker_command->timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout_ms));
      }
      if (record.contains("trace_level")) {
        const auto level = parse_trace_level(text_field("trace_level"));
        if (!level) return fail("\"trace_level\" must be events, decisions or messages");
        trace.level = *level;
      }
    } else if (type == "event") {
      const auto& at = whole("at_ns", true);
      if (at.is_number_unsigned() && at.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
        return fail("\"at_ns\" is past the last representable instant");
      }
      const auto& event = field("event");
      if (!event.is_object()) return fail("\"event\" must be an object");
      text_field("node");
      trace.body_lines.push_back(line);
      ++trace.events;
    } else if (is_full_trace_record(type)) {
      if (trace.level == TraceLevel::events) return fail("a \"" + type + "\" record in a trace of events only");
      const auto& at = whole("at_ns", true);
      if (at.is_number_unsigned() && at.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
        return fail("\"at_ns\" is past the last representable instant");
      }
      trace.body_lines.push_back(line);
    } else if (type == "footer") {
      const std::string hash = text_field("trace_hash");
      const bool hexadecimal = !hash.empty() && hash.size() <= 16 &&
                               hash.find_first_not_of("0123456789abcdef") == std::string::npos;
      if (!hexadecimal) return fail("the trace hash is not 1 to 16 hexadecimal digits");
      trace.trace_hash = std::stoull(hash, nullptr, 16);
      footer = true;
    } else {
      return fail("unknown record type \"" + type + "\"");
    }
  }
  if (number == 0) return fail("an empty file, not a trace");
  if (!footer) return fail("no footer: the trace is incomplete");
  return trace;
}

}  // namespace clustersim::sim
