// Feeds read_snapshot (io/snapshot.hpp), structure-aware: the input is a
// little program that builds a VALID HDF5 file through the HDF5 API, in
// memory (core driver, no backing store), mostly in the layout of snapshot
// format v1 (docs/snapshot-format.md) so that the reader gets deep, but with
// mutations decided by the input: attributes missing or of another type,
// columns missing, of another dtype (int8..uint64 little/big-endian,
// float32/64, fixed/vlen strings), rank 0 or 2, one too long or short,
// chunked + deflated, values in range or raw, strings invalid UTF-8,
// duplicated, space-padded. The file image is written to a temp file and
// read with list_snapshots and read_snapshot (which validates the network).
// Sizes are capped (8 nodes, 16 edges, 8 customs rows, strings of 16 bytes).
// Expected: a valid Network or hg::InputError. A finding: any other exception
// (a RuntimeError from a failed HDF5 call included), a crash, a sanitizer
// report, a hang or an out-of-memory.

#include <fuzzer/FuzzedDataProvider.h>
#include <hdf5.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "host/core/errors.hpp"
#include "io/h5.hpp"
#include "io/snapshot.hpp"

namespace {

using hg::io::h5::Id;

enum class Dtype : int { i8, u8, i16, u16, i32, u32, i64, u64, f32, f64, fstr, vstr };
constexpr int kDtypes = 12;
enum class Column { string, u8, u32, f64 };

struct Builder {
  FuzzedDataProvider& in;

  std::string text(std::size_t index, const char* prefix) {
    static const std::array<const char*, 12> kWords = {"CN", "DE", "NA", "US", "ZZ", "cn", "C", "CNN", "",
                                                       "PVG", "Zürich", "minute"};
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
      case 0: case 1: case 2: return prefix + std::to_string(index);
      case 3: case 4: return kWords[in.ConsumeIntegralInRange<std::size_t>(0, kWords.size() - 1)];
      default: return in.ConsumeBytesAsString(in.ConsumeIntegralInRange<std::size_t>(0, 16));  // any bytes
    }
  }

  template <typename T>
  T integer(std::int64_t bound) {
    if (in.ConsumeIntegralInRange<int>(0, 3) != 0)
      return static_cast<T>(in.ConsumeIntegralInRange<std::int64_t>(0, bound));
    return in.ConsumeIntegral<T>();
  }

  double real(std::int64_t bound) {
    switch (in.ConsumeIntegralInRange<int>(0, 7)) {
      case 0: return std::numeric_limits<double>::quiet_NaN();
      case 1: return std::numeric_limits<double>::infinity() * (in.ConsumeBool() ? 1 : -1);
      case 2: return in.ConsumeFloatingPoint<double>();
      case 3: return static_cast<double>(in.ConsumeIntegralInRange<std::int64_t>(-1, bound)) + 0.5;
      default: return static_cast<double>(in.ConsumeIntegralInRange<std::int64_t>(0, bound));
    }
  }

  // A dtype that the column's type accepts, or (mutation) any.
  Dtype dtype_for(Column c, bool any) {
    if (any) return static_cast<Dtype>(in.ConsumeIntegralInRange<int>(0, kDtypes - 1));
    switch (c) {
      case Column::string: return in.ConsumeBool() ? Dtype::fstr : Dtype::vstr;
      case Column::f64: return in.ConsumeBool() ? Dtype::f64 : Dtype::f32;
      default: return static_cast<Dtype>(in.ConsumeIntegralInRange<int>(0, 7));
    }
  }

