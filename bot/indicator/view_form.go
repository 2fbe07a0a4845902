package indicator

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// Block IDs of the indicator form.
const (
	indKey            = "ind_key"
	indName           = "ind_name"
	indDefinition     = "ind_definition"
	indUnit           = "ind_unit"
	indDirection      = "ind_direction"
	indCadence        = "ind_cadence"
	indCombine        = "ind_combine"
	indBaseline       = "ind_baseline"
	indBaselinePeriod = "ind_baseline_period"
	indTarget         = "ind_target"
	indTargetPeriod   = "ind_target_period"
	indGroup          = "ind_group"
	indPartners       = "ind_partners"
	indDimensions     = "ind_dimensions"

	maxKeyLen        = 40
	maxDefinitionLen = 2000
	maxPickerOptions = 100
)

// indicatorFormMeta is the indicator form's private_metadata.
type indicatorFormMeta struct {
	// Origin is the channel the command came from, where the answer goes.
	Origin string `json:"origin,omitempty"`
	// Key is set when editing: the indicator's key, which never changes.
	Key string `json:"key,omitempty"`
	// Taken lists the keys in use, so a new key is checked before the ack.
	Taken []string `json:"taken,omitempty"`
	// Cadence is set when values are reported: it may then not change.
	Cadence measure.Cadence `json:"cadence,omitempty"`
}

// encode fits the metadata in Slack's 3,000 characters, dropping the
// taken keys if need be (the store still refuses a duplicate).
func (m indicatorFormMeta) encode() string {
	raw, _ := json.Marshal(m)
	if len(raw) > 3000 {
		m.Taken = nil
		raw, _ = json.Marshal(m)
	}
	return string(raw)
}

// IndicatorFormView is the form defining an indicator: empty for a new one,
// filled with ind's definition in force for an edit.
func IndicatorFormView(ind *store.Indicator, groups []store.WorkingGroup, partners []store.Partner, meta indicatorFormMeta) slack.ModalViewRequest {
	var cur store.Indicator
	title := "New indicator"
	blocks := []slack.Block{}
	if ind != nil {
		cur, title = *ind, "Edit indicator"
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(fmt.Sprintf("Key: `%s` · definition v%d. Saving makes v%d; values already reported keep the definition they were reported under, and views mark the change.",
			cur.Key, cur.Version, cur.Version+1)), nil, nil))
	} else {
		key := kit.TextInput(indKey, "Key (used in /report; can't change later)", "", "youth-binge-drinking", maxKeyLen, false, false)
		key.Hint = kit.Plain("Lowercase letters, digits and dashes.")
		blocks = append(blocks, key)
	}
	blocks = append(blocks,
		kit.TextInput(indName, "Name", cur.Name, "Youth binge drinking", kit.MaxNameLen, false, false),
		withHint(kit.TextInput(indDefinition, "Agreed definition: what is measured, how, and the source", cur.Definition,
			"% of 8th, 10th and 12th graders reporting binge drinking in the past 2 weeks (Prevention Needs Assessment Survey)", maxDefinitionLen, true, false),
			"Everyone reporting sees this next to the input, so write it for them."),
		choiceInput(indUnit, "Unit", unitOptions(), string(cur.Unit)),
		choiceInput(indDirection, "Which way is good?", directionOptions(), string(cur.Direction)),
		choiceInput(indCadence, "How often it is reported", cadenceOptions(), string(cur.Cadence)),
		choiceInput(indCombine, "Coalition figure from partner values", combineOptions(), string(cur.Combine)),
	)
	blocks = append(blocks, referenceInputs(cur)...)
	if g := indicatorGroupInput(groups, cur.GroupID); g != nil {
		blocks = append(blocks, g)
	}
	if p := indicatorPartnerInput(partners, cur.PartnerIDs); p != nil {
		blocks = append(blocks, p)
	}
	blocks = append(blocks, withHint(kit.TextInput(indDimensions, "Breakdowns, one per line", measure.FormatDimensions(dimensions(cur.Dimensions)),
		"town: Greenfield, Orange, Athol", 1000, true, true), "Write each as its name, a colon and its values, such as town: Greenfield, Orange, Athol. Partners can then report each segment too, to show equity gaps."))
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackIndicator,
		Title:           kit.Plain(title),
		Submit:          kit.Plain("Save"),
		Close:           kit.Plain("Cancel"),
		PrivateMetadata: meta.encode(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// referenceInputs are the baseline and target, each a value and a period.
func referenceInputs(cur store.Indicator) []slack.Block {
	value := func(v *float64) string {
		if v == nil {
			return ""
		}
		return measure.Exact(*v)
	}
	return []slack.Block{
		kit.TextInput(indBaseline, "Baseline value", value(cur.BaselineValue), "24%", 40, false, true),
		kit.TextInput(indBaselinePeriod, "Baseline period", cur.BaselinePeriod, "2024-Q4", 20, false, true),
		kit.TextInput(indTarget, "Target value", value(cur.TargetValue), "15%", 40, false, true),
		kit.TextInput(indTargetPeriod, "Target period: by when", cur.TargetPeriod, "2028-Q4", 20, false, true),
	}
}

func withHint(b *slack.InputBlock, hint string) *slack.InputBlock {
	b.Hint = kit.Plain(hint)
	return b
}

func choiceInput(id, label string, opts []*slack.OptionBlockObject, initial string) *slack.InputBlock {
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, kit.Plain("Choose"), id, opts...)
	for _, o := range opts {
		if o.Value == initial {
			el.InitialOption = o
		}
	}
	return slack.NewInputBlock(id, kit.Plain(label), nil, el)
}

