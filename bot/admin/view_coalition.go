package admin

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

// CoalitionBlocks shows the common agenda, the working groups and the
// shared indicators.
func CoalitionBlocks(c store.Coalition, gs []store.WorkingGroup, sums []indicator.Summary) []slack.Block {
	blocks := []slack.Block{kit.Header(kit.OrDefault(c.Name, "Our coalition"))}
	if agenda := agendaText(c); agenda != "" {
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(agenda), nil, nil))
	} else {
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn("The common agenda has not been written down yet. Backbone staff can do it with `/backbone setup`."), nil, nil))
	}
	blocks = append(blocks, slack.NewDividerBlock(), slack.NewSectionBlock(kit.Mrkdwn("*Working groups*"), nil, nil))
	lines := make([]string, 0, len(gs))
	for _, g := range gs {
		lines = append(lines, groupLine(g))
	}
	if len(lines) == 0 {
		lines = append(lines, "_No working groups yet._")
	}
	blocks = append(blocks, kit.PackLines(lines, kit.MessageBlockBudget/2, "See them all with `/backbone group list`.")...)
	if len(sums) > 0 {
		lines = lines[:0]
		for _, s := range sums {
			lines = append(lines, indicator.SummaryText(s))
		}
		blocks = append(blocks, slack.NewDividerBlock(), slack.NewSectionBlock(kit.Mrkdwn("*Shared indicators*"), nil, nil))
		blocks = append(blocks, kit.PackLines(lines, kit.MessageBlockBudget-len(blocks)-1, "See them all with `/indicators`.")...)
	}
	return append(blocks, kit.ContextNote("Who is who: `/coalition who` · indicators: `/indicators` · all commands: `/coalition help`"))
}

// agendaText is the common agenda in a few lines.
func agendaText(c store.Coalition) string {
	var parts []string
	if c.Goal != "" {
		parts = append(parts, "*Our goal:* "+kit.Escape(c.Goal))
	}
	for _, f := range []struct{ label, value string }{{"Timeframe", c.Timeframe}, {"Where", c.Geography}, {"Equity focus", c.EquityFocus}} {
		if f.value != "" {
			parts = append(parts, "*"+f.label+":* "+kit.Escape(f.value))
		}
	}
	return strings.Join(parts, "\n")
}

func groupLine(g store.WorkingGroup) string {
	line := fmt.Sprintf("• *%s* in <#%s>", kit.Escape(g.Name), g.ChannelID)
	if g.LeadUserID != "" {
		line += fmt.Sprintf(", led by <@%s>", g.LeadUserID)
	}
	if g.Purpose != "" {
		line += " — " + kit.Escape(g.Purpose)
	}
	return line
}

// GroupListBlocks lists working groups.
func GroupListBlocks(gs []store.WorkingGroup) []slack.Block {
	lines := make([]string, 0, len(gs))
	for _, g := range gs {
		lines = append(lines, groupLine(g))
	}
	return append([]slack.Block{kit.Header("Working groups")}, kit.PackLines(lines, kit.MessageBlockBudget, "")...)
}

// PartnerListBlocks lists partners with their sector and head count.
func PartnerListBlocks(ps []store.Partner) []slack.Block {
	lines := make([]string, 0, len(ps))
	for _, p := range ps {
		lines = append(lines, fmt.Sprintf("• *%s* · %s · %s", kit.Escape(p.Name), p.Sector, kit.Plural(p.People, "person", "people")))
	}
	return append([]slack.Block{kit.Header("Partners")}, kit.PackLines(lines, kit.MessageBlockBudget, "")...)
}

// memberLine is one person: mention, organization and role.
func memberLine(m store.Member) string {
	line := fmt.Sprintf("<@%s> · %s", m.UserID, kit.OrDefault(kit.Escape(m.PartnerName), "_organization not set_"))
	if m.PartnerPending() {
		line += " _(waiting for confirmation)_"
	}
	if m.Role != store.RolePartner {
		line += " · " + roleLabel(m.Role)
	}
	if m.AwayUntil != nil {
		line += " · away until " + m.AwayUntil.Format("Mon 2 Jan")
	}
	return line
}

