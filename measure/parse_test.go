package measure

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// testNow is Monday 23 Nov 2026, 10:00 in Greenfield, Massachusetts: the
// last closed month is 2026-10, quarter 2026-Q3, year 2025.
func testNow(t testing.TB) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(2026, 11, 23, 10, 0, 0, 0, loc)
}

func TestParseValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		unit Unit
		want float64
		// err is part of the message for a refused value; empty when valid.
		err string
	}{
		{"1234", Count, 1234, ""},
		{"1,234", Count, 1234, ""},
		{"1 234", Count, 1234, ""},
		{"1\u00a0234", Count, 1234, ""},
		{"1\u202f234\u202f567", Count, 1234567, ""},
		{"1,234,567", Number, 1234567, ""},
		{"0", Count, 0, ""},
		{"  412 ", Count, 412, ""},
		{"12.0", Count, 12, ""},
		{"18.5%", Percent, 18.5, ""},
		{"18.5 %", Percent, 18.5, ""},
		{"18.5", Percent, 18.5, ""},
		{"100%", Percent, 100, ""},
		{"0%", Percent, 0, ""},
		{".5", Percent, 0.5, ""},
		{"$12,000", Currency, 12000, ""},
		{"$ 12,000.50", Currency, 12000.5, ""},
		{"€1 500", Currency, 1500, ""},
		{"12000", Currency, 12000, ""},
		{"12.5", RatePer1000, 12.5, ""},
		{"1,000", RatePer1000, 1000, ""},
		{"-3.2", Number, -3.2, ""},
		{"+7", Number, 7, ""},
		{"-0", Number, 0, ""},
		{"3.141592", Number, 3.141592, ""},

		{"", Count, 0, "Give a value"},
		{"   ", Percent, 0, "Give a value"},
		{"12.5", Count, 0, "not a whole number"},
		{"-1", Count, 0, "negative"},
		{"-5%", Percent, 0, "negative"},
		{"101%", Percent, 0, "over 100%"},
		{"100.01", Percent, 0, "over 100%"},
		{"18,5", Percent, 0, "use a point for decimals"},
		{"18,5%", Percent, 0, "use a point for decimals"},
		{"1,23", Count, 0, "use a point for decimals"},
		{"1,2345", Count, 0, "use a point for decimals"},
		{"12,34,567", Count, 0, "not a number"},
		{"1,234 567", Count, 0, "not a number"},
		{"1234,567", Count, 0, "not a number"},
		{"18.5%", Count, 0, "has a % sign"},
		{"$12,000", Percent, 0, "currency sign"},
		{"12.345", Currency, 0, "more than two decimals"},
		{"-$5", Currency, 0, "negative"},
		{"1001", RatePer1000, 0, "over 1,000"},
		{"n/a", Count, 0, "not a number"},
		{"twelve", Count, 0, "not a number"},
		{"1e5", Number, 0, "not a number"},
		{"NaN", Number, 0, "not a number"},
		{"Inf", Number, 0, "not a number"},
		{"0x10", Number, 0, "not a number"},
		{"1.2.3", Number, 0, "not a number"},
		{"-", Number, 0, "not a number"},
		{"%", Percent, 0, "not a number"},
		{"$", Currency, 0, "not a number"},
		{"1.0000001", Number, 0, "too many decimals"},
		{"1,000,000,000,000", Number, 0, "too large"},
		{"--5", Number, 0, "not a number"},
	}
	for _, tt := range tests {
		t.Run(string(tt.unit)+"/"+tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseValue(tt.in, tt.unit)
			if tt.err == "" {
				if err != nil || got != tt.want {
					t.Errorf("ParseValue(%q, %s) = %v, %v; want %v", tt.in, tt.unit, got, err, tt.want)
				}
				return
			}
			assertUserError(t, err, tt.err)
		})
	}
}

