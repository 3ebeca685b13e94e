// Batched PHAST on the GPU (host/solvers/phast/phast_cpu.hpp explains the algorithm): one
// kernel launch per level and sweep, recorded once as a CUDA graph; gathers
// that bring back only the requested targets; a nearest-origin reduction
// for coverage that never copies labels to the host.

#include <algorithm>
#include <vector>

#include "kernels/common/cuda_check.cuh"
#include "kernels/common/device_buffer.cuh"
#include "kernels/phast/phast_device.cuh"
#include "kernels/planning/cover_sums.cuh"

namespace hg {

namespace {

constexpr unsigned kSweepThreads = 256;
constexpr unsigned kTile = 32;        // gather transpose tile (lanes x targets)
constexpr unsigned kTileRows = 8;     // threads along the tile's second axis
constexpr unsigned kReduceWarps = 8;  // targets per reduction block
constexpr std::uint64_t kNoLabel = ~std::uint64_t{0};

// The swept form: one thread per (node of the level, word of lanes),
// phast_sweep_node.
template <class T, bool kUpward>
__global__ void phast_level_kernel(PhastWord<T>* labels, std::uint32_t words, std::uint32_t first,
                                   std::uint32_t count, std::uint32_t level0_end,
                                   const std::uint32_t* __restrict__ offsets, const PhastArc* __restrict__ arcs,
                                   const std::uint32_t* __restrict__ source_positions, T limit) {
  const std::uint64_t item = std::uint64_t{blockIdx.x} * blockDim.x + threadIdx.x;
  if (item >= std::uint64_t{count} * words) return;
  const std::uint32_t position = first + static_cast<std::uint32_t>(item / words);
  const std::uint32_t word = static_cast<std::uint32_t>(item % words);
  phast_sweep_node<T, kUpward>(labels, words, word, position, offsets, arcs, source_positions, level0_end, limit);
}

// The searched form's downward sweep: phast_searched_node.
template <class T>
__global__ void phast_searched_level_kernel(PhastWord<T>* labels, std::uint32_t words, std::uint32_t first,
                                            std::uint32_t count, const std::uint32_t* __restrict__ offsets,
                                            const PhastArc* __restrict__ arcs, const PhastStartRun* __restrict__ runs,
                                            const PhastStart* __restrict__ starts, T limit) {
  const std::uint64_t item = std::uint64_t{blockIdx.x} * blockDim.x + threadIdx.x;
  if (item >= std::uint64_t{count} * words) return;
  const std::uint32_t position = first + static_cast<std::uint32_t>(item / words);
  const std::uint32_t word = static_cast<std::uint32_t>(item % words);
  phast_searched_node<T>(labels, words, word, position, offsets, arcs, runs, starts, limit);
}

// The searched form's thin top levels [bottom, top), descending, in one
// launch: block b owns its words of every level (phast_thin_item).
template <class T>
__global__ void phast_searched_thin_kernel(PhastWord<T>* labels, std::uint32_t words, std::uint32_t words_per_block,
                                           const std::uint32_t* __restrict__ level_begin, std::uint32_t bottom,
                                           std::uint32_t top, const std::uint32_t* __restrict__ offsets,
                                           const PhastArc* __restrict__ arcs, const PhastStartRun* __restrict__ runs,
                                           const PhastStart* __restrict__ starts, T limit) {
  const std::uint32_t first_word = blockIdx.x * words_per_block;  // below `words`: the grid is sized so
  const std::uint32_t block_words = min(words_per_block, words - first_word);
  for (std::uint32_t l = top; l-- > bottom;) {
    const std::uint32_t first = level_begin[l];
    const std::uint64_t items = std::uint64_t{level_begin[l + 1] - first} * block_words;
    for (std::uint64_t i = threadIdx.x; i < items; i += blockDim.x) {
      const PhastItem at = phast_thin_item(first, first_word, block_words, i);
      phast_searched_node<T>(labels, words, at.word, at.position, offsets, arcs, runs, starts, limit);
    }
    __syncthreads();  // this level's labels before the next level reads them
  }
}

// runs[g.position] = {g.first, g.end} for each group (clear: {0, 0}).
__global__ void phast_runs_kernel(const PhastStartGroup* __restrict__ groups, std::uint32_t count,
                                  PhastStartRun* __restrict__ runs, bool clear) {
  const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count) return;
  const PhastStartGroup g = groups[i];
  runs[g.position] = clear ? PhastStartRun{0, 0} : PhastStartRun{g.first, g.end};
}

// Forward rows as coverage sets: out[i * words + w] for lanes first_lane +
// i, i < rows, by threshold_word over targets 64 w .. 64 w + 63. Lanes run
// along x, so a warp reads 32 neighbouring lanes of one label row
// (coalesced); words along y, in a grid-stride loop (grid.y is at most 65535).
template <class T>
__global__ void phast_lane_cover_kernel(const T* __restrict__ labels, Time limit, std::uint32_t lanes,
                                        std::uint32_t first_lane, std::uint32_t rows,
                                        const std::uint32_t* __restrict__ target_positions,
                                        const NodeId* __restrict__ target_nodes, std::uint32_t targets,
                                        std::uint32_t words, const NodeId* __restrict__ lane_nodes,
                                        const Time* __restrict__ lane_handling, Time cap, Time threshold,
                                        std::uint64_t* __restrict__ out) {
  const std::uint32_t row = blockIdx.x * blockDim.x + threadIdx.x;
  if (row >= rows) return;
  const std::uint32_t lane = first_lane + row;
  const NodeId source = lane_nodes[row];
  const Time handling = lane_handling[row];
  for (std::uint32_t w = blockIdx.y * blockDim.y + threadIdx.y; w < words; w += gridDim.y * blockDim.y) {
    const std::uint32_t first = w * kCoverBitsPerWord;
    const std::uint32_t left = targets - first;
    const auto time_at = [&](std::uint32_t b) {
      const std::uint32_t j = first + b;
      return phast_stored_time(labels[std::uint64_t{target_positions[j]} * lanes + lane], handling,
                               source == target_nodes[j], cap, limit);
    };
    out[std::uint64_t{row} * words + w] =
        threshold_word(time_at, left < kCoverBitsPerWord ? left : kCoverBitsPerWord, threshold);
  }
}

// Forward rows: out[i * targets + j] for lanes first_lane + i, i < rows
// (lane_nodes and lane_handling hold those rows' entries). A 32 x 32 tile is read with lanes fastest (coalesced
// label rows) and written with targets fastest (coalesced output rows).
template <class T>
__global__ void phast_lane_rows_kernel(const T* __restrict__ labels, Time limit, std::uint32_t lanes,
                                       std::uint32_t first_lane, std::uint32_t rows,
                                       const std::uint32_t* __restrict__ target_positions,
                                       const NodeId* __restrict__ target_nodes, std::uint32_t targets,
                                       const NodeId* __restrict__ lane_nodes, const Time* __restrict__ lane_handling,
                                       Time cap, ReachBits reach, std::uint32_t* __restrict__ out) {
  __shared__ std::uint32_t tile[kTile][kTile + 1];
  // Targets on x: grid.x allows 2^31 - 1 blocks, grid.y only 65535.
  const std::uint32_t target0 = blockIdx.x * kTile, lane0 = blockIdx.y * kTile;
  const std::uint32_t lane = lane0 + threadIdx.x;
  for (std::uint32_t k = threadIdx.y; k < kTile; k += kTileRows) {
    const std::uint32_t j = target0 + k;
    if (lane < rows && j < targets) {
      const std::uint32_t s = first_lane + lane;
      const Time folded = labels[std::uint64_t{target_positions[j]} * lanes + s];
      const std::uint32_t stored =
          phast_stored_time(folded, lane_handling[lane], lane_nodes[lane] == target_nodes[j], cap, limit);
      const bool resolve = stored == kPhastSaturated && reach.component;
      tile[k][threadIdx.x] =
          resolve ? phast_resolved(stored, reach_bits_reaches(reach, lane_nodes[lane], target_nodes[j]), cap) : stored;
    }
  }
  __syncthreads();
  const std::uint32_t j = target0 + threadIdx.x;
  for (std::uint32_t k = threadIdx.y; k < kTile; k += kTileRows) {
    const std::uint32_t row = lane0 + k;
    if (row < rows && j < targets) out[std::uint64_t{row} * targets + j] = tile[threadIdx.x][k];
  }
}

// Reverse rows: one label row per origin, lanes (destinations) fastest.
template <class T>
__global__ void phast_position_rows_kernel(const T* __restrict__ labels, Time limit, std::uint32_t lanes,
                                           const std::uint32_t* __restrict__ row_positions,
                                           const NodeId* __restrict__ row_nodes, const Time* __restrict__ row_handling,
                                           std::uint32_t rows, const NodeId* __restrict__ lane_nodes,
                                           std::uint32_t count, Time cap, ReachBits reach,
                                           std::uint32_t* __restrict__ out) {
  const std::uint64_t item = std::uint64_t{blockIdx.x} * blockDim.x + threadIdx.x;
  if (item >= std::uint64_t{rows} * count) return;
  const std::uint32_t i = static_cast<std::uint32_t>(item / count), j = static_cast<std::uint32_t>(item % count);
  const Time folded = labels[std::uint64_t{row_positions[i]} * lanes + j];
  const std::uint32_t stored = phast_stored_time(folded, row_handling[i], row_nodes[i] == lane_nodes[j], cap, limit);
  out[item] = stored == kPhastSaturated && reach.component
                  ? phast_resolved(stored, reach_bits_reaches(reach, row_nodes[i], lane_nodes[j]), cap)
                  : stored;
}

// One warp per target: the minimum (time, origin) over the batch's lanes,
// folded into the target's running nearest label.
template <class T>
__global__ void phast_nearest_kernel(const T* __restrict__ labels, Time limit, std::uint32_t lanes, std::uint32_t count,
                                     const std::uint32_t* __restrict__ target_positions,
                                     const NodeId* __restrict__ target_nodes, std::uint32_t targets,
                                     const NodeId* __restrict__ lane_nodes, const Time* __restrict__ lane_handling,
                                     std::uint64_t* __restrict__ nearest) {
  const std::uint32_t j = blockIdx.x * kReduceWarps + threadIdx.x / 32;
  const std::uint32_t lane_in_warp = threadIdx.x % 32;
  if (j >= targets) return;
  const T* row = labels + std::uint64_t{target_positions[j]} * lanes;
  std::uint64_t best = kNoLabel;
  for (std::uint32_t s = lane_in_warp; s < count; s += 32) {
    const Time exact = phast_exact_time(row[s], lane_handling[s], lane_nodes[s] == target_nodes[j], limit);
    if (exact < kInfinity) best = min(best, phast_nearest_label(exact, lane_nodes[s]));
  }
  for (int offset = 16; offset > 0; offset /= 2) best = min(best, __shfl_down_sync(0xFFFFFFFFu, best, offset));
  if (lane_in_warp == 0) nearest[j] = min(nearest[j], best);
}

unsigned blocks_for(std::uint64_t items, unsigned threads) {
  return static_cast<unsigned>((items + threads - 1) / threads);
}

}  // namespace

