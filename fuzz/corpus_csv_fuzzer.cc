// The CSV corpus reader (ReadInputs on a .csv file): RFC 4180 records under
// a header row naming the id and text columns.
#include "corpus_checks.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  parallax::fuzz::SingleThreaded();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  parallax::fuzz::ReadAsFile(parallax::fuzz::Bytes(data, size), "input.csv");
  return 0;
}
