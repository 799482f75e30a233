// Dates of articles: the one place where date text is read. A date is a
// period in UTC (a year, a month, a day, a minute or a second, as precise as
// the text given), so dates of different precision and time zones compare.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace parallax {

enum class DatePrecision { kYear, kMonth, kDay, kMinute, kSecond };

struct Date {
  // The period the text names, [begin, end) in UTC. A date or time without a
  // zone is taken as UTC.
  std::chrono::sys_seconds begin;
  std::chrono::sys_seconds end;
  DatePrecision precision = DatePrecision::kDay;
  // The zone offset written with the time (0 without one): begin + offset is
  // the local time as written.
  std::chrono::minutes offset{0};
  // The date as ISO 8601 at its precision: an ISO input as written (trimmed,
  // a space before the time made 'T'), another form converted ("Feb 22, 2022"
  // -> "2022-02-22").
  std::string iso;
};

enum class DateForms {
  kIso,  // only ISO 8601 (what Article::date holds once read)
  kAll,  // ISO 8601 and the written forms below
};

// Reads `text` (white space around it ignored); empty when it is not one of
// these forms, as a whole (a date followed by other words is not read):
//   ISO 8601: "2022", "2022-02", "2022-02-22", "2022-02-22T10:05" (or a space
//     for 'T'), with seconds ("10:05:30", "10:05:30.125") and a zone ("Z",
//     "+01:00", "+0100") or none;
//   with DateForms::kAll also, English month names full or short, any case:
//     "Feb 22, 2022", "February 22, 2022", "22 Feb 2022", "22 February 2022",
//     "February 2022" (a month);
//     day first with dots: "22.02.2022", "1.2.2022";
//     day first with '/' or '-' when no other reading exists: "22/02/2022",
//     "22-02-2022", "05/05/2022"; "02/03/2022" (2 March or February 3) is
//     refused as ambiguous;
//     each of these days may be followed by " HH:MM" or " HH:MM:SS".
// Years have four digits; an impossible date ("2022-02-30") is not read.
std::optional<Date> ParseDate(std::string_view text, DateForms forms = DateForms::kAll);

// True when `a` ends before `b` begins: `a` was surely first. Two dates whose
// periods overlap (the same day at day precision, a month and one of its
// days) order neither way.
bool EndsBefore(const Date& a, const Date& b);

// The days an ISO 8601 date (ParseDate, DateForms::kIso) covers, counted
// from 1970-01-01: "2024-03-11" one day, "2024-03" its month, "2024" its year
// (a time counts on the day written, whatever its zone). Empty for an empty
// or unreadable date.
struct DayRange {
  int first = 0;
  int last = 0;
};
std::optional<DayRange> ParseDayRange(const std::string& date);
// Whole days between two dates' days (0 when they share one): how far apart
// two articles came out, as their dates tell. Unknown (empty) when either
// date is.
std::optional<int> DaysApart(const std::optional<DayRange>& a, const std::optional<DayRange>& b);

}  // namespace parallax
