// Parsing and printing of human durations. Parsing is strict on purpose: scenario files are
// written by people, and "1.5 s" or "10mss" should be an error that says so, not a guess.
#include "sim/core/time.h"

#include <array>
#include <limits>

namespace clustersim::sim {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t ns;
};

// Longest names first where one is a prefix of another ("ms" before "m").
constexpr std::array<Unit, 6> units_by_size{{
    {"h", 3'600'000'000'000},
    {"m", 60'000'000'000},
    {"s", 1'000'000'000},
    {"ms", 1'000'000},
    {"us", 1'000},
    {"ns", 1},
}};

[[noreturn]] void fail(std::string_view text, const std::string& problem) {
  throw DurationError("bad duration \"" + std::string(text) + "\": " + problem);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads the unit name at `pos`, returning its index in units_by_size.
std::size_t read_unit(std::string_view text, std::size_t& pos) {
  std::size_t end = pos;
  while (end < text.size() && !is_digit(text[end]) && text[end] != '.') ++end;
  const std::string_view name = text.substr(pos, end - pos);
  for (std::size_t i = 0; i < units_by_size.size(); ++i) {
    if (units_by_size[i].name == name) {
      pos = end;
      return i;
    }
  }
  if (name.empty()) fail(text, "a number needs a unit (h, m, s, ms, us or ns)");
  fail(text, "unknown unit \"" + std::string(name) + "\" (use h, m, s, ms, us or ns)");
}

// value * unit + fraction_digits / 10^fraction_len * unit, exactly, or an error.
std::int64_t part_ns(std::string_view text, std::uint64_t whole, std::string_view fraction,
                     std::int64_t unit_ns) {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  if (whole > static_cast<std::uint64_t>(max / unit_ns)) fail(text, "too large");
  std::int64_t total = static_cast<std::int64_t>(whole) * unit_ns;
  std::int64_t scale = unit_ns;
  for (char digit : fraction) {
    if (scale % 10 != 0) fail(text, "finer than one nanosecond");
    scale /= 10;
    const std::int64_t add = (digit - '0') * scale;
    if (total > max - add) fail(text, "too large");
    total += add;
  }
  return total;
}

}  // namespace

Duration parse_duration(std::string_view text) {
  if (text.empty()) fail(text, "empty");
  if (text == "0") return Duration{0};
  if (text.front() == '-') fail(text, "durations cannot be negative");
  std::int64_t total = 0;
  std::size_t pos = 0;
  std::size_t previous_unit = units_by_size.size();  // none yet
  bool first = true;
  while (pos < text.size()) {
    std::uint64_t whole = 0;
    const std::size_t whole_start = pos;
    while (pos < text.size() && is_digit(text[pos])) {
      if (whole > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) fail(text, "too large");
      whole = whole * 10 + static_cast<std::uint64_t>(text[pos] - '0');
      ++pos;
    }
    std::string_view fraction;
    if (pos < text.size() && text[pos] == '.') {
      const std::size_t fraction_start = ++pos;
      while (pos < text.size() && is_digit(text[pos])) ++pos;
      fraction = text.substr(fraction_start, pos - fraction_start);
      if (fraction.empty()) fail(text, "a decimal point must be followed by digits");
    }
    if (pos == whole_start) fail(text, "expected a number at position " + std::to_string(pos));
    const std::size_t unit = read_unit(text, pos);
    if (!first && unit <= previous_unit) {
      fail(text, "units must go from larger to smaller, each at most once");
    }
    const std::int64_t add = part_ns(text, whole, fraction, units_by_size[unit].ns);
    if (total > std::numeric_limits<std::int64_t>::max() - add) fail(text, "too large");
    total += add;
    previous_unit = unit;
    first = false;
  }
  return Duration{total};
}

std::string format_duration(Duration duration) {
  std::int64_t ns = duration.count();
  if (ns == 0) return "0s";
  if (ns < 0) {
    if (ns == std::numeric_limits<std::int64_t>::min()) return std::to_string(ns) + "ns";
    std::string text(1, '-');
    text.append(format_duration(Duration{-ns}));
    return text;
  }
  // Whole hours or minutes read best as such; anything else as a decimal in the largest unit
  // from seconds down, which is exact because each unit divides the next by a power of ten.
  for (std::size_t i = 0; i < 2; ++i) {
    if (ns % units_by_size[i].ns == 0) {
      return std::to_string(ns / units_by_size[i].ns) + std::string(units_by_size[i].name);
    }
  }
  for (std::size_t i = 2; i < units_by_size.size(); ++i) {
    const Unit& unit = units_by_size[i];
    if (ns < unit.ns && unit.ns != 1) continue;
    std::string text = std::to_string(ns / unit.ns);
    std::int64_t remainder = ns % unit.ns;
    if (remainder != 0) {
      std::string digits = std::to_string(remainder);
      const std::size_t width = std::to_string(unit.ns).size() - 1;
      digits.insert(0, width - digits.size(), '0');
      while (digits.back() == '0') digits.pop_back();
      text.push_back('.');
      text.append(digits);
    }
    return text + std::string(unit.name);
  }
  return std::to_string(ns) + "ns";  // unreachable: the ns unit always matches
}

}  // namespace clustersim::sim
