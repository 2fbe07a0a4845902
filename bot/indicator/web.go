package indicator

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/weblink"
)

// ActionWebLink is the "Open the scorecard" button (App Home): it DMs a
// sign-in link.
const ActionWebLink = "scorecard:link"

// actionOpenLink is the DM's link button: Slack opens the URL itself and
// still tells the app of the click, which needs no answer.
const actionOpenLink = "scorecard:open"

// MaxStory is the longest story behind a curve, in characters.
const MaxStory = 3000

func (s *Service) indicatorWeb(ctx context.Context, req kit.Request) (kit.Reply, error) {
	if err := s.SendWebLink(ctx, req.Actor); err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: "🔗 I sent you a link to the scorecard in our DM. It works once, within 15 minutes."}, nil
}

func openedLink(context.Context, slack.InteractionCallback, *slack.BlockAction, store.Member) error {
	return nil
}

func (s *Service) webLinkFromButton(ctx context.Context, _ slack.InteractionCallback, _ *slack.BlockAction, actor store.Member) error {
	return s.SendWebLink(ctx, actor)
}

// SendWebLink DMs m a one-time sign-in link to the scorecard.
func (s *Service) SendWebLink(ctx context.Context, m store.Member) error {
	now := s.Now()
	link, err := s.Web.Link(m.TeamID, m.UserID, now)
	if errors.Is(err, weblink.ErrOff) {
		return kit.Sorry("The web scorecard isn't set up on this server yet: ask your backbone staff (it needs `PUBLIC_URL`).")
	}
	if err != nil {
		return err
	}
	text := "Here is your link to the coalition's scorecard: it signs you in once, within 15 minutes. Don't share it."
	btn := slack.NewButtonBlockElement(actionOpenLink, "", slack.NewTextBlockObject(slack.PlainTextType, "Open the scorecard", false, false))
	btn.URL, btn.Style = link, slack.StylePrimary
	// The link goes in a button: the outbox defuses any link in text.
	blocks := []slack.Block{slack.NewSectionBlock(kit.Mrkdwn("🔗 "+text), nil, nil), slack.NewActionBlock("scorecard_link", btn)}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		_, err := kit.Queue(ctx, tx, kit.Message{TeamID: m.TeamID, Key: fmt.Sprintf("weblink:%s:%d", m.UserID, now.UnixNano()),
			Channel: m.UserID, Text: text, Blocks: blocks})
		return err
	})
}

// publicArg reads "KEY public=yes|no"; ok is false when rest is anything
// else (the edit form opens instead).
func publicArg(rest string) (public, ok bool) {
	fields := strings.Fields(rest)
	if len(fields) != 2 {
		return false, false
	}
	name, v, found := strings.Cut(strings.ToLower(fields[1]), "=")
	if !found || name != "public" {
		return false, false
	}
	switch v {
	case "yes", "true", "on":
		return true, true
	case "no", "false", "off":
		return false, true
	}
	return false, false
}

func (s *Service) indicatorPublic(ctx context.Context, req kit.Request, rest string, public bool) (kit.Reply, error) {
	ind, err := s.findIndicator(ctx, req.TeamID, strings.Fields(rest)[0])
	if err != nil {
		return kit.Reply{}, err
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error { return tx.SetIndicatorPublic(ctx, ind.ID, public) })
	if err != nil {
		return kit.Reply{}, err
	}
	if public {
		return kit.Reply{Text: fmt.Sprintf("🌍 *%s* is now on the public scorecard (%s/public), for anyone with the link. Small numbers and single partners' cells stay hidden. `/indicators edit %s public=no` takes it off.",
			kit.Escape(ind.Name), s.Web.Base, ind.Key)}, nil
	}
	return kit.Reply{Text: fmt.Sprintf("*%s* is off the public scorecard; members still see it when signed in.", kit.Escape(ind.Name))}, nil
}

func (s *Service) indicatorStory(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	key, story, _ := strings.Cut(strings.TrimSpace(rest), " ")
	if key == "" {
		return kit.Reply{}, kit.Sorry("Which indicator? Try `/indicators story youth-binge-drinking Since the campaign began in the schools…`.")
	}
	ind, err := s.findIndicator(ctx, req.TeamID, key)
	if err != nil {
		return kit.Reply{}, err
	}
	story = strings.TrimSpace(story)
	if story == "" {
		if ind.Story == "" {
			return kit.Reply{Text: fmt.Sprintf("*%s* has no story yet. Add one: `/indicators story %s` followed by the text.", kit.Escape(ind.Name), ind.Key)}, nil
		}
		return kit.Reply{Text: fmt.Sprintf("*The story behind %s*\n%s", kit.Escape(ind.Name), kit.Quote(ind.Story, MaxStory))}, nil
	}
	if n := len([]rune(story)); n > MaxStory {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("That story is %d characters; keep it under %d.", n, MaxStory))
	}
	if err := s.SaveStory(ctx, ind.ID, story, req.Actor.UserID); err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: fmt.Sprintf("📖 Saved the story behind *%s*; it shows on its scorecard page.", kit.Escape(ind.Name))}, nil
}

// SaveStory saves the story behind an indicator's curve, written by userID.
func (s *Service) SaveStory(ctx context.Context, indicatorID int64, story, userID string) error {
	return s.Store.InTx(ctx, func(tx *store.Tx) error { return tx.SetIndicatorStory(ctx, indicatorID, story, userID) })
}
