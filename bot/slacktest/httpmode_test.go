package slacktest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

func TestSignatureMatchesSlackVector(t *testing.T) {
	t.Parallel()
	body := "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	got := Signature("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", []byte(body))
	if want := "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"; got != want {
		t.Errorf("Signature = %s, want %s", got, want)
	}
}

// httpBot is a minimal HTTP-mode app: it verifies signatures with slack-go
// and answers slash commands, interactions and events.
func httpBot(t *testing.T, secret string) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	verify := func(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
		body, _ := io.ReadAll(r.Body)
		sv, err := slack.NewSecretsVerifier(r.Header, secret)
		if err == nil {
			_, _ = sv.Write(body)
			err = sv.Ensure()
		}
		if err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return nil, false
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		return body, true
	}
	mux.HandleFunc("POST /slack/commands", func(w http.ResponseWriter, r *http.Request) {
		if _, ok := verify(w, r); !ok {
			return
		}
		cmd, err := slack.SlashCommandParse(r)
		if err != nil || cmd.TriggerID == "" {
			http.Error(w, "bad command", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"text": "hello " + cmd.UserName})
	})
	mux.HandleFunc("POST /slack/interactive", func(w http.ResponseWriter, r *http.Request) {
		if _, ok := verify(w, r); !ok {
			return
		}
		cb, err := slack.InteractionCallbackParse(r)
		if err != nil || len(cb.ActionCallback.BlockActions) != 1 {
			http.Error(w, "bad interaction", http.StatusBadRequest)
			return
		}
		w.Header().Set("X-Action-Value", cb.ActionCallback.BlockActions[0].Value)
	})
	mux.HandleFunc("POST /slack/events", func(w http.ResponseWriter, r *http.Request) {
		body, ok := verify(w, r)
		if !ok {
			return
		}
		ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if ev.Type == slackevents.URLVerification {
			_, _ = w.Write([]byte(ev.Data.(*slackevents.EventsAPIURLVerificationEvent).Challenge))
			return
		}
		w.Header().Set("X-Retry-Seen", r.Header.Get("X-Slack-Retry-Num"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestHTTPMode(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: time.Now()}
	s := setup(t, func(o *Options) { o.Now = clock.Now })
	c := s.HTTP(httpBot(t, s.Options().SigningSecret).URL)
	ctx := testCtx(t)

	rep, err := c.SlashCommand(ctx, Slash{UserID: "U1", ChannelID: "C1", Command: "/backbone", Text: "hi"})
	if err != nil || rep.Status != http.StatusOK {
		t.Fatalf("slash command: %d %s, %v", rep.Status, rep.Body, err)
	}
	m, err := s.WaitMessage(ctx, func(m Message) bool { return m.Method == "ack" })
	if err != nil || m.Text != "hello ada" || !m.Ephemeral {
		t.Errorf("reply = %+v, %v", m, err)
	}

	btn := slack.NewActionBlock("row", slack.NewButtonBlockElement("commitment:done", "7", plainText("Done")))
	_, ts, err := apiClient(s).PostMessageContext(ctx, "C1", slack.MsgOptionText("todo", false), slack.MsgOptionBlocks(btn))
	if err != nil {
		t.Fatal(err)
	}
	rep, err = c.BlockAction(ctx, BlockActionReq{UserID: "U1", ChannelID: "C1", MessageTS: ts, ActionID: "commitment:done"})
	if err != nil || rep.Status != http.StatusOK || rep.Header.Get("X-Action-Value") != "7" {
		t.Errorf("block action: %d %s, %v", rep.Status, rep.Body, err)
	}

	rep, err = c.EventWithID(ctx, "Ev1", 2, "http_timeout", map[string]any{"type": "app_uninstalled"})
	if err != nil || rep.Status != http.StatusOK || rep.Header.Get("X-Retry-Seen") != "2" {
		t.Errorf("event: %+v, %v", rep, err)
	}
	rep, err = c.URLVerification(ctx, "ch4llenge")
	if err != nil || string(rep.Body) != "ch4llenge" {
		t.Errorf("url_verification: %s, %v", rep.Body, err)
	}

	forged := []byte("team_id=T0BACKBONE&user_id=U1&command=%2Fbackbone")
	hdr := s.SignedHeaders(forged)
	hdr.Set("X-Slack-Signature", "v0="+strings.Repeat("0", 64))
	if rep, err := c.Post(ctx, c.CommandsPath, forged, hdr); err != nil || rep.Status != http.StatusUnauthorized {
		t.Errorf("forged request: %d, %v; want 401", rep.Status, err)
	}
	clock.Advance(-10 * time.Minute)
	if rep, err := c.SlashCommand(ctx, Slash{UserID: "U1", ChannelID: "C1", Command: "/backbone"}); err != nil || rep.Status != http.StatusUnauthorized {
		t.Errorf("stale request: %d, %v; want 401", rep.Status, err)
	}
}
