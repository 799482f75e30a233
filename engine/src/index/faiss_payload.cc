// The grammar below follows FAISS 1.7's index_write.cpp for the types
// parallax writes. It is written as straight-line parsing code that awaits
// bytes (a C++20 coroutine): FaissPayloadCheck::Feed resumes it with each
// piece FAISS reads, and it parks again when it needs more, so that a field
// is judged as soon as its bytes are complete, before FAISS acts on it, and
// no byte is kept beyond a partial field (fewer than 8) and the per-vector
// tables a check needs (an HNSW graph's levels, an IVF's seen ids).

#include "index/faiss_payload.h"

#include <faiss/Index.h>
#include <faiss/IndexBinary.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexPQ.h>
#include <faiss/impl/HNSW.h>
#include <faiss/impl/ProductQuantizer.h>

#include <algorithm>
#include <cmath>
#include <coroutine>
#include <cstring>
#include <exception>
#include <limits>
#include <utility>
#include <vector>

#include "parallax/file_format.h"

namespace parallax::index_internal {

namespace {

// FAISS writes its fields raw, with their C++ types: the widths read below.
static_assert(sizeof(faiss::Index::d) == 4 && sizeof(faiss::Index::ntotal) == 8);
static_assert(sizeof(faiss::Index::is_trained) == 1 && sizeof(faiss::Index::metric_type) == 4);
static_assert(sizeof(faiss::IndexBinary::d) == 4 && sizeof(faiss::IndexBinary::code_size) == 4);
static_assert(sizeof(faiss::IndexBinary::ntotal) == 8 && sizeof(faiss::IndexBinary::metric_type) == 4);
static_assert(sizeof(faiss::IndexIVF::nlist) == 8 && sizeof(faiss::IndexIVF::nprobe) == 8);
static_assert(sizeof(faiss::ProductQuantizer::d) == 8 && sizeof(faiss::ProductQuantizer::M) == 8);
static_assert(sizeof(faiss::ProductQuantizer::nbits) == 8);
static_assert(sizeof(faiss::IndexPQ::search_type) == 4 && sizeof(faiss::IndexPQ::polysemous_ht) == 4);
static_assert(sizeof(faiss::HNSW::storage_idx_t) == 4 && sizeof(faiss::HNSW::entry_point) == 4);
static_assert(sizeof(faiss::HNSW::levels[0]) == 4 && sizeof(faiss::HNSW::offsets[0]) == 8);
static_assert(sizeof(faiss::HNSW::assign_probas[0]) == 8 && sizeof(faiss::HNSW::cum_nneighbor_per_level[0]) == 4);

constexpr uint32_t kFlat = FourCC("IxFI");      // IndexFlatIP
constexpr uint32_t kHnswFlat = FourCC("IHNf");  // IndexHNSWFlat
constexpr uint32_t kIvfFlat = FourCC("IwFl");   // IndexIVFFlat
constexpr uint32_t kIvfPq = FourCC("IwPQ");     // IndexIVFPQ
constexpr uint32_t kPq = FourCC("IxPq");        // IndexPQ
constexpr uint32_t kBinaryFlat = FourCC("IBxF");
constexpr uint32_t kArrayLists = FourCC("ilar");
constexpr uint32_t kFullSizes = FourCC("full");
constexpr uint32_t kSparseSizes = FourCC("sprs");

// Bounds of what parallax makes, far above its use (128-d vectors, a few
// levels, lists by the thousand), well below what would overflow a size.
constexpr int32_t kMaxDim = 1 << 16;
constexpr int64_t kMaxVectors = std::numeric_limits<int32_t>::max();  // HNSW links are int32
constexpr uint64_t kMaxLists = uint64_t{1} << 20;  // FAISS sizes this many lists before reading any
constexpr uint64_t kMaxLevels = 64;
constexpr int32_t kMaxLinksPerVector = 1 << 16;
constexpr uint64_t kMaxPqBits = 16;

const char* TypeName(uint32_t type) {
  switch (type) {
    case kFlat: return "Flat";
    case kHnswFlat: return "HNSW";
    case kIvfFlat: return "IVF-Flat";
    case kIvfPq: return "IVF-PQ";
    case kPq: return "PQ";
    default: return nullptr;
  }
}

std::string N(uint64_t v) { return std::to_string(v); }
std::string N(int64_t v) { return std::to_string(v); }
std::string N(int32_t v) { return std::to_string(v); }

// A lazily started coroutine that a parent awaits; when it ends it resumes
// its parent. An exception (bad_alloc) travels up to the top one.
class Task {
 public:
  struct promise_type {
    std::coroutine_handle<> parent;
    std::exception_ptr error;
    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Final {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        const std::coroutine_handle<> parent = h.promise().parent;
        return parent ? parent : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    Final final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { error = std::current_exception(); }
  };

