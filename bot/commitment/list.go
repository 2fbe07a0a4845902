package commitment

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/args"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/store"
)

// listFetch is how many commitments a list reads; a message shows fewer.
const listFetch = 60

// List scopes of /commitments.
const (
	scopeMine  = "mine"
	scopeAll   = "all"
	scopeUser  = "u"
	scopeGroup = "c"
)

// listQuery is what a /commitments list shows. Its String form is carried
// in button values, so a click redraws the same list.
type listQuery struct {
	Scope   string
	Target  string // the user or channel ID of scopeUser and scopeGroup
	Overdue bool
}

// String is "mine", "all:overdue", "u:U123", "c:C123:overdue".
func (q listQuery) String() string {
	s := q.Scope
	if q.Target != "" {
		s += ":" + q.Target
	}
	if q.Overdue {
		s += ":overdue"
	}
	return s
}

// parseListQuery reads listQuery.String's form.
func parseListQuery(s string) (listQuery, bool) {
	parts := strings.Split(s, ":")
	q := listQuery{Scope: parts[0]}
	rest := parts[1:]
	if q.Scope == scopeUser || q.Scope == scopeGroup {
		if len(rest) == 0 || rest[0] == "" {
			return q, false
		}
		q.Target, rest = rest[0], rest[1:]
	} else if q.Scope != scopeMine && q.Scope != scopeAll {
		return q, false
	}
	q.Overdue = len(rest) == 1 && rest[0] == "overdue"
	return q, len(rest) == 0 || q.Overdue
}

const commitmentsUsage = "*/commitments* — open commitments, with buttons to update them\n" +
	"• `/commitments` or `/commitments mine` — yours\n" +
	"• `/commitments overdue` — everyone's overdue items (`/commitments mine overdue` for yours)\n" +
	"• `/commitments all` — every open commitment in the coalition\n" +
	"• `/commitments @maria` — one person's\n" +
	"• `/commitments #youth-recognition` — a working group's"

func (s *Service) commitments(ctx context.Context, req kit.Request) (kit.Reply, error) {
	q, err := parseCommitmentsArgs(req.Text)
	if err != nil || q.Scope == "help" {
		return kit.Reply{Text: commitmentsUsage}, err
	}
	if q.Scope == scopeUser {
		if _, err := s.dir.MemberForMention(ctx, req.TeamID, q.Target); err != nil {
			return kit.Reply{}, err
		}
	}
	text, blocks, err := s.commitmentList(ctx, req.Actor, q, "")
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: text, Blocks: blocks}, nil
}

// parseCommitmentsArgs reads `/commitments [mine | overdue | all | @user |
// #channel]`; "overdue" combines with the others.
func parseCommitmentsArgs(text string) (listQuery, error) {
	a, err := kit.ParseArgs(text)
	if err != nil {
		return listQuery{}, err
	}
	var q listQuery
	set := func(scope, target string) error {
		if q.Scope != "" {
			return kit.Sorry("Give one of mine, all, @someone or #channel (plus `overdue` if you like). " + commitmentsExamples)
		}
		q.Scope, q.Target = scope, target
		return nil
	}
	for _, t := range a.Positional {
		if err := q.read(t, set); err != nil {
			return q, err
		}
	}
	switch {
	case q.Scope == "" && q.Overdue:
		q.Scope = scopeAll
	case q.Scope == "":
		q.Scope = scopeMine
	}
	return q, nil
}

const commitmentsExamples = "For example `/commitments mine`, `/commitments overdue`, `/commitments @maria` or `/commitments #youth-recognition`."

func (q *listQuery) read(t args.Token, set func(scope, target string) error) error {
	switch {
	case t.Kind == args.User:
		return set(scopeUser, t.Text)
	case t.Kind == args.Channel:
		return set(scopeGroup, t.Text)
	}
	word := strings.ToLower(t.Text)
	switch word {
	case "help":
		return set("help", "")
	case "mine", "me", "my":
		return set(scopeMine, "")
	case "all", "everyone":
		return set(scopeAll, "")
	case "overdue", "late":
		q.Overdue = true
		return nil
	}
	return kit.Sorry(fmt.Sprintf("I don't understand “%s”.%s %s", kit.Escape(t.Text),
		kit.DidYouMean(word, []string{"mine", "overdue", "all"}), commitmentsExamples))
}

