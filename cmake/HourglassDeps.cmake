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

# MPI (docs/cluster.md#builds): OpenMPI and Debian's parallel HDF5
# (libhdf5-openmpi-dev). On when both are found, except in the static
# release build; with it, `mpirun -n R hourglass …` runs R ranks, and the
# binary still runs alone without mpirun.
if(NOT HOURGLASS_STATIC_DEPS)
  find_package(MPI COMPONENTS C QUIET)
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(HG_HDF5_MPI QUIET hdf5-openmpi)
  endif()
endif()
if(MPI_C_FOUND AND HG_HDF5_MPI_FOUND)
  set(_hg_mpi_default ON)
else()
  set(_hg_mpi_default OFF)
endif()
option(HOURGLASS_MPI "Build with MPI and parallel HDF5 (mpirun -n R hourglass ...)" ${_hg_mpi_default})
if(HOURGLASS_MPI AND (HOURGLASS_STATIC_DEPS OR NOT MPI_C_FOUND OR NOT HG_HDF5_MPI_FOUND))
  message(FATAL_ERROR "HOURGLASS_MPI needs OpenMPI and Debian's parallel HDF5 (libopenmpi-dev, libhdf5-openmpi-dev) "
                      "and no HOURGLASS_STATIC_DEPS")
endif()

# HDF5 through its C API behind our own RAII layer (io/h5.hpp): the parallel
# library in an MPI build, else the serial one.
if(HOURGLASS_MPI)
  add_library(hg::hdf5 INTERFACE IMPORTED)
  target_include_directories(hg::hdf5 INTERFACE ${HG_HDF5_MPI_INCLUDE_DIRS})
  target_link_libraries(hg::hdf5 INTERFACE ${HG_HDF5_MPI_LINK_LIBRARIES} MPI::MPI_C)
else()
  include(cmake/HourglassSerialHdf5.cmake)
endif()

# A portable binary also carries the GCC runtime and OpenMP's libgomp.
if(HOURGLASS_STATIC_DEPS)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libgomp.a
                  OUTPUT_VARIABLE HG_GOMP_STATIC OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(HG_STATIC_RUNTIME_LINK -static-libstdc++ -static-libgcc ${HG_GOMP_STATIC} -Wl,--as-needed)
endif()
