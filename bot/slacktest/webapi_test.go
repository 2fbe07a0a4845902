package slacktest

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/blockkit"
	"github.com/slack-go/slack"
)

func TestAuth(t *testing.T) {
	t.Parallel()
	s := setup(t)
	ctx := testCtx(t)
	tests := []struct {
		name  string
		token string
		want  string
	}{
		{"bot token", s.Options().BotToken, ""},
		{"wrong token", "xoxb-nope", "invalid_auth"},
		{"missing token", "", "not_authed"},
		{"app token", s.Options().AppToken, "not_allowed_token_type"},
	}
	for _, tt := range tests {
		api := slack.New(tt.token, slack.OptionAPIURL(s.APIURL()))
		resp, err := api.AuthTestContext(ctx)
		if got := slackErr(err); got != tt.want {
			t.Errorf("%s: error %q, want %q", tt.name, got, tt.want)
		}
		if tt.want == "" && (resp.UserID != "U0BACKBONE" || resp.TeamID != "T0BACKBONE") {
			t.Errorf("%s: auth.test = %+v", tt.name, resp)
		}
	}
}

func TestUnknownMethodIsReported(t *testing.T) {
	t.Parallel()
	var got violations
	s := setup(t, func(o *Options) { o.Violations = got.add })
	_, err := apiClient(s).GetConversationHistoryContext(testCtx(t), &slack.GetConversationHistoryParameters{ChannelID: "C1"})
	if slackErr(err) != "unknown_method" {
		t.Errorf("err = %v, want unknown_method", err)
	}
	if vs := got.list(); len(vs) != 1 || !strings.Contains(vs[0].Error(), "conversations.history") {
		t.Errorf("violations = %v", vs)
	}
}

func TestPostMessageTargets(t *testing.T) {
	t.Parallel()
	s := setup(t)
	s.AddUser(User{ID: "U9", Name: "gone", Deleted: true})
	s.AddUser(User{ID: "UBOT", Name: "otherbot", IsBot: true})
	s.AddChannel(Channel{ID: "C2", Name: "random"})
	s.AddChannel(Channel{ID: "G1", Name: "secret", IsPrivate: true})
	s.AddChannel(Channel{ID: "C3", Name: "old", IsArchived: true, BotIsMember: true})
	api, ctx := apiClient(s), testCtx(t)
	tests := []struct {
		channel string
		want    string
	}{
		{"C1", ""}, {"U1", ""}, {"C2", "not_in_channel"}, {"G1", "channel_not_found"},
		{"C404", "channel_not_found"}, {"C3", "is_archived"}, {"U9", "user_disabled"},
		{"UBOT", "cannot_dm_bot"},
	}
	for _, tt := range tests {
		_, _, err := api.PostMessageContext(ctx, tt.channel, slack.MsgOptionText("hi", false))
		if got := slackErr(err); got != tt.want {
			t.Errorf("post to %s: error %q, want %q", tt.channel, got, tt.want)
		}
	}
	dm := s.DMChannel("U1")
	ch, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1"}})
	if err != nil || ch.ID != dm {
		t.Fatalf("conversations.open = %v, %v; want %s", ch, err, dm)
	}
	m, err := s.WaitMessage(ctx, func(m Message) bool { return m.Channel == dm })
	if err != nil || m.User != "U1" || m.Ephemeral {
		t.Errorf("DM = %+v, %v", m, err)
	}
}

func TestMessageLifecycle(t *testing.T) {
	t.Parallel()
	s := setup(t)
	api, ctx := apiClient(s), testCtx(t)
	_, ts1, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("one", false))
	if err != nil {
		t.Fatal(err)
	}
	_, ts2, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("two", false), slack.MsgOptionTS(ts1))
	if err != nil || ts2 <= ts1 {
		t.Fatalf("second post: ts %s after %s, %v", ts2, ts1, err)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", ts1, slack.MsgOptionText("one, edited", false)); err != nil {
		t.Fatal(err)
	}
	if _, err := api.PostEphemeralContext(ctx, "C1", "U1", slack.MsgOptionText("psst", false)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.DeleteMessageContext(ctx, "C1", ts2); err != nil {
		t.Fatal(err)
	}
	_, _, _, err = api.UpdateMessageContext(ctx, "C1", "1.000001", slack.MsgOptionText("x", false))
	if slackErr(err) != "message_not_found" {
		t.Errorf("update of unknown message: %v", err)
	}
	var got []string
	for _, m := range s.Messages() {
		got = append(got, m.Method+":"+m.Text)
	}
	want := "chat.postMessage:one chat.postMessage:two chat.update:one, edited chat.postEphemeral:psst chat.delete:two"
	if strings.Join(got, " ") != want {
		t.Errorf("messages = %q\nwant       %q", strings.Join(got, " "), want)
	}
	if m, _ := s.LatestMessage("C1", ts1); !m.Updated || m.Text != "one, edited" {
		t.Errorf("latest = %+v", m)
	}
	if m := s.Messages()[1]; m.ThreadTS != ts1 {
		t.Errorf("thread_ts = %q, want %q", m.ThreadTS, ts1)
	}
}

