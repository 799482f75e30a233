#include "parallax/vector_index.h"

#include <faiss/IVFlib.h>
#include <faiss/Index.h>
#include <faiss/IndexFlatCodes.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexPQ.h>
#include <faiss/IndexPreTransform.h>
#include <faiss/IndexRefine.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <optional>
#include <string_view>

#include "index/faiss_io.h"
#include "parallax/bytes.h"
#include "parallax/file_format.h"

namespace parallax {

using index_internal::FaissMessage;

namespace {

constexpr uint32_t kVectorMagic = FourCC("PXVI");
constexpr uint32_t kVectorFormat = 1;
constexpr size_t kMaxFactoryLength = 1024;
constexpr std::string_view kWhat = "serialized vector index";

constexpr const char* kFactoryExamples =
    "valid examples: \"Flat\" (exact, the default), \"HNSW32\", \"IVF1024,Flat\", \"IVF256,PQ32\"";

// Looks through wrappers to the index that does the searching.
faiss::Index* Unwrap(faiss::Index* index) {
  while (true) {
    if (auto* pt = dynamic_cast<faiss::IndexPreTransform*>(index)) {
      index = pt->index;
    } else if (auto* rf = dynamic_cast<faiss::IndexRefine*>(index)) {
      index = rf->base_index;
    } else {
      return index;
    }
  }
}

// The fewest vectors the first batch needs for training: every IVF list
// needs a centroid and every PQ sub-quantizer 2^nbits of them, and FAISS's
// k-means refuses fewer points than centroids.
int64_t MinTrainingVectors(faiss::Index* index) {
  int64_t need = 1;
  faiss::Index* inner = Unwrap(index);
  if (auto* ivf = faiss::ivflib::try_extract_index_ivf(inner)) {
    need = std::max<int64_t>(need, static_cast<int64_t>(ivf->nlist));
    if (auto* ivfpq = dynamic_cast<faiss::IndexIVFPQ*>(ivf)) {
      need = std::max<int64_t>(need, static_cast<int64_t>(ivfpq->pq.ksub));
    }
  }
  if (auto* pq = dynamic_cast<faiss::IndexPQ*>(inner)) {
    need = std::max<int64_t>(need, static_cast<int64_t>(pq->pq.ksub));
  }
  return need;
}

// index_factory turns on polysemous training for IVF-PQ ("PQ32" without
// "np"). It only serves Hamming pre-filtering, which we never use, and costs
// tens of seconds even on small training sets.
void DisablePolysemousTraining(faiss::Index* index) {
  faiss::Index* inner = Unwrap(index);
  if (auto* ivfpq = dynamic_cast<faiss::IndexIVFPQ*>(faiss::ivflib::try_extract_index_ivf(inner))) {
    ivfpq->do_polysemous_training = false;
  }
  if (auto* pq = dynamic_cast<faiss::IndexPQ*>(inner)) pq->do_polysemous_training = false;
}

void ApplySearchBreadth(faiss::Index* index, int breadth) {
  if (breadth <= 0) return;
  faiss::Index* inner = Unwrap(index);
  if (auto* ivf = faiss::ivflib::try_extract_index_ivf(inner)) {
    ivf->nprobe = std::min<size_t>(static_cast<size_t>(breadth), ivf->nlist);
  }
  if (auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(inner)) hnsw->hnsw.efSearch = breadth;
}

// `first_row`: the batch row of x's first vector, for the message.
Status CheckFinite(int64_t n, int dim, const float* x, int64_t first_row = 0) {
  const int64_t total = n * dim;
  for (int64_t i = 0; i < total; ++i) {
    if (!std::isfinite(x[i])) {
      return Status::InvalidArgument("vector " + std::to_string(first_row + i / dim) + " has a non-finite component (" +
                                     std::to_string(x[i]) + " at position " + std::to_string(i % dim) + ")");
    }
  }
  return Status::Ok();
}

constexpr const char* kSupportedKinds =
    "supported: Flat (exact), HNSW<M> (M 4-128, e.g. HNSW32), IVF<lists>,Flat (lists 1-65536, e.g. IVF1024,Flat) "
    "and IVF<lists>,PQ<m> or PQ<m> (m dividing the vector dimension, e.g. IVF256,PQ32; PQ32x4 for 4-bit codes)";

// The number that `text` starts with (digits only), and how many characters
// it took; nullopt when it does not start with a digit. Values past `cap`
// stop the count at cap + 1, so that no digit string overflows.
std::optional<int64_t> LeadingNumber(std::string_view text, int64_t cap, size_t* used) {
  size_t i = 0;
  int64_t value = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    value = std::min<int64_t>(cap + 1, value * 10 + (text[i] - '0'));
    ++i;
  }
  *used = i;
  if (i == 0) return std::nullopt;
  return value;
}

// Refuses a description whose IVF lists or HNSW links are past IndexKind's
// limits, whatever else it says: FAISS allocates them when it builds the index.
Status CheckFactorySizes(std::string_view factory) {
  for (const auto& [word, cap] : {std::pair<std::string_view, int64_t>{"IVF", IndexKind::kMaxIvfLists},
                                  {"HNSW", IndexKind::kMaxHnswLinks}}) {
    for (size_t at = factory.find(word); at != std::string_view::npos; at = factory.find(word, at + 1)) {
      size_t used = 0;
      const auto value = LeadingNumber(factory.substr(at + word.size()), cap, &used);
      if (value && *value > cap) {
        return Status::InvalidArgument("invalid index description \"" + std::string(factory.substr(0, 64)) + "\": " +
                                       std::string(word) + " takes at most " + std::to_string(cap) +
                                       (word == "IVF" ? " lists" : " links") + "; " + kSupportedKinds);
      }
    }
  }
  return Status::Ok();
}

}  // namespace

