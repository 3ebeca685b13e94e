#include "io/result_dtype.hpp"

#include <cstring>
#include <limits>


namespace hg::io {

namespace {

template <class T>
void put(T value, unsigned char* out) {
  std::memcpy(out, &value, sizeof value);
}

}  // namespace

std::string_view dtype_name(ResultDtype dtype) {
  switch (dtype) {
    case ResultDtype::uint16: return "uint16";
    case ResultDtype::uint32: return "uint32";
    case ResultDtype::int32: return "int32";
    case ResultDtype::int64: return "int64";
    case ResultDtype::float32: return "float32";
    case ResultDtype::float64: return "float64";
  }
  return "?";
}

std::optional<ResultDtype> parse_dtype(std::string_view name) {
  for (const ResultDtype d : {ResultDtype::uint16, ResultDtype::uint32, ResultDtype::int32, ResultDtype::int64,
                              ResultDtype::float32, ResultDtype::float64})
    if (dtype_name(d) == name) return d;
  return std::nullopt;
}

std::size_t dtype_bytes(ResultDtype dtype) {
  switch (dtype) {
    case ResultDtype::uint16: return 2;
    case ResultDtype::uint32:
    case ResultDtype::int32:
    case ResultDtype::float32: return 4;
    case ResultDtype::int64:
    case ResultDtype::float64: return 8;
  }
  return 4;
}

hid_t dtype_file_type(ResultDtype dtype) {
  switch (dtype) {
    case ResultDtype::uint16: return H5T_STD_U16LE;
    case ResultDtype::uint32: return H5T_STD_U32LE;
    case ResultDtype::int32: return H5T_STD_I32LE;
    case ResultDtype::int64: return H5T_STD_I64LE;
    case ResultDtype::float32: return H5T_IEEE_F32LE;
    case ResultDtype::float64: return H5T_IEEE_F64LE;
  }
  return H5T_STD_U32LE;
}

std::optional<ResultDtype> dtype_of(hid_t type) {
  const std::size_t size = H5Tget_size(type);
  switch (H5Tget_class(type)) {
    case H5T_INTEGER:
      if (H5Tget_sign(type) == H5T_SGN_NONE) {
        if (size == 2) return ResultDtype::uint16;
        if (size == 4) return ResultDtype::uint32;
      } else {
        if (size == 4) return ResultDtype::int32;
        if (size == 8) return ResultDtype::int64;
      }
      return std::nullopt;
    case H5T_FLOAT:
      if (size == 4) return ResultDtype::float32;
      if (size == 8) return ResultDtype::float64;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::uint64_t dtype_largest_time(ResultDtype dtype) {
  switch (dtype) {
    case ResultDtype::uint16: return kUnreachable16 - 1;
    case ResultDtype::float32: return std::uint64_t{1} << 24;  // every integer up to 2^24 is a float
    default: return kUnreachable32 - 1;
  }
}

bool hops_are_int64(ResultDtype dtype) { return dtype == ResultDtype::int64 || dtype == ResultDtype::float64; }

void encode_time(ResultDtype dtype, std::uint32_t time, unsigned char* out) {
  const bool none = time == kUnreachable32;
  switch (dtype) {
    case ResultDtype::uint16: put(static_cast<std::uint16_t>(none ? kUnreachable16 : time), out); return;
    case ResultDtype::uint32: put(time, out); return;
    case ResultDtype::int32: put(none ? std::int32_t{-1} : static_cast<std::int32_t>(time), out); return;
    case ResultDtype::int64: put(none ? std::int64_t{-1} : std::int64_t{time}, out); return;
    case ResultDtype::float32:
      put(none ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(time), out);
      return;
    case ResultDtype::float64:
      put(none ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(time), out);
      return;
  }
}

void encode_hop(ResultDtype dtype, std::uint32_t hop, unsigned char* out) {
  if (hops_are_int64(dtype))
    put(hop == kNoNode ? std::int64_t{-1} : std::int64_t{hop}, out);
  else
    put(hop, out);
}

}  // namespace hg::io
