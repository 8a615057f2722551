#include "sim/swarm/failure_signature.h"

#include <algorithm>
#include <cstdio>

#include "sim/core/trace_hash.h"

namespace clustersim::sim {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The units a number in a failure message can carry ("1m30.5s", "200ms", "3x"): they go with it.
bool is_unit_letter(char c) { return c == 'h' || c == 'm' || c == 's' || c == 'u' || c == 'n' || c == 'x'; }

}  // namespace

std::string normalise_failure(std::string_view message, const std::vector<std::string>& node_ids) {
  // Longest names first, so that ctrl10 is not read as ctrl1 followed by 0.
  std::vector<std::string_view> names(node_ids.begin(), node_ids.end());
  std::sort(names.begin(), names.end(), [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
  std::string out;
  out.reserve(message.size());
  for (std::size_t i = 0; i < message.size();) {
    const bool word_start = i == 0 || !is_letter(message[i - 1]);
    const auto name = std::find_if(names.begin(), names.end(), [&](std::string_view n) {
      return !n.empty() && word_start && message.substr(i, n.size()) == n &&
             (i + n.size() == message.size() || !is_digit(message[i + n.size()]));
    });
    if (name != names.end()) {
      out += "<node>";
      i += name->size();
      continue;
    }
    if (is_digit(message[i]) && (i == 0 || !is_letter(message[i - 1]))) {
      // A number: digits, points and the units inside and after it, as one #.
      while (i < message.size() && (is_digit(message[i]) || message[i] == '.' || is_unit_letter(message[i]))) {
        if (is_unit_letter(message[i]) && i + 1 < message.size() && is_letter(message[i + 1]) &&
            !is_unit_letter(message[i + 1])) {
          break;  // a word that starts with a unit's letter ("3 seconds" has a space; "3nodes" does not)
        }
        ++i;
      }
      out += '#';
      continue;
    }
    out += message[i++];
  }
  return out;
}

std::string failure_signature(const OracleReport& report, const std::vector<std::string>& node_ids) {
  std::string signature;
  for (const CheckResult& check : report.checks) {
    if (check.passed()) continue;
    if (!signature.empty()) signature += "; ";
    signature += check.name + ": " + normalise_failure(check.failures.front().message, node_ids);
  }
  return signature;
}

std::string signature_id(std::string_view signature) {
  TraceHash hash;
  hash.add(signature);
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash.value()));
  return std::string(text, 12);
}

}  // namespace clustersim::sim
