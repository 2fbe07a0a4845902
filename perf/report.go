package perf

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Report prints a scenario's figures, one per line, in a stable format that
// scripts can grep:
//
//	bench SCENARIO NAME=VALUEUNIT
//	bench SCENARIO NAME=VALUEUNIT target<LIMITUNIT ok
//	bench SCENARIO NAME=VALUEUNIT target>=LIMITUNIT MISSED
//
// Durations are in ms, sizes in MB, rates in /s; counts and ratios have no
// unit. A figure with a target ends in ok or MISSED.
type Report struct {
	mu     sync.Mutex
	w      io.Writer
	missed []string
}

// NewReport writes figures to w.
func NewReport(w io.Writer) *Report { return &Report{w: w} }

// Units of figures.
const (
	UnitNone = ""
	UnitMS   = "ms"
	UnitMB   = "MB"
	UnitRate = "/s"
)

// Target is a limit a figure must meet: Op is "<", "<=", ">" or ">=".
type Target struct {
	Op    string
	Limit float64
}

// Met reports whether v meets the target.
func (t Target) Met(v float64) bool {
	switch t.Op {
	case "<":
		return v < t.Limit
	case "<=":
		return v <= t.Limit
	case ">":
		return v > t.Limit
	case ">=":
		return v >= t.Limit
	}
	return false
}

// Below and AtLeast build the usual targets.
func Below(limit float64) *Target   { return &Target{Op: "<", Limit: limit} }
func AtMost(limit float64) *Target  { return &Target{Op: "<=", Limit: limit} }
func AtLeast(limit float64) *Target { return &Target{Op: ">=", Limit: limit} }

// Figure prints one figure; target may be nil. It returns whether the
// target was met (true without one).
func (r *Report) Figure(scenario, name string, value float64, unit string, target *Target) bool {
	line := FormatFigure(scenario, name, value, unit, target)
	met := target == nil || target.Met(value)
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(r.w, line)
	if !met {
		r.missed = append(r.missed, scenario+" "+name)
	}
	return met
}

// Duration prints a duration figure in ms; target is in ms.
func (r *Report) Duration(scenario, name string, d time.Duration, target *Target) bool {
	return r.Figure(scenario, name, Millis(d), UnitMS, target)
}

// Bytes prints a size figure in MB (2^20 bytes); target is in MB.
func (r *Report) Bytes(scenario, name string, n int64, target *Target) bool {
	return r.Figure(scenario, name, float64(n)/(1<<20), UnitMB, target)
}

// Note prints a line of context that is not a figure, such as the
// parameters of a run: "bench SCENARIO key=value key=value".
func (r *Report) Note(scenario string, kv ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(r.w, "bench "+scenario+" "+strings.Join(kv, " "))
}

// Missed lists the figures that missed their target, as "scenario name".
func (r *Report) Missed() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.missed...)
}

// FormatFigure renders one figure line (see Report).
func FormatFigure(scenario, name string, value float64, unit string, target *Target) string {
	line := fmt.Sprintf("bench %s %s=%s%s", scenario, name, FormatValue(value), unit)
	if target == nil {
		return line
	}
	verdict := "ok"
	if !target.Met(value) {
		verdict = "MISSED"
	}
	return fmt.Sprintf("%s target%s%s%s %s", line, target.Op, FormatValue(target.Limit), unit, verdict)
}

// FormatValue prints three significant digits at most, and whole numbers
// from 100 on: 0.0123, 1.23, 12.3, 123, 12345.
func FormatValue(v float64) string {
	abs := v
	if abs < 0 {
		abs = -abs
	}
	var s string
	switch {
	case abs >= 100 || abs == float64(int64(abs)):
		s = strconv.FormatFloat(v, 'f', 0, 64)
	case abs >= 10:
		s = strconv.FormatFloat(v, 'f', 1, 64)
	case abs >= 1:
		s = strconv.FormatFloat(v, 'f', 2, 64)
	default:
		s = strconv.FormatFloat(v, 'g', 3, 64)
	}
	if strings.Contains(s, ".") && !strings.Contains(s, "e") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Millis is d in milliseconds, as a float.
func Millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