StatusOr<IndexKind> ParseIndexKind(std::string_view factory, int dim) {
  const std::string quoted = "\"" + std::string(factory.substr(0, 64)) + (factory.size() > 64 ? "...\"" : "\"");
  auto invalid = [&](const std::string& why) {
    return Status::InvalidArgument("index type " + quoted + ": " + why + "; " + kSupportedKinds);
  };
  IndexKind kind;
  if (factory == "Flat") return kind;
  size_t used = 0;
  if (factory.starts_with("HNSW")) {
    const auto links = LeadingNumber(factory.substr(4), IndexKind::kMaxHnswLinks, &used);
    if (!links || 4 + used != factory.size()) return invalid("HNSW takes its number of links, as in HNSW32");
    if (*links < IndexKind::kMinHnswLinks || *links > IndexKind::kMaxHnswLinks) {
      return invalid("HNSW links must be from " + std::to_string(IndexKind::kMinHnswLinks) + " to " +
                     std::to_string(IndexKind::kMaxHnswLinks));
    }
    kind.hnsw_links = static_cast<int>(*links);
    return kind;
  }
  // "PQ<m>" or "PQ<m>x<bits>": m sub-quantizers of 2^bits centroids (8 by default).
  auto parse_pq = [&](std::string_view pq) -> Status {
    const auto codes = LeadingNumber(pq.substr(2), int64_t{1} << 30, &used);
    if (!pq.starts_with("PQ") || !codes) return invalid("PQ takes its number of sub-quantizers, as in PQ32");
    if (*codes < 1 || dim <= 0 || *codes > dim || dim % *codes != 0) {
      return invalid("PQ" + std::to_string(*codes) + " needs sub-quantizers that divide the " + std::to_string(dim) +
                     "-dimensional vectors");
    }
    std::string_view rest = pq.substr(2 + used);
    int64_t bits = 8;
    if (!rest.empty()) {
      const auto given = LeadingNumber(rest.substr(1), 64, &used);
      if (rest[0] != 'x' || !given || 1 + used != rest.size() || *given < 1 || *given > 16) {
        return invalid("PQ<m> may end in x<bits>, bits from 1 to 16, as in PQ32x4");
      }
      bits = *given;
    }
    kind.pq_codes = static_cast<int>(*codes);
    kind.pq_bits = static_cast<int>(bits);
    kind.min_first_batch = std::max<int64_t>(kind.lists, int64_t{1} << bits);  // a codebook's centroids
    return Status::Ok();
  };
  if (factory.starts_with("PQ")) {
    PARALLAX_RETURN_IF_ERROR(parse_pq(factory));
    return kind;
  }
  if (!factory.starts_with("IVF")) return invalid("unknown kind");
  const auto lists = LeadingNumber(factory.substr(3), IndexKind::kMaxIvfLists, &used);
  if (!lists) return invalid("IVF takes its number of lists, as in IVF1024,Flat");
  if (*lists < 1 || *lists > IndexKind::kMaxIvfLists) {
    return invalid("IVF lists must be from 1 to " + std::to_string(IndexKind::kMaxIvfLists));
  }
  kind.lists = *lists;
  kind.min_first_batch = *lists;
  const std::string_view rest = factory.substr(3 + used);
  if (rest == ",Flat") return kind;
  if (!rest.starts_with(",PQ")) return invalid("IVF<lists> is followed by ,Flat or ,PQ<m>");
  PARALLAX_RETURN_IF_ERROR(parse_pq(rest.substr(1)));
  return kind;
}

