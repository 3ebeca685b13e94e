# The serial HDF5 (libhdf5-dev), shared or, for the release build, static.
# h5cc is the serial wrapper even where the parallel library is installed too.
set(HDF5_PREFER_PARALLEL OFF)
if(HOURGLASS_STATIC_DEPS)
  # Debian's static libhdf5.a also needs libsz/libaec/libz (taken static) and
  # libcurl/libcrypto for its read-only S3 driver (left dynamic: every Debian
  # and Ubuntu system has them).
  set(HDF5_USE_STATIC_LIBRARIES ON)
endif()
find_package(HDF5 REQUIRED COMPONENTS C)
if(HDF5_IS_PARALLEL)
  message(FATAL_ERROR "Found a parallel HDF5 (${HDF5_C_INCLUDE_DIRS}) for a build without MPI: clear the HDF5_* "
                      "cache entries, or configure with -DHOURGLASS_MPI=ON")
endif()
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

