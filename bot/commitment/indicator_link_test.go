package commitment

import (
	"slices"
	"testing"
)

func TestIndicatorTags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Run two vaping assemblies #teen-vaping by March", []string{"teen-vaping"}},
		{"#parent-workshops flyers", []string{"parent-workshops"}},
		{"Post in <#C0NORMS|community-norms> tomorrow", nil},
		{"Call issue#12 and ## and # alone", nil},
		{"Both #teen-vaping and #youth-recognized", []string{"teen-vaping", "youth-recognized"}},
	} {
		if got := IndicatorTags(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("IndicatorTags(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
