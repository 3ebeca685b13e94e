// The 16-bit rule (host/solvers/time_width.hpp): 16-bit stored times only
// where they are exact, and the width `auto`, 16 or 32 gives.

#include <gtest/gtest.h>

#include "host/core/errors.hpp"
#include "host/solvers/time_width.hpp"

namespace hg {
namespace {

TEST(TimeWidth, SixteenBitsOnlyWhereExact) {
  EXPECT_TRUE(width16_exact(2880, 0));          // 48 h in minutes: 2 x 2881 <= 32767
  EXPECT_TRUE(width16_exact(16382, 0));         // 2 x 16383 = 32766
  EXPECT_FALSE(width16_exact(16383, 0));        // 2 x 16384 = 32768
  EXPECT_TRUE(width16_exact(0, 16383));         // uncapped: 2 x bound <= 32767
  EXPECT_FALSE(width16_exact(0, 16384));
  EXPECT_EQ(choose_width(WidthChoice::automatic, 2880, 1000000), 16);
  EXPECT_EQ(choose_width(WidthChoice::automatic, 0, 1000000), 32);
  EXPECT_EQ(choose_width(WidthChoice::bits32, 2880, 0), 32);
  EXPECT_THROW(choose_width(WidthChoice::bits16, 0, 1000000), InputError);
}

}  // namespace
}  // namespace hg
