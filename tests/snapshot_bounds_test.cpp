// Columns whose declared extent the file cannot hold (docs/fuzzing.md,
// finding 4): the readers refuse them as corrupt-file before allocating
// anything, and valid files with unusual layouts (compact, unwritten,
// chunked and deflated, integer columns longer than one read block) still
// read. Every bad file is built here: a valid snapshot, then one column
// replaced through the HDF5 C API or one field of it patched in the bytes.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "host/core/errors.hpp"
#include "io/h5.hpp"
#include "io/snapshot.hpp"
#include "tests/support/snapshot_helpers.hpp"
#include "tests/support/test_support.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define HG_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HG_UNDER_ASAN 1
#endif
#endif

extern char** environ;

namespace hg {
namespace {

namespace fs = std::filesystem;
using io::h5::Id;

constexpr hsize_t kHuge = hsize_t{1} << 40;  // 2^40 rows
const std::string kBase = "/snapshots/base";

using test::edit_file;
using test::three_nodes;

std::string write_valid(const Network& net = three_nodes(), io::h5::ColumnOptions columns = {}) {
  return test::write_snapshot_file(net, columns);
}

// How a replacement column is stored. None of the huge ones is ever
// written: their storage is never allocated, or no chunk of it is.
enum class Storage { contiguous_late, chunked, chunked_deflated };

const char* storage_name(Storage s) {
  switch (s) {
    case Storage::contiguous_late: return "contiguous, allocated late, never written";
    case Storage::chunked: return "chunked, allocated incrementally, no chunk written";
    case Storage::chunked_deflated: return "chunked and deflated, no chunk written";
  }
  return "";
}

// Replaces the dataset at `path` by one of `rows` elements of `type`, never
// written: a read returns the fill value, and the file holds no more of it
// than its object header.
void replace_unwritten(hid_t f, const std::string& path, hid_t type, hsize_t rows, Storage storage,
                       hsize_t chunk = 1024) {
  if (H5Lexists(f, path.c_str(), H5P_DEFAULT) > 0) {
    ASSERT_GE(H5Ldelete(f, path.c_str(), H5P_DEFAULT), 0);
  }
  Id space(H5Screate_simple(1, &rows, nullptr));
  Id dcpl(H5Pcreate(H5P_DATASET_CREATE));
  if (storage == Storage::contiguous_late) {
    ASSERT_GE(H5Pset_layout(dcpl, H5D_CONTIGUOUS), 0);
    ASSERT_GE(H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_LATE), 0);
  } else {
    chunk = std::min(chunk, rows);  // a chunk may not exceed a fixed extent
    ASSERT_GE(H5Pset_chunk(dcpl, 1, &chunk), 0);
    ASSERT_GE(H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_INCR), 0);
    if (storage == Storage::chunked_deflated) {
      ASSERT_GE(H5Pset_deflate(dcpl, 6), 0);
    }
  }
  Id d(H5Dcreate2(f, path.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
  ASSERT_TRUE(d.valid()) << path;
  EXPECT_EQ(H5Dget_storage_size(d), 0u);
}

Id fixed_string(std::size_t size) { return io::h5::fixed_string_type(size); }

Id vlen_string() {
  Id type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  return type;
}

// Expects read_snapshot to fail with `kind`, naming the file and holding
// every fragment.
void expect_error(const std::string& path, ErrorKind kind, const std::vector<std::string>& fragments) {
  try {
    io::read_snapshot(path);
    ADD_FAILURE() << "expected error " << error_kind_name(kind);
  } catch (const InputError& e) {
    EXPECT_EQ(error_kind_name(e.kind()), error_kind_name(kind)) << e.what();
    EXPECT_NE(std::string(e.what()).find(path + ": "), std::string::npos) << "the file is not named: " << e.what();
    for (const auto& f : fragments) EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what();
  }
}

// --- byte patches -------------------------------------------------------------------

std::string read_bytes(const std::string& path) { return test::read_file(path); }
void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}
std::string le(std::uint64_t v, int bytes) {
  std::string s;
  for (int i = 0; i < bytes; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  return s;
}

// Sets the extent of every 1-D dataspace message that declares `rows`
// (version 1: 1, rank 1, flags, 5 reserved bytes; version 2: 2, rank 1,
// flags, type 1) to `to`, maximum dimension included; returns how many.
int patch_dataspace_rows(std::string& bytes, std::uint64_t rows, std::uint64_t to) {
  const std::string dims = le(rows, 8);
  int patched = 0;
  for (std::size_t at = bytes.find(dims); at != std::string::npos; at = bytes.find(dims, at + 1)) {
    if (at < 8) continue;
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
    const bool v1 = b(at - 8) == 1 && b(at - 7) == 1 && b(at - 5) == 0 && bytes.compare(at - 4, 4, le(0, 4)) == 0;
    const bool v2 = b(at - 4) == 2 && b(at - 3) == 1 && b(at - 1) == 1;
    if (!v1 && !v2) continue;
    const unsigned flags = v1 ? b(at - 6) : b(at - 2);
    bytes.replace(at, 8, le(to, 8));
    if ((flags & 1) && bytes.compare(at + 8, 8, dims) == 0) bytes.replace(at + 8, 8, le(to, 8));
    ++patched;
  }
  return patched;
}

// Sets the size of every string datatype message (class 3, version 1) of
// `size` bytes to `to`; returns how many.
int patch_string_size(std::string& bytes, std::uint32_t size, std::uint32_t to) {
  const std::string field = le(size, 4);
  int patched = 0;
  for (std::size_t at = bytes.find(field); at != std::string::npos; at = bytes.find(field, at + 1)) {
    if (at < 4 || static_cast<unsigned char>(bytes[at - 4]) != 0x13) continue;
    bytes.replace(at, 4, le(to, 4));
    ++patched;
  }
  return patched;
}

std::uint64_t extent_of(const std::string& file, const std::string& dataset) {
  Id f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  Id d(f.valid() ? H5Dopen2(f, dataset.c_str(), H5P_DEFAULT) : H5I_INVALID_HID);
  if (!d.valid()) return 0;
  Id space(H5Dget_space(d));
  hsize_t dims[1] = {0};
  H5Sget_simple_extent_dims(space, dims, nullptr);
  return dims[0];
}

// A snapshot whose `column` holds `rows` real values of `type` (contiguous,
// written, so the file stores rows x size bytes for it), then its dataspace
// patched to declare 2^40 rows: a huge dataspace inside a small file.
std::string huge_dataspace_in_a_small_file(const std::string& column, hid_t type, std::uint64_t rows) {
  const std::string path = write_valid();
  const std::size_t size = H5Tis_variable_str(type) > 0 ? 0 : H5Tget_size(type);
  edit_file(path, [&](hid_t f) {
    const std::string at = kBase + "/" + column;
    H5Ldelete(f, at.c_str(), H5P_DEFAULT);
    const hsize_t n = rows;
    Id space(H5Screate_simple(1, &n, nullptr));
    Id d(H5Dcreate2(f, at.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    ASSERT_TRUE(d.valid());
    if (size == 0) {  // variable-length strings: "s0", "s1", …
      std::vector<std::string> values(rows);
      std::vector<const char*> ptrs(rows);
      for (std::uint64_t i = 0; i < rows; ++i) {
        values[i] = "s" + std::to_string(i);
        ptrs[i] = values[i].c_str();
      }
      ASSERT_GE(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), 0);
    } else {
      const std::vector<char> zeros(rows * size, '\0');
      ASSERT_GE(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros.data()), 0);
    }
  });
  std::string bytes = read_bytes(path);
  EXPECT_EQ(patch_dataspace_rows(bytes, rows, kHuge), 1) << column;
  write_bytes(path, bytes);
  EXPECT_EQ(extent_of(path, kBase + "/" + column), kHuge) << "the patch did not take";
  EXPECT_LT(fs::file_size(path), 256u * 1024) << "not a small file";
  return path;
}

// --- the reader ----------------------------------------------------------------------

struct Column {
  std::string path;  // under /snapshots/base
  std::string what;
  std::function<Id()> type;
  std::uint64_t element_bytes;  // as stored in the file
};

std::vector<Column> columns() {
  return {
      {"nodes/code", "fixed-length strings", [] { return fixed_string(8); }, 8},
      {"nodes/code", "variable-length strings", vlen_string, 16},
      {"nodes/kind", "uint8", [] { return Id(H5Tcopy(H5T_STD_U8LE)); }, 1},
      {"nodes/lat", "float64", [] { return Id(H5Tcopy(H5T_IEEE_F64LE)); }, 8},
      {"edges/src", "uint32", [] { return Id(H5Tcopy(H5T_STD_U32LE)); }, 4},
      {"edges/dst", "int64", [] { return Id(H5Tcopy(H5T_STD_I64BE)); }, 8},
      {"customs/from", "fixed-length strings", [] { return fixed_string(2); }, 2},
  };
}

TEST(H5Bounds, UnwrittenColumnsWithAHugeExtent) {
  for (const Storage storage : {Storage::contiguous_late, Storage::chunked, Storage::chunked_deflated})
    for (const Column& c : columns()) {
      SCOPED_TRACE(c.path + ", " + c.what + ", " + storage_name(storage));
      const std::string path = write_valid();
      edit_file(path, [&](hid_t f) { replace_unwritten(f, kBase + "/" + c.path, c.type(), kHuge, storage); });
      ASSERT_LT(fs::file_size(path), 64u * 1024);
      expect_error(path, ErrorKind::corrupt_file,
                   {kBase + "/" + c.path + ": ",
                    "declares 1099511627776 elements of " + std::to_string(c.element_bytes) + " bytes",
                    "more than the whole file of"});
    }
}

TEST(H5Bounds, HugeDataspaceInASmallFile) {
  struct Case {
    std::string column;
    std::function<Id()> type;
    std::uint64_t element_bytes;
  };
  const std::vector<Case> cases{
      {"nodes/code", [] { return fixed_string(8); }, 8},
      {"nodes/name", vlen_string, 16},
      {"nodes/lat", [] { return Id(H5Tcopy(H5T_IEEE_F64LE)); }, 8},
      {"nodes/kind", [] { return Id(H5Tcopy(H5T_STD_I8LE)); }, 1},
      {"edges/src", [] { return Id(H5Tcopy(H5T_STD_U32LE)); }, 4},
  };
  constexpr std::uint64_t kRows = 4099;  // 0x1003: a value no other field of these files holds
  for (const Case& c : cases) {
    SCOPED_TRACE(c.column);
    const std::string path = huge_dataspace_in_a_small_file(c.column, c.type(), kRows);
    const std::uint64_t stored = kRows * c.element_bytes;
    expect_error(path, ErrorKind::corrupt_file,
                 {kBase + "/" + c.column + ": ", "declares 1099511627776 elements of " + std::to_string(c.element_bytes),
                  "but the file stores only " + std::to_string(stored) + " bytes for it"});
  }
}

// The fuzz finding itself: a fixed-length string column whose rows x size is
// far beyond the file, here through a damaged string size (2^30 bytes).
TEST(H5Bounds, HugeStringSizeInASmallFile) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    const std::string at = kBase + "/nodes/name";
    H5Ldelete(f, at.c_str(), H5P_DEFAULT);
    Id type = fixed_string(2989);  // 0xBAD: a size no other datatype of the file has
    std::vector<char> names(3 * 2989, '\0');
    std::memcpy(names.data(), "Shanghai", 8);
    const hsize_t n = 3;
    Id space(H5Screate_simple(1, &n, nullptr));
    Id d(H5Dcreate2(f, at.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    ASSERT_GE(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, names.data()), 0);
  });
  ASSERT_EQ(io::read_snapshot(path).nodes.name[0], "Shanghai");  // valid before the patch
  std::string bytes = read_bytes(path);
  ASSERT_EQ(patch_string_size(bytes, 2989, 1u << 30), 1);
  write_bytes(path, bytes);
  expect_error(path, ErrorKind::corrupt_file,
               {kBase + "/nodes/name: ", "declares 3 elements of 1073741824 bytes (3221225472 bytes)",
                "but the file stores only 8967 bytes for it"});
}

