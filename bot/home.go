package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/backbone-coalition/backbone/bot/dates"
	"github.com/backbone-coalition/backbone/bot/measure"
	"github.com/backbone-coalition/backbone/store"
)

// Budgets of the Home tab (100 blocks at most).
const (
	homeBlocks      = 100
	homeOpenBlocks  = 60
	homeRecentDays  = 30
	homeRecentItems = 10
	homeFetch       = 40
	// Shout-outs to the viewer: the latest few of the last 90 days.
	homeShoutouts    = 5
	homeShoutoutDays = 90
)

// homeOpened publishes the Home tab when someone opens it.
func (b *Bot) homeOpened(ctx context.Context, teamID string, inner slackevents.EventsAPIInnerEvent) error {
	ev, ok := inner.Data.(*slackevents.AppHomeOpenedEvent)
	if !ok {
		return fmt.Errorf("app_home_opened of unexpected shape %T", inner.Data)
	}
	if ev.Tab != "home" {
		return nil
	}
	m, err := b.ensureMember(ctx, teamID, ev.User)
	if err != nil || m.IsBot {
		return err
	}
	return b.publishHome(ctx, m)
}

// HomeData is what the Home tab shows a member.
type HomeData struct {
	Member store.Member
	// Open are the member's open commitments (the first of OpenTotal).
	Open      []store.Commitment
	OpenTotal int
	// Recent are the commitments the member made lately, for anyone.
	Recent []store.Commitment
	// Overdue are everyone's overdue items, for backbone staff (the first
	// of OverdueTotal); others see their own among Open.
	Overdue      []store.Commitment
	OverdueTotal int
	// Partner is the member's organization (zero when none); Owed are
	// the indicators it has not reported for their last closed period.
	Partner store.Partner
	Owed    []owedItem
	// Shoutouts are the latest shout-outs crediting the member.
	Shoutouts []store.Shoutout
}

// publishHome reads and publishes m's Home tab.
func (b *Bot) publishHome(ctx context.Context, m store.Member) error {
	d, err := b.homeData(ctx, m)
	if err != nil {
		return err
	}
	view := HomeView(d, b.now().In(b.memberLoc(m)))
	_, err = b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: m.UserID, View: view})
	if err != nil {
		return fmt.Errorf("publish home of %s: %w", m.UserID, err)
	}
	return nil
}

func (b *Bot) homeData(ctx context.Context, m store.Member) (HomeData, error) {
	d := HomeData{Member: m}
	open := store.CommitmentFilter{OwnerID: &m.UserID, Status: ptr(store.StatusOpen)}
	var err error
	if d.Open, d.OpenTotal, err = b.listWithTotal(ctx, m.TeamID, open, homeFetch); err != nil {
		return d, err
	}
	since := b.now().AddDate(0, 0, -homeRecentDays)
	recent := store.CommitmentFilter{CreatedBy: &m.UserID, CreatedSince: &since, NewestFirst: true, Limit: homeRecentItems}
	if d.Recent, err = b.store.Commitments(ctx, m.TeamID, recent); err != nil {
		return d, err
	}
	if err := b.homeRecognition(ctx, &d); err != nil {
		return d, err
	}
	if m.Role != store.RoleBackbone {
		return d, nil
	}
	overdue := store.CommitmentFilter{Status: ptr(store.StatusOpen), DueBefore: dueTime(dates.Today(b.now(), b.memberLoc(m)))}
	d.Overdue, d.OverdueTotal, err = b.listWithTotal(ctx, m.TeamID, overdue, homeFetch)
	return d, err
}

// homeRecognition reads what the member's partner owes and the
// shout-outs the member received lately.
func (b *Bot) homeRecognition(ctx context.Context, d *HomeData) error {
	m := d.Member
	since := b.now().AddDate(0, 0, -homeShoutoutDays)
	var err error
	if d.Shoutouts, err = b.store.ShoutoutsTo(ctx, m.TeamID, m.UserID, since, homeShoutouts); err != nil {
		return err
	}
	if m.PartnerID == nil {
		return nil
	}
	p, err := b.store.PartnerByID(ctx, m.TeamID, *m.PartnerID)
	if errors.Is(err, store.ErrNotFound) || p.Archived {
		return nil
	}
	if err != nil {
		return err
	}
	d.Partner = p
	d.Owed, err = b.owedBy(ctx, p)
	return err
}

