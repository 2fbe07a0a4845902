package slacktest

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func plainText(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func commitModal() slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:       slack.VTModal,
		Title:      plainText("New commitment"),
		Submit:     plainText("Save"),
		CallbackID: "commit:new",
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock("what", plainText("What"), nil, slack.NewPlainTextInputBlockElement(nil, "what")),
			slack.NewInputBlock("when", plainText("When"), nil, slack.NewDatePickerBlockElement("when")),
		}},
	}
}

// slashTrigger runs a slash command and returns the trigger_id the bot got.
func slashTrigger(t *testing.T, ctx context.Context, s *Server, bot *testBot) string {
	t.Helper()
	if _, err := s.SlashCommand(ctx, Slash{UserID: "U1", ChannelID: "C1", Command: "/commit"}); err != nil {
		t.Fatal(err)
	}
	return bot.next(t, ctx).Data.(slack.SlashCommand).TriggerID
}

func TestTriggerIDRules(t *testing.T) {
	t.Parallel()
	clock := newClock()
	var got violations
	s := setup(t, func(o *Options) { o.Now = clock.Now; o.Violations = got.add })
	bot := startBot(t, s, nil)
	ctx := testCtx(t)

	stale := slashTrigger(t, ctx, s, bot)
	clock.Advance(3*time.Second + time.Millisecond)
	if _, err := bot.api.OpenViewContext(ctx, stale, commitModal()); slackErr(err) != "expired_trigger_id" {
		t.Errorf("stale trigger: %v, want expired_trigger_id", err)
	}
	fresh := slashTrigger(t, ctx, s, bot)
	resp, err := bot.api.OpenViewContext(ctx, fresh, commitModal())
	if err != nil || !strings.HasPrefix(resp.ID, "V") || resp.CallbackID != "commit:new" || resp.Hash == "" {
		t.Fatalf("views.open = %+v, %v", resp, err)
	}
	if _, err := bot.api.OpenViewContext(ctx, fresh, commitModal()); slackErr(err) != "exchanged_trigger_id" {
		t.Errorf("reused trigger: %v, want exchanged_trigger_id", err)
	}
	if _, err := bot.api.OpenViewContext(ctx, "123.456.abc", commitModal()); slackErr(err) != "invalid_trigger_id" {
		t.Errorf("bogus trigger: %v, want invalid_trigger_id", err)
	}
	if vs := got.list(); len(vs) != 0 {
		t.Errorf("trigger errors are API errors, not violations: %v", vs)
	}
}

func TestViewSubmission(t *testing.T) {
	t.Parallel()
	s := setup(t)
	submissions := 0
	bot := startBot(t, s, func(evt socketmode.Event) any {
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok || cb.Type != slack.InteractionTypeViewSubmission {
			return nil
		}
		submissions++
		if submissions == 1 {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{"what": "too vague"})
		}
		return nil
	})
	ctx := testCtx(t)
	view, err := bot.api.OpenViewContext(ctx, slashTrigger(t, ctx, s, bot), commitModal())
	if err != nil {
		t.Fatal(err)
	}

	values := map[string]map[string]Value{"what": {"what": {Value: "stuff"}}, "when": {"when": {SelectedDate: "2024-05-01"}}}
	if _, err := s.ViewSubmission(ctx, ViewSubmitReq{UserID: "U1", ViewID: view.ID, Values: values}); err != nil {
		t.Fatal(err)
	}
	cb := bot.next(t, ctx).Data.(slack.InteractionCallback)
	state := cb.View.State.Values
	if cb.View.ID != view.ID || cb.View.CallbackID != "commit:new" || state["what"]["what"].Value != "stuff" ||
		state["when"]["when"].SelectedDate != "2024-05-01" || cb.User.ID != "U1" {
		t.Errorf("view_submission = %+v", cb.View)
	}
	if open := s.OpenModals("U1"); len(open) != 1 {
		t.Fatalf("after errors, open modals = %v", open)
	}

	values["what"]["what"] = Value{Value: "ship the digest"}
	if _, err := s.ViewSubmission(ctx, ViewSubmitReq{UserID: "U1", ViewID: view.ID, Values: values}); err != nil {
		t.Fatal(err)
	}
	bot.next(t, ctx)
	if open := s.OpenModals("U1"); len(open) != 0 {
		t.Errorf("after an empty ack, open modals = %v", open)
	}
	if _, err := s.WaitView(ctx, func(v View) bool { return v.Closed && v.ID == view.ID }); err != nil {
		t.Error(err)
	}

	_, err = s.ViewSubmission(ctx, ViewSubmitReq{UserID: "U1", ViewID: view.ID})
	if err == nil {
		t.Error("submitting a closed view should fail")
	}
}

func TestViewSubmissionRequiresInputs(t *testing.T) {
	t.Parallel()
	s := setup(t)
	bot := startBot(t, s, nil)
	ctx := testCtx(t)
	view, err := bot.api.OpenViewContext(ctx, slashTrigger(t, ctx, s, bot), commitModal())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		values map[string]map[string]Value
	}{
		{"empty required input", map[string]map[string]Value{"what": {"what": {Value: "x"}}}},
		{"unknown input", map[string]map[string]Value{"what": {"what": {Value: "x"}}, "when": {"when": {SelectedDate: "2024-01-01"}}, "who": {"who": {Value: "x"}}}},
	}
	for _, tt := range tests {
		if _, err := s.ViewSubmission(ctx, ViewSubmitReq{UserID: "U1", ViewID: view.ID, Values: tt.values}); err == nil {
			t.Errorf("%s: want an error", tt.name)
		}
	}
}

