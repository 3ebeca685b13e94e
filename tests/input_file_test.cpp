// The importers' input file (io/input_file.hpp): the same lines and line
// numbers from a plain and a gzip file, line ends (LF, CRLF, none at the end),
// the byte order mark, lines longer than the read buffer, whole-file reads,
// and the errors: missing file, truncated or damaged gzip data.

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "host/core/errors.hpp"
#include "io/input_file.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;

using NumberedLines = std::vector<std::pair<std::size_t, std::string>>;

std::string write_gzip(const fs::path& dir, const std::string& name, std::string_view text) {
  const std::string path = (dir / name).string();
  gzFile out = gzopen(path.c_str(), "wb6");
  EXPECT_NE(out, nullptr);
  // gzwrite takes at most UINT_MAX bytes a call; the texts here are far smaller.
  EXPECT_EQ(gzwrite(out, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
  gzclose(out);
  return path;
}

NumberedLines read_lines(io::InputFile& in) {
  NumberedLines lines;
  std::string_view line;
  while (in.next_line(line)) lines.emplace_back(in.line_number(), std::string(line));
  return lines;
}

NumberedLines read_lines(const std::string& path) {
  io::InputFile in(path);
  return read_lines(in);
}

NumberedLines numbered(const std::vector<std::string>& lines) {
  NumberedLines out;
  for (std::size_t i = 0; i < lines.size(); ++i) out.emplace_back(i + 1, lines[i]);
  return out;
}

// Both files of `text`, plain and gzip, give `expected`.
void expect_lines(std::string_view text, const std::vector<std::string>& expected) {
  const fs::path dir = test::temp_dir();
  EXPECT_EQ(read_lines(test::write_file(dir, "plain.txt", text)), numbered(expected));
  EXPECT_EQ(read_lines(write_gzip(dir, "zipped.txt.gz", text)), numbered(expected));
}

// --- lines ---------------------------------------------------------------------------

TEST(InputFile, PlainAndGzipGiveTheSameLinesAndNumbers) {
  // Enough lines of varying length to cross several 4 MiB reads, one of them
  // longer than the buffer, and the last without a line break.
  std::string text;
  std::vector<std::string> expected;
  for (std::size_t i = 0; i < 400000; ++i) {
    std::string line = "a " + std::to_string(i) + " " + std::string(i % 37, 'x');
    if (i == 123456) line = "long " + std::string(std::size_t{9} << 20, 'y');
    if (i % 1000 == 7) line.clear();
    text += line;
    text += i % 3 == 0 ? "\r\n" : "\n";
    expected.push_back(std::move(line));
  }
  text += "end";
  expected.emplace_back("end");

  const fs::path dir = test::temp_dir();
  const std::string plain = test::write_file(dir, "big.gr", text);
  const std::string zipped = write_gzip(dir, "big.gr.gz", text);
  const NumberedLines from_plain = read_lines(plain), from_gzip = read_lines(zipped);
  ASSERT_EQ(from_plain.size(), expected.size());
  EXPECT_TRUE(from_plain == numbered(expected));  // EXPECT_EQ would print megabytes on failure
  EXPECT_TRUE(from_gzip == from_plain);
}

TEST(InputFile, LinesEndInLfOrCrlf) {
  expect_lines("a\r\nb\n\r\n\nc\r\n", {"a", "b", "", "", "c"});
  // Only the CR of a CRLF goes; a CR elsewhere stays in the line.
  expect_lines("x\ry\r\nz\r\r\n", {"x\ry", "z\r"});
  // Blanks are the readers' business.
  expect_lines("  p sp 1 0  \n\t\n", {"  p sp 1 0  ", "\t"});
}

TEST(InputFile, TheLastLineMayLackALineBreak) {
  expect_lines("first\nlast", {"first", "last"});
  expect_lines("first\r\nlast", {"first", "last"});
  expect_lines("only", {"only"});
  expect_lines("first\n", {"first"});
  expect_lines("\n", {""});
}

TEST(InputFile, EmptyFileHasNoLines) {
  const fs::path dir = test::temp_dir();
  for (const std::string& path : {test::write_file(dir, "empty.gr", ""), write_gzip(dir, "empty.gr.gz", "")}) {
    io::InputFile in(path);
    std::string_view line = "untouched";
    EXPECT_FALSE(in.next_line(line)) << path;
    EXPECT_FALSE(in.next_line(line)) << path;
    EXPECT_EQ(in.line_number(), 0u) << path;
    EXPECT_EQ(io::InputFile(path).read_all(), "") << path;
  }
}

TEST(InputFile, AByteOrderMarkIsNotPartOfTheFirstLine) {
  expect_lines("\xEF\xBB\xBFp sp 2 1\n\xEF\xBB\xBF" "a\n", {"p sp 2 1", "\xEF\xBB\xBF" "a"});
  const std::string path = test::write_file(test::temp_dir(), "bom.csv", "\xEF\xBB\xBF" "code\nX\n");
  EXPECT_EQ(io::InputFile(path).read_all(), "\xEF\xBB\xBF" "code\nX\n");  // whole files keep it
}

TEST(InputFile, GzipIsToldByContentNotByName) {
  const fs::path dir = test::temp_dir();
  const std::string text = "p sp 2 1\na 1 2 3\n";
  EXPECT_EQ(read_lines(write_gzip(dir, "arcs.gr", text)), numbered({"p sp 2 1", "a 1 2 3"}));
  EXPECT_EQ(read_lines(test::write_file(dir, "arcs.gr.gz", text)), numbered({"p sp 2 1", "a 1 2 3"}));
  // One byte of the magic is not gzip.
  EXPECT_EQ(read_lines(test::write_file(dir, "one.gr", "\x1f")), numbered({"\x1f"}));
}

// --- whole files ----------------------------------------------------------------------

TEST(InputFile, ReadAllGivesTheBytesOfPlainAndGzipAlike) {
  std::string text;
  for (int i = 0; i < 300000; ++i) text += "row," + std::to_string(i) + ",\"q\"\r\n";  // about 5 MB
  text += "no newline";
  const fs::path dir = test::temp_dir();
  EXPECT_TRUE(io::InputFile(test::write_file(dir, "t.csv", text)).read_all() == text);
  EXPECT_TRUE(io::InputFile(write_gzip(dir, "t.csv.gz", text)).read_all() == text);
}

TEST(InputFile, ReadAllAfterSomeLinesGivesTheRest) {
  const std::string path = write_gzip(test::temp_dir(), "rest.gz", "one\ntwo\r\nthree");
  io::InputFile in(path);
  std::string_view line;
  ASSERT_TRUE(in.next_line(line));
  EXPECT_EQ(line, "one");
  EXPECT_EQ(in.read_all(), "two\r\nthree");
  EXPECT_FALSE(in.next_line(line));
}

TEST(InputFile, LoadAllThenLinesFromMemory) {
  const fs::path dir = test::temp_dir();
  const std::string text = "a\r\nb\n\nc";
  for (const std::string& path : {test::write_file(dir, "m.txt", text), write_gzip(dir, "m.txt.gz", text)}) {
    io::InputFile in(path);
    std::string_view line;
    ASSERT_TRUE(in.next_line(line));
    EXPECT_EQ(line, "a");
    in.load_all();
    EXPECT_EQ(read_lines(in), (NumberedLines{{2, "b"}, {3, ""}, {4, "c"}})) << path;
  }
}

// --- errors ---------------------------------------------------------------------------

std::string rome_gzip() { return test::read_file(test::data_file("road/rome99-head.gr.gz")); }

TEST(InputFile, MissingFileOrFolderIsMissingFile) {
  const std::string absent = (test::temp_dir() / "absent.gr").string();
  test::expect_input_error([&] { io::InputFile in(absent); }, ErrorKind::missing_file,
                           absent + ": cannot read: No such file or directory");
  const std::string folder = test::temp_dir().string();
  test::expect_input_error([&] { io::InputFile in(folder); }, ErrorKind::missing_file,
                           folder + ": cannot read: Is a directory");
}

TEST(InputFile, TruncatedGzipIsCorruptFileNamingTheFile) {
  const std::string gz = rome_gzip();
  const std::string path = test::write_file(test::temp_dir(), "cut.gr.gz", gz.substr(0, gz.size() / 2));
  const std::string message = path + ": the gzip data ends early: the file is truncated";
  test::expect_input_error([&] { io::InputFile(path).read_all(); }, ErrorKind::corrupt_file, message);
  // Line by line: the lines before the cut come, then the error, never the cut line.
  io::InputFile in(path);
  std::string_view line;
  std::size_t lines = 0;
  test::expect_input_error([&] {
    while (in.next_line(line)) ++lines;
  }, ErrorKind::corrupt_file, message);
  EXPECT_GT(lines, 0u);
  // Loaded whole first: the error before any line.
  io::InputFile whole(path);
  test::expect_input_error([&] { whole.load_all(); }, ErrorKind::corrupt_file, message);
  EXPECT_EQ(whole.line_number(), 0u);
  // Only the magic: a stream that ends at once.
  const std::string magic = test::write_file(test::temp_dir(), "magic.gz", "\x1f\x8b");
  test::expect_input_error([&] { io::InputFile(magic).read_all(); }, ErrorKind::corrupt_file,
                           magic + ": the gzip data ends early");
}

TEST(InputFile, DamagedGzipIsCorruptFileNamingTheFile) {
  std::string gz = rome_gzip();
  for (std::size_t i = 40; i < 60; ++i) gz[i] = static_cast<char>(~gz[i]);
  const std::string path = test::write_file(test::temp_dir(), "bad.gr.gz", gz);
  test::expect_input_error([&] { io::InputFile(path).read_all(); }, ErrorKind::corrupt_file,
                           path + ": the gzip data is damaged: ");
  // A wrong checksum (the last 8 bytes hold CRC-32 and length) is damage too.
  std::string crc = rome_gzip();
  crc[crc.size() - 8] = static_cast<char>(~crc[crc.size() - 8]);
  const std::string bad_crc = test::write_file(test::temp_dir(), "crc.gr.gz", crc);
  test::expect_input_error([&] { io::InputFile(bad_crc).read_all(); }, ErrorKind::corrupt_file,
                           bad_crc + ": the gzip data is damaged");
}

TEST(InputFile, ReadersFailWithFileAndLine) {
  const std::string path = test::write_file(test::temp_dir(), "arcs.gr", "c\np sp 1 0\n");
  io::InputFile in(path);
  std::string_view line;
  ASSERT_TRUE(in.next_line(line));
  ASSERT_TRUE(in.next_line(line));
  test::expect_input_error([&] { in.fail(ErrorKind::csv_syntax, "bad"); }, ErrorKind::csv_syntax, path + ":2: bad");
  test::expect_input_error([&] { in.fail_at(ErrorKind::csv_bad_value, 7, "there"); }, ErrorKind::csv_bad_value,
                           path + ":7: there");
  test::expect_input_error([&] { in.fail_file(ErrorKind::csv_syntax, "whole"); }, ErrorKind::csv_syntax,
                           path + ": whole");
}

}  // namespace
}  // namespace hg
