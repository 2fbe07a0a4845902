// Package dates reads the due dates partners write in plain English (and
// common Spanish) — "by Friday EOD", "Dec 15", "in 2 weeks" — into
// calendar dates. It does no I/O.
//
// "now" is an instant; "today" is its calendar date in the issuer's
// location, so at 2026-11-23T02:00Z "tomorrow" is Monday 23 Nov in
// America/Los_Angeles and Tuesday 24 Nov in Asia/Kolkata. Weeks run Monday
// to Sunday. Phrases are read without regard to case; commas, a trailing
// full stop and other trailing punctuation are ignored, and Parse also
// accepts a leading "by", "due", "before", "on", "until", "para" or "hasta".
//
// Phrases, and the choices made where English is ambiguous:
//
//   - "2026-12-15" (year-month-day).
//   - "today", "tonight": today. "tomorrow", "tmrw", "tmr": the day after.
//     "the day after tomorrow": two days on. "yesterday" is read only to
//     say it is past. "Christmas", "Christmas Eve", "New Year's Eve", "New
//     Year's Day": the next one from today on.
//   - "Friday", "Fri", "friday.": the next Friday strictly after today, so
//     "Friday" said on a Friday is a week later (someone who means today
//     says "today" or "this Friday"). "this Friday": the coming Friday,
//     today included. "this coming Friday", "coming Friday": strictly
//     after today. "next Friday", "Friday next week", "next week Friday",
//     "Friday of next week": the Friday of next week, so on a Monday it is
//     11 days away, on a Sunday 5. "Friday this week" is this week's, and
//     past once it has gone. "Friday after next": the Friday of the week
//     after next. Extra abbreviations: "tues", "weds", "thur", "thurs".
//   - A time of day before or after a day is read and dropped, as due
//     dates are days: "Friday 5pm", "Friday at 5:30 pm", "Monday at noon",
//     "Dec 15 at 3pm", "EOD Friday", "Friday COB", "tomorrow morning",
//     "first thing Monday", and a bare hour after a weekday or "tomorrow"
//     ("Friday 5"). A time alone ("by 5pm", "by noon") is today;
//     "EOD", "COB", "end of day", "close of business" are today too.
//   - "next week": Monday of next week. "end of week", "end of the week",
//     "end of this week", "eow": Friday of this week (today on a Friday);
//     on a Saturday or Sunday, the coming Friday, since the working week
//     has ended. "end of next week": Friday of next week.
//   - "in 3 days", "in a week", "in 2 weeks", "in two months", "in a year",
//     "within a week", "in 2 weeks' time", "in a couple of weeks", "in a
//     fortnight", "in 3 business days" (Monday to Friday), "2 weeks from
//     now", "a week from today", "3 days from tomorrow". Months are added
//     on the calendar and clamped to the month's end: "in 1 month" on 31
//     Jan is 28 (or 29) Feb.
//   - "end of month", "eom": the last day of this month; "end of next
//     month"; "end of January" (the next January's, "end of January 2028"
//     with a year); "end of Q1" (31 March); "end of year", "eoy": 31 Dec.
//   - "Dec 15", "December 15", "Dec. 15", "Dec 15th", "15 Dec",
//     "15 December", "15th of December", with an optional year ("Dec 15
//     2026", "Dec 15, 2026", "15 December 2026"). Without a year: the next
//     such day from today on, so "Dec 15" said on 20 Dec is next year's.
//   - "the 15th", "the 15", and after an introducer "15th": the next 15th
//     from today on.
//   - Numeric dates "8/12", "8/12/2026", "8/12/26" (a two-digit year is in
//     this century) follow an Order: MDY reads month first, DMY day first,
//     and Ask reads a date whose numbers can only be one way that way
//     ("12/15" and "15/12" are both 15 December) and gives the two
//     readings of one that could be either ("8/12": 8 Dec or 12 Aug) as
//     Choices, for the writer to pick. A reading that is past is dropped,
//     so "6/12/2026" said in December is 6 December. Parse, which cannot
//     ask, says so in an error. In Extract, a numeric date without a year
//     needs an introducer ("Reach grades 9/10" has no date).
//   - A weekday with a date ("Friday Dec 11", "Fri the 11th", "Tuesday
//     8/12", "Dec 15 (Tuesday)") must agree with it: a weekday settles a
//     numeric date it matches, and one that is not the date's own
//     ("Friday Dec 15" when the 15th is a Tuesday) gives two Choices: the
//     date, and that weekday in the date's week (or the next one, when it
//     is past).
//   - Vague phrases are errors that say what to write instead: "this
//     week", "this month", "next month", "next year", "mid December",
//     "mid-December", "early next week", "sometime next week", "late
//     January", "the beginning of January", "Q1", "in Q1", "in May", "in
//     spring", "soon", "ASAP", "eventually", "in a few days", "this
//     weekend", a month, quarter or season alone ("by December", "by Q1",
//     "by spring"; bare, as in "Review Q4", they are text). "early
//     Friday", "sometime tomorrow" are that day.
//   - Spanish: "hoy", "mañana", "pasado mañana", "el viernes", "el
//     próximo viernes" (the coming one, as it is usually meant), "la
//     próxima semana", "fin de mes", "15 de diciembre [de 2027]", "en 2
//     semanas", with "por la tarde" and the like dropped.
//
// A date before today is an error, and so is one more than ten years away.
//
// Extract finds a date phrase at the end of a commitment line. It takes the
// longest phrase that ends the line, then looks at the word before it:
//
//   - after "by", "due", "before", "on", "until", "till", "—", "–" or "-"
//     (two of them at most, as in "due by"), any phrase above counts, and
//     one that is invalid, past or vague is an error; after "on" alone,
//     only an explicit calendar date gives an error ("Follow up on
//     yesterday" and "Report on next month" are plain text);
//   - without one ("Draft the MOU Dec 15"), a phrase counts only when it
//     cannot be an ordinary word: weekday abbreviations ("Sun", "Wed",
//     "Sat"), "the 15th", a time alone and "yesterday" need an introducer,
//     and no phrase counts right after words such as "the", "for", "from",
//     "last" or "of" ("Plan for Friday", "what we did last Friday" keep
//     their dates as text). Such a bare phrase is an error when it is an
//     explicit calendar date (2026-02-30, Feb 30), a date read but past or
//     too far ("in 5000 years"), or vague ("mid December", "soon"); a
//     month or the weekend alone is left as text.
//
// When no phrase ends the line, the words after its last "by", "due",
// "before", "until" or "till" are an error if they start like a date ("Send
// flyers by Friday please", "by the 3rd week of January"), so a date is
// never silently dropped; "Meet by the river" and "Cut costs by 15
// percent" are plain text.
package dates
