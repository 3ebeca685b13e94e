#!/usr/bin/env bash
# Builds the portable Release binary (CUDA for sm_90, HDF5 and its
# compression libraries linked statically) and prints what it still loads
# dynamically: only system libraries (libc, libstdc++ is static, libcurl and
# libcrypto for HDF5's S3 driver) should remain.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

BUILD="${BUILD_DIR:-$ROOT/build/release-static}"
cmake --preset release -B "$BUILD" >/dev/null 2>&1 || \
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DHOURGLASS_STATIC_DEPS=ON >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target hourglass
echo "ldd $BUILD/hourglass:"
ldd "$BUILD/hourglass"
if ldd "$BUILD/hourglass" | grep -E "libhdf5|libsz|libaec|libz\.so"; then
  echo "release-ldd: HDF5 or a compression library is still dynamic" >&2
  exit 1
fi
