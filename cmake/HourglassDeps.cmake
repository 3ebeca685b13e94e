# Third-party dependencies, all from Debian packages (scripts/setup-deps.sh).
find_package(Threads REQUIRED)
find_package(OpenMP REQUIRED COMPONENTS CXX)
find_package(fmt REQUIRED)
# Debian ships fmt only as a shared library; a portable binary uses it header-only.
add_library(hg::fmt INTERFACE IMPORTED)
if(HOURGLASS_STATIC_DEPS)
  target_link_libraries(hg::fmt INTERFACE fmt::fmt-header-only)
else()
  target_link_libraries(hg::fmt INTERFACE fmt::fmt)
endif()
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(ZLIB REQUIRED)

# HDF5 through its C API behind our own RAII layer (io/h5.hpp).
if(HOURGLASS_STATIC_DEPS)
  # Debian's static libhdf5.a also needs libsz/libaec/libz (taken static) and
  # libcurl/libcrypto for its read-only S3 driver (left dynamic: every Debian
  # and Ubuntu system has them).
  set(HDF5_USE_STATIC_LIBRARIES ON)
endif()
find_package(HDF5 REQUIRED COMPONENTS C)
add_library(hg::hdf5 INTERFACE IMPORTED)
target_include_directories(hg::hdf5 INTERFACE ${HDF5_C_INCLUDE_DIRS})
target_compile_definitions(hg::hdf5 INTERFACE ${HDF5_C_DEFINITIONS})
if(HOURGLASS_STATIC_DEPS)
  find_library(HG_HDF5_STATIC NAMES libhdf5.a PATHS /usr/lib/x86_64-linux-gnu/hdf5/serial REQUIRED NO_DEFAULT_PATH)
  find_library(HG_SZ_STATIC NAMES libsz.a REQUIRED)
  find_library(HG_AEC_STATIC NAMES libaec.a REQUIRED)
  find_library(HG_Z_STATIC NAMES libz.a REQUIRED)
  find_library(HG_CURL NAMES curl REQUIRED)
  target_link_libraries(hg::hdf5 INTERFACE ${HG_HDF5_STATIC} ${HG_SZ_STATIC} ${HG_AEC_STATIC} ${HG_Z_STATIC}
                        ${HG_CURL} OpenSSL::Crypto ${CMAKE_DL_LIBS} m Threads::Threads)
else()
  target_link_libraries(hg::hdf5 INTERFACE ${HDF5_C_LIBRARIES})
endif()

# A portable binary also carries the GCC runtime and OpenMP's libgomp.
if(HOURGLASS_STATIC_DEPS)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libgomp.a
                  OUTPUT_VARIABLE HG_GOMP_STATIC OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(HG_STATIC_RUNTIME_LINK -static-libstdc++ -static-libgcc ${HG_GOMP_STATIC} -Wl,--as-needed)
endif()
