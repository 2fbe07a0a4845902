package measure

import (
	"slices"
	"strings"

	"github.com/backbone-coalition/backbone/args"
)

// Nearest lists up to n candidates close to word, closest first, for a
// "did you mean" hint: those within a few typos of it (more for longer
// words), and those containing it or contained in it. Case is ignored; ties
// keep the candidates' order.
func Nearest(word string, candidates []string, n int) []string {
	w := []rune(strings.ToLower(strings.TrimSpace(word)))
	if len(w) == 0 {
		return nil
	}
	type scored struct {
		c     string
		score int
	}
	var found []scored
	limit := max(2, len(w)/3)
	for _, c := range candidates {
		cr := []rune(strings.ToLower(c))
		d := args.Distance(string(w), string(cr))
		if len(w) >= 3 && (strings.Contains(string(cr), string(w)) || strings.Contains(string(w), string(cr))) {
			d = min(d, 1)
		}
		if d <= limit && d < max(len(w), len(cr)) {
			found = append(found, scored{c, d})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int { return a.score - b.score })
	out := make([]string, 0, min(n, len(found)))
	for _, f := range found[:min(n, len(found))] {
		out = append(out, f.c)
	}
	return out
}
