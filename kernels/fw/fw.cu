// Blocked Floyd–Warshall on the GPU, 32-bit or packed 16-bit lanes, with
// optional next hops. The rounds follow kernels/fw/fw_schedule.cuh; the arithmetic
// is kernels/fw/fw_packed.cuh's; host/solvers/fw/fw_emulated.cpp runs the same work split
// on the CPU for the tests.
//
// Round r (pivot block of `tile` nodes, `tile_words` = 128 words wide):
//   1. closure:   one thread block closes the diagonal tile in shared memory,
//                 pivot by pivot, and copies it to the row-panel buffer.
//   2. panels:    every tile of pivot row r and pivot column r becomes its
//                 min-plus product with the closed diagonal tile (D*_rr has a
//                 zero diagonal, so the product is the pivot-by-pivot update).
//                 Row panels go to the row-panel buffer (their thread blocks
//                 read each other's rows, so nothing is overwritten in
//                 place); column panels are written in place (each block
//                 reads only its own rows) and, transposed and broadcast to
//                 every lane, to the column-panel buffer.
//   3. remainder: every other tile takes min(D_ij, C_ir (x) R_rj) from the two
//                 buffers, streamed through shared memory in double-buffered
//                 cp.async stages; the blocks of pivot row r copy the row
//                 panel back.
// Per update the remainder issues one VIADDMNMX (two lanes at 16 bits); the
// operands of one k arrive as 16-byte shared loads, 4 per 64 instructions.

#include <cuda_pipeline.h>

#include <algorithm>
#include <vector>

#include "kernels/fw/fw_schedule.cuh"
#include "kernels/common/device_buffer.cuh"
#include "kernels/fw/fw_device.cuh"