// commitmentList renders the list q for viewer: the fallback text and the
// blocks. note, when set, heads the list (what a click just did).
func (s *Service) commitmentList(ctx context.Context, viewer store.Member, q listQuery, note string) (string, []slack.Block, error) {
	loc := s.dir.MemberLoc(viewer)
	now := s.Now().In(loc)
	f, title, err := s.listFilter(ctx, viewer, q, dates.Today(now, loc))
	if err != nil {
		return "", nil, err
	}
	f.Limit = listFetch
	items, err := s.Store.Commitments(ctx, viewer.TeamID, f)
	if err != nil {
		return "", nil, err
	}
	total, err := s.Store.CountCommitments(ctx, viewer.TeamID, f)
	if err != nil {
		return "", nil, err
	}
	if total == 0 {
		return emptyListText(q, title, note), nil, nil
	}
	l := CommitmentList{Title: fmt.Sprintf("%s (%d)", title, total), Items: items, Total: total, Note: note, Hint: narrowHint(q)}
	v := CommitmentView{Now: now, Viewer: viewer.UserID, List: q.String(), HideOwner: q.Scope == scopeMine || q.Scope == scopeUser}
	return l.Title, CommitmentListBlocks(l, v, listBlockBudget, listTextBudget), nil
}

// listFilter turns q into a store filter and a title.
func (s *Service) listFilter(ctx context.Context, viewer store.Member, q listQuery, today dates.Date) (store.CommitmentFilter, string, error) {
	f := store.CommitmentFilter{Status: kit.Ptr(store.StatusOpen)}
	which := "open"
	if q.Overdue {
		f.DueBefore, which = DueTime(today), "overdue"
	}
	title := "All " + which + " commitments"
	switch q.Scope {
	case scopeMine:
		f.OwnerID, title = &viewer.UserID, "Your "+which+" commitments"
	case scopeUser:
		f.OwnerID, title = &q.Target, kit.UpperFirst(which)+" commitments of "+s.dir.Name(ctx, viewer.TeamID, q.Target)
	case scopeGroup:
		g, err := s.Store.GroupByChannel(ctx, viewer.TeamID, q.Target)
		if errors.Is(err, store.ErrNotFound) {
			return f, "", kit.Sorry(fmt.Sprintf("<#%s> isn't a working group's channel. `/coalition` lists the groups and their channels.", q.Target))
		}
		if err != nil {
			return f, "", err
		}
		f.GroupID, title = &g.ID, kit.UpperFirst(which)+" commitments of "+g.Name
	}
	return f, title, nil
}

func emptyListText(q listQuery, title, note string) string {
	text := title + ": nothing open. 🎉"
	if q.Scope == scopeMine && !q.Overdue {
		text = "You have no open commitments. Make one with " + CommitExample + "."
	}
	if note != "" {
		text = note + "\n" + text
	}
	return text
}

// narrowHint says how to see the items a list had no room for.
func narrowHint(q listQuery) string {
	switch {
	case q.Scope == scopeAll && !q.Overdue:
		return "Narrow it: `/commitments overdue`, `/commitments @someone` or `/commitments #channel`."
	case !q.Overdue:
		return "See the late ones first with `/commitments " + q.command() + " overdue`."
	}
	return "Narrow it with `/commitments @someone overdue` or `/commitments #channel overdue`."
}

// command is how q is typed after /commitments.
func (q listQuery) command() string {
	switch q.Scope {
	case scopeUser:
		return "<@" + q.Target + ">"
	case scopeGroup:
		return "<#" + q.Target + ">"
	}
	return q.Scope
}

// ListWithTotal reads the first limit commitments matching f and counts
// them all.
func (s *Service) ListWithTotal(ctx context.Context, teamID string, f store.CommitmentFilter, limit int) ([]store.Commitment, int, error) {
	f.Limit = limit
	cs, err := s.Store.Commitments(ctx, teamID, f)
	if err != nil {
		return nil, 0, err
	}
	n, err := s.Store.CountCommitments(ctx, teamID, f)
	return cs, n, err
}
