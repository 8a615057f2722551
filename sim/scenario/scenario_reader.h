// Internal to sim/scenario: typed access to a scenario's JSON with errors that carry the
// file, line and path. Used by scenario_parser.cpp and timeline_parser.cpp.
#pragma once

#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_parser.h"

namespace clustersim::sim::detail {

using Json = nlohmann::json;

class ScenarioReader {
 public:
  ScenarioReader(std::string file, std::map<std::string, int> lines)
      : file_(std::move(file)), lines_(std::move(lines)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& problem) const;

  // Fails on any key of `object` not in `allowed`. Precondition: object is an object.
  void only_keys(const Json& object, const std::string& path,
                 std::initializer_list<const char*> allowed) const;
  const Json& object_at(const Json& parent, const char* key, const std::string& path) const;
  const Json& array_at(const Json& parent, const char* key, const std::string& path) const;
  std::string string_at(const Json& parent, const char* key, const std::string& path) const;
  Duration duration_at(const Json& parent, const char* key, const std::string& path) const;
  double probability_at(const Json& parent, const char* key, const std::string& path) const;
  double number_at(const Json& parent, const char* key, const std::string& path) const;
  bool bool_at(const Json& parent, const char* key, const std::string& path) const;
  std::uint64_t unsigned_at(const Json& parent, const char* key, const std::string& path) const;
  LatencyModel latency_at(const Json& parent, const char* key, const std::string& path) const;
  // A value each node draws once (NodeTiming): one value, or {"uniform": [min, max]}.
  Spread<double> number_spread_at(const Json& parent, const char* key, const std::string& path) const;
  // As above, of durations; with allow_negative, "-5ms" is read too (a clock's offset).
  Spread<Duration> duration_spread_at(const Json& parent, const char* key, const std::string& path,
                                      bool allow_negative) const;
  LinkParams link_at(const Json& object, const std::string& path, const LinkParams& base) const;

  // A node reference: a member id, or when `allow_roles` a role reference ("leader",
  // "follower": see action_support.h).
  std::string node_at(const Json& parent, const char* key, const std::string& path,
                      bool allow_roles) const;
  std::vector<std::string> nodes_at(const Json& parent, const char* key, const std::string& path,
                                    bool allow_roles) const;

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  std::vector<std::string> node_ids;  // set once the cluster is read

 private:
  const Json& value_at(const Json& parent, const char* key, const std::string& path) const;
  Duration duration_value(const Json& value, const std::string& path) const;
  Duration signed_duration_value(const Json& value, const std::string& path) const;
  // The [min, max] of {"uniform": [min, max]}, checked to be two values in order.
  template <typename T, typename Read>
  Spread<T> spread_at(const Json& parent, const char* key, const std::string& path, Read read) const;
  std::string node_value(const Json& value, const std::string& path, bool allow_roles) const;
  std::string file_;
  std::map<std::string, int> lines_;
};

// timeline_parser.cpp
std::vector<TimedAction> read_timeline(const ScenarioReader& reader, const Json& timeline,
                                  const Scenario& scenario);
void validate_timeline(const ScenarioReader& reader, const Scenario& scenario);

}  // namespace clustersim::sim::detail
