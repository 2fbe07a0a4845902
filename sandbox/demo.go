package sandbox

import (
	"slices"

	"github.com/backbone-coalition/backbone/store"
)

// The demo coalition: a youth-health coalition modelled on Communities That
// Care (see the README's field notes): a steering committee, three working
// groups with their channels and leads, partners across sectors, and people
// in several timezones.

// TeamID is the sandbox workspace's team ID.
const TeamID = "T0SANDBOX"

// Channel IDs of the demo workspace.
const (
	channelGeneral     = "C0GENERAL"
	channelSteering    = "C0STEERING"
	channelParents     = "C0PARENTS"
	channelYouth       = "C0YOUTH"
	channelNorms       = "C0NORMS"
	channelShoutOuts   = "C0SHOUTOUTS"
	channelBackboneLab = "C0BACKBONE"
)

// demoCoalition is the common agenda and the coalition-wide channels.
var demoCoalition = store.Coalition{
	TeamID:             TeamID,
	Name:               "Valley Youth Health Coalition",
	Goal:               "Cut teen binge drinking, vaping and marijuana use in the Valley by a quarter",
	Timeframe:          "by June 2030",
	Geography:          "the 14 towns of the Greenfield and Mohawk Trail school districts",
	EquityFocus:        "closing the gaps for low-income youth, LGBTQ+ youth and youth of color",
	Timezone:           "America/New_York",
	SteeringChannel:    channelSteering,
	RecognitionChannel: channelShoutOuts,
	BackboneChannel:    channelBackboneLab,
}

// demoChannel is a channel of the demo workspace; who is in it follows from
// the people's roles and groups.
type demoChannel struct {
	id, name string
	private  bool
	// role, when set, puts in the channel the people with that role
	// (backbone staff are in every channel).
	role string
	// everyone puts every person in the channel.
	everyone bool
}

var demoChannels = []demoChannel{
	{id: channelGeneral, name: "general", everyone: true},
	{id: channelShoutOuts, name: "shout-outs", everyone: true},
	{id: channelSteering, name: "steering-committee", role: store.RoleSteering},
	{id: channelParents, name: "parent-education"},
	{id: channelYouth, name: "youth-recognition"},
	{id: channelNorms, name: "community-norms"},
	{id: channelBackboneLab, name: "backbone-team", private: true, role: store.RoleBackbone},
}

// demoGroup is a working group, bound to its channel.
type demoGroup struct {
	name, channel, lead, purpose string
}

var demoGroups = []demoGroup{
	{"Parent education", channelParents, "U0MARIA",
		"Give parents the facts and the words to talk with their teens about alcohol, vaping and cannabis: workshops in every town, a monthly newsletter, and a parent panel at each middle school."},
	{"Youth recognition", channelYouth, "U0KEVIN",
		"Recognize young people for what they give to their towns — volunteering, sports, arts — so that belonging, not substance use, is what earns respect."},
	{"Community norms", channelNorms, "U0AISHA",
		"Change what adults and teens believe is normal: a social-norms campaign based on the youth survey, responsible beverage-server training, and compliance checks with the police."},
}

// demoPartner is a partner organization.
type demoPartner struct{ name, sector string }

// The backbone organization is a partner like the others: its staff belong
// to it.
const backboneOrg = "Valley Partnership for Youth"

var demoPartners = []demoPartner{
	{backboneOrg, "nonprofit"},
	{"Greenfield Public Schools", "education"},
	{"Mohawk Trail Regional Schools", "education"},
	{"Valley Medical Center", "health"},
	{"Riverside Community Health Center", "health"},
	{"Greenfield Police Department", "government"},
	{"County Public Health Department", "government"},
	{"Boys & Girls Club of the Valley", "nonprofit"},
	{"Family Resource Network", "nonprofit"},
	{"Pioneer Savings Bank", "business"},
	{"Valley Community Foundation", "philanthropy"},
	{"Interfaith Council of the Valley", "community"},
	{"Valley Youth Sports League", "community"},
	{connectOrg, "nonprofit"},
}

// demoPerson is a Slack user of the demo workspace. The coalition's members
// have their organization, role and working groups (by channel); a newcomer
// has none, and is only in the workspace until they first use the bot.
type demoPerson struct {
	id, handle, name, tz, partner, role string
	groups                              []string
}

