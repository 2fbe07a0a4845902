package slacktest

import (
	"net/http"
	"time"
)

// Slack's rate-limit tiers, in calls per minute per workspace, from
// https://api.slack.com/apis/rate-limits ("Tier 2: 20+ per minute", "Tier 4:
// 100+ per minute") and each method's page (users.list is Tier 2, users.info
// Tier 4). The fake takes the floor of each tier.
const (
	Tier2PerMinute = 20
	Tier4PerMinute = 100
)

// SlackTiers are the tier limits of the methods the directory reads people
// with; EnforceTiers(SlackTiers()) makes the fake hold the bot to them.
func SlackTiers() map[string]int {
	return map[string]int{"users.info": Tier4PerMinute, "users.list": Tier2PerMinute}
}

// tierState is the per-method limiter: sliding one-minute windows for the
// whole workspace, and the Retry-After each method answered last.
type tierState struct {
	perMinute map[string]int
	calls     map[string][]time.Time
	restUntil map[string]time.Time
	early     []Call
}

// EnforceTiers limits each method of perMinute to that many calls in any
// minute (by Options.Now); calls over it answer 429 with the Retry-After
// until a call leaves the window, as Slack does. A call that arrives before a
// Retry-After the fake gave for its method has passed is answered 429 again
// and recorded (EarlyCalls). A nil or empty map turns the limits off.
func (s *Server) EnforceTiers(perMinute map[string]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(perMinute) == 0 {
		s.st.tiers = nil
		return
	}
	s.st.tiers = &tierState{perMinute: perMinute, calls: map[string][]time.Time{}, restUntil: map[string]time.Time{}}
}

// EarlyCalls are the calls that came before the Retry-After the fake had
// answered for their method ran out: a client honouring Retry-After makes
// none. Only methods under EnforceTiers are watched.
func (s *Server) EarlyCalls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.tiers == nil {
		return nil
	}
	return append([]Call(nil), s.st.tiers.early...)
}

// TierCalls counts the calls of method the tier limiter let through.
func (s *Server) TierCalls(method string) int {
	n := 0
	for _, c := range s.Calls() {
		if c.Method == method && c.Status == http.StatusOK {
			n++
		}
	}
	return n
}

// tierLimit answers 429 for a call over its method's tier, or during a
// Retry-After already given.
func (s *Server) tierLimit(req apiRequest) (result, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := s.st.tiers
	if ts == nil {
		return result{}, false
	}
	limit, limited := ts.perMinute[req.method]
	if !limited {
		return result{}, false
	}
	now := req.at
	if until := ts.restUntil[req.method]; now.Before(until) {
		ts.early = append(ts.early, Call{Method: req.method, Params: req.form, At: now, Status: http.StatusTooManyRequests})
		return tooMany(until.Sub(now)), true
	}
	window := ts.calls[req.method]
	for len(window) > 0 && !window[0].After(now.Add(-time.Minute)) {
		window = window[1:]
	}
	if len(window) >= limit {
		// Slack's Retry-After is whole seconds; the rest runs to the second
		// the header names, which is what a client can honour.
		wait := wholeSeconds(window[len(window)-limit].Add(time.Minute).Sub(now))
		ts.restUntil[req.method] = now.Add(wait)
		ts.calls[req.method] = window
		return tooMany(wait), true
	}
	ts.calls[req.method] = append(window, now)
	return result{}, false
}

func tooMany(wait time.Duration) result {
	res := fail("ratelimited")
	res.status, res.header = http.StatusTooManyRequests, retryAfterHeader(wait)
	return res
}

// wholeSeconds rounds d up to whole seconds, at least one, as
// retryAfterHeader renders it.
func wholeSeconds(d time.Duration) time.Duration {
	return time.Duration(max((d+time.Second-1)/time.Second, 1)) * time.Second
}
