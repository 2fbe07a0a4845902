package scorecard

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/store"
)

type healthPage struct {
	Session *session
	Days    int
	Rows    []healthRow
}

type healthRow struct {
	Name            string
	Reports, OnTime string
}

// seesHealth reports whether the reader may see coalition health: staff
// and the steering committee, as in the digest and the Home tab.
func seesHealth(rd *reader) bool { return rd.sess.SeesHealth() }

func (s *Server) health(w http.ResponseWriter, r *http.Request, rd *reader) {
	hs, ok := s.readHealth(w, r, rd)
	if !ok {
		return
	}
	page := healthPage{Session: rd.sess, Days: indicator.HealthDays}
	for _, h := range hs {
		page.Rows = append(page.Rows, healthRow{Name: h.Name, Reports: share(h.Sent, h.Owed, "none owed"), OnTime: share(h.OnTime, h.Due, "none due")})
	}
	s.render(w, http.StatusOK, "health", page)
}

func (s *Server) healthCSV(w http.ResponseWriter, r *http.Request, rd *reader) {
	hs, ok := s.readHealth(w, r, rd)
	if !ok {
		return
	}
	out := [][]string{{"partner", "reports_owed", "reports_sent", "commitments_due", "commitments_on_time"}}
	for _, h := range hs {
		out = append(out, []string{h.Name, strconv.Itoa(h.Owed), strconv.Itoa(h.Sent), strconv.Itoa(h.Due), strconv.Itoa(h.OnTime)})
	}
	s.writeCSV(w, r, "coalition-health.csv", out)
}

// readHealth is coalition health for those who may see it; false after
// answering otherwise.
func (s *Server) readHealth(w http.ResponseWriter, r *http.Request, rd *reader) ([]store.PartnerHealth, bool) {
	if !seesHealth(rd) {
		s.message(w, http.StatusForbidden, "Coalition health is for staff and the steering committee", "The overview shows every indicator.", nil)
		return nil, false
	}
	hs, err := s.Indicators.Health(r.Context(), rd.teamID)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return hs, true
}

// share is "5 of 6 (83%)", or none when nothing counts.
func share(n, of int, none string) string {
	if of == 0 {
		return none
	}
	return fmt.Sprintf("%d of %d (%d%%)", n, of, n*100/of)
}
