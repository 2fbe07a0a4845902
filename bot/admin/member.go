package admin

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/args"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/store"
)

func (s *Service) backboneMember(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	verb, tail := kit.Subcommand(rest)
	switch verb {
	case "list":
		return s.memberList(ctx, req, tail)
	case "pending":
		return s.memberPending(ctx, req)
	}
	return s.memberSet(ctx, req, rest)
}

// joinUnquotedAway reads `away=Dec 9` as `away="Dec 9"`: the words after
// the person that are not options continue the date.
func joinUnquotedAway(a *args.Args) {
	away, ok := a.Named["away"]
	if !ok || len(a.Positional) < 2 || a.Positional[0].Kind != args.User {
		return
	}
	for _, t := range a.Positional[1:] {
		if t.Kind != args.Word {
			return
		}
		away.Text += " " + t.Text
	}
	a.Named["away"] = away
	a.Positional = a.Positional[:1]
}

func (s *Service) memberSet(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	const example = "`/backbone member @maria partner=\"Greenfield Public Schools\" role=steering`"
	a, err := kit.ParseArgs(rest, "partner", "role", "away")
	if err != nil {
		return kit.Reply{}, err
	}
	joinUnquotedAway(&a)
	if len(a.Positional) != 1 || a.Positional[0].Kind != args.User {
		return kit.Reply{}, kit.Sorry("Mention one person, then what to change: " + example)
	}
	partnerTok, hasPartner := a.Named["partner"]
	roleTok, hasRole := a.Named["role"]
	awayTok, hasAway := a.Named["away"]
	if !hasPartner && !hasRole && !hasAway {
		return kit.Reply{}, kit.Sorry("Say what to change — their partner, their role, or both: " + example + " (`away=2026-12-31` pauses their reminders until that day; `away=none` resumes them)")
	}
	away, err := s.awayUntil(ctx, req.TeamID, awayTok.Text, hasAway)
	if err != nil {
		return kit.Reply{}, err
	}
	role := strings.ToLower(roleTok.Text)
	if hasRole && !slices.Contains(kit.Roles(), role) {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("“%s” is not a role.%s Roles are backbone (staff), steering (steering committee) and partner (everyone else).", kit.Escape(roleTok.Text), kit.DidYouMean(role, kit.Roles())))
	}
	target, err := s.dir.MemberForMention(ctx, req.TeamID, a.Positional[0].Text)
	if err != nil {
		return kit.Reply{}, err
	}
	var after store.Member
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if hasPartner {
			if err := s.setPartner(ctx, tx, req, target.UserID, partnerTok.Text); err != nil {
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
		return kit.Reply{}, err
	}
	return kit.Reply{Text: "✅ " + memberLine(after) + s.adminNote(after)}, nil
}

// adminNote warns that BACKBONE_ADMINS wins at the next start.
func (s *Service) adminNote(m store.Member) string {
	if s.dir.IsAdmin(m.UserID) && m.Role != store.RoleBackbone {
		return "\n_Note: they are listed in BACKBONE_ADMINS, so they get the backbone role back when the bot restarts._"
	}
	return ""
}

// setPartner links a member to the named partner, confirmed at once (staff
// made the link), and closes any link they claimed that waits; "none"
// unlinks.
func (s *Service) setPartner(ctx context.Context, tx *store.Tx, req kit.Request, userID, name string) error {
	var id *int64
	if !strings.EqualFold(name, "none") {
		p, err := s.dir.FindPartner(ctx, tx, req.TeamID, name)
		if err != nil {
			return err
		}
		if p.Archived {
			return kit.Sorry(fmt.Sprintf("“%s” is archived. Pick an active partner from `/backbone partner list`.", kit.Escape(p.Name)))
		}
		id = &p.ID
	}
	if err := tx.SetMemberPartner(ctx, req.TeamID, userID, id); err != nil {
		return err
	}
	return tx.SupersedeClaims(ctx, req.TeamID, userID, id, req.UserID)
}

func (s *Service) memberList(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	a, err := kit.ParseArgs(rest, "partner")
	if err != nil {
		return kit.Reply{}, err
	}
	var f store.MemberFilter
	title := "Everyone"
	p, err := s.dir.PartnerOption(ctx, req.TeamID, a)
	if err != nil {
		return kit.Reply{}, err
	}
	if p != nil {
		f.PartnerID, title = &p.ID, "People at "+kit.Escape(p.Name)
	}
	ms, err := s.Store.Members(ctx, req.TeamID, f)
	if err != nil {
		return kit.Reply{}, err
	}
	if len(ms) == 0 {
		return kit.Reply{Text: title + ": nobody yet. People appear here after they first use the bot or join a working-group channel."}, nil
	}
	return kit.Reply{Text: title, Blocks: MemberListBlocks(title, ms)}, nil
}

// awayUntil reads `away=DATE` (or `away=none`): the last day away.
func (s *Service) awayUntil(ctx context.Context, teamID, text string, given bool) (*time.Time, error) {
	if !given || strings.EqualFold(text, "none") {
		return nil, nil
	}
	d, err := dates.Parse(text, s.Now(), s.dir.CoalitionLoc(ctx, teamID))
	var de *dates.Error
	if errors.As(err, &de) {
		return nil, kit.Sorry(de.Msg + " For example `away=2026-12-31`, or `away=none` to resume reminders.")
	}
	if err != nil {
		return nil, err
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	return &t, nil
}
