// Every oracle of a finished run, with the scenario's golden event file (if it names one and
// it exists) for the expectations check: what `run` judges, for one scenario or many.
#pragma once

#include "sim/oracle/report.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {

// Throws TextFileError (text_file.h) naming the golden file when it exists but cannot be read.
OracleReport check_with_golden(const RunResult& run);

}  // namespace clustersim::sim
