#include "sim/logcheck/log_check.h"

#include <algorithm>
#include <memory>

#include "sim/logcheck/log_input.h"
#include "sim/logcheck/reorder_window.h"

namespace clustersim::sim::logcheck {

CheckOutcome check_logs(const std::vector<NamedLog>& logs, const CheckOptions& options, std::ostream& report,
                        std::ostream& err, LogListener* listener, const std::function<bool()>& wait_for_more) {
  std::vector<std::string> names;
  for (const NamedLog& log : logs) names.push_back(log.name);
  IdTable ids;
  Findings findings(names, report, options.kept);
  ReadCounts counts;
  std::vector<std::unique_ptr<LogInput>> inputs;
  std::vector<std::optional<LogEvent>> heads;  // each input's next event: merged by timestamp
  for (std::uint32_t i = 0; i < logs.size(); ++i) {
    inputs.push_back(std::make_unique<LogInput>(*logs[i].in, i, options.limits, options.strict));
  }
  // `ended`: no more will come, so a last line without a newline is a line.
  const auto refill = [&](std::size_t i, bool ended) {
    heads[i] = inputs[i]->next(ids, findings, counts);
    if (!heads[i] && ended) {
      inputs[i]->finish_last_line();
      heads[i] = inputs[i]->next(ids, findings, counts);
    }
  };
  bool following = static_cast<bool>(wait_for_more);
  heads.resize(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) refill(i, !following);
  LogAnalysis analysis(ids, findings, options, listener);
  ReorderWindow window(options.limits);
  bool too_many = false;
  for (;;) {
    std::size_t next = heads.size();
    for (std::size_t i = 0; i < heads.size(); ++i) {
      if (heads[i] && (next == heads.size() || heads[i]->before(*heads[next]))) next = i;
    }
    for (const auto& input : inputs) too_many = too_many || input->too_many_ids();
    if (too_many) break;
    if (next == heads.size()) {
      if (!following) break;
      // Everything written so far is in: the window gives up what it holds, so that what
      // follows the log (the live view) is current, and reading goes on when there is more.
      while (std::optional<LogEvent> ready = window.pop(true)) analysis.event(*ready);
      const bool failed = std::any_of(inputs.begin(), inputs.end(), [](const auto& input) { return input->failed(); });
      const bool more = !failed && wait_for_more();
      following = more;
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        inputs[i]->resume();
        refill(i, !more);
      }
      continue;
    }
    window.push(std::move(*heads[next]));
    refill(next, !following);
    while (std::optional<LogEvent> ready = window.pop(false)) analysis.event(*ready);
  }
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i]->failed()) {
      err << "clustersim check: " << names[i] << ": cannot read to the end\n";
      return {2, {}};
    }
    if (inputs[i]->too_many_ids()) {
      err << "clustersim check: " << names[i] << ":" << inputs[i]->line_number() << ": more than "
          << options.limits.controllers << " controller ids in one log; is this one cluster's event log?\n";
      return {2, {}};
    }
  }
  while (std::optional<LogEvent> ready = window.pop(true)) analysis.event(*ready);
  analysis.finish();
  const std::string shown = names.size() == 1 ? names.front() : std::to_string(names.size()) + " logs";
  if (counts.lines == 0) {
    err << "clustersim check: " << shown << ": no events in the file\n";
    return {2, {}};
  }
  if (ids.size() == 0 && counts.foreign < counts.lines && findings.violations_per_rule().count("namespace") == 0) {
    err << "clustersim check: " << shown << ": no line is a cluster event; is this an events file?\n";
    return {2, {}};
  }
  std::size_t sources = 0;
  for (const ControllerSummary& c : analysis.summary().controllers()) sources += c.events > 0 ? 1 : 0;
  report << counts.events << " cluster events from " << sources << " controllers";
  if (counts.foreign > 0) report << " (" << counts.foreign << " lines of other namespaces skipped)";
  report << ", " << findings.violations() << (findings.violations() == 1 ? " violation\n" : " violations\n");
  for (const Finding& note : findings.notes()) {
    report << "note: " << findings.where(note.file, note.line) << ": " << note.rule << ": " << note.text << "\n";
  }
  std::uint64_t other_order = 0;
  for (const auto& input : inputs) other_order += input->other_order_lines();
  if (other_order > 0 && !options.strict) report << "note: " << other_order << " lines with keys not in OpenZiti's order\n";
  report << analysis.text();

  CheckOutcome outcome;
  outcome.exit_code = findings.violations() == 0 ? 0 : 1;
  nlohmann::ordered_json& j = outcome.json;
  // The verdict words are every command's: pass, failed, liveness_failed, bad_input, interrupted.
  j["verdict"] = outcome.exit_code == 0 ? "pass" : "failed";
  j["exit_code"] = outcome.exit_code;
  j["files"] = names;
  j["lines"] = counts.lines;
  j["other_namespace_lines"] = counts.foreign;
  j["other_key_order_lines"] = other_order;
  nlohmann::ordered_json per_rule = nlohmann::ordered_json::object();
  for (const auto& [rule, count] : findings.violations_per_rule()) per_rule[rule] = count;
  const auto finding_json = [&](const Finding& f) {
    return nlohmann::ordered_json{{"file", names[f.file]}, {"line", f.line}, {"rule", f.rule}, {"text", f.text}};
  };
  nlohmann::ordered_json listed = nlohmann::ordered_json::array(), notes = nlohmann::ordered_json::array();
  for (const Finding& f : findings.kept_violations()) listed.push_back(finding_json(f));
  for (const Finding& f : findings.notes()) notes.push_back(finding_json(f));
  j["violations"] = {{"count", findings.violations()}, {"per_rule", per_rule}, {"list", listed}};
  j["notes"] = notes;
  nlohmann::ordered_json analysed = analysis.json();
  for (auto& [key, value] : analysed.items()) j[key] = std::move(value);
  return outcome;
}

}  // namespace clustersim::sim::logcheck