namespace hg {
namespace {

constexpr std::uint32_t kThreads = kFwThreadsX * kFwThreadsY;
// 512 threads and at most 64 registers each: the closure fits an SM beside one
// remainder block, so round r + 1's closure overlaps round r's remainder.
constexpr std::uint32_t kClosureThreads = 512;
constexpr std::uint32_t kChunk = 32;   // k values per shared-memory stage
constexpr std::uint32_t kStages = 3;   // cp.async stages of the remainder
constexpr std::uint32_t kInitRowsPerBlock = 8;

// Device pointers of one round, as its kernels see them: the host resolves
// the panel buffers of the round's parity (two of each, for the lookahead),
// so no kernel indexes a parameter array at run time.
struct FwDevice {
  FwLayout g;
  FwWord* d;          // n_pad x words()
  FwWord* row_panel;  // tile x words(): pivot rows after the panel phase
  FwWord* col_panel;  // tile x n_pad: pivot columns, k-major, broadcast to every lane
  NodeId* hop;        // n_pad x n_pad, or null
  NodeId* col_hop;    // tile x n_pad, k-major, or null
};

// --- initial matrix ----------------------------------------------------------

template <class L>
__global__ void fw_init_kernel(FwDevice dev, const std::uint32_t* offsets, const std::uint32_t* arcs) {
  const std::uint32_t warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  const std::uint32_t u = blockIdx.x * kInitRowsPerBlock + warp;
  const FwLayout& g = dev.g;
  if (u >= g.n_pad) return;
  FwWord* row = dev.d + std::size_t{u} * g.words();
  NodeId* hop_row = dev.hop ? dev.hop + std::size_t{u} * g.n_pad : nullptr;
  for (std::uint32_t w = lane; w < g.words(); w += 32) row[w] = fw_initial_word<L>(g, u, w);
  if (hop_row)
    for (std::uint32_t v = lane; v < g.n_pad; v += 32) hop_row[v] = kNoNode;
  __syncwarp();
  if (lane == 0 && u < g.n) fw_scatter_edges<L>(g, row, hop_row, arcs, offsets[u], offsets[u + 1]);
}

// --- 1. closure of the diagonal tile ------------------------------------------

template <class L, bool Hops>
__global__ void __launch_bounds__(kClosureThreads, 2) fw_closure_kernel(FwDevice dev, std::uint32_t r) {
  constexpr std::uint32_t T = L::kTile, TW = T / L::kLanes, kRows = T * TW / kClosureThreads;
  constexpr std::uint32_t R = kClosureThreads / TW, kStride = R * TW;
  extern __shared__ __align__(16) FwWord smem[];
  FwWord* s = smem;                                        // T x TW
  FwWord* column = s + T * TW;                             // column k, broadcast to every lane
  FwWord* row = column + T;                                // row k
  NodeId* sh = reinterpret_cast<NodeId*>(row + TW);        // T x T (Hops: 32-bit, T == TW)
  NodeId* column_hop = sh + (Hops ? T * T : 0);
  const FwLayout& g = dev.g;
  const std::uint32_t tid = threadIdx.x;
  const std::size_t base_row = std::size_t{r} * T, base_word = std::size_t{r} * TW;
  for (std::uint32_t idx = tid; idx < T * TW; idx += kClosureThreads) {
    const std::uint32_t i = idx / TW, w = idx % TW;
    s[idx] = dev.d[(base_row + i) * g.words() + base_word + w];
    if constexpr (Hops) sh[idx] = dev.hop[(base_row + i) * g.n_pad + base_row + w];
  }
  // Step k: column k and row k are copied out, then every element takes
  // min(d(i, j), d(i, k) + d(k, j)); nothing is read where it is written.
  const std::uint32_t w = tid % TW, r0 = tid / TW;
  FwWord* mine = s + r0 * TW + w;
  NodeId* mine_hop = sh + r0 * TW + w;
  for (std::uint32_t k = 0; k < T; ++k) {
    __syncthreads();
    if (tid < T) {
      column[tid] = L::broadcast_lane(s[tid * TW + k / L::kLanes], k % L::kLanes);
      if constexpr (Hops) column_hop[tid] = sh[tid * TW + k];
    }
    if (tid < TW) row[tid] = s[k * TW + tid];
    __syncthreads();
    const FwWord b = row[w];
#pragma unroll
    for (std::uint32_t q = 0; q < kRows; ++q) {
      const std::uint32_t i = r0 + q * R;
      if constexpr (Hops) {
        const FwWord sum = column[i] + b;
        if (sum < mine[q * kStride]) {
          mine[q * kStride] = sum;
          mine_hop[q * kStride] = column_hop[i];
        }
      } else {
        mine[q * kStride] = L::step(column[i], b, mine[q * kStride]);
      }
    }
  }
  __syncthreads();
  for (std::uint32_t idx = tid; idx < T * TW; idx += kClosureThreads) {
    const std::uint32_t i = idx / TW, ww = idx % TW;
    dev.d[(base_row + i) * g.words() + base_word + ww] = s[idx];
    dev.row_panel[std::size_t{i} * g.words() + base_word + ww] = s[idx];
    if constexpr (Hops) dev.hop[(base_row + i) * g.n_pad + base_row + ww] = sh[idx];
  }
}

// --- the register-block product shared by panels and remainder -----------------

// The thread's Rows x 8 words of the output block at (row0, word0) of a
// row-major matrix with `ld` words a row.
template <std::uint32_t Rows, class T>
__device__ void load_block(T (&acc)[Rows][kFwThreadWords], const T* m, std::size_t ld, std::size_t row0,
                           std::size_t word0) {
#pragma unroll
  for (std::uint32_t q = 0; q < Rows; ++q) {
    const T* p = m + (row0 + fw_fragment_offset(q, threadIdx.y)) * ld + word0;
#pragma unroll
    for (std::uint32_t h = 0; h < 2; ++h) {
      const uint4 v = *reinterpret_cast<const uint4*>(p + fw_fragment_offset(4 * h, threadIdx.x));
      acc[q][4 * h] = v.x, acc[q][4 * h + 1] = v.y, acc[q][4 * h + 2] = v.z, acc[q][4 * h + 3] = v.w;
    }
  }
}

template <std::uint32_t Rows, class T>
__device__ void store_block(const T (&acc)[Rows][kFwThreadWords], T* m, std::size_t ld, std::size_t row0,
                            std::size_t word0) {
#pragma unroll
  for (std::uint32_t q = 0; q < Rows; ++q) {
    T* p = m + (row0 + fw_fragment_offset(q, threadIdx.y)) * ld + word0;
#pragma unroll
    for (std::uint32_t h = 0; h < 2; ++h)
      *reinterpret_cast<uint4*>(p + fw_fragment_offset(4 * h, threadIdx.x)) =
          make_uint4(acc[q][4 * h], acc[q][4 * h + 1], acc[q][4 * h + 2], acc[q][4 * h + 3]);
  }
}

// Four consecutive words of shared memory into a[first .. first + 3].
template <std::uint32_t N, class T>
__device__ __forceinline__ void load4(T (&a)[N], std::uint32_t first, const T* p) {
  const uint4 v = *reinterpret_cast<const uint4*>(p);
  a[first] = v.x, a[first + 1] = v.y, a[first + 2] = v.z, a[first + 3] = v.w;
}

// One shared-memory stage: `as` (kChunk x block_rows, k-major, broadcast),
// `bs` (kChunk x kFwBlockWords), `ahs` (hops of as).
template <class L, bool Hops, std::uint32_t Rows>
__device__ void product_stage(FwWord (&acc)[Rows][kFwThreadWords], NodeId (&hop)[Hops ? Rows : 1][kFwThreadWords],
                              const FwWord* as, const NodeId* ahs, const FwWord* bs) {
  constexpr std::uint32_t BR = kFwThreadsY * Rows;
#pragma unroll 4
  for (std::uint32_t k = 0; k < kChunk; ++k) {
    FwWord a[Rows], b[kFwThreadWords];
#pragma unroll
    for (std::uint32_t h = 0; h < Rows / 4; ++h) load4(a, 4 * h, as + k * BR + fw_fragment_offset(4 * h, threadIdx.y));
#pragma unroll
    for (std::uint32_t h = 0; h < 2; ++h)
      load4(b, 4 * h, bs + k * kFwBlockWords + fw_fragment_offset(4 * h, threadIdx.x));
    if constexpr (Hops) {
      NodeId ah[Rows];
#pragma unroll
      for (std::uint32_t h = 0; h < Rows / 4; ++h)
        load4(ah, 4 * h, ahs + k * BR + fw_fragment_offset(4 * h, threadIdx.y));
      fw_fragment_hops<Rows, kFwThreadWords>(acc, hop, a, ah, b);
    } else {
      fw_fragment<L, Rows, kFwThreadWords>(acc, a, b);
    }
  }
}

// --- 2. panels -----------------------------------------------------------------

// blockIdx.x: the other tile t; blockIdx.y: which block_rows of the tile;
// blockIdx.z: 0 row panel (r, t), 1 column panel (t, r).
template <class L, bool Hops>
__global__ void __launch_bounds__(kThreads) fw_panel_kernel(FwDevice dev, std::uint32_t r) {
  constexpr std::uint32_t Rows = fw_thread_rows(Hops), BR = fw_block_rows(Hops), T = L::kTile;
  const std::uint32_t t = blockIdx.x;
  if (t == r) return;
  const bool row_panel = blockIdx.z == 0;
  const FwLayout& g = dev.g;
  const std::size_t W = g.words();
  // Output rows and words; A's rows are the output rows, B's rows the pivot rows.
  const std::size_t row0 = std::size_t{row_panel ? r : t} * T + blockIdx.y * BR;
  const std::size_t word0 = std::size_t{row_panel ? t : r} * kFwBlockWords;
  const std::size_t pivot_row0 = std::size_t{r} * T, pivot_col0 = std::size_t{r} * T;

  __shared__ __align__(16) FwWord as[kChunk * BR];
  __shared__ __align__(16) FwWord bs[kChunk * kFwBlockWords];
  __shared__ __align__(16) NodeId ahs[Hops ? kChunk * BR : 4];

  FwWord acc[Rows][kFwThreadWords];
  NodeId hop[Hops ? Rows : 1][kFwThreadWords];
  load_block<Rows>(acc, dev.d, W, row0, word0);
  if constexpr (Hops) load_block<Rows>(hop, dev.hop, g.n_pad, row0, word0);
  const std::uint32_t tid = threadIdx.y * kFwThreadsX + threadIdx.x;
  for (std::uint32_t k0 = 0; k0 < T; k0 += kChunk) {
    __syncthreads();  // the previous stage is consumed
    for (std::uint32_t idx = tid; idx < kChunk * BR; idx += kThreads) {
      const std::uint32_t i = idx % BR, k = idx / BR;
      const std::size_t col = pivot_col0 + k0 + k;
      as[idx] = L::broadcast(L::lane(dev.d[(row0 + i) * W + col / L::kLanes], col % L::kLanes));
      if constexpr (Hops) ahs[idx] = dev.hop[(row0 + i) * g.n_pad + col];
    }
    for (std::uint32_t idx = tid; idx < kChunk * kFwBlockWords; idx += kThreads) {
      const std::uint32_t w = idx % kFwBlockWords, k = idx / kFwBlockWords;
      bs[idx] = dev.d[(pivot_row0 + k0 + k) * W + word0 + w];
    }
    __syncthreads();
    product_stage<L, Hops, Rows>(acc, hop, as, ahs, bs);
  }
  if (row_panel) {
    store_block<Rows>(acc, dev.row_panel, W, row0 - pivot_row0, word0);
  } else {
    __syncthreads();  // every block's reads of its own rows are done (they are only its own)
    store_block<Rows>(acc, dev.d, W, row0, word0);
    // Transposed, broadcast copy for the remainder: column k of the pivot block.
#pragma unroll
    for (std::uint32_t q = 0; q < Rows; ++q) {
      const std::size_t i = row0 + fw_fragment_offset(q, threadIdx.y);
#pragma unroll
      for (std::uint32_t c = 0; c < kFwThreadWords; ++c) {
        const std::uint32_t w = fw_fragment_offset(c, threadIdx.x);
#pragma unroll
        for (std::uint32_t l = 0; l < L::kLanes; ++l)
          dev.col_panel[std::size_t{w * L::kLanes + l} * g.n_pad + i] = L::broadcast_lane(acc[q][c], l);
      }
    }
  }
  if constexpr (Hops) {
    store_block<Rows>(hop, dev.hop, g.n_pad, row0, word0);
    if (!row_panel)
#pragma unroll
      for (std::uint32_t q = 0; q < Rows; ++q)
#pragma unroll
        for (std::uint32_t c = 0; c < kFwThreadWords; ++c)
          dev.col_hop[std::size_t{fw_fragment_offset(c, threadIdx.x)} * g.n_pad + row0 +
                      fw_fragment_offset(q, threadIdx.y)] = hop[q][c];
  }
}

// --- 3. remainder ----------------------------------------------------------------

template <bool Hops>
constexpr std::uint32_t remainder_stage_words() {
  constexpr std::uint32_t BR = fw_block_rows(Hops);
  return kChunk * (BR + kFwBlockWords + (Hops ? BR : 0));
}

// The block's word block (= tile column) and rows come from fw_remainder_block.
template <class L, bool Hops>
__global__ void __launch_bounds__(kThreads, 2) fw_remainder_kernel(FwDevice dev, std::uint32_t r, FwPart part) {
  constexpr std::uint32_t Rows = fw_thread_rows(Hops), BR = fw_block_rows(Hops), T = L::kTile;
  constexpr std::uint32_t kStageWords = remainder_stage_words<Hops>();
  const FwLayout& g = dev.g;
  const FwRemainderBlock block = fw_remainder_block(g, BR, r, part, blockIdx.x, blockIdx.y);
  if (block.skip || block.x == r) return;  // another part's, or the pivot column (written by the panels)
  const std::size_t W = g.words();
  const std::size_t row0 = std::size_t{block.y} * BR, word0 = std::size_t{block.x} * kFwBlockWords;
  const FwWord* row_panel = dev.row_panel;
  const FwWord* col_panel = dev.col_panel;
  const NodeId* col_hop = dev.col_hop;
  const std::uint32_t tid = threadIdx.y * kFwThreadsX + threadIdx.x;
  const std::size_t pivot_row0 = std::size_t{r} * T;
  if (row0 / T == r) {  // pivot row: the row panel goes back into the matrix
    for (std::uint32_t idx = tid; idx < BR * kFwBlockWords / 4; idx += kThreads) {
      const std::uint32_t i = idx / (kFwBlockWords / 4), w = idx % (kFwBlockWords / 4) * 4;
      *reinterpret_cast<uint4*>(dev.d + (row0 + i) * W + word0 + w) =
          *reinterpret_cast<const uint4*>(row_panel + (row0 - pivot_row0 + i) * W + word0 + w);
    }
    return;
  }

  extern __shared__ __align__(16) FwWord smem[];
  // Stage s: as (kChunk x BR), bs (kChunk x 128), ahs (kChunk x BR).
  auto issue = [&](std::uint32_t chunk) {
    FwWord* stage = smem + (chunk % kStages) * kStageWords;
    const std::size_t k0 = std::size_t{chunk} * kChunk;
    for (std::uint32_t idx = tid; idx < kChunk * BR / 4; idx += kThreads) {
      const std::uint32_t k = idx / (BR / 4), i = idx % (BR / 4) * 4;
      __pipeline_memcpy_async(stage + k * BR + i, col_panel + (k0 + k) * g.n_pad + row0 + i, 16);
      if constexpr (Hops)
        __pipeline_memcpy_async(stage + kChunk * (BR + kFwBlockWords) + k * BR + i,
                                col_hop + (k0 + k) * g.n_pad + row0 + i, 16);
    }
    for (std::uint32_t idx = tid; idx < kChunk * kFwBlockWords / 4; idx += kThreads) {
      const std::uint32_t k = idx / (kFwBlockWords / 4), w = idx % (kFwBlockWords / 4) * 4;
      __pipeline_memcpy_async(stage + kChunk * BR + k * kFwBlockWords + w, row_panel + (k0 + k) * W + word0 + w, 16);
    }
  };
  constexpr std::uint32_t kChunks = T / kChunk;
#pragma unroll
  for (std::uint32_t c = 0; c + 1 < kStages; ++c) {
    if (c < kChunks) issue(c);
    __pipeline_commit();
  }
  FwWord acc[Rows][kFwThreadWords];
  NodeId hop[Hops ? Rows : 1][kFwThreadWords];
  load_block<Rows>(acc, dev.d, W, row0, word0);
  if constexpr (Hops) load_block<Rows>(hop, dev.hop, g.n_pad, row0, word0);
  for (std::uint32_t c = 0; c < kChunks; ++c) {
    if (c + kStages - 1 < kChunks) issue(c + kStages - 1);
    __pipeline_commit();
    __pipeline_wait_prior(kStages - 1);
    __syncthreads();
    const FwWord* stage = smem + (c % kStages) * kStageWords;
    product_stage<L, Hops, Rows>(acc, hop, stage, reinterpret_cast<const NodeId*>(stage + kChunk * (BR + kFwBlockWords)),
                                 stage + kChunk * BR);
    __syncthreads();  // the stage may be refilled next
  }
  store_block<Rows>(acc, dev.d, W, row0, word0);
  if constexpr (Hops) store_block<Rows>(hop, dev.hop, g.n_pad, row0, word0);
}

// --- host dispatch -------------------------------------------------------------

template <class L, bool Hops>
std::size_t closure_smem() {
  constexpr std::size_t T = L::kTile, TW = T / L::kLanes;
  return (T * TW + T + TW) * sizeof(FwWord) + (Hops ? (T * T + T) * sizeof(NodeId) : 0);
}
template <bool Hops>
std::size_t remainder_smem() {
  return std::size_t{kStages} * remainder_stage_words<Hops>() * sizeof(FwWord);
}

template <class L, bool Hops>
void set_kernel_limits() {
  CUDA_CHECK(cudaFuncSetAttribute(fw_closure_kernel<L, Hops>, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                  static_cast<int>(closure_smem<L, Hops>())));
  CUDA_CHECK(cudaFuncSetAttribute(fw_remainder_kernel<L, Hops>, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                  static_cast<int>(remainder_smem<Hops>())));
}

// The GPU phase operations for kernels/fw/fw_schedule.cuh's lookahead driver: the
// closure and panels on the side stream, the remainder on the main stream.
template <class L, bool Hops>
class GpuPhases {
 public:
  // rounds[p]: the pointers of rounds of parity p.
  GpuPhases(const FwDevice (&rounds)[2], cudaStream_t main, cudaStream_t side, cudaEvent_t forked,
            cudaEvent_t joined)
      : rounds_{rounds[0], rounds[1]}, main_(main), side_(side), forked_(forked), joined_(joined) {}
  void fork() {
    CUDA_CHECK(cudaEventRecord(forked_, main_));
    CUDA_CHECK(cudaStreamWaitEvent(side_, forked_, 0));
  }
  void join() {
    CUDA_CHECK(cudaEventRecord(joined_, side_));
    CUDA_CHECK(cudaStreamWaitEvent(main_, joined_, 0));
  }
  void closure(std::uint32_t r) {
    fw_closure_kernel<L, Hops><<<1, kClosureThreads, closure_smem<L, Hops>(), side_>>>(rounds_[r & 1], r);
    CUDA_CHECK(cudaGetLastError());
  }
  void panels(std::uint32_t r) {
    const dim3 grid(rounds_[0].g.tiles(), L::kTile / fw_block_rows(Hops), 2);
    fw_panel_kernel<L, Hops><<<grid, dim3(kFwThreadsX, kFwThreadsY), 0, side_>>>(rounds_[r & 1], r);
    CUDA_CHECK(cudaGetLastError());
  }
  void remainder(std::uint32_t r, FwPart part) {
    const FwGrid g = fw_remainder_grid(rounds_[0].g, fw_block_rows(Hops), r, part);
    fw_remainder_kernel<L, Hops><<<dim3(g.x, g.y), dim3(kFwThreadsX, kFwThreadsY), remainder_smem<Hops>(), main_>>>(
        rounds_[r & 1], r, part);
    CUDA_CHECK(cudaGetLastError());
  }

