package slacktest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"time"
)

// RandomFaults makes a random share of Web API calls fail, drawn from a
// seeded generator so that a failing run can be replayed (the draws still
// follow the order in which concurrent calls arrive).
type RandomFaults struct {
	// Seed seeds the generator.
	Seed uint64
	// RateLimited is the share of calls answered 429 with Retry-After.
	RateLimited float64
	// ServerError is the share of calls answered 500 (nothing is done).
	ServerError float64
	// RetryAfter is the Retry-After of the 429s, rounded up to whole
	// seconds as Slack sends it; default 1 s.
	RetryAfter time.Duration
	// Methods are the Web API methods that fail; none means every method
	// but apps.connections.open.
	Methods []string
}

// randomFaults is the random fault mode in force; guarded by Server.mu.
type randomFaults struct {
	RandomFaults
	rng                      *rand.Rand
	rateLimited, serverError int
}

// SetRandomFaults turns the random fault mode on for every later call; a
// zero RandomFaults turns it off. Queued faults (FailNext) go first.
func (s *Server) SetRandomFaults(f RandomFaults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.RateLimited <= 0 && f.ServerError <= 0 {
		s.st.random = nil
		return
	}
	if f.RetryAfter <= 0 {
		f.RetryAfter = time.Second
	}
	s.st.random = &randomFaults{RandomFaults: f, rng: rand.New(rand.NewPCG(f.Seed, f.Seed^0x5eed))}
}

// RandomFaultCounts reports how many calls the random mode answered 429 and
// how many 500.
func (s *Server) RandomFaultCounts() (rateLimited, serverError int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.random == nil {
		return 0, 0
	}
	return s.st.random.rateLimited, s.st.random.serverError
}

// randomFault draws whether this call of method fails.
func (s *Server) randomFault(method string) (result, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rf := s.st.random
	if rf == nil || !rf.covers(method) {
		return result{}, false
	}
	switch p := rf.rng.Float64(); {
	case p < rf.RateLimited:
		rf.rateLimited++
		res := fail("ratelimited")
		res.status, res.header = http.StatusTooManyRequests, retryAfterHeader(rf.RetryAfter)
		return res, true
	case p < rf.RateLimited+rf.ServerError:
		rf.serverError++
		res := fail("internal_error")
		res.status = http.StatusInternalServerError
		return res, true
	}
	return result{}, false
}

func (rf *randomFaults) covers(method string) bool {
	if len(rf.Methods) == 0 {
		return method != "apps.connections.open"
	}
	return slices.Contains(rf.Methods, method)
}

// RetryAfterWindow is a 429 the fake answered with Retry-After, and the
// calls of the same method that arrived before that Retry-After ran out.
type RetryAfterWindow struct {
	// Limited is the call answered 429.
	Limited Call
	// Repeats repeat the limited request (same method and parameters): a
	// client that honours Retry-After makes none.
	Repeats []Call
	// Others are other calls of the method. Slack limits a method for the
	// whole workspace, but a client sending several requests at once has
	// some on their way before it reads the 429.
	Others []Call
}

// RetryAfterWindows lists every 429 answered with Retry-After, with the
// calls of its method made during it, by the server's clock.
func (s *Server) RetryAfterWindows() []RetryAfterWindow {
	calls := s.Calls()
	var out []RetryAfterWindow
	for i, limited := range calls {
		if limited.Status != http.StatusTooManyRequests || limited.RetryAfter <= 0 {
			continue
		}
		w := RetryAfterWindow{Limited: limited}
		until := limited.At.Add(limited.RetryAfter)
		for _, c := range calls[i+1:] {
			switch {
			case c.Method != limited.Method || !c.At.Before(until):
			case fingerprint(c) == fingerprint(limited):
				w.Repeats = append(w.Repeats, c)
			default:
				w.Others = append(w.Others, c)
			}
		}
		out = append(out, w)
	}
	return out
}

// fingerprint identifies a request by its method and parameters, token
// aside, so that a retry of the same request has the same fingerprint.
func fingerprint(c Call) string {
	keys := make([]string, 0, len(c.Params))
	for k := range c.Params {
		if k != "token" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString(c.Method)
	for _, k := range keys {
		fmt.Fprintf(&b, "&%s=%q", k, c.Params[k])
	}
	b.Write(c.JSON)
	return b.String()
}