struct PhastGpu::Impl {
  std::uint32_t n = 0, lanes = 0, words = 0;
  PhastLabelForm form;
  std::vector<std::uint32_t> level_begin;
  PhastLaunch launch;
  DeviceBuffer<std::uint32_t> level_begin_device;  // for the fused thin levels
  CudaStream stream, copies;
  DeviceBuffer<std::uint32_t> up_offsets, down_offsets;
  DeviceBuffer<PhastArc> up_arcs, down_arcs;
  DeviceBuffer<PhastLanes> labels;
  DeviceBuffer<std::uint32_t> source_positions;
  DeviceBuffer<PhastStartRun> runs;       // the searched form: per position
  DeviceBuffer<PhastStart> starts;        // the searched form: one batch's, grown as needed
  DeviceBuffer<PhastStartGroup> groups;
  PinnedBuffer<PhastStart> starts_host;
  PinnedBuffer<PhastStartGroup> groups_host;
  CudaEvent sweep_start, sweep_stop;      // of the last enqueued sweep
  DeviceBuffer<std::uint32_t> reach_component;  // set_reachability: 16-bit rows resolved on the device
  DeviceBuffer<std::uint64_t> reach_bits;
  std::uint64_t reach_words = 0;

  ReachBits reach() const {
    return reach_component.size() ? ReachBits{reach_component.data(), reach_bits.data(), reach_words} : ReachBits{};
  }
  DeviceBuffer<NodeId> lane_nodes;
  DeviceBuffer<Time> lane_handling;
  DeviceBuffer<std::uint32_t> target_positions;
  DeviceBuffer<NodeId> target_nodes;
  std::uint32_t targets = 0;
  DeviceBuffer<std::uint64_t> nearest;
  DeviceBuffer<std::uint64_t> cover_bits;  // fetch_lane_cover's pieces
  DeviceBuffer<std::uint32_t> staging_device[2];
  PinnedBuffer<std::uint32_t> staging_host[2];
  DeviceBuffer<std::uint32_t> row_positions;
  DeviceBuffer<NodeId> row_nodes;
  DeviceBuffer<Time> row_handling;
  CudaEvent gathered[2]{CudaEvent(cudaEventDisableTiming), CudaEvent(cudaEventDisableTiming)};
  CudaEvent copied[2]{CudaEvent(cudaEventDisableTiming), CudaEvent(cudaEventDisableTiming)};
  CudaGraph sweeps;

