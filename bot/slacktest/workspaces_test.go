package slacktest

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func exchange(ctx context.Context, s *Server, clientID, secret, code string) (*slack.OAuthV2Response, error) {
	return slack.GetOAuthV2ResponseContext(ctx, &httpClientNoRedirect, clientID, secret, code, "https://backbone.example/slack/oauth_redirect", slack.OAuthOptionAPIURL(s.APIURL()))
}

var httpClientNoRedirect = http.Client{Timeout: 5 * time.Second}

// TestOAuthInstallServesEachWorkspaceApart installs the app in a second
// workspace and checks that its token reaches only that workspace's state.
func TestOAuthInstallServesEachWorkspaceApart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := New(t)
	second := s.AddWorkspace(Workspace{TeamID: "T0SECOND", EnterpriseID: "E0ORG"})
	second.AddUser(User{ID: "U0INSTALLER", Name: "ines"})

	if _, _, err := slack.New(second.BotToken(), slack.OptionAPIURL(s.APIURL())).PostMessageContext(ctx, "U0INSTALLER", slack.MsgOptionText("early", false)); !isSlackError(err, "token_revoked") {
		t.Fatalf("a workspace where the app is not installed answered %v, want token_revoked", err)
	}
	code, err := s.Authorize("T0SECOND", "U0INSTALLER", "chat:write,commands")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := exchange(ctx, s, "test-client-id", "test-client-secret", code)
	if err != nil {
		t.Fatalf("oauth.v2.access: %v", err)
	}
	if resp.Team.ID != "T0SECOND" || resp.Enterprise.ID != "E0ORG" || resp.BotUserID != "U0BOTT0SECOND" || resp.AuthedUser.ID != "U0INSTALLER" || resp.Scope != "chat:write,commands" {
		t.Errorf("oauth.v2.access answered %+v", resp)
	}
	api := slack.New(resp.AccessToken, slack.OptionAPIURL(s.APIURL()))
	if _, _, err := api.PostMessageContext(ctx, "U0INSTALLER", slack.MsgOptionText("welcome", false)); err != nil {
		t.Fatalf("post with the installed token: %v", err)
	}
	if got := len(second.Messages()); got != 1 {
		t.Errorf("the second workspace recorded %d messages, want 1", got)
	}
	if got := len(s.Messages()); got != 0 {
		t.Errorf("the primary workspace recorded %d messages of another, want 0", got)
	}
	if _, err := exchange(ctx, s, "test-client-id", "test-client-secret", code); !isSlackError(err, "code_already_used") {
		t.Errorf("a replayed code answered %v, want code_already_used", err)
	}
}

func TestOAuthRefusesBadCredentials(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := New(t)
	s.AddWorkspace(Workspace{TeamID: "T0SECOND"})
	for _, tc := range []struct {
		name, client, secret, want string
		code                       func() string
	}{
		{"another client", "other-client", "test-client-secret", "invalid_client_id", nil},
		{"wrong secret", "test-client-id", "guess", "bad_client_secret", nil},
		{"unknown code", "test-client-id", "test-client-secret", "invalid_code", func() string { return "made-up" }},
	} {
		code, _ := s.Authorize("T0SECOND", "U1", "commands")
		if tc.code != nil {
			code = tc.code()
		}
		if _, err := exchange(ctx, s, tc.client, tc.secret, code); !isSlackError(err, tc.want) {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
	if _, err := s.Authorize("T0NOWHERE", "U1", "commands"); err == nil {
		t.Error("Authorize for an unknown workspace succeeded")
	}
}

// TestRevokeThenReinstallIssuesANewToken: after an uninstall the old token
// is refused; a reinstall brings a new one.
func TestRevokeThenReinstallIssuesANewToken(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := New(t)
	second := s.AddWorkspace(Workspace{TeamID: "T0SECOND"})
	install := func() string {
		code, _ := s.Authorize("T0SECOND", "U1", "commands")
		resp, err := exchange(ctx, s, "test-client-id", "test-client-secret", code)
		if err != nil {
			t.Fatal(err)
		}
		return resp.AccessToken
	}
	first := install()
	if again := install(); again != first {
		t.Errorf("a reinstall without revocation changed the token")
	}
	second.Revoke()
	if _, err := slack.New(first, slack.OptionAPIURL(s.APIURL())).AuthTestContext(ctx); !isSlackError(err, "token_revoked") {
		t.Errorf("a revoked token answered %v", err)
	}
	fresh := install()
	if fresh == first {
		t.Fatal("a reinstall after revocation kept the revoked token")
	}
	if _, err := slack.New(first, slack.OptionAPIURL(s.APIURL())).AuthTestContext(ctx); err == nil {
		t.Error("the revoked token works again after a reinstall")
	}
	r, err := slack.New(fresh, slack.OptionAPIURL(s.APIURL())).AuthTestContext(ctx)
	if err != nil || r.TeamID != "T0SECOND" {
		t.Errorf("auth.test with the new token: %+v, %v", r, err)
	}
}

// TestRateLimitIsPerWorkspace: one workspace's limit does not slow another.
func TestRateLimitIsPerWorkspace(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := New(t)
	s.AddUser(User{ID: "U1"})
	second := s.AddWorkspace(Workspace{TeamID: "T0SECOND"})
	second.AddUser(User{ID: "U2"})
	code, _ := s.Authorize("T0SECOND", "U2", "commands")
	resp, err := exchange(ctx, s, "test-client-id", "test-client-secret", code)
	if err != nil {
		t.Fatal(err)
	}
	s.SetRateLimit(1, 0)
	primary := slack.New(s.Options().BotToken, slack.OptionAPIURL(s.APIURL()))
	other := slack.New(resp.AccessToken, slack.OptionAPIURL(s.APIURL()))
	if _, _, err := primary.PostMessageContext(ctx, "U1", slack.MsgOptionText("1", false)); err != nil {
		t.Fatal(err)
	}
	var rl *slack.RateLimitedError
	if _, _, err := primary.PostMessageContext(ctx, "U1", slack.MsgOptionText("2", false)); !errors.As(err, &rl) {
		t.Fatalf("the primary's second post in a second: %v, want a 429", err)
	}
	for i := range 3 {
		if _, _, err := other.PostMessageContext(ctx, "U2", slack.MsgOptionText("x", false)); err != nil {
			t.Fatalf("post %d in the other workspace: %v", i, err)
		}
	}
}

func isSlackError(err error, code string) bool {
	var se slack.SlackErrorResponse
	return errors.As(err, &se) && se.Err == code
}
