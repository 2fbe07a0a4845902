package sandbox_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPageServesOnlyItsOwnPage: any web page the newcomer opens while the
// sandbox runs can send requests to it, and a DNS-rebound name can even
// read its answers. The page's API takes only JSON (a form or text/plain
// post needs no preflight), only from the page itself (Origin,
// Sec-Fetch-Site), and the server answers only to loopback names.
func TestPageServesOnlyItsOwnPage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	page, err := url.Parse(b.page.URL)
	if err != nil {
		t.Fatal(err)
	}
	port := page.Port()
	tests := []struct {
		name        string
		method      string
		path        string
		host        string
		contentType string
		header      map[string]string
		want        int
	}{
		{name: "text/plain post", contentType: "text/plain;charset=UTF-8", want: http.StatusUnsupportedMediaType},
		{name: "form post", contentType: "application/x-www-form-urlencoded", want: http.StatusUnsupportedMediaType},
		{name: "multipart post", contentType: "multipart/form-data; boundary=x", want: http.StatusUnsupportedMediaType},
		{name: "post without a type", want: http.StatusUnsupportedMediaType},
		{name: "foreign origin", header: map[string]string{"Origin": "http://evil.example"}, want: http.StatusForbidden},
		{name: "same host, other port", header: map[string]string{"Origin": "http://127.0.0.1:1"}, want: http.StatusForbidden},
		{name: "opaque origin", header: map[string]string{"Origin": "null"}, want: http.StatusForbidden},
		{name: "cross-site fetch", header: map[string]string{"Sec-Fetch-Site": "cross-site"}, want: http.StatusForbidden},
		{name: "same-site fetch", header: map[string]string{"Sec-Fetch-Site": "same-site"}, want: http.StatusForbidden},
		{name: "cross-site read", method: http.MethodGet, path: "/api/workspace", header: map[string]string{"Sec-Fetch-Site": "cross-site"}, want: http.StatusForbidden},
		{name: "rebound name, post", host: "rebind.evil.example:" + port, want: http.StatusMisdirectedRequest},
		{name: "rebound name, read", method: http.MethodGet, path: "/api/workspace", host: "rebind.evil.example:" + port, want: http.StatusMisdirectedRequest},
		{name: "rebound name, page", method: http.MethodGet, path: "/", host: "rebind.evil.example", want: http.StatusMisdirectedRequest},
		{name: "LAN address", method: http.MethodGet, path: "/api/workspace", host: "192.168.1.20:" + port, want: http.StatusMisdirectedRequest},
		{name: "localhost look-alike", method: http.MethodGet, path: "/api/workspace", host: "localhost.evil.example:" + port, want: http.StatusMisdirectedRequest},

		{name: "the page's own post", contentType: "application/json; charset=utf-8",
			header: map[string]string{"Origin": b.page.URL, "Sec-Fetch-Site": "same-origin"}, want: http.StatusOK},
		{name: "post from a program", want: http.StatusOK},
		{name: "post on localhost", host: "localhost:" + port, header: map[string]string{"Origin": "http://localhost:" + port}, want: http.StatusOK},
		{name: "read on [::1]", method: http.MethodGet, path: "/api/workspace", host: "[::1]:" + port, want: http.StatusOK},
		{name: "read on LOCALHOST", method: http.MethodGet, path: "/api/workspace", host: "LOCALHOST", want: http.StatusOK},
		{name: "page opened from a link", method: http.MethodGet, path: "/", header: map[string]string{"Sec-Fetch-Site": "cross-site"}, want: http.StatusOK},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.method == "" {
				tt.method, tt.path = http.MethodPost, "/api/command"
				if tt.contentType == "" && !strings.Contains(tt.name, "without a type") {
					tt.contentType = "application/json"
				}
			}
			body := fmt.Sprintf(`{"as":"U0DIANA","channel":"C0GENERAL","text":"/coalition case %d"}`, i)
			req, err := http.NewRequest(tt.method, b.page.URL+tt.path, nil)
			if tt.method == http.MethodPost {
				req, err = http.NewRequest(tt.method, b.page.URL+tt.path, strings.NewReader(body))
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.host != "" {
				req.Host = tt.host
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
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
	reached := map[int]bool{}
	for _, call := range b.app.commands() {
		var i int
		if _, err := fmt.Sscanf(call, "/coalition case %d", &i); err == nil {
			reached[i] = true
		}
	}
	for i, tt := range tests {
		if posted := tt.method == "" || tt.method == http.MethodPost; posted && reached[i] != (tt.want == http.StatusOK) {
			t.Errorf("%s: reached the bot %v, want %v", tt.name, reached[i], tt.want == http.StatusOK)
		}
	}
}
