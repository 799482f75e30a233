// CRC32C throughput: every stored file is checksummed on save and on open.
#include <benchmark/benchmark.h>

#include <string>

#include "parallax/bytes.h"

namespace {

void BM_Crc32c(benchmark::State& state) {
  const std::string data(static_cast<size_t>(state.range(0)), 'x');
  uint32_t crc = 0;
  for (auto _ : state) {
    crc = parallax::Crc32c(data, crc);
    benchmark::DoNotOptimize(crc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Crc32c)->Arg(4 << 10)->Arg(32 << 20);

}  // namespace

BENCHMARK_MAIN();
