package scorecard

import (
	"errors"
	"net/http"

	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/store"
)

// reader is who reads a page: a signed-in member, or (sess nil) anyone
// on the public pages.
type reader struct {
	sess   *session
	viewer indicator.Viewer
	teamID string
	// prefix is where this reader's indicator pages are, before the key.
	prefix string
}

type readerHandler func(http.ResponseWriter, *http.Request, *reader)

// public runs next for anyone, on the public indicator the path names:
// another indicator is not found, whether it exists or not.
func (s *Server) public(next readerHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		team := r.PathValue("team")
		ind, err := s.Store.IndicatorByKey(r.Context(), team, r.PathValue("key"))
		if errors.Is(err, store.ErrNotFound) || err == nil && (!ind.Public || ind.Archived) {
			s.message(w, http.StatusNotFound, "Not found", "There is no public indicator here. The public scorecard lists those there are.", nil)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v, err := s.Indicators.PublicViewer(r.Context(), team)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		next(w, r, &reader{viewer: v, teamID: team, prefix: "/public/" + team + "/"})
	}
}

// indicator is the indicator the path names, as the reader may see it;
// false after answering when there is none.
func (s *Server) indicator(w http.ResponseWriter, r *http.Request, rd *reader) (indicator.Detail, bool) {
	ind, err := s.Store.IndicatorByKey(r.Context(), rd.teamID, r.PathValue("key"))
	if errors.Is(err, store.ErrNotFound) {
		s.message(w, http.StatusNotFound, "No such indicator", "The overview lists every indicator.", nil)
		return indicator.Detail{}, false
	}
	if err != nil {
		s.fail(w, r, err)
		return indicator.Detail{}, false
	}
	d, err := s.Indicators.DetailOf(r.Context(), ind, rd.viewer)
	if err != nil {
		s.fail(w, r, err)
		return indicator.Detail{}, false
	}
	return d, true
}
