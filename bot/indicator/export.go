package indicator

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// ExportColumns are the CSV export's columns, in order.
func ExportColumns() []string {
	return []string{"indicator", "partner", "period", "segment", "value", "unit", "revision", "definition_version",
		"reported_by", "reported_by_id", "reported_at", "note", "link_confirmed_after_report"}
}

const exportExample = "/indicators export youth-binge-drinking from=2025-Q1 to=2026-Q3"

// indicatorExport sends the requester, by DM, every revision of every
// value matching the key and period range, as CSV.
func (s *Service) indicatorExport(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	a, err := kit.ParseArgs(rest, "from", "to")
	if err != nil {
		return kit.Reply{}, err
	}
	if len(a.Positional) > 1 {
		return kit.Reply{}, kit.Sorry("Give at most one indicator key, then the range if you like: `" + exportExample + "`.")
	}
	f, name, err := s.exportFilter(ctx, req.TeamID, a.Words(), a.Named["from"].Text, a.Named["to"].Text)
	if err != nil {
		return kit.Reply{}, err
	}
	rs, err := s.Store.ReportRevisions(ctx, req.TeamID, f)
	if err != nil {
		return kit.Reply{}, err
	}
	if len(rs) == 0 {
		return kit.Reply{Text: "Nothing has been reported for that yet, so there is nothing to export. `/indicators` shows what there is."}, nil
	}
	v, err := s.ViewerOf(ctx, req.Actor)
	if err != nil {
		return kit.Reply{}, err
	}
	content, err := ExportCSV(rs, v.Threshold, s.dir.CoalitionLoc(ctx, req.TeamID))
	if err != nil {
		return kit.Reply{}, err
	}
	filename := name + ".csv"
	if err := s.sendFile(ctx, req.TeamID, req.UserID, filename, name, fmt.Sprintf("📄 %s: every value and correction, one row per revision.", filename), content); err != nil {
		return kit.Reply{}, err
	}
	text := fmt.Sprintf("📄 I sent you *%s* in our DM: %s.", filename, kit.Plural(len(rs), "row", "rows"))
	if v.Threshold > 0 {
		text += fmt.Sprintf(" Counts under %d show as %s.", v.Threshold, measure.SuppressedLabel(v.Threshold))
	}
	return kit.Reply{Text: text}, nil
}

// exportFilter reads the optional key and from=/to= periods into a filter
// and a file name.
func (s *Service) exportFilter(ctx context.Context, teamID string, keys []string, from, to string) (store.ReportFilter, string, error) {
	var f store.ReportFilter
	name, cadence := "indicators", measure.Cadence("")
	now := s.dir.CoalitionNow(ctx, teamID)
	if len(keys) == 1 {
		ind, err := s.findAnyIndicator(ctx, teamID, keys[0])
		if err != nil {
			return f, "", err
		}
		f.IndicatorID, name, cadence = &ind.ID, ind.Key, ind.Cadence
	}
	parse := func(text string) (measure.Period, error) {
		if cadence != "" {
			return measure.ParsePeriod(text, cadence, now)
		}
		return measure.ParseAnyPeriod(text, now)
	}
	var fromP, toP measure.Period
	var err error
	if from != "" {
		if fromP, err = parse(from); err != nil {
			return f, "", fromMeasure(err)
		}
		start := fromP.Start()
		f.From, name = &start, name+"_from_"+fromP.String()
	}
	if to != "" {
		if toP, err = parse(to); err != nil {
			return f, "", fromMeasure(err)
		}
		end := toP.End()
		f.To, name = &end, name+"_to_"+toP.String()
	}
	if from != "" && to != "" && toP.End().Before(fromP.Start()) {
		return f, "", kit.Sorry(fmt.Sprintf("from=%s comes after to=%s; swap them.", fromP, toP))
	}
	if from == "" && to == "" {
		name += "_" + now.Format("2006-01-02")
	}
	return f, name, nil
}

// ExportCSV writes report revisions as CSV, with reported_at in loc.
// Counts below threshold (0 for none) show as "<N". Text that a
// spreadsheet would run as a formula gets a leading apostrophe.
func ExportCSV(rs []store.Report, threshold int, loc *time.Location) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(ExportColumns()); err != nil {
		return nil, fmt.Errorf("write export: %w", err)
	}
	for _, r := range rs {
		value := measure.Exact(r.Value)
		if measure.SmallCount(r.Value, r.Unit, threshold) {
			value = measure.SuppressedLabel(threshold)
		}
		err := w.Write([]string{r.IndicatorKey, cell(r.PartnerName), r.Period, cell(r.Segment), value, string(r.Unit),
			strconv.Itoa(r.Revision), strconv.Itoa(r.IndicatorVersion), cell(r.ReportedByName), r.ReportedBy,
			r.ReportedAt.In(loc).Format(time.RFC3339), cell(r.Note), yesOrBlank(r.ConfirmedAfter)})
		if err != nil {
			return nil, fmt.Errorf("write export: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("write export: %w", err)
	}
	return buf.Bytes(), nil
}

// yesOrBlank is "yes" for true: a flag column people scan for exceptions.
func yesOrBlank(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula: = + - @, their full-width forms (which spreadsheets
// fold to ASCII), tab and carriage return.
const formulaStarts = "=+-@＝＋－＠\t\r"

// cell defuses text a spreadsheet would read as a formula.
func cell(s string) string {
	if r, _ := utf8.DecodeRuneInString(s); s != "" && strings.ContainsRune(formulaStarts, r) {
		return "'" + s
	}
	return s
}
