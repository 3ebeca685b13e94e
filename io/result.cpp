#include "io/result.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>
#include <cstring>
#include <filesystem>

#include "host/core/cluster.hpp"
#include "host/core/errors.hpp"

namespace hg::io {

namespace {

constexpr int kDeflateLevel = 1;  // fast: shuffled integer times compress well even at level 1
constexpr std::uint64_t kChunkElements = 1 << 16;  // 256 KiB of uint32 per chunk

// Byte-transposes `count` elements of `size` bytes: HDF5's shuffle filter.
void shuffle_bytes(const unsigned char* in, unsigned char* out, std::size_t count, std::size_t size) {
  for (std::size_t b = 0; b < size; ++b)
    for (std::size_t i = 0; i < count; ++i) out[b * count + i] = in[i * size + b];
}

h5::Id create_matrix(hid_t group, const char* name, hid_t type, std::uint32_t rows, std::uint32_t cols,
                     std::uint32_t chunk_rows, std::uint32_t chunk_cols) {
  const hsize_t dims[2] = {rows, cols};
  const hsize_t chunk[2] = {std::max<hsize_t>(chunk_rows, 1), std::max<hsize_t>(chunk_cols, 1)};
  h5::Id space(h5::check_id(H5Screate_simple(2, dims, nullptr), "H5Screate_simple"));
  h5::Id plist(h5::check_id(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate"));
  h5::check(H5Pset_chunk(plist, 2, chunk), "H5Pset_chunk");
  h5::check(H5Pset_shuffle(plist), "H5Pset_shuffle");
  h5::check(H5Pset_deflate(plist, kDeflateLevel), "H5Pset_deflate");
  h5::check(H5Pset_fill_time(plist, H5D_FILL_TIME_NEVER), "H5Pset_fill_time");
  return h5::Id(h5::check_id(H5Dcreate2(group, name, type, space, H5P_DEFAULT, plist, H5P_DEFAULT), "H5Dcreate2"));
}

}  // namespace

FileKind file_kind(const std::string& path) {
  const h5::Id f = h5::open_read(path);
  if (h5::has_attribute(f, "format")) return FileKind::snapshot;
  if (h5::has_attribute(f, "OMX_VERSION")) return FileKind::result;
  throw InputError(ErrorKind::not_a_result,
                   fmt::format("{}: neither a snapshot (no 'format' attribute) nor a result (no 'OMX_VERSION')", path));
}

ChunkShape result_chunk_shape(std::uint32_t rows, std::uint32_t cols) {
  ChunkShape c;
  c.cols = static_cast<std::uint32_t>(std::min<std::uint64_t>(std::max<std::uint32_t>(cols, 1), 16384));
  c.rows = static_cast<std::uint32_t>(std::clamp<std::uint64_t>(kChunkElements / c.cols, 1, std::max<std::uint32_t>(rows, 1)));
  return c;
}

ResultWriter::ResultWriter(const std::string& path, const ResultMeta& meta, const StringColumn& origin_codes,
                           const StringColumn& destination_codes, int threads)
    : path_(path), meta_(meta), threads_(std::max(1, threads)) {
  const ChunkShape chunk = result_chunk_shape(meta.rows, meta.cols);
  chunk_rows_ = chunk.rows;
  chunk_cols_ = chunk.cols;

  file_ = h5::create_truncate_shared(path);
  // As OMX writers write them: a fixed-length ASCII version and an int32 shape.
  h5::write_ascii_attribute(file_, "OMX_VERSION", "0.2");
  HG_EXPECTS(meta.rows <= 0x7FFFFFFFu && meta.cols <= 0x7FFFFFFFu, ErrorKind::too_large,
             "{}: a {} x {} matrix is beyond OMX's int32 SHAPE", path, meta.rows, meta.cols);
  const std::int32_t shape[2] = {static_cast<std::int32_t>(meta.rows), static_cast<std::int32_t>(meta.cols)};
  h5::write_attribute(file_, "SHAPE", std::span<const std::int32_t>(shape, 2));
  h5::write_attribute(file_, "hourglass_result_version", kResultVersion);
  for (const auto& [key, value] : meta.attributes) h5::write_attribute(file_, key, value);

  h5::Id data = h5::create_group(file_, "data");
  times_ = create_matrix(data, "transit_time", dtype_file_type(meta.dtype), meta.rows, meta.cols, chunk_rows_,
                         chunk_cols_);
  // NA in the matrix's own type: every OMX tool then sees "no path" as missing.
  unsigned char na[8];
  encode_times(meta.dtype, &kUnreachable32, 1, na);
  h5::write_scalar_attribute(times_, "NA", dtype_file_type(meta.dtype), na);
  if (meta.dtype == ResultDtype::uint16 || meta.dtype == ResultDtype::uint32)
    h5::write_attribute(times_, "unreachable", std::uint64_t{meta.dtype == ResultDtype::uint16 ? kUnreachable16 : kUnreachable32});
  h5::write_attribute(times_, "cap", std::uint64_t{meta.cap});
  h5::write_attribute(times_, "time_unit", time_unit_name(meta.time_unit));
  if (meta.has_hops) {
    hops_ = create_matrix(data, "next_hop", hop_file_type(meta.dtype), meta.rows, meta.cols, chunk_rows_, chunk_cols_);
    encode_hops(meta.dtype, &kNoNode, 1, na);
    h5::write_scalar_attribute(hops_, "NA", hop_file_type(meta.dtype), na);
    h5::write_attribute(hops_, "none", std::uint64_t{kNoNode});
  }
  h5::Id lookup = h5::create_group(file_, "lookup");
  h5::write_column(lookup, "origins", origin_codes, h5::ColumnOptions{});
  h5::write_column(lookup, "destinations", destination_codes, h5::ColumnOptions{});
}

ResultWriter::ResultWriter(const std::string& path, const ResultMeta& meta, int threads, Reopen)
    : path_(path), meta_(meta), threads_(std::max(1, threads)) {
  const ChunkShape chunk = result_chunk_shape(meta.rows, meta.cols);
  chunk_rows_ = chunk.rows;
  chunk_cols_ = chunk.cols;
  {
    const ResultReader existing(path);  // checks that it is a result, names what is wrong
    const ResultMeta& m = existing.meta();
    HG_EXPECTS(m.rows == meta.rows && m.cols == meta.cols && m.dtype == meta.dtype && m.cap == meta.cap &&
                   m.has_hops == meta.has_hops,
               ErrorKind::usage, "{}: holds a {} x {} {} matrix (cap {}{}); this request is {} x {} {} (cap {}{})",
               path, m.rows, m.cols, dtype_name(m.dtype), m.cap, m.has_hops ? ", next hops" : "", meta.rows, meta.cols,
               dtype_name(meta.dtype), meta.cap, meta.has_hops ? ", next hops" : "");
  }
  file_ = h5::open_write_shared(path);
  const h5::Where root{path, "/"};
  times_ = h5::open_dataset(file_, "data/transit_time", root.child("data/transit_time"));
  if (meta.has_hops) hops_ = h5::open_dataset(file_, "data/next_hop", root.child("data/next_hop"));
}

void ResultWriter::write_rows(std::uint32_t row_begin, std::uint32_t count, const std::uint32_t* times,
                              const NodeId* hops) {
  if (count == 0 || meta_.cols == 0) return;
  check_alignment(row_begin, count);
  write_dataset_rows(times_, dtype_bytes(meta_.dtype), row_begin, count, times, encode_times);
  if (meta_.has_hops) write_dataset_rows(hops_, hop_bytes(meta_.dtype), row_begin, count, hops, encode_hops);
}

void ResultWriter::check_alignment(std::uint32_t row_begin, std::uint32_t count) const {
  if (row_begin % chunk_rows_ != 0 || (count % chunk_rows_ != 0 && row_begin + count != meta_.rows) ||
      std::uint64_t{row_begin} + count > meta_.rows)
    throw RuntimeError(fmt::format("result rows {}..{} do not align with chunks of {} rows", row_begin,
                                   row_begin + count, chunk_rows_));
}

void ResultWriter::write_row_blocks(std::span<const Rows> blocks, const std::uint32_t* times, const NodeId* hops) {
  if (!cluster::distributed()) {
    std::size_t offset = 0;
    for (const Rows& b : blocks) {
      write_rows(b.begin, b.count, times + offset, hops ? hops + offset : nullptr);
      offset += std::size_t{b.count} * meta_.cols;
    }
    return;
  }
  for (const Rows& b : blocks) check_alignment(b.begin, b.count);
  write_dataset_blocks(times_, dtype_file_type(meta_.dtype), dtype_bytes(meta_.dtype), blocks, times, encode_times);
  if (meta_.has_hops)
    write_dataset_blocks(hops_, hop_file_type(meta_.dtype), hop_bytes(meta_.dtype), blocks, hops, encode_hops);
}

// Collective H5Dwrite calls, one a block: in call k every rank writes its
// k-th block or selects nothing, and HDF5's own filters shuffle and deflate
// the chunks, as the dataset's creation properties say. One block a call
// keeps each selection a single hyperslab of the memory's shape, which
// HDF5 maps to chunks whole (a union of blocks in one call is mapped
// element by element: four times slower). Direct chunk writes are not
// collective: ranks writing chunks of one dataset that way lose each
// other's chunk index entries.
void ResultWriter::write_dataset_blocks(hid_t dataset, hid_t file_type, std::size_t size, std::span<const Rows> blocks,
                                        const std::uint32_t* values,
                                        void (*encode)(ResultDtype, const std::uint32_t*, std::size_t,
                                                       unsigned char*)) {
  const std::uint32_t cols = meta_.cols;
  const std::uint64_t calls = cluster::all_max(std::uint64_t{blocks.size()});
  const h5::Id transfer = h5::collective_transfer();
  std::vector<unsigned char> encoded;
  std::size_t offset = 0;
  for (std::uint64_t k = 0; k < calls; ++k) {
    const Rows block = k < blocks.size() ? blocks[k] : Rows{};
    const std::size_t cells = std::size_t{block.count} * cols;
    encoded.resize(cells * size);
    if (cells > 0) encode(meta_.dtype, values + offset, cells, encoded.data());
    offset += cells;
    h5::Id file_space(h5::check_id(H5Dget_space(dataset), "H5Dget_space"));
    const hsize_t start[2] = {block.begin, 0}, extent[2] = {std::max<hsize_t>(block.count, 1), std::max<hsize_t>(cols, 1)};
    h5::Id memory_space(h5::check_id(H5Screate_simple(2, extent, nullptr), "H5Screate_simple"));
    if (cells > 0) {
      h5::check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, extent, nullptr), "H5Sselect_hyperslab");
    } else {
      h5::check(H5Sselect_none(file_space), "H5Sselect_none");
      h5::check(H5Sselect_none(memory_space), "H5Sselect_none");
    }
    static unsigned char nothing = 0;  // HDF5 wants a buffer even for an empty selection
    if (H5Dwrite(dataset, file_type, memory_space, file_space, transfer, cells > 0 ? encoded.data() : &nothing) < 0)
      throw RuntimeError(fmt::format("{}: cannot write result rows {}..{} collectively (disk full, or a file system "
                                     "the ranks do not share?)",
                                     path_, block.begin, block.begin + block.count));
  }
}

void ResultWriter::write_dataset_rows(hid_t dataset, std::size_t size, std::uint32_t row_begin, std::uint32_t count,
                                      const std::uint32_t* values,
                                      void (*encode)(ResultDtype, const std::uint32_t*, std::size_t,
                                                     unsigned char*)) {
  const std::uint32_t cols = meta_.cols;
  const std::uint32_t chunk_row_count = (count + chunk_rows_ - 1) / chunk_rows_;
  const std::uint32_t chunk_col_count = (cols + chunk_cols_ - 1) / chunk_cols_;
  const std::size_t chunk_bytes = std::size_t{chunk_rows_} * chunk_cols_ * size;
  const std::int64_t chunks = std::int64_t{chunk_row_count} * chunk_col_count;
  std::vector<std::vector<unsigned char>> compressed(static_cast<std::size_t>(chunks));
  const ResultDtype dtype = meta_.dtype;
  bool failed = false;

  // 1. Gather, shuffle and deflate every chunk of the block, in parallel.
#pragma omp parallel num_threads(threads_)
  {
    std::vector<unsigned char> raw(chunk_bytes), shuffled(chunk_bytes);
#pragma omp for schedule(dynamic, 1)
    for (std::int64_t c = 0; c < chunks; ++c) {
      const std::uint32_t cr = static_cast<std::uint32_t>(c / chunk_col_count);
      const std::uint32_t cc = static_cast<std::uint32_t>(c % chunk_col_count);
      const std::uint32_t r0 = cr * chunk_rows_, c0 = cc * chunk_cols_;
      const std::uint32_t nr = std::min(chunk_rows_, count - r0), nc = std::min(chunk_cols_, cols - c0);
      std::fill(raw.begin(), raw.end(), 0);  // edge chunks are stored whole; the padding is never read
      for (std::uint32_t r = 0; r < nr; ++r)
        encode(dtype, values + (std::size_t{r0} + r) * cols + c0, nc, raw.data() + std::size_t{r} * chunk_cols_ * size);
      shuffle_bytes(raw.data(), shuffled.data(), std::size_t{chunk_rows_} * chunk_cols_, size);
      uLongf out_len = compressBound(static_cast<uLong>(chunk_bytes));
      std::vector<unsigned char>& out = compressed[static_cast<std::size_t>(c)];
      out.resize(out_len);
      if (compress2(out.data(), &out_len, shuffled.data(), static_cast<uLong>(chunk_bytes), kDeflateLevel) != Z_OK) {
#pragma omp atomic write
        failed = true;
      }
      out.resize(out_len);
    }
  }
  if (failed) throw RuntimeError("zlib failed to compress a result chunk");

  // 2. Write the compressed chunks in order, bypassing HDF5's own filter pass.
  for (std::int64_t c = 0; c < chunks; ++c) {
    const hsize_t offset[2] = {row_begin + static_cast<hsize_t>(c / chunk_col_count) * chunk_rows_,
                               static_cast<hsize_t>(c % chunk_col_count) * chunk_cols_};
    const auto& buf = compressed[static_cast<std::size_t>(c)];
    if (H5Dwrite_chunk(dataset, H5P_DEFAULT, 0, offset, buf.size(), buf.data()) < 0)
      throw RuntimeError(fmt::format("{}: cannot write the result chunk at row {} (disk full?)", path_, offset[0]));
  }
}

void ResultWriter::flush() {
  if (file_.valid() && H5Fflush(file_, H5F_SCOPE_GLOBAL) < 0)
    throw RuntimeError(fmt::format("{}: cannot flush the result file (disk full?)", path_));
}

void ResultWriter::close() {
  if (!file_.valid()) return;
  if (H5Fflush(file_, H5F_SCOPE_GLOBAL) < 0) throw RuntimeError(fmt::format("{}: cannot flush the result file (disk full?)", path_));
  times_.reset();
  hops_.reset();
  file_.reset();
}

// --- reading -----------------------------------------------------------------------

ResultReader::ResultReader(const std::string& path) : path_(path) {
  file_ = h5::open_read(path);
  const h5::Where root{path, "/"};
  HG_EXPECTS(h5::has_attribute(file_, "OMX_VERSION") && h5::has_link(file_, "data"), ErrorKind::not_a_result,
             "{}: not a result file (no OMX_VERSION attribute or /data group)", path);
  HG_EXPECTS(h5::has_link(file_, "data/transit_time"), ErrorKind::not_a_result,
             "{}: /data/transit_time: missing dataset (not an Hourglass result)", path);
  times_ = h5::open_dataset(file_, "data/transit_time", root.child("data/transit_time"));
  const h5::Where where = root.child("data/transit_time");
  h5::Id space(h5::check_id(H5Dget_space(times_), "H5Dget_space"));
  HG_EXPECTS(H5Sget_simple_extent_ndims(space) == 2, ErrorKind::wrong_rank, "{}: must be 2-dimensional", where.at());
  hsize_t dims[2];
  H5Sget_simple_extent_dims(space, dims, nullptr);
  HG_EXPECTS(dims[0] <= 0xFFFFFFFFu && dims[1] <= 0xFFFFFFFFu, ErrorKind::corrupt_file,
             "{}: declares {} x {}, beyond 32-bit rows and columns (damaged file)", where.at(), dims[0], dims[1]);
  meta_.rows = static_cast<std::uint32_t>(dims[0]);
  meta_.cols = static_cast<std::uint32_t>(dims[1]);
  h5::Id type(h5::check_id(H5Dget_type(times_), "H5Dget_type"));
  const std::optional<ResultDtype> dtype = dtype_of(type);
  HG_EXPECTS(dtype.has_value(), ErrorKind::wrong_type,
             "{}: must be uint16, uint32, int32, int64, float32 or float64", where.at());
  meta_.dtype = *dtype;
  if (h5::has_attribute(times_, "cap")) {
    const std::int64_t cap = h5::read_integer_attribute(times_, "cap", where);
    HG_EXPECTS(cap >= 0 && cap <= kMaxCap, ErrorKind::value_out_of_range, "{}: cap {} is out of range", where.at(), cap);
    meta_.cap = static_cast<Time>(cap);
  }
  if (h5::has_attribute(times_, "time_unit")) {
    const std::string unit = h5::read_string_attribute(times_, "time_unit", where);
    const auto parsed = parse_time_unit(unit);
    HG_EXPECTS(parsed.has_value(), ErrorKind::unknown_time_unit, "{}: time_unit '{}' is unknown", where.at(), unit);
    meta_.time_unit = *parsed;
  }
  if (h5::has_link(file_, "data/next_hop")) {
    hops_ = h5::open_dataset(file_, "data/next_hop", root.child("data/next_hop"));
    meta_.has_hops = true;
  }
  origins_ = h5::read_string_column(h5::open_dataset(file_, "lookup/origins", root.child("lookup/origins")),
                                    root.child("lookup/origins"));
  destinations_ = h5::read_string_column(
      h5::open_dataset(file_, "lookup/destinations", root.child("lookup/destinations")), root.child("lookup/destinations"));
  HG_EXPECTS(origins_.size() == meta_.rows && destinations_.size() == meta_.cols, ErrorKind::length_mismatch,
             "{}: lookups have {} origins and {} destinations but the matrix is {} x {}", path, origins_.size(),
             destinations_.size(), meta_.rows, meta_.cols);
  meta_.attributes = h5::string_attributes(file_, root);
}

std::string ResultReader::attribute(const std::string& name) const {
  for (const auto& [key, value] : meta_.attributes)
    if (key == name) return value;
  return "";
}

std::string ResultReader::recorded_snapshot_file() const {
  const std::string file = attribute("snapshot_file");
  HG_EXPECTS(!file.empty(), ErrorKind::missing_attribute, "{}: no snapshot_file attribute; pass --snapshot-file",
             path_);
  HG_EXPECTS(std::filesystem::exists(file), ErrorKind::missing_file,
             "{}: the snapshot it was solved on, {}, is not there (moved or deleted?); pass --snapshot-file PATH to "
             "point at it",
             path_, file);
  return file;
}

void ResultReader::read_rows(std::uint32_t row_begin, std::uint32_t count, std::uint32_t* times, NodeId* hops) const {
  read_block(row_begin, count, 0, meta_.cols, times, hops);
}

void ResultReader::for_each_row_block(
    std::uint64_t block_values, const std::function<void(std::uint32_t, std::uint32_t, const std::uint32_t*)>& visit) const {
  const auto block = static_cast<std::uint32_t>(
      std::clamp<std::uint64_t>(block_values / std::max<std::uint32_t>(meta_.cols, 1), 1, std::max<std::uint32_t>(meta_.rows, 1)));
  std::vector<std::uint32_t> times(std::size_t{block} * meta_.cols);
  for (std::uint32_t r0 = 0; r0 < meta_.rows; r0 += block) {
    const std::uint32_t count = std::min(block, meta_.rows - r0);
    read_rows(r0, count, times.data(), nullptr);
    visit(r0, count, times.data());
  }
}

void ResultReader::read_block(std::uint32_t row_begin, std::uint32_t count, std::uint32_t col_begin,
                              std::uint32_t col_count, std::uint32_t* times, NodeId* hops) const {
  if (count == 0 || col_count == 0) return;
  const hsize_t start[2] = {row_begin, col_begin}, extent[2] = {count, col_count};
  const std::size_t total = std::size_t{count} * col_count;
  const auto read = [&](hid_t dataset, hid_t mem_type, void* out, const char* what) {
    h5::Id file_space(h5::check_id(H5Dget_space(dataset), "H5Dget_space"));
    h5::check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, extent, nullptr), "H5Sselect_hyperslab");
    h5::Id mem_space(h5::check_id(H5Screate_simple(2, extent, nullptr), "H5Screate_simple"));
    if (H5Dread(dataset, mem_type, mem_space, file_space, H5P_DEFAULT, out) < 0)
      throw InputError(ErrorKind::corrupt_file,
                       fmt::format("{}: {}: rows {}..{} cannot be read", path_, what, row_begin, row_begin + count));
  };
  // A stored value that is no time of this dtype: a damaged or foreign file.
  const auto bad_value = [&](std::size_t i, double value) {
    return InputError(ErrorKind::value_out_of_range,
                      fmt::format("{}: /data/transit_time[{}, {}] = {} is not a time of a {} result", path_,
                                  row_begin + i / col_count, col_begin + i % col_count, value, dtype_name(meta_.dtype)));
  };
  switch (meta_.dtype) {
    case ResultDtype::uint16:
      read(times_, H5T_NATIVE_UINT32, times, "/data/transit_time");
      for (std::size_t i = 0; i < total; ++i)
        if (times[i] == kUnreachable16) times[i] = kUnreachable32;
      break;
    case ResultDtype::uint32:
      read(times_, H5T_NATIVE_UINT32, times, "/data/transit_time");
      break;
    case ResultDtype::int32:
    case ResultDtype::int64: {
      std::vector<std::int64_t> wide(total);
      read(times_, H5T_NATIVE_INT64, wide.data(), "/data/transit_time");
      for (std::size_t i = 0; i < total; ++i) {
        if (wide[i] < -1 || wide[i] >= std::int64_t{kUnreachable32}) throw bad_value(i, static_cast<double>(wide[i]));
        times[i] = wide[i] == -1 ? kUnreachable32 : static_cast<std::uint32_t>(wide[i]);
      }
      break;
    }
    case ResultDtype::float32:
    case ResultDtype::float64: {
      std::vector<double> wide(total);
      read(times_, H5T_NATIVE_DOUBLE, wide.data(), "/data/transit_time");
      for (std::size_t i = 0; i < total; ++i) {
        if (std::isnan(wide[i])) {
          times[i] = kUnreachable32;
          continue;
        }
        if (!(wide[i] >= 0 && wide[i] < double{kUnreachable32}) || wide[i] != std::floor(wide[i]))
          throw bad_value(i, wide[i]);
        times[i] = static_cast<std::uint32_t>(wide[i]);
      }
      break;
    }
  }
  if (hops) {
    HG_EXPECTS(meta_.has_hops, ErrorKind::missing_dataset, "{}: /data/next_hop: missing (solve with --paths)", path_);
    if (!hops_are_int64(meta_.dtype)) {
      read(hops_, H5T_NATIVE_UINT32, hops, "/data/next_hop");
    } else {
      std::vector<std::int64_t> wide(total);
      read(hops_, H5T_NATIVE_INT64, wide.data(), "/data/next_hop");
      for (std::size_t i = 0; i < total; ++i)
        hops[i] = wide[i] < 0 || wide[i] >= std::int64_t{kNoNode} ? kNoNode : static_cast<NodeId>(wide[i]);
    }
  }
}

}  // namespace hg::io
