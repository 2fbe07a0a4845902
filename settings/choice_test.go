package settings

import "testing"

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
}
