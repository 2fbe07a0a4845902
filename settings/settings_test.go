package settings

import (
	"os"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key, in, want string
		ok            bool
	}{
		{"reminder_lead_days", " 7 ", "7", true},
		{"reminder_lead_days", "-1", "", false},
		{"reminder_lead_days", "three", "", false},
		{"reminder_lead_days", "0", "0", true},
		{"reminder_lead_days", "15", "", false},
		{"escalation_days", "0", "", false},
		{"escalation_days", "60", "60", true},
		{"weekend_reminders", "ON", "on", true},
		{"weekend_reminders", "yes", "on", true},
		{"weekend_reminders", "no", "off", true},
		{"weekend_reminders", "maybe", "", false},
		{"recognition_posts", "off", "off", true},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.in, func(t *testing.T) {
			t.Parallel()
			d, ok := Lookup(tt.key)
			if !ok {
				t.Fatalf("no setting %s", tt.key)
			}
			got, err := d.Normalize(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("Normalize(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestDefaultsAreValid(t *testing.T) {
	t.Parallel()
	for _, d := range Catalogue() {
		if got, err := d.Normalize(d.Default); err != nil || got != d.Default {
			t.Errorf("%s: default %q normalizes to %q, %v", d.Key, d.Default, got, err)
		}
	}
	v := From(map[string]string{"escalation_days": "5"})
	if v.EscalationDays() != 5 || v.ReminderLeadDays() != 3 || v.WeekendReminders() || !v.RecognitionPosts() {
		t.Errorf("values with defaults wrong")
	}
	if _, ok := Lookup("REMINDER_LEAD_DAYS"); !ok {
		t.Error("lookup is case-sensitive")
	}
}

// TestREADMEListsEverySetting: the README's settings table names every
// setting with its default.
func TestREADMEListsEverySetting(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range Catalogue() {
		if row := "| `" + d.Key + "` | `" + d.Default + "` |"; !strings.Contains(string(raw), row) {
			t.Errorf("README has no row %q", row)
		}
	}
}
