package main

import (
	"context"
	"net/http"
	"time"

	"github.com/backbone-coalition/backbone/bot"
	"github.com/backbone-coalition/backbone/store"
)

// opsHandler serves /healthz (the process is alive) and /readyz (the
// database answers and Slack is connected).
func opsHandler(st *store.Store, b *bot.Bot, slackConfigured bool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		problems := ""
		if err := st.Ping(ctx); err != nil {
			problems += "database: unreachable\n"
		}
		switch {
		case !slackConfigured:
			problems += "slack: not configured (set SLACK_BOT_TOKEN and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET)\n"
		case !b.SlackConnected():
			problems += "slack: not connected\n"
		}
		if problems != "" {
			http.Error(w, problems, http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
	return mux
}
