#include "sim/cli/results_journal.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "model/assert.h"
#include "sim/cli/output_file.h"

namespace clustersim::sim {

ResultsJournal::ResultsJournal(std::string path, const TaskHeader& header) : path_(std::move(path)) {
  struct stat status {};
  if (::lstat(path_.c_str(), &status) == 0 && !S_ISREG(status.st_mode)) {
    throw OutputError(path_ + ": exists and is not a regular file; the results file will not replace it");
  }
  file_ = std::fopen(path_.c_str(), "wb");
  if (file_ == nullptr) throw OutputError(path_ + ": cannot be written (" + std::strerror(errno) + ")");
  std::lock_guard lock(lock_);
  write(task_line(header));
  if (failed_) {
    std::fclose(file_);
    file_ = nullptr;
    throw OutputError(failure_);
  }
}

ResultsJournal::~ResultsJournal() {
  if (file_ != nullptr) std::fclose(file_);
}

void ResultsJournal::write(const std::string& line) {
  if (failed_) return;
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0) {
    failed_ = true;
    failure_ = path_ + ": writing failed (" + std::strerror(errno) + ")";
  }
}

void ResultsJournal::add(std::uint64_t index, const SeedRecord& record) {
  std::string line = seed_line(record);
  std::lock_guard lock(lock_);
  if (index != next_) {
    waiting_.emplace(index, std::move(line));
    return;
  }
  write(line);
  ++next_;
  // The seeds that waited for this one follow it.
  for (auto it = waiting_.begin(); it != waiting_.end() && it->first == next_; it = waiting_.erase(it)) {
    write(it->second);
    ++next_;
  }
}

void ResultsJournal::note(const std::string& line) {
  std::lock_guard lock(lock_);
  CLUSTERSIM_ASSERT(waiting_.empty());
  write(line);
}

void ResultsJournal::end(const std::string& stopped) {
  std::lock_guard lock(lock_);
  write(end_line(TaskEnd{stopped, next_}));
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!closed && !failed_) {
    failed_ = true;
    failure_ = path_ + ": closing failed (" + std::strerror(errno) + ")";
  }
  if (failed_) throw OutputError(failure_);
}

std::uint64_t ResultsJournal::written() const {
  std::lock_guard lock(lock_);
  return next_;
}

}  // namespace clustersim::sim
