package importer

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

// memberRow is one checked row of a members file.
type memberRow struct {
	person  Person
	email   string
	partner *store.Partner
	role    string
	tz      string
	groups  []store.WorkingGroup
}

// memberIndex is what a members file is checked against.
type memberIndex struct {
	members  map[string]store.MemberRow
	partners map[string]store.Partner
	groups   map[string]store.WorkingGroup
}

func (pl *planner) memberIndex(ctx context.Context) (memberIndex, error) {
	ix := memberIndex{members: map[string]store.MemberRow{}, partners: map[string]store.Partner{}, groups: map[string]store.WorkingGroup{}}
	ms, err := pl.tx.MemberRows(ctx, pl.teamID)
	if err != nil {
		return ix, err
	}
	for _, m := range ms {
		ix.members[m.UserID] = m
	}
	ps, err := pl.tx.AllPartners(ctx, pl.teamID)
	if err != nil {
		return ix, err
	}
	for _, p := range ps {
		ix.partners[strings.ToLower(p.Name)] = p
	}
	gs, err := pl.tx.Groups(ctx, pl.teamID)
	for _, g := range gs {
		ix.groups[strings.ToLower(g.Name)] = g
	}
	return ix, err
}

func (pl *planner) planMembers(ctx context.Context, t Table) (Plan, error) {
	plan := Plan{Kind: Members}
	ix, err := pl.memberIndex(ctx)
	if err != nil {
		return plan, err
	}
	dup := seen{}
	for _, r := range t.Rows {
		m, ok := pl.readMember(&plan, r, ix)
		if !ok || dup.repeat(&plan, r.Line, m.person.UserID, "person") {
			continue
		}
		pl.planMember(&plan, r, m, ix)
	}
	return plan, nil
}

func (pl *planner) planMember(plan *Plan, r Row, m memberRow, ix memberIndex) {
	label := m.person.UserID
	if m.email != "" {
		label = m.email
	}
	before, exists := ix.members[m.person.UserID]
	var joins []store.WorkingGroup
	for _, g := range m.groups {
		if !exists || !slices.Contains(before.Groups, g.Name) {
			joins = append(joins, g)
		}
	}
	apply := pl.memberOp(m, joins)
	switch {
	case !exists:
		plan.change(r.Line, label, Add, apply)
	case len(joins) == 0 && sameMember(before.Member, m):
		plan.keep(r.Line, label)
	default:
		plan.change(r.Line, label, Update, apply)
	}
}

func sameMember(before store.Member, m memberRow) bool {
	return (m.email == "" || m.email == before.Email) &&
		(m.role == "" || m.role == before.Role) &&
		(m.tz == "" || m.tz == before.TZOverride) &&
		(m.partner == nil || before.SpeaksFor(m.partner.ID))
}

func (pl *planner) memberOp(m memberRow, joins []store.WorkingGroup) op {
	im := store.ImportedMember{
		Profile: store.Profile{TeamID: pl.teamID, UserID: m.person.UserID, DisplayName: m.person.DisplayName,
			TZ: orUTC(m.person.TZ), HomeTeamID: m.person.TeamID, Guest: m.person.Guest},
		Email: m.email, Role: m.role, TZOverride: m.tz,
	}
	if m.partner != nil {
		im.PartnerID = &m.partner.ID
	}
	now := pl.clock
	return func(ctx context.Context, tx *store.Tx) error {
		if err := tx.ImportMember(ctx, im, now); err != nil {
			return err
		}
		for _, g := range joins {
			if _, err := tx.JoinGroup(ctx, g.ID, pl.teamID, im.UserID); err != nil {
				return err
			}
		}
		return nil
	}
}

func (pl *planner) readMember(plan *Plan, r Row, ix memberIndex) (memberRow, bool) {
	if !plan.checkRow(r) {
		return memberRow{}, false
	}
	m := memberRow{email: strings.ToLower(r.Get("email")), role: strings.ToLower(r.Get("role")), tz: r.Get("timezone")}
	who := r.Get("slack_id")
	if who == "" {
		who = m.email
	}
	p, found := pl.people[strings.ToLower(who)]
	switch {
	case who == "":
		plan.refuse(r.Line, "give the person's email or Slack ID")
	case !found:
		plan.refuse(r.Line, "no one in Slack matches %q (%s); they are listed here, not dropped: invite them to the workspace or to a shared channel, then import again", clip(who, 60), pl.missing[strings.ToLower(who)])
	case p.IsBot || p.Deleted:
		plan.refuse(r.Line, "%q is a bot or a deactivated account", clip(who, 60))
	case m.role != "" && !slices.Contains([]string{store.RoleBackbone, store.RoleSteering, store.RolePartner}, m.role):
		plan.refuse(r.Line, "%q is not a role; use backbone, steering or partner", clip(m.role, 20))
	case m.tz != "" && !validZone(m.tz):
		plan.refuse(r.Line, "%q is not a timezone; use a name such as America/New_York or Europe/Paris", clip(m.tz, 40))
	default:
		m.person = p
		return m, pl.memberLinks(plan, r, &m, ix)
	}
	return m, false
}

// memberLinks finds the row's partner and groups.
func (pl *planner) memberLinks(plan *Plan, r Row, m *memberRow, ix memberIndex) bool {
	if name := oneSpace(r.Get("partner")); name != "" {
		p, ok := ix.partners[strings.ToLower(name)]
		switch {
		case !ok:
			plan.refuse(r.Line, "there is no partner called %q; import partners first, or fix the name", clip(name, 60))
			return false
		case p.Archived:
			plan.refuse(r.Line, "the partner %q is archived", p.Name)
			return false
		}
		m.partner = &p
	}
	for _, name := range splitList(r.Get("groups")) {
		g, ok := ix.groups[strings.ToLower(name)]
		if !ok {
			plan.refuse(r.Line, "there is no active working group called %q; import groups first, or fix the name", clip(name, 60))
			return false
		}
		m.groups = append(m.groups, g)
	}
	return true
}

func validZone(name string) bool {
	if name == "" || name == "Local" {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

func orUTC(tz string) string {
	if tz == "" {
		return "UTC"
	}
	return tz
}
