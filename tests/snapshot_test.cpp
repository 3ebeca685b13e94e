// Snapshot format v1: round trips, and one test per validation error, each
// building its bad file itself (a valid snapshot, then one thing broken).

#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "host/core/errors.hpp"
#include "io/h5.hpp"
#include "io/snapshot.hpp"
#include "tests/support/snapshot_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

using io::h5::Id;

using test::edit_file;
using test::three_nodes;

std::string write_valid(const Network& net = three_nodes(), bool fixed = true) {
  io::h5::ColumnOptions columns;
  columns.fixed_length_strings = fixed;
  return test::write_snapshot_file(net, columns);
}

void replace_dataset(hid_t f, const std::string& path, hid_t file_type, hid_t mem_type, const void* data,
                     std::vector<hsize_t> dims) {
  if (H5Lexists(f, path.c_str(), H5P_DEFAULT) > 0) H5Ldelete(f, path.c_str(), H5P_DEFAULT);
  Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
  Id d(H5Dcreate2(f, path.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
}

template <class T>
void replace_column(hid_t f, const std::string& path, const std::vector<T>& values, hid_t file_type, hid_t mem_type) {
  replace_dataset(f, path, file_type, mem_type, values.data(), {values.size()});
}

void replace_strings(hid_t f, const std::string& path, const std::vector<std::string>& values) {
  std::vector<const char*> ptrs;
  for (const auto& v : values) ptrs.push_back(v.c_str());
  Id type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  replace_dataset(f, path, type, type, ptrs.data(), {values.size()});
}

void set_string_attr(hid_t obj, const char* name, const std::string& value) {
  io::h5::write_attribute(obj, name, std::string_view(value));
}

// Expects read_snapshot to fail with `kind` and every fragment in the message.
void expect_error(const std::string& path, ErrorKind kind, std::vector<std::string> fragments) {
  try {
    io::read_snapshot(path);
    FAIL() << "expected error " << error_kind_name(kind);
  } catch (const InputError& e) {
    EXPECT_EQ(error_kind_name(e.kind()), error_kind_name(kind)) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << "message does not name the file: " << e.what();
    for (const auto& f : fragments) EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what();
  }
}

const std::string kBase = "/snapshots/base";

// --- reading what others wrote, and round trips --------------------------------

TEST(SnapshotIo, ReadsGoldenFixedLengthStrings) {
  const Network net = io::read_snapshot(test::data_file("golden/small-fixed.h5"));
  EXPECT_EQ(net.name, "base");
  EXPECT_EQ(net.nodes.size(), 200u);
  EXPECT_EQ(net.edges.size(), 600u);
  EXPECT_EQ(net.default_customs_time, 720u);
  EXPECT_EQ(net.time_unit, TimeUnit::minute);
  EXPECT_EQ(net.nodes.code[0], "N0000000");
  EXPECT_EQ(net.customs.size(), 41u);
}

TEST(SnapshotIo, ReadsGoldenVariableLengthStringsAndInt64Indices) {
  const Network net = io::read_snapshot(test::data_file("golden/medium-vlen.h5"));
  EXPECT_EQ(net.nodes.size(), 800u);
  EXPECT_EQ(net.edges.size(), 2404u);
  EXPECT_EQ(net.customs.size(), 46u);
}

TEST(SnapshotIo, RoundTripFixedAndVariableLength) {
  for (const bool fixed : {true, false}) {
    Network net = test::random_network(3, {.nodes = 50, .edges = 150});
    net.description = "round trip — UTF-8 ✓";
    net.valid_from = "2026-01-01";
    net.extra_attributes = {{"source", "test"}};
    const std::string path = write_valid(net, fixed);
    test::expect_same_network(io::read_snapshot(path), net);
  }
}

TEST(SnapshotIo, RoundTripGoldenSnapshots) {
  for (const char* name : {"golden/small-fixed.h5", "golden/medium-vlen.h5"}) {
    const Network net = io::read_snapshot(test::data_file(name));
    test::expect_same_network(io::read_snapshot(write_valid(net, true)), net);
  }
}

TEST(SnapshotIo, SeveralSnapshotsPerFile) {
  Network a = three_nodes(), b = three_nodes();
  a.name = "y2026";
  b.name = "y2028";
  b.edges.transit_time[0] = 600;
  const std::string path = (test::temp_dir() / "two.h5").string();
  const std::vector<Network> both{a, b};
  io::write_snapshots(path, both);
  EXPECT_EQ(io::list_snapshots(path), (std::vector<std::string>{"y2026", "y2028"}));
  EXPECT_EQ(io::read_snapshot(path, "y2028").edges.transit_time[0], 600u);
  EXPECT_EQ(io::read_snapshot(path, "y2026").edges.transit_time[0], 720u);
  expect_error(path, ErrorKind::ambiguous_snapshot, {"y2026", "y2028", "--snapshot"});
  try {
    io::read_snapshot(path, "y2030");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unknown_snapshot);
  }
}

TEST(SnapshotIo, AcceptsAnyIntegerTypeWhoseValuesFit) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/edges/src", std::vector<std::int8_t>{0, 1}, H5T_STD_I8LE, H5T_NATIVE_INT8);
    replace_column(f, kBase + "/edges/dst", std::vector<std::uint16_t>{1, 2}, H5T_STD_U16BE, H5T_NATIVE_UINT16);
    replace_column(f, kBase + "/edges/transit_time", std::vector<std::int64_t>{720, 300}, H5T_STD_I64LE,
                   H5T_NATIVE_INT64);
    replace_column(f, kBase + "/nodes/kind", std::vector<std::int32_t>{3, 3, 0}, H5T_STD_I32LE, H5T_NATIVE_INT32);
  });
  const Network net = io::read_snapshot(path);
  EXPECT_EQ(net.edges.src, (std::vector<NodeId>{0, 1}));
  EXPECT_EQ(net.edges.dst, (std::vector<NodeId>{1, 2}));
  EXPECT_EQ(net.edges.transit_time, (std::vector<Time>{720, 300}));
}