TEST(H5Bounds, DeclaredBytesThatOverflow64Bits) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    // 2^40 rows of 2^31-byte strings: 2^71 bytes. A chunk of one row keeps
    // HDF5 from refusing the dataset at creation.
    replace_unwritten(f, kBase + "/nodes/code", fixed_string(std::size_t{1} << 31), kHuge, Storage::chunked, 1);
  });
  expect_error(path, ErrorKind::corrupt_file,
               {kBase + "/nodes/code: ", "declares 1099511627776 elements of 2147483648 bytes",
                "more bytes than 64 bits can count"});
}

// Rows x size within what the file could hold compressed, but more rows than
// 32-bit indices can address: too large rather than damaged.
TEST(H5Bounds, MoreRowsThanThirtyTwoBitIndices) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    // Pad the file to 5 MiB (a column of 5 MiB of real bytes), so that 2^32 + 1
    // rows of one byte stay within 1032 times its size.
    const hsize_t pad = 5u << 20;
    Id space(H5Screate_simple(1, &pad, nullptr));
    Id d(H5Dcreate2(f, "/padding", H5T_STD_U8LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    const std::vector<std::uint8_t> bytes(pad, 7);
    ASSERT_GE(H5Dwrite(d, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()), 0);
    replace_unwritten(f, kBase + "/nodes/kind", Id(H5Tcopy(H5T_STD_U8LE)), (hsize_t{1} << 32) + 1, Storage::chunked,
                      1 << 20);
  });
  expect_error(path, ErrorKind::too_large, {kBase + "/nodes/kind: ", "declares 4294967297 elements", "2^32"});
}

