#pragma once
// Importers for public road-network benchmarks (docs/road-networks.md):
// DIMACS 9 shortest-path instances (.gr arcs, optional .co coordinates) and
// TNTP networks (_net.tntp links, optional _node.tntp coordinates).
//
// Gzip-compressed files (told by their content; the name is free) are
// decompressed while they are read (io/input_file.hpp). Files are read in
// large chunks and parsed with std::from_chars, so a 50-million-arc instance
// costs seconds, not minutes. Every problem is an InputError whose
// message starts with "FILE:LINE: "; the functions return a whole, validated
// Network or nothing.

#include <optional>
#include <string>

#include "host/model/network.hpp"

namespace hg::io {

struct DimacsImportOptions {
  std::string gr_file;                // "p sp N M" and "a u v w" lines
  std::string co_file;                // optional: "v id x y" in millionths of degrees; empty = lat/lon 0
  TimeUnit unit = TimeUnit::second;   // the unit of the arc weights, which are kept verbatim
  // Set: the weights are metres, converted to whole seconds at this speed
  // (> 0); the unit must then be second.
  std::optional<double> speed_kmh;
  // Set: the weights' unit as a multiple of `unit` (> 0, finite): weights in
  // tenths of a second with unit second take 0.1. Stored times are
  // round(weight x scale). Not with speed_kmh.
  std::optional<double> scale;
  std::string country = "ZZ";         // ISO 3166-1 alpha-2 for every node; ZZ = unknown
  std::string snapshot_name = "road";
};

// The speeds a road network's times imply: the straight-line (great-circle)
// distance between the ends of each edge over its time, for edges with a
// time and a distance. Telling for DIMACS travel times, whose files do not
// state their unit (docs/road-networks.md#the-unit-of-dimacs-weights).
struct ImpliedSpeeds {
  std::size_t edges = 0;  // edges measured
  double p10_kmh = 0, median_kmh = 0, p90_kmh = 0;
};
// nullopt when no edge has both (no coordinates, or every time is 0).
std::optional<ImpliedSpeeds> implied_speeds(const Network& network);
// Whether a median speed is plausible for motor traffic on roads: 10 to 150
// km/h (a city street network at 40 km/h read in tenths of a second as
// seconds gives 4; metres read as seconds give 3.6).
bool plausible_road_speed(double kmh);

// Nodes "1".."N" (codes in id order, kind other); one road edge per arc, in
// file order, parallels and self loops included.
Network import_dimacs(const DimacsImportOptions& options);

struct TntpImportOptions {
  std::string net_file;               // metadata, then one link per line
  std::string node_file;              // optional: "node X Y" rows; empty = lat/lon 0
  std::string country = "ZZ";
  std::string snapshot_name = "road";
};

// Nodes "1".."n" (zones 1..NUMBER OF ZONES are demand zones, the rest kind
// other); one road edge per link with free_flow_time minutes rounded to whole
// seconds, zero-time connectors and parallel links kept as they are.
Network import_tntp(const TntpImportOptions& options);

}  // namespace hg::io