TEST(SnapshotIo, ReadsSpacePaddedFixedStrings) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    Id type(H5Tcopy(H5T_C_S1));
    H5Tset_size(type, 6);
    H5Tset_strpad(type, H5T_STR_SPACEPAD);
    const char data[] = "PVG   FRA   BER   ";
    replace_dataset(f, kBase + "/nodes/code", type, type, data, {3});
  });
  const Network net = io::read_snapshot(path);
  EXPECT_EQ(net.nodes.code[2], "BER");
}

// --- one test per error ------------------------------------------------------------

TEST(SnapshotErrors, MissingFile) {
  expect_error((test::temp_dir() / "absent.h5").string(), ErrorKind::missing_file, {"no such file"});
}

TEST(SnapshotErrors, NotHdf5) {
  const std::string path = (test::temp_dir() / "text.h5").string();
  std::ofstream(path) << "code,name\nPVG,Shanghai\n";
  expect_error(path, ErrorKind::not_hdf5, {"not an HDF5 file"});
}

TEST(SnapshotErrors, TruncatedFile) {
  const std::string path = write_valid();
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size / 2);
  expect_error(path, ErrorKind::corrupt_file, {"truncated"});
}

// Found by fuzz/snapshot_bytes_fuzz: a broken global heap (where the
// variable-length string attributes live) failed H5Aread, which escaped as a
// RuntimeError instead of an InputError.
TEST(SnapshotErrors, DamagedAttributeHeap) {
  const std::string path = write_valid();
  std::string bytes = test::read_file(path);
  const auto heap = bytes.find("GCOL");
  ASSERT_NE(heap, std::string::npos);
  bytes.replace(heap, 4, "XXXX");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  expect_error(path, ErrorKind::corrupt_file, {"attribute 'format'", "cannot be read"});
}

TEST(SnapshotErrors, UnknownFormatAttribute) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) { set_string_attr(f, "format", "something-else"); });
  expect_error(path, ErrorKind::unknown_format, {"format", "something-else"});
}

TEST(SnapshotErrors, MissingFormatAttribute) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) { H5Adelete(f, "format"); });
  expect_error(path, ErrorKind::missing_attribute, {"format"});
}

TEST(SnapshotErrors, UnknownSchemaVersion) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) { io::h5::write_attribute(f, "schema_version", std::int64_t{2}); });
  expect_error(path, ErrorKind::unknown_schema_version, {"schema_version 2"});
}

TEST(SnapshotErrors, SchemaVersionAsString) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) { set_string_attr(f, "schema_version", "1"); });
  expect_error(path, ErrorKind::wrong_type, {"schema_version", "integer"});
}

TEST(SnapshotErrors, MissingSnapshotsGroup) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) { H5Ldelete(f, "snapshots", H5P_DEFAULT); });
  expect_error(path, ErrorKind::missing_group, {"/snapshots"});
}

TEST(SnapshotErrors, MissingNodesGroup) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) { H5Ldelete(f, (kBase + "/nodes").c_str(), H5P_DEFAULT); });
  expect_error(path, ErrorKind::missing_group, {kBase + "/nodes"});
}

