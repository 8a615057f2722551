// Event sinks that write OpenZiti's JSON lines, plus a callback sink.
//
// Each event is formatted completely first and then written with a single write and a flush,
// so a reader never sees half a line, and a crash loses at most the event being written.
// Used by the Asio adapter (a real controller's events file) and by the simulator's
// --events output.
#pragma once

#include <cstdio>
#include <functional>
#include <ostream>
#include <stdexcept>
#include <string>

#include "model/events/event_sink.h"

namespace clustersim::model {

// Appends to a file, creating it if needed. Throws SinkError naming the path and the reason
// if the file cannot be opened, and on a failed write.
class JsonlFileSink final : public EventSink {
 public:
  explicit JsonlFileSink(const std::string& path);
  ~JsonlFileSink() override;
  JsonlFileSink(const JsonlFileSink&) = delete;
  JsonlFileSink& operator=(const JsonlFileSink&) = delete;

  void accept(const ClusterEvent& event) override;

 private:
  std::string path_;
  std::FILE* file_;
  std::string line_;  // reused: its capacity outlives each event
};

// Writes to a stream that the caller owns (std::cout, a test's ostringstream).
class JsonlStreamSink final : public EventSink {
 public:
  explicit JsonlStreamSink(std::ostream& out) : out_(out) {}
  void accept(const ClusterEvent& event) override;

 private:
  std::ostream& out_;
  std::string line_;
};

class CallbackSink final : public EventSink {
 public:
  explicit CallbackSink(std::function<void(const ClusterEvent&)> callback)
      : callback_(std::move(callback)) {}
  void accept(const ClusterEvent& event) override { callback_(event); }

 private:
  std::function<void(const ClusterEvent&)> callback_;
};

class SinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace clustersim::model
