// Package slackgate honours Slack's Retry-After for the whole process: once
// a Web API method answers 429, no later call of that method leaves the
// process before the Retry-After has passed. It sits under the Slack client
// as its HTTP client, so every caller (commands, the outbox, the directory,
// jobs) shares one view of which methods are resting.
//
// A call made while its method rests is answered here, without a request,
// the way Slack would: 429 with the Retry-After that remains, which slack-go
// turns into *slack.RateLimitedError, so callers handle both alike.
package slackgate

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Doer is what slack-go needs of an HTTP client.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Key names one rate limit: Slack limits each Web API method per
// workspace, so a 429 rests the method for that team only.
type Key struct {
	Team, Method string
}

// Gate is an HTTP client that remembers every Retry-After by Key.
type Gate struct {
	next Doer
	now  func() time.Time

	mu          sync.Mutex
	defaultTeam string
	until       map[Key]time.Time
}

// New wraps next; now is the clock that times the rests.
func New(next Doer, now func() time.Time) *Gate {
	return &Gate{next: next, now: now, until: map[Key]time.Time{}}
}

// SetTeam names the workspace of calls whose context names none (see
// WithTeam): the bot token's, once auth.test has said which it is.
func (g *Gate) SetTeam(teamID string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.defaultTeam = teamID
}

type teamKey struct{}

// WithTeam tells the gate which workspace a call made with ctx is for.
func WithTeam(ctx context.Context, teamID string) context.Context {
	return context.WithValue(ctx, teamKey{}, teamID)
}

// Resting reports how long the method still rests for the team (0: not).
func (g *Gate) Resting(teamID, method string) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.restingLocked(g.key(teamID, method))
}

func (g *Gate) key(teamID, method string) Key {
	if teamID == "" {
		teamID = g.defaultTeam
	}
	return Key{Team: teamID, Method: method}
}

func (g *Gate) restingLocked(k Key) time.Duration {
	until, ok := g.until[k]
	if !ok {
		return 0
	}
	left := until.Sub(g.now())
	if left <= 0 {
		delete(g.until, k)
		return 0
	}
	return left
}

// Do sends req unless its method rests, and learns from a 429.
func (g *Gate) Do(req *http.Request) (*http.Response, error) {
	team, _ := req.Context().Value(teamKey{}).(string)
	return g.do(req, team)
}

// For is the gate as one workspace's HTTP client: its calls are keyed with
// teamID, whatever their context says, as a workspace's client only ever
// calls for that workspace.
func (g *Gate) For(teamID string) Doer { return teamGate{g: g, team: teamID} }

type teamGate struct {
	g    *Gate
	team string
}

func (t teamGate) Do(req *http.Request) (*http.Response, error) { return t.g.do(req, t.team) }

func (g *Gate) do(req *http.Request, team string) (*http.Response, error) {
	method := methodOf(req)
	g.mu.Lock()
	k := g.key(team, method)
	left := g.restingLocked(k)
	g.mu.Unlock()
	if method != "" && left > 0 {
		return limited(req, left), nil
	}
	resp, err := g.next.Do(req)
	if err != nil || method == "" || resp.StatusCode != http.StatusTooManyRequests {
		return resp, err
	}
	if secs, perr := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); perr == nil && secs > 0 {
		g.rest(k, time.Duration(secs)*time.Second)
	}
	return resp, err
}

// rest keeps the later of two rests of one key: calls answered out of
// order must not shorten a rest.
func (g *Gate) rest(k Key, d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if until := g.now().Add(d); until.After(g.until[k]) {
		g.until[k] = until
	}
}

// methodOf is the Web API method of a request to ".../api/METHOD"; "" for
// anything else (response_url posts, file uploads), which the gate passes.
func methodOf(req *http.Request) string {
	_, method, ok := strings.Cut(req.URL.Path, "/api/")
	if !ok || method == "" || strings.Contains(method, "/") {
		return ""
	}
	return method
}

// limited is Slack's 429 for a call made while its method rests, with the
// rest that remains rounded up to whole seconds as Slack sends it.
func limited(req *http.Request, left time.Duration) *http.Response {
	secs := int((left + time.Second - 1) / time.Second)
	body := `{"ok":false,"error":"ratelimited"}`
	return &http.Response{
		Status: "429 Too Many Requests", StatusCode: http.StatusTooManyRequests,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Retry-After": {strconv.Itoa(secs)}, "Content-Type": {"application/json"}},
		Body:   io.NopCloser(bytes.NewReader([]byte(body))), ContentLength: int64(len(body)), Request: req,
	}
}
