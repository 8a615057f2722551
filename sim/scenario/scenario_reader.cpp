#include "sim/scenario/scenario_reader.h"

#include <algorithm>

namespace clustersim::sim::detail {

void ScenarioReader::fail(const std::string& path, const std::string& problem) const {
  // The line of the value at `path`, or of its closest enclosing value that has one.
  std::string probe = path;
  int line = 0;
  while (true) {
    if (const auto it = lines_.find(probe); it != lines_.end()) {
      line = it->second;
      break;
    }
    const std::size_t cut = probe.find_last_of(".[");
    if (cut == std::string::npos) break;
    probe.erase(cut);
  }
  std::string message = file_;
  if (line > 0) message += ":" + std::to_string(line);
  message += ": " + (path.empty() ? std::string("(top level)") : path) + ": " + problem;
  throw ScenarioError(message);
}

void ScenarioReader::only_keys(const Json& object, const std::string& path,
                               std::initializer_list<const char*> allowed) const {
  for (const auto& [key, value] : object.items()) {
    const bool known = std::any_of(allowed.begin(), allowed.end(),
                                   [&](const char* name) { return key == name; });
    if (!known) {
      std::string list;
      for (const char* name : allowed) list += std::string(list.empty() ? "" : ", ") + name;
      fail(join(path, key), "unknown key (expected one of: " + list + ")");
    }
  }
}

const Json& ScenarioReader::value_at(const Json& parent, const char* key,
                                     const std::string& path) const {
  const auto it = parent.find(key);
  if (it == parent.end()) fail(path, std::string("missing required key \"") + key + "\"");
  return *it;
}

const Json& ScenarioReader::object_at(const Json& parent, const char* key,
                                      const std::string& path) const {
  const Json& value = value_at(parent, key, path);
  if (!value.is_object()) fail(join(path, key), "must be an object");
  return value;
}

const Json& ScenarioReader::array_at(const Json& parent, const char* key,
                                     const std::string& path) const {
  const Json& value = value_at(parent, key, path);
  if (!value.is_array()) fail(join(path, key), "must be a list");
  return value;
}

std::string ScenarioReader::string_at(const Json& parent, const char* key,
                                      const std::string& path) const {
  const Json& value = value_at(parent, key, path);
  if (!value.is_string()) fail(join(path, key), "must be a string");
  return value.get<std::string>();
}

Duration ScenarioReader::duration_at(const Json& parent, const char* key,
                                     const std::string& path) const {
  return duration_value(value_at(parent, key, path), join(path, key));
}

Duration ScenarioReader::duration_value(const Json& value, const std::string& path) const {
  if (!value.is_string()) fail(path, "must be a duration string such as \"150ms\" or \"1.5s\"");
  try {
    return parse_duration(value.get<std::string>());
  } catch (const DurationError& error) {
    fail(path, error.what());
  }
}

double ScenarioReader::number_at(const Json& parent, const char* key,
                                 const std::string& path) const {
  const Json& value = value_at(parent, key, path);
  if (!value.is_number()) fail(join(path, key), "must be a number");
  return value.get<double>();
}

double ScenarioReader::probability_at(const Json& parent, const char* key,
                                      const std::string& path) const {
  const double p = number_at(parent, key, path);
  if (!(p >= 0.0 && p <= 1.0)) fail(join(path, key), "must be a probability from 0 to 1");
  return p;
}

bool ScenarioReader::bool_at(const Json& parent, const char* key, const std::string& path) const {
  const Json& value = value_at(parent, key, path);
  if (!value.is_boolean()) fail(join(path, key), "must be true or false");
  return value.get<bool>();
}

std::uint64_t ScenarioReader::unsigned_at(const Json& parent, const char* key,
                                          const std::string& path) const {
  const Json& value = value_at(parent, key, path);
  if (!value.is_number_unsigned()) fail(join(path, key), "must be a whole number, 0 or more");
  return value.get<std::uint64_t>();
}

// {"fixed": "1ms"} | {"uniform": ["0.5ms", "2ms"]} | {"lognormal": {"median", "sigma", "cap"}}
LatencyModel ScenarioReader::latency_at(const Json& parent, const char* key,
                                        const std::string& path) const {
  const Json& spec = object_at(parent, key, path);
  const std::string here = join(path, key);
  only_keys(spec, here, {"fixed", "uniform", "lognormal"});
  if (spec.size() != 1) fail(here, "give exactly one of fixed, uniform or lognormal");
  LatencyModel latency;
  if (spec.contains("fixed")) {
    latency = LatencyModel::fixed(duration_at(spec, "fixed", here));
  } else if (spec.contains("uniform")) {
    const Json& range = array_at(spec, "uniform", here);
    const std::string range_path = join(here, "uniform");
    if (range.size() != 2) fail(range_path, "must be [min, max], two durations");
    latency = LatencyModel::uniform(duration_value(range[0], range_path + "[0]"),
                                    duration_value(range[1], range_path + "[1]"));
  } else {
    const Json& lognormal = object_at(spec, "lognormal", here);
    const std::string lognormal_path = join(here, "lognormal");
    only_keys(lognormal, lognormal_path, {"median", "sigma", "cap"});
    latency = LatencyModel::lognormal(duration_at(lognormal, "median", lognormal_path),
                                      number_at(lognormal, "sigma", lognormal_path),
                                      duration_at(lognormal, "cap", lognormal_path));
  }
  if (auto problem = latency.problem()) fail(here, *problem);
  return latency;
}

Duration ScenarioReader::signed_duration_value(const Json& value, const std::string& path) const {
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    if (!text.empty() && text[0] == '-') return -duration_value(Json(text.substr(1)), path);
  }
  return duration_value(value, path);
}

