#pragma once
// The reference OMX library (openmatrix, from PyPI in build/omx-venv, made
// by scripts/omx-venv.sh) from tests: its python, a snippet run in it, and
// its validator's printed checks.

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "tests/support/test_support.hpp"

namespace hg::test {

// The venv's python, or a skip/fail message: skipped only when
// scripts/omx-venv.sh recorded that PyPI could not be reached.
inline std::string omx_python(std::string& why_not) {
  if (const char* env = std::getenv("HG_OMX_PYTHON")) return env;
  const std::filesystem::path build = std::filesystem::path(source_dir()) / "build";
  const std::filesystem::path python = build / "omx-venv/bin/python";
  if (std::filesystem::exists(python)) return python.string();
  if (std::filesystem::exists(build / "omx-venv.unreachable")) why_not = read_file((build / "omx-venv.unreachable").string());
  return "";
}

inline std::string run_python(const std::string& python, const std::string& code) {
  const std::string command = "'" + python + "' -c \"" + code + "\" 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  std::array<char, 4096> buffer{};
  while (pipe && std::fgets(buffer.data(), buffer.size(), pipe.get())) out += buffer.data();
  return out;
}

// "Check 5 : Required : Fail" -> {5: "Fail"}; "Overall" -> its verdict.
inline std::map<std::string, std::string> parse_checks(const std::string& printed) {
  std::map<std::string, std::string> checks;
  std::size_t at = 0;
  while ((at = printed.find("\n  Check ", at)) != std::string::npos) {
    const std::size_t end = printed.find('\n', at + 1);
    const std::string line = printed.substr(at + 9, end - at - 9);
    const std::string number = line.substr(0, line.find(' '));
    checks[number] = line.substr(line.rfind(' ') + 1);
    at = end;
  }
  if (const std::size_t o = printed.find("Overall :"); o != std::string::npos) {
    const std::size_t end = printed.find('\n', o);
    const std::string line = printed.substr(o, end - o);
    checks["overall"] = line.substr(line.rfind(' ') + 1);
  }
  return checks;
}

}  // namespace hg::test
