package bot_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
)

// storedRevision is one row of the reports table, read independently of
// the bot's queries.
type storedRevision struct {
	Indicator string    `db:"indicator"`
	Partner   string    `db:"partner"`
	Period    string    `db:"period"`
	Segment   string    `db:"segment"`
	Value     string    `db:"value"`
	Unit      string    `db:"unit"`
	Revision  int       `db:"revision"`
	Version   int       `db:"version"`
	ByName    string    `db:"by_name"`
	By        string    `db:"by"`
	At        time.Time `db:"at"`
	Note      string    `db:"note"`
}

func storedRevisions(t *testing.T, h *harness) []storedRevision {
	t.Helper()
	var rs []storedRevision
	err := h.store.DB().Select(&rs, `
		SELECT i.key AS indicator, p.name AS partner, r.period, r.segment, r.value::text AS value, v.unit,
		       r.revision, r.indicator_version AS version, m.display_name AS by_name, r.reported_by AS by,
		       r.reported_at AS at, r.note
		FROM reports r JOIN indicators i ON i.id = r.indicator_id JOIN partners p ON p.id = r.partner_id
		JOIN indicator_versions v ON v.indicator_id = r.indicator_id AND v.version = r.indicator_version
		JOIN members m ON m.team_id = r.team_id AND m.user_id = r.reported_by
		ORDER BY r.id`)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// parseExport reads an exported CSV back into revisions.
func parseExport(t *testing.T, content []byte) []storedRevision {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(content)).ReadAll()
	if err != nil {
		t.Fatalf("the export is not valid CSV: %v\n%s", err, content)
	}
	if !slices.Equal(rows[0], indicator.ExportColumns()) {
		t.Fatalf("header %v", rows[0])
	}
	var out []storedRevision
	for _, row := range rows[1:] {
		rev, _ := strconv.Atoi(row[6])
		ver, _ := strconv.Atoi(row[7])
		at, err := time.Parse(time.RFC3339, row[10])
		if err != nil {
			t.Fatalf("reported_at %q: %v", row[10], err)
		}
		out = append(out, storedRevision{Indicator: row[0], Partner: row[1], Period: row[2], Segment: row[3], Value: row[4],
			Unit: row[5], Revision: rev, Version: ver, ByName: row[8], By: row[9], At: at, Note: row[11]})
	}
	return out
}

// key identifies a revision.
func (r storedRevision) key() string {
	return strings.Join([]string{r.Indicator, r.Partner, r.Period, r.Segment, strconv.Itoa(r.Revision)}, "|")
}

func TestExportRoundTrips(t *testing.T) {
	t.Parallel()
	h := indicatorSetup(t)
	h.defineIndicator(bingeSpec())
	h.defineIndicator(servedSpec())
	for _, r := range []struct{ user, text string }{
		{partnerID, `youth-binge-drinking 18.5 -- spring survey, "PNA", n=412`},
		{partnerID, "youth-binge-drinking 19.25 -- corrected: two schools were missing"},
		{partnerID, "youth-binge-drinking 20 2026-Q2 town=Orange -- Orange only; ½ the sample"},
		{leadID, "youth-binge-drinking 21 2026-Q1"},
		{leadID, "youth-served 1 234 567 2026-Q2"},
		{steeringID, "youth-served 9"},
		{adminID, `youth-served 12 partner="Mahalo Café" -- entered by staff from the paper form`},
	} {
		mustContain(t, h.command(r.user, generalID, "/report", r.text), "✅")
	}
	form := h.openModal(partnerID, "/report", "", "report:form")
	input := h.reportInput("youth-served", "2026-Q3", "count", "")
	note := "line one\nline two, with a comma"
	if ack := h.submit(partnerID, form.ID, map[string]map[string]slacktest.Value{input: {input: {Value: "77"}}, "report_note": {"report_note": {Value: note}}}); ack != "" {
		t.Fatalf("form refused: %s", ack)
	}
	waitFor(t, func() bool { return reportRows(t, h) == 8 })

	mustContain(t, h.command(adminID, generalID, "/indicators", "export"), "indicators_2026-11-23.csv", "8 rows")
	got := parseExport(t, h.waitFile("indicators_2026-11-23.csv").Content)
	stored := storedRevisions(t, h)
	if len(got) != len(stored) {
		t.Fatalf("the export has %d rows, the database %d revisions", len(got), len(stored))
	}
	byKey := map[string]storedRevision{}
	for _, r := range got {
		byKey[r.key()] = r
	}
	for _, want := range stored {
		r, ok := byKey[want.key()]
		if !ok {
			t.Errorf("revision %s is missing from the export", want.key())
			continue
		}
		wv, _ := strconv.ParseFloat(want.Value, 64)
		gv, err := strconv.ParseFloat(r.Value, 64)
		if err != nil || gv != wv {
			t.Errorf("%s: value %q, stored %s", want.key(), r.Value, want.Value)
		}
		if !r.At.Equal(want.At.Truncate(time.Second)) {
			t.Errorf("%s: reported_at %v, stored %v", want.key(), r.At, want.At)
		}
		r.Value, r.At, want.Value, want.At = "", time.Time{}, "", time.Time{}
		if r != want {
			t.Errorf("export row differs:\n got %+v\nwant %+v", r, want)
		}
	}

	// A narrower export, and what a steering member gets.
	mustContain(t, h.command(adminID, generalID, "/indicators", "export youth-binge-drinking from=2026-Q2 to=2026-Q2"), "1 row")
	narrow := parseExport(t, h.waitFile("youth-binge-drinking_from_2026-Q2_to_2026-Q2.csv").Content)
	if len(narrow) != 1 || narrow[0].Segment != "town=Orange" {
		t.Errorf("narrow export: %+v", narrow)
	}
	mustContain(t, h.command(steeringID, generalID, "/indicators", "export youth-served"), "Counts under 10 show as <10")
	var values []string
	for _, r := range parseExport(t, h.waitFile("youth-served_2026-11-23.csv").Content) {
		values = append(values, r.Partner+"="+r.Value)
	}
	slices.Sort(values)
	if fmt.Sprint(values) != "[Greenfield Public Schools=77 Mahalo Café=12 Mahalo Café=1234567 Orange Police Department=<10]" {
		t.Errorf("steering export values: %v", values)
	}
}

