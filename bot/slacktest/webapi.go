package slacktest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// apiRequest is a parsed Web API request: form, query or JSON parameters.
type apiRequest struct {
	method string
	form   url.Values
	json   map[string]json.RawMessage
	raw    []byte
	token  string
	at     time.Time
}

// param returns a parameter as a string: a form value, a JSON string, or the
// raw JSON of any other JSON value (so "blocks" reads the same either way).
func (r apiRequest) param(name string) string {
	if v, ok := r.form[name]; ok && len(v) > 0 {
		return v[0]
	}
	raw, ok := r.json[name]
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if string(raw) == "null" {
		return ""
	}
	return string(raw)
}

// has reports whether a parameter is present at all.
func (r apiRequest) has(name string) bool {
	_, inForm := r.form[name]
	_, inJSON := r.json[name]
	return inForm || inJSON
}

// result is a Web API answer.
type result struct {
	status int
	body   map[string]any
	header http.Header
}

func ok(fields map[string]any) result {
	body := map[string]any{"ok": true}
	for k, v := range fields {
		body[k] = v
	}
	return result{status: http.StatusOK, body: body}
}

func fail(code string) result {
	return result{status: http.StatusOK, body: map[string]any{"ok": false, "error": code}}
}

func (r result) errorCode() string {
	code, _ := r.body["error"].(string)
	return code
}

// handler serves one Web API method; s.mu is not held.
type handler func(ctx context.Context, req apiRequest) result

// method describes a Web API method: its handler and the token it takes.
type method struct {
	handle   handler
	appToken bool
	// noToken methods authenticate with the app's client credentials.
	noToken bool
}

func (s *Server) methods() map[string]method {
	bot := func(h handler) method { return method{handle: h} }
	return map[string]method{
		"auth.test":                    bot(s.authTest),
		"oauth.v2.access":              {handle: s.oauthV2Access, noToken: true},
		"apps.connections.open":        {handle: s.connectionsOpen, appToken: true},
		"chat.postMessage":             bot(s.postMessage),
		"chat.update":                  bot(s.chatUpdate),
		"chat.postEphemeral":           bot(s.postEphemeral),
		"chat.delete":                  bot(s.chatDelete),
		"users.info":                   bot(s.usersInfo),
		"conversations.info":           bot(s.conversationsInfo),
		"conversations.members":        bot(s.conversationsMembers),
		"conversations.open":           bot(s.conversationsOpen),
		"views.open":                   bot(s.viewsOpen),
		"views.push":                   bot(s.viewsPush),
		"views.update":                 bot(s.viewsUpdate),
		"views.publish":                bot(s.viewsPublish),
		"files.getUploadURLExternal":   bot(s.getUploadURL),
		"files.completeUploadExternal": bot(s.completeUpload),
		"files.info":                   bot(s.filesInfo),
		"users.lookupByEmail":          bot(s.usersLookupByEmail),
	}
}

func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	req, err := readAPIRequest(r)
	req.at = s.now()
	req.method = r.PathValue("method")
	// Another workspace's token: that workspace's server answers and
	// records the call, as Slack serves every workspace at one URL.
	ws := s.serverFor(req.token)
	var res result
	if err != nil {
		ws.violate(fmt.Errorf("%s: unreadable request: %w", req.method, err))
		res = fail("invalid_form_data")
	} else {
		res = ws.serveMethod(r.Context(), req)
	}
	ws.recordCall(req, res)
	for k, v := range ws.apiHeaders() {
		w.Header()[k] = v
	}
	writeResult(w, res)
}

