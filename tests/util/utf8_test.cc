#include "parallax/utf8.h"

#include <gtest/gtest.h>

#include <string>

#include "parallax/status.h"

namespace parallax {
namespace {

TEST(Utf8Test, AcceptsValidText) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("Sergueï Lavrov — «Moscou» 😀"), std::string_view::npos);
}

TEST(Utf8Test, FindsFirstInvalidByte) {
  EXPECT_EQ(FindInvalidUtf8(std::string("ab\xff" "cd")), 2u);
  EXPECT_EQ(FindInvalidUtf8(std::string("ab\xc3")), 2u);                // truncated sequence
  EXPECT_EQ(FindInvalidUtf8(std::string("x\xc0\xaf")), 1u);             // overlong '/'
  EXPECT_EQ(FindInvalidUtf8(std::string("\xed\xa0\x80")), 0u);          // UTF-16 surrogate
  EXPECT_EQ(FindInvalidUtf8(std::string("ok\xf4\x90\x80\x80")), 2u);    // above U+10FFFF
}

TEST(Utf8Test, MapsBytesToCodepoints) {
  const std::string text = "é😀a";  // 2 + 4 + 1 bytes
  CodepointMap map(text);
  EXPECT_EQ(map.ToCodepoint(0), 0u);
  EXPECT_EQ(map.ToCodepoint(2), 1u);
  EXPECT_EQ(map.ToCodepoint(4), 1u);  // inside the emoji
  EXPECT_EQ(map.ToCodepoint(6), 2u);
  EXPECT_EQ(map.ToCodepoint(7), 3u);
}

TEST(Utf8Test, MapsLongTextsAcrossCheckpoints) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += (i % 3 == 0) ? "é" : "e";
  CodepointMap map(text);
  uint32_t bytes = 0;
  for (uint32_t cp = 0; cp < 500; ++cp) {
    ASSERT_EQ(map.ToCodepoint(bytes), cp);
    bytes += (cp % 3 == 0) ? 2 : 1;
  }
  EXPECT_EQ(map.ToCodepoint(bytes), 500u);
}

TEST(StatusTest, CarriesCodeMessageAndContext) {
  Status st = Status::Corruption("bad checksum").WithContext("articles.plx");
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_EQ(st.ToString(), "corruption: articles.plx: bad checksum");
  StatusOr<int> value(7);
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 7);
  StatusOr<int> error(Status::NotFound("x"));
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace parallax
