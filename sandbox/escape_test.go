package sandbox

import "testing"

func TestEscapeText(t *testing.T) {
	t.Parallel()
	d := directory{
		users:    map[string]string{"maria": "U0MARIA", "kevin": "U0KEVIN"},
		channels: map[string]string{"youth-recognition": "C0YOUTH"},
	}
	tests := []struct{ in, want string }{
		{"partner list", "partner list"},
		{`member @maria partner="Greenfield Public Schools"`, `member <@U0MARIA|maria> partner="Greenfield Public Schools"`},
		{`group add "Youth" #youth-recognition lead=@kevin`, `group add "Youth" <#C0YOUTH|youth-recognition> lead=<@U0KEVIN|kevin>`},
		{"thanks @Maria.", "thanks <@U0MARIA|Maria>."},
		{"@nobody and #nowhere stay", "@nobody and #nowhere stay"},
		{"mail me@maria.org", "mail me@maria.org"},
		{"a < b & c > d", "a &lt; b &amp; c &gt; d"},
		{"see https://example.org/a?b=1&c=2.", "see <https://example.org/a?b=1&amp;c=2>."},
		{"<!channel> is not a mention when typed", "&lt;!channel&gt; is not a mention when typed"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := escapeText(tt.in, d); got != tt.want {
				t.Errorf("escapeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
