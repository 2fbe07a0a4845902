package bot

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
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
		lines, errs := ParseCommitText(s, fuzzNow, time.UTC)
		for _, l := range lines {
			if n := utf8.RuneCountInString(l.Text); n == 0 || n > maxCommitmentLen {
				t.Fatalf("ParseCommitText(%q) kept a text of %d runes", s, n)
			}
			if r := renderCommitText(l.Text); strings.Contains(r, "<!") {
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
		r := ParseReply(s, fuzzNow, time.UTC)
		again := ParseReply(s, fuzzNow, time.UTC)
		if r.Err != again.Err {
			t.Fatalf("ParseReply(%q) is not deterministic", s)
		}
	})
}

// FuzzSignature: only the exact signature of the body, fresh, verifies.
func FuzzSignature(f *testing.F) {
	f.Add([]byte("token=x&team_id=T1&command=%2Fcommit&text=hi"), int64(0), "")
	f.Add([]byte(""), int64(-301), "v0=00")
	f.Add([]byte("{}"), int64(299), "v1=abc")
	f.Fuzz(func(t *testing.T, body []byte, skew int64, forged string) {
		secret := []byte("8f742231b10e8888abcd99yyyzzz85a5")
		ts := strconv.FormatInt(fuzzNow.Unix()+skew, 10)
		good := sign(secret, ts, body)
		h := http.Header{"X-Slack-Request-Timestamp": {ts}, "X-Slack-Signature": {good}}
		fresh := skew >= -300 && skew <= 300
		if err := verifySignature(secret, h, body, fuzzNow); (err == nil) != fresh {
			t.Fatalf("skew %ds: verify = %v", skew, err)
		}
		if forged != good {
			h.Set("X-Slack-Signature", forged)
			if verifySignature(secret, h, body, fuzzNow) == nil {
				t.Fatalf("a forged signature %q verified", forged)
			}
		}
	})
}
