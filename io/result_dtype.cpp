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

std::size_t hop_bytes(ResultDtype dtype) { return hops_are_int64(dtype) ? 8 : 4; }
hid_t hop_file_type(ResultDtype dtype) { return hops_are_int64(dtype) ? H5T_STD_I64LE : H5T_STD_U32LE; }

namespace {

// One loop a type, the switch outside it: this runs for every stored value.
template <class T, class Convert>
void encode_run(const std::uint32_t* in, std::size_t count, unsigned char* out, Convert convert) {
  for (std::size_t i = 0; i < count; ++i) put(static_cast<T>(convert(in[i])), out + i * sizeof(T));
}

}  // namespace

void encode_times(ResultDtype dtype, const std::uint32_t* times, std::size_t count, unsigned char* out) {
  const auto or_na = [](auto na) {
    return [na](std::uint32_t t) { return t == kUnreachable32 ? na : static_cast<decltype(na)>(t); };
  };
  switch (dtype) {
    case ResultDtype::uint16: return encode_run<std::uint16_t>(times, count, out, or_na(kUnreachable16));
    case ResultDtype::uint32: std::memcpy(out, times, count * sizeof(std::uint32_t)); return;
    case ResultDtype::int32: return encode_run<std::int32_t>(times, count, out, or_na(std::int32_t{-1}));
    case ResultDtype::int64: return encode_run<std::int64_t>(times, count, out, or_na(std::int64_t{-1}));
    case ResultDtype::float32:
      return encode_run<float>(times, count, out, or_na(std::numeric_limits<float>::quiet_NaN()));
    case ResultDtype::float64:
      return encode_run<double>(times, count, out, or_na(std::numeric_limits<double>::quiet_NaN()));
  }
}

void encode_hops(ResultDtype dtype, const std::uint32_t* hops, std::size_t count, unsigned char* out) {
  if (!hops_are_int64(dtype)) {
    std::memcpy(out, hops, count * sizeof(std::uint32_t));
    return;
  }
  encode_run<std::int64_t>(hops, count, out,
                           [](std::uint32_t h) { return h == kNoNode ? std::int64_t{-1} : std::int64_t{h}; });
}

}  // namespace hg::io
