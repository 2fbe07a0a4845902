package bot_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/importer"
)

// exampleFile reads one of the README's example files.
func exampleFile(t *testing.T, kind string) []byte {
	t.Helper()
	b, err := os.ReadFile("../docs/import/" + kind + ".csv")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// shareCSV shares a file in user's DM with the bot and returns the bot's
// next DM to them (the preview, or why not).
func shareCSV(h *harness, user, name string, content []byte) slacktest.Message {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	before := len(h.slack.Messages())
	if _, err := h.slack.ShareFileInDM(ctx, slacktest.SharedFile{User: user, Filename: name, Mimetype: "text/csv", Filetype: "csv", Content: content}); err != nil {
		h.t.Fatal(err)
	}
	m, err := h.waitNew(ctx, before, func(m slacktest.Message) bool { return m.User == user && !m.ViaResponseURL && !m.Updated })
	if err != nil {
		h.t.Fatalf("no answer to %s sharing %s: %v", user, name, err)
	}
	return m
}

// clickImport presses the Import button of a preview and returns the
// message it was replaced with.
func clickImport(h *harness, user string, preview slacktest.Message) string {
	h.t.Helper()
	var blocks any
	if err := jsonUnmarshal(preview.Blocks, &blocks); err != nil {
		h.t.Fatal(err)
	}
	id, value := findButton(blocks, "Import")
	if id == "" {
		h.t.Fatalf("the preview has no Import button: %s", flatten(preview))
	}
	ctx, cancel := h.timeout()
	defer cancel()
	before := len(h.slack.Messages())
	if _, err := h.slack.BlockAction(ctx, slacktest.BlockActionReq{UserID: user, ChannelID: preview.Channel, MessageTS: preview.TS, ActionID: id, Value: value}); err != nil {
		h.t.Fatal(err)
	}
	m, err := h.waitNew(ctx, before, func(m slacktest.Message) bool { return m.ViaResponseURL })
	if err != nil {
		h.t.Fatalf("no answer to Import: %v", err)
	}
	return flatten(m)
}

func TestImportCSVSharedInDMByStaff(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	preview := shareCSV(h, adminID, "partners.csv", exampleFile(t, "partners"))
	mustContain(t, flatten(preview), "Import preview: partners.csv", "4 rows to add", "0 rows refused", "Greenfield Public Schools")
	if n := countRows(t, h, "partners"); n != 0 {
		t.Fatalf("the preview changed the database: %d partners", n)
	}
	mustContain(t, clickImport(h, adminID, preview), "Imported *partners.csv*", "4 to add")
	if n := countRows(t, h, "partners"); n != 4 {
		t.Errorf("%d partners after the import, want 4", n)
	}
	mustContain(t, flatten(shareCSV(h, adminID, "partners.csv", exampleFile(t, "partners"))), "4 rows unchanged", "Nothing to change")

	// A members file: a Slack Connect person matched by email, someone
	// Slack does not know listed as refused with the reason.
	h.slack.AddUser(slacktest.User{ID: "U0EXT", Name: "eve", RealName: "Eve External", TZ: "Europe/Lisbon", Email: "eve@partner.example", TeamID: "T0OTHERORG"})
	members := "email,partner,role\neve@partner.example,Community Action Pioneer Valley,partner\nnobody@nowhere.example,Greenfield Public Schools,partner\n"
	mp := shareCSV(h, adminID, "people.csv", []byte(members))
	mustContain(t, flatten(mp), "1 row to add", "1 row refused", "line 3", "no one in Slack matches", "nobody@nowhere.example")
	clickImport(h, adminID, mp)
	m, err := h.store.Member(context.Background(), h.slack.Options().TeamID, "U0EXT")
	if err != nil || m.PartnerName != "Community Action Pioneer Valley" || !m.External() || m.Email != "eve@partner.example" {
		t.Errorf("imported member %+v, %v: want the external person with their partner and email", m, err)
	}
	entries, err := h.store.AuditLog(context.Background(), h.slack.Options().TeamID, 10)
	var imports []string
	for _, e := range entries {
		if e.Entity == "import" {
			imports = append(imports, e.Action+" "+e.EntityID)
		}
	}
	if err != nil || strings.Join(imports, ", ") != "import.members people.csv, import.partners partners.csv" {
		t.Errorf("audit log has imports %q, %v: want the two imports", imports, err)
	}
}

func TestImportRefusals(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	for _, tc := range []struct {
		user, name string
		content    []byte
		want       string
	}{
		{partnerID, "partners.csv", exampleFile(t, "partners"), "Only backbone staff can import"},
		{adminID, "partners.csv", []byte("name,sector\n\xe9cole,education\n"), "Line 2 is not UTF-8"},
		{adminID, "partners.xlsx", []byte("PK\x03\x04rest"), "not a CSV file"},
		{adminID, "data.csv", []byte("colour,size\nred,2\n"), "can't tell what"},
		{adminID, "partners.csv", []byte("name,secter\nA,education\n"), `"secter" is not a column`},
	} {
		mustContain(t, flatten(shareCSV(h, tc.user, tc.name, tc.content)), tc.want)
	}
	if n := countRows(t, h, "import_drafts") + countRows(t, h, "partners"); n != 0 {
		t.Errorf("refused files left %d rows", n)
	}
}

func TestImportPasteModalAndExport(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	ctx, cancel := h.timeout()
	defer cancel()
	if _, err := h.slack.SlashCommand(ctx, slacktest.Slash{UserID: adminID, ChannelID: generalID, Command: "/backbone", Text: "import"}); err != nil {
		t.Fatal(err)
	}
	view, err := h.slack.WaitView(ctx, func(v slacktest.View) bool { return v.CallbackID == "admin:import_paste" })
	if err != nil {
		t.Fatalf("no Paste CSV modal: %v", err)
	}
	before := len(h.slack.Messages())
	vals := map[string]map[string]slacktest.Value{
		"import_kind": {"import_kind": {SelectedOption: "partners"}},
		"import_csv":  {"import_csv": {Value: string(exampleFile(t, "partners"))}},
	}
	if _, err := h.slack.ViewSubmission(ctx, slacktest.ViewSubmitReq{UserID: adminID, ViewID: view.ID, Values: vals}); err != nil {
		t.Fatal(err)
	}
	preview, err := h.waitNew(ctx, before, func(m slacktest.Message) bool { return m.User == adminID && strings.Contains(m.Text, "Import preview") })
	if err != nil {
		t.Fatalf("no preview of the pasted rows: %v", err)
	}
	clickImport(h, adminID, preview)

	mustContain(t, h.command(adminID, generalID, "/backbone", "export"), "I sent you", ".zip")
	var zipped []byte
	waitFor(t, func() bool {
		for _, f := range h.slack.Files() {
			if strings.HasPrefix(f.Filename, "backbone-export-") && f.Completed {
				zipped = f.Content
				return true
			}
		}
		return false
	})
	want, err := importer.ExportAll(context.Background(), h.store, h.slack.Options().TeamID)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(got, want[f.Name]) {
			t.Errorf("%s in the zip differs from the export:\n%s", f.Name, got)
		}
	}
	if len(zr.File) != 5 || !bytes.Contains(want["partners.csv"], []byte("Greenfield Public Schools,education,GPS,no")) {
		t.Errorf("%d files in the zip; partners.csv:\n%s", len(zr.File), want["partners.csv"])
	}
}
