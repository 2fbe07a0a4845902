package sandbox

import (
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// filesByID is every file the bot uploaded, by ID.
func (s *Server) filesByID() map[string]slacktest.File {
	out := map[string]slacktest.File{}
	for _, f := range s.Slack.Files() {
		out[f.ID] = f
	}
	return out
}

func isImage(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif":
		return true
	}
	return false
}

// handleFile serves a file the bot shared, to someone who may read the
// conversation it was shared in: images inline, anything else (the CSV
// exports) as a download.
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	as, ok := s.actor(w, r.URL.Query().Get("as"))
	if !ok {
		return
	}
	f, found := s.filesByID()[r.URL.Query().Get("id")]
	if !found || !f.Completed || f.Channel == "" {
		fail(w, http.StatusNotFound, "no such file")
		return
	}
	if err := s.canSee(as.ID, f.Channel); err != nil {
		fail(w, http.StatusForbidden, err.Error())
		return
	}
	ctype := mime.TypeByExtension(strings.ToLower(path.Ext(f.Filename)))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if !isImage(f.Filename) {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Filename}))
	}
	_, _ = w.Write(f.Content)
}
