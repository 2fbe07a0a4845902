package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"github.com/backbone-coalition/backbone/bot"
)

// authInfo is what auth.test says about the bot token.
type authInfo struct {
	TeamID string `json:"team_id"`
	Team   string `json:"team"`
	UserID string `json:"user_id"`
	// scopes are the token's, from the x-oauth-scopes header; nil when
	// Slack did not send it.
	scopes []string
	// skew is how far this machine's clock is ahead of Slack's, measured
	// on the answer's Date header; ok is false without one.
	skew   time.Duration
	skewOK bool
}

// slackAnswer is the envelope of every Web API answer.
type slackAnswer struct {
	OK    bool   `json:"ok"`
	Error string `json:"error"`
}

// call makes one Web API call with token and decodes the answer into out
// (which embeds or is a slackAnswer). It returns the answer's headers and
// the local instant halfway through the call.
func (d *doctor) call(ctx context.Context, method, token string, form url.Values, out any) (http.Header, time.Time, error) {
	ctx, cancel := context.WithTimeout(ctx, doctorTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.cfg.SlackAPIURL+method, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("%s: %w", method, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	sent := d.now()
	resp, err := d.http.Do(req)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("%s: %w", method, err)
	}
	defer resp.Body.Close()
	mid := sent.Add(d.now().Sub(sent) / 2)
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, mid, fmt.Errorf("%s: read answer: %w", method, err)
	}
	if resp.StatusCode != http.StatusOK {
		return resp.Header, mid, fmt.Errorf("%s: HTTP status %d", method, resp.StatusCode)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return resp.Header, mid, fmt.Errorf("%s: unreadable answer: %w", method, err)
	}
	return resp.Header, mid, nil
}

// checkToken calls auth.test with the bot token, and compares the scopes
// it was granted with the manifest's.
func (d *doctor) checkToken(ctx context.Context) []verdict {
	var ans struct {
		slackAnswer
		authInfo
	}
	h, mid, err := d.call(ctx, "auth.test", d.cfg.SlackBotToken.Reveal(), url.Values{}, &ans)
	switch {
	case err != nil:
		return []verdict{failed("slack token", "Slack could not be reached at SLACK_API_URL (%s): %v", d.cfg.SlackAPIURL, err), skipped("slack scopes", "needs the token")}
	case !ans.OK:
		return []verdict{failed("slack token", "Slack refused SLACK_BOT_TOKEN (%s): copy the Bot User OAuth Token again from the app's OAuth & Permissions page; after a reinstall it changes", ans.Error),
			skipped("slack scopes", "needs the token")}
	}
	d.auth, d.authOK = ans.authInfo, true
	if date, err := http.ParseTime(h.Get("Date")); err == nil {
		// Date has whole seconds, truncated: its middle is half a second on.
		d.auth.skew, d.auth.skewOK = mid.Sub(date.Add(time.Second/2)), true
	}
	if s := h.Get("X-Oauth-Scopes"); s != "" {
		for _, scope := range strings.Split(s, ",") {
			d.auth.scopes = append(d.auth.scopes, strings.TrimSpace(scope))
		}
	}
	return []verdict{pass("slack token", "valid: bot %s in workspace %s (%s)", ans.UserID, ans.Team, ans.TeamID), d.checkScopes()}
}

// checkScopes wants the token to hold every bot scope of the manifest and
// no other.
func (d *doctor) checkScopes() verdict {
	if d.auth.scopes == nil {
		return failed("slack scopes", "Slack did not say which scopes the token has (no x-oauth-scopes header): check SLACK_API_URL points at Slack's Web API")
	}
	want := bot.BuildManifest("Backbone", "").OAuthConfig.Scopes.Bot
	var missing, extra []string
	for _, s := range want {
		if !slices.Contains(d.auth.scopes, s) {
			missing = append(missing, s)
		}
	}
	for _, s := range d.auth.scopes {
		if !slices.Contains(want, s) {
			extra = append(extra, s)
		}
	}
	var say []string
	if len(missing) > 0 {
		say = append(say, fmt.Sprintf("missing %s: add them under OAuth & Permissions → Bot Token Scopes (or paste `backbone manifest` into the app's manifest), then reinstall the app", strings.Join(missing, ", ")))
	}
	if len(extra) > 0 {
		say = append(say, fmt.Sprintf("granted but not needed %s: remove them under OAuth & Permissions → Bot Token Scopes and reinstall, so the bot holds no more access than it uses", strings.Join(extra, ", ")))
	}
	if len(say) > 0 {
		return failed("slack scopes", "%s", strings.Join(say, "; "))
	}
	return pass("slack scopes", "the %d scopes of the manifest, and no other", len(want))
}

