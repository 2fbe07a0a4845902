// Package slacktest is a fake Slack for integration tests: a real HTTP server
// speaking the Web API methods Backbone uses, a Socket Mode WebSocket endpoint
// that slack-go's socketmode client connects to, response_url and file upload
// endpoints, and a client that delivers signed requests to a bot running in
// HTTP mode.
//
// It records everything the bot produces (messages, views, files, API calls),
// enforces Block Kit limits through package blockkit, and can inject faults:
// failures, rate limits, latency and dropped sockets.
//
// The core does not depend on package testing, so it can also back a sandbox;
// New wraps NewServer for tests.
package slacktest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Options configures a Server. Zero fields take the defaults documented on
// each field.
type Options struct {
	// TeamID is the workspace ID; default "T0BACKBONE".
	TeamID string
	// TeamDomain is the workspace domain; default "backbone".
	TeamDomain string
	// AppID is the app's ID; default "A0BACKBONE".
	AppID string
	// BotUserID is the bot user's ID; default "U0BACKBONE".
	BotUserID string
	// BotID is the bot's ID; default "B0BACKBONE".
	BotID string
	// BotToken authorizes Web API calls; default "xoxb-test-bot-token".
	BotToken string
	// AppToken authorizes apps.connections.open; default "xapp-test-app-token".
	AppToken string
	// SigningSecret signs HTTP-mode requests; default "test-signing-secret".
	SigningSecret string
	// ClientID and ClientSecret identify the app to oauth.v2.access;
	// defaults "test-client-id" and "test-client-secret".
	ClientID, ClientSecret string
	// VerificationToken fills the deprecated token field of payloads;
	// default "test-verification-token".
	VerificationToken string
	// PingInterval is how often Socket Mode connections get a WebSocket PING;
	// default 5 s (slack-go reconnects after 30 s without one).
	PingInterval time.Duration
	// Violations is called for every Block Kit violation and every protocol
	// error by the bot. It may be called from any goroutine. Default: ignore
	// (they are still listed by Server.Violations).
	Violations func(error)
	// Now is the clock for timestamps, signatures, trigger and response_url
	// expiry and rate-limit windows; default time.Now. Ack latencies use the
	// real monotonic clock.
	Now func() time.Time
}

func (o *Options) setDefaults() {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&o.TeamID, "T0BACKBONE")
	def(&o.TeamDomain, "backbone")
	def(&o.AppID, "A0BACKBONE")
	def(&o.BotUserID, "U0BACKBONE")
	def(&o.BotID, "B0BACKBONE")
	def(&o.BotToken, "xoxb-test-bot-token")
	def(&o.AppToken, "xapp-test-app-token")
	def(&o.SigningSecret, "test-signing-secret")
	def(&o.ClientID, "test-client-id")
	def(&o.ClientSecret, "test-client-secret")
	def(&o.VerificationToken, "test-verification-token")
	if o.PingInterval <= 0 {
		o.PingInterval = 5 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// ErrClosed is returned by waits and injections once the server is closed.
var ErrClosed = errors.New("slacktest: server closed")

// Server is a running fake Slack. All methods are safe for concurrent use.
type Server struct {
	opts      Options
	ln        net.Listener
	srv       *http.Server
	base      string
	ctx       context.Context
	stop      context.CancelFunc
	wg        sync.WaitGroup
	closeOnce sync.Once

	// ws are the other workspaces of the app (AddWorkspace); enterprise is
	// this workspace's Enterprise Grid org, if any.
	ws         workspaces
	enterprise string

	mu      sync.Mutex
	changed chan struct{}
	closed  bool
	st      *state
}

// NewServer starts a fake Slack on 127.0.0.1 on a free port.
func NewServer(opts Options) *Server {
	opts.setDefaults()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("slacktest: listen: %v", err))
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &Server{
		opts:    opts,
		ln:      ln,
		base:    "http://" + ln.Addr().String(),
		ctx:     ctx,
		stop:    stop,
		changed: make(chan struct{}),
		st:      newState(),
		ws:      workspaces{byTeam: map[string]*Server{}, codes: map[string]*oauthCode{}},
	}
	s.st.teamID = opts.TeamID
	s.srv = &http.Server{Handler: refuseBrowsers(s.routes()), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second}
	s.wg.Go(func() { _ = s.srv.Serve(ln) })
	return s
}

// URL returns the server's base URL, "http://127.0.0.1:PORT".
func (s *Server) URL() string { return s.base }

// APIURL returns the Web API base URL with the trailing slash that
// slack.OptionAPIURL needs: "http://127.0.0.1:PORT/api/".
func (s *Server) APIURL() string { return s.base + "/api/" }

// Options returns the options in force, defaults filled in.
func (s *Server) Options() Options { return s.opts }

// Close drops every Socket Mode connection, stops the server and waits for
// its goroutines. Waits in progress return ErrClosed. Close is idempotent.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.closeWorkspaces()
		s.mu.Lock()
		s.closed = true
		s.notifyLocked()
		s.mu.Unlock()
		s.stop()
		s.DropSockets()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.srv.Shutdown(ctx)
		_ = s.srv.Close()
		s.wg.Wait()
	})
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/{method}", s.handleAPI)
	mux.HandleFunc("GET /api/{method}", s.handleAPI)
	mux.HandleFunc("GET /socket", s.handleSocket)
	mux.HandleFunc("GET /oauth/v2/authorize", s.handleAuthorize)
	mux.HandleFunc("POST /response/{id}", s.handleResponseURL)
	mux.HandleFunc("POST /upload/{id}", s.handleUpload)
	mux.HandleFunc("GET /files-pri/{id}/{name}", s.handlePrivateFile)
	return mux
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor blocks until check, run under s.mu, returns true, the context ends
// or the server closes.
func (s *Server) waitFor(ctx context.Context, check func() bool) error {
	for {
		s.mu.Lock()
		ok, closed, ch := check(), s.closed, s.changed
		s.mu.Unlock()
		switch {
		case ok:
			return nil
		case closed:
			return ErrClosed
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("wait: %w", ctx.Err())
		}
	}
}

// violate records a protocol error or Block Kit violation and reports it.
func (s *Server) violate(err error) {
	s.mu.Lock()
	s.st.violations = append(s.st.violations, err)
	closed := s.closed
	s.notifyLocked()
	s.mu.Unlock()
	if s.opts.Violations != nil && !closed {
		s.opts.Violations(err)
	}
}

// Violations returns every violation reported so far, in order.
func (s *Server) Violations() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]error(nil), s.st.violations...)
}

// now reads the configured clock.
func (s *Server) now() time.Time { return s.opts.Now() }
