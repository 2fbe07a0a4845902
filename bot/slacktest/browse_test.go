package slacktest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func TestDirectory(t *testing.T) {
	t.Parallel()
	s := setup(t)
	s.AddUser(User{ID: "U0", Name: "bo", DisplayName: "Bo Peep", TZ: "UTC"})
	s.AddChannel(Channel{ID: "C0", Name: "backbone", IsPrivate: true, Members: []string{"U0"}})
	users, channels := s.Users(), s.Channels()
	if len(users) != 2 || users[0].ID != "U0" || users[1].ID != "U1" {
		t.Errorf("Users() = %+v, want U0, U1", users)
	}
	if len(channels) != 2 || channels[0].Name != "backbone" || channels[1].Name != "general" {
		t.Errorf("Channels() = %+v, want #backbone, #general", channels)
	}
	channels[0].Members[0] = "changed"
	if s.Channels()[0].Members[0] != "U0" {
		t.Errorf("Channels() shares its member lists with the fake")
	}
	dm := s.DMChannel("U1")
	if who, ok := s.DMUser(dm); !ok || who != "U1" {
		t.Errorf("DMUser(%s) = %q, %v; want U1", dm, who, ok)
	}
	if _, ok := s.DMUser("C1"); ok {
		t.Errorf("DMUser(C1) says a channel is a DM")
	}
	u, err := apiClient(s).GetUserInfoContext(testCtx(t), "U0")
	if err != nil || u.Profile.DisplayName != "Bo Peep" {
		t.Errorf("users.info display_name = %q, %v; want Bo Peep", u.Profile.DisplayName, err)
	}
}

func TestConversationAsItStandsNow(t *testing.T) {
	t.Parallel()
	s := setup(t)
	api := apiClient(s)
	ctx := testCtx(t)
	changed := s.Changed()
	blocks := slack.MsgOptionBlocks(slack.NewSectionBlock(plainText("first"), nil, nil))
	_, first, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("first", false), blocks)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	default:
		t.Errorf("Changed() was not closed by a post")
	}
	_, second, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("second", false))
	_, _ = api.PostEphemeralContext(ctx, "C1", "U1", slack.MsgOptionText("just for you", false))
	_, _, _, _ = api.UpdateMessageContext(ctx, "C1", first, slack.MsgOptionText("first, edited", false), blocks)
	_, _, _ = api.DeleteMessageContext(ctx, "C1", second)
	got := s.Conversation("C1")
	if len(got) != 2 || got[0].Text != "first, edited" || !got[0].Updated || !got[1].Ephemeral || got[1].User != "U1" {
		t.Fatalf("Conversation(C1) = %+v; want the edited first message and the ephemeral one", got)
	}
	var bl []map[string]any
	if err := json.Unmarshal(got[0].Blocks, &bl); err != nil || len(bl) != 1 || bl[0]["block_id"] == "" || bl[0]["block_id"] == nil {
		t.Errorf("blocks %s: want the generated block_id", got[0].Blocks)
	}
}

func TestCloseView(t *testing.T) {
	t.Parallel()
	s := setup(t)
	closed := make(chan slack.InteractionCallback, 1)
	bot := startBot(t, s, func(evt socketmode.Event) any {
		if cb, ok := evt.Data.(slack.InteractionCallback); ok && cb.Type == slack.InteractionTypeViewClosed {
			closed <- cb
		}
		return nil
	})
	ctx := testCtx(t)
	for _, notify := range []bool{false, true} {
		modal := commitModal()
		modal.NotifyOnClose = notify
		view, err := bot.api.OpenViewContext(ctx, slashTrigger(t, ctx, s, bot), modal)
		if err != nil {
			t.Fatal(err)
		}
		if live, ok := s.LiveView(view.ID); !ok || live.CallbackID != "commit:new" || !strings.Contains(string(live.JSON), `"block_id":"what"`) {
			t.Errorf("LiveView(%s) = %+v, %v", view.ID, live, ok)
		}
		if err := s.CloseView(ctx, "U1", view.ID); err != nil {
			t.Fatalf("CloseView (notify %v): %v", notify, err)
		}
		if _, ok := s.LiveView(view.ID); ok || len(s.OpenModals("U1")) != 0 {
			t.Errorf("notify %v: the view is still open", notify)
		}
	}
	select {
	case cb := <-closed:
		if cb.View.CallbackID != "commit:new" || cb.User.ID != "U1" {
			t.Errorf("view_closed = %+v", cb)
		}
	default:
		t.Errorf("no view_closed for the view with notify_on_close")
	}
	if err := s.CloseView(ctx, "U1", "V404"); err == nil {
		t.Errorf("closing a view that is not open gave no error")
	}
}
