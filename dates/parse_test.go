package dates

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// The instants the tests run at, and what day they are.
var (
	// Sunday 22 Nov in Los Angeles, Monday 23 Nov in Kolkata.
	nowNov = time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	// Thursday 31 Dec 2026 in Los Angeles, Friday 1 Jan 2027 in Kolkata.
	nowNYE = time.Date(2026, 12, 31, 20, 0, 0, 0, time.UTC)
	// Saturday 31 Jan in both.
	nowJan = time.Date(2026, 1, 31, 10, 0, 0, 0, time.UTC)
)

const (
	la  = "America/Los_Angeles"
	kol = "Asia/Kolkata"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		now     time.Time
		zone    string
		phrase  string
		want    string // the date, or "" when an error is wanted
		wantErr string // a part of the message
	}{
		// nowNov: Sunday 22 Nov in LA, Monday 23 Nov in Kolkata.
		{nowNov, la, "today", "2026-11-22", ""},
		{nowNov, kol, "today", "2026-11-23", ""},
		{nowNov, la, "tonight", "2026-11-22", ""},
		{nowNov, la, "tomorrow", "2026-11-23", ""},
		{nowNov, kol, "Tomorrow", "2026-11-24", ""},
		{nowNov, kol, "tmrw", "2026-11-24", ""},
		{nowNov, la, "Friday", "2026-11-27", ""},
		{nowNov, kol, "fri.", "2026-11-27", ""},
		{nowNov, kol, "THURS", "2026-11-26", ""},
		{nowNov, kol, "Monday", "2026-11-30", ""},
		{nowNov, kol, "this Monday", "2026-11-23", ""},
		{nowNov, la, "Sunday", "2026-11-29", ""},
		{nowNov, la, "this sunday", "2026-11-22", ""},
		{nowNov, kol, "next Friday", "2026-12-04", ""},
		{nowNov, la, "next Friday", "2026-11-27", ""},
		{nowNov, kol, "next week", "2026-11-30", ""},
		{nowNov, la, "next week", "2026-11-23", ""},
		{nowNov, kol, "end of week", "2026-11-27", ""},
		{nowNov, la, "end of the week", "2026-11-27", ""},
		{nowNov, kol, "end of next week", "2026-12-04", ""},
		{nowNov, kol, "in 3 days", "2026-11-26", ""},
		{nowNov, la, "in a day", "2026-11-23", ""},
		{nowNov, kol, "in 2 weeks", "2026-12-07", ""},
		{nowNov, la, "in a week", "2026-11-29", ""},
		{nowNov, kol, "in 1 month", "2026-12-23", ""},
		{nowNov, kol, "in two months", "2027-01-23", ""},
		{nowNov, la, "end of month", "2026-11-30", ""},
		{nowNov, kol, "EOM", "2026-11-30", ""},
		{nowNov, la, "end of the month", "2026-11-30", ""},
		{nowNov, la, "end of next month", "2026-12-31", ""},
		{nowNov, la, "end of year", "2026-12-31", ""},
		{nowNov, kol, "Dec 15", "2026-12-15", ""},
		{nowNov, kol, "December 15", "2026-12-15", ""},
		{nowNov, kol, "15 Dec", "2026-12-15", ""},
		{nowNov, kol, "15 December", "2026-12-15", ""},
		{nowNov, kol, "Dec 15th", "2026-12-15", ""},
		{nowNov, kol, "15th of December", "2026-12-15", ""},
		{nowNov, kol, "Dec. 15", "2026-12-15", ""},
		{nowNov, kol, "Dec 15 2026", "2026-12-15", ""},
		{nowNov, kol, "Dec 15, 2026", "2026-12-15", ""},
		{nowNov, kol, "15 December 2027", "2027-12-15", ""},
		{nowNov, la, "Nov 22", "2026-11-22", ""},
		{nowNov, kol, "Nov 22", "2027-11-22", ""},
		{nowNov, kol, "12/15", "2026-12-15", ""},
		{nowNov, kol, "12/15/2026", "2026-12-15", ""},
		{nowNov, kol, "12/15/26", "2026-12-15", ""},
		{nowNov, la, "1/5", "", `"1/5" could be Sat 1 May 2027 or Tue 5 Jan 2027`},
		{nowNov, kol, "2026-12-15", "2026-12-15", ""},
		{nowNov, la, "2026-11-22", "2026-11-22", ""},
		{nowNov, kol, "by Friday", "2026-11-27", ""},
		{nowNov, kol, "  Friday!  ", "2026-11-27", ""},
		{nowNov, kol, "the 15th", "2026-12-15", ""},
		{nowNov, kol, "2026-11-22", "", "That date is in the past (Sun 22 Nov). Give a date from today on, like `by Friday` or `by 2026-12-07`."},
		{nowNov, kol, "yesterday", "", "in the past (Sun 22 Nov)"},
		{nowNov, la, "Feb 30", "", "There is no February 30: February 2027 has 28 days. Give a day that exists, like `by Feb 28`."},
		{nowNov, kol, "2026-13-01", "", "There is no month 13 in 2026-13-01. Write dates as year-month-day"},
		{nowNov, kol, "2026-02-29", "", "There is no February 29"},
		{nowNov, kol, "15/12", "2026-12-15", ""},
		{nowNov, kol, "13/13", "", "There is no month 13 in 13/13. To be clear, write the month as a word"},
		{nowNov, kol, "Dec 32", "", "There is no December 32"},
		{nowNov, kol, "the 31st", "", "There is no November 31"},
		{nowNov, kol, "next month", "", `"next month" could be any day. Say ` + "`by end of next month`"},
		{nowNov, kol, "blah", "", `I couldn't read "blah" as a date`},
		{nowNov, kol, "", "", `I couldn't read "" as a date`},
		{nowNov, kol, "in 5000 years", "", "too far ahead"},
		// nowNYE: Thursday 31 Dec 2026 in LA, Friday 1 Jan 2027 in Kolkata.
		{nowNYE, la, "today", "2026-12-31", ""},
		{nowNYE, kol, "today", "2027-01-01", ""},
		{nowNYE, la, "tomorrow", "2027-01-01", ""},
		{nowNYE, la, "Friday", "2027-01-01", ""},
		{nowNYE, kol, "Friday", "2027-01-08", ""},
		{nowNYE, kol, "this friday", "2027-01-01", ""},
		{nowNYE, la, "next friday", "2027-01-08", ""},
		{nowNYE, la, "end of week", "2027-01-01", ""},
		{nowNYE, la, "next week", "2027-01-04", ""},
		{nowNYE, la, "end of month", "2026-12-31", ""},
		{nowNYE, kol, "end of month", "2027-01-31", ""},
		{nowNYE, la, "end of next month", "2027-01-31", ""},
		{nowNYE, la, "end of the year", "2026-12-31", ""},
		{nowNYE, kol, "eoy", "2027-12-31", ""},
		{nowNYE, la, "Dec 31", "2026-12-31", ""},
		{nowNYE, kol, "Dec 31", "2027-12-31", ""},
		{nowNYE, la, "Jan 1", "2027-01-01", ""},
		{nowNYE, la, "in 2 months", "2027-02-28", ""},
		{nowNYE, la, "12/31/2026", "2026-12-31", ""},
		{nowNYE, kol, "12/31/2026", "", "That date is in the past (Thu 31 Dec 2026)"},
		{nowNYE, la, "2026-12-30", "", "That date is in the past (Wed 30 Dec)"},
		{nowNYE, la, "Feb 29", "", "There is no February 29: February 2027 has 28 days"},
		// nowJan: Saturday 31 Jan in both zones.
		{nowJan, la, "in 1 month", "2026-02-28", ""},
		{nowJan, kol, "in a month", "2026-02-28", ""},
		{nowJan, la, "end of next month", "2026-02-28", ""},
		{nowJan, la, "tomorrow", "2026-02-01", ""},
		{nowJan, kol, "end of week", "2026-02-06", ""},
		{nowJan, la, "in 3 days", "2026-02-03", ""},
		{nowJan, la, "the 1st", "2026-02-01", ""},
		{nowJan, la, "Jan 31", "2026-01-31", ""},
		{nowJan, la, "Jan 30", "2027-01-30", ""},
		{nowJan, la, "Feb 29", "", "There is no February 29: February 2026 has 28 days"},
	}
	for _, tt := range tests {
		name := tt.now.Format("Jan02") + "/" + tt.zone[strings.LastIndex(tt.zone, "/")+1:] + "/" + tt.phrase
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.phrase, tt.now, zone(t, tt.zone))
			if tt.wantErr != "" {
				assertUserError(t, err, tt.wantErr)
				if !got.IsZero() {
					t.Errorf("date %v with an error, want the zero Date", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.phrase, err)
			}
			if got.String() != tt.want {
				t.Errorf("Parse(%q) = %s, want %s", tt.phrase, got, tt.want)
			}
		})
	}
}

func assertUserError(t *testing.T, err error, want string) {
	t.Helper()
	var ue *Error
	if !errors.As(err, &ue) {
		t.Fatalf("error %v (%T), want *Error containing %q", err, err, want)
	}
	if !strings.Contains(ue.Msg, want) {
		t.Errorf("message %q\ndoes not contain %q", ue.Msg, want)
	}
}
