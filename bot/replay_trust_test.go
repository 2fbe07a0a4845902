package bot_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

const (
	formType = "application/x-www-form-urlencoded"
	jsonType = "application/json"
)

// signedPost is a request as Slack signs it, to post several times.
type signedPost struct {
	path, contentType string
	body              []byte
}

func (h *harness) clickBody(actionID string) []byte {
	h.t.Helper()
	p, err := json.Marshal(map[string]any{
		"type": "block_actions", "team": map[string]string{"id": h.slack.Options().TeamID},
		"user": map[string]string{"id": partnerID}, "trigger_id": h.slack.NewTriggerID(partnerID),
		"response_url": h.slack.NewResponseURL(generalID, partnerID),
		"actions":      []any{map[string]string{"action_id": actionID, "block_id": "b", "type": "button", "value": "v"}},
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return []byte(url.Values{"payload": {string(p)}}.Encode())
}

func (h *harness) eventBody(eventID string, extra map[string]any) []byte {
	h.t.Helper()
	ev := map[string]any{"type": "event_callback", "team_id": h.slack.Options().TeamID, "api_app_id": h.slack.Options().AppID,
		"event_id": eventID, "event_time": time.Now().Unix(),
		"event": map[string]any{"type": "app_home_opened", "user": partnerID, "channel": "D0PARTNER", "tab": "home"}}
	for k, v := range extra {
		ev[k] = v
	}
	b, err := json.Marshal(ev)
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

// TestReplayedHTTPRequestIsRefused posts the same signed request three
// times, as someone who captured it would: Slack signs each delivery anew,
// so a signature seen before is a replay, refused with 401 and never
// handled, events too (Slack's own retries carry X-Slack-Retry-Num: see
// TestSlackRetriesAreNotReplays). On a loaded machine the check may not
// answer within the ack's wait (replayAckWait): the replay is then acked
// and refused after its ack, unhandled all the same, so a replay's status
// may be 200 but each must be refused, one way or the other.
func TestReplayedHTTPRequestIsRefused(t *testing.T) {
	t.Parallel()
	h := setup(t)
	commit := h.slack.SlashForm(slacktest.Slash{UserID: partnerID, ChannelID: generalID, Command: "/commit",
		Text: "Send flyers to the middle schools by Friday"})
	tests := []struct {
		name string
		req  signedPost
	}{
		{"slash command", signedPost{"/slack/commands", formType, []byte(commit.Encode())}},
		{"click", signedPost{"/slack/interactive", formType, h.clickBody("nothing:here")}},
		{"event", signedPost{"/slack/events", jsonType, h.eventBody("Ev0REPLAYED", nil)}},
	}
	late := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hd := h.slack.SignedHeaders(tt.req.body)
			hd.Set("Content-Type", tt.req.contentType)
			var got []int
			for range 3 {
				ctx, cancel := h.timeout()
				r, err := h.http.Post(ctx, tt.req.path, tt.req.body, hd)
				cancel()
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, r.Status)
			}
			unexpected := func(s int) bool { return s != http.StatusOK && s != http.StatusUnauthorized }
			if got[0] != http.StatusOK || slices.ContainsFunc(got[1:], unexpected) {
				t.Errorf("statuses %v, want 200 then 401 (or 200 when refused after the ack)", got)
			}
			for _, s := range got[1:] {
				if s == http.StatusOK {
					late++
				}
			}
		})
	}
	ctx, cancel := h.timeout()
	defer cancel()
	if err := h.bot.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, h, "commitments"); n != 1 {
		t.Errorf("the same signed /commit made %d commitments, want 1", n)
	}
	if n := countRows(t, h, "slack_events WHERE event_id = 'Ev0REPLAYED'"); n != 1 {
		t.Errorf("the replayed event was recorded %d times, want once", n)
	}
	if n := strings.Count(h.logs.String(), "replayed request refused"); n != 2*len(tests) {
		t.Errorf("%d replays refused (%d of them after their ack), want %d:\n%s", n, late, 2*len(tests), h.logs.String())
	}
}

