package scorecard

import (
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/bot/chart"
	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

type overviewPage struct {
	Session   *session
	Coalition store.Coalition
	Rows      []overviewRow
	Prefix    string
}

type overviewRow struct {
	indicator.WebSummary
	// Spark is the sparkline as a data: URL ("" when none).
	Spark template.URL
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request, rd *reader) {
	rows, co, err := s.summaries(r, rd, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, http.StatusOK, "overview", overviewPage{Session: rd.sess, Coalition: co, Rows: rows, Prefix: rd.prefix})
}

// summaries are the overview's rows; onlyPublic keeps public indicators.
func (s *Server) summaries(r *http.Request, rd *reader, onlyPublic bool) ([]overviewRow, store.Coalition, error) {
	co, err := s.Store.Coalition(r.Context(), rd.teamID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, co, err
	}
	sums, err := s.Indicators.Summaries(r.Context(), rd.teamID)
	if err != nil {
		return nil, co, err
	}
	var rows []overviewRow
	for _, sum := range sums {
		if onlyPublic && !sum.Ind.Public {
			continue
		}
		ws := sum.Web(rd.viewer)
		rows = append(rows, overviewRow{WebSummary: ws, Spark: spark(ws.Spark)})
	}
	return rows, co, nil
}

// spark is the sparkline as an SVG data: URL, drawn by bot/chart from
// numbers only. An <img>, not inline SVG: the CSP refuses the inline style
// attributes the SVG draws with, while an image is a document of its own.
func spark(l chart.Line) template.URL {
	svg, err := l.SparkSVG(120, 32)
	if err != nil {
		return ""
	}
	return template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg)) // #nosec G203: our own drawing
}

type indicatorPageData struct {
	Session  *session
	Public   bool
	D        indicator.Detail
	Ind      store.Indicator
	Prefix   string
	Alt      string
	Periods  []indicator.PeriodRow
	Segments []segmentView
	Own      []indicator.PartnerRow
	Partners []indicator.PartnerRow
	// Reporters are the names of the partners expected to report it.
	Reporters   []string
	Commitments []store.Commitment
	Threshold   int
}

type segmentView struct {
	N     int
	Row   indicator.SegmentRow
	Chart bool
	Alt   string
}

