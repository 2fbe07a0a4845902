// Package measure is the arithmetic of shared measurement: the values
// partners report ("1,234", "18.5%", "$12,000"), the periods they report
// for ("2026-11", "2026-Q3", "2026", "last quarter"), the /report command
// line, disaggregation segments ("town=Greenfield"), how partner values
// combine into the coalition figure, text sparklines and small-number
// suppression. It does no I/O and knows nothing of Slack or the database.
//
// Values, by unit:
//
//   - Digits may be grouped by thousands with commas or spaces ("1,234",
//     "1 234", also no-break and thin spaces), consistently; a point marks
//     decimals. "18,5" is refused with a hint, since a decimal comma and a
//     thousands comma cannot be told apart.
//   - count: a whole number ≥ 0. percent: 0 to 100, with or without "%".
//     rate_per_1000: 0 to 1,000. currency: ≥ 0, at most two decimals, with an
//     optional "$", "€" or "£" in front. number: any sign.
//   - "%" is only for percents and a currency sign only for currency, so a
//     value typed against the wrong indicator is caught.
//   - No exponents, no "n/a", at most six decimals, magnitude below 10^12.
//
// Periods, by cadence: months "2026-11" (also "2026-1", "2026/11"),
// quarters "2026-Q3" (also "2026Q3", "Q3-2026"), years "2026"; and "last
// month", "last quarter", "last year" ("previous" works too). A period of
// another cadence than the indicator's is refused with the right form. A
// report is for a closed period: one still running or in the future is
// refused. Without a period, a report is for the last closed period.
// "now" is always the coalition's local time: its calendar date decides.
package measure