  // use(labels) with the label array as the form's element type.
  template <class Use>
  void with_labels(Use use) const {
    if (form.bits == 16) use(reinterpret_cast<const std::uint16_t*>(labels.data()));
    else use(reinterpret_cast<const Time*>(labels.data()));
  }

  void record_sweeps() {
    if (form.bits == 16) record_sweeps_as<std::uint16_t>(static_cast<std::uint16_t>(form.limit));
    else record_sweeps_as<Time>(form.limit);
  }

  // One launch per level and sweep: the swept form sweeps up then down,
  // the searched form only down, from the starts scattered into `runs`.
  template <class T>
  void record_sweeps_as(T limit) {
    const cudaStream_t s = stream.get();
    const std::uint32_t levels = static_cast<std::uint32_t>(level_begin.size()) - 1;
    if (levels == 0) return;
    PhastWord<T>* words_of = reinterpret_cast<PhastWord<T>*>(labels.data());
    const std::uint32_t level0_end = level_begin[1];
    const auto grid = [&](std::uint32_t count) { return blocks_for(std::uint64_t{count} * words, kSweepThreads); };
    if (form.upward == PhastUpward::searched) {
      std::uint32_t top = levels;
      if (launch.fuse_thin_levels) {
        const std::uint32_t thin = phast_first_thin_level(level_begin.data(), levels, words, kPhastThinItems);
        if (thin + 1 < levels) {  // two levels or more: one launch for them all
          const std::uint32_t per_block = phast_thin_words_per_block(words);
          phast_searched_thin_kernel<T><<<(words + per_block - 1) / per_block, kSweepThreads, 0, s>>>(
              words_of, words, per_block, level_begin_device.data(), thin, levels, down_offsets.data(),
              down_arcs.data(), runs.data(), starts.data(), limit);
          CUDA_CHECK(cudaGetLastError());
          top = thin;
        }
      }
      for (std::uint32_t l = top; l-- > 0;) {
        const std::uint32_t first = level_begin[l], count = level_begin[l + 1] - first;
        if (count == 0) continue;
        phast_searched_level_kernel<T><<<grid(count), kSweepThreads, 0, s>>>(
            words_of, words, first, count, down_offsets.data(), down_arcs.data(), runs.data(), starts.data(), limit);
        CUDA_CHECK(cudaGetLastError());
      }
      return;
    }
    for (std::uint32_t l = 1; l < levels; ++l) {  // level 0: seeds, computed where read
      const std::uint32_t first = level_begin[l], count = level_begin[l + 1] - first;
      if (count == 0) continue;
      phast_level_kernel<T, true><<<grid(count), kSweepThreads, 0, s>>>(
          words_of, words, first, count, level0_end, up_offsets.data(), up_arcs.data(), source_positions.data(), limit);
      CUDA_CHECK(cudaGetLastError());
    }
    for (std::uint32_t l = levels; l-- > 0;) {
      const std::uint32_t first = level_begin[l], count = level_begin[l + 1] - first;
      if (count == 0) continue;
      phast_level_kernel<T, false><<<grid(count), kSweepThreads, 0, s>>>(
          words_of, words, first, count, level0_end, down_offsets.data(), down_arcs.data(), source_positions.data(),
          limit);
      CUDA_CHECK(cudaGetLastError());
    }
  }