func TestParsePeriod(t *testing.T) {
	t.Parallel()
	now := testNow(t)
	tests := []struct {
		in      string
		cadence Cadence
		want    string
		err     string
	}{
		{"2026-10", Monthly, "2026-10", ""},
		{"2026-1", Monthly, "2026-01", ""},
		{"2026/09", Monthly, "2026-09", ""},
		{"2026-Q3", Quarterly, "2026-Q3", ""},
		{"2026q2", Quarterly, "2026-Q2", ""},
		{"Q1-2026", Quarterly, "2026-Q1", ""},
		{"q4 2025", Quarterly, "2025-Q4", ""},
		{"2025", Yearly, "2025", ""},
		{"last month", Monthly, "2026-10", ""},
		{"Last  Quarter", Quarterly, "2026-Q3", ""},
		{"previous year", Yearly, "2025", ""},
		{"this quarter", Quarterly, "2026-Q4", ""},
		{"next month", Monthly, "2026-12", ""},
		{"1990", Yearly, "1990", ""},

		{"2026-13", Monthly, "", "no month 13"},
		{"2026-00", Monthly, "", "no month 0"},
		{"2026-Q5", Quarterly, "", "no quarter Q5"},
		{"2026-Q0", Quarterly, "", "no quarter Q0"},
		{"2026-11", Quarterly, "", "reported quarterly"},
		{"2026-Q3", Monthly, "", "reported monthly"},
		{"2026-Q3", Yearly, "", "reported yearly"},
		{"last month", Quarterly, "", "reported quarterly"},
		{"1026", Yearly, "", "looks like a typo"},
		{"Nov 2026", Monthly, "", "couldn't read"},
		{"yesterday", Monthly, "", "couldn't read"},
		{"26-Q3", Quarterly, "", "couldn't read"},
		{"", Quarterly, "", "couldn't read"},
	}
	for _, tt := range tests {
		t.Run(string(tt.cadence)+"/"+tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParsePeriod(tt.in, tt.cadence, now)
			if tt.err == "" {
				if err != nil || got.String() != tt.want {
					t.Errorf("ParsePeriod(%q, %s) = %v, %v; want %s", tt.in, tt.cadence, got, err, tt.want)
				}
				return
			}
			assertUserError(t, err, tt.err)
		})
	}
}

func TestReportPeriod(t *testing.T) {
	t.Parallel()
	now := testNow(t)
	tests := []struct {
		in      string
		cadence Cadence
		want    string
		err     string
	}{
		{"", Monthly, "2026-10", ""},
		{"", Quarterly, "2026-Q3", ""},
		{"", Yearly, "2025", ""},
		{"2024-Q1", Quarterly, "2024-Q1", ""},
		{"last year", Yearly, "2025", ""},
		{"2026-11", Monthly, "", "still running (it ends on 30 Nov 2026)"},
		{"this quarter", Quarterly, "", "still running"},
		{"2026", Yearly, "", "still running"},
		{"2026-12", Monthly, "", "in the future"},
		{"2027-Q1", Quarterly, "", "in the future"},
		{"2031", Yearly, "", "in the future"},
	}
	for _, tt := range tests {
		t.Run(string(tt.cadence)+"/"+tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ReportPeriod(tt.in, tt.cadence, now)
			if tt.err == "" {
				if err != nil || got.String() != tt.want {
					t.Errorf("ReportPeriod(%q, %s) = %v, %v; want %s", tt.in, tt.cadence, got, err, tt.want)
				}
				return
			}
			assertUserError(t, err, tt.err)
		})
	}
}

func TestLastClosedAtMidnight(t *testing.T) {
	t.Parallel()
	// 1 Oct 00:30 in New York is still 30 Sep on the West Coast: the
	// coalition's own calendar date decides.
	ny, _ := time.LoadLocation("America/New_York")
	la, _ := time.LoadLocation("America/Los_Angeles")
	at := time.Date(2026, 10, 1, 0, 30, 0, 0, ny)
	if got := LastClosed(Quarterly, at).String(); got != "2026-Q3" {
		t.Errorf("in New York: %s, want 2026-Q3", got)
	}
	if got := LastClosed(Quarterly, at.In(la)).String(); got != "2026-Q2" {
		t.Errorf("in Los Angeles: %s, want 2026-Q2", got)
	}
}

