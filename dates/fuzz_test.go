package dates

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func FuzzExtract(f *testing.F) {
	f.Add("Send flyers to the 10 middle schools by Friday", int64(0), false)
	la, kol := zone(f, la), zone(f, kol)
	base := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	f.Add("Send flyers by 8/12 at 5pm", int64(90), true)
	f.Add("Send flyers by Friday Dec 15 EOD", int64(4000), false)
	f.Fuzz(func(t *testing.T, line string, minutes int64, east bool) {
		loc := la
		if east {
			loc = kol
		}
		// Any instant within about fifty years of base.
		now := base.Add(time.Duration(minutes%(50*366*24*60)) * time.Minute)
		today := Today(now, loc)
		order := Order(uint64(minutes) % 3)
		got, err := Extract(line, now, loc, order)
		text, due, found := got.Text, got.Date, got.Dated()
		switch {
		case err != nil:
			var ue *Error
			if !errors.As(err, &ue) || ue.Msg == "" || found || text != line || !due.IsZero() {
				t.Fatalf("Extract(%q) = %q, %v, %v, %v", line, text, due, found, err)
			}
		case !found:
			if text != line || !due.IsZero() {
				t.Fatalf("Extract(%q) found nothing but gave %q, %v", line, text, due)
			}
		case got.Ambiguous():
			if !due.IsZero() || len(got.Choices) != 2 || got.Choices[0] == got.Choices[1] {
				t.Fatalf("Extract(%q) ambiguous %v with date %v", line, got.Choices, due)
			}
			for _, c := range got.Choices {
				if c.Before(today) {
					t.Fatalf("Extract(%q) offers the past %v", line, c)
				}
			}
		default:
			if !strings.HasPrefix(strings.TrimSpace(line), text) {
				t.Fatalf("Extract(%q) text %q is not a prefix", line, text)
			}
			if due.Before(today) || Of(due.Time(time.UTC)) != due {
				t.Fatalf("Extract(%q) due %v, today %v", line, due, today)
			}
		}
	})
}
