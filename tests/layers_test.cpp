// The layer rule of docs/architecture.md: the table under "## Layers"
// (layer | folders | may include) is read from the document itself, and every
// `#include "..."` of every file under host/, io/ and kernels/ must name a file
// of the including file's own layer or of one its row lists. A file in no
// layer fails, and so does an include of tests/, bench/ or fuzz/ (they stand
// outside the layers: they may include the layers, not the reverse).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;

struct Layer {
  std::string name;
  std::vector<std::string> folders;      // from the repository root, ending in '/'
  std::vector<std::string> may_include;  // names of other layers
};

struct SourceText {
  std::string path;  // from the repository root, '/'-separated
  std::string text;
};

// The folders that stand outside the layers.
constexpr std::string_view kOutside[] = {"tests/", "bench/", "fuzz/"};

std::string_view trim(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (std::size_t at = 0;;) {
    const std::size_t next = s.find(sep, at);
    parts.push_back(trim(s.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at)));
    if (next == std::string_view::npos) return parts;
    at = next + 1;
  }
}

std::vector<std::string_view> lines_of(std::string_view text) { return split(text, '\n'); }

// The cells of a Markdown table row ("| a | b |" -> {a, b}).
std::vector<std::string_view> cells(std::string_view row) {
  row = trim(row);
  if (row.size() < 2 || row.front() != '|' || row.back() != '|') return {};
  return split(row.substr(1, row.size() - 2), '|');
}

// The table under "## Layers", row by row, lowest layer first. A header that
// is not `layer | folders | may include`, or no table, gives a failure.
std::vector<Layer> parse_layers(std::string_view doc) {
  std::vector<Layer> layers;
  bool in_section = false, in_table = false;
  for (const std::string_view line : lines_of(doc)) {
    if (line.starts_with("## ")) {
      if (in_section) break;
      in_section = trim(line.substr(3)) == "Layers";
      continue;
    }
    if (!in_section) continue;
    const std::vector<std::string_view> row = cells(line);
    if (row.empty()) {
      if (in_table) break;  // the table ended
      continue;
    }
    if (!in_table) {
      in_table = true;
      EXPECT_EQ(row, (std::vector<std::string_view>{"layer", "folders", "may include"}))
          << "the header of the layer table in docs/architecture.md";
      continue;
    }
    if (row.size() != 3) {
      ADD_FAILURE() << "a layer row without three cells: " << line;
      continue;
    }
    if (row[0].starts_with("---")) continue;  // the separator row
    Layer layer{std::string(row[0]), {}, {}};
    for (std::string_view folder : split(row[1], ',')) {
      folder = trim(folder);
      if (folder.size() >= 2 && folder.front() == '`' && folder.back() == '`') folder = folder.substr(1, folder.size() - 2);
      if (!folder.empty()) layer.folders.emplace_back(folder);
    }
    for (const std::string_view name : split(row[2], ','))
      if (!name.empty()) layer.may_include.emplace_back(name);
    layers.push_back(std::move(layer));
  }
  return layers;
}

// The layer a path lies in (the longest folder that holds it), or nullptr.
const Layer* layer_of(const std::vector<Layer>& layers, std::string_view path) {
  const Layer* found = nullptr;
  std::size_t longest = 0;
  for (const Layer& layer : layers)
    for (const std::string& folder : layer.folders)
      if (path.starts_with(folder) && folder.size() > longest) {
        found = &layer;
        longest = folder.size();
      }
  return found;
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& name : names) s += (s.empty() ? "" : ", ") + name;
  return s.empty() ? "nothing" : s;
}

// The target of a `#include "..."` line, or empty.
std::string_view quoted_include(std::string_view line) {
  line = trim(line);
  if (!line.starts_with('#')) return {};
  line = trim(line.substr(1));
  if (!line.starts_with("include")) return {};
  line = trim(line.substr(7));
  if (!line.starts_with('"')) return {};
  const std::size_t end = line.find('"', 1);
  return end == std::string_view::npos ? std::string_view{} : line.substr(1, end - 1);
}

// Every breach of the layer rule in `files`, one message each, in file and
// line order.
std::vector<std::string> layer_violations(const std::vector<Layer>& layers, const std::vector<SourceText>& files) {
  std::vector<std::string> violations;
  for (const SourceText& file : files) {
    const Layer* own = layer_of(layers, file.path);
    if (own == nullptr) {
      violations.push_back(file.path + ": in no layer of docs/architecture.md");
      continue;
    }
    std::size_t line_number = 0;
    for (const std::string_view line : lines_of(file.text)) {
      ++line_number;
      const std::string_view include = quoted_include(line);
      if (include.empty()) continue;
      const std::string at = file.path + ":" + std::to_string(line_number) + ": " + own->name + " includes \"" +
                             std::string(include) + "\"";
      if (std::any_of(std::begin(kOutside), std::end(kOutside), [&](std::string_view f) { return include.starts_with(f); })) {
        violations.push_back(at + ", outside the layers (tests/, bench/ and fuzz/ include layers, not the reverse)");
        continue;
      }
      const Layer* target = layer_of(layers, include);
      if (target == nullptr) {
        violations.push_back(at + ", in no layer (includes are spelled from the repository root)");
        continue;
      }
      if (target == own || std::find(own->may_include.begin(), own->may_include.end(), target->name) !=
                               own->may_include.end())
        continue;
      violations.push_back(at + " of layer " + target->name + "; " + own->name + " may include " +
                           joined(own->may_include));
    }
  }
  return violations;
}

