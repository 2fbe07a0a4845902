package slacktest

import (
	"net"
	"net/http"
	"strings"
)

// refuseBrowsers wraps the fake's routes so that only programs reach them.
// The sandbox runs the fake on the newcomer's machine with well-known
// tokens, and any web page in their browser could post a form to it (no
// preflight needed) or read it through a DNS-rebound name. slack-go sends
// no Sec-Fetch-Site header, and names the fake by 127.0.0.1.
func refuseBrowsers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case !LoopbackHost(r.Host):
			writeJSON(w, http.StatusMisdirectedRequest, map[string]any{"ok": false, "error": "not_loopback"})
		case r.Header.Get("Sec-Fetch-Site") != "":
			writeJSON(w, http.StatusForbidden, map[string]any{"ok": false, "error": "browser_request"})
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// LoopbackHost reports whether a Host header names this machine:
// localhost, 127.0.0.1 or [::1], with any port. A DNS-rebound name (one
// that resolves to 127.0.0.1 but is some website's) is not one.
func LoopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	} else {
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	switch strings.ToLower(host) {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return false
}
