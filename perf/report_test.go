package perf

import (
	"bytes"
	"testing"
	"time"
)

func TestFormatFigure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		value  float64
		unit   string
		target *Target
		want   string
	}{
		{"no target", 1.234, UnitMS, nil, "bench ack p50=1.23ms"},
		{"under", 8.1, UnitMS, Below(20), "bench ack p50=8.1ms target<20ms ok"},
		{"at the limit of below", 20, UnitMS, Below(20), "bench ack p50=20ms target<20ms MISSED"},
		{"at least", 1400, UnitRate, AtLeast(1000), "bench ack p50=1400/s target>=1000/s ok"},
		{"ratio", 1.1, UnitNone, AtMost(1.10), "bench ack p50=1.1 target<=1.1 ok"},
		{"count", 0, UnitNone, AtMost(0), "bench ack p50=0 target<=0 ok"},
		{"missed count", 3, UnitNone, AtMost(0), "bench ack p50=3 target<=0 MISSED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := FormatFigure("ack", "p50", tt.value, tt.unit, tt.target); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {0.0123, "0.0123"}, {0.5, "0.5"}, {1.234, "1.23"}, {1.2, "1.2"}, {12.34, "12.3"},
		{12.0, "12"}, {123.4, "123"}, {12345.6, "12346"}, {-2.5, "-2.5"},
	}
	for _, tt := range tests {
		if got := FormatValue(tt.in); got != tt.want {
			t.Errorf("FormatValue(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestReportListsMissedTargets(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	r := NewReport(&out)
	r.Duration("ack", "p99", 25*time.Millisecond, Below(20))
	r.Bytes("footprint", "idle_rss", 12<<20, Below(40))
	r.Note("ack", "rate=200/s")
	want := "bench ack p99=25ms target<20ms MISSED\nbench footprint idle_rss=12MB target<40MB ok\nbench ack rate=200/s\n"
	if out.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", out.String(), want)
	}
	if m := r.Missed(); len(m) != 1 || m[0] != "ack p99" {
		t.Errorf("missed = %v, want [ack p99]", m)
	}
}

func TestPercentile(t *testing.T) {
	t.Parallel()
	ms := func(n ...int) []time.Duration {
		var out []time.Duration
		for _, v := range n {
			out = append(out, time.Duration(v)*time.Millisecond)
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		q      float64
		want   time.Duration
	}{
		{"empty", nil, 0.5, 0},
		{"one", ms(7), 0.999, 7 * time.Millisecond},
		{"median of four is the second", ms(1, 2, 3, 4), 0.5, 2 * time.Millisecond},
		{"p99 of 100", ms(hundred...), 0.99, 99 * time.Millisecond},
		{"p99.9 of 100 is the max", ms(hundred...), 0.999, 100 * time.Millisecond},
		{"p0 is the min", ms(3, 9), 0, 3 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Percentile(tt.sorted, tt.q); got != tt.want {
				t.Errorf("Percentile(%v) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

func TestSummarizeDoesNotReorderItsInput(t *testing.T) {
	t.Parallel()
	in := []time.Duration{3, 1, 2}
	s := Summarize(in)
	if s.Min != 1 || s.Max != 3 || s.P50 != 2 || s.N != 3 {
		t.Errorf("summary = %+v", s)
	}
	if in[0] != 3 || in[1] != 1 {
		t.Errorf("input reordered: %v", in)
	}
}

func TestParseKB(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"   14336 kB", 14336 << 10, false},
		{"\t0 kB", 0, false},
		{" 12 MB", 0, true},
		{"kB", 0, true},
	}
	for _, tt := range tests {
		got, err := parseKB(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("parseKB(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
