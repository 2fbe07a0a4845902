package importer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/importer"
	"github.com/backbone-coalition/backbone/importer/importtest"
)

func apply(t *testing.T, im importer.Importer, kind importer.Kind, data string) importer.Plan {
	t.Helper()
	p, err := im.Apply(context.Background(), importer.Request{TeamID: team, Actor: "UADMIN", Kind: kind, Data: []byte(data)})
	if err != nil {
		t.Fatalf("import %s: %v", kind, err)
	}
	return p
}

// TestAnUpdatedFileUpdates: changed rows are updated, the others left as
// they are, and an export's apostrophes before formula-like text come off.
func TestAnUpdatedFileUpdates(t *testing.T) {
	t.Parallel()
	people := importtest.Directory{"u0000001": {UserID: "U0000001", TZ: "UTC"}, "ana@example.org": {UserID: "U0000001", TZ: "UTC"}}
	im := newImporter(t, people)
	apply(t, im, importer.Partners, "name,sector\nGreenfield Schools,education\nSheriff,government\n")
	p := apply(t, im, importer.Partners, "name,sector,short_name\ngreenfield schools,education,GS\nSheriff,government,\n'-Dash Org,other,\n")
	if p.Summary() != "1 to add, 1 to update, 1 unchanged, 0 refused" {
		t.Errorf("second file: %s", p.Summary())
	}
	apply(t, im, importer.Groups, "name,channel\nYouth,C0YOUTH\n")
	apply(t, im, importer.Members, "email,partner,role,groups\nana@example.org,Sheriff,steering,Youth\n")
	p = apply(t, im, importer.Members, "slack_id,timezone\nU0000001,Europe/Paris\n")
	if p.Count(importer.Update) != 1 {
		t.Errorf("a new timezone: %s", p.Summary())
	}
	m, err := im.Store.Member(context.Background(), team, "U0000001")
	if err != nil || m.TZ != "Europe/Paris" || m.TZOverride != "Europe/Paris" || m.Role != "steering" || m.PartnerName != "Sheriff" || m.Email != "ana@example.org" {
		t.Errorf("member after two files: %+v %v", m, err)
	}
	out, err := importer.Export(context.Background(), im.Store, team, importer.Partners)
	if err != nil || !strings.Contains(string(out), "'-Dash Org,other,,no") {
		t.Errorf("export of a formula-like name: %s %v", out, err)
	}
}

// TestFormulaCellsAreRefused: a text cell starting with =, +, - or @ is
// refused with its line; numbers may be negative.
func TestFormulaCellsAreRefused(t *testing.T) {
	t.Parallel()
	im := newImporter(t, nil)
	p := apply(t, im, importer.Partners, "name,sector,short_name\n=1+1,education,\n+A,education,\n-A,education,\n@SUM(A1),education,\n \t=A,education,\nOK,education,@x\nFine,education,\n")
	var lines []int
	for _, r := range p.Refused {
		lines = append(lines, r.Line)
		if !strings.Contains(r.Reason, "formula") {
			t.Errorf("line %d: %s", r.Line, r.Reason)
		}
	}
	if len(lines) != 6 || p.Count(importer.Add) != 1 {
		t.Errorf("refused lines %v, %s; want 2-7 refused and Fine added", lines, p.Summary())
	}
}
