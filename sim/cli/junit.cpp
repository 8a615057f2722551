#include "sim/cli/junit.h"

#include <cstdio>

namespace clustersim::sim {
namespace {

constexpr const char* replacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the UTF-8 sequence starting at text[i], 0 if it is not a valid one.
std::size_t utf8_length(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) length = 3;
  else if (lead >= 0xF0 && lead <= 0xF4) length = 4;
  else return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  // Overlong three- and four-byte forms, surrogates, and code points past U+10FFFF.
  if (lead == 0xE0 && byte(i + 1) < 0xA0) return 0;
  if (lead == 0xED && byte(i + 1) >= 0xA0) return 0;
  if (lead == 0xF0 && byte(i + 1) < 0x90) return 0;
  if (lead == 0xF4 && byte(i + 1) >= 0x90) return 0;
  // U+FFFE and U+FFFF are not XML characters either.
  if (lead == 0xEF && byte(i + 1) == 0xBF && byte(i + 2) >= 0xBE) return 0;
  return length;
}

std::string escape(const std::string& text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_length(text, i);
      if (length == 0) {
        out += replacement;
        ++i;
      } else {
        out.append(text, i, length);
        i += length;
      }
      continue;
    }
    ++i;
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      // A parser turns a raw line break in an attribute into a space; as a reference it stays.
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) out += replacement;
        else out += static_cast<char>(c);
    }
  }
  return out;
}

std::string attribute(const char* name, const std::string& value) {
  return std::string(" ") + name + "=\"" + escape(value, true) + "\"";
}

std::string seconds_attribute(const std::optional<double>& seconds) {
  if (!seconds) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", *seconds);
  return attribute("time", text);
}

}  // namespace

std::string xml_escape(const std::string& text) { return escape(text, false); }

std::string format_junit(const std::string& name, const std::vector<JunitSuite>& suites) {
  std::size_t tests = 0, failures = 0, skipped = 0;
  std::string body;
  for (const JunitSuite& suite : suites) {
    std::size_t suite_failures = 0, suite_skipped = 0;
    std::string cases;
    for (const JunitCase& test : suite.cases) {
      cases += "    <testcase" + attribute("classname", test.classname) + attribute("name", test.name) +
               seconds_attribute(test.seconds);
      if (!test.failure && !test.skipped) {
        cases += "/>\n";
        continue;
      }
      cases += ">\n";
      if (test.failure) {
        ++suite_failures;
        cases += "      <failure" + attribute("type", test.failure->type) + attribute("message", test.failure->message) +
                 ">" + escape(test.failure->text, false) + "</failure>\n";
      } else {
        ++suite_skipped;
        cases += "      <skipped" + attribute("message", *test.skipped) + "/>\n";
      }
      cases += "    </testcase>\n";
    }
    body += "  <testsuite" + attribute("name", suite.name) + attribute("tests", std::to_string(suite.cases.size())) +
            attribute("failures", std::to_string(suite_failures)) + attribute("errors", "0") +
            attribute("skipped", std::to_string(suite_skipped)) + seconds_attribute(suite.seconds) + ">\n" + cases +
            "  </testsuite>\n";
    tests += suite.cases.size();
    failures += suite_failures;
    skipped += suite_skipped;
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" + attribute("name", name) +
         attribute("tests", std::to_string(tests)) + attribute("failures", std::to_string(failures)) +
         attribute("errors", "0") + attribute("skipped", std::to_string(skipped)) + ">\n" + body + "</testsuites>\n";
}

}  // namespace clustersim::sim
