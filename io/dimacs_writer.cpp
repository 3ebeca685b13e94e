#include "io/dimacs_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include "host/core/errors.hpp"
#include "io/output_file.hpp"

namespace hg::io {

namespace {

// A FILE* on the partial file; fmt writes through its buffer (one 1 MiB
// buffer, not one stream operation per line).
class TextOut {
 public:
  explicit TextOut(PartialFile& target) : target_(target), file_(target.open()) {
    std::setvbuf(file_.get(), nullptr, _IOFBF, 1 << 20);
  }
  std::FILE* get() { return file_.get(); }
  void close() {
    const bool ok = std::ferror(file_.get()) == 0;
    HG_EXPECTS(std::fclose(file_.release()) == 0 && ok, ErrorKind::output_path, "{}: writing failed (disk full?)",
               target_.final_path());
  }

 private:
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  PartialFile& target_;
  std::unique_ptr<std::FILE, Closer> file_;
};

long microdegrees(double degrees) { return std::lround(degrees * 1e6); }

}  // namespace

DimacsFiles dimacs_files(const std::string& prefix) { return {prefix + ".gr", prefix + ".co"}; }

void write_dimacs(const Network& net, const DimacsFiles& files, const std::string& comment) {
  PartialFile gr_target(files.gr), co_target(files.co);
  {
    TextOut gr(gr_target);
    fmt::print(gr.get(), "c {}\nc {}\np sp {} {}\n", net.description, comment, net.nodes.size(), net.edges.size());
    for (std::size_t e = 0; e < net.edges.size(); ++e)
      fmt::print(gr.get(), "a {} {} {}\n", net.edges.src[e] + 1, net.edges.dst[e] + 1, net.edges.transit_time[e]);
    gr.close();
  }
  {
    TextOut co(co_target);
    fmt::print(co.get(), "c {}\np aux sp co {}\n", net.description, net.nodes.size());
    for (std::size_t i = 0; i < net.nodes.size(); ++i)
      fmt::print(co.get(), "v {} {} {}\n", i + 1, microdegrees(net.nodes.lon[i]), microdegrees(net.nodes.lat[i]));
    co.close();
  }
  // Both complete: only now do they appear.
  gr_target.commit();
  co_target.commit();
}

}  // namespace hg::io
