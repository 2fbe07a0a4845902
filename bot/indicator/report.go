package indicator

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/backbone-coalition/backbone/args"
	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

const reportExample = "/report youth-binge-drinking 18.5% 2026-Q3 town=Greenfield -- spring survey, n=412"

func reportHelp() string {
	return strings.Join([]string{
		"*Reporting numbers*",
		"• `/report` — a form with every indicator your organization reports, for the last period that has ended",
		"• `" + reportExample + "` — one value; the period (default: the last one that has ended), the segment and the note are optional",
		"• Values: `1234`, `1,234`, `1 234`, `18.5%`, `$12,000`. Periods: `2026-11`, `2026-Q3`, `2026`, `last month`, `last quarter`, `last year`.",
		"• Reporting the same indicator, period and segment again corrects it: the new value counts, and the old one stays in the history.",
		"• Backbone staff can report for any partner: add `partner=\"Greenfield Public Schools\"`.",
		"See every indicator with `/indicators`.",
	}, "\n")
}

// report records one value (`/report KEY VALUE …`), or opens the form
// (`/report`, or `/report partner="Name"` for staff).
func (s *Service) report(ctx context.Context, req kit.Request) (kit.Reply, error) {
	text := strings.TrimSpace(req.Text)
	if strings.EqualFold(text, "help") {
		return kit.Reply{Text: reportHelp()}, nil
	}
	if partner, ok := formRequest(text); ok {
		return s.openReportForm(ctx, req, partner)
	}
	line, err := measure.ParseLine(text)
	if err != nil {
		return kit.Reply{}, fromMeasure(err)
	}
	ind, err := s.findIndicator(ctx, req.TeamID, line.Key)
	if err != nil {
		return kit.Reply{}, err
	}
	partner, err := s.reportingPartner(ctx, req.Actor, line.Partner, ind)
	if err != nil {
		return kit.Reply{}, err
	}
	now := s.dir.CoalitionNow(ctx, req.TeamID)
	entry, err := line.Check(definition(ind), now)
	if err != nil {
		return kit.Reply{}, fromMeasure(err)
	}
	var sv saved
	err = s.Store.InTx(ctx, func(tx *store.Tx) (err error) {
		sv, err = s.saveReport(ctx, tx, req.UserID, ind.ID, partner, entry, now)
		return err
	})
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: sv.confirmation()}, nil
}

// formRequest reports whether text asks for the form: nothing, or only a
// partner="Name" option; it returns the partner's name.
func formRequest(text string) (string, bool) {
	if text == "" {
		return "", true
	}
	a, err := args.Parse(text, "partner")
	if err != nil || len(a.Positional) > 0 {
		return "", false
	}
	name, ok := a.Value("partner")
	return name, ok
}

// fromMeasure shows the measure package's messages to the user as they are.
func fromMeasure(err error) error {
	var me *measure.Error
	if errors.As(err, &me) {
		return kit.Sorry(me.Msg)
	}
	return err
}

// reportingPartner is the partner a member reports for: their own, or,
// for backbone staff, the one named. It must be among the indicator's
// reporting partners (ind may be zero to skip that check).
func (s *Service) reportingPartner(ctx context.Context, actor store.Member, name string, ind store.Indicator) (store.Partner, error) {
	p, err := s.partnerFor(ctx, actor, name)
	if err != nil || ind.ID == 0 {
		return p, err
	}
	if ind.Reports(p.ID) {
		return p, nil
	}
	names, err := s.partnerNames(ctx, actor.TeamID, ind.PartnerIDs)
	if err != nil {
		return p, err
	}
	who := "No partner reports it yet"
	if len(names) > 0 {
		who = "The partners that report it are " + kit.JoinAnd(names)
	}
	return p, kit.Sorry(fmt.Sprintf("*%s* is not among the partners that report `%s`. %s. Backbone staff can change that with `/indicators edit %s`.",
		kit.Escape(p.Name), ind.Key, who, ind.Key))
}

