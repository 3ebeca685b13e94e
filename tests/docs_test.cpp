// The worked examples in docs/ run, and the docs show them verbatim; every
// document and section the repository cites exists.

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/result.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

bool python_has_h5py() { return std::system("/usr/bin/python3 -c 'import h5py' >/dev/null 2>&1") == 0; }

TEST(Docs, SnapshotFormatShowsTheExampleScriptVerbatim) {
  const std::string doc = test::read_file(std::string(HG_SOURCE_DIR) + "/docs/snapshot-format.md");
  const std::string script = test::read_file(std::string(HG_SOURCE_DIR) + "/docs/examples/three_node_snapshot.py");
  ASSERT_FALSE(script.empty());
  EXPECT_NE(doc.find(script), std::string::npos) << "docs/snapshot-format.md is out of date with the example script";
}

TEST(Docs, ThreeNodeH5pyExampleIsAValidSnapshotWithTheDocumentedTime) {
  if (!python_has_h5py()) GTEST_SKIP() << "/usr/bin/python3 with h5py is not installed";
  const auto dir = test::temp_dir();
  const std::string snapshot = (dir / "three.h5").string(), result = (dir / "r.h5").string();
  const std::string command = "/usr/bin/python3 " + std::string(HG_SOURCE_DIR) +
                              "/docs/examples/three_node_snapshot.py " + snapshot + " >/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const auto r = test::run_hourglass({"solve", snapshot, "--origins", "WH-SH", "--destinations", "BER", "-o", result});
  ASSERT_EQ(r.status, 0) << r.err;
  std::uint32_t time = 0;
  io::ResultReader(result).read_rows(0, 1, &time, nullptr);
  EXPECT_EQ(time, 1530u);  // 780 + 240 + 180 + 330, as the doc says
}

}  // namespace
}  // namespace hg

#include "host/core/errors.hpp"

namespace hg {
namespace {

TEST(Docs, ErrorsTableListsEveryErrorKind) {
  const std::string doc = test::read_file(std::string(HG_SOURCE_DIR) + "/docs/errors.md");
  int kinds = 0;
  for (int i = 0;; ++i) {
    const std::string_view name = error_kind_name(static_cast<ErrorKind>(i));
    if (name == "unknown") break;
    ++kinds;
    EXPECT_NE(doc.find("| `" + std::string(name) + "` |"), std::string::npos) << name << " is not in docs/errors.md";
  }
  EXPECT_GT(kinds, 30);
}

}  // namespace
}  // namespace hg

namespace hg {
namespace {

// Every test the catalogue of bad inputs names exists.
TEST(Docs, EveryTestTheErrorCatalogueNamesExists) {
  const std::string doc = test::read_file(test::source_dir() + "/docs/errors.md");
  std::string sources;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_dir() + "/tests"))
    if (entry.path().extension() == ".cpp") sources += test::read_file(entry.path().string());
  const std::string start = "## Catalogue of bad inputs";
  ASSERT_NE(doc.find(start), std::string::npos);
  std::size_t named = 0;
  for (std::size_t at = doc.find('`', doc.find(start)); at != std::string::npos; at = doc.find('`', at + 1)) {
    const std::size_t end = doc.find('`', at + 1);
    if (end == std::string::npos) break;
    const std::string name = doc.substr(at + 1, end - at - 1);
    at = end;
    const std::size_t dot = name.find('.');
    if (dot == std::string::npos || name.find_first_of(" -/") != std::string::npos || !std::isupper(name[0])) continue;
    const std::string suite_and_name = name.substr(0, dot) + ", " + name.substr(dot + 1) + ")";
    EXPECT_TRUE(sources.find("TEST(" + suite_and_name) != std::string::npos ||
                sources.find("TEST_F(" + suite_and_name) != std::string::npos)
        << "docs/errors.md names " << name << ", which is no test";
    ++named;
  }
  EXPECT_GE(named, 60u);
}

}  // namespace
}  // namespace hg


#include <algorithm>
#include <map>
#include <set>
#include <vector>