  explicit Task(std::coroutine_handle<promise_type> h) : handle_(h) {}
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    std::swap(handle_, other.handle_);
    return *this;
  }
  Task(const Task&) = delete;
  ~Task() {
    if (handle_) handle_.destroy();  // also a suspended one: its children go with its frame
  }

  // co_await task: runs it, and goes on when it is done.
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> parent) noexcept {
    handle_.promise().parent = parent;
    return handle_;
  }
  void await_resume() const {
    if (handle_.promise().error) std::rethrow_exception(handle_.promise().error);
  }

  std::coroutine_handle<promise_type> handle() const { return handle_; }

 private:
  std::coroutine_handle<promise_type> handle_;
};

enum class Role { kTop, kQuantizer, kStorage };

}  // namespace

struct FaissPayloadCheck::Parser {
  Parser(FaissKind kind, uint64_t size, std::string_view what)
      : size(size), what(what), top(kind == FaissKind::kBinary ? BinaryFlat() : VectorIndex(Role::kTop, 0, 0)) {
    waiting = top.handle();
  }

  // ---- bytes

  const uint64_t size;
  const std::string what;
  uint64_t consumed = 0;  // bytes parsed
  uint64_t fed = 0;       // bytes received
  Status status;
  std::string_view input;  // the unparsed rest of the piece being fed
  char carry[8] = {};      // a field's first bytes, from earlier pieces
  size_t carried = 0;
  size_t need = 0;                   // bytes the parked coroutine waits for
  std::coroutine_handle<> waiting;   // the parked coroutine
  Task top;

  size_t available() const { return carried + input.size(); }
  uint64_t remaining() const { return size - consumed; }

  void Take(void* out, size_t n) {
    char* dst = static_cast<char*>(out);
    const size_t from_carry = std::min(n, carried);
    std::memcpy(dst, carry, from_carry);
    std::memmove(carry, carry + from_carry, carried - from_carry);
    carried -= from_carry;
    std::memcpy(dst + from_carry, input.data(), n - from_carry);
    input.remove_prefix(n - from_carry);
    consumed += n;
  }

  void Drop(size_t n) {
    const size_t from_carry = std::min(n, carried);
    std::memmove(carry, carry + from_carry, carried - from_carry);
    carried -= from_carry;
    input.remove_prefix(n - from_carry);
    consumed += n;
  }

  // co_await Read<T>(): the next field (parks until its bytes are in).
  template <class T>
  struct ReadAwaiter {
    Parser* p;
    bool await_ready() const noexcept { return p->available() >= sizeof(T); }
    void await_suspend(std::coroutine_handle<> h) noexcept {
      p->need = sizeof(T);
      p->waiting = h;
    }
    T await_resume() noexcept {
      T v;
      p->Take(&v, sizeof(T));
      return v;
    }
  };
  template <class T>
  ReadAwaiter<T> Read() {
    static_assert(sizeof(T) <= sizeof(carry));
    return {this};
  }

