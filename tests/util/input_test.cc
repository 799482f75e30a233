#include "parallax/input.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "parallax/status.h"
#include "parallax/utf8.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;

// A folder of its own for each test.
class InputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("parallax_input_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  fs::path dir_;
};

TEST_F(InputTest, ReadsARegularFileWhole) {
  const std::string path = Write("a.txt", "hello\nworld\n");
  auto file = InputFile::Open(path, 100);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->size(), 12u);
  EXPECT_FALSE(file->is_stdin());
  std::string all;
  ASSERT_TRUE(file->ReadAll(&all).ok());
  EXPECT_EQ(all, "hello\nworld\n");
  ASSERT_TRUE(file->Rewind().ok());
  all.clear();
  ASSERT_TRUE(file->ReadAll(&all).ok());
  EXPECT_EQ(all, "hello\nworld\n");
  EXPECT_EQ(ReadInputFile(path, 12).value(), "hello\nworld\n");
}

TEST_F(InputTest, RefusesWhatIsNotARegularFileWithoutBlocking) {
  const std::string fifo = (dir_ / "pipe").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto opened = InputFile::Open(fifo, 100);  // with no writer: would block without O_NONBLOCK
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(opened.status().message(), fifo + ": a FIFO (named pipe), not a regular file");
  EXPECT_EQ(InputFile::Reason(opened.status(), fifo), "a FIFO (named pipe), not a regular file");

  opened = InputFile::Open("/dev/zero", 100);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().message(), "/dev/zero: a device, not a regular file");

  opened = InputFile::Open(dir_.string(), 100);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().message(), dir_.string() + ": a directory, not a file");

  opened = InputFile::Open((dir_ / "missing").string(), 100);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kNotFound);

  // "-" is a file name unless the standard input is allowed.
  EXPECT_EQ(InputFile::Open("-", 100).status().code(), StatusCode::kNotFound);
  auto in = InputFile::Open("-", 100, /*allow_stdin=*/true);
  ASSERT_TRUE(in.ok());
  EXPECT_TRUE(in->is_stdin());
  EXPECT_EQ(in->name(), "standard input");
}

TEST_F(InputTest, SizeIsCheckedBeforeReading) {
  const std::string path = Write("big.txt", std::string(1000, 'x'));
  auto opened = InputFile::Open(path, 999, false, "max_file_bytes");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().message(), path + ": file is 1000 bytes, over the limit of 999 bytes (max_file_bytes)");
  EXPECT_TRUE(InputFile::Open(path, 1000).ok());
}

// A file that grows after its size was checked is still read with the bound.
TEST_F(InputTest, ReadsStopJustPastTheLimit) {
  const std::string path = Write("grows.txt", "abc");
  auto file = InputFile::Open(path, 10);
  ASSERT_TRUE(file.ok());
  std::ofstream(path, std::ios::binary | std::ios::app) << std::string(100000, 'y');
  std::string all;
  const Status st = file->ReadAll(&all);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), path + ": over the limit of 10 bytes (it grew while being read)");
  EXPECT_LE(all.size(), 10u);
  EXPECT_LE(file->bytes_read(), 11u) << "never more than a byte past the limit";
}

TEST(InputReaderTest, LinesAcrossBufferRefills) {
  std::string text;
  std::vector<std::string> lines;
  std::mt19937 random(7);
  for (int i = 0; i < 500; ++i) {
    lines.push_back(std::string(random() % 70, static_cast<char>('a' + i % 26)));
    text += lines.back() + (i % 3 == 0 ? "\r\n" : "\n");
    if (i % 3 == 0) lines.back() += '\r';
  }
  text += "last";  // no final line end
  lines.push_back("last");
  const std::string path = (fs::temp_directory_path() / ("parallax_lines_" + std::to_string(::getpid()))).string();
  std::ofstream(path, std::ios::binary) << text;
  auto file = InputFile::Open(path, text.size());
  ASSERT_TRUE(file.ok());
  InputReader in(&*file, 16);  // a tiny buffer: lines span many refills
  std::string line;
  for (size_t i = 0; i < lines.size(); ++i) {
    ASSERT_EQ(in.NextLine(1000, &line), InputReader::Line::kLine) << i;
    EXPECT_EQ(line, lines[i]) << i;
    EXPECT_EQ(in.line_number(), i + 1);
  }
  EXPECT_EQ(in.NextLine(1000, &line), InputReader::Line::kEnd);
  EXPECT_TRUE(in.status().ok());
  fs::remove(path);
}

TEST(InputReaderTest, OverLongLineKeepsOnlyItsStart) {
  InputReader in(std::string_view("short\n0123456789abcdef\nnext"));
  std::string line;
  EXPECT_EQ(in.NextLine(10, &line), InputReader::Line::kLine);
  EXPECT_EQ(line, "short");
  EXPECT_EQ(in.NextLine(10, &line), InputReader::Line::kTooLong);
  EXPECT_EQ(line, "0123456789");
  EXPECT_EQ(in.line_number(), 2u);
  EXPECT_EQ(in.NextLine(10, &line), InputReader::Line::kLine);
  EXPECT_EQ(line, "next");
  EXPECT_EQ(in.NextLine(10, &line), InputReader::Line::kEnd);
}

TEST(InputReaderTest, StandardInputLimitEndsTheInputWithAStatus) {
  const std::string path = (fs::temp_directory_path() / ("parallax_limit_" + std::to_string(::getpid()))).string();
  std::ofstream(path, std::ios::binary) << std::string(100, 'z');
  auto file = InputFile::Open(path, 1000);
  ASSERT_TRUE(file.ok());
  std::ofstream(path, std::ios::binary | std::ios::app) << std::string(5000, 'z');  // grows past the limit
  InputReader in(&*file, 64);
  std::string line;
  EXPECT_EQ(in.NextLine(100000, &line), InputReader::Line::kLine);
  EXPECT_LE(line.size(), 1000u);
  EXPECT_EQ(in.NextLine(100000, &line), InputReader::Line::kEnd);
  EXPECT_FALSE(in.status().ok());
  fs::remove(path);
}

// Pieces of any size give the offset FindInvalidUtf8 gives the whole text.
TEST(Utf8CheckerTest, PiecesAgreeWithTheWholeText) {
  const std::vector<std::string> texts = {
      "plain ascii", "caf\xC3\xA9 cr\xC3\xA8me \xE2\x82\xAC \xF0\x9F\x98\x80 end", "ok \xC3 cut", "\xE2\x82",
      "bad \xF8\x88\x80\x80 lead", "\xED\xA0\x80 surrogate", "stray \x80 continuation", "\xC0\xAF overlong",
      "tail \xF0\x9F\x98"};
  for (const std::string& text : texts) {
    const size_t whole = FindInvalidUtf8(text);
    for (size_t piece = 1; piece <= text.size(); ++piece) {
      Utf8Checker checker;
      bool ok = true;
      for (size_t at = 0; at < text.size() && ok; at += piece) ok = checker.Add(std::string_view(text).substr(at, piece));
      if (ok) ok = checker.Finish();
      EXPECT_EQ(ok, whole == std::string_view::npos) << text << " in pieces of " << piece;
      if (!ok) EXPECT_EQ(checker.invalid_at(), whole) << text << " in pieces of " << piece;
    }
  }
}

}  // namespace
}  // namespace parallax