TEST(SnapshotErrors, MissingDataset) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) { H5Ldelete(f, (kBase + "/nodes/lat").c_str(), H5P_DEFAULT); });
  expect_error(path, ErrorKind::missing_dataset, {kBase + "/nodes/lat"});
}

TEST(SnapshotErrors, MissingTimeUnit) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    Id g(H5Gopen2(f, kBase.c_str(), H5P_DEFAULT));
    H5Adelete(g, "time_unit");
  });
  expect_error(path, ErrorKind::missing_attribute, {kBase, "time_unit"});
}

TEST(SnapshotErrors, UnknownTimeUnit) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    Id g(H5Gopen2(f, kBase.c_str(), H5P_DEFAULT));
    set_string_attr(g, "time_unit", "hour");
  });
  expect_error(path, ErrorKind::unknown_time_unit, {kBase, "'hour'"});
}

TEST(SnapshotErrors, FloatWhereIntegerIsRequired) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/edges/src", std::vector<double>{0.0, 1.0}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
  });
  expect_error(path, ErrorKind::wrong_type, {kBase + "/edges/src", "integer"});
}

TEST(SnapshotErrors, StringWhereFloatIsRequired) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) { replace_strings(f, kBase + "/nodes/lat", {"31.1", "50.0", "52.5"}); });
  expect_error(path, ErrorKind::wrong_type, {kBase + "/nodes/lat", "floating-point"});
}

TEST(SnapshotErrors, NumberWhereStringIsRequired) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/nodes/code", std::vector<std::int64_t>{1, 2, 3}, H5T_STD_I64LE, H5T_NATIVE_INT64);
  });
  expect_error(path, ErrorKind::wrong_type, {kBase + "/nodes/code", "string"});
}

TEST(SnapshotErrors, WrongRank) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    const double data[6] = {1, 2, 3, 4, 5, 6};
    replace_dataset(f, kBase + "/nodes/lon", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, data, {3, 2});
  });
  expect_error(path, ErrorKind::wrong_rank, {kBase + "/nodes/lon", "rank 2"});
}

TEST(SnapshotErrors, NegativeValueInUnsignedColumn) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/edges/transit_time", std::vector<std::int64_t>{720, -5}, H5T_STD_I64LE,
                   H5T_NATIVE_INT64);
  });
  expect_error(path, ErrorKind::value_out_of_range, {kBase + "/edges/transit_time[1]", "-5"});
}

TEST(SnapshotErrors, ValueTooLargeForUint32) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/nodes/handling_time", std::vector<std::uint64_t>{0, 1ull << 33, 0}, H5T_STD_U64LE,
                   H5T_NATIVE_UINT64);
  });
  expect_error(path, ErrorKind::value_out_of_range, {kBase + "/nodes/handling_time[1]", "8589934592"});
}

TEST(SnapshotErrors, ValueTooLargeForUint8) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/edges/mode", std::vector<std::int16_t>{1, 300}, H5T_STD_I16LE, H5T_NATIVE_INT16);
  });
  expect_error(path, ErrorKind::value_out_of_range, {kBase + "/edges/mode[1]", "300"});
}

TEST(SnapshotErrors, LengthMismatch) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/nodes/demand", std::vector<double>{1.0, 2.0}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
  });
  expect_error(path, ErrorKind::length_mismatch, {kBase + "/nodes/demand", "length 2", "3"});
}

TEST(SnapshotErrors, EdgeLengthMismatch) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/edges/dst", std::vector<std::uint32_t>{1, 2, 0}, H5T_STD_U32LE, H5T_NATIVE_UINT32);
  });
  expect_error(path, ErrorKind::length_mismatch, {kBase + "/edges/dst", "length 3"});
}

TEST(SnapshotErrors, NodeIndexOutOfRange) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/edges/dst", std::vector<std::uint32_t>{1, 3}, H5T_STD_U32LE, H5T_NATIVE_UINT32);
  });
  expect_error(path, ErrorKind::node_index_out_of_range, {kBase + "/edges/dst[1]", "3", "3 nodes"});
}

TEST(SnapshotErrors, DuplicateNodeCode) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) { replace_strings(f, kBase + "/nodes/code", {"PVG", "FRA", "PVG"}); });
  expect_error(path, ErrorKind::duplicate_code, {kBase + "/nodes/code[2]", "'PVG'", "node 0"});
}

TEST(SnapshotErrors, NaNLatitude) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/nodes/lat", std::vector<double>{31.1, std::nan(""), 52.5}, H5T_IEEE_F64LE,
                   H5T_NATIVE_DOUBLE);
  });
  expect_error(path, ErrorKind::non_finite, {kBase + "/nodes/lat[1]", "nan"});
}

