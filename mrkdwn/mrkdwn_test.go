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