func TestExportCSVDefusesFormulas(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 10, 2, 9, 30, 0, 0, time.UTC)
	out, err := indicator.ExportCSV([]store.Report{
		{IndicatorKey: "k", PartnerName: "=HYPERLINK(\"x\")", Period: "2026-Q3", Value: -4.5, Unit: "number", Revision: 1, IndicatorVersion: 1,
			ReportedByName: "@pat", ReportedBy: "U1", ReportedAt: at, Note: "+1 more"},
		{IndicatorKey: "k", PartnerName: "P", Period: "2026-Q3", Value: 3, Unit: "count", Revision: 2, IndicatorVersion: 1, ReportedAt: at},
	}, 10, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if r := rows[1]; r[1] != `'=HYPERLINK("x")` || r[4] != "-4.5" || r[8] != "'@pat" || r[10] != "2026-10-02T09:30:00Z" || r[11] != "'+1 more" {
		t.Errorf("row %q", r)
	}
	if rows[2][4] != "<10" {
		t.Errorf("a small count was not suppressed: %q", rows[2])
	}
}

// TestExportCSVDefusesEveryFormulaStart: the ASCII starts of a formula,
// their full-width forms (which spreadsheets normalise), tab and CR.
func TestExportCSVDefusesEveryFormulaStart(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 10, 2, 9, 30, 0, 0, time.UTC)
	for _, tc := range []struct{ name, in, want string }{
		{"equals", "=1+1", "'=1+1"},
		{"plus", "+1", "'+1"},
		{"minus", "-1", "'-1"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\t=1", "'\t=1"},
		{"carriage return", "\r=1", "'\r=1"},
		{"full-width equals", "＝HYPERLINK(\"x\")", "'＝HYPERLINK(\"x\")"},
		{"full-width plus", "＋1", "'＋1"},
		{"full-width minus", "－1", "'－1"},
		{"full-width at", "＠SUM(A1)", "'＠SUM(A1)"},
		{"plain", "Greenfield", "Greenfield"},
		{"inner equals", "a=b", "a=b"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := indicator.ExportCSV([]store.Report{{IndicatorKey: "k", PartnerName: tc.in, Period: "2026-Q3", Segment: tc.in,
				Value: 1, Unit: "number", Revision: 1, IndicatorVersion: 1, ReportedByName: tc.in, ReportedBy: "U1", ReportedAt: at, Note: tc.in}}, 0, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, col := range []int{1, 3, 8, 11} {
				if got := rows[1][col]; got != tc.want {
					t.Errorf("column %s = %q, want %q", rows[0][col], got, tc.want)
				}
			}
		})
	}
}

// TestExportFlagsAFigureReportedBeforeItsLinkWasConfirmed: no pending
// member can report, so the flag is an exception to look into.
func TestExportFlagsAFigureReportedBeforeItsLinkWasConfirmed(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	out, err := indicator.ExportCSV([]store.Report{
		{IndicatorKey: "served", PartnerName: "Greenfield", Period: "2026-10", Value: 12, Unit: "count", ReportedAt: at},
		{IndicatorKey: "served", PartnerName: "Orange PD", Period: "2026-10", Value: 30, Unit: "count", ReportedAt: at, ConfirmedAfter: true},
	}, 0, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	last := len(rows[0]) - 1
	if rows[0][last] != "link_confirmed_after_report" || rows[1][last] != "" || rows[2][last] != "yes" {
		t.Errorf("flag column %q: %q, %q", rows[0][last], rows[1][last], rows[2][last])
	}
}
