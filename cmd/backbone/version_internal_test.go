package main

import (
	"runtime/debug"
	"testing"
)

func TestDescribeBuild(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		version, commit string
		info            *debug.BuildInfo
		wantV, wantC    string
	}{
		{"linked by make", "v1.2.3", "0123456789ab", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "v1.2.3", "0123456789ab"},
		{"go install of a tag", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0", "unknown"},
		{"go install of a commit", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261123131300-0123456789ab"}}, "v0.0.0-20261123131300-0123456789ab", "0123456789ab"},
		{"go build in a checkout", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "fedcba9876543210fedcba9876543210fedcba98"}}}, "dev", "fedcba987654"},
		{"nothing known", "", "", nil, "dev", "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := describeBuild(tt.version, tt.commit, tt.info)
			if b.Version != tt.wantV || b.Commit != tt.wantC || b.Go == "" {
				t.Errorf("got %+v, want version %s commit %s", b, tt.wantV, tt.wantC)
			}
		})
	}
}
