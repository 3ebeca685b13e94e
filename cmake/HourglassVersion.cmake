# Version, git commit and build flavour for `hourglass --version`. The commit is
# read at build time (not configure time), and the source is rewritten only
# when it changes, so it never goes stale and never forces a rebuild.
if(HOURGLASS_CUDA)
  set(HG_CUDA_COMPILED "true")
  set(HG_CUDA_ARCHS "${CMAKE_CUDA_ARCHITECTURES}")
else()
  set(HG_CUDA_COMPILED "false")
  set(HG_CUDA_ARCHS "")
endif()
set(HG_VERSION_SOURCE ${PROJECT_BINARY_DIR}/generated/build_info.cpp)
add_custom_target(hg_build_info
  COMMAND ${CMAKE_COMMAND}
          -DSRC=${PROJECT_SOURCE_DIR} -DOUT=${HG_VERSION_SOURCE}
          -DVERSION=${PROJECT_VERSION} -DBUILD_TYPE=${CMAKE_BUILD_TYPE}
          -DCUDA=${HG_CUDA_COMPILED} "-DCUDA_ARCHS=${HG_CUDA_ARCHS}"
          -P ${PROJECT_SOURCE_DIR}/cmake/WriteBuildInfo.cmake
  BYPRODUCTS ${HG_VERSION_SOURCE}
  COMMENT "" VERBATIM)
