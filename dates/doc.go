// Package dates reads the due dates partners write in plain English
// ("by Friday", "Dec 15", "in 2 weeks") into calendar dates. It does no I/O.
//
// "now" is an instant; "today" is its calendar date in the issuer's
// location, so at 2026-11-23T02:00Z "tomorrow" is Monday 23 Nov in
// America/Los_Angeles and Tuesday 24 Nov in Asia/Kolkata. Weeks run Monday
// to Sunday. Phrases are read without regard to case; commas, a trailing
// full stop and other trailing punctuation are ignored, and Parse also
// accepts a leading "by", "due", "before", "on" or "until".
//
// Phrases, and the choices made where English is ambiguous:
//
//   - "2026-12-15" (year-month-day).
//   - "today", "tonight", "end of day", "eod": today. "tomorrow", "tmrw",
//     "tmr": the day after. "yesterday" is read only to say it is past.
//   - "Friday", "Fri", "friday.": the next Friday strictly after today, so
//     "Friday" said on a Friday is a week later (someone who means today
//     says "today" or "this Friday"). "this Friday": the coming Friday,
//     today included. "next Friday": the Friday of next week (Monday to
//     Sunday), so on a Monday it is 11 days away, on a Sunday 5. Extra
//     abbreviations: "tues", "weds", "thur", "thurs".
//   - "next week": Monday of next week. "end of week", "end of the week",
//     "end of this week", "eow": Friday of this week (today on a Friday);
//     on a Saturday or Sunday, the coming Friday, since the working week
//     has ended. "end of next week": Friday of next week.
//   - "in 3 days", "in a day", "in 2 weeks", "in a week", "in 1 month",
//     "in 2 months", "in a year"; numbers as digits or words ("in two
//     weeks"). Months are added on the calendar and clamped to the month's
//     end: "in 1 month" on 31 Jan is 28 (or 29) Feb.
//   - "end of month", "end of the month", "eom": the last day of this
//     month; "end of next month"; "end of year", "eoy": 31 Dec.
//   - "Dec 15", "December 15", "Dec. 15", "Dec 15th", "15 Dec",
//     "15 December", "15th of December", with an optional year ("Dec 15
//     2026", "Dec 15, 2026", "15 December 2026"). Without a year: the next
//     such day from today on, so "Dec 15" said on 20 Dec is next year's.
//   - "12/15" and "12/15/2026" are month first, as in the US; a two-digit
//     year is in this century ("12/15/26"). "15/12" is an error that says
//     so and suggests writing the month as a word. In Extract, "12/15"
//     without a year needs an introducer ("Reach grades 9/10" has no date),
//     and "Cut costs by 1/2" does read as 2 January: write "by half".
//   - "the 15th": the next 15th from today on.
//   - "this week", "this month", "next month" are too vague to be a due
//     date; they are errors that suggest "end of the week" and the like.
//
// A date before today is an error, and so is one more than ten years away.
// Times of day ("Friday 5pm") are not read.
//
// Extract finds a date phrase at the end of a commitment line. It takes the
// longest phrase that ends the line, then looks at the word before it:
//
//   - after "by", "due", "before", "on", "until", "till", "—", "–" or "-"
//     (two of them at most, as in "due by"), any phrase above counts, and
//     one that is invalid or past is an error; after "on" alone, only an
//     explicit calendar date gives an error ("Follow up on yesterday" and
//     "Report on next month" are plain text);
//   - without one ("Draft the MOU Dec 15"), a phrase counts only when it
//     cannot be an ordinary word: weekday abbreviations ("Sun", "Wed",
//     "Sat"), "the 15th" and "yesterday" need an introducer, and no phrase
//     counts right after words such as "the", "for", "from", "last" or "of"
//     ("Plan for Friday", "what we did last Friday" keep their dates as
//     text). Such a bare phrase is an error only when it is an explicit
//     calendar date (2026-02-30, Feb 30, 2/30); otherwise it is left as text.
//
// Words in the middle of a line are never read as a date ("Call the school
// on Main Street", "Meet by the river", "Send flyers by Friday please").
package dates
