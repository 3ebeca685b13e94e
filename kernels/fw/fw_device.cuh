#pragma once
// The GPU blocked Floyd–Warshall (kernels/fw/fw.cu) behind a host-only
// interface: no CUDA type appears here, so C++20 host code includes it.
// host/solvers/fw/fw_gpu.cpp adapts a compiled Problem to it and unpacks rows.
//
// Public call -> host dispatch (sizing, scratch, launches, error checks) ->
// thin kernels -> the per-fragment functions of kernels/fw/fw_packed.cuh.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "kernels/fw/fw_packed.cuh"

namespace hg {

// How solve() enqueues its rounds: launch by launch on two streams, or
// captured once into a CUDA graph and launched with one call (the gaps
// between the many short launches of small n are the graph's to hide; the
// capture is not timed). The same kernels and bits either way.
enum class FwLaunch { streams, graph };

class FwGpu {
 public:
  // Allocates and fills the initial matrix from the forward CSR (offsets:
  // n + 1 entries; arcs: (target, weight) pairs). Throws RuntimeError on a
  // CUDA failure.
  FwGpu(const FwLayout& layout, bool hops, const std::uint32_t* offsets, const std::uint32_t* arcs,
        std::uint64_t arc_count);
  ~FwGpu();
  FwGpu(const FwGpu&) = delete;
  FwGpu& operator=(const FwGpu&) = delete;

  // Runs every round; returns the device time in seconds (CUDA events).
  double solve(FwLaunch launch = FwLaunch::streams);
  // Back to the initial matrix (benchmarks repeat solve()).
  void reset();

  // Streams the packed rows of `count` origins (and their hop rows, with
  // hops) to the host in pieces through two pinned staging buffers: while
  // the host consumes piece p, piece p + 1 is being copied. consume(first,
  // rows, words, hop_rows) gets origins [first, first + rows): row i at
  // words[i * words()], its hops at hop_rows[i * n_pad].
  using RowConsumer =
      std::function<void(std::size_t first, std::size_t rows, const FwWord* words, const NodeId* hop_rows)>;
  void fetch_rows(const NodeId* origins, std::size_t count, const RowConsumer& consume);


  const FwLayout& layout() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hg