// checkConnection checks each configured transport: Socket Mode opens a
// connection and waits for Slack's hello; HTTP mode sends a signed
// url_verification to the events endpoint and wants its challenge back.
func (d *doctor) checkConnection(ctx context.Context) verdict {
	var says []string
	if d.cfg.SocketMode() {
		if err := d.socketHello(ctx); err != nil {
			return failed("slack connection", "Socket Mode: %v", err)
		}
		says = append(says, "Socket Mode answers")
	}
	if d.cfg.HTTPMode() {
		endpoint, err := d.checkEvents(ctx)
		if err != nil {
			return failed("slack connection", "HTTP mode: %v", err)
		}
		says = append(says, "HTTP mode answers at "+endpoint)
	}
	return pass("slack connection", "%s", strings.Join(says, "; "))
}

// socketHello opens a Socket Mode connection with the app token, reads
// Slack's hello and closes it at once (an envelope Slack routes to it
// meanwhile goes unacknowledged and is redelivered to the bot).
func (d *doctor) socketHello(ctx context.Context) error {
	var ans struct {
		slackAnswer
		URL string `json:"url"`
	}
	if _, _, err := d.call(ctx, "apps.connections.open", d.cfg.SlackAppToken.Reveal(), url.Values{}, &ans); err != nil {
		return err
	}
	if !ans.OK {
		return fmt.Errorf("Slack refused SLACK_APP_TOKEN (%s): generate an App-Level Token with the connections:write scope under Basic Information → App-Level Tokens, and turn Socket Mode on", ans.Error)
	}
	ctx, cancel := context.WithTimeout(ctx, doctorTimeout)
	defer cancel()
	conn, _, err := websocket.DefaultDialer.DialContext(ctx, ans.URL, http.Header{"Origin": {"https://api.slack.com"}})
	if err != nil {
		// The URL carries a one-time ticket: not printed.
		return fmt.Errorf("the WebSocket Slack gave could not be opened (%v): let this machine reach wss-primary.slack.com on port 443", scrubURL(err))
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(doctorTimeout))
	var hello struct {
		Type string `json:"type"`
	}
	if err := conn.ReadJSON(&hello); err != nil || hello.Type != "hello" {
		return fmt.Errorf("Slack did not say hello on the WebSocket (%q, %v)", hello.Type, err)
	}
	_ = conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
	return nil
}

// scrubURL drops a URL from an error's text.
func scrubURL(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// checkEvents posts a signed url_verification to the events endpoint: at
// --public-url when given (the address Slack uses), else at HTTP_ADDR on
// this machine. The answer proves the server runs there with the same
// signing secret.
func (d *doctor) checkEvents(ctx context.Context) (string, error) {
	endpoint := strings.TrimSuffix(d.publicURL, "/") + "/slack/events"
	if d.publicURL == "" {
		host, port, _ := net.SplitHostPort(d.cfg.HTTPAddr)
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "127.0.0.1"
		}
		endpoint = "http://" + net.JoinHostPort(host, port) + "/slack/events"
	}
	challenge := strconv.FormatInt(d.now().UnixNano(), 36)
	body := `{"type":"url_verification","token":"doctor","challenge":"` + challenge + `"}`
	ctx, cancel := context.WithTimeout(ctx, doctorTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(body))
	if err != nil {
		return endpoint, fmt.Errorf("bad address %s: %w", endpoint, err)
	}
	ts := strconv.FormatInt(d.now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", signV0(d.cfg.SlackSigningSecret.Reveal(), ts, body))
	resp, err := d.http.Do(req)
	if err != nil {
		return endpoint, fmt.Errorf("nothing answers at %s (%v): is backbone serve running%s?", endpoint, scrubURL(err), behindProxy(d.publicURL))
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return endpoint, fmt.Errorf("%s refused a request signed with SLACK_SIGNING_SECRET: the server runs with another secret; copy it again from Basic Information → App Credentials and restart", endpoint)
	case resp.StatusCode != http.StatusOK || strings.TrimSpace(string(got)) != challenge:
		return endpoint, fmt.Errorf("%s answered %d without the challenge: is it backbone's address (the app's Event Subscriptions Request URL)?", endpoint, resp.StatusCode)
	}
	return endpoint, nil
}

func behindProxy(publicURL string) string {
	if publicURL != "" {
		return ", and does the proxy in front of it forward /slack/ to HTTP_ADDR"
	}
	return " (give --public-url to check the address Slack uses)"
}

// signV0 is Slack's v0 request signature.
func signV0(secret, ts, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":" + body))
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// checkClock compares this machine's clock with the Date of Slack's answer.
func (d *doctor) checkClock() verdict {
	switch {
	case !d.authOK:
		return skipped("clock", "needs an answer from Slack")
	case !d.auth.skewOK:
		return failed("clock", "Slack's answer had no Date header to compare with")
	}
	skew := d.auth.skew.Round(time.Second)
	if skew.Abs() <= maxClockSkew {
		return pass("clock", "within %v of Slack's (%v)", maxClockSkew, skew)
	}
	way := "ahead of"
	if skew < 0 {
		way = "behind"
	}
	return failed("clock", "this machine's clock is %v %s Slack's: turn on time synchronisation (timedatectl set-ntp true, or chrony); Slack's signed requests are refused 5 minutes off, and reminders go out at the wrong time", skew.Abs(), way)
}