func TestPeriodArithmetic(t *testing.T) {
	t.Parallel()
	p := Period{Cadence: Monthly, Year: 2026, N: 1}
	if got := p.Prev().String(); got != "2025-12" {
		t.Errorf("Prev = %s", got)
	}
	q := Period{Cadence: Quarterly, Year: 2026, N: 4}
	if got, end := q.Next().String(), q.End().Format("2006-01-02"); got != "2027-Q1" || end != "2026-12-31" {
		t.Errorf("Next = %s, End = %s", got, end)
	}
	var got []string
	for _, r := range Recent(Period{Cadence: Quarterly, Year: 2026, N: 2}, 4) {
		got = append(got, r.String())
	}
	if strings.Join(got, " ") != "2025-Q3 2025-Q4 2026-Q1 2026-Q2" {
		t.Errorf("Recent = %v", got)
	}
	if q.Compare(Period{Cadence: Monthly, Year: 2026, N: 10}) <= 0 {
		t.Error("a quarter sorts after its first month")
	}
}

func TestCombine(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 10, 2, 0, 0, 0, 0, time.UTC)
	cs := []Contribution{{1, 10, at}, {2, 30, at.Add(time.Hour)}, {3, 20, at.Add(-time.Hour)}, {4, 4, at}}
	for _, tt := range []struct {
		m    Method
		want float64
	}{{Sum, 64}, {Mean, 16}, {Median, 15}, {Latest, 30}} {
		if got, ok := tt.m.Combine(cs); !ok || got != tt.want {
			t.Errorf("%s = %v, want %v", tt.m, got, tt.want)
		}
	}
	if got, _ := Median.Combine(cs[:3]); got != 20 {
		t.Errorf("odd median = %v", got)
	}
	if _, ok := Sum.Combine(nil); ok {
		t.Error("a figure from no values")
	}
}

func TestSparklineAndTrend(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	if got := Sparkline([]float64{1, 2, nan, 8}); got != "▁▂·█" {
		t.Errorf("Sparkline = %q", got)
	}
	if got := Sparkline([]float64{5, 5}); got != "▄▄" {
		t.Errorf("flat Sparkline = %q", got)
	}
	if got := Trend(20, 18.5, Down); got != "↓ better" {
		t.Errorf("Trend = %q", got)
	}
	if got := Trend(20, 18.5, Up); got != "↓ worse" {
		t.Errorf("Trend = %q", got)
	}
	if !Reached(15, 15, Down) || Reached(15.1, 15, Down) || !Reached(100, 90, Up) {
		t.Error("Reached is wrong")
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		v    float64
		u    Unit
		want string
	}{
		{1234567, Count, "1,234,567"}, {18.5, Percent, "18.5%"}, {12000.5, Currency, "$12,000.5"},
		{12.3333, RatePer1000, "12.33 per 1,000"}, {-1234.5, Number, "-1,234.5"}, {-0.001, Number, "0"},
	} {
		if got := Format(tt.v, tt.u); got != tt.want {
			t.Errorf("Format(%v, %s) = %q, want %q", tt.v, tt.u, got, tt.want)
		}
	}
	if SuppressedLabel(10) != "<10" || !SmallCount(9, Count, 10) || SmallCount(9, Percent, 10) || SmallCount(3, Count, 0) {
		t.Error("suppression is wrong")
	}
}

func TestNearest(t *testing.T) {
	t.Parallel()
	keys := []string{"youth-binge-drinking", "youth-smoking", "grad-rate", "binge-adults"}
	if got := Nearest("youth-bing-drinkin", keys, 3); len(got) == 0 || got[0] != "youth-binge-drinking" {
		t.Errorf("Nearest = %v", got)
	}
	if got := Nearest("binge", keys, 3); len(got) != 2 {
		t.Errorf("Nearest(binge) = %v, want both binge keys", got)
	}
	if got := Nearest("zzz", keys, 3); len(got) != 0 {
		t.Errorf("Nearest(zzz) = %v", got)
	}
}

func assertUserError(t *testing.T, err error, want string) {
	t.Helper()
	var me *Error
	if !errors.As(err, &me) {
		t.Fatalf("err = %v, want a *measure.Error containing %q", err, want)
	}
	if !strings.Contains(me.Msg, want) {
		t.Errorf("message %q lacks %q", me.Msg, want)
	}
}