// TestSlackRetriesAreNotReplays: Slack redelivers an event it thinks was
// lost with the same body, signed again, and X-Slack-Retry-Num. Those are
// answered 200 (a 401 would make Slack retry, then disable the
// subscription) and deduplicated by event_id, even when the retry comes
// within the same second as the first delivery and so carries the same
// signature.
func TestSlackRetriesAreNotReplays(t *testing.T) {
	t.Parallel()
	h := setup(t)
	body := h.eventBody("Ev0RETRIED", nil)
	secret := h.slack.Options().SigningSecret
	now := time.Now().Unix()
	signed := func(ts int64, retry string) http.Header {
		s := strconv.FormatInt(ts, 10)
		hd := http.Header{"Content-Type": {jsonType}, "X-Slack-Request-Timestamp": {s},
			"X-Slack-Signature": {slacktest.Signature(secret, s, body)}}
		if retry != "" {
			hd.Set("X-Slack-Retry-Num", retry)
			hd.Set("X-Slack-Retry-Reason", "http_timeout")
		}
		return hd
	}
	for i, hd := range []http.Header{signed(now, ""), signed(now+1, "1"), signed(now, "2"), signed(now+2, "3")} {
		ctx, cancel := h.timeout()
		r, err := h.http.Post(ctx, "/slack/events", body, hd)
		cancel()
		if err != nil || r.Status != http.StatusOK {
			t.Errorf("delivery %d: status %d err %v, want 200", i, r.Status, err)
		}
	}
	waitFor(t, func() bool { return contains(h.logs.String(), "event redelivery ignored") })
	if n := countRows(t, h, "slack_events WHERE event_id = 'Ev0RETRIED'"); n != 1 {
		t.Errorf("the event was recorded %d times, want once", n)
	}
}

// TestHTTPReplayWhileDatabaseStallsIsHandledOnce: with the database
// stalled, the replay check cannot answer before the ack is due, so both
// the request and its replay are acked; the check still runs, and only one
// of them is handled once the database is back.
func TestHTTPReplayWhileDatabaseStallsIsHandledOnce(t *testing.T) {
	t.Parallel()
	proxy := newStallProxy(t)
	h := setup(t, func(o *harnessOptions) { o.dbURL = proxy.url })
	h.command(partnerID, generalID, "/coalition", "help") // creates the member
	form := h.slack.SlashForm(slacktest.Slash{UserID: partnerID, ChannelID: generalID, Command: "/coalition"})
	body := []byte(form.Encode())
	hd := h.slack.SignedHeaders(body)
	hd.Set("Content-Type", formType)
	before := len(h.slack.Messages())
	proxy.stall()
	ctx, cancel := context.WithTimeout(h.ctx, 20*time.Second)
	defer cancel()
	for i := range 2 {
		r, err := h.http.Post(ctx, "/slack/commands", body, hd)
		if err != nil || r.Status != http.StatusOK {
			t.Fatalf("post %d with the database stalled: status %d err %v, want 200", i, r.Status, err)
		}
		if r.Latency >= 3*time.Second {
			t.Errorf("post %d acked after %v with the database stalled; Slack gives up after 3s", i, r.Latency)
		}
	}
	proxy.resume()
	if _, err := h.waitNew(ctx, before, func(m slacktest.Message) bool { return m.ViaResponseURL }); err != nil {
		t.Fatalf("no answer once the database came back: %v", err)
	}
	if err := h.bot.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	answers := 0
	for _, m := range h.slack.Messages()[before:] {
		if m.ViaResponseURL {
			answers++
		}
	}
	if answers != 1 {
		t.Errorf("the request and its replay got %d answers, want 1", answers)
	}
	mustContain(t, h.logs.String(), "acked before it answered", "replayed request refused after its ack")
}

// TestHTTPRequestIsAckedWhileDatabaseIsDown: when the replay check fails
// at once (the database refuses), the request is acked and handled anyway
// (fail open) rather than every request getting a 401 for the outage.
func TestHTTPRequestIsAckedWhileDatabaseIsDown(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.command(partnerID, generalID, "/coalition", "help") // creates the member
	if err := h.store.DB().Close(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := h.timeout()
	defer cancel()
	tests := []struct {
		name string
		req  signedPost
	}{
		{"slash command", signedPost{"/slack/commands", formType, []byte(h.slack.SlashForm(slacktest.Slash{UserID: partnerID, ChannelID: generalID, Command: "/coalition", Text: "help"}).Encode())}},
		{"click", signedPost{"/slack/interactive", formType, h.clickBody("nothing:here")}},
	}
	for _, tt := range tests {
		hd := h.slack.SignedHeaders(tt.req.body)
		hd.Set("Content-Type", tt.req.contentType)
		r, err := h.http.Post(ctx, tt.req.path, tt.req.body, hd)
		if err != nil || r.Status != http.StatusOK {
			t.Errorf("%s with the database down: status %d err %v, want 200", tt.name, r.Status, err)
		}
	}
	waitFor(t, func() bool {
		return strings.Count(h.logs.String(), "replay check failed; handling the request anyway") == len(tests)
	})
}
