package dates

import (
	"bufio"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// corpusNow is Sat 2026-12-05 12:00 in New York, Sun 06:00 in Auckland.
var corpusNow = time.Date(2026, 12, 5, 17, 0, 0, 0, time.UTC)

// corpusRow is a line of testdata/phrases.tsv.
type corpusRow struct {
	n                 int
	text, phrase      string
	newYork, auckland string
	order             Order
}

func (r corpusRow) line() string {
	if r.text == "" {
		return r.phrase
	}
	return r.text + " " + r.phrase
}

func readCorpus(t *testing.T) []corpusRow {
	t.Helper()
	f, err := os.Open("testdata/phrases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	orders := map[string]Order{"ask": Ask, "MDY": MDY, "DMY": DMY}
	var rows []corpusRow
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		order, ok := orders[c[len(c)-1]]
		if len(c) != 5 || !ok {
			t.Fatalf("phrases.tsv:%d: want 5 columns and an order, got %q", n, sc.Text())
		}
		rows = append(rows, corpusRow{n, c[0], c[1], c[2], c[3], order})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestCorpus reads every phrase of the corpus in both zones and fails on
// any reading other than the expected one: a silent misreading, a refusal
// or question where a date was expected, or a date where none was.
func TestCorpus(t *testing.T) {
	t.Parallel()
	rows := readCorpus(t)
	if len(rows) < 300 {
		t.Fatalf("%d phrases in the corpus, want at least 300", len(rows))
	}
	counts := map[string]int{}
	for _, zone := range []string{"America/New_York", "Pacific/Auckland"} {
		loc := zoneOf(t, zone)
		for _, r := range rows {
			want := r.newYork
			if zone == "Pacific/Auckland" {
				want = r.auckland
			}
			got, err := Extract(r.line(), corpusNow, loc, r.order)
			outcome, ok := judge(r, want, got, err)
			counts[outcome]++
			if !ok {
				t.Errorf("phrases.tsv:%d %s: Extract(%q) = %s, want %s", r.n, zone, r.line(), describe(got, err), want)
			}
		}
	}
	t.Logf("corpus: %d phrases × 2 zones: %d right dates, %d rightly without a date, %d refused as expected, %d asked as expected, %d wrong",
		len(rows), counts["date"], counts["none"], counts["error"], counts["ask"], counts["wrong"])
}

// judge says what kind of reading got is and whether it is the one wanted.
func judge(r corpusRow, want string, got Found, err error) (string, bool) {
	text := strings.TrimRight(r.text, " ,;:(—–-")
	var ue *Error
	switch {
	case want == "error":
		return verdict("error", err != nil && errors.As(err, &ue) && ue.Msg != "")
	case err != nil:
	case want == "none":
		return verdict("none", !got.Dated() && got.Text == r.line())
	case strings.HasPrefix(want, "ask:"):
		choices := strings.Split(strings.TrimPrefix(want, "ask:"), "/")
		var gotChoices []string
		for _, c := range got.Choices {
			gotChoices = append(gotChoices, c.String())
		}
		slices.Sort(choices)
		slices.Sort(gotChoices)
		return verdict("ask", got.Date.IsZero() && slices.Equal(choices, gotChoices) && got.Text == text)
	default:
		return verdict("date", got.Date.String() == want && !got.Ambiguous() && got.Text == text)
	}
	return "wrong", false
}

func verdict(kind string, ok bool) (string, bool) {
	if !ok {
		return "wrong", false
	}
	return kind, true
}

func describe(f Found, err error) string {
	switch {
	case err != nil:
		return "error " + err.Error()
	case f.Ambiguous():
		return "ask " + f.Choices[0].String() + "/" + f.Choices[1].String() + " text " + f.Text
	case f.Dated():
		return f.Date.String() + " text " + f.Text
	}
	return "no date"
}

func zoneOf(t *testing.T, name string) *time.Location {
	t.Helper()
	return zone(t, name)
}
