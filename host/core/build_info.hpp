#pragma once
// What `hourglass --version` and every result file report about this binary.

namespace hg {

struct BuildInfo {
  const char* version;
  const char* git_commit;
  const char* build_type;
  bool cuda_compiled;
  const char* cuda_architectures;
};

const BuildInfo& build_info();

}  // namespace hg
