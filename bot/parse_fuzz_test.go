package bot

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

var fuzzNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

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