var demoPeople = []demoPerson{
	{"U0DIANA", "diana", "Diana Alvarez", "America/New_York", backboneOrg, store.RoleBackbone, nil},
	{"U0MARCUS", "marcus", "Marcus Chen", "America/New_York", backboneOrg, store.RoleBackbone, nil},
	{"U0JORDAN", "jordan", "Jordan Blake", "America/Chicago", backboneOrg, store.RoleBackbone, nil},
	{"U0ELLEN", "ellen", "Ellen O'Brien", "America/New_York", "Greenfield Public Schools", store.RoleSteering, nil},
	{"U0ROBERT", "robert", "Robert Hayes", "America/New_York", "Greenfield Police Department", store.RoleSteering, []string{channelNorms}},
	{"U0AMARA", "amara", "Amara Okafor", "America/New_York", "Valley Medical Center", store.RoleSteering, nil},
	{"U0LINDA", "linda", "Linda Park", "America/Los_Angeles", "Valley Community Foundation", store.RoleSteering, nil},
	{"U0TOMAS", "tomas", "Tomás Rivera", "America/New_York", "County Public Health Department", store.RoleSteering, []string{channelNorms}},
	{"U0MARIA", "maria", "Maria Santos", "America/New_York", "Family Resource Network", store.RolePartner, []string{channelParents}},
	{"U0KEVIN", "kevin", "Kevin Walsh", "America/New_York", "Boys & Girls Club of the Valley", store.RolePartner, []string{channelYouth}},
	{"U0AISHA", "aisha", "Aisha Johnson", "America/New_York", "Riverside Community Health Center", store.RolePartner, []string{channelNorms}},
	{"U0SAM", "sam", "Sam Nguyen", "America/New_York", "Greenfield Public Schools", store.RolePartner, []string{channelParents, channelYouth}},
	{"U0GRACE", "grace", "Grace Kim", "America/New_York", "Mohawk Trail Regional Schools", store.RolePartner, []string{channelYouth}},
	{"U0DAVID", "david", "David Miller", "America/New_York", "Greenfield Police Department", store.RolePartner, []string{channelNorms}},
	{"U0FATIMA", "fatima", "Fatima Haddad", "America/New_York", "Family Resource Network", store.RolePartner, []string{channelParents}},
	{"U0JAMES", "james", "James Cooper", "America/New_York", "Pioneer Savings Bank", store.RolePartner, []string{channelYouth}},
	{"U0ROSA", "rosa", "Rosa Jiménez", "America/New_York", "Riverside Community Health Center", store.RolePartner, []string{channelParents, channelNorms}},
	{"U0PRIYA", "priya", "Priya Raman", "Asia/Kolkata", "Valley Medical Center", store.RolePartner, []string{channelNorms}},
	{"U0SOPHIE", "sophie", "Sophie Turner", "Europe/London", "Valley Community Foundation", store.RolePartner, nil},
	{"U0BEN", "ben", "Ben Carter", "America/Denver", "Valley Youth Sports League", store.RolePartner, []string{channelYouth}},
	{"U0HANNAH", "hannah", "Hannah Lee", "America/New_York", "Interfaith Council of the Valley", store.RolePartner, []string{channelNorms}},
	{"U0OMAR", "omar", "Omar Farouk", "America/New_York", "Boys & Girls Club of the Valley", store.RolePartner, []string{channelYouth}},
	{"U0CLAIRE", "claire", "Claire Dubois", "America/Chicago", "County Public Health Department", store.RolePartner, []string{channelNorms}},
	{"U0MIGUEL", "miguel", "Miguel Torres", "America/New_York", "Mohawk Trail Regional Schools", store.RolePartner, []string{channelParents}},
	{"U0NINA", "nina", "Nina Patel", "America/Los_Angeles", "Riverside Community Health Center", store.RolePartner, []string{channelParents}},
	// From the Hilltown Food Co-op's own Slack workspace, through the
	// shared #youth-recognition (Slack Connect): see seed_connect.go.
	{connectPersonID, "noah", "Noah Fischer", "America/New_York", connectOrg, store.RolePartner, []string{channelYouth}},
	// A parent who volunteers and has never used the bot: join
	// #parent-education as Alex to see the welcome DM.
	{"U0ALEX", "alex", "Alex Morgan", "America/New_York", "", "", nil},
}

// newcomer reports whether p is not a member of the coalition yet.
func (p demoPerson) newcomer() bool { return p.role == "" }

// members lists the IDs of the people in channel c.
func (c demoChannel) members() []string {
	var ids []string
	for _, p := range demoPeople {
		if c.everyone || p.role == store.RoleBackbone || (c.role != "" && p.role == c.role) || slices.Contains(p.groups, c.id) {
			ids = append(ids, p.id)
		}
	}
	return ids
}
