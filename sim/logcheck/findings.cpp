#include "sim/logcheck/findings.h"

namespace clustersim::sim::logcheck {

Findings::Findings(std::vector<std::string> files, std::ostream& report, std::size_t kept)
    : files_(std::move(files)), report_(report), kept_(kept) {}

std::string Findings::where(std::uint32_t file, std::uint64_t line) const {
  return line == 0 ? files_[file] : files_[file] + ":" + std::to_string(line);
}

void Findings::violation(std::uint32_t file, std::uint64_t line, std::string rule, std::string text) {
  ++violation_count_;
  std::size_t& count = per_rule_[rule];
  ++count;
  report_ << where(file, line) << ": " << rule << ": " << text << "\n";
  if (count <= kept_) kept_violations_.push_back({file, line, std::move(rule), std::move(text)});
}

void Findings::note(std::uint32_t file, std::uint64_t line, std::string rule, std::string text) {
  if (notes_.size() < kept_) notes_.push_back({file, line, std::move(rule), std::move(text)});
}

}  // namespace clustersim::sim::logcheck
