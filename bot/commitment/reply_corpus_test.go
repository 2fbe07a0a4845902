package commitment

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/dates"
)

// replyCorpusNow is Sat 2026-12-05 12:00 in New York, Sun 06:00 in Auckland.
var replyCorpusNow = time.Date(2026, 12, 5, 17, 0, 0, 0, time.UTC)

// replyRow is a line of testdata/replies.tsv.
type replyRow struct {
	n                        int
	reply, kind              string
	newYork, auckland, extra string
}

func readReplyCorpus(t *testing.T) []replyRow {
	t.Helper()
	f, err := os.Open("testdata/replies.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []replyRow
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 5 {
			t.Fatalf("replies.tsv:%d: want 5 columns, got %q", n, sc.Text())
		}
		rows = append(rows, replyRow{n, c[0], c[1], c[2], c[3], c[4]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestReplyCorpus reads every reply of the corpus in both zones and fails
// on any reading other than the one expected.
func TestReplyCorpus(t *testing.T) {
	t.Parallel()
	rows := readReplyCorpus(t)
	if len(rows) < 150 {
		t.Fatalf("%d replies in the corpus, want at least 150", len(rows))
	}
	counts := map[string]int{}
	for _, zone := range []string{"America/New_York", "Pacific/Auckland"} {
		loc := mustZone(t, zone)
		for _, r := range rows {
			due := r.newYork
			if zone == "Pacific/Auckland" {
				due = r.auckland
			}
			got := ParseReply(r.reply, replyCorpusNow, loc, dates.Ask)
			outcome := judgeReply(r, due, got)
			counts[outcome]++
			if outcome == "wrong" {
				t.Errorf("replies.tsv:%d %s: ParseReply(%q) = %+v, want %s %s %s", r.n, zone, r.reply, got, r.kind, due, r.extra)
			}
		}
	}
	t.Logf("reply corpus: %d replies × 2 zones: %d understood right, %d refused as expected, %d asked (date or item buttons), %d wrong",
		len(rows), counts["right"], counts["error"], counts["asked"], counts["wrong"])
}

// judgeReply classifies got against the row: right, error, asked or wrong.
func judgeReply(r replyRow, due string, got Reply) string {
	switch r.kind {
	case "error":
		return pick(got.Err != "" && got.Kind == "", "error")
	case "none":
		return pick(got.Err == "" && got.Kind == "", "asked")
	}
	note, hint := "", ""
	if v, ok := strings.CutPrefix(r.extra, "note="); ok {
		note = v
	}
	if v, ok := strings.CutPrefix(r.extra, "hint="); ok {
		hint = v
	}
	if got.Err != "" || got.Kind != r.kind || got.Note != note || got.Hint != hint {
		return "wrong"
	}
	var choices []string
	for _, c := range got.Choices {
		choices = append(choices, c.String())
	}
	slices.Sort(choices)
	switch {
	case due == "-":
		return pick(got.Due.IsZero() && len(choices) == 0, "right")
	case due == "pick":
		return pick(got.Due.IsZero() && len(choices) == 0, "asked")
	case strings.HasPrefix(due, "ask:"):
		want := strings.Split(strings.TrimPrefix(due, "ask:"), "/")
		slices.Sort(want)
		return pick(got.Due.IsZero() && slices.Equal(want, choices), "asked")
	}
	return pick(got.Due.String() == due && len(choices) == 0, "right")
}

func pick(ok bool, outcome string) string {
	if !ok {
		return "wrong"
	}
	return outcome
}