  // co_await Wait(): parks until at least one byte is in.
  struct WaitAwaiter {
    Parser* p;
    bool await_ready() const noexcept { return p->available() > 0; }
    void await_suspend(std::coroutine_handle<> h) noexcept {
      p->need = 1;
      p->waiting = h;
    }
    void await_resume() const noexcept {}
  };

  // co_await Fail(...): records the refusal and parks for good.
  struct FailAwaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    void await_resume() const noexcept {}
  };
  FailAwaiter Fail(const std::string& message) {
    if (status.ok()) status = Status::Corruption(what + ": " + message);
    return {};
  }
  // The refusal of a field whose data would run past the payload's end.
  FailAwaiter Truncated(const std::string& field, uint64_t count, uint64_t item_size) {
    return Fail(field + " (" + N(count) + " x " + N(item_size) + " bytes) run past the end of the FAISS data (" +
                N(remaining()) + " bytes left): it is truncated or damaged");
  }
  // True when `count` items of `item_size` bytes fit in what is left.
  bool Fits(uint64_t count, uint64_t item_size) const { return count <= remaining() / item_size; }

  // Opaque data (vectors, codes): counted, not kept.
  Task Skip(uint64_t n) {
    while (n > 0) {
      co_await WaitAwaiter{this};
      const size_t take = static_cast<size_t>(std::min<uint64_t>(n, available()));
      Drop(take);
      n -= take;
    }
  }

  // ---- the grammar

  // A vector index: the top one, or the flat index inside an IVF (its
  // quantizer, `want_ntotal` centroids) or an HNSW (its storage).
  Task VectorIndex(Role role, int32_t want_d, int64_t want_ntotal) {
    const uint32_t type = co_await Read<uint32_t>();
    const char* name = TypeName(type);
    if (role == Role::kTop && name == nullptr) {
      co_await Fail("FAISS index type '" + FourCCToString(type) +
                    "' is not one parallax writes (Flat, HNSW, IVF-Flat, IVF-PQ or PQ, for inner product)");
    }
    const std::string part = role == Role::kQuantizer ? "the IVF quantizer" : role == Role::kStorage ? "the HNSW storage" : "";
    if (role != Role::kTop && type != kFlat) {
      co_await Fail(part + " is FAISS type '" + FourCCToString(type) + "', not the flat inner-product index parallax writes");
    }
    const std::string index = role == Role::kTop ? std::string(name) + " index" : part;

    // The header every FAISS index starts with.
    const int32_t d = co_await Read<int32_t>();
    if (d <= 0 || d > kMaxDim) co_await Fail(index + ": dimension " + N(d) + " out of range");
    if (role != Role::kTop && d != want_d) {
      co_await Fail(index + " has dimension " + N(d) + ", its index " + N(want_d));
    }
    const int64_t ntotal = co_await Read<int64_t>();
    if (ntotal < 0 || ntotal > kMaxVectors) co_await Fail(index + ": vector count " + N(ntotal) + " out of range");
    if (role != Role::kTop && ntotal != want_ntotal) {
      co_await Fail(index + " holds " + N(ntotal) + " vectors, " + N(want_ntotal) + " expected");
    }
    (void)co_await Read<int64_t>();  // two fields FAISS no longer uses
    (void)co_await Read<int64_t>();
    const uint8_t trained = co_await Read<uint8_t>();
    if (trained > 1) co_await Fail(index + ": damaged 'is_trained' flag");
    const int32_t metric = co_await Read<int32_t>();
    if (metric != faiss::METRIC_INNER_PRODUCT) {
      co_await Fail(index + ": metric " + N(metric) + ", parallax's vector indexes are inner-product");
    }

    switch (type) {
      case kFlat: {
        const uint64_t floats = co_await Read<uint64_t>();
        if (floats != static_cast<uint64_t>(ntotal) * static_cast<uint64_t>(d)) {
          co_await Fail(index + " holds " + N(floats) + " floats for " + N(ntotal) + " vectors of " + N(d));
        }
        if (!Fits(floats, 4)) co_await Truncated(index + ": its vectors", floats, 4);
        co_await Skip(floats * 4);
        break;
      }
      case kPq: {
        uint64_t code_size = 0;
        co_await ProductQuantizer(index, d, &code_size);
        co_await Codes(index, ntotal, code_size);
        const int32_t search_type = co_await Read<int32_t>();
        if (search_type != faiss::IndexPQ::ST_PQ) co_await Fail(index + ": search type " + N(search_type) + " is not PQ's");
        const uint8_t encode_signs = co_await Read<uint8_t>();
        if (encode_signs > 1) co_await Fail(index + ": damaged 'encode_signs' flag");
        (void)co_await Read<int32_t>();  // polysemous_ht: any
        break;
      }
      case kHnswFlat:
        co_await Hnsw(d, ntotal);
        break;
      case kIvfFlat:
      case kIvfPq:
        co_await Ivf(index, type, d, ntotal, trained != 0);
        break;
    }
  }

  // A product quantizer for d-dimensional vectors; `*code_size` its codes' bytes.
  Task ProductQuantizer(std::string index, int32_t d, uint64_t* code_size) {
    const uint64_t pq_d = co_await Read<uint64_t>();
    if (pq_d != static_cast<uint64_t>(d)) co_await Fail(index + ": its quantizer has dimension " + N(pq_d) + ", not " + N(d));
    const uint64_t m = co_await Read<uint64_t>();
    if (m == 0 || m > pq_d || pq_d % m != 0) {
      co_await Fail(index + ": " + N(m) + " sub-quantizers do not divide dimension " + N(pq_d));
    }
    // FAISS sizes its centroid table from these before reading it.
    const uint64_t nbits = co_await Read<uint64_t>();
    if (nbits == 0 || nbits > kMaxPqBits) co_await Fail(index + ": " + N(nbits) + " bits per sub-quantizer code");
    const uint64_t centroids = pq_d << nbits;
    if (remaining() < 8 || !Fits(centroids, 4)) co_await Truncated(index + ": its centroids", centroids, 4);
    const uint64_t count = co_await Read<uint64_t>();
    if (count != centroids) co_await Fail(index + ": " + N(count) + " centroid floats, " + N(centroids) + " expected");
    co_await Skip(count * 4);
    *code_size = (nbits * m + 7) / 8;
  }

  // A flat array of `ntotal` codes of `code_size` bytes.
  Task Codes(std::string index, int64_t ntotal, uint64_t code_size) {
    const uint64_t bytes = co_await Read<uint64_t>();
    if (bytes != static_cast<uint64_t>(ntotal) * code_size) {
      co_await Fail(index + " holds " + N(bytes) + " code bytes for " + N(ntotal) + " codes of " + N(code_size));
    }
    if (!Fits(bytes, 1)) co_await Truncated(index + ": its codes", bytes, 1);
    co_await Skip(bytes);
  }

  // The HNSW graph (faiss::HNSW) and its flat storage. What a search or an
  // add relies on: per level a growing neighbour count, each vector's level
  // and slot range, links to vectors that exist on the link's level, an
  // entry point on the top level.
  Task Hnsw(int32_t d, int64_t ntotal) {
    const std::string graph = "HNSW index graph";
    const uint64_t probas = co_await Read<uint64_t>();
    if (probas == 0 || probas > kMaxLevels) co_await Fail(graph + " has " + N(probas) + " levels");
    for (uint64_t i = 0; i < probas; ++i) {
      const double p = co_await Read<double>();
      if (!(p >= 0 && p <= 1)) co_await Fail(graph + ": a level probability is not in [0, 1]");
    }
    const uint64_t levels_plus_one = co_await Read<uint64_t>();
    if (levels_plus_one != probas + 1) co_await Fail(graph + ": neighbour counts do not match its levels");
    std::vector<int32_t> cum;  // neighbour slots of the levels below each level
    for (uint64_t i = 0; i < levels_plus_one; ++i) {
      const int32_t c = co_await Read<int32_t>();
      if (i == 0 ? c != 0 : (c <= cum.back() || c > kMaxLinksPerVector)) {
        co_await Fail(graph + ": damaged neighbour counts");
      }
      cum.push_back(c);
    }

    const uint64_t levels_size = co_await Read<uint64_t>();
    if (levels_size != static_cast<uint64_t>(ntotal)) {
      co_await Fail(graph + " has levels for " + N(levels_size) + " vectors, the index " + N(ntotal));
    }
    if (!Fits(levels_size, 4)) co_await Truncated(graph + ": its levels", levels_size, 4);
    std::vector<int32_t> levels;
    levels.reserve(static_cast<size_t>(levels_size));
    for (uint64_t i = 0; i < levels_size; ++i) {
      const int32_t level = co_await Read<int32_t>();
      if (level < 1 || static_cast<uint64_t>(level) > probas) co_await Fail(graph + ": a vector's level is out of range");
      levels.push_back(level);
    }

    const uint64_t offsets_size = co_await Read<uint64_t>();
    if (offsets_size != static_cast<uint64_t>(ntotal) + 1) co_await Fail(graph + ": damaged neighbour offsets");
    if (!Fits(offsets_size, 8)) co_await Truncated(graph + ": its neighbour offsets", offsets_size, 8);
    uint64_t slots = 0;
    for (uint64_t i = 0; i < offsets_size; ++i) {
      const uint64_t offset = co_await Read<uint64_t>();
      if (offset != slots) co_await Fail(graph + ": neighbour offsets do not match the vectors' levels");
      if (i < levels.size()) slots += static_cast<uint64_t>(cum[static_cast<size_t>(levels[i])]);
    }

    const uint64_t links = co_await Read<uint64_t>();
    if (links != slots) co_await Fail(graph + " has " + N(links) + " neighbour slots, its offsets " + N(slots));
    if (!Fits(links, 4)) co_await Truncated(graph + ": its links", links, 4);
    size_t vector = 0, level = 0;
    int32_t slot = 0;  // within the vector's slots
    for (uint64_t i = 0; i < links; ++i) {
      while (slot == cum[static_cast<size_t>(levels[vector])]) {
        ++vector;
        slot = 0;
        level = 0;
      }
      while (slot >= cum[level + 1]) ++level;
      const int32_t to = co_await Read<int32_t>();
      if (to < -1 || to >= ntotal || (to >= 0 && static_cast<size_t>(levels[static_cast<size_t>(to)]) <= level)) {
        co_await Fail(graph + ": a link of vector " + N(static_cast<uint64_t>(vector)) + " points to no vector of its level");
      }
      ++slot;
    }

    const int32_t entry = co_await Read<int32_t>();
    const int32_t max_level = co_await Read<int32_t>();
    const bool entry_ok = ntotal == 0 ? entry == -1 && max_level == -1
                                      : entry >= 0 && entry < ntotal && max_level == levels[static_cast<size_t>(entry)] - 1;
    if (!entry_ok) co_await Fail(graph + ": damaged entry point");
    const int32_t ef_construction = co_await Read<int32_t>();
    const int32_t ef_search = co_await Read<int32_t>();
    const int32_t upper_beam = co_await Read<int32_t>();
    if (ef_construction < 1 || ef_search < 1 || upper_beam != 1) co_await Fail(graph + ": damaged search settings");
    co_await VectorIndex(Role::kStorage, d, ntotal);
  }

  // An IVF index (IndexIVFFlat or IndexIVFPQ): quantizer, no direct map,
  // in-memory inverted lists whose ids are each row exactly once.
  Task Ivf(std::string index, uint32_t type, int32_t d, int64_t ntotal, bool trained) {
    const uint64_t nlist = co_await Read<uint64_t>();
    if (nlist == 0 || nlist > kMaxLists) co_await Fail(index + ": " + N(nlist) + " lists");
    if (trained && !Fits(nlist, 4 * static_cast<uint64_t>(d))) {
      co_await Truncated(index + ": its " + N(nlist) + " centroids", nlist, 4 * static_cast<uint64_t>(d));
    }
    if (!trained && ntotal != 0) co_await Fail(index + " holds vectors but is not trained");
    const uint64_t nprobe = co_await Read<uint64_t>();
    if (nprobe == 0 || nprobe > nlist) co_await Fail(index + ": it probes " + N(nprobe) + " of " + N(nlist) + " lists");
    co_await VectorIndex(Role::kQuantizer, d, trained ? static_cast<int64_t>(nlist) : 0);
    const uint8_t direct_map = co_await Read<uint8_t>();
    const uint64_t direct_map_size = co_await Read<uint64_t>();
    if (direct_map != 0 || direct_map_size != 0) co_await Fail(index + " has a direct map, which parallax never makes");

    uint64_t code_size = 4 * static_cast<uint64_t>(d);
    if (type == kIvfPq) {
      const uint8_t by_residual = co_await Read<uint8_t>();
      if (by_residual > 1) co_await Fail(index + ": damaged 'by_residual' flag");
      code_size = co_await Read<uint64_t>();
      uint64_t pq_code_size = 0;
      co_await ProductQuantizer(index, d, &pq_code_size);
      if (code_size != pq_code_size) co_await Fail(index + ": code size " + N(code_size) + ", its quantizer's " + N(pq_code_size));
    }

    const uint32_t lists_type = co_await Read<uint32_t>();
    if (lists_type != kArrayLists) {
      co_await Fail(index + ": inverted lists of FAISS type '" + FourCCToString(lists_type) +
                    "', not the in-memory lists parallax writes");
    }
    const uint64_t lists = co_await Read<uint64_t>();
    if (lists != nlist) co_await Fail(index + " has " + N(lists) + " inverted lists, " + N(nlist) + " expected");
    const uint64_t lists_code_size = co_await Read<uint64_t>();
    if (lists_code_size != code_size) co_await Fail(index + ": its lists' code size " + N(lists_code_size) + ", not " + N(code_size));

    std::vector<uint64_t> sizes(static_cast<size_t>(nlist), 0);
    uint64_t total = 0;
    const uint32_t sizes_type = co_await Read<uint32_t>();
    const uint64_t count = co_await Read<uint64_t>();
    if (sizes_type == kFullSizes) {
      if (count != nlist) co_await Fail(index + ": " + N(count) + " list sizes for " + N(nlist) + " lists");
      if (!Fits(count, 8)) co_await Truncated(index + ": its list sizes", count, 8);
      for (uint64_t& size : sizes) {
        size = co_await Read<uint64_t>();
        if (size > static_cast<uint64_t>(ntotal) - total) co_await Fail(index + ": its lists hold more than its " + N(ntotal) + " vectors");
        total += size;
      }
    } else if (sizes_type == kSparseSizes) {
      if (count % 2 != 0 || count / 2 > nlist) co_await Fail(index + ": damaged table of list sizes");
      if (!Fits(count, 8)) co_await Truncated(index + ": its list sizes", count, 8);
      uint64_t next = 0;  // lists come in increasing order
      for (uint64_t i = 0; i < count; i += 2) {
        const uint64_t list = co_await Read<uint64_t>();
        const uint64_t size = co_await Read<uint64_t>();
        if (list < next || list >= nlist) co_await Fail(index + ": damaged table of list sizes");
        if (size > static_cast<uint64_t>(ntotal) - total) co_await Fail(index + ": its lists hold more than its " + N(ntotal) + " vectors");
        sizes[static_cast<size_t>(list)] = size;
        total += size;
        next = list + 1;
      }
    } else {
      co_await Fail(index + ": list sizes of unknown kind '" + FourCCToString(sizes_type) + "'");
    }
    if (total != static_cast<uint64_t>(ntotal)) {
      co_await Fail(index + ": its lists hold " + N(total) + " vectors, the index " + N(ntotal));
    }
    // FAISS sizes every list before reading any.
    if (!Fits(total, code_size + 8)) co_await Truncated(index + ": its lists", total, code_size + 8);

    std::vector<bool> seen(static_cast<size_t>(ntotal), false);
    for (const uint64_t size : sizes) {
      if (size == 0) continue;
      co_await Skip(size * code_size);
      for (uint64_t i = 0; i < size; ++i) {
        const int64_t id = co_await Read<int64_t>();
        if (id < 0 || id >= ntotal || seen[static_cast<size_t>(id)]) {
          co_await Fail(index + ": its lists hold id " + N(id) + ", not each of its rows once");
        }
        seen[static_cast<size_t>(id)] = true;
      }
    }
  }

  // The flat binary index (IndexBinaryFlat): d bits a code.
  Task BinaryFlat() {
    const uint32_t type = co_await Read<uint32_t>();
    if (type != kBinaryFlat) {
      co_await Fail("FAISS binary index type '" + FourCCToString(type) + "' is not the flat one parallax writes");
    }
    const int32_t d = co_await Read<int32_t>();
    if (d <= 0 || d % 8 != 0 || d > kMaxDim) co_await Fail("binary code length of " + N(d) + " bits");
    const int32_t code_size = co_await Read<int32_t>();
    if (code_size != d / 8) co_await Fail("code size " + N(code_size) + " for " + N(d) + "-bit codes");
    const int64_t ntotal = co_await Read<int64_t>();
    if (ntotal < 0 || ntotal > kMaxVectors) co_await Fail("code count " + N(ntotal) + " out of range");
    const uint8_t trained = co_await Read<uint8_t>();
    if (trained > 1) co_await Fail("damaged 'is_trained' flag");
    const int32_t metric = co_await Read<int32_t>();
    if (metric != faiss::METRIC_L2) co_await Fail("metric " + N(metric) + " is not the flat binary index's");
    co_await Codes("binary index", ntotal, static_cast<uint64_t>(code_size));
  }
};

