#pragma once
// The element types a result matrix can be stored in (docs/results.md#element-types).
// Every form holds the same stored times (docs/design.md#caps): exact up to
// the cap, cap + 1 beyond it, and "no path" as the matrix's NA value:
//
//   uint16, uint32   the all-ones value (65535, 4294967295); next hops uint32
//   int32, int64     -1;                                     next hops int64 for int64
//   float32, float64 NaN;                                    next hops int64 for float64
//
// int64 and float64 (with int64 next hops) are what OMX tools call common
// types; the compact unsigned forms are Hourglass's default.

#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "host/core/time.hpp"

namespace hg::io {

enum class ResultDtype : std::uint8_t { uint16, uint32, int32, int64, float32, float64 };

std::string_view dtype_name(ResultDtype dtype);
std::optional<ResultDtype> parse_dtype(std::string_view name);
std::size_t dtype_bytes(ResultDtype dtype);
hid_t dtype_file_type(ResultDtype dtype);  // little-endian HDF5 type
// The dtype of a stored matrix, or nullopt for a type results never use.
std::optional<ResultDtype> dtype_of(hid_t h5_type);

// The largest time a dtype holds exactly, its NA value kept apart.
std::uint64_t dtype_largest_time(ResultDtype dtype);

// Next hops are int64 where the times are a common OMX type, else uint32.
bool hops_are_int64(ResultDtype dtype);
std::size_t hop_bytes(ResultDtype dtype);
hid_t hop_file_type(ResultDtype dtype);  // little-endian HDF5 type

// `count` stored times (kUnreachable32: no path) as the dtype's elements at
// `out` (count x dtype_bytes); next hops likewise (kNoNode: NA).
void encode_times(ResultDtype dtype, const std::uint32_t* times, std::size_t count, unsigned char* out);
void encode_hops(ResultDtype dtype, const std::uint32_t* hops, std::size_t count, unsigned char* out);

}  // namespace hg::io
