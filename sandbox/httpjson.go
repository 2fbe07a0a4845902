package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// maxBody bounds a request body of the page.
const maxBody = 1 << 20

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// fail answers {"error": msg}, which the page shows.
func fail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// internal logs err and answers with a fixed message.
func (s *Server) internal(w http.ResponseWriter, what string, err error) {
	s.Log.Error("sandbox page: "+what, "err", err)
	fail(w, http.StatusInternalServerError, "something went wrong, it is in the sandbox's log")
}

// decode reads a JSON body into v and the person acting, named by as once
// v is read; it answers and reports false when either is wrong.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any, as func() string) (slacktest.User, bool) {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(v); err != nil {
		fail(w, http.StatusBadRequest, fmt.Sprintf("unreadable request: %v", err))
		return slacktest.User{}, false
	}
	return s.actor(w, as())
}

// actor finds the person the page acts as.
func (s *Server) actor(w http.ResponseWriter, id string) (slacktest.User, bool) {
	for _, u := range s.Slack.Users() {
		if u.ID == id && !u.IsBot && !u.Deleted {
			return u, true
		}
	}
	fail(w, http.StatusBadRequest, fmt.Sprintf("no person %q in the workspace: pick someone in “You are”", id))
	return slacktest.User{}, false
}
