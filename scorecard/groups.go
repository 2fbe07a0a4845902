package scorecard

import (
	"net/http"
	"strconv"

	"github.com/backbone-coalition/backbone/store"
)

// recentDone is how many done commitments a working group shows.
const recentDone = 5

type groupsPage struct {
	Session *session
	Groups  []groupView
	// Names are members' display names by user ID.
	Names map[string]string
}

type groupView struct {
	Group      store.WorkingGroup
	Open, Done []store.Commitment
}

func (s *Server) groupViews(r *http.Request, teamID string) ([]groupView, error) {
	gs, err := s.Store.Groups(r.Context(), teamID)
	if err != nil {
		return nil, err
	}
	open, done := store.StatusOpen, store.StatusDone
	var out []groupView
	for _, g := range gs {
		v := groupView{Group: g}
		if v.Open, err = s.Store.Commitments(r.Context(), teamID, store.CommitmentFilter{GroupID: &g.ID, Status: &open}); err != nil {
			return nil, err
		}
		if v.Done, err = s.Store.Commitments(r.Context(), teamID, store.CommitmentFilter{GroupID: &g.ID, Status: &done, NewestFirst: true, Limit: recentDone}); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Server) groups(w http.ResponseWriter, r *http.Request, rd *reader) {
	gs, err := s.groupViews(r, rd.teamID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, err := s.names(r, rd.teamID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, http.StatusOK, "groups", groupsPage{Session: rd.sess, Groups: gs, Names: names})
}

func (s *Server) groupsCSV(w http.ResponseWriter, r *http.Request, rd *reader) {
	gs, err := s.groupViews(r, rd.teamID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := [][]string{{"working_group", "commitment_id", "owner", "text", "due", "status", "health"}}
	for _, g := range gs {
		for _, c := range append(append([]store.Commitment{}, g.Open...), g.Done...) {
			out = append(out, []string{g.Group.Name, strconv.FormatInt(c.ID, 10), c.OwnerID, c.Text, due(c), c.Status, c.Health})
		}
	}
	s.writeCSV(w, r, "working-groups.csv", out)
}

// due is a commitment's due date, or "".
func due(c store.Commitment) string {
	if c.Due == nil {
		return ""
	}
	return c.Due.Format("2006-01-02")
}

// names are the team's members' display names by user ID.
func (s *Server) names(r *http.Request, teamID string) (map[string]string, error) {
	ms, err := s.Store.Members(r.Context(), teamID, store.MemberFilter{})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(ms))
	for _, m := range ms {
		out[m.UserID] = m.DisplayName
	}
	return out, nil
}