template <typename T, typename Read>
Spread<T> ScenarioReader::spread_at(const Json& parent, const char* key, const std::string& path, Read read) const {
  const Json& value = value_at(parent, key, path);
  const std::string here = join(path, key);
  if (!value.is_object()) return Spread<T>::exactly(read(value, here));
  only_keys(value, here, {"uniform"});
  const Json& range = array_at(value, "uniform", here);
  const std::string range_path = join(here, "uniform");
  if (range.size() != 2) fail(range_path, "must be [min, max], two values");
  const Spread<T> spread{read(range[0], range_path + "[0]"), read(range[1], range_path + "[1]")};
  if (spread.high < spread.low) fail(range_path, "max must not be less than min");
  return spread;
}

Spread<double> ScenarioReader::number_spread_at(const Json& parent, const char* key, const std::string& path) const {
  return spread_at<double>(parent, key, path, [this](const Json& value, const std::string& here) {
    if (!value.is_number()) fail(here, "must be a number, or {\"uniform\": [min, max]}");
    return value.get<double>();
  });
}

Spread<Duration> ScenarioReader::duration_spread_at(const Json& parent, const char* key, const std::string& path,
                                                    bool allow_negative) const {
  return spread_at<Duration>(parent, key, path, [this, allow_negative](const Json& value, const std::string& here) {
    return allow_negative ? signed_duration_value(value, here) : duration_value(value, here);
  });
}

LinkParams ScenarioReader::link_at(const Json& object, const std::string& path,
                                   const LinkParams& base) const {
  LinkParams link = base;
  if (object.contains("latency")) link.latency = latency_at(object, "latency", path);
  if (object.contains("loss")) link.loss = probability_at(object, "loss", path);
  if (object.contains("duplicate")) link.duplicate = probability_at(object, "duplicate", path);
  if (object.contains("reorder")) link.reorder = probability_at(object, "reorder", path);
  return link;
}

std::string ScenarioReader::node_at(const Json& parent, const char* key, const std::string& path,
                                    bool allow_roles) const {
  return node_value(value_at(parent, key, path), join(path, key), allow_roles);
}

std::string ScenarioReader::node_value(const Json& value, const std::string& path,
                                       bool allow_roles) const {
  if (!value.is_string()) fail(path, "must be a node id (a string)");
  const std::string id = value.get<std::string>();
  if (allow_roles && is_role_reference(id)) return id;
  if (std::find(node_ids.begin(), node_ids.end(), id) == node_ids.end()) {
    fail(path, "unknown node \"" + id + "\" (nodes: " + node_ids.front() + ".." + node_ids.back() +
                   (allow_roles ? ", or \"leader\" or \"follower\")" : ")"));
  }
  return id;
}

std::vector<std::string> ScenarioReader::nodes_at(const Json& parent, const char* key,
                                                  const std::string& path,
                                                  bool allow_roles) const {
  const Json& list = array_at(parent, key, path);
  std::vector<std::string> ids;
  const std::string list_path = join(path, key);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string id = node_value(list[i], list_path + "[" + std::to_string(i) + "]", allow_roles);
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
      fail(list_path + "[" + std::to_string(i) + "]", "\"" + id + "\" is listed twice");
    }
    ids.push_back(id);
  }
  return ids;
}

}  // namespace clustersim::sim::detail
