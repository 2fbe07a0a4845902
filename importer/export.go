package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// Export writes the coalition's rows of kind as CSV, in the format Import
// reads: importing it into an empty coalition and exporting again gives
// the same bytes.
func Export(ctx context.Context, st *store.Store, teamID string, kind Kind) ([]byte, error) {
	rows, err := exportRows(ctx, st, teamID, kind)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", kind, err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(kind.Columns())
	for _, r := range rows {
		_ = w.Write(r)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func exportRows(ctx context.Context, st *store.Store, teamID string, kind Kind) ([][]string, error) {
	switch kind {
	case Partners:
		return partnerRows(ctx, st, teamID)
	case Groups:
		return groupRows(ctx, st, teamID)
	case Members:
		return memberRows(ctx, st, teamID)
	case Indicators:
		return indicatorRows(ctx, st, teamID)
	case Reports:
		return reportRows(ctx, st, teamID)
	}
	return nil, fmt.Errorf("unknown kind %q", kind)
}

func partnerRows(ctx context.Context, st *store.Store, teamID string) ([][]string, error) {
	ps, err := st.AllPartners(ctx, teamID)
	var rows [][]string
	for _, p := range ps {
		rows = append(rows, texts(p.Name, p.Sector, p.ShortName, yesNo(p.Archived)))
	}
	return rows, err
}

func groupRows(ctx context.Context, st *store.Store, teamID string) ([][]string, error) {
	gs, err := st.AllGroups(ctx, teamID)
	var rows [][]string
	for _, g := range gs {
		rows = append(rows, texts(g.Name, g.ChannelID, g.LeadUserID, g.Purpose, yesNo(g.Archived)))
	}
	return rows, err
}

func memberRows(ctx context.Context, st *store.Store, teamID string) ([][]string, error) {
	ms, err := st.MemberRows(ctx, teamID)
	var rows [][]string
	for _, m := range ms {
		rows = append(rows, texts(m.UserID, m.Email, m.DisplayName, m.PartnerName, m.Role, m.TZOverride, strings.Join(m.Groups, "; ")))
	}
	return rows, err
}

func indicatorRows(ctx context.Context, st *store.Store, teamID string) ([][]string, error) {
	inds, err := st.AllIndicators(ctx, teamID)
	if err != nil {
		return nil, err
	}
	ps, err := st.AllPartners(ctx, teamID)
	var rows [][]string
	for _, ind := range inds {
		var partners []string
		for _, p := range ps {
			if ind.Reports(p.ID) {
				partners = append(partners, p.Name)
			}
		}
		rows = append(rows, append(texts(ind.Key, ind.Name, ind.Definition, string(ind.Unit), string(ind.Direction), string(ind.Cadence), string(ind.Combine)),
			number(ind.BaselineValue), text(ind.BaselinePeriod), number(ind.TargetValue), text(ind.TargetPeriod),
			text(ind.GroupName), text(dimensionsCell(ind.Dimensions)), text(strings.Join(partners, "; ")), yesNo(ind.Archived)))
	}
	return rows, err
}

func reportRows(ctx context.Context, st *store.Store, teamID string) ([][]string, error) {
	rs, err := st.LatestReports(ctx, teamID, store.ReportFilter{})
	var rows [][]string
	for _, r := range rs {
		rows = append(rows, []string{text(r.IndicatorKey), text(r.PartnerName), r.Period, text(r.Segment), measure.Exact(r.Value), text(r.Note)})
	}
	return rows, err
}

func dimensionsCell(ds store.Dimensions) string {
	parts := make([]string, 0, len(ds))
	for _, d := range ds {
		parts = append(parts, d.Name+": "+strings.Join(d.Values, ", "))
	}
	return strings.Join(parts, "; ")
}

func number(v *float64) string {
	if v == nil {
		return ""
	}
	return measure.Exact(*v)
}

// text makes a text cell safe to open in a spreadsheet: one that would be
// run as a formula gets a leading apostrophe, which Import takes off again.
func text(s string) string {
	if t := strings.TrimLeft(s, " \t\r\n"); t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		return "'" + s
	}
	return s
}

func texts(ss ...string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = text(s)
	}
	return out
}

// ExportAll exports every kind, keyed by file name ("partners.csv").
func ExportAll(ctx context.Context, st *store.Store, teamID string) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, k := range Kinds() {
		b, err := Export(ctx, st, teamID, k)
		if err != nil {
			return nil, err
		}
		files[string(k)+".csv"] = b
	}
	return files, nil
}

// WriteDir exports every kind into dir, one file per kind.
func WriteDir(ctx context.Context, st *store.Store, teamID, dir string) ([]string, error) {
	files, err := ExportAll(ctx, st, teamID)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	var written []string
	for _, k := range Kinds() {
		path := filepath.Join(dir, string(k)+".csv")
		if err := os.WriteFile(path, files[string(k)+".csv"], 0o640); err != nil {
			return written, fmt.Errorf("write %s: %w", path, err)
		}
		written = append(written, path)
	}
	return written, nil
}

// Zip packs every kind's file into one zip archive, dated at.
func Zip(files map[string][]byte, at time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, k := range Kinds() {
		name := string(k) + ".csv"
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: at})
		if err != nil {
			return nil, fmt.Errorf("zip %s: %w", name, err)
		}
		if _, err := w.Write(files[name]); err != nil {
			return nil, fmt.Errorf("zip %s: %w", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("zip: %w", err)
	}
	return buf.Bytes(), nil
}
