#pragma once
// Byte counts as text, for plans and messages: "512 B", "3.5 MiB", "1.25 GiB".

#include <cstdint>
#include <string>

namespace hg {

std::string bytes_text(std::uint64_t bytes);

}  // namespace hg
