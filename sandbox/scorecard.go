package sandbox

import "net/http"

// handleScorecard signs the person the page acts as in to the web
// scorecard, as the link the bot DMs them would.
func (s *Server) handleScorecard(w http.ResponseWriter, r *http.Request) {
	if s.SignIn == nil {
		http.NotFound(w, r)
		return
	}
	user := r.URL.Query().Get("as")
	if _, err := s.Store.Member(r.Context(), TeamID, user); err != nil {
		http.Error(w, "that person is not in the coalition yet", http.StatusNotFound)
		return
	}
	link, err := s.SignIn(TeamID, user)
	if err != nil {
		s.Log.Error("sandbox scorecard link", "err", err)
		http.Error(w, "could not make a sign-in link", http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, link, http.StatusSeeOther)
}
