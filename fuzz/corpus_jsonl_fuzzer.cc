// The JSONL corpus reader (ReadInputs on a .jsonl file): one article per
// line, fields id, text, title, outlet, url, date, lang.
#include "corpus_checks.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  parallax::fuzz::SingleThreaded();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  parallax::fuzz::ReadAsFile(parallax::fuzz::Bytes(data, size), "input.jsonl");
  return 0;
}