func option(value, label string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, kit.Plain(kit.Truncate(label, 75)), nil)
}

func unitOptions() []*slack.OptionBlockObject {
	var out []*slack.OptionBlockObject
	for _, u := range measure.Units() {
		out = append(out, option(string(u), u.Label()))
	}
	return out
}

func directionOptions() []*slack.OptionBlockObject {
	return []*slack.OptionBlockObject{option("up", "Up: higher is better"), option("down", "Down: lower is better")}
}

func cadenceOptions() []*slack.OptionBlockObject {
	var out []*slack.OptionBlockObject
	for _, c := range measure.Cadences() {
		out = append(out, option(string(c), string(c)))
	}
	return out
}

func combineOptions() []*slack.OptionBlockObject {
	var out []*slack.OptionBlockObject
	for _, m := range measure.Methods() {
		out = append(out, option(string(m), string(m)+": "+m.Label()))
	}
	return out
}

func indicatorGroupInput(groups []store.WorkingGroup, initial *int64) *slack.InputBlock {
	if len(groups) == 0 {
		return nil
	}
	var opts []*slack.OptionBlockObject
	for _, g := range groups[:min(len(groups), maxPickerOptions)] {
		opts = append(opts, option(strconv.FormatInt(g.ID, 10), g.Name))
	}
	initialID := ""
	if initial != nil {
		initialID = strconv.FormatInt(*initial, 10)
	}
	b := choiceInput(indGroup, "Working group that owns it", opts, initialID)
	b.Optional = true
	return b
}

func indicatorPartnerInput(partners []store.Partner, initial []int64) *slack.InputBlock {
	if len(partners) == 0 {
		return nil
	}
	var opts, chosen []*slack.OptionBlockObject
	for _, p := range partners[:min(len(partners), maxPickerOptions)] {
		o := option(strconv.FormatInt(p.ID, 10), p.Name)
		opts = append(opts, o)
		for _, id := range initial {
			if id == p.ID {
				chosen = append(chosen, o)
			}
		}
	}
	el := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, kit.Plain("Choose partners"), indPartners, opts...)
	el.InitialOptions = chosen
	b := slack.NewInputBlock(indPartners, kit.Plain("Partners that report it"), kit.Plain("They get the prompts and the form."), el)
	b.Optional = true
	return b
}
