package measure

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReport feeds the /report parser arbitrary text: it must never panic,
// refuse only with a message for the user, and accept only values and
// periods the indicator's rules allow.
func FuzzReport(f *testing.F) {
	f.Add("youth-binge-drinking 18.5% 2026-Q3 town=Greenfield -- spring survey, n=412")
	now := testNow(f)
	defs := []Definition{binge(), {Unit: Count, Cadence: Monthly}, {Unit: Currency, Cadence: Yearly}, {Unit: Number, Cadence: Quarterly}}
	f.Fuzz(func(t *testing.T, text string) {
		l, err := ParseLine(text)
		again, err2 := ParseLine(text)
		if !reflect.DeepEqual(l, again) || (err == nil) != (err2 == nil) {
			t.Fatalf("ParseLine(%q) is not deterministic", text)
		}
		if err != nil {
			assertMessage(t, text, err)
			return
		}
		if l.Key == "" || l.Key != strings.ToLower(l.Key) || utf8.RuneCountInString(l.Note) > MaxNoteLen {
			t.Fatalf("ParseLine(%q) = %+v", text, l)
		}
		for _, def := range defs {
			e, err := l.Check(def, now)
			if err != nil {
				assertMessage(t, text, err)
				continue
			}
			checkEntry(t, text, def, e)
		}
	})
}

func assertMessage(t *testing.T, text string, err error) {
	t.Helper()
	var me *Error
	if !errors.As(err, &me) || strings.TrimSpace(me.Msg) == "" {
		t.Fatalf("%q: error %v is not a message for the user", text, err)
	}
}

// checkEntry asserts that an accepted report obeys the definition.
func checkEntry(t *testing.T, text string, def Definition, e Entry) {
	t.Helper()
	now := testNow(t)
	v := e.Value
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) >= maxMagnitude:
		t.Fatalf("%q: value %v out of range", text, v)
	case def.Unit != Number && v < 0:
		t.Fatalf("%q: negative %s %v", text, def.Unit, v)
	case def.Unit == Percent && v > 100:
		t.Fatalf("%q: percent %v", text, v)
	case def.Unit == Count && v != math.Trunc(v):
		t.Fatalf("%q: count %v", text, v)
	case e.Period.Cadence != def.Cadence || !e.Period.Closed(now):
		t.Fatalf("%q: period %v for a %s indicator at %v", text, e.Period, def.Cadence, now)
	}
	if back, err := ParseValue(Exact(v), def.Unit); err != nil || back != v {
		t.Fatalf("%q: %v does not read back: %v, %v", text, v, back, err)
	}
	if back, err := ParsePeriod(e.Period.String(), def.Cadence, now); err != nil || back != e.Period {
		t.Fatalf("%q: period %v does not read back: %v, %v", text, e.Period, back, err)
	}
	for _, part := range SegmentParts(e.Segment) {
		i := slices.IndexFunc(def.Dimensions, func(d Dimension) bool { return d.Name == part[0] })
		if i < 0 || !slices.Contains(def.Dimensions[i].Values, part[1]) {
			t.Fatalf("%q: segment %q is not in the definition", text, e.Segment)
		}
	}
}