// A damaged attribute message (a string size beyond the data stored) makes
// HDF5 fail to decode it (H5Aexists, H5Aopen): corrupt-file, neither a
// missing attribute nor an HDF5 call failure (status 1).
TEST(H5Bounds, DamagedAttributeMessage) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    H5Adelete(f, "format");
    Id type = fixed_string(2989);
    std::vector<char> value(2989, '\0');
    std::memcpy(value.data(), io::kSnapshotFormat, std::strlen(io::kSnapshotFormat));
    Id space(H5Screate(H5S_SCALAR));
    Id a(H5Acreate2(f, "format", type, space, H5P_DEFAULT, H5P_DEFAULT));
    ASSERT_GE(H5Awrite(a, type, value.data()), 0);
  });
  ASSERT_EQ(io::read_snapshot(path).nodes.size(), 3u);  // valid before the patch
  std::string bytes = read_bytes(path);
  ASSERT_EQ(patch_string_size(bytes, 2989, 1u << 30), 1);
  write_bytes(path, bytes);
  expect_error(path, ErrorKind::corrupt_file, {"/: attribute 'format' cannot be read (damaged file)"});
}

// --- valid files the bound must not refuse ---------------------------------------------

TEST(H5Bounds, ColumnsNeverWrittenReadAsTheirFillValue) {
  for (const Storage storage : {Storage::contiguous_late, Storage::chunked, Storage::chunked_deflated}) {
    SCOPED_TRACE(storage_name(storage));
    const std::string path = write_valid();
    edit_file(path, [&](hid_t f) {
      replace_unwritten(f, kBase + "/nodes/demand", Id(H5Tcopy(H5T_IEEE_F64LE)), 3, storage);
      replace_unwritten(f, kBase + "/nodes/handling_time", Id(H5Tcopy(H5T_STD_I16LE)), 3, storage);
      replace_unwritten(f, kBase + "/nodes/name", vlen_string(), 3, storage);
    });
    const Network net = io::read_snapshot(path);
    EXPECT_EQ(net.nodes.demand, (std::vector<double>{0, 0, 0}));
    EXPECT_EQ(net.nodes.handling_time, (std::vector<Time>{0, 0, 0}));
    EXPECT_EQ(net.nodes.name[1], "");
  }
}

