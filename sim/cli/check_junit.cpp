#include "sim/cli/check_junit.h"

#include <algorithm>
#include <map>
#include <string>

#include "sim/logcheck/findings.h"

namespace clustersim::sim {

JunitSuite check_junit(const nlohmann::ordered_json& report) {
  JunitSuite suite;
  std::string files;
  for (const auto& file : report.at("files")) files += (files.empty() ? "" : ", ") + file.get<std::string>();
  suite.name = "check " + files;
  const auto& violations = report.at("violations");
  std::map<std::string, std::size_t> counts;
  for (const auto& [rule, count] : violations.at("per_rule").items()) counts[rule] = count.get<std::size_t>();
  std::vector<std::string> rules(logcheck::rule_names.begin(), logcheck::rule_names.end());
  for (const auto& [rule, count] : counts) {
    if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
  }
  for (const std::string& rule : rules) {
    JunitCase test{"check", rule, std::nullopt, std::nullopt, std::nullopt};
    const auto count = counts.find(rule);
    if (count != counts.end() && count->second > 0) {
      JunitFailure failure{"violation", std::to_string(count->second) + " violation" + (count->second == 1 ? "" : "s"), ""};
      std::size_t listed = 0;
      for (const auto& v : violations.at("list")) {
        if (v.at("rule") != rule) continue;
        const std::string where = v.at("file").get<std::string>() +
                                  (v.at("line").get<std::uint64_t>() > 0 ? ":" + std::to_string(v.at("line").get<std::uint64_t>()) : "");
        if (listed++ == 0) failure.message += "; the first at " + where + ": " + v.at("text").get<std::string>();
        failure.text += where + ": " + v.at("text").get<std::string>() + "\n";
      }
      if (listed < count->second) failure.text += "... and " + std::to_string(count->second - listed) + " more\n";
      test.failure = std::move(failure);
    }
    suite.cases.push_back(std::move(test));
  }
  return suite;
}

}  // namespace clustersim::sim