  // Moves `total` stored times of row blocks from the device to `out` through
  // the two staging buffers: while the host copies piece p out of pinned
  // memory, piece p + 1 is gathered and copied. gather(first_row, rows,
  // device_out) enqueues the gathering of rows [first_row, first_row + rows).
  template <class Gather>
  void stream_rows(std::size_t rows, std::size_t row_words, std::uint32_t* out, Gather gather) {
    if (rows == 0 || row_words == 0) return;
    // Staging holds at least one row, however many targets there are.
    const std::size_t staging_words = std::max<std::size_t>(kPhastStagingBytes / 4, row_words);
    if (staging_device[0].size() < staging_words)
      for (int b = 0; b < 2; ++b) {
        staging_device[b] = DeviceBuffer<std::uint32_t>(staging_words);
        staging_host[b] = PinnedBuffer<std::uint32_t>(staging_words);
      }
    const std::size_t per_piece = staging_words / row_words;
    const std::size_t pieces = (rows + per_piece - 1) / per_piece;
    const auto piece_rows = [&](std::size_t p) { return std::min(per_piece, rows - p * per_piece); };
    const auto enqueue = [&](std::size_t p) {
      const int b = static_cast<int>(p % 2);
      gather(p * per_piece, piece_rows(p), staging_device[b].data());
      gathered[b].record(stream.get());
      CUDA_CHECK(cudaStreamWaitEvent(copies.get(), gathered[b].get(), 0));
      CUDA_CHECK(cudaMemcpyAsync(staging_host[b].data(), staging_device[b].data(), piece_rows(p) * row_words * 4,
                                 cudaMemcpyDeviceToHost, copies.get()));
      copied[b].record(copies.get());
      // The next gather into this device buffer waits for this copy.
      CUDA_CHECK(cudaStreamWaitEvent(stream.get(), copied[b].get(), 0));
    };
    enqueue(0);
    for (std::size_t p = 0; p < pieces; ++p) {
      if (p + 1 < pieces) enqueue(p + 1);
      const int b = static_cast<int>(p % 2);
      copied[b].synchronize();
      std::copy_n(staging_host[b].data(), piece_rows(p) * row_words, out + p * per_piece * row_words);
    }
  }
};

