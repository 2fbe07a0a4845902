package bot_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/backbone-coalition/backbone/internal/testkit"
)

// TestGoldenViewsShowNoRawMarkup scans every feature's golden view for what
// people must never see: a live broadcast, raw mention markup in a quote,
// bold nested in bold.
func TestGoldenViewsShowNoRawMarkup(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*/testdata/*.json")
	if err != nil || len(files) < 5 {
		t.Fatalf("found %d golden files (%v); want every feature's", len(files), err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range testkit.BlockTexts(raw) {
			for _, p := range testkit.ShownTextProblems(text) {
				t.Errorf("%s: %s", f, p)
			}
		}
	}
}
