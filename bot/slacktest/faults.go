package slacktest

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// fault is one queued failure for a method.
type fault struct {
	status     int
	retryAfter time.Duration
	slackError string
}

// FailNext makes the next n calls to method (a Web API method, or
// "response_url") answer with HTTP status; a 429 with retryAfter > 0 carries
// a Retry-After header, which slack-go turns into *slack.RateLimitedError.
func (s *Server) FailNext(method string, n, status int, retryAfter time.Duration) {
	s.queueFaults(method, n, fault{status: status, retryAfter: retryAfter})
}

// FailWithError makes the next n calls to method answer 200 with
// {"ok":false,"error":slackError}.
func (s *Server) FailWithError(method string, n int, slackError string) {
	s.queueFaults(method, n, fault{status: http.StatusOK, slackError: slackError})
}

func (s *Server) queueFaults(method string, n int, f fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.st.faults[method] = append(s.st.faults[method], f)
	}
}

// takeFault consumes the next queued fault for method, if any.
func (s *Server) takeFault(method string) (result, bool) {
	s.mu.Lock()
	queue := s.st.faults[method]
	if len(queue) == 0 {
		s.mu.Unlock()
		return result{}, false
	}
	f := queue[0]
	s.st.faults[method] = queue[1:]
	s.mu.Unlock()
	if f.slackError != "" {
		return fail(f.slackError), true
	}
	res := fail(faultCode(f.status))
	res.status = f.status
	if f.retryAfter > 0 {
		res.header = retryAfterHeader(f.retryAfter)
	}
	return res, true
}

func faultCode(status int) string {
	if status == http.StatusTooManyRequests {
		return "ratelimited"
	}
	return "fatal_error"
}

// SetLatency makes every later call to method (a Web API method, or
// "response_url") wait d before it is answered. Zero removes the latency.
func (s *Server) SetLatency(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.latency[method] = d
}

// delay waits the latency set for method, or until the request or the
// server ends.
func (s *Server) delay(ctx context.Context, method string) error {
	s.mu.Lock()
	d := s.st.latency[method]
	s.mu.Unlock()
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("latency: %w", ctx.Err())
	case <-s.ctx.Done():
		return ErrClosed
	}
}

// rateLimit is chat.postMessage's limiter: sliding one-second windows, one
// for the workspace and one per channel. Zero limits are off.
type rateLimit struct {
	workspace, channel int
	all                []time.Time
	byChannel          map[string][]time.Time
}

// SetRateLimit limits chat.postMessage to perSecondWorkspace posts per second
// in the workspace and perSecondPerChannel per channel (0 means no limit; both
// 0, the default, turns limiting off). Posts over the limit answer 429 with
// Retry-After. Windows follow Options.Now.
func (s *Server) SetRateLimit(perSecondWorkspace, perSecondPerChannel int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.rate = rateLimit{
		workspace: perSecondWorkspace,
		channel:   perSecondPerChannel,
		byChannel: map[string][]time.Time{},
	}
}

// allow records a post to channel at now, or returns how long to wait.
func (rl *rateLimit) allow(channel string, now time.Time) (time.Duration, bool) {
	if rl.workspace <= 0 && rl.channel <= 0 {
		return 0, true
	}
	rl.all = prune(rl.all, now)
	rl.byChannel[channel] = prune(rl.byChannel[channel], now)
	if wait, over := overLimit(rl.all, rl.workspace, now); over {
		return wait, false
	}
	if wait, over := overLimit(rl.byChannel[channel], rl.channel, now); over {
		return wait, false
	}
	rl.all = append(rl.all, now)
	rl.byChannel[channel] = append(rl.byChannel[channel], now)
	return 0, true
}

func prune(ts []time.Time, now time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(now.Add(-time.Second)) {
		i++
	}
	return ts[i:]
}

func overLimit(ts []time.Time, limit int, now time.Time) (time.Duration, bool) {
	if limit <= 0 || len(ts) < limit {
		return 0, false
	}
	return ts[len(ts)-limit].Add(time.Second).Sub(now), true
}
