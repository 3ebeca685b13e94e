#pragma once
// HG_HD marks functions that run on the host and on the device. Under nvcc it
// expands to __host__ __device__; under a plain C++ compiler to nothing, so the
// CPU reference and the CPU tests run the very arithmetic the kernels run.

#if defined(__CUDACC__)
#define HG_HD __host__ __device__ __forceinline__
#else
#define HG_HD inline
#endif

// Full unrolling of small fixed loops, so that register blocks stay in registers.
// nvcc's device pass (__CUDA_ARCH__) unrolls; its host pass compiles the
// same functions with g++, which knows no `#pragma unroll`.
#if defined(__CUDA_ARCH__)
#define HG_UNROLL _Pragma("unroll")
#elif defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__)
#define HG_UNROLL _Pragma("GCC unroll 64")
#else
#define HG_UNROLL
#endif