FaissPayloadCheck::FaissPayloadCheck(FaissKind kind, uint64_t size, std::string_view what)
    : parser_(std::make_unique<Parser>(kind, size, what)) {}

FaissPayloadCheck::~FaissPayloadCheck() = default;

Status FaissPayloadCheck::Feed(std::string_view bytes) {
  Parser& p = *parser_;
  if (!p.status.ok()) return p.status;
  if (bytes.size() > p.size - p.fed) {
    p.status = Status::Corruption(p.what + ": FAISS reads past the end of its data: it is truncated or damaged");
    return p.status;
  }
  p.fed += bytes.size();
  p.input = bytes;
  while (p.waiting && p.available() >= p.need) {
    std::exchange(p.waiting, {}).resume();
    if (const std::exception_ptr& error = p.top.handle().promise().error) {
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        p.status = Status::Internal(p.what + ": cannot check it: " + e.what());
      }
      p.input = {};
      return p.status;
    }
  }
  if (p.status.ok() && p.top.handle().done() && p.available() > 0) {
    p.status = Status::Corruption(p.what + ": FAISS reads more than its index holds");
  }
  // A partial field: fewer bytes than the parked coroutine needs (at most 8).
  if (p.status.ok() && !p.input.empty()) {
    std::memcpy(p.carry + p.carried, p.input.data(), p.input.size());
    p.carried += p.input.size();
  }
  p.input = {};
  return p.status;
}

Status FaissPayloadCheck::Finish() const {
  const Parser& p = *parser_;
  if (!p.status.ok()) return p.status;
  if (!p.top.handle().done()) {
    return Status::Corruption(p.what + ": the FAISS data ends inside its index: it is truncated or damaged");
  }
  return Status::Ok();
}

Status CheckFaissPayload(FaissKind kind, std::string_view bytes, std::string_view what) {
  FaissPayloadCheck check(kind, bytes.size(), what);
  PARALLAX_RETURN_IF_ERROR(check.Feed(bytes));
  return check.Finish();
}

}  // namespace parallax::index_internal
