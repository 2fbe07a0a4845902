package slacktest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// HTTPClient delivers Slack's requests to a bot running in HTTP mode, signed
// with Options.SigningSecret and timestamped with Options.Now.
type HTTPClient struct {
	s    *Server
	base string
	// CommandsPath, InteractivePath and EventsPath are the bot's endpoints;
	// defaults "/slack/commands", "/slack/interactive", "/slack/events".
	CommandsPath, InteractivePath, EventsPath string
	// Client sends the requests; default a client with a 30 s timeout.
	Client *http.Client
}

// Reply is the bot's HTTP answer to a delivered request.
type Reply struct {
	Status  int
	Header  http.Header
	Body    []byte
	Latency time.Duration
}

// HTTP returns a client delivering requests to the bot at botBaseURL (such
// as "http://127.0.0.1:8080").
func (s *Server) HTTP(botBaseURL string) *HTTPClient {
	return &HTTPClient{
		s:               s,
		base:            strings.TrimSuffix(botBaseURL, "/"),
		CommandsPath:    "/slack/commands",
		InteractivePath: "/slack/interactive",
		EventsPath:      "/slack/events",
		Client:          &http.Client{Timeout: 30 * time.Second},
	}
}

// Signature computes Slack's v0 request signature: "v0=" + hex of
// HMAC-SHA256(secret, "v0:<timestamp>:<body>").
func Signature(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + timestamp + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// SignedHeaders returns the X-Slack-Request-Timestamp and X-Slack-Signature
// headers for body, timestamped with Options.Now.
func (s *Server) SignedHeaders(body []byte) http.Header {
	ts := strconv.FormatInt(s.now().Unix(), 10)
	return http.Header{
		"X-Slack-Request-Timestamp": {ts},
		"X-Slack-Signature":         {Signature(s.opts.SigningSecret, ts, body)},
	}
}

// Post sends body to path as is, with only the given headers: no signature
// unless the caller adds one. Use it for forged or replayed requests.
func (c *HTTPClient) Post(ctx context.Context, path string, body []byte, header http.Header) (Reply, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(body))
	if err != nil {
		return Reply{}, fmt.Errorf("new request: %w", err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	start := time.Now()
	resp, err := c.Client.Do(req)
	if err != nil {
		return Reply{}, fmt.Errorf("post %s: %w", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return Reply{}, fmt.Errorf("read reply: %w", err)
	}
	return Reply{Status: resp.StatusCode, Header: resp.Header, Body: b, Latency: time.Since(start)}, nil
}

// deliver encodes, signs and posts d, then applies the reply like an ack.
func (c *HTTPClient) deliver(ctx context.Context, d *delivery) (Reply, error) {
	path, body, contentType, err := c.encode(d)
	if err != nil {
		return Reply{}, err
	}
	h := c.s.SignedHeaders(body)
	h.Set("Content-Type", contentType)
	if d.envType == typeEvents && d.retryAttempt > 0 {
		h.Set("X-Slack-Retry-Num", strconv.Itoa(d.retryAttempt))
		h.Set("X-Slack-Retry-Reason", d.retryReason)
	}
	rep, err := c.Post(ctx, path, body, h)
	if err != nil {
		return rep, fmt.Errorf("deliver %s: %w", d.label, err)
	}
	if rep.Latency > ackDeadline {
		c.s.violate(fmt.Errorf("http mode: %s answered after %s, over Slack's %s", d.label, rep.Latency.Round(time.Millisecond), ackDeadline))
	}
	if rep.Status == http.StatusOK && d.after != nil {
		d.after(rep.Body)
	}
	return rep, nil
}

// encode renders d as Slack posts it: slash commands form-encoded,
// interactions as a form field "payload", events as JSON.
func (c *HTTPClient) encode(d *delivery) (path string, body []byte, contentType string, err error) {
	const form = "application/x-www-form-urlencoded"
	switch d.envType {
	case typeSlash:
		return c.CommandsPath, []byte(d.form.Encode()), form, nil
	case typeInteractive:
		p, err := json.Marshal(d.payload)
		if err != nil {
			return "", nil, "", fmt.Errorf("marshal payload: %w", err)
		}
		return c.InteractivePath, []byte(url.Values{"payload": {string(p)}}.Encode()), form, nil
	}
	p, err := json.Marshal(d.payload)
	if err != nil {
		return "", nil, "", fmt.Errorf("marshal payload: %w", err)
	}
	return c.EventsPath, p, "application/json", nil
}

// SlashCommand posts a slash command to CommandsPath. A 200 reply with a
// message body (JSON or plain text) is recorded as a reply.
func (c *HTTPClient) SlashCommand(ctx context.Context, sc Slash) (Reply, error) {
	return c.deliver(ctx, c.s.slashDelivery(sc))
}

// BlockAction posts a block_actions interaction to InteractivePath.
func (c *HTTPClient) BlockAction(ctx context.Context, r BlockActionReq) (Reply, error) {
	d, err := c.s.blockActionDelivery(r)
	if err != nil {
		return Reply{}, err
	}
	return c.deliver(ctx, d)
}

// ViewSubmission posts a view_submission to InteractivePath and applies the
// reply's response_action.
func (c *HTTPClient) ViewSubmission(ctx context.Context, r ViewSubmitReq) (Reply, error) {
	d, err := c.s.viewSubmitDelivery(r)
	if err != nil {
		return Reply{}, err
	}
	return c.deliver(ctx, d)
}

// Event posts an event_callback wrapping ev to EventsPath.
func (c *HTTPClient) Event(ctx context.Context, ev any) (Reply, error) {
	return c.EventWithID(ctx, "", 0, "", ev)
}

// EventWithID posts an event with a given event_id; retryNum > 0 adds the
// X-Slack-Retry-Num and X-Slack-Retry-Reason headers of a redelivery.
func (c *HTTPClient) EventWithID(ctx context.Context, eventID string, retryNum int, retryReason string, ev any) (Reply, error) {
	d, err := c.s.eventDelivery(eventID, retryNum, retryReason, ev)
	if err != nil {
		return Reply{}, err
	}
	return c.deliver(ctx, d)
}

// MessageIM posts the message event of userID writing text to the bot.
func (c *HTTPClient) MessageIM(ctx context.Context, userID, text, threadTS string) (Reply, error) {
	return c.Event(ctx, c.s.imEvent(userID, text, threadTS))
}

// AppHomeOpened posts app_home_opened for userID.
func (c *HTTPClient) AppHomeOpened(ctx context.Context, userID string) (Reply, error) {
	return c.Event(ctx, c.s.homeOpenedEvent(userID))
}

// MemberJoined adds userID to channelID and posts member_joined_channel.
func (c *HTTPClient) MemberJoined(ctx context.Context, userID, channelID string) (Reply, error) {
	return c.Event(ctx, c.s.memberJoinedEvent(userID, channelID))
}

// URLVerification posts the url_verification challenge Slack sends when the
// events URL is configured; the bot must echo challenge.
func (c *HTTPClient) URLVerification(ctx context.Context, challenge string) (Reply, error) {
	body, _ := json.Marshal(map[string]string{"token": c.s.opts.VerificationToken,
		"challenge": challenge, "type": "url_verification"})
	h := c.s.SignedHeaders(body)
	h.Set("Content-Type", "application/json")
	return c.Post(ctx, c.EventsPath, body, h)
}