struct VectorIndex::Impl {
  std::unique_ptr<faiss::Index> index;
  std::string factory;
  int breadth = 0;
};

VectorIndex::VectorIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VectorIndex::VectorIndex(VectorIndex&&) noexcept = default;
VectorIndex& VectorIndex::operator=(VectorIndex&&) noexcept = default;
VectorIndex::~VectorIndex() = default;

StatusOr<VectorIndex> VectorIndex::Create(int dim, const std::string& factory) {
  if (dim <= 0) {
    return Status::InvalidArgument("vector dimension must be positive, got " + std::to_string(dim));
  }
  if (factory.empty() || factory.size() > kMaxFactoryLength) {
    return Status::InvalidArgument("invalid index description \"" + factory.substr(0, 64) + "\"; " +
                                   kFactoryExamples);
  }
  PARALLAX_RETURN_IF_ERROR(CheckFactorySizes(factory));
  std::unique_ptr<faiss::Index> index;
  try {
    index.reset(faiss::index_factory(dim, factory.c_str(), faiss::METRIC_INNER_PRODUCT));
  } catch (const std::exception& e) {
    return Status::InvalidArgument("invalid index description \"" + factory + "\" for " +
                                   std::to_string(dim) + "-d vectors: " + FaissMessage(e) + "; " +
                                   kFactoryExamples);
  }
  if (!index) {
    return Status::InvalidArgument("invalid index description \"" + factory + "\"; " + kFactoryExamples);
  }
  // Some FAISS indexes (LSH, for one) silently ignore the requested metric.
  if (index->metric_type != faiss::METRIC_INNER_PRODUCT) {
    return Status::InvalidArgument("index description \"" + factory +
                                   "\" does not support inner-product search; " + kFactoryExamples);
  }
  // Deserialize reads back only the FAISS types it can check (faiss_payload.h):
  // an index that it would refuse is refused now, before anything is stored.
  faiss::VectorIOWriter empty;
  try {
    faiss::write_index(index.get(), &empty);
  } catch (const std::exception& e) {
    return Status::InvalidArgument("index description \"" + factory + "\" makes an index parallax cannot store (" +
                                   FaissMessage(e) + "); " + kFactoryExamples);
  }
  const Status storable = index_internal::CheckFaissPayload(
      index_internal::FaissKind::kVector,
      std::string_view(reinterpret_cast<const char*>(empty.data.data()), empty.data.size()), "the index");
  if (!storable.ok()) {
    return Status::InvalidArgument("index description \"" + factory +
                                   "\" makes an index parallax cannot store (" + storable.message() + "); " +
                                   kFactoryExamples);
  }
  DisablePolysemousTraining(index.get());
  auto impl = std::make_unique<Impl>();
  impl->index = std::move(index);
  impl->factory = factory;
  VectorIndex out(std::move(impl));
  out.SetSearchBreadth(kDefaultSearchBreadth);
  return out;
}

int VectorIndex::dim() const { return impl_->index->d; }
int64_t VectorIndex::size() const { return impl_->index->ntotal; }
const std::string& VectorIndex::factory() const { return impl_->factory; }
int VectorIndex::search_breadth() const { return impl_->breadth; }

void VectorIndex::SetSearchBreadth(int breadth) {
  if (breadth <= 0) return;
  impl_->breadth = breadth;
  ApplySearchBreadth(impl_->index.get(), breadth);
}