// partnerFor resolves whom a member acts for: partner="Name" when given
// (their own, or any for backbone staff), else their own partner.
func (s *Service) partnerFor(ctx context.Context, actor store.Member, name string) (store.Partner, error) {
	if name == "" {
		if actor.PartnerID == nil {
			return store.Partner{}, noPartnerError(actor)
		}
		if actor.PartnerPending() && !kit.Allowed(actor.Role, kit.ActionReportForOthers, "") {
			return store.Partner{}, s.pendingError(ctx, s.Store, actor)
		}
		return s.activePartner(ctx, actor.TeamID, *actor.PartnerID)
	}
	var p store.Partner
	err := s.Store.InTx(ctx, func(tx *store.Tx) (err error) {
		p, err = s.dir.FindPartner(ctx, tx, actor.TeamID, name)
		return err
	})
	if err != nil {
		return p, err
	}
	if !actor.SpeaksFor(p.ID) && !kit.Allowed(actor.Role, kit.ActionReportForOthers, "") {
		if actor.PartnerPending() && *actor.PartnerID == p.ID {
			return p, s.pendingError(ctx, s.Store, actor)
		}
		return p, kit.Sorry(fmt.Sprintf("You can report only for your own organization%s. Backbone staff can report for others; leave out partner= to report for yours.",
			ownSuffix(actor)))
	}
	if p.Archived {
		return p, kit.Sorry(fmt.Sprintf("“%s” is archived, so it reports nothing.", kit.Escape(p.Name)))
	}
	return p, nil
}

// pendingError refuses a member whose link to their partner waits, saying
// who will confirm it.
func (s *Service) pendingError(ctx context.Context, r directory.ConfirmerReader, actor store.Member) error {
	confirmers, err := directory.Confirmers(ctx, r, actor.TeamID, *actor.PartnerID, actor.UserID)
	if err != nil {
		return err
	}
	return kit.Sorry(directory.PendingNote(actor.PartnerName, confirmers))
}

// mayReportFor checks, inside the transaction that records a figure, that
// actorID speaks for partner: confirmed with it, or backbone staff. Their
// row is held until the figure is recorded, so no confirmation can be
// undone under it.
func (s *Service) mayReportFor(ctx context.Context, tx *store.Tx, actorID string, partner store.Partner) error {
	m, err := tx.MemberForShare(ctx, partner.TeamID, actorID)
	if err != nil {
		return err
	}
	switch {
	case m.SpeaksFor(partner.ID) || kit.Allowed(m.Role, kit.ActionReportForOthers, ""):
		return nil
	case m.PartnerPending() && *m.PartnerID == partner.ID:
		return s.pendingError(ctx, tx, m)
	}
	return kit.Sorry(fmt.Sprintf("You can no longer report for *%s*; nothing was saved. Type `/report` to see what your organization reports.", kit.Escape(partner.Name)))
}

func ownSuffix(m store.Member) string {
	if m.PartnerName == "" {
		return ""
	}
	return " (*" + kit.Escape(m.PartnerName) + "*)"
}

func noPartnerError(actor store.Member) error {
	if actor.Role == store.RoleBackbone {
		return kit.Sorry("Say which partner you are reporting for: `/report partner=\"Greenfield Public Schools\"` opens its form, and `partner=\"…\"` works after a value too.")
	}
	return kit.Sorry("First tell me which organization you are with: `/coalition me partner=\"Greenfield Public Schools\"`. Then `/report` shows what it reports.")
}

func (s *Service) activePartner(ctx context.Context, teamID string, id int64) (store.Partner, error) {
	p, err := s.Store.PartnerByID(ctx, teamID, id)
	if err != nil {
		return p, err
	}
	if p.Archived {
		return p, kit.Sorry(fmt.Sprintf("Your organization, “%s”, is archived, so it reports nothing. Ask backbone staff if that is wrong.", kit.Escape(p.Name)))
	}
	return p, nil
}

// partnerNames names the given partners, in the partners' list order.
func (s *Service) partnerNames(ctx context.Context, teamID string, ids []int64) ([]string, error) {
	ps, err := s.Store.Partners(ctx, teamID)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, p := range ps {
		for _, id := range ids {
			if p.ID == id {
				names = append(names, "*"+kit.Escape(p.Name)+"*")
			}
		}
	}
	return names, nil
}
