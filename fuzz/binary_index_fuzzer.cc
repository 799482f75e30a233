// The binary index deserializer (index/binary_index.cc): BinaryIndex::
// Deserialize on a sentences.faiss.plx payload whose FAISS data is fuzzed
// (index_checks.h), then search, read codes, add, write and read again.
#include <string>
#include <vector>

#include "index_checks.h"
#include "parallax/vector_index.h"

namespace {

using namespace parallax;

// The head: "PXBI", format.
size_t BinaryHead(std::string_view input) { return input.size() >= 8 ? 8 : 0; }

void CheckSearch(const BinaryIndex& index, const std::vector<uint8_t>& query) {
  constexpr int k = 4;
  std::vector<int32_t> distances(k);
  std::vector<int64_t> labels(k);
  if (!index.Search(1, query.data(), k, distances.data(), labels.data()).ok()) return;
  for (int j = 0; j < k; ++j) {
    PARALLAX_FUZZ_CHECK(labels[j] >= -1 && labels[j] < index.size());
    PARALLAX_FUZZ_CHECK(labels[j] < 0 || (distances[j] >= 0 && distances[j] <= index.bits()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::SingleThreaded();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string sealed = fuzz::Reseal(fuzz::Bytes(data, size), BinaryHead);
  auto index = BinaryIndex::Deserialize(sealed);
  if (!index.ok()) {
    PARALLAX_FUZZ_CHECK(index.status().code() == StatusCode::kCorruption);
    return 0;
  }
  const int bits = index->bits();
  PARALLAX_FUZZ_CHECK(bits > 0 && bits % 8 == 0 && index->size() >= 0);
  const size_t code_size = static_cast<size_t>(bits / 8);
  std::vector<uint8_t> query(code_size, 0xA5);
  CheckSearch(*index, query);

  const int64_t rows = std::min<int64_t>(index->size(), 4);
  std::vector<uint8_t> codes(static_cast<size_t>(rows) * code_size);
  PARALLAX_FUZZ_CHECK(index->Reconstruct(0, rows, codes.data()).ok());
  PARALLAX_FUZZ_CHECK(!index->Reconstruct(index->size(), 1, codes.data()).ok());

  const std::string bytes = index->Serialize();
  auto again = BinaryIndex::Deserialize(bytes);
  PARALLAX_FUZZ_CHECK(again.ok() && again->size() == index->size() && again->bits() == bits);

  PARALLAX_FUZZ_CHECK(index->Add(1, query.data()).ok());
  CheckSearch(*index, query);
  return 0;
}
