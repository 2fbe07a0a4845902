package outbox

import (
	"errors"
	"net"
	"time"

	"github.com/slack-go/slack"
)

// verdict says what to do with a row after a failed send.
type verdict struct {
	retry bool
	// after is Slack's Retry-After, when it gave one.
	after  time.Duration
	reason string
}

// transientErrors are Slack error codes worth trying again; any other
// ok:false answer (channel_not_found, invalid_blocks, …) is permanent.
var transientErrors = map[string]bool{
	"internal_error":      true,
	"fatal_error":         true,
	"service_unavailable": true,
	"request_timeout":     true,
	"ratelimited":         true,
	// A revoked token means the app is being uninstalled: the
	// app_uninstalled or tokens_revoked event follows and cancels the row.
	// Failing it first would leave it among the failures to handle.
	"token_revoked":    true,
	"account_inactive": true,
}

// outcome names a send's result for the metrics.
func outcome(err error) string {
	if err == nil {
		return "ok"
	}
	v := classify(err)
	var sc slack.StatusCodeError
	switch {
	case v.after > 0 || errors.As(err, &sc) && sc.Code == 429 || v.reason == "ratelimited":
		return "rate_limited"
	case v.retry:
		return "transient_error"
	}
	return "permanent_error"
}

func classify(err error) verdict {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return verdict{retry: true, after: rl.RetryAfter, reason: "rate limited"}
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		return verdict{retry: sc.Code == 429 || sc.Code >= 500, reason: sc.Error()}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return verdict{retry: transientErrors[se.Err], reason: se.Err}
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, net.ErrClosed) {
		return verdict{retry: true, reason: "network: " + ne.Error()}
	}
	// Unknown failures (an EOF mid-response, a decode error) may be passing.
	return verdict{retry: true, reason: err.Error()}
}
