package bot

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxBodyBytes bounds request bodies; Slack's largest (a view submission
// carrying a full modal) stays well under it.
const maxBodyBytes = 1 << 20

// HTTPHandler serves the HTTP Events API transport: /slack/commands,
// /slack/interactive and /slack/events, each signature-checked; and, with
// "Add to Slack" configured, /slack/install and /slack/oauth_redirect.
func (b *Bot) HTTPHandler() http.Handler {
	mux := http.NewServeMux()
	if b.install != nil {
		mux.Handle("GET /slack/install", b.install.Handler())
		mux.Handle("GET /slack/oauth_redirect", b.install.Handler())
	}
	mux.HandleFunc("POST /slack/commands", b.signed(b.httpCommand))
	mux.HandleFunc("POST /slack/interactive", b.signed(b.httpInteraction))
	mux.HandleFunc("POST /slack/events", b.signed(b.httpEvent))
	return mux
}

// signed reads the bounded body, checks its signature and hands it on.
// Forged, stale or unsigned requests get 401 and touch nothing.
func (b *Bot) signed(next func(http.ResponseWriter, *http.Request, []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		defer b.observeHTTPAck(r.URL.Path, time.Now())
		b.active.Add(1)
		defer b.active.Add(-1)
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "could not read request body", http.StatusBadRequest)
			return
		}
		if err := verifySignature(b.signingSecret, r.Header, body, b.now()); err != nil {
			b.log.Warn("refused unsigned or forged request", "path", r.URL.Path, "remote", r.RemoteAddr)
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next(w, r, body)
	}
}

func (b *Bot) httpCommand(w http.ResponseWriter, r *http.Request, _ []byte) {
	cmd, err := slack.SlashCommandParse(r)
	if err != nil || !wellFormed(cmd) {
		http.Error(w, "malformed slash command", http.StatusBadRequest)
		return
	}
	check, ok := b.claimRequest(w, r, cmd.TeamID, "slash_commands")
	if !ok {
		return
	}
	w.WriteHeader(http.StatusOK)
	b.unlessReplayed(check, func() { b.dispatchCommand(cmd) })
}

func (b *Bot) httpInteraction(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "malformed form body", http.StatusBadRequest)
		return
	}
	payload := []byte(form.Get("payload"))
	if b.refuseDeep(w, r, payload) {
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal(payload, &cb); err != nil || cb.Type == "" {
		http.Error(w, "malformed interaction payload", http.StatusBadRequest)
		return
	}
	check, ok := b.claimRequest(w, r, cb.Team.ID, "interactive")
	if !ok {
		return
	}
	if ack := b.interactionAck(cb); ack != nil {
		writeJSON(w, ack)
	} else {
		w.WriteHeader(http.StatusOK)
	}
	b.unlessReplayed(check, func() { b.dispatchInteraction(cb) })
}

func (b *Bot) httpEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	if b.refuseDeep(w, r, body) {
		return
	}
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
		EventID   string `json:"event_id"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	switch outer.Type {
	case slackevents.URLVerification:
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, outer.Challenge)
		return
	case slackevents.CallbackEvent:
		if outer.EventID == "" {
			http.Error(w, "malformed event", http.StatusBadRequest)
			return
		}
		ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
		if err != nil {
			// An inner type slack-go does not know: a 4xx would make Slack
			// retry it and, repeated, disable the subscription.
			b.log.Debug("event ignored: unreadable inner event", "event_id", outer.EventID, "err", err)
			w.WriteHeader(http.StatusOK)
			return
		}
		// Slack's own retries (X-Slack-Retry-Num) get a 200 whatever their
		// signature (a 401 would make Slack retry, then disable the
		// subscription) and are dropped by their event_id; any other
		// request signed exactly as one seen before is a replay.
		if r.Header.Get("X-Slack-Retry-Num") != "" {
			w.WriteHeader(http.StatusOK)
			b.dispatchEvent(ev.TeamID, outer.EventID, ev)
			return
		}
		check, ok := b.claimRequest(w, r, ev.TeamID, "events")
		if !ok {
			return
		}
		w.WriteHeader(http.StatusOK)
		b.unlessReplayed(check, func() { b.dispatchEvent(ev.TeamID, outer.EventID, ev) })
		return
	}
	// app_rate_limited and future types: acknowledged, nothing to do.
	w.WriteHeader(http.StatusOK)
}

// maxJSONDepth bounds how deeply a payload's JSON may nest, over both
// transports. Slack's own payloads nest about a dozen levels (a view's
// state, rich text); a parser walking 200,000 levels is a denial of service.
const maxJSONDepth = 64

// tooDeep reports whether the JSON in data nests deeper than maxJSONDepth.
// It looks only at brackets outside strings: one pass, no allocation, and
// no opinion on whether data is valid JSON (the parser decides that next).
func tooDeep(data []byte) bool {
	depth, inString, escaped := 0, false, false
	for _, c := range data {
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped = c == '\\'
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			if depth++; depth > maxJSONDepth {
				return true
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return false
}

// refuseDeep answers 400 to a payload nested deeper than maxJSONDepth,
// before anything parses it.
func (b *Bot) refuseDeep(w http.ResponseWriter, r *http.Request, payload []byte) bool {
	if !tooDeep(payload) {
		return false
	}
	b.log.Warn("refused JSON nested too deeply", "path", r.URL.Path, "max_depth", maxJSONDepth)
	http.Error(w, "JSON nested too deeply", http.StatusBadRequest)
	return true
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