namespace hg {
namespace {

namespace fs = std::filesystem;

// The anchor GitHub gives a heading: lowercase; letters, digits, '-' and '_'
// kept; spaces become '-'; every other character (punctuation, symbols,
// backticks) dropped. Non-ASCII letters and digits are kept, non-ASCII
// punctuation and symbols (en dash, ×, ≤, arrows) dropped.
bool kept_in_slug(char32_t c) {
  if (c < 0x80) return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  if (c >= 0xA0 && c <= 0xBF)  // Latin-1 punctuation and symbols, but a few letters and digits
    return c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 || c == 0xBA || (c >= 0xBC && c <= 0xBE);
  if (c == 0xD7 || c == 0xF7) return false;                       // × ÷
  if (c >= 0x2000 && c <= 0x206F) return false;                   // general punctuation: – — ‘ ’ “ ” …
  if (c >= 0x20A0 && c <= 0x214F) return false;                   // currency, letter-like symbols
  if (c >= 0x2190 && c <= 0x2BFF) return false;                   // arrows, mathematical operators, shapes
  if (c >= 0x3000 && c <= 0x303F) return false;                   // CJK punctuation
  if (c >= 0xFF00 && c <= 0xFF0F) return false;                   // full-width punctuation
  return true;
}

std::string github_slug(std::string_view heading) {
  // Links in a heading count by their text: "[text](target)" -> "text".
  std::string text;
  for (std::size_t i = 0; i < heading.size(); ++i) {
    if (heading[i] == ']' && i + 1 < heading.size() && heading[i + 1] == '(') {
      const std::size_t close = heading.find(')', i);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    text += heading[i];
  }
  std::string slug;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
    char32_t c = byte < 0x80 ? byte : byte & (0x3F >> (length - 1));
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) c = (c << 6) | (text[i + k] & 0x3F);
    if (c == ' ') slug += '-';
    else if (kept_in_slug(c)) slug += c < 0x80 ? std::string(1, static_cast<char>(std::tolower(byte))) : text.substr(i, length);
    i += length;
  }
  return slug;
}

// The anchors of a markdown text: its ATX headings outside fenced code, with
// GitHub's "-1", "-2", … for repeated ones.
std::set<std::string> markdown_anchors(const std::string& markdown) {
  std::set<std::string> anchors;
  std::map<std::string, int> seen;
  std::istringstream in(markdown);
  std::string line, fence;
  while (std::getline(in, line)) {
    const std::size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos || indent > 3) continue;
    const std::string_view rest = std::string_view(line).substr(indent);
    if (rest.starts_with("```") || rest.starts_with("~~~")) {
      if (fence.empty()) fence = rest.substr(0, 3);
      else if (rest.starts_with(fence)) fence.clear();
      continue;
    }
    if (!fence.empty() || !rest.starts_with('#')) continue;
    const std::size_t level = rest.find_first_not_of('#');
    if (level == std::string_view::npos || level > 6 || rest[level] != ' ') continue;
    std::string_view title = rest.substr(level + 1);
    while (!title.empty() && (title.back() == ' ' || title.back() == '\r')) title.remove_suffix(1);
    const std::size_t closing = title.find_last_not_of('#');  // "## Title ##"
    if (closing != std::string_view::npos && closing + 1 < title.size() && title[closing] == ' ')
      title = title.substr(0, closing);
    while (!title.empty() && title.back() == ' ') title.remove_suffix(1);
    const std::string slug = github_slug(title);
    const int n = seen[slug]++;
    anchors.insert(n == 0 ? slug : slug + "-" + std::to_string(n));
  }
  return anchors;
}

struct TextFile {
  std::string path;  // relative to the repository root
  std::string text;
};

