package testkit

import "testing"

func TestShownTextProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		bad  bool
	}{
		{"👏 <@U0GIVER> → <@U0DONE>: “<@U0SAM> finished the survey”", false},
		{"👏 <@U0GIVER> → <@U0DONE>: “&lt;@U0SAM&gt; finished the survey”", true},
		{"Line 2 (“<@U0MIGUEL|miguel> Reserve the room”): no date", true},
		{"🟢 Meeting started: <!here> standup", true},
		{"“&lt;!here&gt; standup” is not a schedule", false},
		{"🎉 *A shout-out from <@U1> to <@U2> and *Family Resource Network*!*", true},
		{"🎉 A shout-out from <@U1> to <@U2> and *Family Resource Network*!", false},
		{"*Partner 02* — 📝 reports 3/4 · *Partner 01* — none", false},
	}
	for _, tt := range tests {
		if got := ShownTextProblems(tt.text); (len(got) > 0) != tt.bad {
			t.Errorf("ShownTextProblems(%q) = %q, want bad=%v", tt.text, got, tt.bad)
		}
	}
}
