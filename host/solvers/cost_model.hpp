#pragma once
// What each way of answering a request would cost, in seconds, so that
// `--method auto` and `--backend auto` take the quickest that fits
// (docs/many-to-many.md#choosing-the-method). One model for every backend and
// method: the work each does (searches, min-plus updates, sweep bytes, the
// hierarchy build) times a rate measured and kept in docs/performance.md.
// Writing the result is the same for every method and is not counted.
//
// The model is a pure function of the request's shape and the rates, so the
// GPU's choices are tested on machines without one.

#include <cstdint>
#include <string>
#include <vector>

#include "host/model/compile.hpp"
#include "host/solvers/backend.hpp"
#include "host/solvers/solver.hpp"

namespace hg {

// CPU rates in thread-seconds, measured on the 2-core development VM
// (docs/performance.md#the-cost-models-rates); the estimates divide by the
// threads.
struct CpuRates {
  double dijkstra_per_unit = 6.2e-9;          // one search: per arc and per node x log2(nodes)
  double fw_updates_per_second = 21e9;        // blocked Floyd–Warshall, the whole process (memory-bound)
  double fw_hops_updates_per_second = 9e9;    // the same with next hops
  double sweep_per_lane_unit = 0.64e-9;       // upward searches and the downward sweep: per lane and
                                              // (node + downward arc, taken as half the hierarchy's arcs)
  double contraction_per_node = 14.4e-6;      // the hierarchy build: per node
  double contraction_per_degree_pair = 1.0e-6;  // and per (in-arc, out-arc) pair of each node
  double hierarchy_read_bytes_per_second = 400e6;
  double upward_search_per_node = 244e-9;     // an upward search (stalling on demand): per node settled,
                                              // at 8.5 hierarchy arcs a node
  double bucket_table_per_pair = 40e-9;       // a table's rows: bucket entries offered and the stored form, per pair
};

// A GPU's figures. Measured on an H200 (docs/performance.md); other cards
// get the same figures, since the choice between GPU methods rests on their
// ratios, which Hopper cards share.
struct GpuFigures {
  std::string name;
  std::uint64_t free_bytes = 0;
  double copy_bytes_per_second = 4.23e12;   // device-to-device copy ceiling
  double sweep_share_of_copy = 0.87;        // the sweeps' share of it (no-reuse byte count)
  double sweep_batch_seconds = 2.0e-3;      // launches and thin top levels of one batch (1M road nodes)
  double fw_peak_updates_32 = 16.65e12;     // register-only min-plus peak
  double fw_peak_updates_16 = 33.29e12;
};

// The measured figures for the GPU `probe_gpu()` found (free memory included).
GpuFigures gpu_figures_of_probe();

// The request's shape, as the model sees it.
struct CostRequest {
  NodeId nodes = 0;
  std::uint64_t arcs = 0;
  std::uint64_t degree_pairs = 0;       // sum over nodes of in-degree x out-degree
  std::uint64_t hierarchy_arcs = 0;     // estimated (or known)
  std::uint32_t origins = 0;
  std::uint32_t destinations = 0;
  int width = 32;
  bool hops = false;
  bool stored_hierarchy = false;        // a hierarchy file exists: nothing to build
  int threads = 1;
};

CostRequest cost_request(const Problem& problem, std::uint32_t origins, std::uint32_t destinations, int width,
                         bool hops, bool stored_hierarchy, int threads);

struct MethodEstimate {
  Backend backend = Backend::cpu;
  Method method = Method::sssp;
  double preprocessing_seconds = 0;  // the hierarchy's build or read
  double compute_seconds = 0;
  std::string basis;                 // the work counted, in a few words

  double seconds() const { return preprocessing_seconds + compute_seconds; }
  std::string label() const;   // "phast on the cpu"
  std::string text() const;    // "phast on the cpu 2.1 s (hierarchy 1.5 s)"
};

// Each estimate for one (backend, method); `gpu` null on the CPU.
MethodEstimate estimate_fw(const CostRequest& r, Backend backend, const CpuRates& cpu, const GpuFigures* gpu);
MethodEstimate estimate_dijkstra(const CostRequest& r, const CpuRates& cpu);
// Forward batches of `lanes` origins, or one reverse batch from the
// destinations when `reverse`.
MethodEstimate estimate_phast(const CostRequest& r, Backend backend, std::uint32_t lanes, bool reverse,
                              const CpuRates& cpu, const GpuFigures* gpu);

// Tables by buckets over the hierarchy (host/solvers/phast/bucket_table.hpp):
// a search from every origin and destination, and the bucket entries the
// forward searches meet.
MethodEstimate estimate_buckets(const CostRequest& r, const CpuRates& cpu);

// Nodes an upward search settles (stalling on demand): 82 on the 1M-node
// road network, growing slowly with n, and more where hubs with hundreds of
// arcs make the top of the hierarchy dense.
double upward_search_nodes(const CostRequest& r);

// Host memory of a bucket table: its entries and each thread's search.
std::uint64_t bucket_table_bytes(const CostRequest& r);

// The share of the min-plus peak blocked Floyd–Warshall reaches on the GPU
// at n nodes and `width` bits (measured at 4,096 to 32,768; launch gaps and
// the sequential pivot phases weigh more below).
double fw_gpu_share_of_peak(NodeId n, int width);

}  // namespace hg
