package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/args"
	"github.com/backbone-coalition/backbone/bot/dates"
	"github.com/backbone-coalition/backbone/store"
)

func roles() []string { return []string{store.RoleBackbone, store.RoleSteering, store.RolePartner} }

func (b *Bot) backboneMember(ctx context.Context, req request, rest string) (reply, error) {
	verb, tail := subcommand(rest)
	if verb == "list" {
		return b.memberList(ctx, req, tail)
	}
	return b.memberSet(ctx, req, rest)
}

func (b *Bot) memberSet(ctx context.Context, req request, rest string) (reply, error) {
	const example = "`/backbone member @maria partner=\"Greenfield Public Schools\" role=steering`"
	a, err := parseArgs(rest, "partner", "role", "away")
	if err != nil {
		return reply{}, err
	}
	if len(a.Positional) != 1 || a.Positional[0].Kind != args.User {
		return reply{}, userErrorf("Mention one person, then what to change: " + example)
	}
	partnerTok, hasPartner := a.Named["partner"]
	roleTok, hasRole := a.Named["role"]
	awayTok, hasAway := a.Named["away"]
	if !hasPartner && !hasRole && !hasAway {
		return reply{}, userErrorf("Say what to change — their partner, their role, or both: " + example + " (`away=2026-12-31` pauses their reminders until that day; `away=none` resumes them)")
	}
	away, err := b.awayUntil(ctx, req.TeamID, awayTok.Text, hasAway)
	if err != nil {
		return reply{}, err
	}
	role := strings.ToLower(roleTok.Text)
	if hasRole && !slices.Contains(roles(), role) {
		return reply{}, userErrorf(fmt.Sprintf("“%s” is not a role.%s Roles are backbone (staff), steering (steering committee) and partner (everyone else).", escape(roleTok.Text), didYouMean(role, roles())))
	}
	target, err := b.memberForMention(ctx, req.TeamID, a.Positional[0].Text)
	if err != nil {
		return reply{}, err
	}
	var after store.Member
	err = b.store.InTx(ctx, func(tx *store.Tx) error {
		if hasPartner {
			if err := b.setPartner(ctx, tx, req.TeamID, target.UserID, partnerTok.Text); err != nil {
				return err
			}
		}
		if hasRole {
			if err := tx.SetMemberRole(ctx, req.TeamID, target.UserID, role); err != nil {
				return err
			}
		}
		if hasAway {
			if err := tx.SetMemberAway(ctx, req.TeamID, target.UserID, away); err != nil {
				return err
			}
		}
		if after, err = tx.Member(ctx, req.TeamID, target.UserID); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "member.update", Entity: "member", EntityID: target.UserID, Before: target, After: after})
	})
	if err != nil {
		return reply{}, err
	}
	return reply{Text: "✅ " + memberLine(after) + b.adminNote(after)}, nil
}

// adminNote warns that BACKBONE_ADMINS wins at the next start.
func (b *Bot) adminNote(m store.Member) string {
	if b.admins[m.UserID] && m.Role != store.RoleBackbone {
		return "\n_Note: they are listed in BACKBONE_ADMINS, so they get the backbone role back when the bot restarts._"
	}
	return ""
}

// setPartner links a member to the named partner; "none" unlinks.
func (b *Bot) setPartner(ctx context.Context, tx *store.Tx, teamID, userID, name string) error {
	if strings.EqualFold(name, "none") {
		return tx.SetMemberPartner(ctx, teamID, userID, nil)
	}
	p, err := b.findPartner(ctx, tx, teamID, name)
	if err != nil {
		return err
	}
	if p.Archived {
		return userErrorf(fmt.Sprintf("“%s” is archived. Pick an active partner from `/backbone partner list`.", escape(p.Name)))
	}
	return tx.SetMemberPartner(ctx, teamID, userID, &p.ID)
}

// memberForMention returns the member behind a mentioned user, creating
// them from Slack if needed; bots and deactivated users are refused.
func (b *Bot) memberForMention(ctx context.Context, teamID, userID string) (store.Member, error) {
	m, err := b.ensureMember(ctx, teamID, userID)
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "user_not_found" || se.Err == "users_not_found") {
		return m, userErrorf(fmt.Sprintf("I can't find <@%s> in this Slack workspace. Mention someone by typing @ and picking their name.", userID))
	}
	if err != nil {
		return m, err
	}
	if m.IsBot || m.Deleted {
		return m, userErrorf(fmt.Sprintf("<@%s> is a bot or a deactivated account; pick a person.", userID))
	}
	return m, nil
}

func (b *Bot) memberList(ctx context.Context, req request, rest string) (reply, error) {
	a, err := parseArgs(rest, "partner")
	if err != nil {
		return reply{}, err
	}
	var f store.MemberFilter
	title := "Everyone"
	p, err := b.partnerOption(ctx, req.TeamID, a)
	if err != nil {
		return reply{}, err
	}
	if p != nil {
		f.PartnerID, title = &p.ID, "People at "+escape(p.Name)
	}
	ms, err := b.store.Members(ctx, req.TeamID, f)
	if err != nil {
		return reply{}, err
	}
	if len(ms) == 0 {
		return reply{Text: title + ": nobody yet. People appear here after they first use the bot or join a working-group channel."}, nil
	}
	return reply{Text: title, Blocks: MemberListBlocks(title, ms)}, nil
}

// awayUntil reads `away=DATE` (or `away=none`): the last day away.
func (b *Bot) awayUntil(ctx context.Context, teamID, text string, given bool) (*time.Time, error) {
	if !given || strings.EqualFold(text, "none") {
		return nil, nil
	}
	d, err := dates.Parse(text, b.now(), b.coalitionLocation(ctx, teamID))
	var de *dates.Error
	if errors.As(err, &de) {
		return nil, userErrorf(de.Msg + " For example `away=2026-12-31`, or `away=none` to resume reminders.")
	}
	if err != nil {
		return nil, err
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	return &t, nil
}

// partnerOption resolves an optional `partner="Name"` argument; nil when
// it was not given.
func (b *Bot) partnerOption(ctx context.Context, teamID string, a args.Args) (*store.Partner, error) {
	tok, ok := a.Named["partner"]
	if !ok {
		return nil, nil
	}
	var p store.Partner
	err := b.store.InTx(ctx, func(tx *store.Tx) (err error) {
		p, err = b.findPartner(ctx, tx, teamID, tok.Text)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}
