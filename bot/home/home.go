package home

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/backbone-coalition/backbone/bot/commitment"
	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/settings"
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
func (s *Service) homeOpened(ctx context.Context, teamID string, inner slackevents.EventsAPIInnerEvent) error {
	ev, ok := inner.Data.(*slackevents.AppHomeOpenedEvent)
	if !ok {
		return fmt.Errorf("app_home_opened of unexpected shape %T", inner.Data)
	}
	if ev.Tab != "home" {
		return nil
	}
	m, err := s.dir.EnsureMember(ctx, teamID, ev.User)
	if err != nil || m.IsBot {
		return err
	}
	return s.PublishHome(ctx, m)
}

// HomeData is what the Home tab shows a member.
type HomeData struct {
	Member store.Member
	// Open are the member's open commitments (the first of OpenTotal).
	Open      []store.Commitment
	OpenTotal int
	// Recent are the commitments the member made lately, for anyone.
	Recent []store.Commitment
	// Overdue are everyone's overdue items, for backbone staff and the
	// steering committee (the first of OverdueTotal); others see their own
	// among Open.
	Overdue      []store.Commitment
	OverdueTotal int
	// Partner is the member's organization (zero when none); Owed are
	// the indicators it has not reported for their last closed period.
	Partner store.Partner
	Owed    []indicator.OwedItem
	// Shoutouts are the latest shout-outs crediting the member.
	Shoutouts []store.Shoutout
	// Claims are the links waiting for confirmation, for backbone staff.
	Claims []store.PartnerClaim
	// Loc is the coalition's timezone, for the claims' times.
	Loc *time.Location
	// Health is each partner's coalition health, for staff and the
	// steering committee.
	Health []store.PartnerHealth
}

// PublishHome reads and publishes m's Home tab.
func (s *Service) PublishHome(ctx context.Context, m store.Member) error {
	d, err := s.homeData(ctx, m)
	if err != nil {
		return err
	}
	view := HomeView(d, s.Now().In(s.dir.MemberLoc(m)))
	outbox.Defuse("", view.Blocks.BlockSet)
	api, err := s.Client(ctx, m.TeamID)
	if err != nil {
		return err
	}
	_, err = api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: m.UserID, View: view})
	if err != nil {
		return fmt.Errorf("publish home of %s: %w", m.UserID, err)
	}
	return nil
}

func (s *Service) homeData(ctx context.Context, m store.Member) (HomeData, error) {
	d := HomeData{Member: m}
	open := store.CommitmentFilter{OwnerID: &m.UserID, Status: kit.Ptr(store.StatusOpen)}
	var err error
	if d.Open, d.OpenTotal, err = s.commitments.ListWithTotal(ctx, m.TeamID, open, homeFetch); err != nil {
		return d, err
	}
	since := s.Now().AddDate(0, 0, -homeRecentDays)
	recent := store.CommitmentFilter{CreatedBy: &m.UserID, CreatedSince: &since, NewestFirst: true, Limit: homeRecentItems}
	if d.Recent, err = s.Store.Commitments(ctx, m.TeamID, recent); err != nil {
		return d, err
	}
	if err := s.homeRecognition(ctx, &d); err != nil {
		return d, err
	}
	if !seesCoalition(m) {
		return d, nil
	}
	if m.Role == store.RoleBackbone {
		if d.Claims, err = s.Store.PendingClaims(ctx, m.TeamID); err != nil {
			return d, err
		}
	}
	d.Loc = s.dir.CoalitionLoc(ctx, m.TeamID)
	raw, err := s.Store.Settings(ctx, m.TeamID)
	if err != nil {
		return d, err
	}
	grace := settings.From(raw).PromptFollowupDays()
	if d.Health, err = indicator.CoalitionHealth(ctx, s.Store, m.TeamID, s.Now().In(d.Loc), grace); err != nil {
		return d, err
	}
	overdue := store.CommitmentFilter{Status: kit.Ptr(store.StatusOpen), DueBefore: commitment.DueTime(dates.Today(s.Now(), s.dir.MemberLoc(m)))}
	d.Overdue, d.OverdueTotal, err = s.commitments.ListWithTotal(ctx, m.TeamID, overdue, homeFetch)
	return d, err
}

// homeRecognition reads what the member's partner owes and the
// shout-outs the member received lately.
func (s *Service) homeRecognition(ctx context.Context, d *HomeData) error {
	m := d.Member
	since := s.Now().AddDate(0, 0, -homeShoutoutDays)
	var err error
	if d.Shoutouts, err = s.Store.ShoutoutsTo(ctx, m.TeamID, m.UserID, since, homeShoutouts); err != nil {
		return err
	}
	if m.PartnerID == nil || m.PartnerPending() {
		return nil // a member whose link waits reports nothing yet
	}
	p, err := s.Store.PartnerByID(ctx, m.TeamID, *m.PartnerID)
	if errors.Is(err, store.ErrNotFound) || p.Archived {
		return nil
	}
	if err != nil {
		return err
	}
	d.Partner = p
	d.Owed, err = s.owedBy(ctx, p)
	return err
}

