#pragma once
// A snapshot's tables as CSV files (docs/csv-format.md): nodes, edges and an
// optional customs table, the way a planner keeps them in a spreadsheet.
// Import checks every value and names FILE:LINE:COLUMN in its errors; export
// then import gives back identical arrays.

#include <string>

#include "host/model/network.hpp"

namespace hg::io {

struct CsvImportOptions {
  std::string nodes_file;
  std::string edges_file;
  std::string customs_file;  // optional: empty = no customs table
  // What the snapshot records beside its tables (CSV files do not hold it).
  std::string snapshot_name = "default";
  TimeUnit time_unit = TimeUnit::minute;
  Time default_customs_time = 0;
  std::string description;
  std::string valid_from;
};

// Reads and validates the CSV files into a whole Network, or throws
// InputError; nothing is half-loaded.
Network import_csv_network(const CsvImportOptions& options);

// Writes the network's tables as CSV (kind and mode as names, floats in their
// shortest exact form). Each file is written to FILE.partial and all are
// renamed into place at the end: nothing appears at a final path on failure.
// An empty customs_file skips the customs table.
void export_csv_network(const Network& network, const std::string& nodes_file, const std::string& edges_file,
                        const std::string& customs_file);

}  // namespace hg::io
