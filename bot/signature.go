package bot

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// signatureWindow is how far a request's timestamp may be from now before
// it is refused as a replay.
const signatureWindow = 5 * time.Minute

var errBadSignature = errors.New("bad request signature")

// verifySignature checks Slack's v0 request signature over the raw body.
func verifySignature(secret []byte, h http.Header, body []byte, now time.Time) error {
	tsHeader := h.Get("X-Slack-Request-Timestamp")
	sig := h.Get("X-Slack-Signature")
	if tsHeader == "" || sig == "" || len(secret) == 0 {
		return errBadSignature
	}
	ts, err := strconv.ParseInt(tsHeader, 10, 64)
	if err != nil {
		return errBadSignature
	}
	if d := now.Sub(time.Unix(ts, 0)); d > signatureWindow || d < -signatureWindow {
		return errBadSignature
	}
	want := sign(secret, tsHeader, body)
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return errBadSignature
	}
	return nil
}

// sign computes the v0 signature of body sent at timestamp ts.
func sign(secret []byte, ts string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// Replay protection. A signed request stays valid for signatureWindow
// either side of its timestamp, so whoever sees one (a proxy's log, a
// debugging dump) could post it again: the same /commit three times made
// three commitments. Slack signs every delivery anew, so a signature seen
// before is a replay, refused with 401. Slash commands and interactions
// claim their signature in slack_events, the table of deliveries already
// handled, next to Socket Mode's envelope IDs: one INSERT … ON CONFLICT DO
// NOTHING shared by every replica, pruned by the nightly housekeeping job
// after three days, far longer than the ten minutes a signature can be
// replayed in. Events are claimed too, but for Slack's own retries (which
// carry X-Slack-Retry-Num and must get a 200): those are dropped by their
// event_id.
//
// The claim must not hold the ack hostage to the database. It runs off
// the request's goroutine, without waiting for a work slot (bot.go's
// maxWork keeps connections free for it), and the ack waits for it at most
// replayAckWait (an insert takes about a millisecond; 50 ms keeps the
// ack's p99.9 near 100 ms on 2 busy cores). If it has not answered by then,
// the request is acked and handled only once the claim answers: a replay
// posted while the database stalls is acked too, but its claim then finds
// the first one's and it is dropped. If the claim fails (the database is
// down), the request is handled anyway and the failure logged: fail open,
// as Socket Mode does for envelopes (onFirstDelivery) and as the project
// acks commands while the database stalls. Failing closed would turn every
// request into an error for as long as an outage lasts, while a replay
// needs both a captured request and an outage, and its handler still needs
// the database to change anything.
const (
	replayAckWait      = 50 * time.Millisecond
	replayCheckTimeout = 10 * time.Second
)

// replayCheck is the claim of one signed request; first and err are set
// when done is closed.
type replayCheck struct {
	done  chan struct{}
	first bool
	err   error
}

// replayKey names a signed request in slack_events by a digest of its
// signature.
func replayKey(h http.Header) string {
	sum := sha256.Sum256([]byte(h.Get("X-Slack-Signature")))
	return "request:" + hex.EncodeToString(sum[:])
}

// claimRequest claims a verified request's signature and waits for the
// answer at most replayAckWait. It answers 401 and reports false when the
// signature was seen before. A request without a team is not claimed: no
// handler acts on one.
func (b *Bot) claimRequest(w http.ResponseWriter, r *http.Request, teamID, kind string) (*replayCheck, bool) {
	c := &replayCheck{done: make(chan struct{}), first: true}
	if teamID == "" {
		close(c.done)
		return c, true
	}
	key := replayKey(r.Header)
	b.goCheck(replayCheckTimeout, func(ctx context.Context) {
		defer close(c.done)
		c.first, c.err = b.store.FirstDelivery(ctx, teamID, key, "http "+kind)
	})
	wait := time.NewTimer(replayAckWait)
	defer wait.Stop()
	select {
	case <-c.done:
		if c.err == nil && !c.first {
			b.log.Warn("replayed request refused", "path", r.URL.Path, "team_id", teamID, "remote", r.RemoteAddr)
			http.Error(w, "request already received", http.StatusUnauthorized)
			return nil, false
		}
	case <-wait.C:
		b.log.Warn("replay check slow; acked before it answered", "path", r.URL.Path, "team_id", teamID)
	}
	return c, true
}

// unlessReplayed runs handle once the claim has answered, unless it found
// a replay; if the claim failed, handle runs anyway (fail open).
func (b *Bot) unlessReplayed(c *replayCheck, handle func()) {
	select {
	case <-c.done:
		b.afterClaim(c, handle)
	default:
		b.goCheck(replayCheckTimeout, func(context.Context) {
			<-c.done
			b.afterClaim(c, handle)
		})
	}
}

func (b *Bot) afterClaim(c *replayCheck, handle func()) {
	switch {
	case c.err != nil:
		b.log.Error("replay check failed; handling the request anyway", "err", c.err)
	case !c.first:
		b.log.Warn("replayed request refused after its ack")
		return
	}
	handle()
}
