package bot_test

import (
	"strings"
	"testing"
)

// TestExamplesUseTheCoalitionsOwnIndicator: help, refusals and /coalition
// help show a key the coalition has, not one it may never have defined.
func TestExamplesUseTheCoalitionsOwnIndicator(t *testing.T) {
	t.Parallel()
	h := indicatorSetup(t)
	mustContain(t, h.command(adminID, generalID, "/indicators", "help"), "youth-binge-drinking") // none defined yet
	h.defineIndicator(servedSpec())
	for _, tc := range []struct{ command, text string }{
		{"/indicators", "help"},
		{"/report", "help"},
		{"/indicators", "show"},
		{"/indicators", "export a b"},
		{"/coalition", "help"},
	} {
		got := h.command(adminID, generalID, tc.command, tc.text)
		if !strings.Contains(got, "youth-served") || strings.Contains(got, "youth-binge-drinking") {
			t.Errorf("%s %s shows another coalition's indicator:\n%s", tc.command, tc.text, got)
		}
	}
}
