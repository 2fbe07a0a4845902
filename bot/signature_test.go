package bot

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestVerifySignature(t *testing.T) {
	t.Parallel()
	// Slack's own test vector (see shared/slack-platform.md).
	secret := []byte("8f742231b10e8888abcd99yyyzzz85a5")
	body := []byte("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
	const ts = "1531420618"
	const good = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
	sent := time.Unix(1531420618, 0)
	header := func(ts, sig string) http.Header {
		h := http.Header{}
		if ts != "" {
			h.Set("X-Slack-Request-Timestamp", ts)
		}
		if sig != "" {
			h.Set("X-Slack-Signature", sig)
		}
		return h
	}
	tests := []struct {
		name   string
		header http.Header
		body   []byte
		now    time.Time
		secret []byte
		ok     bool
	}{
		{"slack vector", header(ts, good), body, sent, secret, true},
		{"4 minutes late", header(ts, good), body, sent.Add(4 * time.Minute), secret, true},
		{"6 minutes late", header(ts, good), body, sent.Add(6 * time.Minute), secret, false},
		{"6 minutes early", header(ts, good), body, sent.Add(-6 * time.Minute), secret, false},
		{"wrong signature", header(ts, "v0=00"+good[5:]), body, sent, secret, false},
		{"body changed", header(ts, good), append([]byte("x"), body...), sent, secret, false},
		{"timestamp changed", header(strconv.Itoa(1531420619), good), body, sent, secret, false},
		{"missing signature", header(ts, ""), body, sent, secret, false},
		{"missing timestamp", header("", good), body, sent, secret, false},
		{"garbage timestamp", header("soon", good), body, sent, secret, false},
		{"no secret configured", header(ts, good), body, sent, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := verifySignature(tt.secret, tt.header, tt.body, tt.now)
			if (err == nil) != tt.ok {
				t.Errorf("verifySignature = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}
