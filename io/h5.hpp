#pragma once
// A small RAII layer over the HDF5 C API: move-only handles, and typed column
// readers that check dtype class, rank and value range before anything is
// used, and name the file, the dataset and the index in every error.

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/core/string_column.hpp"

namespace hg::io::h5 {

// Owns one HDF5 identifier of any kind (file, group, dataset, dataspace,
// datatype, attribute, property list) and closes it with the right call.
class Id {
 public:
  Id() = default;
  explicit Id(hid_t id) : id_(id) {}
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  Id(Id&& other) noexcept : id_(other.id_) { other.id_ = H5I_INVALID_HID; }
  Id& operator=(Id&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = other.id_;
      other.id_ = H5I_INVALID_HID;
    }
    return *this;
  }
  ~Id() { reset(); }

  hid_t get() const { return id_; }
  operator hid_t() const { return id_; }  // NOLINT: handles pass straight to the C API
  bool valid() const { return id_ >= 0; }
  void reset();

 private:
  hid_t id_ = H5I_INVALID_HID;
};

// Where a value lives, for error messages: "FILE: /dataset/path".
struct Where {
  std::string file;
  std::string path;
  std::string at() const { return file + ": " + path; }
  std::string at(std::uint64_t index) const { return file + ": " + path + "[" + std::to_string(index) + "]"; }
  Where child(std::string_view name) const {
    return Where{file, (path == "/" ? std::string("/") : path + "/") + std::string(name)};
  }
};

// Before any other HDF5 call in a program (main): HDF5 must not close files
// from an atexit handler. A file whose close failed (a disk that filled up)
// stays in HDF5's table, and closing it again at exit crashes inside the
// library; our RAII closes every file on every path, and a failed write's
// .partial file is removed anyway.
void prepare_library();

// Turns HDF5's automatic error printing off once per process: every failure
// is reported by us, with context.
void silence_library_errors();

// Files. open_read() distinguishes a missing file, a file that is not HDF5 and
// a file that is HDF5 but truncated or damaged.
Id open_read(const std::string& path);
Id create_truncate(const std::string& path);  // RuntimeError on failure
// A file every rank of a run writes (docs/cluster.md#one-result-file):
// created or opened for writing collectively through MPI-IO when the run
// has several ranks, as create_truncate (or a plain read-write open)
// alone. Every metadata call on it (groups, datasets, attributes) is then
// made by every rank with the same arguments.
Id create_truncate_shared(const std::string& path);
Id open_write_shared(const std::string& path);  // RuntimeError on failure
// A transfer property list for raw data: collective through MPI-IO on a
// shared file of several ranks, the default otherwise.
Id collective_transfer();

bool has_link(hid_t loc, const std::string& name);
Id open_group(hid_t loc, const std::string& name, const Where& where);     // InputError if missing
Id open_dataset(hid_t loc, const std::string& name, const Where& where);   // InputError if missing
Id create_group(hid_t loc, const std::string& name);
std::vector<std::string> child_names(hid_t group);                     // in name order
bool is_group(hid_t loc, const std::string& name);

// Attributes.
bool has_attribute(hid_t obj, const std::string& name);
std::string read_string_attribute(hid_t obj, const std::string& name, const Where& where);
std::int64_t read_integer_attribute(hid_t obj, const std::string& name, const Where& where);
std::optional<std::string> read_optional_string_attribute(hid_t obj, const std::string& name, const Where& where);
std::vector<std::string> attribute_names(hid_t obj);
// Every string-valued attribute of obj, in name order (others are skipped).
std::vector<std::pair<std::string, std::string>> string_attributes(hid_t obj, const Where& where);
void write_attribute(hid_t obj, const std::string& name, std::string_view value);   // scalar UTF-8 string
void write_attribute(hid_t obj, const std::string& name, std::int64_t value);
void write_attribute(hid_t obj, const std::string& name, std::uint64_t value);
void write_attribute(hid_t obj, const std::string& name, std::span<const std::uint32_t> values);
void write_attribute(hid_t obj, const std::string& name, std::span<const std::int32_t> values);
// A fixed-length ASCII string (what OMX writers store as OMX_VERSION).
void write_ascii_attribute(hid_t obj, const std::string& name, std::string_view value);
// One value of `type` (a little-endian file type), `value` in that layout.
void write_scalar_attribute(hid_t obj, const std::string& name, hid_t type, const void* value);

// Typed reading of 1-D columns, validated.
std::uint64_t column_length(hid_t dataset, const Where& where);  // checks rank 1
// Integers of any integer dtype; every value must lie in [0, max_value].
std::vector<std::uint32_t> read_u32_column(hid_t dataset, const Where& where, std::uint32_t max_value);
std::vector<std::uint8_t> read_u8_column(hid_t dataset, const Where& where);  // values must fit uint8
// Floats (any float dtype; integers that convert exactly are accepted too).
std::vector<double> read_f64_column(hid_t dataset, const Where& where);
// Fixed- or variable-length strings, ASCII or UTF-8; UTF-8 validity checked.
StringColumn read_string_column(hid_t dataset, const Where& where);

// Writing 1-D columns. deflate = 0 writes contiguous datasets (fastest to
// load); 1..9 writes chunked, shuffled and deflated ones.
struct ColumnOptions {
  int deflate = 0;
  bool fixed_length_strings = true;
};
void write_column(hid_t group, const std::string& name, std::span<const std::uint32_t> values, const ColumnOptions& options);
void write_column(hid_t group, const std::string& name, std::span<const std::uint8_t> values, const ColumnOptions& options);
void write_column(hid_t group, const std::string& name, std::span<const double> values, const ColumnOptions& options);
void write_column(hid_t group, const std::string& name, const StringColumn& values, const ColumnOptions& options);

// A fixed-length UTF-8 string type of `size` bytes (at least 1), null-padded.
Id fixed_string_type(std::size_t size);

bool valid_utf8(std::string_view s);

// Throws RuntimeError naming the call when an HDF5 call fails (status < 0).
void check(herr_t status, const char* call);
hid_t check_id(hid_t id, const char* call);

}  // namespace hg::io::h5