func TestRateLimits(t *testing.T) {
	t.Parallel()
	clock := newClock()
	s := setup(t, func(o *Options) { o.Now = clock.Now })
	s.AddChannel(Channel{ID: "C2", BotIsMember: true})
	api, ctx := apiClient(s), testCtx(t)
	post := func(ch string) error {
		_, _, err := api.PostMessageContext(ctx, ch, slack.MsgOptionText("hi", false))
		return err
	}

	s.FailNext("chat.postMessage", 1, http.StatusTooManyRequests, 2*time.Second)
	var rl *slack.RateLimitedError
	if err := post("C1"); !errors.As(err, &rl) || rl.RetryAfter != 2*time.Second {
		t.Fatalf("err = %v, want RateLimitedError of 2s", err)
	}
	if err := post("C1"); err != nil {
		t.Fatalf("after the fault: %v", err)
	}

	s.SetRateLimit(0, 1)
	clock.Advance(time.Second)
	if err := post("C1"); err != nil {
		t.Fatal(err)
	}
	if err := post("C1"); !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Errorf("second post in the second: %v, want RateLimitedError", err)
	}
	if err := post("C2"); err != nil {
		t.Errorf("other channel: %v", err)
	}
	clock.Advance(time.Second)
	if err := post("C1"); err != nil {
		t.Errorf("a second later: %v", err)
	}

	s.FailWithError("users.info", 1, "fatal_error")
	if _, err := api.GetUserInfoContext(ctx, "U1"); slackErr(err) != "fatal_error" {
		t.Errorf("users.info: %v, want fatal_error", err)
	}
	s.FailNext("users.info", 1, http.StatusInternalServerError, 0)
	var sce slack.StatusCodeError
	if _, err := api.GetUserInfoContext(ctx, "U1"); !errors.As(err, &sce) || sce.Code != 500 {
		t.Errorf("users.info: %v, want status 500", err)
	}
}

func TestBlockKitViolationIsReported(t *testing.T) {
	t.Parallel()
	var got violations
	s := setup(t, func(o *Options) { o.Violations = got.add })
	api, ctx := apiClient(s), testCtx(t)
	header := slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, strings.Repeat("h", 151), false, false))
	_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("digest", false), slack.MsgOptionBlocks(header))
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "invalid_blocks" ||
		len(se.ResponseMetadata.Messages) != 1 || !strings.Contains(se.ResponseMetadata.Messages[0], "[json-pointer:/blocks/0/text/text]") {
		t.Fatalf("err = %#v", err)
	}
	vs := got.list()
	var v blockkit.Violation
	if len(vs) != 1 || !errors.As(vs[0], &v) || v.Path != "/blocks/0/text/text" {
		t.Errorf("violations = %v", vs)
	}
	if len(s.Messages()) != 0 {
		t.Errorf("an invalid message was recorded")
	}
}

func TestUsersAndConversations(t *testing.T) {
	t.Parallel()
	s := setup(t)
	api, ctx := apiClient(s), testCtx(t)
	u, err := api.GetUserInfoContext(ctx, "U1")
	if err != nil || u.TZ != "Europe/London" || u.RealName != "Ada Lovelace" {
		t.Errorf("users.info = %+v, %v", u, err)
	}
	if _, err := api.GetUserInfoContext(ctx, "U404"); slackErr(err) != "user_not_found" {
		t.Errorf("unknown user: %v", err)
	}
	ch, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: "C1"})
	if err != nil || ch.Name != "general" || !ch.IsMember {
		t.Errorf("conversations.info = %+v, %v", ch, err)
	}
	members, _, err := api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: "C1"})
	if err != nil || len(members) != 1 || members[0] != "U1" {
		t.Errorf("conversations.members = %v, %v", members, err)
	}
}

func TestUploadFile(t *testing.T) {
	t.Parallel()
	s := setup(t)
	api, ctx := apiClient(s), testCtx(t)
	content := "week,done\n1,3\n"
	sum, err := api.UploadFileContext(ctx, slack.UploadFileParameters{
		Filename: "report.csv", Title: "Weekly report", Content: content, FileSize: len(content),
		Channel: "C1", ThreadTimestamp: "1700000000.000100", InitialComment: "here it is",
	})
	if err != nil {
		t.Fatal(err)
	}
	files := s.Files()
	if len(files) != 1 {
		t.Fatalf("files = %+v", files)
	}
	f := files[0]
	if f.ID != sum.ID || string(f.Content) != content || f.Title != "Weekly report" || f.Channel != "C1" ||
		f.ThreadTS != "1700000000.000100" || !f.Completed {
		t.Errorf("file = %+v", f)
	}
	m, err := s.WaitMessage(ctx, func(m Message) bool { return len(m.FileIDs) == 1 })
	if err != nil || m.Text != "here it is" || m.FileIDs[0] != f.ID {
		t.Errorf("file message = %+v, %v", m, err)
	}
}

func TestLatency(t *testing.T) {
	t.Parallel()
	s := setup(t)
	s.SetLatency("auth.test", 100*time.Millisecond)
	start := time.Now()
	if _, err := apiClient(s).AuthTestContext(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("auth.test answered after %s, want at least 100ms", d)
	}
	calls := s.Calls()
	if len(calls) != 1 || calls[0].Method != "auth.test" || calls[0].Status != 200 || calls[0].Params.Get("token") == "" {
		t.Errorf("calls = %+v", calls)
	}
}
