package slacktest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestBrowsersCannotReachTheFake: the sandbox runs the fake on the
// newcomer's machine, with well-known tokens. A web page in their browser
// must not post into it (a form post needs no preflight) nor read it
// through a DNS-rebound name; slack-go, which sends no browser headers,
// is unaffected.
func TestBrowsersCannotReachTheFake(t *testing.T) {
	t.Parallel()
	s := setup(t)
	form := url.Values{"token": {s.Options().BotToken}, "channel": {"C1"}, "text": {"from a web page"}}.Encode()
	tests := []struct {
		name   string
		host   string
		header map[string]string
		want   int
	}{
		{name: "page elsewhere", header: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, want: http.StatusForbidden},
		{name: "page on another localhost port", header: map[string]string{"Sec-Fetch-Site": "same-site"}, want: http.StatusForbidden},
		{name: "rebound name", host: "rebind.evil.example", want: http.StatusMisdirectedRequest},
		{name: "a program", want: http.StatusOK},
		{name: "a program on localhost", host: "localhost", want: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, s.APIURL()+"auth.test", strings.NewReader(form))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.host != "" {
				req.Host = tt.host
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.want {
				t.Errorf("status %d, want %d", res.StatusCode, tt.want)
			}
		})
	}
}
