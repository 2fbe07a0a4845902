package commitment

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

const commitUsage = "*/commit* — record who will do what by when\n" +
	"• `/commit Send flyers to the 10 middle schools by Friday` — you own it\n" +
	"• `/commit @maria @lee Draft the MOU with the sheriff's office by 2026-12-15` — one commitment each; they are asked to accept\n" +
	"• Several lines at once (paste the action items from your notes): one commitment per line, each with its own names and date\n" +
	"Dates go at the end: `today`, `tomorrow`, `Friday`, `Friday next week`, `in 3 days`, `end of January`, `Dec 15`, `2026-12-15` (a time such as `5pm` or `EOD` may follow) — or `no date`. " +
	"A date like `8/12` that could be day or month first is asked about (see `/backbone set date_order`). " +
	"In a working group's channel the commitment belongs to the group, and to the meeting if one is open."

// commit records the commitments of a /commit: all of them, or, if any line
// has a mistake, none.
func (s *Service) commit(ctx context.Context, req kit.Request) (kit.Reply, error) {
	text := strings.TrimSpace(req.Text)
	if text == "" || strings.EqualFold(text, "help") {
		return kit.Reply{Text: commitUsage}, nil
	}
	return s.record(ctx, req, nil)
}

// record saves the commitments of a /commit's text, with picks for the
// dates asked about; while a date is ambiguous it asks instead.
func (s *Service) record(ctx context.Context, req kit.Request, picks Picks) (kit.Reply, error) {
	raw, err := s.Store.Settings(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	loc := s.dir.MemberLoc(req.Actor)
	lines, errs := ParseCommitText(strings.TrimSpace(req.Text), s.Now(), loc, settings.From(raw).DateOrder(), picks)
	owners, ownerErrs := s.commitOwners(ctx, req, lines)
	if errs = append(errs, ownerErrs...); len(errs) > 0 {
		return kit.Reply{}, kit.Sorry(commitErrors(errs))
	}
	if l, ok := Ambiguous(lines); ok {
		return dateQuestion(req.Text, l, picks, s.Now().In(loc))
	}
	group, err := s.Store.GroupByChannel(ctx, req.TeamID, req.ChannelID)
	if err := kit.OrNotFound(err); err != nil {
		return kit.Reply{}, err
	}
	var made []store.Commitment
	var meeting *store.Meeting
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		meeting, err = openMeetingOf(ctx, tx, req)
		if err != nil {
			return err
		}
		made, err = s.addCommitments(ctx, tx, req, lines, owners, group, meeting)
		return err
	})
	if err != nil {
		return kit.Reply{}, err
	}
	return commitReply(made, meeting, s.Now().In(loc)), nil
}

// commitErrors lists what to fix; nothing was saved.
func commitErrors(errs []string) string {
	if len(errs) == 1 {
		return errs[0] + "\n_Nothing was saved._"
	}
	return "Please fix these lines and send them again — nothing was saved:\n• " + strings.Join(errs, "\n• ")
}

// commitOwners resolves every owner mentioned (or the issuer), refusing
// unknown users, bots and deactivated accounts, with the line they are on.
func (s *Service) commitOwners(ctx context.Context, req kit.Request, lines []CommitLine) (map[string]store.Member, []string) {
	owners := map[string]store.Member{req.UserID: req.Actor}
	var errs []string
	multi := len(lines) > 1
	for _, l := range lines {
		for _, id := range l.Owners {
			if _, ok := owners[id]; ok {
				continue
			}
			m, err := s.dir.MemberForMention(ctx, req.TeamID, id)
			var ue *kit.Problem
			switch {
			case errors.As(err, &ue):
				errs = append(errs, linePrefix(multi, l.N, l.Text)+ue.Msg)
			case err != nil:
				errs = append(errs, linePrefix(multi, l.N, l.Text)+fmt.Sprintf("I couldn't look up <@%s> just now; try again in a minute.", id))
				s.Log.Error("commit owner lookup", "user_id", id, "err", err)
			default:
				owners[id] = m
			}
		}
	}
	return owners, errs
}

