package config

import (
	"strings"
	"testing"
)

func TestPublicURLAndSessionSecret(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env     map[string]string
		want    string
		problem string
	}{
		{map[string]string{}, "http://127.0.0.1:8080", ""},
		{map[string]string{"PUBLIC_URL": "https://backbone.example.org/"}, "https://backbone.example.org", ""},
		{map[string]string{"PUBLIC_URL": "http://localhost:8080"}, "http://localhost:8080", ""},
		{map[string]string{"PUBLIC_URL": "ftp://x.org"}, "", "PUBLIC_URL must be"},
		{map[string]string{"PUBLIC_URL": "backbone.example.org"}, "", "PUBLIC_URL must be"},
		{map[string]string{"SESSION_SECRET": "short"}, "", "SESSION_SECRET must be at least 32"},
		{map[string]string{"SESSION_SECRET": strings.Repeat("s", 32)}, "http://127.0.0.1:8080", ""},
	} {
		c, err := Parse(func(k string) string { return tc.env[k] })
		if tc.problem != "" {
			if err == nil || !strings.Contains(err.Error(), tc.problem) {
				t.Errorf("%v: %v, want a problem %q", tc.env, err, tc.problem)
			}
			if err != nil && strings.Contains(err.Error(), "short") {
				t.Errorf("the error shows the secret: %v", err)
			}
			continue
		}
		if err != nil || c.BaseURL() != tc.want {
			t.Errorf("%v: %q, %v; want %q", tc.env, c.BaseURL(), err, tc.want)
		}
	}
}
