package importer_test

import (
	"context"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/importer"
	"github.com/backbone-coalition/backbone/importer/importtest"
)

// BenchmarkImportCoalition applies the acceptance coalition's five files
// (300 partners, 1,200 members, 20 groups, 10 indicators, 48,000 reports,
// about 2% bad rows) into an empty database: the target is under
// 10 s (BENCHMARKS.md).
func BenchmarkImportCoalition(b *testing.B) {
	c := importtest.Generate(importtest.Acceptance())
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		im := newImporter(b, c.People)
		b.StartTimer()
		for _, f := range c.Files {
			start := time.Now()
			if _, err := im.Apply(ctx, importer.Request{TeamID: team, Actor: "UADMIN", Kind: f.Kind, Data: f.Data}); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %s", f.Kind, time.Since(start))
		}
	}
}