// serveMethod runs the checks every method shares, then the method itself.
func (s *Server) serveMethod(ctx context.Context, req apiRequest) result {
	m, known := s.methods()[req.method]
	if !known {
		s.violate(fmt.Errorf("%s: unknown_method: the fake Slack does not serve it", req.method))
		return fail("unknown_method")
	}
	if code := s.checkToken(req.token, m.appToken); code != "" && !m.noToken {
		return fail(code)
	}
	if err := s.delay(ctx, req.method); err != nil {
		return result{status: http.StatusServiceUnavailable, body: map[string]any{"ok": false, "error": "fake_closed"}}
	}
	if res, faulted := s.takeFault(req.method); faulted {
		return res
	}
	if res, faulted := s.randomFault(req.method); faulted {
		return res
	}
	if s.stallHere(ctx, req.method, false) {
		return stalled()
	}
	res := m.handle(ctx, req)
	if s.stallHere(ctx, req.method, true) {
		return stalled()
	}
	return res
}

// stalled is what a stalled call answers, once its caller is gone.
func stalled() result {
	return result{status: http.StatusServiceUnavailable, body: map[string]any{"ok": false, "error": "fake_stalled"}}
}

// checkToken returns "" for the right token, or Slack's error code.
func (s *Server) checkToken(token string, appToken bool) string {
	s.mu.Lock()
	bot, revoked := s.st.botToken(s.opts.BotToken), s.st.revoked
	s.mu.Unlock()
	want, other := bot, s.opts.AppToken
	if appToken {
		want, other = other, want
	}
	switch token {
	case bot:
		if revoked {
			return "token_revoked"
		}
		if token == want {
			return ""
		}
		return "not_allowed_token_type"
	case want:
		return ""
	case "":
		return "not_authed"
	case other:
		return "not_allowed_token_type"
	}
	return "invalid_auth"
}

// readAPIRequest parses a form or JSON body, keeping the raw bytes. The token
// comes from the Authorization header, or the token parameter as slack-go
// sends it with form posts.
func readAPIRequest(r *http.Request) (apiRequest, error) {
	req := apiRequest{form: url.Values{}}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil {
		return req, fmt.Errorf("read body: %w", err)
	}
	req.raw = raw
	for k, v := range r.URL.Query() {
		req.form[k] = v
	}
	if err := parseBody(&req, r.Header.Get("Content-Type")); err != nil {
		return req, err
	}
	req.token = bearer(r.Header.Get("Authorization"))
	if req.token == "" {
		req.token = req.param("token")
	}
	return req, nil
}

func parseBody(req *apiRequest, contentType string) error {
	if len(bytes.TrimSpace(req.raw)) == 0 {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt == "application/json" {
		if err := json.Unmarshal(req.raw, &req.json); err != nil {
			return fmt.Errorf("decode json body: %w", err)
		}
		return nil
	}
	form, err := url.ParseQuery(string(req.raw))
	if err != nil {
		return fmt.Errorf("decode form body: %w", err)
	}
	for k, v := range form {
		req.form[k] = v
	}
	return nil
}

func bearer(h string) string {
	if token, ok := strings.CutPrefix(h, "Bearer "); ok {
		return strings.TrimSpace(token)
	}
	return ""
}

func writeResult(w http.ResponseWriter, res result) {
	for k, v := range res.header {
		w.Header()[k] = v
	}
	writeJSON(w, res.status, res.body)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// recordCall logs a call for Calls.
func (s *Server) recordCall(req apiRequest, res result) {
	c := Call{Method: req.method, Params: req.form, Status: res.status, Error: res.errorCode(), At: req.at}
	if secs, err := strconv.Atoi(res.header.Get("Retry-After")); err == nil {
		c.RetryAfter = time.Duration(secs) * time.Second
	}
	if req.json != nil {
		c.JSON = json.RawMessage(req.raw)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.calls = append(s.st.calls, c)
	s.notifyLocked()
}

// retryAfterHeader renders a Retry-After value in whole seconds, at least 1.
func retryAfterHeader(d time.Duration) http.Header {
	secs := int((d + time.Second - 1) / time.Second)
	return http.Header{"Retry-After": {strconv.Itoa(max(secs, 1))}}
}
