// What a check of a log found: violations of a rule (each at a file and line, printed as it is
// found, so a long log shows its first problems at once) and notes (things worth knowing that
// break no rule, such as a shipper having sorted the keys). Counted per rule for the summary;
// the first `kept` of each are also kept for the JSON report, the rest only counted, so memory
// does not grow with the log.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace clustersim::sim::logcheck {

// Every rule a check can find broken, in the order docs/DESIGN.md lists them: what
// `check --junit` reports as test cases, passing when nothing broke them.
inline constexpr std::array<const char*, 12> rule_names = {
    "format",         "namespace",         "key_order",      "order",           "state_alternation",
    "role_alternation", "read_only",        "peer_connection", "peer_not_member", "members_index",
    "leader_not_member", "leader_disagreement"};

struct Finding {
  std::uint32_t file = 0;
  std::uint64_t line = 0;  // 0: about the whole log
  std::string rule;
  std::string text;
};

class Findings {
 public:
  // `files`: the names of the checked inputs, by index; violations go to `report` as
  // "FILE:LINE: RULE: TEXT" when found.
  Findings(std::vector<std::string> files, std::ostream& report, std::size_t kept = 1000);

  void violation(std::uint32_t file, std::uint64_t line, std::string rule, std::string text);
  void note(std::uint32_t file, std::uint64_t line, std::string rule, std::string text);

  std::size_t violations() const { return violation_count_; }
  const std::map<std::string, std::size_t>& violations_per_rule() const { return per_rule_; }
  const std::vector<Finding>& kept_violations() const { return kept_violations_; }
  const std::vector<Finding>& notes() const { return notes_; }
  const std::string& file_name(std::uint32_t file) const { return files_[file]; }
  // "FILE:LINE" (or "FILE" for line 0).
  std::string where(std::uint32_t file, std::uint64_t line) const;

 private:
  std::vector<std::string> files_;
  std::ostream& report_;
  std::size_t kept_;
  std::size_t violation_count_ = 0;
  std::map<std::string, std::size_t> per_rule_;
  std::vector<Finding> kept_violations_;
  std::vector<Finding> notes_;
};

}  // namespace clustersim::sim::logcheck
