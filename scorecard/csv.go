package scorecard

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// writeCSV answers rows as a CSV download named name.
func (s *Server) writeCSV(w http.ResponseWriter, r *http.Request, name string, rows [][]string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename=%q`, name))
	cw := csv.NewWriter(w)
	for _, row := range rows {
		safe := make([]string, len(row))
		for i, c := range row {
			safe[i] = cell(c)
		}
		if err := cw.Write(safe); err != nil {
			s.Log.Error("scorecard csv", "path", r.URL.Path, "err", err)
			return
		}
	}
	cw.Flush()
}

// cell defuses a value a spreadsheet would run as a formula.
func cell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return "'" + v
		}
	}
	return v
}

func (s *Server) overviewCSV(w http.ResponseWriter, r *http.Request, rd *reader) {
	rows, _, err := s.summaries(r, rd, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := [][]string{{"key", "indicator", "latest", "period", "trend", "status", "baseline", "target", "direction"}}
	for _, row := range rows {
		out = append(out, []string{row.Key, row.Name, row.Latest, row.Period, row.Trend, row.Status, row.Baseline, row.Target, row.Direction})
	}
	s.writeCSV(w, r, "scorecard-overview.csv", out)
}

// indicatorCSV is what the indicator page shows: its periods, each
// partner's latest value, each segment's latest figure.
func (s *Server) indicatorCSV(w http.ResponseWriter, r *http.Request, rd *reader) {
	d, ok := s.indicator(w, r, rd)
	if !ok {
		return
	}
	out := [][]string{{"section", "period", "name", "value", "partners", "definition_version"}}
	for _, p := range d.PeriodRows() {
		version := ""
		if p.Version > 0 {
			version = strconv.Itoa(p.Version)
		}
		out = append(out, []string{"coalition", p.Period, d.Ind.Name, p.Value, strconv.Itoa(p.Partners), version})
	}
	latest := d.Latest.String()
	for _, p := range d.Partners() {
		out = append(out, []string{"partner", latest, p.Name, strings.Trim(p.Value, "_"), "", ""})
	}
	for _, seg := range d.Segments() {
		for _, v := range seg.Values {
			out = append(out, []string{"segment " + seg.Dimension, latest, v.Name, v.Value, "", ""})
		}
	}
	for _, v := range d.OwnSegments() {
		out = append(out, []string{"own segment", latest, v.Name, v.Value, "", ""})
	}
	s.writeCSV(w, r, d.Ind.Key+".csv", out)
}
