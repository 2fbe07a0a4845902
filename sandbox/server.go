// Package sandbox is Backbone's local sandbox: a web page that plays the
// Slack client against the fake Slack (bot/slacktest) the real bot is
// connected to over Socket Mode, a simulated clock, and the demo coalition.
//
// The page sends what a person does — slash commands, button clicks,
// selections, modal submissions, DMs — through the fake's injection
// methods, so the bot receives the same Socket Mode envelopes as from
// Slack, and shows what the bot sends, as the fake recorded it.
package sandbox

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
)

//go:embed web
var webFiles embed.FS

// Command is a slash command of the app, as the message box suggests it.
type Command struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	UsageHint   string `json:"usage_hint"`
}

// Ticker runs the scheduled jobs: the scheduler.
type Ticker interface {
	// RunThrough runs every slot between from and to, in order, each at
	// its own time, moving the clock there first with advance.
	RunThrough(ctx context.Context, from, to time.Time, advance func(time.Time)) ([]schedules.Ran, error)
	Tick(ctx context.Context, now time.Time) error
}

// Deps is what the page needs.
type Deps struct {
	Slack *slacktest.Server
	Store *store.Store
	Clock *Clock
	// Ticker runs the slots the clock passes when it is moved forward; nil
	// when no scheduler runs.
	Ticker Ticker
	// Commands are the app's slash commands; others are refused as Slack
	// refuses them.
	Commands []Command
	// DefaultTZ is the coalition's timezone until its setup gives one.
	DefaultTZ *time.Location
	Log       *slog.Logger
	// SignIn is a one-time link signing a member in to the web scorecard;
	// nil hides the page header's Scorecard link.
	SignIn func(teamID, userID string) (string, error)
}

// Server serves the page and the API behind it.
type Server struct {
	Deps
	mux   *http.ServeMux
	local *localLog

	done      chan struct{}
	closeOnce sync.Once
}

// New returns the page's server.
func New(d Deps) *Server {
	if d.DefaultTZ == nil {
		d.DefaultTZ = time.UTC
	}
	s := &Server{Deps: d, local: newLocalLog(d.Clock.Now), done: make(chan struct{})}
	s.mux = s.routes()
	return s
}

// ServeHTTP serves the page, its files and its API, to the page alone
// (see guard).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if guard(w, r) {
		s.mux.ServeHTTP(w, r)
	}
}

// Close ends the open event streams, so that the HTTP server can shut down.
func (s *Server) Close() { s.closeOnce.Do(func() { close(s.done) }) }

func (s *Server) routes() *http.ServeMux {
	static, _ := fs.Sub(webFiles, "web")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, static, "index.html")
	})
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /api/workspace", s.handleWorkspace)
	mux.HandleFunc("GET /api/conversation", s.handleConversation)
	mux.HandleFunc("GET /api/summary", s.handleSummary)
	mux.HandleFunc("GET /api/modal", s.handleModal)
	mux.HandleFunc("GET /api/home", s.handleHome)
	mux.HandleFunc("GET /api/clock", s.handleClock)
	mux.HandleFunc("GET /api/file", s.handleFile)
	mux.HandleFunc("GET /api/scorecard", s.handleScorecard)
	mux.HandleFunc("GET /api/events", s.handleEvents)
	mux.HandleFunc("POST /api/command", s.handleCommand)
	mux.HandleFunc("POST /api/message", s.handleMessage)
	mux.HandleFunc("POST /api/action", s.handleAction)
	mux.HandleFunc("POST /api/submit", s.handleSubmit)
	mux.HandleFunc("POST /api/close", s.handleClose)
	mux.HandleFunc("POST /api/home", s.handleHomeOpened)
	mux.HandleFunc("POST /api/join", s.handleJoin)
	mux.HandleFunc("POST /api/clock", s.handleAdvance)
	return mux
}