 private:
  FwDevice rounds_[2];
  cudaStream_t main_, side_;
  cudaEvent_t forked_, joined_;
};

}  // namespace

struct FwGpu::Impl {
  FwLayout g;
  bool hops;
  CudaStream stream;
  CudaStream side{CudaStream::highest_priority()};  // closure and panels: scheduled before remainder blocks
  CudaEvent forked{cudaEventDisableTiming}, joined{cudaEventDisableTiming};
  DeviceBuffer<FwWord> d, row_panel[2], col_panel[2];
  DeviceBuffer<NodeId> hop, col_hop[2];
  DeviceBuffer<std::uint32_t> offsets, arcs;
  PinnedBuffer<FwWord> staging[2];  // rows on their way to the host
  PinnedBuffer<NodeId> hop_staging[2];
  CudaEvent staged[2] = {CudaEvent(cudaEventDisableTiming), CudaEvent(cudaEventDisableTiming)};

  Impl(const FwLayout& layout, bool with_hops) : g(layout), hops(with_hops) {}

  FwDevice round(int parity) const {
    return FwDevice{g,          d.data(), row_panel[parity].data(), col_panel[parity].data(),
                    hops ? hop.data() : nullptr, hops ? col_hop[parity].data() : nullptr};
  }
  bool wide() const { return g.lanes == 1; }
};

FwGpu::FwGpu(const FwLayout& layout, bool hops, const std::uint32_t* offsets, const std::uint32_t* arcs,
             std::uint64_t arc_count)
    : impl_(std::make_unique<Impl>(layout, hops)) {
  Impl& m = *impl_;
  HG_EXPECTS(!hops || layout.lanes == 1, ErrorKind::usage, "next hops need 32-bit lanes");
  m.d = DeviceBuffer<FwWord>(layout.matrix_words());
  for (int parity = 0; parity < 2; ++parity) {
    m.row_panel[parity] = DeviceBuffer<FwWord>(std::size_t{layout.tile} * layout.words());
    m.col_panel[parity] = DeviceBuffer<FwWord>(std::size_t{layout.tile} * layout.n_pad);
    if (hops) m.col_hop[parity] = DeviceBuffer<NodeId>(std::size_t{layout.tile} * layout.n_pad);
  }
  if (hops) m.hop = DeviceBuffer<NodeId>(std::size_t{layout.n_pad} * layout.n_pad);
  m.offsets = DeviceBuffer<std::uint32_t>(std::size_t{layout.n} + 1);
  m.arcs = DeviceBuffer<std::uint32_t>(std::max<std::uint64_t>(2 * arc_count, 1));
  CUDA_CHECK(cudaMemcpyAsync(m.offsets.data(), offsets, m.offsets.bytes(), cudaMemcpyHostToDevice, m.stream.get()));
  if (arc_count)
    CUDA_CHECK(cudaMemcpyAsync(m.arcs.data(), arcs, 2 * arc_count * sizeof(std::uint32_t), cudaMemcpyHostToDevice,
                               m.stream.get()));
  if (m.wide()) {
    if (hops)
      set_kernel_limits<FwLanes32, true>();
    else
      set_kernel_limits<FwLanes32, false>();
  } else {
    set_kernel_limits<FwLanes16, false>();
  }
  reset();
}

FwGpu::~FwGpu() = default;

const FwLayout& FwGpu::layout() const { return impl_->g; }

void FwGpu::reset() {
  Impl& m = *impl_;
  const std::uint32_t blocks = (m.g.n_pad + kInitRowsPerBlock - 1) / kInitRowsPerBlock;
  if (m.wide())
    fw_init_kernel<FwLanes32><<<blocks, 32 * kInitRowsPerBlock, 0, m.stream.get()>>>(m.round(0), m.offsets.data(),
                                                                                  m.arcs.data());
  else
    fw_init_kernel<FwLanes16><<<blocks, 32 * kInitRowsPerBlock, 0, m.stream.get()>>>(m.round(0), m.offsets.data(),
                                                                                  m.arcs.data());
  CUDA_CHECK(cudaGetLastError());
  m.stream.synchronize();
}

double FwGpu::solve(FwLaunch launch) {
  Impl& m = *impl_;
  const CudaEvent start, stop;
  const TileGeometry geometry{m.g.n_pad, m.g.tile};
  const auto run = [&](auto phases) { run_blocked_floyd_warshall_lookahead(geometry, phases); };
  const cudaStream_t main = m.stream.get(), side = m.side.get();
  const FwDevice rounds[2] = {m.round(0), m.round(1)};
  const auto enqueue = [&] {
    if (m.wide() && m.hops)
      run(GpuPhases<FwLanes32, true>(rounds, main, side, m.forked.get(), m.joined.get()));
    else if (m.wide())
      run(GpuPhases<FwLanes32, false>(rounds, main, side, m.forked.get(), m.joined.get()));
    else
      run(GpuPhases<FwLanes16, false>(rounds, main, side, m.forked.get(), m.joined.get()));
  };
  if (launch == FwLaunch::graph) {
    // The side stream joins the capture through the fork event and leaves it
    // through the join event (the lookahead driver ends joined).
    CudaGraph graph;
    graph.capture(main, enqueue);
    start.record(main);
    graph.launch(main);
    stop.record(main);
  } else {
    start.record(main);
    enqueue();
    stop.record(main);
  }
  return CudaEvent::seconds_between(start, stop);
}

void FwGpu::fetch_rows(const NodeId* origins, std::size_t count, const RowConsumer& consume) {
  Impl& m = *impl_;
  const std::size_t W = m.g.words(), n_pad = m.g.n_pad;
  const std::size_t row_bytes = W * sizeof(FwWord) + (m.hops ? n_pad * sizeof(NodeId) : 0);
  const std::size_t per_piece = std::max<std::size_t>(1, kFwStagingBytes / row_bytes);
  if (m.staging[0].size() < per_piece * W)
    for (int b = 0; b < 2; ++b) {
      m.staging[b] = PinnedBuffer<FwWord>(per_piece * W);
      if (m.hops) m.hop_staging[b] = PinnedBuffer<NodeId>(per_piece * n_pad);
    }
  const std::size_t pieces = (count + per_piece - 1) / per_piece;
  // Piece p into buffer p % 2; runs of consecutive origins are one copy.
  const auto issue = [&](std::size_t piece) {
    const int b = static_cast<int>(piece % 2);
    const std::size_t first = piece * per_piece, end = std::min(count, first + per_piece);
    for (std::size_t i = first; i < end;) {
      std::size_t run = 1;
      while (i + run < end && origins[i + run] == origins[i] + run) ++run;
      CUDA_CHECK(cudaMemcpyAsync(m.staging[b].data() + (i - first) * W, m.d.data() + std::size_t{origins[i]} * W,
                                 run * W * sizeof(FwWord), cudaMemcpyDeviceToHost, m.stream.get()));
      if (m.hops)
        CUDA_CHECK(cudaMemcpyAsync(m.hop_staging[b].data() + (i - first) * n_pad,
                                   m.hop.data() + std::size_t{origins[i]} * n_pad, run * n_pad * sizeof(NodeId),
                                   cudaMemcpyDeviceToHost, m.stream.get()));
      i += run;
    }
    m.staged[b].record(m.stream.get());
  };
  for (std::size_t piece = 0; piece < std::min<std::size_t>(pieces, 2); ++piece) issue(piece);
  for (std::size_t piece = 0; piece < pieces; ++piece) {
    const int b = static_cast<int>(piece % 2);
    m.staged[b].synchronize();
    const std::size_t first = piece * per_piece;
    consume(first, std::min(count, first + per_piece) - first, m.staging[b].data(),
            m.hops ? m.hop_staging[b].data() : nullptr);
    if (piece + 2 < pieces) issue(piece + 2);  // into the buffer just consumed
  }
}

}  // namespace hg
