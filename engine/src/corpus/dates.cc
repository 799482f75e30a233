// ParseDate: the forms are format strings of Howard Hinnant's date library
// (Debian libhowardhinnant-date-dev, header-only), which reads them, checks
// the calendar and applies the zone offset.

#include "parallax/dates.h"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <locale>
#include <sstream>
#include <string>
#include <utility>

namespace parallax {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;
using Micros = date::sys_time<std::chrono::microseconds>;

std::string_view Trim(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

// True when `text` starts with `shape`: 'd' is any ASCII digit, any other
// character itself. Keeps "2024-3-1" out of the ISO forms (the library
// reads one-digit months).
bool HasShape(std::string_view text, std::string_view shape) {
  if (text.size() < shape.size()) return false;
  for (size_t i = 0; i < shape.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (shape[i] == 'd' ? !digit : text[i] != shape[i]) return false;
  }
  return true;
}

// `text` read as a whole with `format` into `value` (and the zone offset, for
// a time point).
template <typename T>
bool ReadWhole(std::string_view text, const char* format, T* value, minutes* offset = nullptr) {
  std::istringstream in{std::string(text)};
  in.imbue(std::locale::classic());
  if (offset != nullptr) {
    in >> date::parse(format, *value, *offset);
  } else {
    in >> date::parse(format, *value);
  }
  return !in.fail() && (in.eof() || in.peek() == std::char_traits<char>::eof());
}

Date DayDate(Micros at, DatePrecision precision, minutes offset) {
  Date d;
  d.precision = precision;
  d.offset = offset;
  d.begin = std::chrono::floor<seconds>(at);
  switch (precision) {
    case DatePrecision::kSecond: d.end = d.begin + seconds{1}; break;
    case DatePrecision::kMinute: d.end = d.begin + minutes{1}; break;
    default: d.end = d.begin + days{1}; break;
  }
  return d;
}

Date MonthDate(date::year_month ym) {
  Date d;
  d.precision = DatePrecision::kMonth;
  d.begin = date::sys_days(ym / 1);
  d.end = date::sys_days((ym + date::months{1}) / 1);
  d.iso = date::format("%Y-%m", ym);
  return d;
}

// What may follow "dddd-dd-ddTdd:dd": seconds (":dd", and a fraction ".d..."),
// then a zone ("Z", "+hh:mm", "+hhmm", '-' alike), each optional. Anything
// else is refused before the date library sees it: on a malformed zone
// ("-0\x7f") it negates the minimum offset it starts from (undefined
// behaviour, UBSan).
bool WellFormedTimeTail(std::string_view rest) {
  size_t i = 0;
  auto digits = [&](size_t n) {
    for (size_t end = i + n; i < end; ++i) {
      if (i >= rest.size() || rest[i] < '0' || rest[i] > '9') return false;
    }
    return true;
  };
  if (i < rest.size() && rest[i] == ':') {
    ++i;
    if (!digits(2)) return false;
    if (i < rest.size() && rest[i] == '.') {
      const size_t fraction = ++i;
      while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
      if (i == fraction) return false;
    }
  }
  if (i == rest.size()) return true;
  if (rest[i] == 'Z') return i + 1 == rest.size();
  if (rest[i] != '+' && rest[i] != '-') return false;
  ++i;
  if (!digits(2)) return false;
  if (i < rest.size() && rest[i] == ':') ++i;
  return digits(2) && i == rest.size();
}

std::optional<Date> ParseIso(std::string_view s) {
  if (s.size() == 4 && HasShape(s, "dddd")) {
    date::year y;
    if (!ReadWhole(s, "%Y", &y)) return std::nullopt;
    Date d;
    d.precision = DatePrecision::kYear;
    d.begin = date::sys_days(y / 1 / 1);
    d.end = date::sys_days((y + date::years{1}) / 1 / 1);
    d.iso = std::string(s);
    return d;
  }
  if (s.size() == 7 && HasShape(s, "dddd-dd")) {
    date::year_month ym;
    if (!ReadWhole(s, "%Y-%m", &ym)) return std::nullopt;
    return MonthDate(ym);
  }
  if (!HasShape(s, "dddd-dd-dd")) return std::nullopt;
  std::string iso(s);
  Micros at;
  minutes offset{0};
  if (s.size() == 10) {
    if (!ReadWhole(iso, "%Y-%m-%d", &at, &offset)) return std::nullopt;
    Date d = DayDate(at, DatePrecision::kDay, offset);
    d.iso = std::move(iso);
    return d;
  }
  if (iso[10] == ' ') iso[10] = 'T';
  if (!HasShape(iso, "dddd-dd-ddTdd:dd") || !WellFormedTimeTail(std::string_view(iso).substr(16))) return std::nullopt;
  // With or without seconds (and a fraction), and a zone: none, Z, +01:00 or +0100.
  static constexpr std::array<std::pair<const char*, DatePrecision>, 8> kTimes = {{
      {"%Y-%m-%dT%H:%M:%S", DatePrecision::kSecond},
      {"%Y-%m-%dT%H:%M:%SZ", DatePrecision::kSecond},
      {"%Y-%m-%dT%H:%M:%S%Ez", DatePrecision::kSecond},
      {"%Y-%m-%dT%H:%M:%S%z", DatePrecision::kSecond},
      {"%Y-%m-%dT%H:%M", DatePrecision::kMinute},
      {"%Y-%m-%dT%H:%MZ", DatePrecision::kMinute},
      {"%Y-%m-%dT%H:%M%Ez", DatePrecision::kMinute},
      {"%Y-%m-%dT%H:%M%z", DatePrecision::kMinute},
  }};
  for (const auto& [format, precision] : kTimes) {
    offset = minutes{0};
    if (ReadWhole(iso, format, &at, &offset)) {
      Date d = DayDate(at, precision, offset);
      d.iso = std::move(iso);
      return d;
    }
  }
  return std::nullopt;
}

bool PlausibleYear(Micros at) {
  const date::year y = date::year_month_day(std::chrono::floor<days>(at)).year();
  return y >= date::year{1000} && y <= date::year{9999};
}

// A written day, optionally with a time: "Feb 22, 2022", "22.02.2022 10:05".
std::optional<Date> ParseWrittenDay(std::string_view s) {
  static constexpr std::array<std::pair<const char*, DatePrecision>, 3> kTimes = {
      {{"", DatePrecision::kDay}, {" %H:%M", DatePrecision::kMinute}, {" %H:%M:%S", DatePrecision::kSecond}}};
  // Each form, and its other reading: a form whose other reading also holds
  // (and gives another day) is ambiguous.
  static constexpr std::array<std::pair<const char*, const char*>, 5> kDays = {{
      {"%b %d, %Y", nullptr},
      {"%d %b %Y", nullptr},
      {"%d.%m.%Y", nullptr},
      {"%d/%m/%Y", "%m/%d/%Y"},
      {"%d-%m-%Y", "%m-%d-%Y"},
  }};
  for (const auto& [time, precision] : kTimes) {
    for (const auto& [day, other] : kDays) {
      Micros at;
      minutes no_offset{0};
      if (!ReadWhole(s, (std::string(day) + time).c_str(), &at, &no_offset) || !PlausibleYear(at)) continue;
      if (Micros other_at; other != nullptr && ReadWhole(s, (std::string(other) + time).c_str(), &other_at, &no_offset) &&
                           other_at != at) {
        return std::nullopt;  // "02/03/2022": 2 March or February 3
      }
      Date d = DayDate(at, precision, minutes{0});
      const auto whole = std::chrono::floor<seconds>(at);
      d.iso = precision == DatePrecision::kDay      ? date::format("%F", std::chrono::floor<days>(at))
              : precision == DatePrecision::kMinute ? date::format("%FT%R", whole)
                                                    : date::format("%FT%T", whole);
      return d;
    }
  }
  return std::nullopt;
}

std::optional<Date> ParseWrittenMonth(std::string_view s) {
  date::year_month ym;
  if (!ReadWhole(s, "%b %Y", &ym) || ym.year() < date::year{1000}) return std::nullopt;
  return MonthDate(ym);
}

// True when every ':' is followed by a digit, as in every form read here
// ("10:05", "10:05:30", "+01:00"). The date library must not see another:
// when the seconds of "%S" hold no digit ("10:05:x"), it rounds the seconds
// variable it never set (undefined behaviour; UBSan saw a NaN converted).
bool ColonsBeforeDigits(std::string_view s) {
  for (size_t i = s.find(':'); i != std::string_view::npos; i = s.find(':', i + 1)) {
    if (i + 1 == s.size() || s[i + 1] < '0' || s[i + 1] > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<Date> ParseDate(std::string_view text, DateForms forms) {
  const std::string_view s = Trim(text);
  if (s.empty() || !ColonsBeforeDigits(s)) return std::nullopt;
  if (HasShape(s, "dddd")) return ParseIso(s);
  if (forms == DateForms::kIso) return std::nullopt;
  if (auto day = ParseWrittenDay(s)) return day;
  return ParseWrittenMonth(s);
}

bool EndsBefore(const Date& a, const Date& b) { return a.end <= b.begin; }

std::optional<DayRange> ParseDayRange(const std::string& text) {
  using namespace std::chrono;
  const std::optional<Date> read = ParseDate(text, DateForms::kIso);
  if (!read) return std::nullopt;
  // Days as written: a time counts on its own day, in its own zone.
  auto day = [&](sys_seconds at) { return static_cast<int>(floor<days>(at + read->offset).time_since_epoch().count()); };
  return DayRange{day(read->begin), day(read->end - seconds{1})};
}

std::optional<int> DaysApart(const std::optional<DayRange>& a, const std::optional<DayRange>& b) {
  if (!a || !b) return std::nullopt;
  return std::max(0, std::max(a->first, b->first) - std::min(a->last, b->last));
}

}  // namespace parallax