PhastGpu::PhastGpu(const PhastGraphView& g, std::uint32_t lanes, PhastLabelForm form, PhastLaunch launch)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.n = g.node_count;
  m.lanes = lanes;
  m.form = form;
  m.launch = launch;
  m.words = lanes / form.lanes_per_word();
  m.level_begin.assign(g.level_begin, g.level_begin + g.level_count + 1);
  const auto upload = [&](auto& buffer, const auto* host, std::size_t count) {
    using T = std::remove_pointer_t<decltype(buffer.data())>;
    buffer = DeviceBuffer<T>(count);
    if (count) CUDA_CHECK(cudaMemcpy(buffer.data(), host, count * sizeof(T), cudaMemcpyHostToDevice));
  };
  if (form.upward == PhastUpward::swept) {  // the searched form sweeps only down
    upload(m.up_offsets, g.up_offsets, std::size_t{m.n} + 1);
    upload(m.up_arcs, g.up_arcs, g.up_offsets[m.n]);
  } else {
    m.runs = DeviceBuffer<PhastStartRun>(m.n);
    if (m.n) CUDA_CHECK(cudaMemset(m.runs.data(), 0, std::size_t{m.n} * sizeof(PhastStartRun)));
    m.starts = DeviceBuffer<PhastStart>(std::size_t{lanes} * 256);  // grown (and the graph recorded again) as needed
  }
  upload(m.down_offsets, g.down_offsets, std::size_t{m.n} + 1);
  upload(m.down_arcs, g.down_arcs, g.down_offsets[m.n]);
  upload(m.level_begin_device, g.level_begin, std::size_t{g.level_count} + 1);
  m.labels = DeviceBuffer<PhastLanes>(std::size_t{m.n} * m.words);
  m.source_positions = DeviceBuffer<std::uint32_t>(lanes);
  m.lane_nodes = DeviceBuffer<NodeId>(lanes);
  m.lane_handling = DeviceBuffer<Time>(lanes);
  m.sweeps.capture(m.stream.get(), [&m] { m.record_sweeps(); });
}

