package commitment

import (
	"slices"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/dates"
)

func TestParseReply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in                    string
		kind, note, hint, due string
		wantErr               string
	}{
		{in: "done", kind: changeDone},
		{in: "Done!", kind: changeDone},
		{in: "all done.", kind: changeDone},
		{in: "finished", kind: changeDone},
		{in: "done with the flyers", kind: changeDone, hint: "the flyers"},
		{in: "Done flyers", kind: changeDone, hint: "flyers"},
		{in: "done: 200 flyers sent", kind: changeDone, note: "200 flyers sent"},
		{in: "done - sent them Friday", kind: changeDone, note: "sent them Friday"},
		{in: "need help: waiting on county data", kind: changeNeedHelp, note: "waiting on county data"},
		{in: "I need help with the venue", kind: changeNeedHelp, note: "with the venue"},
		{in: "need help", kind: changeNeedHelp},
		{in: "help: nobody answers at the county", kind: changeNeedHelp, note: "nobody answers at the county"},
		{in: "blocked waiting for the permit", kind: changeBlocked, note: "waiting for the permit"},
		{in: "I'm stuck: the printer is broken", kind: changeBlocked, note: "the printer is broken"},
		{in: "on track", kind: changeOnTrack},
		{in: "on it!", kind: changeOnTrack},
		{in: "moved to Dec 12", kind: changeDue, due: "2026-12-12"},
		{in: "move it to Friday", kind: changeDue, due: "2026-11-27"},
		{in: "pushed to next week", kind: changeDue, due: "2026-11-30"},
		{in: "new date Friday", kind: changeDue, due: "2026-11-27"},
		{in: "new date: 2027-01-15", kind: changeDue, due: "2027-01-15"},
		{in: "due Dec 20", kind: changeDue, due: "2026-12-20"},
		{in: "drop: no longer needed", kind: changeDrop, note: "no longer needed"},
		{in: "cancelled — the fair is off", kind: changeDrop, note: "the fair is off"},
		{in: "drop", wantErr: "Say why"},
		{in: "moved to yesterday", wantErr: "in the past"},
		{in: "moved to someday", wantErr: "could be any of several days"},
		{in: "moved to the blue moon", wantErr: "couldn't read"},
		{in: "moved to", kind: changeDue},
		{in: "due to the rain we are late"},
		{in: "thanks!"},
		{in: "hello there"},
		{in: "", kind: ""},
		{in: strings.Repeat("done ", 300), wantErr: "long message"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got := ParseReply(tt.in, commitNow, mustZone(t, "America/Los_Angeles"), dates.MDY)
			if tt.wantErr != "" {
				if !strings.Contains(got.Err, tt.wantErr) || got.Kind != "" {
					t.Fatalf("ParseReply(%q) = %+v, want error %q", tt.in, got, tt.wantErr)
				}
				return
			}
			if got.Err != "" || got.Kind != tt.kind || got.Note != tt.note || got.Hint != tt.hint || got.Due.String() != tt.due {
				t.Errorf("ParseReply(%q) = %+v, want kind %q note %q hint %q due %q", tt.in, got, tt.kind, tt.note, tt.hint, tt.due)
			}
		})
	}
}

func TestMatchHint(t *testing.T) {
	t.Parallel()
	texts := []string{"Send flyers to the 10 middle schools", "Call the county about data", "Print the flyer for the fair"}
	tests := []struct {
		hint string
		want []int
	}{
		{"", []int{0, 1, 2}},
		{"the county", []int{1}},
		{"the flyers", []int{0, 2}},
		{"flyers middle schools", []int{0}},
		{"the budget", []int{0, 1, 2}},
	}
	for _, tt := range tests {
		if got := matchHint(tt.hint, texts); !slices.Equal(got, tt.want) {
			t.Errorf("matchHint(%q) = %v, want %v", tt.hint, got, tt.want)
		}
	}
}
