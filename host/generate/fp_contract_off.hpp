#pragma once
// Included first by every header of host/generate/ with inline floating-point
// code (random.hpp, exact_math.hpp, geometry.hpp, leg_times.hpp), and so by
// logistics_internal.hpp: those headers are private to hg_generate.
//
// The generators' bits must not depend on whether the compiler fuses a * b + c
// into one rounding, so CMake compiles every source of hg_generate with
// -ffp-contract=off and defines HG_GENERATE_FP_CONTRACT_OFF. An inline
// function is compiled in every translation unit that uses it, and the linker
// keeps one of those copies for the whole program: a test or benchmark that
// included these headers, compiled without the flag, could supply the copy
// the generator runs. This check stops any source outside hg_generate from
// including them.

#ifndef HG_GENERATE_FP_CONTRACT_OFF
#error "private to hg_generate (host/generate/*.cpp, compiled with -ffp-contract=off); include logistics_generator.hpp or road_generator.hpp"
#endif