// owedBy lists the indicators p has not reported a total of for their last
// closed period (in the coalition's timezone), as the prompts ask for.
func (b *Bot) owedBy(ctx context.Context, p store.Partner) ([]owedItem, error) {
	now := b.localNow(ctx, p.TeamID)
	last := map[string]string{}
	for _, c := range measure.Cadences() {
		last[string(c)] = measure.LastClosed(c, now).String()
	}
	inds, err := b.store.OwedIndicators(ctx, p.TeamID, p.ID, last)
	if err != nil {
		return nil, err
	}
	items := make([]owedItem, 0, len(inds))
	for _, ind := range inds {
		items = append(items, owedItem{ind: ind, period: measure.LastClosed(measure.Cadence(ind.Cadence), now)})
	}
	return items, nil
}

// listWithTotal reads the first limit commitments matching f and counts
// them all.
func (b *Bot) listWithTotal(ctx context.Context, teamID string, f store.CommitmentFilter, limit int) ([]store.Commitment, int, error) {
	f.Limit = limit
	cs, err := b.store.Commitments(ctx, teamID, f)
	if err != nil {
		return nil, 0, err
	}
	n, err := b.store.CountCommitments(ctx, teamID, f)
	return cs, n, err
}

// HomeView is the Home tab: my open commitments with their buttons, what I
// committed recently, what my partner owes, the shout-outs I received, and
// what is overdue — within 100 blocks.
func HomeView(d HomeData, now time.Time) slack.HomeTabViewRequest {
	v := CommitmentView{Now: now, Viewer: d.Member.UserID, HideOwner: true}
	var blocks []slack.Block
	if d.OpenTotal == 0 {
		blocks = append(blocks, header("Your open commitments"),
			slack.NewSectionBlock(mrkdwn("Nothing open. Make a commitment with "+commitExample+"."), nil, nil))
	} else {
		l := CommitmentList{Title: fmt.Sprintf("Your open commitments (%d)", d.OpenTotal), Items: d.Open, Total: d.OpenTotal,
			Hint: "See them all with `/commitments mine`."}
		blocks = CommitmentListBlocks(l, v, homeOpenBlocks, 1<<20)
	}
	blocks = append(blocks, slack.NewDividerBlock(), header("What you committed lately"))
	blocks = append(blocks, recentBlocks(d.Recent, now)...)
	blocks = append(blocks, owedBlocks(d.Partner, d.Owed)...)
	blocks = append(blocks, shoutoutsToBlocks(d.Shoutouts, now)...)
	blocks = append(blocks, slack.NewDividerBlock(), header("Overdue"))
	blocks = append(blocks, overdueBlocks(d, now, homeBlocks-len(blocks)-1)...)
	blocks = append(blocks, contextNote("`/commitments` lists open commitments · `/commit` makes a new one · `/coalition help` for everything else"))
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

func recentBlocks(cs []store.Commitment, now time.Time) []slack.Block {
	if len(cs) == 0 {
		return []slack.Block{contextNote(fmt.Sprintf("Nothing in the last %d days.", homeRecentDays))}
	}
	lines := make([]string, 0, len(cs))
	for _, c := range cs {
		line := "• " + commitConfirmation(c, now)
		if s := stateLabel(c, now); s != "" && c.Acceptance != store.AcceptancePending {
			line += " · " + s
		}
		lines = append(lines, line)
	}
	return packLines(lines, 6, "")
}

// overdueBlocks are everyone's overdue items for staff, grouped by owner;
// for others, a count of their own.
func overdueBlocks(d HomeData, now time.Time, budget int) []slack.Block {
	if d.Member.Role != store.RoleBackbone {
		mine := 0
		for _, c := range d.Open {
			if dueBucket(c, now) == "Overdue" {
				mine++
			}
		}
		if mine == 0 {
			return []slack.Block{contextNote("Nothing of yours is overdue. 🎉")}
		}
		return []slack.Block{slack.NewSectionBlock(mrkdwn(fmt.Sprintf("⚠️ %s of yours overdue — listed first above. Pick a new date if plans changed.", plural(mine, "item is", "items are"))), nil, nil)}
	}
	if d.OverdueTotal == 0 {
		return []slack.Block{contextNote("Nothing is overdue in the coalition. 🎉")}
	}
	blocks := byOwnerBlocks(d.Overdue, d.OverdueTotal, now, max(2, budget), "See them all with `/commitments overdue`.")
	return blocks
}
