#include "io/h5.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>

#include "host/core/cluster.hpp"
#include "host/core/errors.hpp"

#ifdef HG_MPI
#include <mpi.h>
#endif

namespace hg::io::h5 {

void Id::reset() {
  if (id_ < 0) return;
  switch (H5Iget_type(id_)) {
    case H5I_FILE: H5Fclose(id_); break;
    case H5I_GROUP: H5Gclose(id_); break;
    case H5I_DATASET: H5Dclose(id_); break;
    case H5I_DATASPACE: H5Sclose(id_); break;
    case H5I_DATATYPE: H5Tclose(id_); break;
    case H5I_ATTR: H5Aclose(id_); break;
    case H5I_GENPROP_LST: H5Pclose(id_); break;
    default: H5Idec_ref(id_); break;
  }
  id_ = H5I_INVALID_HID;
}

void prepare_library() {
  H5dont_atexit();
  silence_library_errors();
}

void silence_library_errors() {
  static std::once_flag once;
  std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

void check(herr_t status, const char* call) {
  if (status < 0) throw RuntimeError(fmt::format("HDF5 call failed: {}", call));
}

hid_t check_id(hid_t id, const char* call) {
  if (id < 0) throw RuntimeError(fmt::format("HDF5 call failed: {}", call));
  return id;
}

Id open_read(const std::string& path) {
  silence_library_errors();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw InputError(ErrorKind::missing_file, fmt::format("{}: no such file", path));
  if (std::filesystem::is_directory(path, ec))
    throw InputError(ErrorKind::missing_file, fmt::format("{}: is a directory, not a file", path));
  {
    std::ifstream probe(path, std::ios::binary);
    if (!probe) throw InputError(ErrorKind::missing_file, fmt::format("{}: cannot be read", path));
  }
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 <= 0)
    throw InputError(ErrorKind::not_hdf5, fmt::format("{}: not an HDF5 file (no HDF5 signature)", path));
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0)
    throw InputError(ErrorKind::corrupt_file,
                     fmt::format("{}: HDF5 file is truncated or damaged (it has an HDF5 signature but cannot be opened)",
                                 path));
  return Id(f);
}

Id create_truncate(const std::string& path) {
  silence_library_errors();
  hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (f < 0) throw RuntimeError(fmt::format("{}: cannot create HDF5 file", path));
  return Id(f);
}

