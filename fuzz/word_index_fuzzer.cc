// The word index deserializer (index/word_index.cc): WordIndex::Deserialize
// on the input as a words.plx payload, then every query a search makes, a
// merge of new documents, and the round trip.
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "index/faiss_io.h"
#include "index/word_index.h"
#include "parallax/bytes.h"

namespace {

using namespace parallax;

std::string Serialized(const WordIndex& index) {
  std::string out;
  PARALLAX_FUZZ_CHECK(index
                          .Serialize([&](std::string_view bytes) {
                            out.append(bytes);
                            return Status::Ok();
                          })
                          .ok());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes = fuzz::Bytes(data, size);
  auto index = WordIndex::Deserialize(index_internal::ViewSource(bytes, "fuzzed word index"), bytes.size());
  if (!index.ok()) {
    PARALLAX_FUZZ_CHECK(index.status().code() == StatusCode::kCorruption);
    return 0;
  }
  // Read back, it writes the same bytes.
  PARALLAX_FUZZ_CHECK(Serialized(*index) == bytes);

  // The words, as stored after the four counts and the document lengths.
  const uint32_t documents = index->documents();
  ByteReader r(bytes.substr(32 + size_t{documents} * 4));
  std::vector<uint64_t> words(index->words());
  for (uint64_t& w : words) PARALLAX_FUZZ_CHECK(r.GetU64(&w).ok());
  uint64_t total = 0;
  for (uint32_t d = 0; d < documents; ++d) total += index->length(d);
  uint64_t counted = 0;
  for (const uint64_t w : words) {
    const auto postings = index->Postings(w);
    PARALLAX_FUZZ_CHECK(postings.size() == index->DocumentCount(w) && !postings.empty());
    for (size_t i = 0; i < postings.size(); ++i) {
      PARALLAX_FUZZ_CHECK(postings[i].doc < documents && postings[i].count > 0);
      PARALLAX_FUZZ_CHECK(i == 0 || postings[i - 1].doc < postings[i].doc);
      counted += postings[i].count;
    }
  }
  PARALLAX_FUZZ_CHECK(counted == total);
  PARALLAX_FUZZ_CHECK(index->DocumentCount(0x9E3779B97F4A7C15ull) == 0 || !index->Postings(0x9E3779B97F4A7C15ull).empty());

  // A new document and a replaced one merge in; the result reads back.
  WordIndex::Batch batch;
  std::vector<uint64_t> doc_words(words.begin(), words.begin() + std::min<size_t>(words.size(), 3));
  doc_words.push_back(42);
  batch.Add(documents, doc_words);
  if (documents > 0) batch.Add(0, std::vector<uint64_t>{7, 7, 42});
  PARALLAX_FUZZ_CHECK(index->Apply(std::move(batch)).ok());
  const std::string merged = Serialized(*index);
  auto again = WordIndex::Deserialize(index_internal::ViewSource(merged, "merged word index"), merged.size());
  PARALLAX_FUZZ_CHECK(again.ok());
  PARALLAX_FUZZ_CHECK(again->documents() == documents + 1);
  return 0;
}