Status VectorIndex::Add(int64_t n, const float* x) {
  if (n < 0) return Status::InvalidArgument("cannot add a negative number of vectors");
  if (n == 0) return Status::Ok();
  if (x == nullptr) return Status::InvalidArgument("no vector data given");
  faiss::Index& index = *impl_->index;
  PARALLAX_RETURN_IF_ERROR(CheckFinite(n, index.d, x));
  if (!index.is_trained) {
    const int64_t need = MinTrainingVectors(&index);
    const std::string alternatives = "or use \"Flat\" (exact) or \"HNSW32\", which need no training";
    if (n < need) {
      return Status::InvalidArgument(
          "index \"" + impl_->factory + "\" is trained on the first batch and needs at least " +
          std::to_string(need) + " vectors, got " + std::to_string(n) + "; add at least " +
          std::to_string(need) + " in the first batch, " + alternatives);
    }
    try {
      index.train(n, x);
    } catch (const std::exception& e) {
      return Status::InvalidArgument("cannot train index \"" + impl_->factory + "\" on " + std::to_string(n) +
                                     " vectors: " + FaissMessage(e) +
                                     "; add more vectors in the first batch, " + alternatives);
    }
  }
  try {
    index.add(n, x);
  } catch (const std::exception& e) {
    return Status::Internal("adding vectors to index \"" + impl_->factory + "\" failed: " + FaissMessage(e));
  }
  return Status::Ok();
}

Status VectorIndex::Add(int64_t n, const RowFill& fill) {
  if (n < 0) return Status::InvalidArgument("cannot add a negative number of vectors");
  if (n == 0) return Status::Ok();
  faiss::Index& index = *impl_->index;
  const size_t dim = static_cast<size_t>(index.d);
  auto* flat = dynamic_cast<faiss::IndexFlatCodes*>(&index);
  if (flat == nullptr || !flat->is_trained) {
    std::vector<float> rows(static_cast<size_t>(n) * dim);
    PARALLAX_RETURN_IF_ERROR(fill(0, n, rows.data()));
    return Add(n, rows.data());
  }
  // 4,096 rows are 2 MB at 128 dimensions: small beside any batch worth it.
  constexpr int64_t kBlock = 4096;
  const int64_t before = flat->ntotal;
  try {
    flat->codes.reserve(static_cast<size_t>(before + n) * flat->code_size);
  } catch (const std::exception& e) {
    return Status::Internal("adding vectors to index \"" + impl_->factory + "\" failed: " + e.what());
  }
  std::vector<float> rows(static_cast<size_t>(std::min(n, kBlock)) * dim);
  for (int64_t first = 0; first < n; first += kBlock) {
    const int64_t count = std::min(kBlock, n - first);
    Status st = fill(first, count, rows.data());
    if (st.ok()) st = CheckFinite(count, index.d, rows.data(), first);
    if (st.ok()) {
      try {
        index.add(count, rows.data());
      } catch (const std::exception& e) {
        st = Status::Internal("adding vectors to index \"" + impl_->factory + "\" failed: " + FaissMessage(e));
      }
    }
    if (!st.ok()) {  // take back the blocks already added: all of the batch or none
      flat->codes.resize(static_cast<size_t>(before) * flat->code_size);
      flat->ntotal = before;
      return st;
    }
  }
  return Status::Ok();
}

Status VectorIndex::Search(int64_t n, const float* queries, int k, float* scores, int64_t* labels) const {
  if (k <= 0) return Status::InvalidArgument("k must be positive, got " + std::to_string(k));
  if (n < 0) return Status::InvalidArgument("cannot search a negative number of queries");
  if (n == 0) return Status::Ok();
  if (queries == nullptr || scores == nullptr || labels == nullptr) {
    return Status::InvalidArgument("search needs query, score and label buffers");
  }
  const faiss::Index& index = *impl_->index;
  const int64_t total = n * k;
  constexpr float kNoScore = -std::numeric_limits<float>::infinity();
  // Untrained or empty indexes may refuse to search (IVF) or misbehave (HNSW).
  if (index.ntotal == 0) {
    std::fill(scores, scores + total, kNoScore);
    std::fill(labels, labels + total, int64_t{-1});
    return Status::Ok();
  }
  try {
    static_assert(sizeof(faiss::Index::idx_t) == sizeof(int64_t));
    index.search(n, queries, k, scores, reinterpret_cast<faiss::Index::idx_t*>(labels));
  } catch (const std::exception& e) {
    return Status::Internal("search in index \"" + impl_->factory + "\" failed: " + FaissMessage(e));
  }
  for (int64_t i = 0; i < total; ++i) {
    if (labels[i] < 0) scores[i] = kNoScore;
  }
  return Status::Ok();
}