  template <typename T>
  void write_numeric(hid_t loc, const std::string& name, hid_t file_le, hid_t file_be, hid_t mem, hid_t space,
                     hid_t dcpl, std::size_t count, std::int64_t bound) {
    std::vector<T> values(count);
    for (std::size_t i = 0; i < count; ++i) {
      if constexpr (std::is_floating_point_v<T>)
        values[i] = static_cast<T>(real(bound));
      else
        values[i] = integer<T>(bound);
    }
    Id d(H5Dcreate2(loc, name.c_str(), in.ConsumeBool() ? file_le : file_be, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
    if (d.valid() && count > 0) H5Dwrite(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  }

  void write_strings(hid_t loc, const std::string& name, bool fixed, hid_t space, hid_t dcpl, std::size_t count,
                     const char* prefix) {
    std::vector<std::string> values(count);
    std::size_t longest = 1;
    for (std::size_t i = 0; i < count; ++i) {
      values[i] = text(i, prefix);
      longest = std::max(longest, values[i].size());
    }
    Id type(H5Tcopy(H5T_C_S1));
    H5Tset_cset(type, in.ConsumeBool() ? H5T_CSET_UTF8 : H5T_CSET_ASCII);
    if (fixed) {
      const std::size_t size = longest + in.ConsumeIntegralInRange<std::size_t>(0, 2) -
                               (longest > 1 && in.ConsumeIntegralInRange<int>(0, 7) == 0 ? 1 : 0);
      H5Tset_size(type, size);
      H5Tset_strpad(type, static_cast<H5T_str_t>(in.ConsumeIntegralInRange<int>(0, 2)));
      std::string buffer(size * count, '\0');
      for (std::size_t i = 0; i < count; ++i) buffer.replace(i * size, std::min(size, values[i].size()),
                                                             values[i].substr(0, size));
      Id d(H5Dcreate2(loc, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
      if (d.valid() && count > 0) H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
    } else {
      H5Tset_size(type, H5T_VARIABLE);
      std::vector<const char*> pointers(count);
      for (std::size_t i = 0; i < count; ++i) pointers[i] = values[i].c_str();
      Id d(H5Dcreate2(loc, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
      if (d.valid() && count > 0) H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data());
    }
  }

  // One column of `count` rows, mostly as the format wants it.
  void column(hid_t group, const std::string& name, Column c, std::size_t count, std::int64_t bound,
              const char* prefix = "N") {
    const int action = in.ConsumeIntegralInRange<int>(0, 19);
    if (action == 0) return;  // missing
    if (action == 1) {        // a group where a dataset belongs
      Id g(H5Gcreate2(group, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
      return;
    }
    const Dtype dtype = dtype_for(c, action == 2);
    if (action == 3) count += 1;
    if (action == 4 && count > 0) count -= 1;
    Id space;
    if (action == 5) {
      space = Id(H5Screate(H5S_SCALAR));
      count = 1;
    } else if (action == 6) {
      const hsize_t dims[2] = {count, 2};
      space = Id(H5Screate_simple(2, dims, nullptr));
      count *= 2;
    } else {
      const hsize_t dims[1] = {count};
      space = Id(H5Screate_simple(1, dims, nullptr));
    }
    Id dcpl(H5Pcreate(H5P_DATASET_CREATE));
    if (action == 7 && count > 0 && dtype != Dtype::vstr) {  // chunked, shuffled, deflated
      const hsize_t chunk[2] = {std::min<hsize_t>(count, 4), 1};
      if (H5Sget_simple_extent_ndims(space) > 0) {
        H5Pset_chunk(dcpl, H5Sget_simple_extent_ndims(space), chunk);
        H5Pset_shuffle(dcpl);
        H5Pset_deflate(dcpl, 1);
      }
    }
    switch (dtype) {
      case Dtype::i8: write_numeric<std::int8_t>(group, name, H5T_STD_I8LE, H5T_STD_I8BE, H5T_NATIVE_INT8, space, dcpl, count, bound); break;
      case Dtype::u8: write_numeric<std::uint8_t>(group, name, H5T_STD_U8LE, H5T_STD_U8BE, H5T_NATIVE_UINT8, space, dcpl, count, bound); break;
      case Dtype::i16: write_numeric<std::int16_t>(group, name, H5T_STD_I16LE, H5T_STD_I16BE, H5T_NATIVE_INT16, space, dcpl, count, bound); break;
      case Dtype::u16: write_numeric<std::uint16_t>(group, name, H5T_STD_U16LE, H5T_STD_U16BE, H5T_NATIVE_UINT16, space, dcpl, count, bound); break;
      case Dtype::i32: write_numeric<std::int32_t>(group, name, H5T_STD_I32LE, H5T_STD_I32BE, H5T_NATIVE_INT32, space, dcpl, count, bound); break;
      case Dtype::u32: write_numeric<std::uint32_t>(group, name, H5T_STD_U32LE, H5T_STD_U32BE, H5T_NATIVE_UINT32, space, dcpl, count, bound); break;
      case Dtype::i64: write_numeric<std::int64_t>(group, name, H5T_STD_I64LE, H5T_STD_I64BE, H5T_NATIVE_INT64, space, dcpl, count, bound); break;
      case Dtype::u64: write_numeric<std::uint64_t>(group, name, H5T_STD_U64LE, H5T_STD_U64BE, H5T_NATIVE_UINT64, space, dcpl, count, bound); break;
      case Dtype::f32: write_numeric<float>(group, name, H5T_IEEE_F32LE, H5T_IEEE_F32BE, H5T_NATIVE_FLOAT, space, dcpl, count, bound); break;
      case Dtype::f64: write_numeric<double>(group, name, H5T_IEEE_F64LE, H5T_IEEE_F64BE, H5T_NATIVE_DOUBLE, space, dcpl, count, bound); break;
      case Dtype::fstr: write_strings(group, name, true, space, dcpl, count, prefix); break;
      case Dtype::vstr: write_strings(group, name, false, space, dcpl, count, prefix); break;
    }
  }

  // A scalar attribute, mostly `good` (a string) or an integer in range.
  void string_attribute(hid_t obj, const char* name, const std::string& good) {
    const int action = in.ConsumeIntegralInRange<int>(0, 9);
    if (action == 0) return;
    if (action == 1) return integer_attribute(obj, name, 1);
    std::string value = action <= 6 ? good : text(0, "");
    const bool fixed = in.ConsumeBool();
    Id type(H5Tcopy(H5T_C_S1));
    H5Tset_cset(type, H5T_CSET_UTF8);
    H5Tset_size(type, fixed ? std::max<std::size_t>(value.size(), 1) : H5T_VARIABLE);
    Id space(action == 7 ? [] { const hsize_t d[1] = {1}; return H5Screate_simple(1, d, nullptr); }()
                         : H5Screate(H5S_SCALAR));
    Id a(H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT));
    if (!a.valid()) return;
    if (fixed) {
      value.resize(std::max<std::size_t>(value.size(), 1), '\0');
      H5Awrite(a, type, value.data());
    } else {
      const char* p = value.c_str();
      H5Awrite(a, type, &p);
    }
  }

  void integer_attribute(hid_t obj, const char* name, std::int64_t good) {
    const int action = in.ConsumeIntegralInRange<int>(0, 9);
    if (action == 0) return;
    const std::int64_t value = action <= 5 ? good : in.ConsumeIntegral<std::int64_t>();
    static const std::array<hid_t*, 6> kTypes = {&H5T_STD_I64LE_g, &H5T_STD_U8LE_g, &H5T_STD_I32BE_g,
                                                 &H5T_STD_U64LE_g, &H5T_IEEE_F64LE_g, &H5T_STD_I16LE_g};
    const hid_t type = *kTypes[in.ConsumeIntegralInRange<std::size_t>(0, kTypes.size() - 1)];
    Id space(H5Screate(H5S_SCALAR));
    Id a(H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT));
    if (!a.valid()) return;
    if (type == H5T_IEEE_F64LE) {
      const double d = static_cast<double>(value) + (in.ConsumeBool() ? 0.5 : 0.0);
      H5Awrite(a, H5T_NATIVE_DOUBLE, &d);
    } else {
      H5Awrite(a, H5T_NATIVE_INT64, &value);  // converted (clipped) by HDF5
    }
  }

  void snapshot(hid_t snapshots, const std::string& name) {
    Id g(H5Gcreate2(snapshots, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    if (!g.valid()) return;
    string_attribute(g, "time_unit", in.ConsumeBool() ? "minute" : "second");
    if (in.ConsumeBool()) string_attribute(g, "description", "fuzzed");
    if (in.ConsumeBool()) string_attribute(g, "valid_from", "2026-11-26");
    if (in.ConsumeBool()) integer_attribute(g, "default_customs_time", in.ConsumeIntegralInRange<std::int64_t>(0, 600));
    if (in.ConsumeBool()) string_attribute(g, "param_extra", "x");

    const std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, 8);
    const std::size_t e = in.ConsumeIntegralInRange<std::size_t>(0, 16);
    const auto nodes_bound = static_cast<std::int64_t>(n);
    if (in.ConsumeIntegralInRange<int>(0, 15) != 0) {
      Id nodes(H5Gcreate2(g, "nodes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
      column(nodes, "code", Column::string, n, 0, "N");
      column(nodes, "name", Column::string, n, 0, "name ");
      column(nodes, "kind", Column::u8, n, 7);
      column(nodes, "country", Column::string, n, 0, "C");
      column(nodes, "lat", Column::f64, n, 90);
      column(nodes, "lon", Column::f64, n, 180);
      column(nodes, "handling_time", Column::u32, n, 1000);
      column(nodes, "demand", Column::f64, n, 1000);
    }
    if (in.ConsumeIntegralInRange<int>(0, 15) != 0) {
      Id edges(H5Gcreate2(g, "edges", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
      column(edges, "src", Column::u32, e, nodes_bound);
      column(edges, "dst", Column::u32, e, nodes_bound);
      column(edges, "mode", Column::u8, e, 4);
      column(edges, "transit_time", Column::u32, e, 5000);
    }
    if (in.ConsumeBool()) {
      const std::size_t k = in.ConsumeIntegralInRange<std::size_t>(0, 8);
      Id customs(H5Gcreate2(g, "customs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
      column(customs, "from", Column::string, k, 0, "C");
      column(customs, "to", Column::string, k, 0, "C");
      column(customs, "time", Column::u32, k, 1000);
    }
  }

  void file(hid_t f) {
    string_attribute(f, "format", hg::io::kSnapshotFormat);
    integer_attribute(f, "schema_version", 1);
    if (in.ConsumeIntegralInRange<int>(0, 15) == 0) return;  // no /snapshots
    Id snapshots(H5Gcreate2(f, "snapshots", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    const int count = in.ConsumeIntegralInRange<int>(0, 9) == 0 ? 2 : 1;
    static const std::array<const char*, 3> kNames = {"default", "road", "world"};
    for (int i = 0; i < count; ++i) {
      std::string name = in.ConsumeIntegralInRange<int>(0, 7) == 0
                             ? in.ConsumeBytesAsString(in.ConsumeIntegralInRange<std::size_t>(0, 16))
                             : kNames[static_cast<std::size_t>(i + in.ConsumeIntegralInRange<int>(0, 2)) % 3];
      snapshot(snapshots, name);
    }
    if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {  // a dataset among the snapshot groups
      const hsize_t dims[1] = {1};
      Id space(H5Screate_simple(1, dims, nullptr));
      Id d(H5Dcreate2(snapshots, "not-a-group", H5T_STD_U8LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    }
  }
};

// The file the input describes, as the bytes of an HDF5 file.
std::vector<char> build_image(FuzzedDataProvider& in) {
  Id fapl(H5Pcreate(H5P_FILE_ACCESS));
  H5Pset_fapl_core(fapl, 64 * 1024, false);
  Id f(H5Fcreate("hourglass-fuzz-image.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl));
  if (!f.valid()) throw std::runtime_error("harness: H5Fcreate (core driver) failed");
  Builder{in}.file(f);
  H5Fflush(f, H5F_SCOPE_GLOBAL);
  const ssize_t size = H5Fget_file_image(f, nullptr, 0);
  if (size <= 0) throw std::runtime_error("harness: H5Fget_file_image failed");
  std::vector<char> image(static_cast<std::size_t>(size));
  if (H5Fget_file_image(f, image.data(), image.size()) != size)
    throw std::runtime_error("harness: H5Fget_file_image failed");
  return image;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hg::fuzz::quiet_hdf5();
  FuzzedDataProvider in(data, size);
  const std::vector<char> image = build_image(in);
  const std::string path = hg::fuzz::write_temp("structured.h5", std::string_view(image.data(), image.size()));
  try {
    (void)hg::io::list_snapshots(path);
  } catch (const hg::InputError&) {
  }
  try {
    (void)hg::io::read_snapshot(path);
  } catch (const hg::InputError&) {
  }
  return 0;
}
