package importer_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/importer"
	"github.com/backbone-coalition/backbone/importer/importtest"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

const team = "T1"

var clock = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func newImporter(t testing.TB, people importer.People) importer.Importer {
	t.Helper()
	return importer.Importer{Store: store.New(storetest.NewDB(t)), People: people, Now: func() time.Time { return clock }}
}

func refusedLines(p importer.Plan) []int {
	var lines []int
	for _, r := range p.Refused {
		lines = append(lines, r.Line)
	}
	return lines
}

// importAll previews and applies every file of c in order, checking that
// each preview refuses exactly the bad rows.
func importAll(t *testing.T, im importer.Importer, c importtest.Coalition) []importer.Plan {
	t.Helper()
	ctx := context.Background()
	var plans []importer.Plan
	for _, f := range c.Files {
		req := importer.Request{TeamID: team, Actor: "UADMIN", Kind: f.Kind, Filename: string(f.Kind) + ".csv", Data: f.Data}
		preview, err := im.Preview(ctx, req)
		if err != nil {
			t.Fatalf("preview %s: %v", f.Kind, err)
		}
		if got := refusedLines(preview); !slices.Equal(got, f.Bad) {
			t.Errorf("%s: preview refused lines %v\nwant the bad rows %v\nreasons: %v", f.Kind, got, f.Bad, preview.Refused)
		}
		applied, err := im.Apply(ctx, req)
		if err != nil {
			t.Fatalf("apply %s: %v", f.Kind, err)
		}
		if applied.Summary() != preview.Summary() {
			t.Errorf("%s: applied %q, previewed %q", f.Kind, applied.Summary(), preview.Summary())
		}
		plans = append(plans, applied)
	}
	return plans
}

// TestImportGeneratedCoalition is the acceptance test: a generated
// coalition of 300 partners, 1,200 members, 20 groups, 10 indicators and
// 5 years of monthly reports with about 2% bad rows. The preview lists
// exactly the bad rows, a second import changes nothing, and export →
// import into an empty database → export gives identical files.
func TestImportGeneratedCoalition(t *testing.T) {
	t.Parallel()
	c := importtest.Generate(importtest.Acceptance())
	im := newImporter(t, c.People)
	first := importAll(t, im, c)
	wantAdded := map[importer.Kind]int{importer.Partners: 300, importer.Groups: 20, importer.Members: 1200, importer.Indicators: 10, importer.Reports: 48000}
	for _, p := range first {
		if p.Count(importer.Add) != wantAdded[p.Kind] {
			t.Errorf("%s: %s; want %d added", p.Kind, p.Summary(), wantAdded[p.Kind])
		}
	}
	for _, p := range importAll(t, im, c) {
		if !p.NoOp() || p.Count(importer.Unchanged) != wantAdded[p.Kind] {
			t.Errorf("second import of %s: %s; want every row unchanged", p.Kind, p.Summary())
		}
	}
	ctx := context.Background()
	exported, err := importer.ExportAll(ctx, im.Store, team)
	if err != nil {
		t.Fatal(err)
	}
	again := newImporter(t, c.People)
	for _, k := range importer.Kinds() {
		p, err := again.Apply(ctx, importer.Request{TeamID: team, Actor: "UADMIN", Kind: k, Data: exported[string(k)+".csv"]})
		if err != nil || len(p.Refused) > 0 {
			t.Fatalf("import exported %s: %v %v", k, err, p.Refused)
		}
	}
	reexported, err := importer.ExportAll(ctx, again.Store, team)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range exported {
		if !bytes.Equal(b, reexported[name]) {
			t.Errorf("%s differs after the round trip (%d bytes, then %d)", name, len(b), len(reexported[name]))
		}
	}
	checkAudit(t, im.Store, 10)
}

// checkAudit: every import, and only imports, are in the audit log.
func checkAudit(t *testing.T, st *store.Store, want int) {
	t.Helper()
	es, err := st.AuditLog(context.Background(), team, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != want {
		t.Fatalf("%d audit entries, want %d (one per import)", len(es), want)
	}
	for _, e := range es {
		if e.Entity != "import" {
			t.Errorf("audit entry %s %s: not an import", e.Action, e.Entity)
		}
	}
}
