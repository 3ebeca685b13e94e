#pragma once
// The GPU blocked Floyd–Warshall (kernels/fw.cu) behind a host-only
// interface: no CUDA type appears here, so C++20 host code includes it.
// host/fw_gpu.cpp adapts a compiled Problem to it and unpacks rows.
//
// Public call -> host dispatch (sizing, scratch, launches, error checks) ->
// thin kernels -> the per-fragment functions of kernels/fw_packed.cuh.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/fw_packed.cuh"

namespace hg {

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
  double solve();
  // Back to the initial matrix (benchmarks repeat solve()).
  void reset();

  // Copies the packed rows of `count` origins (and their hop rows) into host
  // memory: rows[i * words()] and hop_rows[i * n_pad]. Consecutive origins
  // travel in one copy; the copy runs through pinned staging buffers.
  void fetch_rows(const NodeId* origins, std::size_t count, FwWord* rows, NodeId* hop_rows);

  const FwLayout& layout() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hg
