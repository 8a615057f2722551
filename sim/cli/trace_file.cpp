#include "sim/cli/trace_file.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "model/events/event_json.h"
#include "sim/cli/output_file.h"

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

std::vector<std::string> trace_event_lines(const RunResult& run) {
  std::vector<std::string> lines;
  for (const RecordedEvent& e : run.events) {
    lines.push_back(std::to_string(time_ns(e.at)) + " " + run.node_ids[e.node] + " " +
                    model::event_to_json(e.event));
  }
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
  std::string text = header.dump() + "\n";
  for (const RecordedEvent& e : run.events) {
    text += "{\"type\":\"event\",\"at_ns\":" + std::to_string(time_ns(e.at)) + ",\"node\":\"" +
            run.node_ids[e.node] + "\",\"event\":" + model::event_to_json(e.event) + "}\n";
  }
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(run.trace_hash));
  nlohmann::ordered_json footer;
  footer["type"] = "footer";
  footer["events"] = run.events.size();
  footer["trace_hash"] = hash;
  return text + footer.dump() + "\n";
}

Trace parse_trace(const std::string& text, const std::string& file) {
  Trace trace;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  bool footer = false;
  auto fail = [&](const std::string& why) -> Trace {
    throw OutputError(file + ":" + std::to_string(number) + ": " + why);
  };
  while (std::getline(in, line)) {
    ++number;
    nlohmann::ordered_json record;
    try {
      record = nlohmann::ordered_json::parse(line);
    } catch (const nlohmann::json::exception&) {
      return fail("not a JSON line");
    }
    const std::string type = record.value("type", "");
    try {
      if (number == 1) {
        if (type != "header") return fail("the first line must be the header");
        trace.scenario_file = record.at("scenario_file").get<std::string>();
        trace.scenario_source = record.at("scenario").get<std::string>();
        trace.seed = record.at("seed").get<std::uint64_t>();
        const auto policy = model::parse_policy(record.at("policy").get<std::string>());
        if (!policy) return fail("unknown policy");
        trace.policy = *policy;
        trace.build = record.at("build").get<std::string>();
      } else if (type == "event") {
        trace.event_lines.push_back(std::to_string(record.at("at_ns").get<std::int64_t>()) + " " +
                                    record.at("node").get<std::string>() + " " +
                                    record.at("event").dump());
      } else if (type == "footer") {
        trace.trace_hash = std::stoull(record.at("trace_hash").get<std::string>(), nullptr, 16);
        footer = true;
      } else {
        return fail("unknown record type \"" + type + "\"");
      }
    } catch (const nlohmann::json::exception& error) {
      return fail(std::string("missing or mistyped field: ") + error.what());
    } catch (const std::logic_error&) {
      return fail("the trace hash is not hexadecimal");
    }
  }
  if (number == 0) return fail("empty trace");
  if (!footer) return fail("no footer: the trace is incomplete");
  return trace;
}

}  // namespace clustersim::sim
