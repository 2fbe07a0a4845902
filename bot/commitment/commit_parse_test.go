package commitment

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
)

// commitNow is Monday 23 Nov 2026, 15:00 UTC: still Monday in Los Angeles
// (07:00) and in Kolkata (20:30).
var commitNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseCommitText(t *testing.T) {
	t.Parallel()
	type line struct {
		owners string // comma-separated
		text   string
		due    string
	}
	tests := []struct {
		name    string
		in      string
		zone    string
		want    []line
		wantErr []string // substrings, one per error, in order
	}{
		{name: "issuer owns it", in: "Send flyers to the 10 middle schools by Friday",
			want: []line{{"", "Send flyers to the 10 middle schools", "2026-11-27"}}},
		{name: "two owners and an ISO date", in: "<@U1|maria> <@U2|lee> Draft the MOU with the sheriff's office by 2026-12-15",
			want: []line{{"U1,U2", "Draft the MOU with the sheriff's office", "2026-12-15"}}},
		{name: "owners joined by and", in: "<@U1|maria> and <@U2|lee> will book the room — Dec 1",
			want: []line{{"U1,U2", "book the room", "2026-12-01"}}},
		{name: "owners with commas and to", in: "<@U1>, <@U2> &amp; <@U3> to call the principals tomorrow",
			want: []line{{"U1,U2,U3", "call the principals", "2026-11-24"}}},
		{name: "repeated owner once", in: "<@U1> <@U1> Call Jo", want: []line{{"U1", "Call Jo", ""}}},
		{name: "no date", in: "Find a venue for the spring fair", want: []line{{"", "Find a venue for the spring fair", ""}}},
		{name: "explicit no date", in: "Find a venue — no date", want: []line{{"", "Find a venue", ""}}},
		{name: "no date in parentheses", in: "Find a venue (no date)", want: []line{{"", "Find a venue", ""}}},
		{name: "mention in the text kept", in: "Introduce <@U9|sam> to the county by Dec 4",
			want: []line{{"", "Introduce <@U9> to the county", "2026-12-04"}}},
		{name: "entities decoded", in: "Print Q&amp;A sheets &lt;draft&gt; by Friday", want: []line{{"", "Print Q&A sheets <draft>", "2026-11-27"}}},
		{name: "here becomes text", in: "Tell <!here> about the fair", want: []line{{"", "Tell @here about the fair", ""}}},
		{name: "link label", in: "Read <https://example.org/plan|the plan> by Friday",
			want: []line{{"", "Read the plan (https://example.org/plan)", "2026-11-27"}}},
		{name: "tomorrow in Kolkata", in: "Finish the survey tomorrow", zone: "Asia/Kolkata",
			want: []line{{"", "Finish the survey", "2026-11-24"}}},
		{name: "end of month", in: "Send the budget by end of month", want: []line{{"", "Send the budget", "2026-11-30"}}},
		{name: "month boundary", in: "Send the budget in 2 weeks", want: []line{{"", "Send the budget", "2026-12-07"}}},
		{name: "year boundary", in: "Plan the retreat by Jan 5", want: []line{{"", "Plan the retreat", "2027-01-05"}}},
		{name: "pasted block with bullets",
			in:   "- <@U1> Send flyers by Friday\n\n2. <@U2> Call the school board by Dec 10\n• Book the gym no date",
			want: []line{{"U1", "Send flyers", "2026-11-27"}, {"U2", "Call the school board", "2026-12-10"}, {"", "Book the gym", ""}}},
		{name: "windows line ends", in: "Send flyers\r\nCall Jo", want: []line{{"", "Send flyers", ""}, {"", "Call Jo", ""}}},
		{name: "past date", in: "Send flyers by 2026-11-01", wantErr: []string{"in the past"}},
		{name: "past date says no date works", in: "Send flyers by yesterday", wantErr: []string{"Or write `no date`"}},
		{name: "impossible date", in: "Send flyers by Feb 30", wantErr: []string{"There is no February 30"}},
		{name: "only a date", in: "by Friday", wantErr: []string{"Say what will be done"}},
		{name: "only names", in: "<@U1> <@U2>", wantErr: []string{"Say what will be done after the names"}},
		{name: "too long", in: strings.Repeat("a", 501), wantErr: []string{"501 characters; keep a commitment to 500"}},
		{name: "500 is fine", in: strings.Repeat("a", 500), want: []line{{"", strings.Repeat("a", 500), ""}}},
		{name: "bad lines are numbered", in: "Send flyers by Friday\nCall Jo by Feb 30\n\nby Friday",
			wantErr: []string{"Line 2 (“Call Jo by Feb 30”): There is no February 30", "Line 4 (“by Friday”): Say what will be done"}},
		{name: "too many lines", in: strings.Repeat("Call Jo\n", 21), wantErr: []string{"21 lines; paste at most 20"}},
		{name: "too many commitments", in: strings.Repeat("<@U1> <@U2> <@U3> Call Jo\n", 17), wantErr: []string{"51 commitments; record at most 50"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			loc := mustZone(t, "America/Los_Angeles")
			if tt.zone != "" {
				loc = mustZone(t, tt.zone)
			}
			got, errs := ParseCommitText(tt.in, commitNow, loc, dates.MDY, nil)
			if len(errs) != len(tt.wantErr) {
				t.Fatalf("errors %q, want %d matching %q", errs, len(tt.wantErr), tt.wantErr)
			}
			for i, e := range errs {
				if !strings.Contains(e, tt.wantErr[i]) {
					t.Errorf("error %d = %q, want it to contain %q", i, e, tt.wantErr[i])
				}
			}
			if len(tt.wantErr) > 0 {
				return
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d lines %+v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				var owners []string
				if w.owners != "" {
					owners = strings.Split(w.owners, ",")
				}
				if !slices.Equal(g.Owners, owners) || g.Text != w.text || g.Due.String() != w.due {
					t.Errorf("line %d = %v %q %q, want %v %q %q", i, g.Owners, g.Text, g.Due, owners, w.text, w.due)
				}
			}
		})
	}
}

func TestLowerFirst(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Send flyers": "send flyers", "MOU draft": "MOU draft", "I'll call": "I'll call", "éclair": "éclair", "Émile's list": "émile's list", "": "",
	} {
		if got := kit.LowerFirst(in); got != want {
			t.Errorf("kit.LowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRenderCommitTextKeepsOnlyMentions(t *testing.T) {
	t.Parallel()
	got := kit.UserText("Ask <@U9> & <#C1> about <!channel> <b>")
	want := "Ask <@U9> &amp; <#C1> about &lt;!channel&gt; &lt;b&gt;"
	if got != want {
		t.Errorf("renderCommitText = %q, want %q", got, want)
	}
}