func roleLabel(role string) string {
	switch role {
	case store.RoleBackbone:
		return "backbone staff"
	case store.RoleSteering:
		return "steering committee"
	}
	return "partner"
}

// MemberListBlocks lists people.
func MemberListBlocks(title string, ms []store.Member) []slack.Block {
	lines := make([]string, 0, len(ms))
	for _, m := range ms {
		lines = append(lines, "• "+memberLine(m))
	}
	return append([]slack.Block{kit.Header(title)}, kit.PackLines(lines, kit.MessageBlockBudget, "Narrow it with `partner=\"Name\"`.")...)
}

// DirectoryBlocks lists partners and their people (network weaving); with
// only set, just that partner.
func DirectoryBlocks(ps []store.Partner, ms []store.Member, only *int64, threads map[string]string) []slack.Block {
	byPartner := map[int64][]string{}
	var staff, unknown []string
	for _, m := range ms {
		mention := fmt.Sprintf("<@%s>", m.UserID) + deliveryNote(m, threads)
		if m.Role == store.RoleBackbone {
			staff = append(staff, mention)
		}
		if m.PartnerID == nil {
			unknown = append(unknown, mention)
			continue
		}
		if m.PartnerPending() {
			mention += " _(unconfirmed)_"
		}
		byPartner[*m.PartnerID] = append(byPartner[*m.PartnerID], mention)
	}
	var lines []string
	if only == nil && len(staff) > 0 {
		lines = append(lines, "*Backbone staff:* "+strings.Join(staff, ", "))
	}
	for _, p := range ps {
		if only != nil && p.ID != *only {
			continue
		}
		people := kit.OrDefault(strings.Join(byPartner[p.ID], ", "), "_nobody linked yet_")
		lines = append(lines, fmt.Sprintf("*%s* (%s): %s", kit.Escape(p.Name), p.Sector, people))
	}
	if only == nil && len(unknown) > 0 {
		lines = append(lines, "*Organization not set:* "+strings.Join(unknown, ", "))
	}
	if len(lines) == 0 {
		lines = append(lines, "No partners yet.")
	}
	blocks := append([]slack.Block{kit.Header("Who is who")}, kit.PackLines(lines, kit.MessageBlockBudget, "Narrow it with `/coalition who partner=\"Name\"`.")...)
	return append(blocks, kit.ContextNote("Reminders and prompts go by DM, except where a thread is named. Not listed with your organization? `/coalition me partner=\"Name\"`"))
}

// deliveryNote says how a member is reached when it is not a plain DM:
// people from another workspace (Slack Connect), guests, and people Slack
// refused a DM with, reached in a thread of threads[user]'s channel.
func deliveryNote(m store.Member, threads map[string]string) string {
	var notes []string
	if m.External() {
		notes = append(notes, "other workspace")
	}
	if m.Guest != "" {
		notes = append(notes, strings.ReplaceAll(m.Guest, "_", "-")+" guest")
	}
	if m.DMRefusedAt != nil {
		if ch := threads[m.UserID]; ch != "" {
			notes = append(notes, fmt.Sprintf("no DM: thread in <#%s>", ch))
		} else {
			notes = append(notes, "no DM and no channel: add them to a working group or `/backbone set connect_channel #channel`")
		}
	}
	if len(notes) == 0 {
		return ""
	}
	return " _(" + strings.Join(notes, ", ") + ")_"
}

// SettingsBlocks shows every setting with its value and meaning.
func SettingsBlocks(v settings.Values) []slack.Block {
	var lines []string
	for _, d := range settings.Catalogue() {
		note := ""
		if v.IsDefault(d.Key) {
			note = " _(default)_"
		}
		lines = append(lines, fmt.Sprintf("• `%s` = *%s*%s — %s", d.Key, v.String(d.Key), note, d.Help))
	}
	blocks := append([]slack.Block{kit.Header("Settings")}, kit.PackLines(lines, kit.MessageBlockBudget, "")...)
	return append(blocks, kit.ContextNote("Change one with `/backbone set KEY VALUE`, e.g. `/backbone set reminder_lead_days 2`."))
}
