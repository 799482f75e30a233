#include <faiss/IndexBinary.h>
#include <faiss/IndexBinaryFlat.h>
#include <faiss/index_io.h>

#include <algorithm>
#include <exception>
#include <limits>

#include "index/faiss_io.h"
#include "parallax/bytes.h"
#include "parallax/file_format.h"
#include "parallax/vector_index.h"

namespace parallax {

using index_internal::FaissMessage;

namespace {

constexpr uint32_t kBinaryMagic = FourCC("PXBI");
constexpr uint32_t kBinaryFormat = 1;
constexpr std::string_view kWhat = "serialized binary index";

}  // namespace

struct BinaryIndex::Impl {
  std::unique_ptr<faiss::IndexBinary> index;
};

BinaryIndex::BinaryIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BinaryIndex::BinaryIndex(BinaryIndex&&) noexcept = default;
BinaryIndex& BinaryIndex::operator=(BinaryIndex&&) noexcept = default;
BinaryIndex::~BinaryIndex() = default;

StatusOr<BinaryIndex> BinaryIndex::Create(int bits) {
  if (bits <= 0 || bits % 8 != 0) {
    return Status::InvalidArgument("binary code length must be a positive multiple of 8 bits, got " +
                                   std::to_string(bits));
  }
  auto impl = std::make_unique<Impl>();
  try {
    impl->index = std::make_unique<faiss::IndexBinaryFlat>(bits);
  } catch (const std::exception& e) {
    return Status::Internal("cannot create a binary index: " + FaissMessage(e));
  }
  return BinaryIndex(std::move(impl));
}

int BinaryIndex::bits() const { return impl_->index->d; }
int64_t BinaryIndex::size() const { return impl_->index->ntotal; }

Status BinaryIndex::Add(int64_t n, const uint8_t* codes) {
  if (n < 0) return Status::InvalidArgument("cannot add a negative number of codes");
  if (n == 0) return Status::Ok();
  if (codes == nullptr) return Status::InvalidArgument("no code data given");
  try {
    impl_->index->add(n, codes);
  } catch (const std::exception& e) {
    return Status::Internal("adding codes to the binary index failed: " + FaissMessage(e));
  }
  return Status::Ok();
}

Status BinaryIndex::Add(std::vector<uint8_t>&& codes) {
  const size_t code_size = static_cast<size_t>(impl_->index->code_size);
  if (codes.size() % code_size != 0) {
    return Status::InvalidArgument("code data of " + std::to_string(codes.size()) + " bytes is not a whole number of " +
                                   std::to_string(code_size) + "-byte codes");
  }
  const int64_t n = static_cast<int64_t>(codes.size() / code_size);
  auto* flat = dynamic_cast<faiss::IndexBinaryFlat*>(impl_->index.get());
  if (flat == nullptr || flat->ntotal != 0) return Add(n, codes.data());
  flat->xb = std::move(codes);
  flat->ntotal = n;
  return Status::Ok();
}

Status BinaryIndex::Reconstruct(int64_t first, int64_t count, uint8_t* out) const {
  if (first < 0 || count < 0 || first + count > impl_->index->ntotal) {
    return Status::InvalidArgument("rows [" + std::to_string(first) + ", " + std::to_string(first + count) +
                                   ") are not in the binary index of " + std::to_string(impl_->index->ntotal));
  }
  if (count == 0) return Status::Ok();
  // Row by row: FAISS 1.7's IndexBinary::reconstruct_n steps through `out`
  // by d (bits) instead of code_size (bytes), so it writes every row after
  // the first at the wrong place and past the end of `out`.
  const size_t code_size = static_cast<size_t>(impl_->index->code_size);
  try {
    for (int64_t i = 0; i < count; ++i) impl_->index->reconstruct(first + i, out + static_cast<size_t>(i) * code_size);
  } catch (const std::exception& e) {
    return Status::Internal("reading codes of the binary index failed: " + FaissMessage(e));
  }
  return Status::Ok();
}

Status BinaryIndex::Search(int64_t n, const uint8_t* queries, int k, int32_t* distances,
                           int64_t* labels) const {
  if (k <= 0) return Status::InvalidArgument("k must be positive, got " + std::to_string(k));
  if (n < 0) return Status::InvalidArgument("cannot search a negative number of queries");
  if (n == 0) return Status::Ok();
  if (queries == nullptr || distances == nullptr || labels == nullptr) {
    return Status::InvalidArgument("search needs query, distance and label buffers");
  }
  const int64_t total = n * k;
  constexpr int32_t kNoDistance = std::numeric_limits<int32_t>::max();
  if (impl_->index->ntotal == 0) {
    std::fill(distances, distances + total, kNoDistance);
    std::fill(labels, labels + total, int64_t{-1});
    return Status::Ok();
  }
  try {
    static_assert(sizeof(faiss::IndexBinary::idx_t) == sizeof(int64_t));
    impl_->index->search(n, queries, k, distances, reinterpret_cast<faiss::IndexBinary::idx_t*>(labels));
  } catch (const std::exception& e) {
    return Status::Internal("binary index search failed: " + FaissMessage(e));
  }
  for (int64_t i = 0; i < total; ++i) {
    if (labels[i] < 0) distances[i] = kNoDistance;
  }
  return Status::Ok();
}

Status BinaryIndex::Serialize(const ByteSink& sink) const {
  ByteWriter head;
  head.PutU32(kBinaryMagic);
  head.PutU32(kBinaryFormat);
  index_internal::EnvelopeWriter out(sink);
  PARALLAX_RETURN_IF_ERROR(out.Put(head.data()));
  out.StartBody();
  try {
    faiss::write_index_binary(impl_->index.get(), &out);
  } catch (const std::exception& e) {
    if (!out.status().ok()) return out.status();
    return Status::Internal("cannot serialize the binary index: " + FaissMessage(e));
  }
  return out.Finish();
}

std::string BinaryIndex::Serialize() const { return index_internal::SerializeWhole(*this); }

StatusOr<BinaryIndex> BinaryIndex::Deserialize(std::string_view bytes) {
  // The head's size: magic and format (one this build reads).
  auto head_size = [](std::string_view whole) -> size_t {
    ByteReader r(whole);
    uint32_t magic = 0, format = 0;
    return r.GetU32(&magic).ok() && r.GetU32(&format).ok() && format <= kBinaryFormat ? r.position() : 0;
  };
  return index_internal::DeserializeWhole<BinaryIndex>(bytes, kBinaryMagic, kWhat, index_internal::FaissKind::kBinary,
                                                       head_size);
}

StatusOr<BinaryIndex> BinaryIndex::Deserialize(const ByteSource& source, uint64_t limit, uint64_t* bytes_read) {
  index_internal::EnvelopeReader in(source, kWhat);
  uint32_t magic = 0, format = 0;
  PARALLAX_RETURN_IF_ERROR(in.GetU32(&magic));
  if (magic != kBinaryMagic) return Status::Corruption("not a serialized binary index");
  PARALLAX_RETURN_IF_ERROR(in.GetU32(&format));
  if (format > kBinaryFormat) {
    return Status::Corruption("binary index written by a newer parallax (format " + std::to_string(format) +
                              ", this build reads up to " + std::to_string(kBinaryFormat) +
                              "): upgrade parallax");
  }
  const auto body_limit = index_internal::FaissBodyLimit(limit, in.size(), kWhat);
  if (!body_limit.ok()) return body_limit.status();
  index_internal::FaissPayloadCheck check(index_internal::FaissKind::kBinary, *body_limit, kWhat);
  in.StartBody();
  in.SetCheck(&check);
  auto impl = std::make_unique<Impl>();
  try {
    impl->index.reset(faiss::read_index_binary(&in));
  } catch (const std::exception& e) {
    if (!in.status().ok()) return in.status();
    return Status::Corruption("cannot read binary index: " + FaissMessage(e));
  }
  PARALLAX_RETURN_IF_ERROR(check.Finish());
  in.SetCheck(nullptr);
  PARALLAX_RETURN_IF_ERROR(in.Finish());
  if (bytes_read != nullptr) *bytes_read = in.size();
  if (!impl->index || impl->index->d <= 0 || impl->index->d % 8 != 0) {
    return Status::Corruption("serialized binary index has an invalid code length");
  }
  return BinaryIndex(std::move(impl));
}

}  // namespace parallax
