package main

import (
	"errors"
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func TestAuthProblemTellsUnreachableFromRefused(t *testing.T) {
	t.Parallel()
	dns := &url.Error{Op: "Post", URL: "https://slack.com/api/auth.test", Err: &net.OpError{Op: "dial", Net: "tcp",
		Err: &net.DNSError{Err: "no such host", Name: "slack.com", IsNotFound: true}}}
	refused := &url.Error{Op: "Post", URL: "https://slack.com/api/auth.test", Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}}
	tests := []struct {
		err  error
		want string
	}{
		{slack.SlackErrorResponse{Err: "invalid_auth"}, "Slack refused the bot token (invalid_auth)"},
		{dns, "could not be resolved (DNS)"},
		{refused, "the connection failed"},
		{errors.New("ratelimited"), "auth.test failed"},
	}
	for _, tt := range tests {
		if got := authProblem(tt.err); !strings.Contains(got, tt.want) {
			t.Errorf("authProblem(%v) = %q, want it to say %q", tt.err, got, tt.want)
		}
	}
}