std::vector<Layer> documented_layers() {
  const std::string doc = test::read_file(test::source_dir() + "/docs/architecture.md");
  EXPECT_FALSE(doc.empty()) << "cannot read docs/architecture.md under " << test::source_dir();
  return parse_layers(doc);
}

// Every file under host/, io/ and kernels/, sorted by path.
std::vector<SourceText> layered_sources() {
  const fs::path root = test::source_dir();
  std::vector<SourceText> files;
  for (const char* top : {"host", "io", "kernels"}) {
    EXPECT_TRUE(fs::is_directory(root / top)) << (root / top);
    for (const auto& entry : fs::recursive_directory_iterator(root / top))
      if (entry.is_regular_file())
        files.push_back({fs::relative(entry.path(), root).generic_string(), test::read_file(entry.path().string())});
  }
  std::sort(files.begin(), files.end(), [](const SourceText& a, const SourceText& b) { return a.path < b.path; });
  return files;
}

TEST(Layers, TheDocumentedTableHasTheNineLayers) {
  const std::vector<Layer> layers = documented_layers();
  std::vector<std::string> names;
  for (const Layer& layer : layers) names.push_back(layer.name);
  EXPECT_EQ(names, (std::vector<std::string>{"core", "kernels", "model", "io", "generate", "solvers", "planning", "jobs",
                                             "cli"}));
  ASSERT_EQ(layers.size(), 9u);
  EXPECT_EQ(layers[0].folders, std::vector<std::string>{"host/core/"});
  EXPECT_TRUE(layers[0].may_include.empty());
  EXPECT_EQ(layers[3].folders, std::vector<std::string>{"io/"});
  EXPECT_EQ(layers[3].may_include, (std::vector<std::string>{"core", "model"}));
  EXPECT_EQ(layers[6].may_include, (std::vector<std::string>{"core", "kernels"}));
  EXPECT_EQ(layers[8].may_include,
            (std::vector<std::string>{"core", "model", "io", "generate", "solvers", "planning", "jobs"}));
  // Every row names folders, and only layers of the table, each below its own.
  for (std::size_t i = 0; i < layers.size(); ++i) {
    EXPECT_FALSE(layers[i].folders.empty()) << layers[i].name;
    for (const std::string& name : layers[i].may_include) {
      const auto below = std::find_if(layers.begin(), layers.begin() + static_cast<std::ptrdiff_t>(i),
                                      [&](const Layer& l) { return l.name == name; });
      EXPECT_NE(below, layers.begin() + static_cast<std::ptrdiff_t>(i))
          << layers[i].name << " may include " << name << ", which is no layer below it";
    }
  }
}

TEST(Layers, EveryIncludeOfTheLayersFollowsTheTable) {
  const std::vector<Layer> layers = documented_layers();
  ASSERT_EQ(layers.size(), 9u);
  const std::vector<SourceText> files = layered_sources();
  EXPECT_GT(files.size(), 100u);  // the walk found the tree
  for (const std::string& violation : layer_violations(layers, files)) ADD_FAILURE() << violation;
}

TEST(Layers, AnIncludeOfAHigherLayerIsReported) {
  const std::vector<Layer> layers = documented_layers();
  const std::vector<std::string> violations = layer_violations(
      layers, {{"host/model/x.cpp", "#include <vector>\n"
                                    "#include \"host/core/time.hpp\"\n"
                                    "#include \"host/model/network.hpp\"\n"
                                    "  #  include \"host/jobs/solve.hpp\"  // a job in the model\n"
                                    "// #include \"host/cli/commands.hpp\" is only a comment\n"},
               {"host/solvers/y.cpp", "#include \"kernels/fw/fw_tile.cuh\"\n#include \"io/result.hpp\"\n"}});
  EXPECT_EQ(violations, std::vector<std::string>{"host/model/x.cpp:4: model includes \"host/jobs/solve.hpp\" of "
                                                 "layer jobs; model may include core"});
}

TEST(Layers, FilesOutsideTheLayersAndIncludesOfTestsAreReported) {
  const std::vector<Layer> layers = documented_layers();
  const std::vector<std::string> violations =
      layer_violations(layers, {{"host/extra/z.cpp", "#include \"host/core/time.hpp\"\n"},
                                {"io/w.cpp", "#include \"tests/support/test_support.hpp\"\n"
                                             "#include \"bench/bench_networks.hpp\"\n"
                                             "#include \"fuzz/fuzz_support.hpp\"\n"
                                             "#include \"h5.hpp\"\n"},
                                {"kernels/core/v.cuh", "#include \"host/core/hd.hpp\"\n"}});
  const std::string outside = ", outside the layers (tests/, bench/ and fuzz/ include layers, not the reverse)";
  EXPECT_EQ(violations, (std::vector<std::string>{
                            "host/extra/z.cpp: in no layer of docs/architecture.md",
                            "io/w.cpp:1: io includes \"tests/support/test_support.hpp\"" + outside,
                            "io/w.cpp:2: io includes \"bench/bench_networks.hpp\"" + outside,
                            "io/w.cpp:3: io includes \"fuzz/fuzz_support.hpp\"" + outside,
                            "io/w.cpp:4: io includes \"h5.hpp\", in no layer (includes are spelled from the "
                            "repository root)",
                        }));
}

}  // namespace
}  // namespace hg
