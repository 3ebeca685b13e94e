#include "host/core/errors.hpp"

namespace hg {

std::string_view error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return "usage";
    case ErrorKind::missing_file: return "missing-file";
    case ErrorKind::not_hdf5: return "not-hdf5";
    case ErrorKind::corrupt_file: return "corrupt-file";
    case ErrorKind::missing_group: return "missing-group";
    case ErrorKind::missing_dataset: return "missing-dataset";
    case ErrorKind::missing_attribute: return "missing-attribute";
    case ErrorKind::wrong_type: return "wrong-type";
    case ErrorKind::wrong_rank: return "wrong-rank";
    case ErrorKind::value_out_of_range: return "value-out-of-range";
    case ErrorKind::length_mismatch: return "length-mismatch";
    case ErrorKind::node_index_out_of_range: return "node-index-out-of-range";
    case ErrorKind::duplicate_code: return "duplicate-code";
    case ErrorKind::non_finite: return "non-finite";
    case ErrorKind::negative_value: return "negative-value";
    case ErrorKind::unknown_enum: return "unknown-enum";
    case ErrorKind::invalid_country: return "invalid-country";
    case ErrorKind::unknown_format: return "unknown-format";
    case ErrorKind::unknown_schema_version: return "unknown-schema-version";
    case ErrorKind::unknown_time_unit: return "unknown-time-unit";
    case ErrorKind::invalid_utf8: return "invalid-utf8";
    case ErrorKind::customs_unknown_country: return "customs-unknown-country";
    case ErrorKind::customs_duplicate_row: return "customs-duplicate-row";
    case ErrorKind::customs_self_row: return "customs-self-row";
    case ErrorKind::unknown_snapshot: return "unknown-snapshot";
    case ErrorKind::ambiguous_snapshot: return "ambiguous-snapshot";
    case ErrorKind::path_overflow: return "path-overflow";
    case ErrorKind::empty_selection: return "empty-selection";
    case ErrorKind::unknown_code: return "unknown-code";
    case ErrorKind::csv_syntax: return "csv-syntax";
    case ErrorKind::csv_missing_column: return "csv-missing-column";
    case ErrorKind::csv_bad_value: return "csv-bad-value";
    case ErrorKind::empty_network: return "empty-network";
    case ErrorKind::not_a_result: return "not-a-result";
    case ErrorKind::output_path: return "output-path";
    case ErrorKind::no_gpu: return "no-gpu";
    case ErrorKind::too_large: return "too-large";
    case ErrorKind::bad_scenario: return "bad-scenario";
    case ErrorKind::hierarchy_mismatch: return "hierarchy-mismatch";
    case ErrorKind::snapshot_mismatch: return "snapshot-mismatch";
    case ErrorKind::rank_mismatch: return "rank-mismatch";
  }
  return "unknown";
}

}  // namespace hg
