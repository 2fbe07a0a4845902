package args

import "strings"

// Closest returns the candidate nearest to word, without regard to case, for
// a "did you mean" hint. It reports false when none is within an edit
// distance of 2, or when the only close ones would need every letter
// changed ("ab" is not close to "xy"). Ties go to the earlier candidate.
func Closest(word string, candidates []string) (string, bool) {
	w := []rune(strings.ToLower(word))
	best, bestDist, found := "", 3, false
	for _, c := range candidates {
		cr := []rune(strings.ToLower(c))
		d := distance(w, cr)
		if d < bestDist && d < max(len(w), len(cr)) {
			best, bestDist, found = c, d, true
		}
	}
	return best, found
}

// Distance is the edit (Levenshtein) distance between a and b: the number
// of one-rune insertions, deletions and substitutions that turn a into b.
func Distance(a, b string) int { return distance([]rune(a), []rune(b)) }

func distance(a, b []rune) int {
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