func (s *Server) indicatorPage(w http.ResponseWriter, r *http.Request, rd *reader) {
	d, ok := s.indicator(w, r, rd)
	if !ok {
		return
	}
	data := indicatorPageData{Session: rd.sess, Public: rd.sess == nil, D: d, Ind: d.Ind, Prefix: rd.prefix + d.Ind.Key,
		Alt: trendAlt(d), Periods: d.PeriodRows(), Own: d.OwnSegments(), Partners: d.Partners(), Threshold: rd.viewer.Threshold}
	charts, err := s.Indicators.SegmentCharts(r.Context(), d)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for i, row := range d.Segments() {
		sv := segmentView{N: i, Row: row}
		if i < len(charts) {
			sv.Chart = len(charts[i].Series) > 0
			sv.Alt = segmentAlt(charts[i])
		}
		data.Segments = append(data.Segments, sv)
	}
	if data.Reporters, err = s.reporters(r, d.Ind); err != nil {
		s.fail(w, r, err)
		return
	}
	if rd.sess != nil {
		if data.Commitments, err = s.Store.IndicatorCommitments(r.Context(), rd.teamID, d.Ind.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, http.StatusOK, "indicator", data)
}

// reporters are the names of the partners expected to report ind.
func (s *Server) reporters(r *http.Request, ind store.Indicator) ([]string, error) {
	ps, err := s.Store.Partners(r.Context(), ind.TeamID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range ps {
		if ind.Reports(p.ID) {
			out = append(out, p.Name)
		}
	}
	return out, nil
}

// trendAlt says in words what the trend chart shows.
func trendAlt(d indicator.Detail) string {
	rows := d.PeriodRows()
	if len(rows) == 0 || rows[0].Value == "" && len(rows) == 1 {
		return "No figures yet."
	}
	alt := fmt.Sprintf("Line chart of %s from %s to %s.", d.Ind.Name, rows[len(rows)-1].Period, rows[0].Period)
	for _, row := range rows {
		if row.Value != "" && row.Value != "suppressed" {
			alt += fmt.Sprintf(" Latest: %s in %s.", row.Value, row.Period)
			break
		}
	}
	if d.Ind.TargetValue != nil {
		alt += fmt.Sprintf(" Target %s by %s (dashed line).", measure.Format(*d.Ind.TargetValue, d.Ind.Unit), d.Ind.TargetPeriod)
	}
	if d.Ind.BaselineValue != nil {
		alt += fmt.Sprintf(" Baseline %s (dotted line).", measure.Format(*d.Ind.BaselineValue, d.Ind.Unit))
	}
	return alt + " The table below lists every period."
}

// segmentAlt says what a segment chart shows.
func segmentAlt(c chart.Segments) string {
	names := make([]string, 0, len(c.Series))
	for _, sr := range c.Series {
		names = append(names, sr.Name)
	}
	alt := fmt.Sprintf("%s: one line per segment (%s).", c.Title, strings.Join(names, ", "))
	if len(c.Omitted) > 0 {
		alt += " Not shown, to protect small numbers: " + strings.Join(c.Omitted, ", ") + "."
	}
	return alt + " The table beside it lists the latest figures."
}

func (s *Server) trendSVG(w http.ResponseWriter, r *http.Request, rd *reader) {
	d, ok := s.indicator(w, r, rd)
	if !ok {
		return
	}
	s.svg(w, r, func() ([]byte, error) { return indicator.TrendChart(d).SVG() })
}

func (s *Server) segmentsSVG(w http.ResponseWriter, r *http.Request, rd *reader) {
	d, ok := s.indicator(w, r, rd)
	if !ok {
		return
	}
	name, isSVG := strings.CutSuffix(r.PathValue("file"), ".svg")
	n, err := strconv.Atoi(name)
	charts, cerr := s.Indicators.SegmentCharts(r.Context(), d)
	if cerr != nil {
		s.fail(w, r, cerr)
		return
	}
	if err != nil || !isSVG || n < 0 || n >= len(charts) {
		http.NotFound(w, r)
		return
	}
	s.svg(w, r, charts[n].SVG)
}

// svg answers a drawn chart; one with nothing to draw is not found.
func (s *Server) svg(w http.ResponseWriter, r *http.Request, draw func() ([]byte, error)) {
	b, err := draw()
	if errors.Is(err, chart.ErrEmpty) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	_, _ = w.Write(b)
}

func (s *Server) saveStory(w http.ResponseWriter, r *http.Request, rd *reader) {
	if !rd.sess.Staff() {
		s.message(w, http.StatusForbidden, "Only backbone staff edit stories", "Ask your backbone staff to change it.", nil)
		return
	}
	ind, err := s.Store.IndicatorByKey(r.Context(), rd.teamID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	story := strings.TrimSpace(r.PostFormValue("story"))
	if n := utf8.RuneCountInString(story); n > indicator.MaxStory {
		s.message(w, http.StatusBadRequest, "That story is too long", fmt.Sprintf("It is %d characters; keep it under %d. Go back to shorten it.", n, indicator.MaxStory), nil)
		return
	}
	if err := s.Indicators.SaveStory(r.Context(), ind.ID, story, rd.sess.Member.UserID); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, rd.prefix+ind.Key+"#story", http.StatusSeeOther)
}

type publicPage struct {
	Session *session
	Teams   []publicTeam
}

type publicTeam struct {
	Coalition store.Coalition
	Prefix    string
	Rows      []overviewRow
}

// publicOverview lists the public indicators of every coalition served
// here (one, usually), with suppression always applied.
func (s *Server) publicOverview(w http.ResponseWriter, r *http.Request) {
	teams, err := s.Store.PublicTeams(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var page publicPage
	for _, team := range teams {
		v, err := s.Indicators.PublicViewer(r.Context(), team)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		rd := &reader{viewer: v, teamID: team, prefix: "/public/" + team + "/"}
		rows, co, err := s.summaries(r, rd, true)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		page.Teams = append(page.Teams, publicTeam{Coalition: co, Prefix: rd.prefix, Rows: rows})
	}
	s.render(w, http.StatusOK, "public", page)
}
