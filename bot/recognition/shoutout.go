package recognition

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/args"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// maxShoutout is the longest shout-out message, in characters.
const maxShoutout = 1000

// shoutoutInput is a parsed `/shoutout`: the people mentioned first, an
// optional partner, and the message.
type shoutoutInput struct {
	Recipients []string
	Partner    string
	Message    string
}

// parseShoutout reads `<@U1> <@U2> [partner="Name"] message`; each mistake
// gets its own message.
func parseShoutout(text string) (shoutoutInput, error) {
	toks, err := args.Tokenize(text)
	var pe *args.Error
	if errors.As(err, &pe) {
		return shoutoutInput{}, kit.Sorry(pe.Msg)
	}
	if err != nil {
		return shoutoutInput{}, err
	}
	var in shoutoutInput
	i := 0
	for ; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.Key == "partner":
			in.Partner = t.Text
		case t.Key == "" && t.Kind == args.User:
			if !containsString(in.Recipients, t.Text) {
				in.Recipients = append(in.Recipients, t.Text)
			}
		default:
			in.Message = shoutoutText(toks[i:])
			return in, nil
		}
	}
	return in, nil
}

// shoutoutText rebuilds the message, keeping user and channel mentions live
// and defusing @here, @channel and links' markup.
func shoutoutText(toks []args.Token) string {
	words := make([]string, 0, len(toks))
	for _, t := range toks {
		switch t.Kind {
		case args.User:
			words = append(words, "<@"+t.Text+">")
		case args.Channel:
			words = append(words, "<#"+t.Text+">")
		case args.Special:
			words = append(words, "@"+t.Text)
		case args.Link:
			words = append(words, kit.OrDefault(t.Label, t.Text))
		default:
			words = append(words, plainWord(t))
		}
	}
	return strings.Join(words, " ")
}

// plainWord is a word or quoted string as the user typed it, decoded.
func plainWord(t args.Token) string {
	if t.Key != "" {
		return t.Key + "=" + t.Text
	}
	if t.Kind == args.Quoted {
		return "“" + t.Text + "”"
	}
	return t.Text
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// validate checks a shout-out against its giver.
func (in shoutoutInput) validate(giver string) error {
	const example = " For example: `/shoutout @maria Thank you for running the parent night!`"
	if len(in.Recipients) == 0 {
		return kit.Sorry("Who would you like to thank? Start with one or more @mentions, then your message." + example)
	}
	if len(in.Recipients) == 1 && in.Recipients[0] == giver {
		return kit.Sorry("We love that you're proud of your work 💛 — but a shout-out is for thanking someone else. Mention a teammate who helped you, and we'll celebrate them together.")
	}
	if strings.TrimSpace(in.Message) == "" {
		return kit.Sorry("What would you like to say about them? Add a few words after the names." + example)
	}
	if n := utf8.RuneCountInString(in.Message); n > maxShoutout {
		return kit.Sorry(fmt.Sprintf("That message is %d characters; a shout-out can be up to 1,000. Could you shorten it a little?", n))
	}
	return nil
}

// shoutout handles `/shoutout <@U…> [<@U…> …] [partner="Name"] message`.
func (s *Service) shoutout(ctx context.Context, req kit.Request) (kit.Reply, error) {
	if sub, _ := kit.Subcommand(req.Text); sub == "help" || strings.TrimSpace(req.Text) == "" {
		return kit.Reply{Text: shoutoutHelp}, nil
	}
	in, err := parseShoutout(req.Text)
	if err != nil {
		return kit.Reply{}, err
	}
	if err := in.validate(req.UserID); err != nil {
		return kit.Reply{}, err
	}
	credits, err := s.shoutoutCredits(ctx, req.TeamID, req.UserID, in)
	if err != nil {
		return kit.Reply{}, err
	}
	channel, err := s.postShoutout(ctx, req, in, credits)
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: fmt.Sprintf("👏 Your shout-out is on its way to <#%s>. Thank you for noticing!", channel)}, nil
}

const shoutoutHelp = "*/shoutout* thanks people in public, in the coalition's recognition channel.\n" +
	"• `/shoutout @maria Thank you for running the parent night!`\n" +
	"• `/shoutout @maria @lee partner=\"Greenfield Public Schools\" The survey reached 412 students!`\n" +
	"Others can join in with 👏 +1."

// shoutoutCredits resolves the mentioned people (refusing bots, unknown
// and deactivated accounts) and the named partner. The giver is never
// credited.
func (s *Service) shoutoutCredits(ctx context.Context, teamID, giver string, in shoutoutInput) ([]store.Credit, error) {
	var credits []store.Credit
	for _, id := range in.Recipients {
		if id == giver {
			continue
		}
		m, err := s.dir.MemberForMention(ctx, teamID, id)
		if err != nil {
			return nil, err
		}
		credits = append(credits, store.Credit{UserID: m.UserID, PartnerID: m.PartnerID, PartnerName: m.PartnerName})
	}
	if in.Partner == "" {
		return credits, nil
	}
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		p, err := s.dir.FindPartner(ctx, tx, teamID, in.Partner)
		if err != nil {
			return err
		}
		credits = append(credits, store.Credit{PartnerID: &p.ID, PartnerName: p.Name})
		return nil
	})
	return credits, err
}

// postShoutout stores the shout-out and queues its post (to the recognition
// channel, or else where it was typed) in one transaction. The giver is
// told by DM if the post fails for good.
func (s *Service) postShoutout(ctx context.Context, req kit.Request, in shoutoutInput, credits []store.Credit) (string, error) {
	channel := req.ChannelID
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		co, err := tx.Coalition(ctx, req.TeamID)
		if err := kit.OrNotFound(err); err != nil {
			return err
		}
		if co.RecognitionChannel != "" {
			channel = co.RecognitionChannel
		}
		so, err := tx.AddShoutout(ctx, store.Shoutout{TeamID: req.TeamID, GiverID: req.UserID, ChannelID: channel,
			Message: in.Message, CreatedAt: s.Now()}, credits)
		if err != nil {
			return err
		}
		text, blocks := ShoutoutBlocks(so, credits)
		m := kit.Message{TeamID: req.TeamID, Key: shoutoutKey(so.ID), Channel: channel, Text: text, Blocks: blocks, NotifyUser: req.UserID}
		if _, err := kit.Queue(ctx, tx, m); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "shoutout.add",
			Entity: "shoutout", EntityID: strconv.FormatInt(so.ID, 10), After: so})
	})
	return channel, err
}

func shoutoutKey(id int64) string { return "shoutout:" + strconv.FormatInt(id, 10) }
