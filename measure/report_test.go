package measure

import (
	"strings"
	"testing"
)

// binge is a quarterly percent indicator broken down by town and grade.
func binge() Definition {
	return Definition{Unit: Percent, Cadence: Quarterly, Dimensions: []Dimension{
		{Name: "town", Values: []string{"Greenfield", "Orange", "Athol"}},
		{Name: "grade", Values: []string{"8", "10", "12"}},
	}}
}

func TestReportLine(t *testing.T) {
	t.Parallel()
	now := testNow(t)
	tests := []struct {
		text    string
		key     string
		value   float64
		period  string
		segment string
		partner string
		note    string
		err     string
	}{
		{text: "youth-binge-drinking 18.5% 2026-Q3 town=Greenfield -- spring survey, n=412",
			key: "youth-binge-drinking", value: 18.5, period: "2026-Q3", segment: "town=Greenfield", note: "spring survey, n=412"},
		{text: "Youth-Binge-Drinking 18.5", key: "youth-binge-drinking", value: 18.5, period: "2026-Q3"},
		{text: "k 18.5 last quarter", key: "k", value: 18.5, period: "2026-Q3"},
		{text: "k 18.5 Q2 2026", key: "k", value: 18.5, period: "2026-Q2"},
		{text: "k 18.5 % 2026-Q1", key: "k", value: 18.5, period: "2026-Q1"},
		{text: "k 18.5 grade=8 town=orange", key: "k", value: 18.5, period: "2026-Q3", segment: "town=Orange;grade=8"},
		{text: `k 18.5 partner="Greenfield Public Schools"`, key: "k", value: 18.5, period: "2026-Q3", partner: "Greenfield Public Schools"},
		{text: "k 18.5 partner=“Orange PD” — smart dash", key: "k", value: 18.5, period: "2026-Q3", partner: "Orange PD", note: "smart dash"},
		{text: "k 18.5 -- &lt;b&gt; &amp; co", key: "k", value: 18.5, period: "2026-Q3", note: "<b> & co"},
		{text: "k 18.5 --", key: "k", value: 18.5, period: "2026-Q3"},

		{text: "", err: "Which indicator?"},
		{text: "-- only a note", err: "Which indicator?"},
		{text: "k", err: "Give the value"},
		{text: "k 18.5 2026-Q3 spring survey", err: "Put a note after --"},
		{text: "k 18,5", err: "use a point for decimals"},
		{text: "k 118%", err: "over 100%"},
		{text: "k 18.5 2026-11", err: "reported quarterly"},
		{text: "k 18.5 2026-Q4", err: "still running"},
		{text: "k 18.5 2027-Q1", err: "in the future"},
		{text: "k 18.5 city=Greenfield", err: "not broken down by city"},
		{text: "k 18.5 twn=Greenfield", err: "Did you mean town=?"},
		{text: "k 18.5 town=Boston", err: "Use one of: Greenfield, Orange, Athol"},
		{text: "k 18.5 town=Orange town=Athol", err: "given twice"},
		{text: "k 18.5 <@U123|pat>", err: "can't use"},
		{text: `k 18.5 partner="Open quote`, err: "never closed"},
		{text: "k 18.5 -- " + strings.Repeat("x", 501), err: "keep it to 500"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			l, err := ParseLine(tt.text)
			var e Entry
			if err == nil {
				e, err = l.Check(binge(), now)
			}
			if tt.err != "" {
				assertUserError(t, err, tt.err)
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if l.Key != tt.key || e.Value != tt.value || e.Period.String() != tt.period || e.Segment != tt.segment ||
				l.Partner != tt.partner || e.Note != tt.note {
				t.Errorf("got key=%q value=%v period=%s segment=%q partner=%q note=%q", l.Key, e.Value, e.Period, e.Segment, l.Partner, e.Note)
			}
		})
	}
}

func TestReportLineJoinsDigitGroups(t *testing.T) {
	t.Parallel()
	l, err := ParseLine("students-enrolled 1 234 567 2026-Q3")
	if err != nil {
		t.Fatal(err)
	}
	e, err := l.Check(Definition{Unit: Count, Cadence: Quarterly}, testNow(t))
	if err != nil || e.Value != 1234567 || e.Period.String() != "2026-Q3" {
		t.Errorf("got %+v, %v", e, err)
	}
	l, err = ParseLine("grants $ 12,000 2025")
	if err != nil {
		t.Fatal(err)
	}
	e, err = l.Check(Definition{Unit: Currency, Cadence: Yearly}, testNow(t))
	if err != nil || e.Value != 12000 || e.Period.String() != "2025" {
		t.Errorf("got %+v, %v", e, err)
	}
}

func TestParseDimensions(t *testing.T) {
	t.Parallel()
	dims, err := ParseDimensions("town: Greenfield, Orange , Athol\n\nGrade: 8,10,12")
	if err != nil {
		t.Fatal(err)
	}
	if got := FormatDimensions(dims); got != "town: Greenfield, Orange, Athol\ngrade: 8, 10, 12" {
		t.Errorf("round trip = %q", got)
	}
	for text, want := range map[string]string{
		"town Greenfield, Orange": "has no colon",
		"town: Greenfield":        "at least two values",
		"town: A, a":              "twice",
		"Town Name: A, B":         "can't be a dimension name",
		"partner: A, B":           "can't be a dimension name",
		"town: A=1, B":            "character values can't have",
		"town: A, B\ntown: C, D":  "listed twice",
		"a: 1, 2\nb: 1, 2\nc: 1, 2\nd: 1, 2\ne: 1, 2": "keep it to 4",
	} {
		_, err := ParseDimensions(text)
		assertUserError(t, err, want)
	}
}
