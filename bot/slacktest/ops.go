package slacktest

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// What an operator's checks and a crash-safe upload need from Slack: the
// scopes a token was granted (auth.test's x-oauth-scopes header), the Date
// header of every answer (to measure the caller's clock against), files.info,
// and calls that stop half-way, as when the caller dies during them.

// SetScopes sets the bot token's scopes, which every Web API answer lists
// in its x-oauth-scopes header, comma-separated, as Slack's do. With none
// set (the default), the header is left out.
func (s *Server) SetScopes(scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.scopes = append([]string(nil), scopes...)
}

// SetClockSkew makes the Date header of every Web API answer read d ahead of
// the fake's clock (behind for a negative d), as if the caller's clock were
// off by -d. Zero, the default, sends the clock's time.
func (s *Server) SetClockSkew(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.skew = d
}

// apiHeaders returns the headers every Web API answer carries.
func (s *Server) apiHeaders() http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := http.Header{"Date": {s.now().Add(s.st.skew).UTC().Format(http.TimeFormat)}}
	if len(s.st.scopes) > 0 {
		h.Set("X-Oauth-Scopes", strings.Join(s.st.scopes, ","))
	}
	return h
}

// filesInfo answers files.info for a file the bot uploaded: before
// files.completeUploadExternal it is known but shared nowhere.
func (s *Server) filesInfo(_ context.Context, req apiRequest) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.fileLocked(req.param("file"))
	if f == nil {
		return fail("file_not_found")
	}
	file := map[string]any{"id": f.ID, "name": f.Filename, "title": f.Title,
		"channels": []string{}, "groups": []string{}, "ims": []string{}, "shares": map[string]any{}}
	s.describeFileLocked(f, file)
	if f.Completed && f.Channel != "" {
		share := map[string]any{f.Channel: []map[string]any{{"ts": f.ThreadTS}}}
		switch _, dm := s.st.dmUser[f.Channel]; {
		case dm:
			file["ims"], file["shares"] = []string{f.Channel}, map[string]any{"private": share}
		case s.st.channels[f.Channel] != nil && s.st.channels[f.Channel].IsPrivate:
			file["groups"], file["shares"] = []string{f.Channel}, map[string]any{"private": share}
		default:
			file["channels"], file["shares"] = []string{f.Channel}, map[string]any{"public": share}
		}
	}
	return ok(map[string]any{"file": file})
}

// stall is one call to stop half-way.
type stall struct {
	after   bool
	reached chan struct{}
}

// StallNext makes the next call to method (a Web API method, or "upload"
// for the bytes sent to an upload_url) stop and never answer, as if its
// caller died during it: before the fake acts on it, or, with afterEffect,
// once it has taken effect (the caller never learns that it did). The
// returned channel is closed when the call gets there. The call then waits
// until its caller goes away or the server closes.
func (s *Server) StallNext(method string, afterEffect bool) <-chan struct{} {
	st := &stall{after: afterEffect, reached: make(chan struct{})}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.stalls[method] = append(s.st.stalls[method], st)
	return st.reached
}

// takeStall consumes the next stall of method at the given point, if any.
func (s *Server) takeStall(method string, afterEffect bool) *stall {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.st.stalls[method]
	if len(q) == 0 || q[0].after != afterEffect {
		return nil
	}
	s.st.stalls[method] = q[1:]
	return q[0]
}

// stallHere stops the call if a stall of method waits at this point, and
// reports whether it did; it returns when the caller or the server is gone.
func (s *Server) stallHere(ctx context.Context, method string, afterEffect bool) bool {
	st := s.takeStall(method, afterEffect)
	if st == nil {
		return false
	}
	close(st.reached)
	select {
	case <-ctx.Done():
	case <-s.ctx.Done():
	}
	return true
}
