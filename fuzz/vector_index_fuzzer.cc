// The vector index deserializer (index/vector_index.cc, faiss_io.cc,
// faiss_payload.cc): VectorIndex::Deserialize on an articles.faiss.plx
// payload whose FAISS data is fuzzed (index_checks.h), then what a
// collection does with a loaded index: search, add, write and read again.
#include <cmath>
#include <string>
#include <vector>

#include "index_checks.h"
#include "parallax/vector_index.h"

namespace {

using namespace parallax;

// The head: "PXVI", format, factory string, search breadth.
size_t VectorHead(std::string_view input) {
  ByteReader r(input);
  uint32_t magic = 0, format = 0, breadth = 0;
  std::string factory;
  if (!r.GetU32(&magic).ok() || !r.GetU32(&format).ok() || !r.GetString(&factory, 1024).ok() ||
      !r.GetVarint32(&breadth).ok()) {
    return 0;
  }
  return r.position();
}

void CheckSearch(const VectorIndex& index, int64_t n, const std::vector<float>& queries) {
  constexpr int k = 4;
  std::vector<float> scores(n * k);
  std::vector<int64_t> labels(n * k);
  if (!index.Search(n, queries.data(), k, scores.data(), labels.data()).ok()) return;
  for (const int64_t label : labels) PARALLAX_FUZZ_CHECK(label >= -1 && label < index.size());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::SingleThreaded();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string sealed = fuzz::Reseal(fuzz::Bytes(data, size), VectorHead);
  auto index = VectorIndex::Deserialize(sealed);
  if (!index.ok()) {
    PARALLAX_FUZZ_CHECK(index.status().code() == StatusCode::kCorruption);
    return 0;
  }
  const int dim = index->dim();
  PARALLAX_FUZZ_CHECK(dim > 0 && index->size() >= 0);
  // Unit queries: one along the first axis, one spread over all.
  constexpr int64_t kQueries = 2;
  std::vector<float> queries(kQueries * dim, 0.0f);
  queries[0] = 1.0f;
  for (int j = 0; j < dim; ++j) queries[dim + j] = 1.0f / std::sqrt(static_cast<float>(dim));
  CheckSearch(*index, kQueries, queries);

  // Read back, it is the same index.
  const std::string bytes = index->Serialize();
  auto again = VectorIndex::Deserialize(bytes);
  PARALLAX_FUZZ_CHECK(again.ok());
  PARALLAX_FUZZ_CHECK(again->size() == index->size() && again->dim() == dim);

  // Adding to a loaded index (a collection's next `index` run) and searching it.
  const Status added = index->Add(kQueries, queries.data());
  if (added.ok()) CheckSearch(*index, kQueries, queries);
  return 0;
}
