#pragma once
// SHA-256, hex encoded: results record which snapshot made them, stored
// hierarchies which problem they belong to.

#include <cstddef>
#include <memory>
#include <string>

namespace hg::io {

// Incremental hashing of bytes.
class Sha256 {
 public:
  Sha256();  // RuntimeError if OpenSSL has no SHA-256
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* data, std::size_t bytes);
  std::string hex();  // the digest of everything so far; call once

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

std::string sha256_file(const std::string& path);  // RuntimeError if unreadable

}  // namespace hg::io