namespace {

// MPI-IO for a file of several ranks; the default driver alone.
Id shared_file_access() {
  Id fapl(check_id(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate"));
#ifdef HG_MPI
  if (cluster::distributed())
    check(H5Pset_fapl_mpio(fapl, *static_cast<const MPI_Comm*>(cluster::mpi_comm()), MPI_INFO_NULL),
          "H5Pset_fapl_mpio");
#endif
  return fapl;
}

}  // namespace

Id create_truncate_shared(const std::string& path) {
  silence_library_errors();
  const Id fapl = shared_file_access();
  hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  if (f < 0) throw RuntimeError(fmt::format("{}: cannot create HDF5 file", path));
  return Id(f);
}

Id open_write_shared(const std::string& path) {
  silence_library_errors();
  const Id fapl = shared_file_access();
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl);
  if (f < 0) throw RuntimeError(fmt::format("{}: cannot be reopened for writing", path));
  return Id(f);
}

Id collective_transfer() {
  Id dxpl(check_id(H5Pcreate(H5P_DATASET_XFER), "H5Pcreate"));
#ifdef HG_MPI
  if (cluster::distributed()) {
    check(H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio");
  }
#endif
  return dxpl;
}

bool has_link(hid_t loc, const std::string& name) {
  return H5Lexists(loc, name.c_str(), H5P_DEFAULT) > 0;
}

bool is_group(hid_t loc, const std::string& name) {
  if (!has_link(loc, name)) return false;
  H5O_info_t info;
#if H5_VERSION_GE(1, 12, 0)
  if (H5Oget_info_by_name3(loc, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return false;
#else
  if (H5Oget_info_by_name2(loc, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return false;
#endif
  return info.type == H5O_TYPE_GROUP;
}

Id open_group(hid_t loc, const std::string& name, const Where& where) {
  if (!has_link(loc, name))
    throw InputError(ErrorKind::missing_group, fmt::format("{}: missing group", where.at()));
  if (!is_group(loc, name))
    throw InputError(ErrorKind::missing_group, fmt::format("{}: is not a group", where.at()));
  hid_t g = H5Gopen2(loc, name.c_str(), H5P_DEFAULT);
  if (g < 0) throw InputError(ErrorKind::corrupt_file, fmt::format("{}: group cannot be opened", where.at()));
  return Id(g);
}

Id open_dataset(hid_t loc, const std::string& name, const Where& where) {
  if (!has_link(loc, name))
    throw InputError(ErrorKind::missing_dataset, fmt::format("{}: missing dataset", where.at()));
  hid_t d = H5Dopen2(loc, name.c_str(), H5P_DEFAULT);
  if (d < 0) throw InputError(ErrorKind::missing_dataset, fmt::format("{}: is not a readable dataset", where.at()));
  return Id(d);
}

Id create_group(hid_t loc, const std::string& name) {
  return Id(check_id(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "H5Gcreate2"));
}

std::vector<std::string> child_names(hid_t group) {
  std::vector<std::string> names;
  H5Literate(
      group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->emplace_back(name);
        return 0;
      },
      &names);
  return names;
}

// --- attributes --------------------------------------------------------------

bool has_attribute(hid_t obj, const std::string& name) { return H5Aexists(obj, name.c_str()) > 0; }

std::vector<std::string> attribute_names(hid_t obj) {
  std::vector<std::string> names;
  hsize_t idx = 0;
  H5Aiterate2(
      obj, H5_INDEX_NAME, H5_ITER_INC, &idx,
      [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->emplace_back(name);
        return 0;
      },
      &names);
  return names;
}

namespace {

Id open_attribute(hid_t obj, const std::string& name, const Where& where) {
  // HDF5 decodes the attribute messages to find and open one, and refuses a
  // damaged one (a datatype larger than the data stored): a damaged file,
  // neither a missing attribute nor a failure of ours.
  const auto damaged = [&] {
    return InputError(ErrorKind::corrupt_file,
                      fmt::format("{}: attribute '{}' cannot be read (damaged file)", where.at(), name));
  };
  const htri_t exists = H5Aexists(obj, name.c_str());
  if (exists < 0) throw damaged();
  if (exists == 0)
    throw InputError(ErrorKind::missing_attribute, fmt::format("{}: missing attribute '{}'", where.at(), name));
  const hid_t attr = H5Aopen(obj, name.c_str(), H5P_DEFAULT);
  if (attr < 0) throw damaged();
  return Id(attr);
}

// Number of elements of a scalar or 1-element 1-D dataspace; error otherwise.
void expect_single_value(hid_t space, const Where& where, const std::string& name) {
  const int rank = H5Sget_simple_extent_ndims(space);
  const hssize_t count = H5Sget_simple_extent_npoints(space);
  if (rank > 1 || count != 1)
    throw InputError(ErrorKind::wrong_rank,
                     fmt::format("{}: attribute '{}' must hold one value, it holds {}", where.at(), name, count));
}

// A damaged file can fail in the read itself (a variable-length string whose
// global heap is broken): bad input, like a failed H5Dread of a column.
void read_attribute(hid_t attr, hid_t mem_type, void* buf, const Where& where, const std::string& name) {
  if (H5Aread(attr, mem_type, buf) < 0)
    throw InputError(ErrorKind::corrupt_file,
                     fmt::format("{}: attribute '{}' cannot be read (damaged file)", where.at(), name));
}

}  // namespace

std::string read_string_attribute(hid_t obj, const std::string& name, const Where& where) {
  Id attr = open_attribute(obj, name, where);
  Id type(check_id(H5Aget_type(attr), "H5Aget_type"));
  if (H5Tget_class(type) != H5T_STRING)
    throw InputError(ErrorKind::wrong_type, fmt::format("{}: attribute '{}' must be a string", where.at(), name));
  Id space(check_id(H5Aget_space(attr), "H5Aget_space"));
  expect_single_value(space, where, name);
  std::string value;
  if (H5Tis_variable_str(type) > 0) {
    Id mem(check_id(H5Tcopy(H5T_C_S1), "H5Tcopy"));
    check(H5Tset_size(mem, H5T_VARIABLE), "H5Tset_size");
    check(H5Tset_cset(mem, H5Tget_cset(type)), "H5Tset_cset");
    char* ptr = nullptr;
    read_attribute(attr, mem, &ptr, where, name);
    if (ptr) value = ptr;
    H5free_memory(ptr);
  } else {
    const std::size_t size = H5Tget_size(type);
    std::string buf(size, '\0');
    read_attribute(attr, type, buf.data(), where, name);
    value = buf.substr(0, std::strlen(buf.c_str()));
    if (H5Tget_strpad(type) == H5T_STR_SPACEPAD)
      while (!value.empty() && value.back() == ' ') value.pop_back();
  }
  if (!valid_utf8(value))
    throw InputError(ErrorKind::invalid_utf8, fmt::format("{}: attribute '{}' is not valid UTF-8", where.at(), name));
  return value;
}

std::vector<std::pair<std::string, std::string>> string_attributes(hid_t obj, const Where& where) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& name : attribute_names(obj)) {
    Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
    Id type(attr.valid() ? H5Aget_type(attr) : H5I_INVALID_HID);
    if (type.valid() && H5Tget_class(type) == H5T_STRING) out.emplace_back(name, read_string_attribute(obj, name, where));
  }
  return out;
}

std::optional<std::string> read_optional_string_attribute(hid_t obj, const std::string& name, const Where& where) {
  if (!has_attribute(obj, name)) return std::nullopt;
  return read_string_attribute(obj, name, where);
}

std::int64_t read_integer_attribute(hid_t obj, const std::string& name, const Where& where) {
  Id attr = open_attribute(obj, name, where);
  Id type(check_id(H5Aget_type(attr), "H5Aget_type"));
  if (H5Tget_class(type) != H5T_INTEGER)
    throw InputError(ErrorKind::wrong_type, fmt::format("{}: attribute '{}' must be an integer", where.at(), name));
  Id space(check_id(H5Aget_space(attr), "H5Aget_space"));
  expect_single_value(space, where, name);
  if (H5Tget_sign(type) == H5T_SGN_NONE) {
    std::uint64_t v = 0;
    read_attribute(attr, H5T_NATIVE_UINT64, &v, where, name);
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      throw InputError(ErrorKind::value_out_of_range,
                       fmt::format("{}: attribute '{}' = {} is too large", where.at(), name, v));
    return static_cast<std::int64_t>(v);
  }
  std::int64_t v = 0;
  read_attribute(attr, H5T_NATIVE_INT64, &v, where, name);
  return v;
}

void write_attribute(hid_t obj, const std::string& name, std::string_view value) {
  Id type(check_id(H5Tcopy(H5T_C_S1), "H5Tcopy"));
  check(H5Tset_size(type, H5T_VARIABLE), "H5Tset_size");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "H5Tset_cset");
  Id space(check_id(H5Screate(H5S_SCALAR), "H5Screate"));
  if (has_attribute(obj, name)) check(H5Adelete(obj, name.c_str()), "H5Adelete");
  Id attr(check_id(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2"));
  const std::string copy(value);
  const char* ptr = copy.c_str();
  check(H5Awrite(attr, type, &ptr), "H5Awrite");
}

namespace {
template <class T>
void write_numeric_attribute(hid_t obj, const std::string& name, hid_t file_type, hid_t mem_type,
                             const T* values, hsize_t count, bool scalar) {
  Id space(check_id(scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &count, nullptr), "H5Screate"));
  if (has_attribute(obj, name)) check(H5Adelete(obj, name.c_str()), "H5Adelete");
  Id attr(check_id(H5Acreate2(obj, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2"));
  check(H5Awrite(attr, mem_type, values), "H5Awrite");
}
}  // namespace

void write_attribute(hid_t obj, const std::string& name, std::int64_t value) {
  write_numeric_attribute(obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value, 1, true);
}
void write_attribute(hid_t obj, const std::string& name, std::uint64_t value) {
  write_numeric_attribute(obj, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value, 1, true);
}
void write_attribute(hid_t obj, const std::string& name, std::span<const std::uint32_t> values) {
  write_numeric_attribute(obj, name, H5T_STD_U32LE, H5T_NATIVE_UINT32, values.data(), values.size(), false);
}
void write_attribute(hid_t obj, const std::string& name, std::span<const std::int32_t> values) {
  write_numeric_attribute(obj, name, H5T_STD_I32LE, H5T_NATIVE_INT32, values.data(), values.size(), false);
}
void write_scalar_attribute(hid_t obj, const std::string& name, hid_t type, const void* value) {
  static_assert(std::endian::native == std::endian::little, "values are passed in the little-endian file layout");
  Id space(check_id(H5Screate(H5S_SCALAR), "H5Screate"));
  if (has_attribute(obj, name)) check(H5Adelete(obj, name.c_str()), "H5Adelete");
  Id attr(check_id(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2"));
  check(H5Awrite(attr, type, value), "H5Awrite");
}

void write_ascii_attribute(hid_t obj, const std::string& name, std::string_view value) {
  Id type(check_id(H5Tcopy(H5T_C_S1), "H5Tcopy"));
  check(H5Tset_size(type, std::max<std::size_t>(value.size(), 1)), "H5Tset_size");
  check(H5Tset_strpad(type, H5T_STR_NULLPAD), "H5Tset_strpad");
  check(H5Tset_cset(type, H5T_CSET_ASCII), "H5Tset_cset");
  Id space(check_id(H5Screate(H5S_SCALAR), "H5Screate"));
  if (has_attribute(obj, name)) check(H5Adelete(obj, name.c_str()), "H5Adelete");
  Id attr(check_id(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2"));
  const std::string padded = value.empty() ? std::string(1, '\0') : std::string(value);
  check(H5Awrite(attr, type, padded.data()), "H5Awrite");
}

// --- reading columns -----------------------------------------------------------

std::uint64_t column_length(hid_t dataset, const Where& where) {
  Id space(check_id(H5Dget_space(dataset), "H5Dget_space"));
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank != 1)
    throw InputError(ErrorKind::wrong_rank, fmt::format("{}: must be 1-dimensional, has rank {}", where.at(), rank));
  hsize_t dims[1] = {0};
  H5Sget_simple_extent_dims(space, dims, nullptr);
  return dims[0];
}

namespace {

// --- what a dataset may declare -------------------------------------------------
//
// A column's length and element size come from the file, and a damaged file
// can declare anything (docs/fuzzing.md, finding 4: rows x size of
// 0x8000000640 bytes, a std::bad_alloc or terabytes asked for). Before a
// reader allocates anything for a column, check_extent() compares the bytes
// the column declares (rows x bytes per element as stored in the file; 16 for
// a variable-length string's heap reference) with what the file can hold:
//
//  1. rows x size must not overflow 64 bits;
//  2. a compact dataset, or a contiguous one whose storage is allocated,
//     stores its data unfiltered in one block that HDF5 sizes to exactly
//     rows x size bytes; the declared bytes may not exceed that block
//     (H5Dget_storage_size). This catches a damaged dataspace or string size
//     in the common layouts exactly, whatever the file's size;
//  3. whatever else a read returns comes from the file's bytes, expanded by a
//     filter (deflate: at most 1032 to 1), or is the fill value of blocks and
//     chunks never written. The declared bytes may not exceed kMaxExpansion
//     times the file's size;
//  4. no column Hourglass reads (snapshots, results, hierarchy files) has
//     more than 2^32 rows: node ids and CSR offsets are 32-bit, and
//     validate_network and compile refuse 2^32 - 1 nodes or edges.
//     Too large rather than damaged; the only rule for data kept outside the
//     file (external raw files, virtual datasets), which 2 and 3 skip.
//
// None of these refuses a valid file, except (rule 3) a column larger than
// 1032 times the whole file that reads mostly as its fill value or through a
// filter beyond deflate's ratio (scale-offset on a constant column), while
// the same file holds a distinct code for every node. Hourglass's writer
// writes every column (contiguous, or deflated in 1 MiB chunks), and so does
// h5py when it is given the data. What a reader then allocates stays within
// a few times the declared bytes (at most 9 for 1-byte strings: characters
// and offsets; integer columns are read a block at a time, not widened whole).

constexpr std::uint64_t kMaxExpansion = 1032;
constexpr std::uint64_t kMaxRows = std::uint64_t{1} << 32;

std::uint64_t file_size(hid_t object) {
  Id file(check_id(H5Iget_file_id(object), "H5Iget_file_id"));
  hsize_t size = 0;
  check(H5Fget_filesize(file, &size), "H5Fget_filesize");
  return size;
}

// Bytes one variable-length string takes in the dataset itself: its length
// (4 bytes) and a global heap ID (an address and a 4-byte index); the
// characters live in the global heap.
std::uint64_t vlen_reference_bytes(hid_t dataset) {
  Id file(check_id(H5Iget_file_id(dataset), "H5Iget_file_id"));
  Id fcpl(check_id(H5Fget_create_plist(file), "H5Fget_create_plist"));
  std::size_t sizeof_addr = 8, sizeof_size = 8;
  check(H5Pget_sizes(fcpl, &sizeof_addr, &sizeof_size), "H5Pget_sizes");
  return 4 + sizeof_addr + 4;
}

// The dataset's creation properties (layout, chunks, filters, fill value:
// HDF5 converts the fill value here, and a damaged one fails).
Id create_plist(hid_t dataset, const Where& where) {
  const hid_t dcpl = H5Dget_create_plist(dataset);
  if (dcpl < 0)
    throw InputError(ErrorKind::corrupt_file,
                     fmt::format("{}: dataset properties cannot be read (damaged file)", where.at()));
  return Id(dcpl);
}

void check_extent(hid_t dataset, const Where& where, std::uint64_t rows, std::uint64_t element_bytes) {
  element_bytes = std::max<std::uint64_t>(element_bytes, 1);
  std::uint64_t declared = 0;
  if (__builtin_mul_overflow(rows, element_bytes, &declared))
    throw InputError(ErrorKind::corrupt_file,
                     fmt::format("{}: declares {} elements of {} bytes, more bytes than 64 bits can count (damaged file)",
                                 where.at(), rows, element_bytes));
  Id dcpl = create_plist(dataset, where);
  const H5D_layout_t layout = H5Pget_layout(dcpl);
  const bool outside_the_file = layout == H5D_VIRTUAL || H5Pget_external_count(dcpl) > 0;
  if (!outside_the_file) {
    // Only for these layouts: for a chunked one it would walk the chunk index.
    const std::uint64_t stored =
        layout == H5D_COMPACT || layout == H5D_CONTIGUOUS ? H5Dget_storage_size(dataset) : 0;
    if (stored > 0 && declared > stored)
      throw InputError(ErrorKind::corrupt_file,
                       fmt::format("{}: declares {} elements of {} bytes ({} bytes) but the file stores only {} bytes "
                                   "for it (damaged file)",
                                   where.at(), rows, element_bytes, declared, stored));
    const std::uint64_t file_bytes = file_size(dataset);
    if (file_bytes < std::numeric_limits<std::uint64_t>::max() / kMaxExpansion && declared > file_bytes * kMaxExpansion)
      throw InputError(ErrorKind::corrupt_file,
                       fmt::format("{}: declares {} elements of {} bytes ({} bytes), more than the whole file of {} "
                                   "bytes can hold (damaged file)",
                                   where.at(), rows, element_bytes, declared, file_bytes));
  }
  if (rows > kMaxRows)
    throw InputError(ErrorKind::too_large,
                     fmt::format("{}: declares {} elements; a column holds at most 2^32 (32-bit indices)", where.at(),
                                 rows));
}

// Reads an integer column as int64 or uint64 (exact widening in HDF5) a
// block at a time, so that a column of int8 costs no 8-byte copy of the
// whole column. A block is a whole number of chunks: no chunk is
// decompressed twice.
template <class Raw, class Accept>
void read_integer_blocks(hid_t dataset, hid_t mem_type, const Where& where, std::uint64_t n, Accept&& accept) {
  if (n == 0) return;
  std::uint64_t block = std::uint64_t{1} << 16;
  Id dcpl = create_plist(dataset, where);
  hsize_t chunk = 0;
  if (H5Pget_layout(dcpl) == H5D_CHUNKED && H5Pget_chunk(dcpl, 1, &chunk) == 1 && chunk > 0)
    block = chunk >= n ? n : (block + chunk - 1) / chunk * chunk;  // n <= 2^32 (check_extent): no overflow
  block = std::min(block, n);
  std::vector<Raw> raw(block);
  const auto unreadable = [&] {
    return InputError(ErrorKind::corrupt_file, fmt::format("{}: cannot be read", where.at()));
  };
  if (block == n) {
    if (H5Dread(dataset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) throw unreadable();
    for (std::uint64_t i = 0; i < n; ++i) accept(i, raw[i]);
    return;
  }
  Id file_space(check_id(H5Dget_space(dataset), "H5Dget_space"));
  for (std::uint64_t begin = 0; begin < n; begin += block) {
    const hsize_t start = begin, count = std::min(block, n - begin);
    if (H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &start, nullptr, &count, nullptr) < 0) throw unreadable();
    Id mem_space(check_id(H5Screate_simple(1, &count, nullptr), "H5Screate_simple"));
    if (H5Dread(dataset, mem_type, mem_space, file_space, H5P_DEFAULT, raw.data()) < 0) throw unreadable();
    for (std::uint64_t i = 0; i < count; ++i) accept(begin + i, raw[i]);
  }
}

// Hands each value of any integer column to `accept`, which checks and stores
// it. The type has been checked to be an integer, the extent by check_extent.
template <class Accept>
void for_each_integer(hid_t dataset, hid_t type, const Where& where, std::uint64_t n, Accept&& accept) {
  if (H5Tget_sign(type) == H5T_SGN_NONE) {
    read_integer_blocks<std::uint64_t>(dataset, H5T_NATIVE_UINT64, where, n,
                                       [&](std::uint64_t i, std::uint64_t u) { accept(i, false, u, 0); });
  } else {
    read_integer_blocks<std::int64_t>(dataset, H5T_NATIVE_INT64, where, n, [&](std::uint64_t i, std::int64_t s) {
      accept(i, s < 0, static_cast<std::uint64_t>(s), s);
    });
  }
}

Id integer_type(hid_t dataset, const Where& where) {
  Id type(check_id(H5Dget_type(dataset), "H5Dget_type"));
  if (H5Tget_class(type) != H5T_INTEGER)
    throw InputError(ErrorKind::wrong_type, fmt::format("{}: must have an integer dtype", where.at()));
  return type;
}

bool is_native(hid_t file_type, hid_t native) { return H5Tequal(file_type, native) > 0; }

}  // namespace

std::vector<std::uint32_t> read_u32_column(hid_t dataset, const Where& where, std::uint32_t max_value) {
  const std::uint64_t n = column_length(dataset, where);
  Id type = integer_type(dataset, where);
  check_extent(dataset, where, n, H5Tget_size(type));
  std::vector<std::uint32_t> out(n);
  if (is_native(type, H5T_NATIVE_UINT32)) {
    // Fast path: the stored type is ours; only the range needs checking.
    if (n && H5Dread(dataset, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
      throw InputError(ErrorKind::corrupt_file, fmt::format("{}: cannot be read", where.at()));
    if (max_value != std::numeric_limits<std::uint32_t>::max()) {
      for (std::uint64_t i = 0; i < n; ++i)
        if (out[i] > max_value)
          throw InputError(ErrorKind::value_out_of_range,
                           fmt::format("{}: value {} is above the largest allowed, {}", where.at(i), out[i], max_value));
    }
    return out;
  }
  for_each_integer(dataset, type, where, n, [&](std::uint64_t i, bool negative, std::uint64_t u, std::int64_t s) {
    if (negative)
      throw InputError(ErrorKind::value_out_of_range,
                       fmt::format("{}: negative value {} where a uint32 is required", where.at(i), s));
    if (u > max_value)
      throw InputError(ErrorKind::value_out_of_range,
                       fmt::format("{}: value {} does not fit (largest allowed {})", where.at(i), u, max_value));
    out[i] = static_cast<std::uint32_t>(u);
  });
  return out;
}

std::vector<std::uint8_t> read_u8_column(hid_t dataset, const Where& where) {
  const std::uint64_t n = column_length(dataset, where);
  Id type = integer_type(dataset, where);
  check_extent(dataset, where, n, H5Tget_size(type));
  std::vector<std::uint8_t> out(n);
  for_each_integer(dataset, type, where, n, [&](std::uint64_t i, bool negative, std::uint64_t u, std::int64_t s) {
    if (negative || u > 255)
      throw InputError(ErrorKind::value_out_of_range,
                       fmt::format("{}: value {} does not fit uint8", where.at(i), negative ? s : static_cast<std::int64_t>(u)));
    out[i] = static_cast<std::uint8_t>(u);
  });
  return out;
}

std::vector<double> read_f64_column(hid_t dataset, const Where& where) {
  const std::uint64_t n = column_length(dataset, where);
  Id type(check_id(H5Dget_type(dataset), "H5Dget_type"));
  const H5T_class_t cls = H5Tget_class(type);
  if (cls != H5T_FLOAT && cls != H5T_INTEGER)
    throw InputError(ErrorKind::wrong_type, fmt::format("{}: must have a floating-point dtype", where.at()));
  check_extent(dataset, where, n, H5Tget_size(type));
  std::vector<double> out(n);
  if (cls == H5T_FLOAT) {
    if (n && H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
      throw InputError(ErrorKind::corrupt_file, fmt::format("{}: cannot be read", where.at()));
    return out;
  }
  constexpr std::uint64_t kExact = std::uint64_t{1} << 53;
  for_each_integer(dataset, type, where, n, [&](std::uint64_t i, bool negative, std::uint64_t u, std::int64_t s) {
    const std::uint64_t magnitude = negative ? static_cast<std::uint64_t>(-(s + 1)) + 1 : u;
    if (magnitude > kExact)
      throw InputError(ErrorKind::value_out_of_range,
                       fmt::format("{}: integer {} has no exact float64 value", where.at(i), negative ? s : static_cast<std::int64_t>(u)));
    out[i] = negative ? static_cast<double>(s) : static_cast<double>(u);
  });
  return out;
}

StringColumn read_string_column(hid_t dataset, const Where& where) {
  const std::uint64_t n = column_length(dataset, where);
  Id type(check_id(H5Dget_type(dataset), "H5Dget_type"));
  if (H5Tget_class(type) != H5T_STRING)
    throw InputError(ErrorKind::wrong_type, fmt::format("{}: must have a string dtype", where.at()));
  StringColumn out;
  if (H5Tis_variable_str(type) > 0) {
    check_extent(dataset, where, n, vlen_reference_bytes(dataset));
    Id mem(check_id(H5Tcopy(H5T_C_S1), "H5Tcopy"));
    check(H5Tset_size(mem, H5T_VARIABLE), "H5Tset_size");
    check(H5Tset_cset(mem, H5Tget_cset(type)), "H5Tset_cset");
    std::vector<char*> ptrs(n, nullptr);
    if (n && H5Dread(dataset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0)
      throw InputError(ErrorKind::corrupt_file, fmt::format("{}: cannot be read", where.at()));
    std::size_t total = 0;
    for (const char* p : ptrs) total += p ? std::strlen(p) : 0;
    out.reserve(n, total);
    for (const char* p : ptrs) out.push_back(p ? std::string_view(p) : std::string_view());
    Id space(check_id(H5Dget_space(dataset), "H5Dget_space"));
    if (n) H5Dvlen_reclaim(mem, space, H5P_DEFAULT, ptrs.data());
  } else {
    const std::size_t size = H5Tget_size(type);
    check_extent(dataset, where, n, size);
    const bool space_padded = H5Tget_strpad(type) == H5T_STR_SPACEPAD;
    std::vector<char> buf(n * size);
    if (n && H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0)
      throw InputError(ErrorKind::corrupt_file, fmt::format("{}: cannot be read", where.at()));
    out.reserve(n, buf.size());
    for (std::uint64_t i = 0; i < n; ++i) {
      const char* p = buf.data() + i * size;
      std::size_t len = 0;
      while (len < size && p[len] != '\0') ++len;
      if (space_padded)
        while (len > 0 && p[len - 1] == ' ') --len;
      out.push_back(std::string_view(p, len));
    }
  }
  for (std::uint64_t i = 0; i < n; ++i)
    if (!valid_utf8(out[i]))
      throw InputError(ErrorKind::invalid_utf8, fmt::format("{}: string is not valid UTF-8", where.at(i)));
  return out;
}

// --- writing columns -------------------------------------------------------------

namespace {

Id column_create_plist(hsize_t n, std::size_t element_size, const ColumnOptions& options) {
  Id plist(check_id(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate"));
  if (options.deflate > 0 && n > 0) {
    // ~1 MiB chunks: large enough to compress well, small enough to read fast.
    const hsize_t chunk = std::min<hsize_t>(n, std::max<hsize_t>(1, (hsize_t{1} << 20) / std::max<std::size_t>(element_size, 1)));
    check(H5Pset_chunk(plist, 1, &chunk), "H5Pset_chunk");
    check(H5Pset_shuffle(plist), "H5Pset_shuffle");
    check(H5Pset_deflate(plist, static_cast<unsigned>(options.deflate)), "H5Pset_deflate");
  }
  return plist;
}

void write_raw_column(hid_t group, const std::string& name, hid_t file_type, hid_t mem_type, const void* data,
                      hsize_t n, std::size_t element_size, const ColumnOptions& options) {
  Id space(check_id(H5Screate_simple(1, &n, nullptr), "H5Screate_simple"));
  Id plist = column_create_plist(n, element_size, options);
  Id dset(check_id(H5Dcreate2(group, name.c_str(), file_type, space, H5P_DEFAULT, plist, H5P_DEFAULT), "H5Dcreate2"));
  if (n) check(H5Dwrite(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "H5Dwrite");
}

}  // namespace

void write_column(hid_t group, const std::string& name, std::span<const std::uint32_t> values, const ColumnOptions& options) {
  write_raw_column(group, name, H5T_STD_U32LE, H5T_NATIVE_UINT32, values.data(), values.size(), 4, options);
}
void write_column(hid_t group, const std::string& name, std::span<const std::uint8_t> values, const ColumnOptions& options) {
  write_raw_column(group, name, H5T_STD_U8LE, H5T_NATIVE_UINT8, values.data(), values.size(), 1, options);
}
void write_column(hid_t group, const std::string& name, std::span<const double> values, const ColumnOptions& options) {
  write_raw_column(group, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(), values.size(), 8, options);
}

Id fixed_string_type(std::size_t size) {
  Id type(check_id(H5Tcopy(H5T_C_S1), "H5Tcopy"));
  check(H5Tset_size(type, std::max<std::size_t>(size, 1)), "H5Tset_size");
  check(H5Tset_strpad(type, H5T_STR_NULLPAD), "H5Tset_strpad");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "H5Tset_cset");
  return type;
}

void write_column(hid_t group, const std::string& name, const StringColumn& values, const ColumnOptions& options) {
  const hsize_t n = values.size();
  if (options.fixed_length_strings) {
    const std::size_t width = std::max<std::size_t>(values.max_length(), 1);
    Id type = fixed_string_type(width);
    std::vector<char> buf(n * width, '\0');
    for (hsize_t i = 0; i < n; ++i) {
      const std::string_view s = values[i];
      std::memcpy(buf.data() + i * width, s.data(), s.size());
    }
    write_raw_column(group, name, type, type, buf.data(), n, width, options);
  } else {
    Id type(check_id(H5Tcopy(H5T_C_S1), "H5Tcopy"));
    check(H5Tset_size(type, H5T_VARIABLE), "H5Tset_size");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "H5Tset_cset");
    std::string storage;
    storage.reserve(values.total_chars() + n);
    std::vector<std::size_t> starts(n);
    for (hsize_t i = 0; i < n; ++i) {
      starts[i] = storage.size();
      storage.append(values[i]);
      storage.push_back('\0');
    }
    std::vector<const char*> ptrs(n);
    for (hsize_t i = 0; i < n; ++i) ptrs[i] = storage.data() + starts[i];
    write_raw_column(group, name, type, type, ptrs.data(), n, sizeof(char*), options);
  }
}

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

}  // namespace hg::io::h5
