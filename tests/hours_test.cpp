// Hours to time units (host/model/hours.hpp): caps and thresholds in the
// snapshot's unit, whole and within the largest cap; hour lists.

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "host/core/errors.hpp"
#include "host/model/hours.hpp"

namespace hg {
namespace {

TEST(Hours, ConvertWithTheUnit) {
  EXPECT_EQ(hours_to_time(48, TimeUnit::minute, "--max-hours"), 2880u);
  EXPECT_EQ(hours_to_time(36.5, TimeUnit::minute, "--max-hours"), 2190u);
  EXPECT_EQ(hours_to_time(2, TimeUnit::second, "--max-hours"), 7200u);
  EXPECT_THROW(hours_to_time(0.01, TimeUnit::minute, "--max-hours"), InputError);  // 0.6 minutes
  EXPECT_THROW(hours_to_time(0, TimeUnit::minute, "--max-hours"), InputError);
  EXPECT_THROW(hours_to_time(-3, TimeUnit::minute, "--max-hours"), InputError);
  EXPECT_THROW(hours_to_time(1e9, TimeUnit::second, "--max-hours"), InputError);  // beyond the largest cap
}

TEST(Hours, Lists) {
  EXPECT_EQ(parse_hour_list("72,24,48,24", "--hours"), (std::vector<std::uint32_t>{24, 48, 72}));
  EXPECT_THROW(parse_hour_list("24,,48", "--hours"), InputError);
  EXPECT_THROW(parse_hour_list("24,0", "--hours"), InputError);
  EXPECT_THROW(parse_hour_list("24h", "--hours"), InputError);
}

}  // namespace
}  // namespace hg
