package perf

import (
	"math"
	"slices"
	"time"
)

// Percentile returns the q-th quantile (0 ≤ q ≤ 1) of sorted by the
// nearest-rank method: the smallest value with at least q of the values at
// or below it. It returns 0 for no values.
func Percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(q*float64(len(sorted)) - 1e-9))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// Summary is the distribution of a set of latencies.
type Summary struct {
	N                        int
	P50, P99, P999, Max, Min time.Duration
}

// Summarize sorts a copy of ds and reads its percentiles.
func Summarize(ds []time.Duration) Summary {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return Summary{}
	}
	return Summary{N: len(s), Min: s[0], Max: s[len(s)-1],
		P50: Percentile(s, 0.50), P99: Percentile(s, 0.99), P999: Percentile(s, 0.999)}
}
