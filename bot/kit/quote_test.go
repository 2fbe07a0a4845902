package kit

import "testing"

func TestQuote(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"<@U0SAM> finished the survey", 120, "<@U0SAM> finished the survey"},
		{"<@U0MIGUEL|miguel> Reserve the Turners Falls room", 40, "<@U0MIGUEL> Reserve the Turners Falls r…"},
		{"&lt;!here&gt; standup & <https://evil.example|x>", 80, "&lt;!here&gt; standup &amp; x (https://evil.example)"},
		{"call <@U0LONGNAME> soon", 10, "call …"},
		{"two\nlines   here", 40, "two lines here"},
	}
	for _, tt := range tests {
		if got := Quote(tt.in, tt.n); got != tt.want {
			t.Errorf("Quote(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