Status VectorIndex::Serialize(const ByteSink& sink) const {
  ByteWriter head;
  head.PutU32(kVectorMagic);
  head.PutU32(kVectorFormat);
  head.PutString(impl_->factory);
  head.PutVarint32(static_cast<uint32_t>(std::max(impl_->breadth, 0)));
  index_internal::EnvelopeWriter out(sink);
  PARALLAX_RETURN_IF_ERROR(out.Put(head.data()));
  out.StartBody();
  try {
    faiss::write_index(impl_->index.get(), &out);
  } catch (const std::exception& e) {
    if (!out.status().ok()) return out.status();
    return Status::Internal("cannot serialize index \"" + impl_->factory + "\": " + FaissMessage(e));
  }
  return out.Finish();
}

std::string VectorIndex::Serialize() const { return index_internal::SerializeWhole(*this); }

StatusOr<VectorIndex> VectorIndex::Deserialize(std::string_view bytes) {
  // The head's size: magic, format (one this build reads), factory, breadth.
  auto head_size = [](std::string_view whole) -> size_t {
    ByteReader r(whole);
    uint32_t magic = 0, format = 0, breadth = 0;
    std::string factory;
    const bool read = r.GetU32(&magic).ok() && r.GetU32(&format).ok() && format <= kVectorFormat &&
                      r.GetString(&factory, kMaxFactoryLength).ok() && r.GetVarint32(&breadth).ok();
    return read ? r.position() : 0;
  };
  return index_internal::DeserializeWhole<VectorIndex>(bytes, kVectorMagic, kWhat, index_internal::FaissKind::kVector,
                                                       head_size);
}

StatusOr<VectorIndex> VectorIndex::Deserialize(const ByteSource& source, uint64_t limit, uint64_t* bytes_read) {
  index_internal::EnvelopeReader in(source, kWhat);
  uint32_t magic = 0, format = 0, breadth = 0;
  PARALLAX_RETURN_IF_ERROR(in.GetU32(&magic));
  if (magic != kVectorMagic) return Status::Corruption("not a serialized vector index");
  PARALLAX_RETURN_IF_ERROR(in.GetU32(&format));
  if (format > kVectorFormat) {
    return Status::Corruption("vector index written by a newer parallax (format " + std::to_string(format) +
                              ", this build reads up to " + std::to_string(kVectorFormat) +
                              "): upgrade parallax");
  }
  std::string factory;
  PARALLAX_RETURN_IF_ERROR(in.GetString(&factory, kMaxFactoryLength));
  PARALLAX_RETURN_IF_ERROR(in.GetVarint32(&breadth));
  const auto body_limit = index_internal::FaissBodyLimit(limit, in.size(), kWhat);
  if (!body_limit.ok()) return body_limit.status();
  index_internal::FaissPayloadCheck check(index_internal::FaissKind::kVector, *body_limit, kWhat);
  in.StartBody();
  in.SetCheck(&check);
  std::unique_ptr<faiss::Index> index;
  try {
    index.reset(faiss::read_index(&in));
  } catch (const std::exception& e) {
    if (!in.status().ok()) return in.status();
    return Status::Corruption("cannot read vector index \"" + factory + "\": " + FaissMessage(e));
  }
  PARALLAX_RETURN_IF_ERROR(check.Finish());
  in.SetCheck(nullptr);
  PARALLAX_RETURN_IF_ERROR(in.Finish());
  if (bytes_read != nullptr) *bytes_read = in.size();
  if (!index || index->d <= 0 || index->metric_type != faiss::METRIC_INNER_PRODUCT) {
    return Status::Corruption("serialized vector index is not an inner-product index");
  }
  auto impl = std::make_unique<Impl>();
  impl->index = std::move(index);
  impl->factory = std::move(factory);
  VectorIndex out(std::move(impl));
  out.SetSearchBreadth(static_cast<int>(std::min<uint32_t>(breadth, std::numeric_limits<int>::max())));
  return out;
}

}  // namespace parallax