// The repository's own text files: host/, io/, kernels/, tests/ (of
// tests/data only *.md), bench/, fuzz/ (without fuzz/corpus), scripts/,
// docs/, cmake/, README.md and CMakeLists.txt. A file with a NUL byte is
// not text.
std::vector<TextFile> repository_text_files() {
  const fs::path root = test::source_dir();
  std::vector<fs::path> files;
  for (const char* top : {"README.md", "CMakeLists.txt"})
    if (fs::is_regular_file(root / top)) files.push_back(root / top);
  for (const char* top : {"host", "io", "kernels", "tests", "bench", "fuzz", "scripts", "docs", "cmake"}) {
    if (!fs::is_directory(root / top)) continue;
    for (auto it = fs::recursive_directory_iterator(root / top); it != fs::recursive_directory_iterator(); ++it) {
      const std::string relative = fs::relative(it->path(), root).generic_string();
      if (it->is_directory() && (relative == "fuzz/corpus" || it->path().filename() == "__pycache__")) {
        it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file()) continue;
      if (relative.starts_with("tests/data/") && it->path().extension() != ".md") continue;
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<TextFile> out;
  for (const fs::path& file : files) {
    std::string text = test::read_file(file.string());
    if (text.find('\0') != std::string::npos) continue;
    out.push_back({fs::relative(file, root).generic_string(), std::move(text)});
  }
  return out;
}

std::size_t line_of(const std::string& text, std::size_t at) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool anchor_char(char c) { return word_char(c) || c == '-'; }

// Checks every citation in the repository's text files; returns one line
// per problem, "FILE:LINE: …".
std::vector<std::string> citation_problems(const std::vector<TextFile>& files) {
  const fs::path root = test::source_dir();
  std::map<std::string, std::set<std::string>> anchors_cache;  // by path relative to the root
  const auto anchors_of = [&](const std::string& relative) -> const std::set<std::string>& {
    auto it = anchors_cache.find(relative);
    if (it == anchors_cache.end())
      it = anchors_cache.emplace(relative, markdown_anchors(test::read_file((root / relative).string()))).first;
    return it->second;
  };
  // `target` relative to the root; `anchor` is checked for markdown targets
  // and may be empty.
  std::vector<std::string> problems;
  const auto check = [&](const TextFile& f, std::size_t at, const std::string& citation, const fs::path& target,
                         const std::string& anchor) {
    const std::string where = f.path + ":" + std::to_string(line_of(f.text, at)) + ": " + citation + ": ";
    const std::string relative = target.lexically_normal().generic_string();
    if (relative.starts_with("..") || !fs::exists(root / relative)) {
      problems.push_back(where + relative + " does not exist");
      return;
    }
    if (!anchor.empty() && relative.ends_with(".md") && !anchors_of(relative).contains(anchor))
      problems.push_back(where + "no heading of " + relative + " has the anchor #" + anchor);
  };

  const std::string banned = std::string("DESIGN") + ".md";  // not spelt out, or this file would match itself
  for (const TextFile& f : files) {
    const std::string& t = f.text;
    // (a) The old design notes outside the repository are never cited.
    for (std::size_t at = t.find(banned); at != std::string::npos; at = t.find(banned, at + 1))
      problems.push_back(f.path + ":" + std::to_string(line_of(t, at)) + ": cites " + banned +
                         ", which is not in the repository; cite a section of docs/design.md instead");

    // Markdown links: "](target)" resolved from the file's folder.
    std::vector<std::pair<std::size_t, std::size_t>> link_targets;
    if (f.path.ends_with(".md")) {
      for (std::size_t at = t.find("]("); at != std::string::npos; at = t.find("](", at + 1)) {
        const std::size_t begin = at + 2, end = t.find_first_of(") \n", begin);
        if (end == std::string::npos) break;
        link_targets.emplace_back(begin, end);
        const std::string target = t.substr(begin, end - begin);
        if (target.empty() || target.find("://") != std::string::npos || target.starts_with("mailto:")) continue;
        const std::size_t hash = target.find('#');
        const std::string path = target.substr(0, hash), anchor = hash == std::string::npos ? "" : target.substr(hash + 1);
        check(f, at, "(" + target + ")", path.empty() ? fs::path(f.path) : fs::path(f.path).parent_path() / path,
              anchor);
      }
    }
    const auto in_link_target = [&](std::size_t at) {
      return std::any_of(link_targets.begin(), link_targets.end(),
                         [&](const auto& span) { return at >= span.first && at < span.second; });
    };

    // (b), (c) A document under docs/, with or without "#anchor", from the root.
    for (std::size_t at = t.find("docs/"); at != std::string::npos; at = t.find("docs/", at + 1)) {
      if ((at > 0 && word_char(t[at - 1])) || in_link_target(at)) continue;
      std::size_t end = at + 5;
      while (end < t.size() && (word_char(t[end]) || t[end] == '-' || t[end] == '/' || t[end] == '.')) ++end;
      const std::string token = t.substr(at, end - at);
      std::size_t md = token.find(".md");
      while (md != std::string::npos && md + 3 < token.size() && word_char(token[md + 3])) md = token.find(".md", md + 1);
      if (md == std::string::npos) continue;
      const std::string path = token.substr(0, md + 3);
      std::string anchor;
      std::size_t after = at + path.size();
      if (after < t.size() && t[after] == '#')
        while (++after < t.size() && anchor_char(t[after])) anchor += t[after];
      check(f, at, anchor.empty() ? path : path + "#" + anchor, path, anchor);
    }
  }
  return problems;
}

TEST(Docs, SlugsAreGitHubs) {
  EXPECT_EQ(github_slug("The 16-bit rule"), "the-16-bit-rule");
  EXPECT_EQ(github_slug("Command-line contract"), "command-line-contract");
  EXPECT_EQ(github_slug("GPU: blocked Floyd–Warshall (`bench/gpu_fw_bench.cpp`)"),
            "gpu-blocked-floydwarshall-benchgpu_fw_benchcpp");
  EXPECT_EQ(github_slug("Storing it for reuse: `--hierarchy FILE`"), "storing-it-for-reuse---hierarchy-file");
  EXPECT_EQ(markdown_anchors("# A\n```\n# not a heading\n```\n## B b\n## B b\n"),
            (std::set<std::string>{"a", "b-b", "b-b-1"}));
}

// docs/design.md keeps the sections other files cite by anchor, in order.
TEST(Docs, DesignHasTheSectionsOthersCite) {
  std::istringstream in(test::read_file(test::source_dir() + "/docs/design.md"));
  std::vector<std::string> sections;
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("## ")) sections.push_back(github_slug(line.substr(3)));
  EXPECT_EQ(sections, (std::vector<std::string>{"network-model-and-units", "transit-time", "caps", "the-16-bit-rule",
                                                "coverage", "selections", "snapshot-format", "result-format",
                                                "command-line-contract", "backends", "verification"}));
}

// Every test docs/design.md names as `Suite.Name` exists.
TEST(Docs, EveryTestTheDesignNamesExists) {
  const std::string doc = test::read_file(test::source_dir() + "/docs/design.md");
  std::string sources;
  for (const auto& entry : fs::directory_iterator(test::source_dir() + "/tests"))
    if (entry.path().extension() == ".cpp") sources += test::read_file(entry.path().string());
  const auto identifier = [](std::string_view s) {
    return !s.empty() && std::isupper(static_cast<unsigned char>(s[0])) &&
           std::all_of(s.begin(), s.end(), [](char c) { return word_char(c); });
  };
  std::size_t named = 0;
  for (std::size_t at = doc.find('`'); at != std::string::npos; at = doc.find('`', at + 1)) {
    const std::size_t end = doc.find('`', at + 1);
    if (end == std::string::npos) break;
    const std::string name = doc.substr(at + 1, end - at - 1);
    at = end;
    const std::size_t dot = name.find('.');
    if (dot == std::string::npos) continue;
    const std::string suite = name.substr(0, dot), test_name = name.substr(dot + 1);
    if (!identifier(suite) || !identifier(test_name)) continue;
    EXPECT_NE(sources.find("(" + suite + ", " + test_name + ")"), std::string::npos)
        << "docs/design.md names " << name << ", which is no test";
    ++named;
  }
  EXPECT_GE(named, 8u);
}

// Every document a file of the repository cites exists, and so does every
// section it cites by anchor; nothing cites the old notes outside the
// repository.
TEST(Docs, EveryCitedDocumentAndSectionExists) {
  const std::vector<TextFile> files = repository_text_files();
  ASSERT_GT(files.size(), 100u);
  const std::vector<std::string> problems = citation_problems(files);
  for (const std::string& problem : problems) ADD_FAILURE() << problem;
}

}  // namespace
}  // namespace hg
