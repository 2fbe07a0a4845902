package settings

import (
	"testing"

	"github.com/backbone-coalition/backbone/dates"
)

func TestIndicatorSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key, in, want string
		ok            bool
	}{
		{"partner_view", "aggregate", "aggregate", true},
		{"partner_view", " Per_Partner ", "per_partner", true},
		{"partner_view", "per-partner", "per_partner", true},
		{"partner_view", "everything", "", false},
		{"suppression_threshold", "0", "0", true},
		{"suppression_threshold", "1000", "1000", true},
		{"suppression_threshold", "-1", "", false},
		{"prompt_followup_days", "0", "", false},
		{"date_order", "dmy", "DMY", true},
		{"date_order", " MDY ", "MDY", true},
		{"date_order", "Ask", "ask", true},
		{"date_order", "YMD", "", false},
		{"prompt_followup_days", "14", "14", true},
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
	v := From(nil)
	if v.SuppressionThreshold() != 10 || v.PartnersSeeEachOther() || v.PromptFollowupDays() != 5 {
		t.Error("indicator settings have the wrong defaults")
	}
	orders := map[string]dates.Order{"": dates.Ask, "ask": dates.Ask, "MDY": dates.MDY, "DMY": dates.DMY}
	for raw, want := range orders {
		stored := map[string]string{}
		if raw != "" {
			stored["date_order"] = raw
		}
		if got := From(stored).DateOrder(); got != want {
			t.Errorf("date_order %q reads as %v, want %v", raw, got, want)
		}
	}
}
