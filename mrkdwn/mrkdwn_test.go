package mrkdwn

import "testing"

func TestSnippet(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"plain", 10, "plain"},
		{"<!channel> & <http://evil|click>", 100, "&lt;!channel&gt; &amp; &lt;http://evil|click&gt;"},
		{"Greenfield Public Schools", 10, "Greenfield…"},
		{"<<<<", 2, "&lt;&lt;…"},
		{"éèêë", 3, "éèê…"},
	} {
		if got := Snippet(tc.in, tc.n); got != tc.want {
			t.Errorf("Snippet(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestDefuse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "nothing to do", "nothing to do"},
		{"here", "🟢 Meeting started: <!here> standup", "🟢 Meeting started: &lt;!here> standup"},
		{"channel", "<!channel>", "&lt;!channel>"},
		{"subteam", "<!subteam^S123|@team>", "&lt;!subteam^S123|@team>"},
		{"link", "<https://evil.example|x>", "&lt;https://evil.example|x>"},
		{"user mention kept", "thanks <@U0LEAD> and <@W123>", "thanks <@U0LEAD> and <@W123>"},
		{"channel link kept", "in <#C0YOUTH> and <#C0NORMS|community-norms>", "in <#C0YOUTH> and <#C0NORMS|community-norms>"},
		{"mention with a label", "<@U0LEAD|lee>", "&lt;@U0LEAD|lee>"},
		{"escaped stays", "&lt;!here&gt; &amp;", "&lt;!here&gt; &amp;"},
		{"no markup without a closing >", "Greenfield: <10 · a < b", "Greenfield: <10 · a < b"},
		{"comparison before a span", "<10 and >5", "&lt;10 and >5"},
		{"nested", "<<@U1>> <x<!here>", "&lt;<@U1>> &lt;x&lt;!here>"},
		{"at the end", "x <", "x <"},
		{"across lines", "<!here\n>", "&lt;!here\n>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Defuse(tc.in); got != tc.want {
				t.Errorf("Defuse(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := Defuse(Defuse(tc.in)); again != tc.want {
				t.Errorf("Defuse is not idempotent on %q: %q", tc.in, again)
			}
		})
	}
}
