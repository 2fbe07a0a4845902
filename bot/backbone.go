package bot

import (
	"context"
	"strings"

	"github.com/backbone-coalition/backbone/bot/args"
)

// backboneSub is one /backbone subcommand with its help.
type backboneSub struct {
	// usage lines, each a complete example.
	usage []string
	run   func(ctx context.Context, req request, rest string) (reply, error)
}

func (b *Bot) backboneSubs() map[string]backboneSub {
	return map[string]backboneSub{
		"setup": {usage: []string{"`/backbone setup` — name, common agenda, timezone and channels (opens a form)"}, run: b.backboneSetup},
		"partner": {usage: []string{
			"`/backbone partner add \"Greenfield Public Schools\" sector=education`",
			"`/backbone partner rename \"Old name\" \"New name\"`",
			"`/backbone partner archive \"Old name\"`",
			"`/backbone partner list`",
		}, run: b.backbonePartner},
		"member": {usage: []string{
			"`/backbone member @maria partner=\"Greenfield Public Schools\" role=steering` (either part is optional; `partner=none` clears it)",
			"`/backbone member list partner=\"Greenfield Public Schools\"` (the filter is optional)",
		}, run: b.backboneMember},
		"group": {usage: []string{
			"`/backbone group add \"Youth recognition\" #youth-recognition lead=@maria purpose=\"Celebrate young people\"` (purpose is optional)",
			"`/backbone group list`",
			"`/backbone group archive \"Youth recognition\"`",
		}, run: b.backboneGroup},
		"settings": {usage: []string{"`/backbone settings` — every setting with its value"}, run: b.backboneSettings},
		"set":      {usage: []string{"`/backbone set reminder_lead_days 2` — change one setting"}, run: b.backboneSet},
		"audit":    {usage: []string{"`/backbone audit 20` — the last changes, newest first (default 10)"}, run: b.backboneAudit},
		"schedule": {usage: []string{
			"`/backbone schedule list` — when each job runs",
			"`/backbone schedule set reminders \"0 9 * * 1-5\"` — cron fields: minute hour day-of-month month day-of-week",
			"`/backbone schedule pause digest` / `/backbone schedule resume digest`",
		}, run: b.backboneSchedule},
		"holiday": {usage: []string{
			"`/backbone holiday add 2026-12-25 \"Christmas\"` — no reminders that day",
			"`/backbone holiday list` / `/backbone holiday remove 2026-12-25`",
		}, run: b.backboneHoliday},
		"job": {usage: []string{"`/backbone job run digest` — run a job now, through the same once-only ledger (`at=2026-11-23T08:00:00-05:00` replays a past slot)"}, run: b.backboneJob},
	}
}

// backboneOrder is the order of subcommands in help.
func backboneOrder() []string {
	return []string{"setup", "partner", "member", "group", "settings", "set", "schedule", "holiday", "job", "audit"}
}

func (b *Bot) backbone(ctx context.Context, req request) (reply, error) {
	sub, rest := subcommand(req.Text)
	subs := b.backboneSubs()
	if sub == "" || sub == "help" {
		return reply{Text: backboneHelp(subs)}, nil
	}
	s, ok := subs[sub]
	if !ok {
		return reply{}, userErrorf("I don't know `/backbone " + escape(sub) + "`." + didYouMean(sub, backboneOrder()) + " Type `/backbone help` for the list.")
	}
	if strings.EqualFold(strings.TrimSpace(rest), "help") {
		return reply{Text: "*/backbone " + sub + "*\n" + strings.Join(s.usage, "\n")}, nil
	}
	return s.run(ctx, req, rest)
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

// didYouMean suggests the closest candidate, or nothing.
func didYouMean(word string, candidates []string) string {
	if c, ok := args.Closest(word, candidates); ok {
		return " Did you mean `" + c + "`?"
	}
	return ""
}

// parseArgs parses a command's arguments; the parser's errors are the
// user's mistakes and are shown as they are.
func parseArgs(text string, keys ...string) (args.Args, error) {
	a, err := args.Parse(text, keys...)
	if err != nil {
		if pe, ok := err.(*args.Error); ok {
			return a, userErrorf(pe.Msg)
		}
		return a, err
	}
	return a, nil
}

// nameArg joins the positional words into one name, so both
// `"Greenfield Public Schools"` and `Greenfield Public Schools` work.
func nameArg(toks []args.Token) string {
	var words []string
	for _, t := range toks {
		words = append(words, t.Text)
	}
	return strings.Join(words, " ")
}

// closestName finds the name a mistyped one most likely meant: one that
// contains it, or one within a couple of typos.
func closestName(name string, names []string) (string, bool) {
	lower := strings.ToLower(name)
	for _, n := range names {
		if lower != "" && strings.Contains(strings.ToLower(n), lower) {
			return n, true
		}
	}
	return args.Closest(name, names)
}
