// Date parsing (ParseDate, ParseDayRange, EndsBefore, DaysApart): the input
// is two date texts separated by the first '|'.
#include <optional>
#include <string>

#include "fuzz_util.h"
#include "parallax/dates.h"

namespace {

using namespace parallax;

// What a date read promises: a non-empty period, and an ISO text that reads
// back, as ISO, to the same period (Article::date keeps only that text).
void CheckDate(const std::optional<Date>& d) {
  if (!d) return;
  PARALLAX_FUZZ_CHECK(d->begin < d->end);
  const std::optional<Date> again = ParseDate(d->iso, DateForms::kIso);
  PARALLAX_FUZZ_CHECK(again.has_value());
  PARALLAX_FUZZ_CHECK(again->begin == d->begin && again->end == d->end);
  PARALLAX_FUZZ_CHECK(again->precision == d->precision && again->iso == d->iso);
  const std::optional<DayRange> days = ParseDayRange(d->iso);
  PARALLAX_FUZZ_CHECK(days.has_value() && days->first <= days->last);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = fuzz::Bytes(data, size);
  const size_t bar = input.find('|');
  const std::string_view first = input.substr(0, bar);
  const std::string_view second = bar == std::string_view::npos ? std::string_view() : input.substr(bar + 1);

  const std::optional<Date> a = ParseDate(first);
  const std::optional<Date> b = ParseDate(second);
  CheckDate(a);
  CheckDate(b);
  const std::optional<Date> a_iso = ParseDate(first, DateForms::kIso);
  CheckDate(a_iso);
  PARALLAX_FUZZ_CHECK(!a_iso || (a && a->begin == a_iso->begin && a->end == a_iso->end));  // ISO reads the same in both
  if (a && b) {
    PARALLAX_FUZZ_CHECK(!(EndsBefore(*a, *b) && EndsBefore(*b, *a)));
  }
  const auto range_a = ParseDayRange(std::string(first));
  const auto range_b = ParseDayRange(std::string(second));
  const auto apart = DaysApart(range_a, range_b);
  PARALLAX_FUZZ_CHECK(apart == DaysApart(range_b, range_a));
  PARALLAX_FUZZ_CHECK(!apart || *apart >= 0);
  return 0;
}