func TestBlockActionReplaceOriginal(t *testing.T) {
	t.Parallel()
	s := setup(t)
	bot := startBot(t, s, nil)
	ctx := testCtx(t)
	done := slack.NewButtonBlockElement("commitment:done", "42", plainText("Done"))
	blocks := slack.MsgOptionBlocks(
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "*Ship it*", false, false), nil, nil),
		slack.NewActionBlock("", done))
	_, ts, err := bot.api.PostMessageContext(ctx, "C1", slack.MsgOptionText("Ship it", false), blocks)
	if err != nil {
		t.Fatal(err)
	}

	if _, err := s.BlockAction(ctx, BlockActionReq{UserID: "U1", ChannelID: "C1", MessageTS: ts, ActionID: "commitment:done"}); err != nil {
		t.Fatal(err)
	}
	cb := bot.next(t, ctx).Data.(slack.InteractionCallback)
	acts := cb.ActionCallback.BlockActions
	if cb.Type != slack.InteractionTypeBlockActions || len(acts) != 1 || acts[0].Value != "42" || acts[0].BlockID == "" ||
		cb.Container.MessageTs != ts || cb.Channel.ID != "C1" || cb.Message.Text != "Ship it" || cb.TriggerID == "" {
		t.Fatalf("block_actions = %+v", cb)
	}
	err = slack.PostWebhookContext(ctx, cb.ResponseURL, &slack.WebhookMessage{Text: "Done ✓", ReplaceOriginal: true})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := s.LatestMessage("C1", ts); !m.Updated || !m.ViaResponseURL || m.Text != "Done ✓" {
		t.Errorf("latest = %+v", m)
	}
	if _, err := s.BlockAction(ctx, BlockActionReq{UserID: "U1", ChannelID: "C1", MessageTS: ts, ActionID: "nope"}); err == nil {
		t.Error("an action on a missing element should fail")
	}
}

func TestResponseURLLimits(t *testing.T) {
	t.Parallel()
	clock := newClock()
	var got violations
	s := setup(t, func(o *Options) { o.Now = clock.Now; o.Violations = got.add })
	bot := startBot(t, s, nil)
	ctx := testCtx(t)
	url := func() string {
		if _, err := s.SlashCommand(ctx, Slash{UserID: "U1", ChannelID: "C1", Command: "/c"}); err != nil {
			t.Fatal(err)
		}
		return bot.next(t, ctx).Data.(slack.SlashCommand).ResponseURL
	}
	post := func(u string) error {
		return slack.PostWebhookContext(ctx, u, &slack.WebhookMessage{Text: "hi"})
	}
	u := url()
	for i := range 5 {
		if err := post(u); err != nil {
			t.Fatalf("post %d: %v", i+1, err)
		}
	}
	var sce slack.StatusCodeError
	if err := post(u); !errors.As(err, &sce) || sce.Code != 404 {
		t.Errorf("sixth post: %v, want 404", err)
	}
	old := url()
	clock.Advance(31 * time.Minute)
	if err := post(old); !errors.As(err, &sce) {
		t.Errorf("expired url: %v, want 404", err)
	}
	if vs := got.list(); len(vs) != 2 || !strings.Contains(vs[0].Error(), "used_url") || !strings.Contains(vs[1].Error(), "expired_url") {
		t.Errorf("violations = %v", vs)
	}
}

func TestHomeTab(t *testing.T) {
	t.Parallel()
	s := setup(t)
	bot := startBot(t, s, nil)
	ctx := testCtx(t)
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "Your commitments", false, false), nil, nil),
	}}}
	if _, err := bot.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home}); err != nil {
		t.Fatal(err)
	}
	v, found := s.HomeView("U1")
	if !found || v.Type != "home" || !strings.Contains(string(v.Blocks), "Your commitments") {
		t.Fatalf("home view = %+v", v)
	}
	if _, err := s.AppHomeOpened(ctx, "U1"); err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(bot.next(t, ctx).Data)
	if !strings.Contains(string(raw), v.ID) {
		t.Errorf("app_home_opened does not carry the view: %s", raw)
	}
	_, err := bot.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U404", View: home})
	if slackErr(err) != "user_not_found" {
		t.Errorf("publish for unknown user: %v", err)
	}
}

func TestViewErrors(t *testing.T) {
	t.Parallel()
	var got violations
	s := setup(t, func(o *Options) { o.Violations = got.add })
	bot := startBot(t, s, nil)
	ctx := testCtx(t)

	long := commitModal()
	long.Title = plainText(strings.Repeat("t", 25))
	_, err := bot.api.OpenViewContext(ctx, slashTrigger(t, ctx, s, bot), long)
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "invalid_arguments" || len(se.ResponseMetadata.Messages) != 1 ||
		!strings.Contains(se.ResponseMetadata.Messages[0], "[json-pointer:/view/title/text]") {
		t.Errorf("long title: %#v", err)
	}
	if vs := got.list(); len(vs) != 1 {
		t.Errorf("violations = %v", vs)
	}

	root, err := bot.api.OpenViewContext(ctx, slashTrigger(t, ctx, s, bot), commitModal())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		_, err := bot.api.PushViewContext(ctx, slashTrigger(t, ctx, s, bot), commitModal())
		want := ""
		if i == 2 {
			want = "push_limit_reached"
		}
		if slackErr(err) != want {
			t.Errorf("push %d: %v, want %q", i+1, err, want)
		}
	}
	_, err = bot.api.UpdateViewContext(ctx, commitModal(), "", "stale-hash", root.ID)
	if slackErr(err) != "hash_conflict" {
		t.Errorf("stale hash: %v", err)
	}
	upd, err := bot.api.UpdateViewContext(ctx, commitModal(), "", root.Hash, root.ID)
	if err != nil || upd.ID != root.ID || upd.Hash == root.Hash || upd.RootViewID != root.ID {
		t.Errorf("update: %+v, %v", upd, err)
	}
}
