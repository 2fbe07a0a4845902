package dates

import (
	"testing"
)

func TestExtract(t *testing.T) {
	t.Parallel()
	// At nowNov it is Sunday 22 Nov in Los Angeles, Monday 23 Nov in Kolkata.
	tests := []struct {
		name     string
		zone     string
		line     string
		wantText string
		wantDue  string // "" when no date is wanted
		wantErr  string
	}{
		{"by weekday", la, "Send flyers to the 10 middle schools by Friday", "Send flyers to the 10 middle schools", "2026-11-27", ""},
		{"bare month day", la, "Draft the MOU Dec 15", "Draft the MOU", "2026-12-15", ""},
		{"by end of month", la, "Send flyers by end of month", "Send flyers", "2026-11-30", ""},
		{"due by the end of the month", la, "Report due by the end of the month.", "Report", "2026-11-30", ""},
		{"due with comma and year", la, "Book the room, due Dec 15, 2026", "Book the room", "2026-12-15", ""},
		{"before slashed", la, "Send flyers before 12/15", "Send flyers", "2026-12-15", ""},
		{"until tomorrow", la, "Hold the room until tomorrow", "Hold the room", "2026-11-23", ""},
		{"tomorrow in kolkata", kol, "Finish the survey tomorrow", "Finish the survey", "2026-11-24", ""},
		{"em dash with spaces", la, "Send flyers — Friday", "Send flyers", "2026-11-27", ""},
		{"hyphen", la, "Send flyers - fri", "Send flyers", "2026-11-27", ""},
		{"em dash touching", la, "Send flyers—Friday", "Send flyers", "2026-11-27", ""},
		{"in parentheses", la, "Send flyers (by Fri)", "Send flyers", "2026-11-27", ""},
		{"on abbreviation", la, "Meet the funders on Sun", "Meet the funders", "2026-11-29", ""},
		{"bare full weekday", la, "Celebrate Friday", "Celebrate", "2026-11-27", ""},
		{"bare in two weeks", la, "Send flyers in 2 weeks", "Send flyers", "2026-12-06", ""},
		{"bare iso", kol, "Finish the survey 2026-12-15", "Finish the survey", "2026-12-15", ""},
		{"bare next week", la, "Finish the survey next week", "Finish the survey", "2026-11-23", ""},
		{"bare slashed with year", la, "Call 12/15/2026", "Call", "2026-12-15", ""},
		{"the 15th after due", la, "Send flyers, due: the 15th", "Send flyers", "2026-12-15", ""},
		{"on long form", la, "Meet on the 15th of December 2026", "Meet", "2026-12-15", ""},
		{"eom with full stop", la, "Send flyers by eom.", "Send flyers", "2026-11-30", ""},
		{"only a date", la, "by Friday", "", "2026-11-27", ""},
		{"on street", la, "Call the school on Main Street", "Call the school on Main Street", "", ""},
		{"by the river", la, "Meet by the river", "Meet by the river", "", ""},
		{"for blocks", la, "Plan for Friday", "Plan for Friday", "", ""},
		{"for blocks month day", la, "Recruit volunteers for Dec 15", "Recruit volunteers for Dec 15", "", ""},
		{"last blocks", la, "Share what we did last Friday", "Share what we did last Friday", "", ""},
		{"bare abbreviation", la, "Host the sun", "Host the sun", "", ""},
		{"bare abbreviation without article", la, "Get wed", "Get wed", "", ""},
		{"bare slashed without year", la, "Reach grades 9/10", "Reach grades 9/10", "", ""},
		{"bare day of month", la, "Invite the 5th", "Invite the 5th", "", ""},
		{"date not at the end", la, "Send flyers by Friday please", "Send flyers by Friday please", "", `I couldn't read "Friday please" as a date`},
		{"month without day", la, "Ask the mayor if we may", "Ask the mayor if we may", "", ""},
		{"unicode name", la, "Call Mahalo Café — Orange", "Call Mahalo Café — Orange", "", ""},
		{"on yesterday is text", la, "Follow up on yesterday", "Follow up on yesterday", "", ""},
		{"on next month is text", la, "Report on next month", "Report on next month", "", ""},
		{"empty", la, "", "", "", ""},
		{"spaces kept as is", la, "   ", "   ", "", ""},
		{"invalid day", la, "Send flyers by Feb 30", "Send flyers by Feb 30", "", "There is no February 30"},
		{"yesterday", la, "Send flyers by yesterday", "Send flyers by yesterday", "", "That date is in the past (Sat 21 Nov)"},
		{"bare invalid calendar date", la, "Draft MOU Feb 30", "Draft MOU Feb 30", "", "There is no February 30"},
		{"past iso", la, "Send flyers by 2026-11-01", "Send flyers by 2026-11-01", "", "in the past (Sun 1 Nov)"},
		{"vague", la, "Write the report by next month", "Write the report by next month", "", "could be any day"},
		{"on invalid calendar date", la, "Meet on Feb 30", "Meet on Feb 30", "", "There is no February 30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := Extract(tt.line, nowNov, zone(t, tt.zone), MDY)
			text, due, found := f.Text, f.Date, f.Dated()
			if tt.wantErr != "" {
				assertUserError(t, err, tt.wantErr)
			} else if err != nil {
				t.Fatalf("Extract(%q) error: %v", tt.line, err)
			}
			if text != tt.wantText || due.String() != tt.wantDue || found != (tt.wantDue != "") {
				t.Errorf("Extract(%q) = %q, %q, %v; want %q, %q", tt.line, text, due, found, tt.wantText, tt.wantDue)
			}
		})
	}
}
