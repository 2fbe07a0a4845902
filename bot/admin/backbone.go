package admin

import (
	"context"
	"strings"

	"github.com/backbone-coalition/backbone/bot/kit"
)

// backboneSub is one /backbone subcommand with its help.
type backboneSub struct {
	// usage lines, each a complete example.
	usage []string
	run   func(ctx context.Context, req kit.Request, rest string) (kit.Reply, error)
}

func (s *Service) backboneSubs() map[string]backboneSub {
	return map[string]backboneSub{
		"setup": {usage: []string{"`/backbone setup` — name, common agenda, timezone and channels (opens a form)"}, run: s.backboneSetup},
		"partner": {usage: []string{
			"`/backbone partner add \"Greenfield Public Schools\" sector=education`",
			"`/backbone partner rename \"Old name\" \"New name\"`",
			"`/backbone partner archive \"Old name\"`",
			"`/backbone partner list`",
		}, run: s.backbonePartner},
		"member": {usage: []string{
			"`/backbone member @maria partner=\"Greenfield Public Schools\" role=steering` (either part is optional; `partner=none` clears it)",
			"`/backbone member list partner=\"Greenfield Public Schools\"` (the filter is optional)",
			"`/backbone member pending` — links people made themselves, waiting for staff or a confirmed member of the partner to confirm them",
		}, run: s.backboneMember},
		"group": {usage: []string{
			"`/backbone group add \"Youth recognition\" #youth-recognition lead=@maria purpose=\"Celebrate young people\"` (purpose is optional)",
			"`/backbone group list`",
			"`/backbone group archive \"Youth recognition\"`",
		}, run: s.backboneGroup},
		"settings": {usage: []string{"`/backbone settings` — every setting with its value"}, run: s.backboneSettings},
		"set":      {usage: []string{"`/backbone set reminder_lead_days 2` — change one setting"}, run: s.backboneSet},
		"audit":    {usage: []string{"`/backbone audit 20` — the last changes, newest first (default 10)"}, run: s.backboneAudit},
		"schedule": {usage: []string{
			"`/backbone schedule list` — when each job runs",
			"`/backbone schedule set reminders \"0 9 * * 1-5\"` — cron fields: minute hour day-of-month month day-of-week",
			"`/backbone schedule pause digest` / `/backbone schedule resume digest`",
		}, run: s.backboneSchedule},
		"holiday": {usage: []string{
			"`/backbone holiday add 2026-12-25 \"Christmas\"` — no reminders that day",
			"`/backbone holiday list` / `/backbone holiday remove 2026-12-25`",
		}, run: s.backboneHoliday},
		"import": {usage: []string{
			"`/backbone import` — paste CSV rows of partners, groups, members, indicators or reports (opens a form); for a whole file, share the .csv with me in our DM. You get a preview first; nothing changes until you press Import",
			"Columns — partners: name, sector, short_name · groups: name, channel (its ID), lead, purpose · members: email or slack_id, partner, role, timezone, groups · indicators: key, name, definition, unit, direction, cadence, combine, baseline, target, group, dimensions, partners · reports: indicator, partner, period, segment, value, note (the README has a table and an example file for each)",
		}, run: s.backboneImport},
		"export": {usage: []string{"`/backbone export` — every partner, group, member, indicator and report as CSV files in a zip, by DM (the formats import reads)"}, run: s.backboneExport},
		"job":    {usage: []string{"`/backbone job run digest` — run a job now, through the same once-only ledger (`at=2026-11-23T08:00:00-05:00` replays a past slot)"}, run: s.backboneJob},
		"status": {usage: []string{
			"`/backbone status` — messages Slack refused for good (a channel I'm not in, a deactivated person…)",
			"`/backbone status retry 12` / `/backbone status dismiss 12` — send one again, or forget it",
		}, run: s.backboneStatus},
	}
}

// backboneOrder is the order of subcommands in help.
func backboneOrder() []string {
	return []string{"setup", "partner", "member", "group", "import", "export", "settings", "set", "schedule", "holiday", "job", "status", "audit"}
}

func (s *Service) backbone(ctx context.Context, req kit.Request) (kit.Reply, error) {
	sub, rest := kit.Subcommand(req.Text)
	subs := s.backboneSubs()
	if sub == "" || sub == "help" {
		return kit.Reply{Text: backboneHelp(subs)}, nil
	}
	bs, ok := subs[sub]
	if !ok {
		return kit.Reply{}, kit.Sorry("I don't know `/backbone " + kit.Escape(sub) + "`." + kit.DidYouMean(sub, backboneOrder()) + " Type `/backbone help` for the list.")
	}
	if strings.EqualFold(strings.TrimSpace(rest), "help") {
		return kit.Reply{Text: "*/backbone " + sub + "*\n" + strings.Join(bs.usage, "\n")}, nil
	}
	return bs.run(ctx, req, rest)
}

func backboneHelp(subs map[string]backboneSub) string {
	var sb strings.Builder
	sb.WriteString("*Backbone staff commands*\n")
	for _, name := range backboneOrder() {
		for _, u := range subs[name].usage {
			sb.WriteString("• " + u + "\n")
		}
	}
	sb.WriteString("Add `help` after any of them for details, e.g. `/backbone partner help`.")
	return sb.String()
}
