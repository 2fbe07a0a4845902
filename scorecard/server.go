// Package scorecard is the web scorecard: the coalition's shared measures
// as pages people sign in to with a one-time link the bot DMs them, and
// the indicators staff made public, for anyone. Pages are rendered on the
// server with html/template; what a person sees is exactly what they see
// in Slack (bot/indicator decides it).
package scorecard

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/weblink"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Deps are what the scorecard needs.
type Deps struct {
	Store      *store.Store
	Indicators *indicator.Service
	Signer     weblink.Signer
	// Base is the public URL, without a trailing slash: https makes the
	// session cookie Secure.
	Base string
	Now  func() time.Time
	Log  *slog.Logger
}

// Server serves the scorecard's pages.
type Server struct {
	Deps
	pages map[string]*template.Template
}

// New parses the templates; it fails only on a broken build.
func New(d Deps) (*Server, error) {
	s := &Server{Deps: d, pages: map[string]*template.Template{}}
	for _, page := range []string{"overview", "indicator", "public", "message", "groups", "health"} {
		t, err := template.New("layout.html").Funcs(funcs()).ParseFS(templateFS, "templates/layout.html", "templates/"+page+".html")
		if err != nil {
			return nil, err
		}
		s.pages[page] = t
	}
	return s, nil
}

// Handler serves /scorecard/... and /public/...; mount it on both.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /scorecard/static/", http.StripPrefix("/scorecard/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /scorecard/signin", s.signIn)
	mux.HandleFunc("POST /scorecard/signin/again", s.signInAgain)
	mux.HandleFunc("POST /scorecard/signout", s.signedIn(s.signOut))
	mux.HandleFunc("GET /scorecard/{$}", s.signedIn(s.overview))
	mux.HandleFunc("GET /scorecard/overview.csv", s.signedIn(s.overviewCSV))
	mux.HandleFunc("GET /scorecard/groups", s.signedIn(s.groups))
	mux.HandleFunc("GET /scorecard/groups.csv", s.signedIn(s.groupsCSV))
	mux.HandleFunc("GET /scorecard/health", s.signedIn(s.health))
	mux.HandleFunc("GET /scorecard/health.csv", s.signedIn(s.healthCSV))
	mux.HandleFunc("GET /scorecard/indicators/{key}", s.signedIn(s.indicatorPage))
	mux.HandleFunc("GET /scorecard/indicators/{key}/trend.svg", s.signedIn(s.trendSVG))
	mux.HandleFunc("GET /scorecard/indicators/{key}/segments/{file}", s.signedIn(s.segmentsSVG))
	mux.HandleFunc("GET /scorecard/indicators/{key}/data.csv", s.signedIn(s.indicatorCSV))
	mux.HandleFunc("POST /scorecard/indicators/{key}/story", s.signedIn(s.saveStory))
	mux.HandleFunc("GET /public", s.publicOverview)
	mux.HandleFunc("GET /public/{team}/{key}", s.public(s.indicatorPage))
	mux.HandleFunc("GET /public/{team}/{key}/trend.svg", s.public(s.trendSVG))
	mux.HandleFunc("GET /public/{team}/{key}/segments/{file}", s.public(s.segmentsSVG))
	mux.HandleFunc("GET /public/{team}/{key}/data.csv", s.public(s.indicatorCSV))
	return secure(mux)
}

// csp allows the page's own styles and images and nothing else: no
// script at all, no framing, forms posting back here only.
const csp = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// secure sets the headers every answer carries. No referrer: a sign-in
// link's token must not leave in a Referer header.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		if !strings.HasPrefix(r.URL.Path, "/scorecard/static/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// render writes a page; a template error is logged and answered 500.
func (s *Server) render(w http.ResponseWriter, status int, page string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := s.pages[page].Execute(w, data); err != nil {
		s.Log.Error("scorecard page", "page", page, "err", err)
	}
}

// fail answers an error that is not the reader's with the fixed apology.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.Log.Error("scorecard", "path", r.URL.Path, "err", err)
	s.message(w, http.StatusInternalServerError, "Something went wrong", "Something went wrong on our side and we've logged it. Please try again in a minute.", nil)
}

// message is a page that only says something, with an optional form.
func (s *Server) message(w http.ResponseWriter, status int, title, text string, again *againForm) {
	s.render(w, status, "message", messagePage{Title: title, Text: text, Again: again})
}

type messagePage struct {
	Title, Text string
	Again       *againForm
	Session     *session
}

// againForm offers a new link to the member an old one was for.
type againForm struct{ Token, MAC string }
