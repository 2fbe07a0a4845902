package sandbox

import (
	"fmt"
	"time"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// Sizes of `backbone demo seed --size`: small is the sandbox's demo; the
// others are generated coalitions for benchmarks and demos at scale.
const (
	SizeSmall  = "small"
	SizeMedium = "medium"
	SizeLarge  = "large"
)

// Sizes lists every size, smallest first.
func Sizes() []string { return []string{SizeSmall, SizeMedium, SizeLarge} }

// LargeTeamID is the default team of a generated coalition.
const LargeTeamID = "T0LARGE"

// bulkSize is how many of each thing a generated coalition has.
type bulkSize struct {
	partners, members, groups, commitments, indicators, periods, shoutouts int
}

var bulkSizes = map[string]bulkSize{
	// medium is big enough for the planner to prefer indexes, small enough
	// to seed in a test in about a second.
	SizeMedium: {partners: 60, members: 400, groups: 8, commitments: 8000, indicators: 6, periods: 12, shoutouts: 2000},
	// large is issue 8's coalition: GAIN's 600 companies and 36
	// collaborations, in round numbers.
	SizeLarge: {partners: 500, members: 3000, groups: 30, commitments: 100000, indicators: 20, periods: 36, shoutouts: 20000},
}

// BulkPlan returns the plan of a generated coalition of the given size
// (medium or large) for teamID, with three years of history up to now.
func BulkPlan(size, teamID string, now time.Time) (store.BulkPlan, error) {
	sz, ok := bulkSizes[size]
	if !ok {
		return store.BulkPlan{}, fmt.Errorf("no generated coalition of size %q: use %s or %s", size, SizeMedium, SizeLarge)
	}
	co := largeCoalition
	loc, err := time.LoadLocation(co.Timezone)
	if err != nil {
		return store.BulkPlan{}, fmt.Errorf("load %s: %w", co.Timezone, err)
	}
	return store.BulkPlan{
		TeamID: teamID, Now: now, Seed: 20261108, UserPrefix: "UL",
		Partners: sz.partners, Members: sz.members, Groups: sz.groups, Commitments: sz.commitments,
		Indicators: sz.indicators, Shoutouts: sz.shoutouts, Staff: 6, Steering: 24, HistoryDays: 3 * 365,
		Coalition: co, Periods: bulkPeriods(now.In(loc), sz.periods),
		Dimension:     store.Dimension{Name: "age", Values: []string{"0-5", "6-11", "12-17"}},
		Words:         largeWords,
		IndicatorDefs: largeIndicators,
	}, nil
}

// bulkPeriods are the n monthly periods up to the last closed one.
func bulkPeriods(now time.Time, n int) []store.BulkPeriod {
	var out []store.BulkPeriod
	for _, p := range measure.Recent(measure.LastClosed(measure.Monthly, now), n) {
		out = append(out, store.BulkPeriod{Name: p.String(), Start: p.Start(), ClosedOn: p.ClosedOn()})
	}
	return out
}

var largeCoalition = store.Coalition{
	Name:               "Great Lakes Child Nutrition Alliance",
	Goal:               "Every child in the region eats a healthy breakfast and lunch, every school day and through the summer",
	Timeframe:          "by 2030",
	Geography:          "the 40 counties around the Great Lakes",
	EquityFocus:        "children in households below twice the poverty line",
	Timezone:           "America/Chicago",
	SteeringChannel:    "CLSTEERING",
	RecognitionChannel: "CLSHOUTOUTS",
	BackboneChannel:    "CLBACKBONE",
}

var largeWords = store.BulkWords{
	Places: []string{"Ashland", "Bayfield", "Cheboygan", "Duluth", "Erie", "Fond du Lac", "Gary", "Houghton",
		"Ironwood", "Joliet", "Kenosha", "Lansing", "Marquette", "Niagara", "Oshkosh", "Petoskey", "Racine",
		"Sandusky", "Toledo", "Upper Peninsula", "Valparaiso", "Waukegan", "Ypsilanti", "Zion", "Buffalo",
		"Cleveland", "Detroit", "Evanston", "Flint", "Green Bay"},
	PartnerKind: []string{"Public Schools", "Food Bank", "County Health Department", "Community Foundation",
		"Family Farms Co-op", "Grocers", "YMCA", "Pediatrics", "Boys & Girls Club", "Library", "Dairy",
		"Food Service Co.", "Housing Authority", "Parks & Recreation", "United Way", "Head Start", "Churches",
		"Extension Office"},
	PartnerSector: []string{"education", "nonprofit", "government", "philanthropy", "business", "business",
		"community", "health", "community", "government", "business", "business", "government", "government",
		"philanthropy", "education", "community", "other"},
	FirstNames: []string{"Amara", "Ben", "Carmen", "Deshawn", "Elena", "Farah", "Grace", "Hiro", "Imani", "Jonas",
		"Kalani", "Luis", "Mei", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor",
		"Wren", "Xavier", "Yusuf", "Zoe"},
	LastNames: []string{"Okafor", "Nguyen", "Alvarez", "Kowalski", "Johnson", "Haddad", "Lindqvist", "Tanaka",
		"Brown", "Schmidt", "Patel", "Garcia", "Chen", "Walker", "Novak", "Rahman", "Murphy", "Santos",
		"Dubois", "Yellowhorse"},
	Zones: []string{"America/Chicago", "America/Chicago", "America/Detroit", "America/New_York",
		"America/Indiana/Indianapolis", "America/Toronto", "America/Denver", "America/Los_Angeles"},
	GroupTopics: []string{"School breakfast", "Summer meals", "Farm to school", "Food pantries", "WIC outreach",
		"Early childhood", "Nutrition education", "Data and evaluation", "Policy and advocacy", "Funding",
		"Rural access", "Tribal nations"},
	Tasks: []string{"Send the sign-up flyers to the middle schools", "Call the principals about breakfast after the bell",
		"Draft the MOU with the county", "Share the summer meal site list", "Book the gym for the family night",
		"Ask the grocers for a matching pledge", "Collect the WIC referral numbers", "Update the site map",
		"Translate the menu into Spanish and Hmong", "Write the grant report section", "Train the volunteers",
		"Set up the mobile pantry route", "Meet the superintendent", "Survey parents about lunch",
		"Post the meeting notes", "Find a second delivery van"},
	Thanks: []string{"The summer meal launch fed 1,200 kids in its first week — thank you!",
		"Huge thanks for covering the pantry shift on short notice.",
		"Your data request came back a week early. That made the steering report.",
		"The farm-to-school tasting day was a hit with every grade.",
		"Thank you for translating the flyers overnight.",
		"The new breakfast cart doubled participation at the high school.",
		"Thanks for bringing the county commissioners to the table."},
}

// largeIndicators are twenty monthly measures of a child-nutrition
// coalition, reported by every partner and split by age.
var largeIndicators = func() []store.BulkIndicator {
	type spec struct {
		key, name string
		unit      measure.Unit
		direction measure.Direction
		combine   measure.Method
	}
	specs := []spec{
		{"breakfast-participation", "Students eating school breakfast", "percent", "up", "mean"},
		{"lunch-participation", "Students eating school lunch", "percent", "up", "mean"},
		{"summer-meals-served", "Summer meals served", "count", "up", "sum"},
		{"pantry-visits", "Households served by pantries", "count", "up", "sum"},
		{"wic-enrollment", "Eligible families enrolled in WIC", "percent", "up", "mean"},
		{"snap-referrals", "Families referred to SNAP", "count", "up", "sum"},
		{"food-insecure-children", "Children in food-insecure households", "percent", "down", "median"},
		{"fresh-produce-pounds", "Pounds of fresh produce distributed", "number", "up", "sum"},
		{"local-food-spend", "Local food purchases", "currency", "up", "sum"},
		{"nutrition-classes", "Nutrition classes held", "count", "up", "sum"},
		{"class-attendance", "Parents at nutrition classes", "count", "up", "sum"},
		{"meal-sites-open", "Meal sites open", "count", "up", "sum"},
		{"anemia-rate", "Children with anemia per 1,000 screened", "rate_per_1000", "down", "median"},
		{"obesity-rate", "Children with obesity", "percent", "down", "median"},
		{"water-access", "Schools with free water stations", "percent", "up", "mean"},
		{"volunteer-hours", "Volunteer hours", "number", "up", "sum"},
		{"backpack-programs", "Children in weekend backpack programs", "count", "up", "sum"},
		{"breakfast-after-bell", "Schools serving breakfast after the bell", "percent", "up", "mean"},
		{"garden-programs", "School gardens active", "count", "up", "sum"},
		{"meal-waste", "Plate waste at lunch", "percent", "down", "mean"},
	}
	out := make([]store.BulkIndicator, 0, len(specs))
	for _, s := range specs {
		out = append(out, store.BulkIndicator{Key: s.key, Def: store.IndicatorDef{Name: s.name,
			Definition: s.name + ", as each partner counts it for the month, by the children's age.",
			Unit:       s.unit, Direction: s.direction, Cadence: measure.Monthly, Combine: s.combine,
			ChangedBy: "UL000001"}})
	}
	return out
}()
