// The .txt article reader: ParseTxtArticle on the bytes as given (header line
// " date YYYY-MM URL", title, body; UTF-8 checked by the reader itself), and
// ReadInputs on them as a .txt file (size, binary and UTF-8 checks first).
#include "corpus_checks.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  parallax::fuzz::SingleThreaded();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parallax;
  const std::string_view bytes = fuzz::Bytes(data, size);
  auto article = ParseTxtArticle("fuzz", std::string(bytes), ReadOptions{});
  if (article.ok()) {
    fuzz::CheckArticle(*article);
    // The title is the first content line, inside the text.
    PARALLAX_FUZZ_CHECK(article->text.find(article->title) != std::string::npos);
  }
  fuzz::ReadAsFile(bytes, "input.txt");
  return 0;
}
