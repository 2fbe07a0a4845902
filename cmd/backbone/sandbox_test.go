package main

import (
	"net"
	"testing"

	"github.com/backbone-coalition/backbone/config"
)

func TestCommandOrDefault(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, cmd string
		env       map[string]string
		want      string
	}{
		{"nothing configured", "", nil, "sandbox"},
		{"Socket Mode", "", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, "serve"},
		{"HTTP mode", "", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, "serve"},
		{"explicit serve", "serve", nil, "serve"},
		{"explicit sandbox", "sandbox", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, "sandbox"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := config.Parse(func(k string) string { return tt.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			if got := commandOrDefault(tt.cmd, cfg); got != tt.want {
				t.Errorf("commandOrDefault(%q) = %q, want %q", tt.cmd, got, tt.want)
			}
		})
	}
}

func TestPageURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://127.0.0.1:8080/"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://127.0.0.1:8080/"},
		{&net.TCPAddr{IP: net.IPv4(192, 168, 1, 5), Port: 9000}, "http://192.168.1.5:9000/"},
	}
	for _, tt := range tests {
		if got := pageURL(tt.addr); got != tt.want {
			t.Errorf("pageURL(%v) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}
