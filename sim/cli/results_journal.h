// A swarm task's results file as it is written: the task record first, then each seed's record
// in seed order as soon as it and every seed before it have finished, flushed to the operating
// system at once, and the end record last. Worker threads finish seeds out of order; the
// journal holds a finished seed only until the seeds before it are done, so a task that is
// killed loses only the seeds finished while an earlier one was still running (at most what
// the slowest seed in flight, a failing one being shrunk, overlaps).
//
// The file is written in place (a journal, not a report): it is complete when it has its end
// record, which `swarm merge` checks. An existing regular file of that name, the results of
// the same task run before, is replaced; anything else there is refused before work starts.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>

#include "sim/swarm/seed_record.h"

namespace clustersim::sim {

class ResultsJournal {
 public:
  // Opens (creates or truncates) `path` and writes the task record. Throws OutputError naming
  // the path and the reason.
  ResultsJournal(std::string path, const TaskHeader& header);
  ~ResultsJournal();
  ResultsJournal(const ResultsJournal&) = delete;
  ResultsJournal& operator=(const ResultsJournal&) = delete;

  const std::string& path() const { return path_; }

  // The record of the task's index-th seed (0-based), from any thread.
  void add(std::uint64_t index, const SeedRecord& record);

  // Writes a line of another kind (a guided batch's weights) where the seeds have got to.
  // Precondition: no seed added is waiting for an earlier one.
  void note(const std::string& line);

  // Writes the end record and closes the file. Precondition: every seed before the last one
  // added has been added (the workers finished). Throws OutputError.
  void end(const std::string& stopped);

  std::uint64_t written() const;

 private:
  void write(const std::string& line);  // under lock_

  std::string path_;
  std::FILE* file_ = nullptr;
  mutable std::mutex lock_;
  std::uint64_t next_ = 0;                          // the index of the next seed to write
  std::map<std::uint64_t, std::string> waiting_;    // finished seeds after a gap
  bool failed_ = false;                             // a write failed: reported by end()
  std::string failure_;
};

}  // namespace clustersim::sim
