#pragma once
// OMX-compatible result files (docs/design.md#result-format): written row block
// by row block, read back by row ranges.
//
//   /                     OMX_VERSION = "0.2" (fixed-length ASCII), SHAPE = [rows, cols] (int32),
//                         provenance attributes
//   /data/transit_time    [rows, cols] of a ResultDtype (io/result_dtype.hpp), chunked,
//                         shuffle + deflate; attrs NA, cap, time_unit (uint forms: unreachable)
//   /data/next_hop        uint32 or int64 [rows, cols] (only with paths); attrs NA, none
//   /lookup/origins       fixed-length strings [rows]
//   /lookup/destinations  fixed-length strings [cols]

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "host/model/network.hpp"
#include "io/h5.hpp"
#include "io/result_dtype.hpp"

namespace hg::io {

inline constexpr std::int64_t kResultVersion = 1;

// The chunk shape of a rows x cols result: about 64 Ki elements, at most
// 16 Ki columns. Row blocks are planned in multiples of its rows.
struct ChunkShape {
  std::uint32_t rows = 1;
  std::uint32_t cols = 1;
};
ChunkShape result_chunk_shape(std::uint32_t rows, std::uint32_t cols);

struct ResultMeta {
  std::uint32_t rows = 0;
  std::uint32_t cols = 0;
  ResultDtype dtype = ResultDtype::uint32;  // the stored element type
  Time cap = 0;    // 0 = none
  TimeUnit time_unit = TimeUnit::minute;
  bool has_hops = false;
  // Root attributes: provenance (hourglass_version, snapshot_file, …).
  std::vector<std::pair<std::string, std::string>> attributes;
};

// What an Hourglass HDF5 file holds, by its root attributes: a snapshot
// (`format`) or a result (`OMX_VERSION`); not_a_result naming both when it
// has neither.
enum class FileKind { snapshot, result };
FileKind file_kind(const std::string& path);

class ResultWriter {
 public:
  // Creates `path` (the caller's .partial file) with its datasets and lookups.
  ResultWriter(const std::string& path, const ResultMeta& meta, const StringColumn& origin_codes,
               const StringColumn& destination_codes, int threads);

  // Reopens a .partial file an interrupted run left (solve --resume): its
  // attributes and lookups stay as they were; the matrix must have the meta's
  // shape, width and next hops, else InputError(usage).
  struct Reopen {};
  ResultWriter(const std::string& path, const ResultMeta& meta, int threads, Reopen);

  // Rows per chunk: every block but the last must start and end on a multiple.
  std::uint32_t chunk_rows() const { return chunk_rows_; }

  // Writes rows [row_begin, row_begin + count) of stored times (32-bit,
  // kUnreachable32 for no path) and next hops (kNoNode for none), both
  // row-major with `cols` columns, encoded in the meta's dtype. Chunks are
  // encoded, shuffled and deflated in parallel, then written directly.
  void write_rows(std::uint32_t row_begin, std::uint32_t count, const std::uint32_t* times, const NodeId* hops);

  // Collective, for a file every rank writes (docs/cluster.md): each rank
  // passes the row blocks it holds, possibly none, with their stored times
  // (and next hops) one block after another, and HDF5 compresses and writes
  // them through MPI-IO. Every block is chunk-aligned as in write_rows.
  // Alone, the same as write_rows block by block.
  struct Rows {
    std::uint32_t begin = 0;
    std::uint32_t count = 0;
  };
  void write_row_blocks(std::span<const Rows> blocks, const std::uint32_t* times, const NodeId* hops);

  void flush();  // everything written so far reaches the file; RuntimeError if it cannot
  void close();  // flushes and closes; RuntimeError if the data cannot be written

 private:
  void check_alignment(std::uint32_t row_begin, std::uint32_t count) const;
  void write_dataset_blocks(hid_t dataset, hid_t file_type, std::size_t element_size, std::span<const Rows> blocks,
                            const std::uint32_t* values,
                            void (*encode)(ResultDtype, const std::uint32_t*, std::size_t, unsigned char*));
  void write_dataset_rows(hid_t dataset, std::size_t element_size, std::uint32_t row_begin, std::uint32_t count,
                          const std::uint32_t* values,
                          void (*encode)(ResultDtype, const std::uint32_t*, std::size_t, unsigned char*));

  std::string path_;
  ResultMeta meta_;
  int threads_;
  std::uint32_t chunk_rows_ = 1;
  std::uint32_t chunk_cols_ = 1;
  h5::Id file_;
  h5::Id times_;
  h5::Id hops_;
};

class ResultReader {
 public:
  explicit ResultReader(const std::string& path);  // InputError if not a result

  const ResultMeta& meta() const { return meta_; }
  const StringColumn& origins() const { return origins_; }
  const StringColumn& destinations() const { return destinations_; }
  const std::string& path() const { return path_; }
  std::string attribute(const std::string& name) const;  // "" when absent
  // The snapshot it records (snapshot_file): missing-attribute when it names
  // none, missing-file when that file is gone; both say to pass --snapshot-file.
  std::string recorded_snapshot_file() const;

  // Reads rows [row_begin, row_begin + count) as 32-bit stored times, from
  // any dtype: its NA becomes kUnreachable32 (and a next hop's, kNoNode).
  // hops may be null.
  void read_rows(std::uint32_t row_begin, std::uint32_t count, std::uint32_t* times, NodeId* hops) const;
  // Every row in order, in blocks of whole rows of about `block_values`
  // values (each chunk decompressed once): visit(first_row, rows, times).
  void for_each_row_block(std::uint64_t block_values,
                          const std::function<void(std::uint32_t, std::uint32_t, const std::uint32_t*)>& visit) const;
  // The same for columns [col_begin, col_begin + col_count) of those rows
  // (one entry: read_block(row, 1, col, 1, …), a single chunk read).
  void read_block(std::uint32_t row_begin, std::uint32_t count, std::uint32_t col_begin, std::uint32_t col_count,
                  std::uint32_t* times, NodeId* hops) const;

 private:
  std::string path_;
  ResultMeta meta_;
  StringColumn origins_;
  StringColumn destinations_;
  h5::Id file_;
  h5::Id times_;
  h5::Id hops_;
};

}  // namespace hg::io
