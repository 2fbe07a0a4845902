package main

import (
	"io"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		scenario string
		rate     int
		duration time.Duration
		wantErr  bool
	}{
		{"defaults", []string{"-db", "postgres://x/y", "ack"}, "ack", 200, 30 * time.Second, false},
		{"flags before", []string{"-db", "postgres://x/y", "-rate", "400", "ack"}, "ack", 400, 30 * time.Second, false},
		{"flags after", []string{"-db", "postgres://x/y", "ack", "-duration", "5s"}, "ack", 200, 5 * time.Second, false},
		{"no scenario", []string{"-db", "postgres://x/y"}, "", 0, 0, true},
		{"two scenarios", []string{"-db", "postgres://x/y", "ack", "fanout"}, "", 0, 0, true},
		{"bad flag", []string{"-db", "postgres://x/y", "-rate", "fast", "ack"}, "", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, rest, err := parseFlags(tt.args, io.Discard)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if rest[0] != tt.scenario || f.ack.Rate != tt.rate || f.ack.Duration != tt.duration {
				t.Errorf("scenario %q rate %d duration %v", rest[0], f.ack.Rate, f.ack.Duration)
			}
		})
	}
}

func TestSelected(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		want    int
		wantErr bool
	}{
		{"all", len(scenarioNames) - 1, false}, // every one but e2e
		{"e2e", 1, false},
		{"fanout", 1, false},
		{"large", 1, false},
		{"everything", 0, true},
	}
	for _, tt := range tests {
		got, err := selected(tt.name)
		if (err != nil) != tt.wantErr || len(got) != tt.want {
			t.Errorf("selected(%q) = %v, %v", tt.name, got, err)
		}
	}
}