// owedBy lists the indicators p has not reported a total of for their last
// closed period (in the coalition's timezone), as the prompts ask for.
func (s *Service) owedBy(ctx context.Context, p store.Partner) ([]indicator.OwedItem, error) {
	now := s.dir.CoalitionNow(ctx, p.TeamID)
	last := map[string]string{}
	for _, c := range measure.Cadences() {
		last[string(c)] = measure.LastClosed(c, now).String()
	}
	inds, err := s.Store.OwedIndicators(ctx, p.TeamID, p.ID, last)
	if err != nil {
		return nil, err
	}
	items := make([]indicator.OwedItem, 0, len(inds))
	for _, ind := range inds {
		items = append(items, indicator.OwedItem{Ind: ind, Period: measure.LastClosed(ind.Cadence, now)})
	}
	return items, nil
}

// HomeView is the Home tab: my open commitments with their buttons, what I
// committed recently, what my partner owes, the shout-outs I received, and
// what is overdue — within 100 blocks.
func HomeView(d HomeData, now time.Time) slack.HomeTabViewRequest {
	v := commitment.CommitmentView{Now: now, Viewer: d.Member.UserID, HideOwner: true}
	var blocks []slack.Block
	if d.OpenTotal == 0 {
		blocks = append(blocks, kit.Header("Your open commitments"),
			slack.NewSectionBlock(kit.Mrkdwn("Nothing open. Make a commitment with "+commitment.CommitExample+"."), nil, nil))
	} else {
		l := commitment.CommitmentList{Title: fmt.Sprintf("Your open commitments (%d)", d.OpenTotal), Items: d.Open, Total: d.OpenTotal,
			Hint: "See them all with `/commitments mine`."}
		blocks = commitment.CommitmentListBlocks(l, v, homeOpenBlocks, 1<<20)
	}
	blocks = append(blocks, slack.NewDividerBlock(), kit.Header("What you committed lately"))
	blocks = append(blocks, recentBlocks(d.Recent, now)...)
	blocks = append(blocks, owedBlocks(d.Partner, d.Owed)...)
	blocks = append(blocks, shoutoutsToBlocks(d.Shoutouts, now)...)
	blocks = append(blocks, claimBlocks(d.Claims, d.Loc)...)
	blocks = append(blocks, healthBlocks(d)...)
	blocks = append(blocks, scorecardBlock())
	blocks = append(blocks, slack.NewDividerBlock(), kit.Header("Overdue"))
	blocks = append(blocks, overdueBlocks(d, now, homeBlocks-len(blocks)-1)...)
	blocks = append(blocks, kit.ContextNote("`/commitments` lists open commitments · `/commit` makes a new one · `/coalition help` for everything else"))
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

func recentBlocks(cs []store.Commitment, now time.Time) []slack.Block {
	if len(cs) == 0 {
		return []slack.Block{kit.ContextNote(fmt.Sprintf("Nothing in the last %d days.", homeRecentDays))}
	}
	lines := make([]string, 0, len(cs))
	for _, c := range cs {
		line := "• " + commitment.CommitConfirmation(c, now)
		if s := commitment.StateLabel(c, now); s != "" && c.Acceptance != store.AcceptancePending {
			line += " · " + s
		}
		lines = append(lines, line)
	}
	return kit.PackLines(lines, 6, "")
}

// seesCoalition reports whether m's Home shows the whole coalition's
// exceptions: backbone staff, and the steering committee that reads the
// digest.
func seesCoalition(m store.Member) bool {
	return m.Role == store.RoleBackbone || m.Role == store.RoleSteering
}

// overdueBlocks are everyone's overdue items for staff and the steering
// committee, grouped by owner; for others, a count of their own.
func overdueBlocks(d HomeData, now time.Time, budget int) []slack.Block {
	if !seesCoalition(d.Member) {
		mine := 0
		for _, c := range d.Open {
			if commitment.DueBucket(c, now) == "Overdue" {
				mine++
			}
		}
		if mine == 0 {
			return []slack.Block{kit.ContextNote("Nothing of yours is overdue. 🎉")}
		}
		return []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(fmt.Sprintf("⚠️ %s of yours overdue — listed first above. Pick a new date if plans changed.", kit.Plural(mine, "item is", "items are"))), nil, nil)}
	}
	if d.OverdueTotal == 0 {
		return []slack.Block{kit.ContextNote("Nothing is overdue in the coalition. 🎉")}
	}
	blocks := commitment.ByOwnerBlocks(d.Overdue, d.OverdueTotal, now, max(2, budget), "See them all with `/commitments overdue`.")
	return blocks
}