// openMeetingOf is the meeting open in the command's channel, if any.
func openMeetingOf(ctx context.Context, tx *store.Tx, req kit.Request) (*store.Meeting, error) {
	m, err := tx.OpenMeeting(ctx, req.TeamID, req.ChannelID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// addCommitments stores one commitment per line and owner, each with its
// history entry and audit row, and asks the owners someone committed for.
func (s *Service) addCommitments(ctx context.Context, tx *store.Tx, req kit.Request, lines []CommitLine, owners map[string]store.Member,
	group store.WorkingGroup, meeting *store.Meeting) ([]store.Commitment, error) {
	var made []store.Commitment
	for _, l := range lines {
		ids := l.Owners
		if len(ids) == 0 {
			ids = []string{req.UserID}
		}
		for _, id := range ids {
			c, err := s.addCommitment(ctx, tx, req, l, owners[id], group, meeting)
			if err != nil {
				return nil, err
			}
			made = append(made, c)
		}
	}
	return made, nil
}

func (s *Service) addCommitment(ctx context.Context, tx *store.Tx, req kit.Request, l CommitLine, owner store.Member,
	group store.WorkingGroup, meeting *store.Meeting) (store.Commitment, error) {
	c := store.Commitment{TeamID: req.TeamID, OwnerID: owner.UserID, PartnerID: owner.PartnerID, ChannelID: req.ChannelID,
		Text: l.Text, Due: DueTime(l.Due), Acceptance: store.AcceptanceAccepted, CreatedBy: req.UserID, CreatedAt: s.Now()}
	if group.ID != 0 {
		c.GroupID = &group.ID
	}
	if meeting != nil {
		c.MeetingID = &meeting.ID
	}
	if owner.UserID != req.UserID {
		c.Acceptance = store.AcceptancePending
	}
	c, err := tx.AddCommitment(ctx, c)
	if err != nil {
		return c, err
	}
	if err := linkIndicator(ctx, tx, c); err != nil {
		return c, err
	}
	e := store.CommitmentEvent{TeamID: c.TeamID, CommitmentID: c.ID, Actor: req.UserID, Kind: store.EventCreated, DueAfter: c.Due, At: s.Now()}
	if _, err := tx.AddCommitmentEvent(ctx, e); err != nil {
		return c, err
	}
	err = tx.Audit(ctx, store.Change{TeamID: c.TeamID, Actor: req.UserID, Action: "commitment.create", Entity: "commitment", EntityID: strconv.FormatInt(c.ID, 10), After: c})
	if err != nil || c.Acceptance != store.AcceptancePending {
		return c, err
	}
	return c, s.queueProxyRequest(ctx, tx, c, owner)
}

// queueProxyRequest asks the owner of a commitment made on their behalf to
// accept it, propose another date or decline.
func (s *Service) queueProxyRequest(ctx context.Context, tx *store.Tx, c store.Commitment, owner store.Member) error {
	text, blocks := ProxyRequest(c, s.Now().In(s.dir.MemberLoc(owner)))
	_, err := kit.Queue(ctx, tx, kit.Message{TeamID: c.TeamID, Key: proxyKey(c.ID), Channel: c.OwnerID, Text: text, Blocks: blocks, Commitments: []int64{c.ID}})
	return err
}

// ProxyRequest is the DM asking someone to take on what another person
// committed them to. It is redrawn in place as the request is answered, so
// it only asks while the answer is pending.
func ProxyRequest(c store.Commitment, now time.Time) (string, []slack.Block) {
	where := ""
	if c.ChannelID != "" && !strings.HasPrefix(c.ChannelID, "D") {
		where = fmt.Sprintf(" in <#%s>", c.ChannelID)
	}
	intro := fmt.Sprintf("👋 <@%s> noted a commitment for you%s. Can you take it on?", c.CreatedBy, where)
	text := fmt.Sprintf("<@%s> noted a commitment for you: %s", c.CreatedBy, kit.UserText(kit.Truncate(c.Text, 200)))
	switch c.Acceptance {
	case store.AcceptanceAccepted:
		intro = fmt.Sprintf("👍 You took on this commitment <@%s> noted for you%s.", c.CreatedBy, where)
		text = "You took on: " + kit.UserText(kit.Truncate(c.Text, 200))
	case store.AcceptanceDeclined:
		intro = fmt.Sprintf("🙅 You declined this commitment <@%s> noted for you%s; they were told.", c.CreatedBy, where)
		text = "You declined: " + kit.UserText(kit.Truncate(c.Text, 200))
	}
	blocks := []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(intro), nil, nil)}
	blocks = append(blocks, CommitmentBlocks(c, CommitmentView{Now: now, Viewer: c.OwnerID, HideOwner: true})...)
	if c.Acceptance == store.AcceptancePending {
		blocks = append(blocks, slack.NewContextBlock(acceptNoteID(c.ID), kit.Mrkdwn("*Accept* it as it is, *propose another date*, or *decline* with a reason — "+
			fmt.Sprintf("<@%s> will be told.", c.CreatedBy))))
	}
	return text, blocks
}

// commitReply is the channel's confirmation of new commitments.
func commitReply(made []store.Commitment, meeting *store.Meeting, now time.Time) kit.Reply {
	lines := make([]string, 0, len(made))
	for _, c := range made {
		lines = append(lines, CommitConfirmation(c, now))
	}
	blocks := kit.PackWithin(lines, kit.MessageBlockBudget, ownerPostChars, "All were saved: `/commitments` lists them.")
	var notes []string
	if meeting != nil {
		notes = append(notes, "Linked to the meeting "+meetingName(*meeting)+".")
	}
	if slices.ContainsFunc(made, func(c store.Commitment) bool { return c.Acceptance == store.AcceptancePending }) {
		notes = append(notes, "I've asked each person to accept by DM.")
	}
	notes = append(notes, "Owners: update them with `/commitments mine`.")
	blocks = append(blocks, kit.ContextNote(strings.Join(notes, " ")))
	text := kit.Truncate(strings.Join(lines, "\n"), 3000)
	return kit.Reply{Text: text, Blocks: blocks, InChannel: true}
}
