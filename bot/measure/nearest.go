package measure

import (
	"slices"
	"strings"
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
		d := levenshtein(w, cr)
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

// levenshtein is the number of one-rune insertions, deletions and
// substitutions that turn a into b.
func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
