package commitment

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
)

var fuzzNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

// FuzzCommitText: any /commit text parses without panicking, every line is
// either parsed or reported, and what is kept is within the limits.
func FuzzCommitText(f *testing.F) {
	for _, s := range []string{"Send flyers by Friday", "<@U1|a> <@U2> Draft the MOU by 2026-12-15\n@lee Call by Dec 1",
		"&lt;!channel&gt; x", "\x00@U1\x01 smuggled", "by", strings.Repeat("x", 600)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines, errs := ParseCommitText(s, fuzzNow, time.UTC, dates.Ask, nil)
		for _, l := range lines {
			if n := utf8.RuneCountInString(l.Text); n == 0 || n > maxCommitmentLen {
				t.Fatalf("ParseCommitText(%q) kept a text of %d runes", s, n)
			}
			if r := kit.UserText(l.Text); strings.Contains(r, "<!") {
				t.Fatalf("ParseCommitText(%q) renders a broadcast: %q", s, r)
			}
		}
		if len(lines) == 0 && len(errs) == 0 && strings.TrimSpace(s) != "" {
			t.Fatalf("ParseCommitText(%q): nothing parsed and nothing reported", s)
		}
	})
}

// FuzzDMReply: any DM reply is read without panicking, and an error comes
// with nothing else.
func FuzzDMReply(f *testing.F) {
	for _, s := range []string{"done", "done with the flyers", "need help: waiting on county data", "moved to Dec 12",
		"new date Friday", "drop: no longer needed", "blocked: " + strings.Repeat("x", 600), "on track"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ParseReply(s, fuzzNow, time.UTC, dates.Ask)
		again := ParseReply(s, fuzzNow, time.UTC, dates.Ask)
		if r.Err != again.Err {
			t.Fatalf("ParseReply(%q) is not deterministic", s)
		}
	})
}
