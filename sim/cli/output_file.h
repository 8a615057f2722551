// An output file named on the command line: checked before any work starts, written once the
// work is done, so that a file that exists is complete and nothing but a regular file is
// ever replaced.
//   - "-" is standard output (the command's `out` stream), and so is any path that names the
//     file standard output already goes to (/dev/stdout, /proc/self/fd/1).
//   - An existing device, FIFO or socket, or a symbolic link, is written in place (opened for
//     writing and truncated): replacing it would destroy /dev/stdout, a pipe a reader waits
//     on, or a link someone set up on purpose.
//   - Anything else (a regular file, or a new name) is written to a temporary file in the same
//     folder and renamed over the target once complete; an interrupt removes the temporary
//     file (interrupt.h).
#pragma once

#include <sys/types.h>

#include <initializer_list>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace clustersim::sim {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class OutputFile {
 public:
  // Checks that the output can be written (its folder exists and can be written, it is not a
  // folder itself). Throws OutputError naming the path and the reason. `standard_output` is
  // where "-" goes.
  OutputFile(std::string path, std::ostream& standard_output);

  const std::string& path() const { return path_; }
  bool is_standard_output() const { return kind_ == Kind::standard_output; }

  // Whether both name the same place: one file (through any links or spellings), or standard
  // output ("-" and /dev/stdout).
  bool same_place(const OutputFile& other) const;

  // Writes the whole text; throws OutputError naming the path and the reason.
  void write(std::string_view text) const;

 private:
  enum class Kind { standard_output, in_place, atomic };
  Kind kind_;
  std::string path_;
  std::ostream* standard_output_;
  // Where it lands: the device and inode of an existing target, or the absolute normal path of
  // a new one (identity_known_ false).
  dev_t device_ = 0;
  ino_t inode_ = 0;
  bool identity_known_ = false;
  std::string absolute_;
};

// A command's outputs for machines: the summary reports (--json, --junit) that every command
// with a summary takes, and the command's own data outputs (`others`: a run's events and
// trace, a check's timeline, a sweep's results and plot). All are checked, and apart from each
// other, before any work starts; when one of them takes standard output, the text for people
// goes to standard error so that the data stays clean.
struct SummaryReports {
  using Others = std::initializer_list<const std::optional<OutputFile>*>;
  // Empty paths are reports not asked for; `others` are the command's own outputs, made (or
  // left empty) before this. Throws OutputError.
  SummaryReports(const std::string& json_path, const std::string& junit_path, std::ostream& standard_output,
                 Others others = {});
  // Whether any of the outputs, the reports or the others, takes standard output.
  bool on_standard_output() const { return on_standard_output_; }
  // Where the text for people goes: `out`, or `err` when an output takes standard output.
  std::ostream& people(std::ostream& out, std::ostream& err) const { return on_standard_output() ? err : out; }

  std::optional<OutputFile> json;
  std::optional<OutputFile> junit;

 private:
  bool on_standard_output_ = false;
};

// Writes `text` to `path` atomically (a temporary file beside it, renamed into place); the
// form for files a command names itself (a swarm's seed files). Throws OutputError.
void write_file_atomically(const std::string& path, std::string_view text);

// Throws OutputError if `folder` cannot hold new files: it exists and is not a folder, or
// neither it nor its closest existing parent can be written.
void check_output_folder(const std::string& folder);

}  // namespace clustersim::sim