TEST(H5Bounds, CompactColumnsRead) {
  const Network net = three_nodes();
  const std::string path = write_valid(net);
  edit_file(path, [](hid_t f) {
    const std::string at = kBase + "/nodes/lat";
    H5Ldelete(f, at.c_str(), H5P_DEFAULT);
    const hsize_t n = 3;
    Id space(H5Screate_simple(1, &n, nullptr));
    Id dcpl(H5Pcreate(H5P_DATASET_CREATE));
    ASSERT_GE(H5Pset_layout(dcpl, H5D_COMPACT), 0);
    Id d(H5Dcreate2(f, at.c_str(), H5T_IEEE_F32LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
    const double lat[3] = {30.0, 30.5, 31.0};
    ASSERT_GE(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, lat), 0);
  });
  EXPECT_EQ(io::read_snapshot(path).nodes.lat, (std::vector<double>{30.0, 30.5, 31.0}));
}

// Integer columns of other dtypes are read a block at a time (65,536 values,
// rounded up to whole chunks): columns longer than a block, contiguous and
// chunked with a chunk that does not divide the block, come back whole.
TEST(H5Bounds, IntegerColumnsLongerThanOneBlock) {
  test::RandomNetworkOptions options;
  options.nodes = 300;
  options.edges = 150'000;
  Network net = test::random_network(11, options);
  net.name = "base";
  for (const int layout : {0, 1}) {
    SCOPED_TRACE(layout == 0 ? "contiguous" : "chunked, 1000 rows a chunk, deflated");
    const std::string path = write_valid(net);
    edit_file(path, [&](hid_t f) {
      const auto put = [&](const std::string& column, hid_t file_type, hid_t mem_type, const void* data) {
        const std::string at = kBase + "/" + column;
        H5Ldelete(f, at.c_str(), H5P_DEFAULT);
        const hsize_t n = net.edges.size(), chunk = 1000;
        Id space(H5Screate_simple(1, &n, nullptr));
        Id dcpl(H5Pcreate(H5P_DATASET_CREATE));
        if (layout == 1) {
          H5Pset_chunk(dcpl, 1, &chunk);
          H5Pset_deflate(dcpl, 1);
        }
        Id d(H5Dcreate2(f, at.c_str(), file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
        ASSERT_TRUE(d.valid()) << at;
        ASSERT_GE(H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), 0);
      };
      const std::vector<std::int64_t> src(net.edges.src.begin(), net.edges.src.end());
      const std::vector<std::uint16_t> dst(net.edges.dst.begin(), net.edges.dst.end());
      const std::vector<std::int8_t> mode(net.edges.mode.begin(), net.edges.mode.end());
      put("edges/src", H5T_STD_I64BE, H5T_NATIVE_INT64, src.data());
      put("edges/dst", H5T_STD_U16LE, H5T_NATIVE_UINT16, dst.data());
      put("edges/mode", H5T_STD_I8LE, H5T_NATIVE_INT8, mode.data());
    });
    const Network back = io::read_snapshot(path);
    EXPECT_EQ(back.edges.src, net.edges.src);
    EXPECT_EQ(back.edges.dst, net.edges.dst);
    EXPECT_EQ(back.edges.mode, net.edges.mode);
  }
}

// Deflate at its best (long runs of one value) and empty tables: read back.
TEST(H5Bounds, HighlyCompressedAndEmptyColumnsRead) {
  test::NetworkBuilder b("base");
  for (int i = 0; i < 20000; ++i) b.node(fmt::format("N{}", i), "CN");
  Network net = b.build();
  for (double& lat : net.nodes.lat) lat = 0.0;  // one value: a long run
  for (const bool fixed : {true, false}) {
    io::h5::ColumnOptions columns;
    columns.deflate = 9;
    columns.fixed_length_strings = fixed;
    test::expect_same_network(io::read_snapshot(write_valid(net, columns)), net);
  }
  const Network empty = test::NetworkBuilder("base").node("ONE", "CN").build();  // no edges, no customs
  test::expect_same_network(io::read_snapshot(write_valid(empty)), empty);
}

// --- the command line: status 2, nothing written, within 1 GiB ------------------------

struct Limited {
  int status = -1;
  std::string err;
};

// Runs hourglass with ARGS in a child whose address space is limited to
// `limit` bytes (RLIMIT_AS). Under AddressSanitizer, which reserves terabytes
// of address space, the limit is ASan's largest single allocation instead.
Limited run_limited(const std::vector<std::string>& args, std::uint64_t limit) {
  const fs::path dir = test::temp_dir();
  const std::string err_path = (dir / "stderr").string();
  const char* from_env = std::getenv("HG_BINARY");
  const std::string binary = from_env && *from_env ? from_env : HG_BINARY;
  std::vector<std::string> argv_storage{binary};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "ASAN_OPTIONS=", 13) != 0) env_storage.emplace_back(*e);
#ifdef HG_UNDER_ASAN
  const char* asan = std::getenv("ASAN_OPTIONS");
  env_storage.push_back("ASAN_OPTIONS=" + std::string(asan && *asan ? std::string(asan) + ":" : "") +
                        "max_allocation_size_mb=" + std::to_string(limit >> 20) + ":allocator_may_return_null=0");
#else
  if (const char* asan = std::getenv("ASAN_OPTIONS")) env_storage.push_back("ASAN_OPTIONS=" + std::string(asan));
#endif
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);

  const pid_t pid = fork();
  if (pid == 0) {  // only async-signal-safe calls from here to exec
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int null = open("/dev/null", O_WRONLY);
    if (err < 0 || null < 0) _exit(125);
    dup2(null, 1);
    dup2(err, 2);
#ifndef HG_UNDER_ASAN
    const rlimit as{limit, limit};
    if (setrlimit(RLIMIT_AS, &as) != 0) _exit(126);
#endif
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  Limited r;
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return r;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.err = test::read_file(err_path);
  return r;
}

