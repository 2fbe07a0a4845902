package main_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/store/storetest"
)

// TestDemoSeedUsage checks that a mistaken `demo seed` says what to type
// and exits 2 before touching any database.
func TestDemoSeedUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown size", []string{"demo", "seed", "--size", "huge"}, `--size is small, medium or large, not "huge"`},
		{"team with the small demo", []string{"demo", "seed", "--team", "T123"}, "--team is for --size medium or large"},
		{"stray argument", []string{"demo", "seed", "now"}, "backbone demo seed [--size small|medium|large]"},
		{"no seed", []string{"demo"}, "backbone demo seed [--size small|medium|large]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}, tt.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tt.want)
			}
		})
	}
}

// TestDemoSeedMedium generates the medium coalition into an external
// database, says what it wrote, and refuses to write it twice.
func TestDemoSeedMedium(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_URL": storetest.NewURL(t), "LOG_LEVEL": "warn"}
	r := run(t, env, "demo", "seed", "--size", "medium", "--team", "T0MEDIUM")
	if r.code != 0 || !strings.Contains(r.stdout, "Generated a medium coalition for team T0MEDIUM") ||
		!regexp.MustCompile(`commitments +8000 rows`).MatchString(r.stdout) {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and the rows written", r.code, r.stdout, r.stderr)
	}
	r = run(t, env, "demo", "seed", "--size", "medium", "--team", "T0MEDIUM")
	if r.code != 2 || !strings.Contains(r.stderr, "team T0MEDIUM already has a coalition or members") {
		t.Errorf("second seed: exit %d, stderr %q; want 2 and a refusal", r.code, r.stderr)
	}
}