PhastGpu::~PhastGpu() = default;

std::uint32_t PhastGpu::lanes() const { return impl_->lanes; }

const PhastLabelForm& PhastGpu::form() const { return impl_->form; }

double PhastGpu::sweep(const std::uint32_t* source_positions, std::uint32_t count) {
  Impl& m = *impl_;
  if (m.form.upward != PhastUpward::swept) throw RuntimeError("PHAST sweeps of the searched form take starts");
  std::vector<std::uint32_t> positions(m.lanes, kNoNode);
  std::copy_n(source_positions, std::min(count, m.lanes), positions.begin());
  CUDA_CHECK(cudaMemcpyAsync(m.source_positions.data(), positions.data(), m.lanes * 4, cudaMemcpyHostToDevice,
                             m.stream.get()));
  const CudaEvent start, stop;
  start.record(m.stream.get());
  m.sweeps.launch(m.stream.get());
  stop.record(m.stream.get());
  return CudaEvent::seconds_between(start, stop);  // also keeps `positions` alive until the copy is done
}

double PhastGpu::sweep(const PhastStartGroup* groups, std::uint32_t group_count, const PhastStart* starts,
                       std::uint32_t start_count) {
  enqueue_sweep(groups, group_count, starts, start_count);
  return finish_sweep();
}

void PhastGpu::enqueue_sweep(const PhastStartGroup* groups, std::uint32_t group_count, const PhastStart* starts,
                             std::uint32_t start_count) {
  Impl& m = *impl_;
  if (m.form.upward != PhastUpward::searched) throw RuntimeError("PHAST sweeps of the swept form take sources");
  const cudaStream_t s = m.stream.get();
  m.stream.synchronize();  // the last batch is done with the staging and the buffers
  if (m.starts.size() < start_count) {  // the recorded sweeps read the starts where they were
    m.starts = DeviceBuffer<PhastStart>(std::size_t{start_count} * 2);
    m.sweeps.capture(s, [&m] { m.record_sweeps(); });
  }
  if (m.groups.size() < group_count) m.groups = DeviceBuffer<PhastStartGroup>(std::size_t{group_count} * 2);
  // Through pinned memory, so that the copies run while the host goes on.
  if (m.starts_host.size() < start_count) m.starts_host = PinnedBuffer<PhastStart>(std::size_t{start_count} * 2);
  if (m.groups_host.size() < group_count) m.groups_host = PinnedBuffer<PhastStartGroup>(std::size_t{group_count} * 2);
  std::copy_n(starts, start_count, m.starts_host.data());
  std::copy_n(groups, group_count, m.groups_host.data());
  if (start_count)
    CUDA_CHECK(cudaMemcpyAsync(m.starts.data(), m.starts_host.data(), std::size_t{start_count} * sizeof(PhastStart),
                               cudaMemcpyHostToDevice, s));
  if (group_count)
    CUDA_CHECK(cudaMemcpyAsync(m.groups.data(), m.groups_host.data(),
                               std::size_t{group_count} * sizeof(PhastStartGroup), cudaMemcpyHostToDevice, s));
  const auto runs = [&](bool clear) {
    if (group_count == 0) return;
    phast_runs_kernel<<<blocks_for(group_count, kSweepThreads), kSweepThreads, 0, s>>>(m.groups.data(), group_count,
                                                                                      m.runs.data(), clear);
    CUDA_CHECK(cudaGetLastError());
  };
  m.sweep_start.record(s);
  runs(false);
  m.sweeps.launch(s);
  runs(true);
  m.sweep_stop.record(s);
}

double PhastGpu::finish_sweep() {
  Impl& m = *impl_;
  return CudaEvent::seconds_between(m.sweep_start, m.sweep_stop);
}

