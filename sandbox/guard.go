package sandbox

import (
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// The sandbox has no accounts: whoever reaches its API acts as anyone in
// the demo. It is safe only because it answers the newcomer's own browser
// tab and nothing else, and any web page open in that browser can send it
// requests. So the server answers only to loopback names, which a DNS
// rebinding page (evil.example resolving to 127.0.0.1) cannot use; the API
// answers only to the page itself (Origin, Sec-Fetch-Site); and it takes
// only JSON, which no page elsewhere can post without a CORS preflight,
// which the sandbox never grants. Programs without a browser's headers
// (curl, the tests) are let through: only this machine reaches the
// sandbox, as long as HTTP_ADDR stays on 127.0.0.1.

// guard refuses what the page would never send, and reports whether the
// request may go on.
func guard(w http.ResponseWriter, r *http.Request) bool {
	if !slacktest.LoopbackHost(r.Host) {
		fail(w, http.StatusMisdirectedRequest, "the sandbox answers only at http://localhost or http://127.0.0.1")
		return false
	}
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		return true // the page and its files: a link from anywhere may open them
	}
	if !sameOrigin(r) {
		fail(w, http.StatusForbidden, "the sandbox's API answers only its own page")
		return false
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead && !isJSON(r.Header.Get("Content-Type")) {
		fail(w, http.StatusUnsupportedMediaType, "send JSON, with Content-Type: application/json")
		return false
	}
	return true
}

// sameOrigin reports whether a request comes from the page itself, or from
// no browser page at all. Browsers send Origin with every POST and
// Sec-Fetch-Site with every request to a loopback address; "same-site"
// covers any other port on localhost, which is another program's page.
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Scheme == "http" && strings.EqualFold(u.Host, r.Host)
}

// isJSON reports whether a Content-Type is application/json, with or
// without parameters.
func isJSON(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && mediaType == "application/json"
}