TEST(H5BoundsCli, InfoAndSolveExitTwoWithinOneGiB) {
  constexpr std::uint64_t kOneGiB = std::uint64_t{1} << 30;
  struct Case {
    std::string name;
    std::string dataset;
    std::function<std::string()> make;
  };
  const std::vector<Case> cases{
      {"fixed-length codes, contiguous, never written", "nodes/code",
       [] {
         const std::string p = write_valid();
         edit_file(p, [](hid_t f) {
           replace_unwritten(f, kBase + "/nodes/code", fixed_string(8), kHuge, Storage::contiguous_late);
         });
         return p;
       }},
      {"variable-length codes, chunked, no chunk written", "nodes/code",
       [] {
         const std::string p = write_valid();
         edit_file(p, [](hid_t f) {
           replace_unwritten(f, kBase + "/nodes/code", vlen_string(), kHuge, Storage::chunked);
         });
         return p;
       }},
      {"latitudes, deflated, no chunk written", "nodes/lat",
       [] {
         const std::string p = write_valid();
         edit_file(p, [](hid_t f) {
           replace_unwritten(f, kBase + "/nodes/lat", Id(H5Tcopy(H5T_IEEE_F64LE)), kHuge, Storage::chunked_deflated);
         });
         return p;
       }},
      {"edge sources, huge dataspace in a small file", "edges/src",
       [] { return huge_dataspace_in_a_small_file("edges/src", Id(H5Tcopy(H5T_STD_U32LE)), 4099); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string snapshot = c.make();
    const std::string out = (fs::path(snapshot).parent_path() / "r.h5").string();
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"info", snapshot}, std::vector<std::string>{"solve", snapshot, "-o", out}}) {
      SCOPED_TRACE(args[0]);
      const Limited r = run_limited(args, kOneGiB);
      EXPECT_EQ(r.status, 2) << r.err;
      EXPECT_NE(r.err.find("error [corrupt-file]"), std::string::npos) << r.err;
      EXPECT_NE(r.err.find(snapshot + ": " + kBase + "/" + c.dataset + ": declares 1099511627776 elements"),
                std::string::npos)
          << r.err;
      EXPECT_FALSE(fs::exists(out)) << out;
      EXPECT_FALSE(fs::exists(out + ".partial")) << out;
    }
  }
}

}  // namespace
}  // namespace hg
