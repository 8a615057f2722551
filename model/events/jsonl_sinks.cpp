#include "model/events/jsonl_sinks.h"

#include <cerrno>
#include <cstring>

#include "model/events/event_json.h"

namespace clustersim::model {

JsonlFileSink::JsonlFileSink(const std::string& path)
    : path_(path), file_(std::fopen(path.c_str(), "a")) {
  if (file_ == nullptr) {
    throw SinkError("cannot open events file \"" + path + "\" for appending: " +
                    std::strerror(errno));
  }
}

JsonlFileSink::~JsonlFileSink() { std::fclose(file_); }

void JsonlFileSink::accept(const ClusterEvent& event) {
  line_.clear();
  append_event_json(line_, event);
  line_.push_back('\n');
  if (std::fwrite(line_.data(), 1, line_.size(), file_) != line_.size() ||
      std::fflush(file_) != 0) {
    throw SinkError("cannot write to events file \"" + path_ + "\": " + std::strerror(errno));
  }
}

void JsonlStreamSink::accept(const ClusterEvent& event) {
  line_.clear();
  append_event_json(line_, event);
  line_.push_back('\n');
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  out_.flush();
}

}  // namespace clustersim::model
