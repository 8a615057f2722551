#include "sim/cli/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "sim/cli/interrupt.h"

namespace clustersim::sim {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
  throw OutputError("cannot write \"" + path + "\": " + reason);
}

std::string folder_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// Writes all of `text` to `fd`, through short writes and interrupted calls.
bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t wrote = ::write(fd, text.data(), text.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(wrote));
  }
  return true;
}

// New files get the permissions any program's files get: 0666 less the umask (mkstemp's
// files are 0600). The umask can only be read by setting it; nothing else runs meanwhile.
mode_t default_file_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

// The folder a file is about to be created in: it must exist (a file's folder is not made for
// it) and take new entries.
void check_existing_folder(const std::string& path, const std::string& folder) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) fail(path, "its folder \"" + folder + "\" does not exist");
  if (::access(folder.c_str(), W_OK | X_OK) != 0) fail(path, "its folder: " + std::string(std::strerror(errno)));
}

void write_in_place(const std::string& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) fail(path, std::strerror(errno));
  const bool written = write_all(fd, text);
  const int write_errno = errno;
  if (::close(fd) != 0 || !written) fail(path, std::strerror(written ? errno : write_errno));
}

// Throws OutputError if two of the given outputs (those set) land in the same place: only the
// last written would survive.
void check_distinct(const std::vector<const std::optional<OutputFile>*>& outputs) {
  for (auto a = outputs.begin(); a != outputs.end(); ++a) {
    for (auto b = a + 1; b != outputs.end(); ++b) {
      if (**a && **b && (*a)->value().same_place((*b)->value())) {
        throw OutputError("two outputs to the same place: \"" + (*a)->value().path() + "\" and \"" +
                          (*b)->value().path() + "\"");
      }
    }
  }
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view text) {
  const fs::path target(path);
  TemporaryFile temporary((fs::path(folder_of(path)) / ("." + target.filename().string() + ".XXXXXX")).string());
  const int fd = temporary.create();
  if (fd < 0) fail(path, std::strerror(errno));
  const bool written = write_all(fd, text);
  const int write_errno = errno;
  const bool moded = ::fchmod(fd, default_file_mode()) == 0;
  const bool closed = ::close(fd) == 0;
  if (!written || !closed || !moded) fail(path, std::strerror(written ? errno : write_errno));
  if (std::rename(temporary.path(), path.c_str()) != 0) {
    fail(path, std::string("cannot move the finished file into place: ") + std::strerror(errno));
  }
  temporary.release();
}

void check_output_folder(const std::string& folder) {
  std::error_code error;
  const fs::file_status status = fs::status(folder, error);
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) fail(folder, "it is not a folder");
    if (::access(folder.c_str(), W_OK | X_OK) != 0) fail(folder, std::string("the folder: ") + std::strerror(errno));
    return;
  }
  // It will be created: the closest folder that exists must take new entries.
  fs::path parent = fs::absolute(fs::path(folder), error).parent_path();
  while (!parent.empty() && !fs::exists(parent, error) && parent != parent.root_path()) parent = parent.parent_path();
  if (!fs::is_directory(parent, error)) fail(folder, "\"" + parent.string() + "\" is not a folder");
  if (::access(parent.c_str(), W_OK | X_OK) != 0) {
    fail(folder, "cannot create it in \"" + parent.string() + "\": " + std::strerror(errno));
  }
}

OutputFile::OutputFile(std::string path, std::ostream& standard_output)
    : kind_(Kind::atomic), path_(std::move(path)), standard_output_(&standard_output) {
  if (path_.empty()) throw OutputError("an output needs a file name");
  struct stat link_status {}, target_status {};
  const bool exists = ::lstat(path_.c_str(), &link_status) == 0;
  const bool target_exists = ::stat(path_.c_str(), &target_status) == 0;
  if (path_ == "-") {
    kind_ = Kind::standard_output;
    // Standard output's own identity, so that "/dev/stdout" beside "-" is seen as the same.
    if (::fstat(STDOUT_FILENO, &target_status) == 0) {
      device_ = target_status.st_dev;
      inode_ = target_status.st_ino;
      identity_known_ = true;
    }
    return;
  }
  if (target_exists && S_ISDIR(target_status.st_mode)) fail(path_, "it is a folder");
  if (exists && (S_ISLNK(link_status.st_mode) || !S_ISREG(link_status.st_mode))) {
    kind_ = Kind::in_place;
    if (target_exists) {
      if (::access(path_.c_str(), W_OK) != 0) fail(path_, std::strerror(errno));
    } else {
      // A link to a file still to be made: the folder it points into must take the file.
      std::error_code error;
      check_existing_folder(path_, folder_of((fs::path(path_).parent_path() / fs::read_symlink(path_, error)).string()));
    }
  } else {
    check_existing_folder(path_, folder_of(path_));
  }
  if (target_exists) {
    device_ = target_status.st_dev;
    inode_ = target_status.st_ino;
    identity_known_ = true;
    // /dev/stdout, /proc/self/fd/1 or the very file stdout goes to: written as standard output,
    // so the people's text moves aside and nothing truncates what stdout is writing.
    struct stat standard {};
    if (::fstat(STDOUT_FILENO, &standard) == 0 && standard.st_dev == device_ && standard.st_ino == inode_) {
      kind_ = Kind::standard_output;
    }
  } else {
    std::error_code error;
    absolute_ = fs::weakly_canonical(fs::absolute(path_, error), error).string();
  }
}

bool OutputFile::same_place(const OutputFile& other) const {
  if (is_standard_output() && other.is_standard_output()) return true;
  if (identity_known_ && other.identity_known_) return device_ == other.device_ && inode_ == other.inode_;
  if (!identity_known_ && !other.identity_known_) return absolute_ == other.absolute_;
  return false;
}

SummaryReports::SummaryReports(const std::string& json_path, const std::string& junit_path,
                               std::ostream& standard_output, Others others) {
  if (!json_path.empty()) json.emplace(json_path, standard_output);
  if (!junit_path.empty()) junit.emplace(junit_path, standard_output);
  // The command's own outputs first: in the order its usage names them, then the reports.
  std::vector<const std::optional<OutputFile>*> all(others.begin(), others.end());
  all.push_back(&json);
  all.push_back(&junit);
  check_distinct(all);
  for (const std::optional<OutputFile>* output : all) {
    on_standard_output_ = on_standard_output_ || (output->has_value() && (*output)->is_standard_output());
  }
}

void OutputFile::write(std::string_view text) const {
  switch (kind_) {
    case Kind::standard_output:
      standard_output_->write(text.data(), static_cast<std::streamsize>(text.size()));
      standard_output_->flush();
      if (!*standard_output_) fail("-", "standard output failed");
      return;
    case Kind::in_place:
      write_in_place(path_, text);
      return;
    case Kind::atomic:
      write_file_atomically(path_, text);
      return;
  }
}

}  // namespace clustersim::sim