void PhastGpu::set_reachability(const ReachBits& reach, std::size_t nodes, std::size_t bit_words) {
  Impl& m = *impl_;
  m.reach_component = DeviceBuffer<std::uint32_t>(nodes);
  m.reach_bits = DeviceBuffer<std::uint64_t>(bit_words);
  m.reach_words = reach.words;
  if (nodes) CUDA_CHECK(cudaMemcpy(m.reach_component.data(), reach.component, nodes * 4, cudaMemcpyHostToDevice));
  if (bit_words) CUDA_CHECK(cudaMemcpy(m.reach_bits.data(), reach.bits, bit_words * 8, cudaMemcpyHostToDevice));
}

void PhastGpu::set_targets(const std::uint32_t* positions, const NodeId* nodes, std::size_t count) {
  Impl& m = *impl_;
  m.targets = static_cast<std::uint32_t>(count);
  m.target_positions = DeviceBuffer<std::uint32_t>(count);
  m.target_nodes = DeviceBuffer<NodeId>(count);
  m.nearest = DeviceBuffer<std::uint64_t>(count);
  if (count == 0) return;
  CUDA_CHECK(cudaMemcpy(m.target_positions.data(), positions, count * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(m.target_nodes.data(), nodes, count * 4, cudaMemcpyHostToDevice));
  reset_nearest();
}

void PhastGpu::fetch_lane_rows(const NodeId* lane_nodes, const Time* lane_handling, std::uint32_t first_lane,
                               std::uint32_t count, Time cap, std::uint32_t* out) {
  Impl& m = *impl_;
  CUDA_CHECK(cudaMemcpyAsync(m.lane_nodes.data(), lane_nodes, count * 4, cudaMemcpyHostToDevice, m.stream.get()));
  CUDA_CHECK(cudaMemcpyAsync(m.lane_handling.data(), lane_handling, count * 4, cudaMemcpyHostToDevice, m.stream.get()));
  m.stream_rows(count, m.targets, out, [&](std::size_t first, std::size_t rows, std::uint32_t* device_out) {
    const dim3 grid(blocks_for(m.targets, kTile), blocks_for(rows, kTile));
    m.with_labels([&](const auto* labels) {
      phast_lane_rows_kernel<<<grid, dim3(kTile, kTileRows), 0, m.stream.get()>>>(
          labels, m.form.limit, m.lanes, first_lane + static_cast<std::uint32_t>(first),
          static_cast<std::uint32_t>(rows), m.target_positions.data(), m.target_nodes.data(), m.targets,
          m.lane_nodes.data() + first, m.lane_handling.data() + first, cap, m.reach(), device_out);
    });
    CUDA_CHECK(cudaGetLastError());
  });
}

void PhastGpu::fetch_lane_cover(const NodeId* lane_nodes, const Time* lane_handling, std::uint32_t first_lane,
                                std::uint32_t count, Time cap, Time threshold, std::uint64_t* out) {
  Impl& m = *impl_;
  if (count == 0) return;
  const std::uint32_t words = cover_words(m.targets);
  CUDA_CHECK(cudaMemcpyAsync(m.lane_nodes.data(), lane_nodes, count * 4, cudaMemcpyHostToDevice, m.stream.get()));
  CUDA_CHECK(cudaMemcpyAsync(m.lane_handling.data(), lane_handling, count * 4, cudaMemcpyHostToDevice, m.stream.get()));
  // Rows in pieces of at most 64 MiB of bits beside the labels.
  const std::uint32_t piece_rows = static_cast<std::uint32_t>(
      std::clamp<std::uint64_t>((std::uint64_t{64} << 20) / (std::uint64_t{words} * 8 + 1), 1, count));
  if (m.cover_bits.size() < std::uint64_t{piece_rows} * words)
    m.cover_bits = DeviceBuffer<std::uint64_t>(std::uint64_t{piece_rows} * words);
  for (std::uint32_t first = 0; first < count; first += piece_rows) {
    const std::uint32_t rows = std::min(piece_rows, count - first);
    const dim3 block(kTile, kTileRows);
    const dim3 grid(blocks_for(rows, kTile), std::min<unsigned>(blocks_for(words, kTileRows), 65535u));
    m.with_labels([&](const auto* labels) {
      phast_lane_cover_kernel<<<grid, block, 0, m.stream.get()>>>(
          labels, m.form.limit, m.lanes, first_lane + first, rows, m.target_positions.data(), m.target_nodes.data(),
          m.targets, words, m.lane_nodes.data() + first, m.lane_handling.data() + first, cap, threshold,
          m.cover_bits.data());
    });
    CUDA_CHECK(cudaGetLastError());
    CUDA_CHECK(cudaMemcpyAsync(out + std::uint64_t{first} * words, m.cover_bits.data(),
                               std::uint64_t{rows} * words * sizeof(std::uint64_t), cudaMemcpyDeviceToHost,
                               m.stream.get()));
    CUDA_CHECK(cudaStreamSynchronize(m.stream.get()));
  }
}

void PhastGpu::fetch_position_rows(const std::uint32_t* row_positions, const NodeId* row_nodes,
                                   const Time* row_handling, std::size_t rows, const NodeId* lane_nodes,
                                   std::uint32_t count, Time cap, std::uint32_t* out) {
  Impl& m = *impl_;
  if (m.row_positions.size() < rows) {
    m.row_positions = DeviceBuffer<std::uint32_t>(rows);
    m.row_nodes = DeviceBuffer<NodeId>(rows);
    m.row_handling = DeviceBuffer<Time>(rows);
  }
  CUDA_CHECK(cudaMemcpy(m.row_positions.data(), row_positions, rows * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(m.row_nodes.data(), row_nodes, rows * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(m.row_handling.data(), row_handling, rows * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(m.lane_nodes.data(), lane_nodes, count * 4, cudaMemcpyHostToDevice));
  m.stream_rows(rows, count, out, [&](std::size_t first, std::size_t piece, std::uint32_t* device_out) {
    m.with_labels([&](const auto* labels) {
      phast_position_rows_kernel<<<blocks_for(std::uint64_t{piece} * count, kSweepThreads), kSweepThreads, 0,
                                   m.stream.get()>>>(labels, m.form.limit, m.lanes, m.row_positions.data() + first,
                                                     m.row_nodes.data() + first, m.row_handling.data() + first,
                                                     static_cast<std::uint32_t>(piece), m.lane_nodes.data(), count,
                                                     cap, m.reach(), device_out);
    });
    CUDA_CHECK(cudaGetLastError());
  });
}

void PhastGpu::reset_nearest() {
  Impl& m = *impl_;
  if (m.targets) CUDA_CHECK(cudaMemsetAsync(m.nearest.data(), 0xFF, m.targets * sizeof(std::uint64_t), m.stream.get()));
}

void PhastGpu::reduce_nearest(const NodeId* lane_nodes, const Time* lane_handling, std::uint32_t count) {
  Impl& m = *impl_;
  if (m.targets == 0 || count == 0) return;
  CUDA_CHECK(cudaMemcpyAsync(m.lane_nodes.data(), lane_nodes, count * 4, cudaMemcpyHostToDevice, m.stream.get()));
  CUDA_CHECK(cudaMemcpyAsync(m.lane_handling.data(), lane_handling, count * 4, cudaMemcpyHostToDevice, m.stream.get()));
  m.with_labels([&](const auto* labels) {
    phast_nearest_kernel<<<blocks_for(m.targets, kReduceWarps), 32 * kReduceWarps, 0, m.stream.get()>>>(
        labels, m.form.limit, m.lanes, count, m.target_positions.data(), m.target_nodes.data(), m.targets,
        m.lane_nodes.data(), m.lane_handling.data(), m.nearest.data());
  });
  CUDA_CHECK(cudaGetLastError());
  m.stream.synchronize();  // the host arrays may go away after the return
}

void PhastGpu::nearest(std::uint64_t* out) {
  Impl& m = *impl_;
  m.stream.synchronize();
  if (m.targets)
    CUDA_CHECK(cudaMemcpy(out, m.nearest.data(), m.targets * sizeof(std::uint64_t), cudaMemcpyDeviceToHost));
}

}  // namespace hg
