package slacktest

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func TestExternalPeopleAndGuests(t *testing.T) {
	t.Parallel()
	s := setup(t)
	s.AddUser(User{ID: "UEXT", Name: "eve", TZ: "Europe/Lisbon", Email: "Eve@Partner.example", TeamID: "T0OTHER"})
	s.AddUser(User{ID: "UGUEST", Name: "gus", Guest: "single_channel"})
	s.AddUser(User{ID: "UMULTI", Name: "mo", Guest: "multi_channel"})
	api, ctx := apiClient(s), testCtx(t)

	u, err := api.GetUserInfoContext(ctx, "UEXT")
	if err != nil || u.TeamID != "T0OTHER" || u.TZ != "Europe/Lisbon" || u.Profile.Email != "Eve@Partner.example" {
		t.Errorf("users.info of an external person = %+v, %v", u, err)
	}
	for id, want := range map[string][2]bool{"UGUEST": {false, true}, "UMULTI": {true, false}, "UEXT": {false, false}} {
		g, err := api.GetUserInfoContext(ctx, id)
		if err != nil || g.IsRestricted != want[0] || g.IsUltraRestricted != want[1] {
			t.Errorf("%s: restricted %v, ultra %v (%v); want %v", id, g.IsRestricted, g.IsUltraRestricted, err, want)
		}
	}
	// DMs with the external person are refused, both ways of opening one.
	_, _, _, err = api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"UEXT"}})
	if got := slackErr(err); got != dmRefusedExternal {
		t.Errorf("conversations.open with an external person: %q, want %q", got, dmRefusedExternal)
	}
	if _, _, err := api.PostMessageContext(ctx, "UEXT", slack.MsgOptionText("hi", false)); slackErr(err) != dmRefusedExternal {
		t.Errorf("chat.postMessage to an external person's ID: %v", err)
	}
	if _, _, err := api.PostMessageContext(ctx, "UGUEST", slack.MsgOptionText("hi", false)); err != nil {
		t.Errorf("a guest of the workspace can get a DM: %v", err)
	}
}

func TestLookupByEmail(t *testing.T) {
	t.Parallel()
	s := setup(t)
	s.AddUser(User{ID: "UEXT", Name: "eve", Email: "eve@partner.example", TeamID: "T0OTHER"})
	api, ctx := apiClient(s), testCtx(t)
	for _, tt := range []struct{ email, id, err string }{
		{"EVE@partner.example", "UEXT", ""},
		{"nobody@example.org", "", "users_not_found"},
		{"", "", "invalid_arguments"},
	} {
		u, err := api.GetUserByEmailContext(ctx, tt.email)
		if slackErr(err) != tt.err || (err == nil && u.ID != tt.id) {
			t.Errorf("lookupByEmail(%q) = %v, %v; want %s %s", tt.email, u, err, tt.id, tt.err)
		}
	}
}

func TestFileSharedInDM(t *testing.T) {
	t.Parallel()
	s := setup(t)
	s.AddUser(User{ID: "U1", Name: "ana"})
	api, ctx := apiClient(s), testCtx(t)
	content := []byte("name,sector\nA,education\n")
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	id, err := s.ShareFileInDM(short, SharedFile{User: "U1", Filename: "partners.csv", Mimetype: "text/csv", Filetype: "csv", Content: content})
	if err == nil {
		t.Fatal("the share was delivered with no bot connected")
	}
	f, _, _, err := api.GetFileInfoContext(ctx, id, 0, 0)
	if err != nil || f.User != "U1" || f.Size != len(content) || f.Filetype != "csv" || len(f.IMs) != 1 || f.URLPrivateDownload == "" {
		t.Fatalf("files.info = %+v, %v", f, err)
	}
	var got bytes.Buffer
	if err := api.GetFileContext(ctx, f.URLPrivateDownload, &got); err != nil || !bytes.Equal(got.Bytes(), content) {
		t.Errorf("download with the bot token: %q, %v", got.String(), err)
	}
	resp, err := http.Get(f.URLPrivateDownload)
	if err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("download without a token: %v %v; want 403", resp, err)
	}
	if resp != nil {
		resp.Body.Close()
	}
}
