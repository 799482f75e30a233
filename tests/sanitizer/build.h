// Whether the tests were built with AddressSanitizer (scripts/fuzz.sh
// --with-tests, scripts/sanitize.sh): its allocator reports impossible
// requests instead of throwing, and its shadow memory makes any peak large.
#pragma once

namespace parallax::testing_util {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

}  // namespace parallax::testing_util
