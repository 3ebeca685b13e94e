#pragma once
// A column of strings stored as one character buffer and offsets: millions of
// node codes without millions of allocations.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hg {

class StringColumn {
 public:
  StringColumn() { offsets_.push_back(0); }

  std::size_t size() const { return offsets_.size() - 1; }
  bool empty() const { return size() == 0; }

  std::string_view operator[](std::size_t i) const {
    return std::string_view(chars_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }

  void push_back(std::string_view s) {
    chars_.append(s);
    offsets_.push_back(chars_.size());
  }

  void reserve(std::size_t count, std::size_t total_chars) {
    offsets_.reserve(count + 1);
    chars_.reserve(total_chars);
  }

  void clear() {
    chars_.clear();
    offsets_.assign(1, 0);
  }

  std::size_t max_length() const {
    std::size_t m = 0;
    for (std::size_t i = 0; i < size(); ++i) m = std::max<std::size_t>(m, offsets_[i + 1] - offsets_[i]);
    return m;
  }

  std::size_t total_chars() const { return chars_.size(); }

  friend bool operator==(const StringColumn& a, const StringColumn& b) {
    return a.chars_ == b.chars_ && a.offsets_ == b.offsets_;
  }

 private:
  std::string chars_;
  std::vector<std::uint64_t> offsets_;
};

}  // namespace hg
