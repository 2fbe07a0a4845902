package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/store/storetest"
)

// TestImportAndExportCommands: `backbone import` previews with --dry-run,
// imports, refuses a bad file with status 1 and a usage mistake with 2;
// `backbone export` writes the five files.
func TestImportAndExportCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"DATABASE_URL": storetest.NewURL(t), "LOG_LEVEL": "warn"}
	partners, err := filepath.Abs("../../docs/import/partners.csv")
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("name,sector\nCaf\xe9,business\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args   []string
		status int
		out    string
	}{
		{[]string{"import", "partners", partners, "--team", "T1", "--dry-run"}, 0, "partners preview (nothing changed): 4 to add"},
		{[]string{"import", "partners", partners, "--team", "T1"}, 0, "partners imported: 4 to add"},
		{[]string{"import", "partners", partners, "--team", "T1"}, 0, "nothing to change: 0 to add, 0 to update, 4 unchanged"},
		{[]string{"import", "partners", bad, "--team", "T1"}, 1, "Line 2 is not UTF-8"},
		{[]string{"import", "widgets", partners}, 2, `"widgets" is not a kind of file`},
		{[]string{"import", "partners"}, 2, "backbone import KIND FILE"},
		{[]string{"export", filepath.Join(dir, "out"), "--team", "T1"}, 0, "wrote " + filepath.Join(dir, "out", "reports.csv")},
	} {
		p := start(t, strings.Join(tc.args[:2], " "), dir, env, tc.args...)
		if code := p.wait(startTimeout); code != tc.status || !strings.Contains(p.stdout.String()+p.stderr.String(), tc.out) {
			t.Errorf("backbone %s: status %d, output %q %q; want %d and %q", strings.Join(tc.args, " "), code, p.stdout.String(), p.stderr.String(), tc.status, tc.out)
		}
	}
	got, err := os.ReadFile(filepath.Join(dir, "out", "partners.csv"))
	if err != nil || !strings.Contains(string(got), "Greenfield Public Schools,education,GPS,no") {
		t.Errorf("exported partners.csv: %q, %v", got, err)
	}
}
