#pragma once
// Error types and their exit statuses. Bad input (a file, a flag, a
// selection) is an InputError: exit status 2, with a stable kind name and a
// message that names the file, dataset and index (or file:line:column).
// Anything else that goes wrong at run time is a RuntimeError: exit status 1.

#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace hg {

// Stable names, listed in docs/errors.md; tests match on them.
enum class ErrorKind {
  usage,                    // conflicting or invalid command-line flags
  missing_file,             // an input file does not exist or cannot be read
  not_hdf5,                 // a file is not HDF5
  corrupt_file,             // a file (HDF5, gzip) that is truncated or damaged
  missing_group,
  missing_dataset,
  missing_attribute,
  wrong_type,               // wrong dtype class (float where integer is required, …)
  wrong_rank,
  value_out_of_range,       // a value that does not fit its type (docs/design.md#snapshot-format)
  length_mismatch,          // datasets of one group with different lengths
  node_index_out_of_range,
  duplicate_code,
  non_finite,               // NaN or infinity in lat, lon or demand
  negative_value,
  unknown_enum,             // kind or mode outside the defined values
  invalid_country,          // a country that is not two letters A-Z
  unknown_format,           // root attribute `format` is not hourglass-snapshot
  unknown_schema_version,
  unknown_time_unit,
  invalid_utf8,
  customs_unknown_country,
  customs_duplicate_row,
  customs_self_row,
  unknown_snapshot,         // --snapshot names no snapshot in the file
  ambiguous_snapshot,       // several snapshots and no --snapshot
  path_overflow,            // the network's path bound reaches 2^31
  empty_selection,
  unknown_code,             // a selection or --from/--to names no node
  csv_syntax,               // CSV: quoting, column count, …
  csv_missing_column,
  csv_bad_value,
  empty_network,
  not_a_result,             // an HDF5 file that is not an Hourglass/OMX result
  output_path,              // the output cannot be created where asked
  no_gpu,                   // --backend gpu without a usable GPU or CUDA build
  too_large,                // the request cannot fit the memory budget or 32 bits
  bad_scenario,             // a scenario file: not JSON, a missing, unknown or mistyped key
  hierarchy_mismatch,       // a --hierarchy file built for another network
  snapshot_mismatch,        // `diff`: two snapshots whose destinations cannot be compared
  rank_mismatch,            // mpirun: ranks that disagree (arguments, inputs, devices, file systems) or too many ranks
};

std::string_view error_kind_name(ErrorKind kind);

class InputError : public std::runtime_error {
 public:
  InputError(ErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

class RuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr int kExitInputError = 2;
inline constexpr int kExitRuntimeError = 1;

}  // namespace hg

// cuGraph-style precondition on input: throws InputError(kind, message).
#define HG_EXPECTS(cond, kind, ...)                                            \
  do {                                                                         \
    if (!(cond)) throw ::hg::InputError((kind), ::fmt::format(__VA_ARGS__));   \
  } while (0)