TEST(SnapshotErrors, InfiniteLongitude) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/nodes/lon",
                   std::vector<double>{121.8, 8.6, -std::numeric_limits<double>::infinity()}, H5T_IEEE_F64LE,
                   H5T_NATIVE_DOUBLE);
  });
  expect_error(path, ErrorKind::non_finite, {kBase + "/nodes/lon[2]", "inf"});
}

TEST(SnapshotErrors, LatitudeOutOfRange) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/nodes/lat", std::vector<double>{31.1, 95.0, 52.5}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
  });
  expect_error(path, ErrorKind::value_out_of_range, {kBase + "/nodes/lat[1]", "95"});
}

TEST(SnapshotErrors, NaNDemand) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/nodes/demand", std::vector<double>{0.0, 0.0, std::nan("")}, H5T_IEEE_F64LE,
                   H5T_NATIVE_DOUBLE);
  });
  expect_error(path, ErrorKind::non_finite, {kBase + "/nodes/demand[2]"});
}

TEST(SnapshotErrors, NegativeDemand) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/nodes/demand", std::vector<double>{0.0, -1.5, 0.0}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
  });
  expect_error(path, ErrorKind::negative_value, {kBase + "/nodes/demand[1]", "-1.5"});
}

TEST(SnapshotErrors, UnknownNodeKind) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/nodes/kind", std::vector<std::uint8_t>{3, 9, 0}, H5T_STD_U8LE, H5T_NATIVE_UINT8);
  });
  expect_error(path, ErrorKind::unknown_enum, {kBase + "/nodes/kind[1]", "9"});
}

TEST(SnapshotErrors, UnknownEdgeMode) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/edges/mode", std::vector<std::uint8_t>{1, 5}, H5T_STD_U8LE, H5T_NATIVE_UINT8);
  });
  expect_error(path, ErrorKind::unknown_enum, {kBase + "/edges/mode[1]", "5"});
}

TEST(SnapshotErrors, InvalidCountryCode) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) { replace_strings(f, kBase + "/nodes/country", {"CN", "Germany", "DE"}); });
  expect_error(path, ErrorKind::invalid_country, {kBase + "/nodes/country[1]", "Germany"});
}

TEST(SnapshotErrors, InvalidUtf8) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) { replace_strings(f, kBase + "/nodes/name", {"Shanghai", "Fr\xC3" "ankfurt", "Berlin"}); });
  expect_error(path, ErrorKind::invalid_utf8, {kBase + "/nodes/name[1]"});
}

TEST(SnapshotErrors, CustomsCountryAbsentFromNodes) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) { replace_strings(f, kBase + "/customs/to", {"FR"}); });
  expect_error(path, ErrorKind::customs_unknown_country, {kBase + "/customs/to[0]", "'FR'"});
}

TEST(SnapshotErrors, CustomsDuplicateRow) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_strings(f, kBase + "/customs/from", {"CN", "DE", "CN"});
    replace_strings(f, kBase + "/customs/to", {"DE", "CN", "DE"});
    replace_column(f, kBase + "/customs/time", std::vector<std::uint32_t>{1, 2, 3}, H5T_STD_U32LE, H5T_NATIVE_UINT32);
  });
  expect_error(path, ErrorKind::customs_duplicate_row, {kBase + "/customs/from[2]", "(CN, DE)"});
}

TEST(SnapshotErrors, CustomsRowFromCountryToItself) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) { replace_strings(f, kBase + "/customs/to", {"CN"}); });
  expect_error(path, ErrorKind::customs_self_row, {kBase + "/customs/to[0]", "'CN'"});
}

TEST(SnapshotErrors, CustomsTimeAsFloat) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    replace_column(f, kBase + "/customs/time", std::vector<double>{240.0}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
  });
  expect_error(path, ErrorKind::wrong_type, {kBase + "/customs/time"});
}

TEST(SnapshotErrors, DefaultCustomsTimeOutOfRange) {
  const std::string path = write_valid();
  edit_file(path, [](hid_t f) {
    Id g(H5Gopen2(f, kBase.c_str(), H5P_DEFAULT));
    io::h5::write_attribute(g, "default_customs_time", std::int64_t{-3});
  });
  expect_error(path, ErrorKind::value_out_of_range, {"default_customs_time", "-3"});
}

TEST(SnapshotErrors, WriterRefusesInvalidNetworkAndWritesNothing) {
  Network net = three_nodes();
  net.nodes.demand[1] = -1.0;
  const std::string path = (test::temp_dir() / "never.h5").string();
  EXPECT_THROW(io::write_snapshot(path, net), InputError);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

}  // namespace
}  // namespace hg
