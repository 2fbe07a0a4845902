package indicator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

const callbackIndicator = "indicator:form"

var keyRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// indicatorAdd opens the form for a new indicator.
func (s *Service) indicatorAdd(ctx context.Context, req kit.Request) (kit.Reply, error) {
	groups, partners, err := s.formChoices(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	keys, err := s.Store.IndicatorKeys(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	view := IndicatorFormView(nil, groups, partners, indicatorFormMeta{Origin: req.ChannelID, Taken: keys})
	if err := s.OpenView(ctx, req.TeamID, req.TriggerID, view); err != nil {
		return kit.Reply{}, fmt.Errorf("open indicator form: %w", err)
	}
	return kit.Reply{}, nil
}

// indicatorEdit opens the form filled with an indicator's definition.
func (s *Service) indicatorEdit(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	key, err := oneKey(rest, "/indicators edit youth-binge-drinking")
	if err != nil {
		return kit.Reply{}, err
	}
	ind, err := s.findIndicator(ctx, req.TeamID, key)
	if err != nil {
		return kit.Reply{}, err
	}
	groups, partners, err := s.formChoices(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	meta := indicatorFormMeta{Origin: req.ChannelID, Key: ind.Key}
	if rs, err := s.Store.LatestReports(ctx, req.TeamID, store.ReportFilter{IndicatorID: &ind.ID}); err != nil {
		return kit.Reply{}, err
	} else if len(rs) > 0 {
		meta.Cadence = ind.Cadence
	}
	if err := s.OpenView(ctx, req.TeamID, req.TriggerID, IndicatorFormView(&ind, groups, partners, meta)); err != nil {
		return kit.Reply{}, fmt.Errorf("open indicator form: %w", err)
	}
	return kit.Reply{}, nil
}

// oneKey reads the single indicator key a subcommand takes.
func oneKey(rest, example string) (string, error) {
	a, err := kit.ParseArgs(rest)
	if err != nil {
		return "", err
	}
	if len(a.Positional) != 1 {
		return "", kit.Sorry("Give the indicator's key: `" + example + "`. `/indicators` lists them.")
	}
	return a.Positional[0].Text, nil
}

func (s *Service) formChoices(ctx context.Context, teamID string) ([]store.WorkingGroup, []store.Partner, error) {
	groups, err := s.Store.Groups(ctx, teamID)
	if err != nil {
		return nil, nil, err
	}
	partners, err := s.Store.Partners(ctx, teamID)
	return groups, partners, err
}

// indicatorForm is a submitted indicator form, read and checked.
type indicatorForm struct {
	meta     indicatorFormMeta
	key      string
	def      store.IndicatorDef
	partners []int64
}

// validateIndicator checks the indicator form before its ack.
func (s *Service) validateIndicator(cb slack.InteractionCallback) map[string]string {
	_, errs := readIndicatorForm(cb, s.Now())
	return errs
}

// readIndicatorForm reads the form; errors are by input block_id.
func readIndicatorForm(cb slack.InteractionCallback, now time.Time) (indicatorForm, map[string]string) {
	f := indicatorForm{}
	errs := map[string]string{}
	_ = json.Unmarshal([]byte(cb.View.PrivateMetadata), &f.meta)
	f.key = f.meta.Key
	if f.key == "" {
		f.key = checkKey(kit.InputValue(cb, indKey), f.meta.Taken, errs)
	}
	d := &f.def
	d.Name, d.Definition = strings.Join(strings.Fields(kit.InputValue(cb, indName)), " "), kit.InputValue(cb, indDefinition)
	checkLength(errs, indName, d.Name, "Give it a name, such as Youth binge drinking.", kit.MaxNameLen)
	checkLength(errs, indDefinition, d.Definition, "Write the agreed definition: what is counted, how, and the source.", maxDefinitionLen)
	d.Unit, d.Direction = measure.Unit(selected(cb, indUnit)), measure.Direction(selected(cb, indDirection))
	d.Cadence, d.Combine = measure.Cadence(selected(cb, indCadence)), measure.Method(selected(cb, indCombine))
	checkChoices(f, errs)
	unit, cadence := d.Unit, d.Cadence
	d.BaselineValue, d.BaselinePeriod = readReference(cb, indBaseline, indBaselinePeriod, unit, cadence, now, errs)
	d.TargetValue, d.TargetPeriod = readReference(cb, indTarget, indTargetPeriod, unit, cadence, now, errs)
	checkOrder(f, cadence, now, errs)
	d.GroupID = selectedID(cb, indGroup)
	f.partners = selectedIDs(cb, indPartners)
	dims, err := measure.ParseDimensions(kit.InputValue(cb, indDimensions))
	if err != nil {
		errs[indDimensions] = plainMessage(err)
	}
	for _, dim := range dims {
		d.Dimensions = append(d.Dimensions, store.Dimension{Name: dim.Name, Values: dim.Values})
	}
	return f, errs
}

func checkKey(key string, taken []string, errs map[string]string) string {
	key = strings.ToLower(strings.TrimSpace(key))
	switch {
	case !keyRe.MatchString(key) || len(key) > maxKeyLen:
		errs[indKey] = fmt.Sprintf("Use lowercase letters, digits and single dashes, up to %d characters, such as youth-binge-drinking.", maxKeyLen)
	case slices.Contains(reservedKeys(), key):
		errs[indKey] = fmt.Sprintf("%s is a word /indicators uses itself; pick another key.", key)
	case slices.Contains(taken, key):
		errs[indKey] = fmt.Sprintf("%s is taken (archived indicators keep their keys); pick another.", key)
	}
	return key
}

func checkLength(errs map[string]string, id, v, empty string, maxLen int) {
	switch n := utf8.RuneCountInString(v); {
	case n == 0:
		errs[id] = empty
	case n > maxLen:
		errs[id] = fmt.Sprintf("That is %d characters; keep it to %d.", n, maxLen)
	}
}

// checkChoices checks the four menus and how they fit together.
func checkChoices(f indicatorForm, errs map[string]string) {
	d := f.def
	for id, ok := range map[string]bool{
		indUnit: d.Unit.Valid(), indDirection: d.Direction.Valid(),
		indCadence: d.Cadence.Valid(), indCombine: d.Combine.Valid(),
	} {
		if !ok {
			errs[id] = "Choose one."
		}
	}
	if d.Combine == measure.Sum && (d.Unit == measure.Percent || d.Unit == measure.RatePer1000) {
		errs[indCombine] = "Percents and rates can't be added up across partners: choose mean or median."
	}
	if f.meta.Cadence != "" && d.Cadence != "" && d.Cadence != f.meta.Cadence {
		errs[indCadence] = fmt.Sprintf("Values are already reported %s, so the cadence stays %s. For another cadence, define a new indicator.", f.meta.Cadence, f.meta.Cadence)
	}
}

// readReference reads a baseline or a target: a value and its period,
// both or neither.
func readReference(cb slack.InteractionCallback, valueID, periodID string, unit measure.Unit, cadence measure.Cadence, now time.Time, errs map[string]string) (*float64, string) {
	rawValue, rawPeriod := kit.InputValue(cb, valueID), kit.InputValue(cb, periodID)
	switch {
	case rawValue == "" && rawPeriod == "":
		return nil, ""
	case rawValue == "":
		errs[valueID] = "Give the value for this period, or clear the period."
		return nil, ""
	case rawPeriod == "":
		errs[periodID] = "Give the period this value is for, such as " + measure.LastClosed(measure.Quarterly, now).String() + "."
		return nil, ""
	}
	var v *float64
	if unit.Valid() {
		x, err := measure.ParseValue(rawValue, unit)
		if err != nil {
			errs[valueID] = plainMessage(err)
		}
		v = &x
	}
	if !cadence.Valid() {
		return v, rawPeriod
	}
	p, err := measure.ParsePeriod(rawPeriod, cadence, now)
	if err != nil {
		errs[periodID] = plainMessage(err)
	}
	return v, p.String()
}

// checkOrder makes sure the target comes after the baseline.
func checkOrder(f indicatorForm, cadence measure.Cadence, now time.Time, errs map[string]string) {
	if f.def.BaselinePeriod == "" || f.def.TargetPeriod == "" || errs[indBaselinePeriod] != "" || errs[indTargetPeriod] != "" || !cadence.Valid() {
		return
	}
	base, err1 := measure.ParsePeriod(f.def.BaselinePeriod, cadence, now)
	target, err2 := measure.ParsePeriod(f.def.TargetPeriod, cadence, now)
	if err1 == nil && err2 == nil && target.Compare(base) <= 0 {
		errs[indTargetPeriod] = fmt.Sprintf("The target's period should come after the baseline's (%s).", base)
	}
}

func selected(cb slack.InteractionCallback, id string) string {
	return cb.View.State.Values[id][id].SelectedOption.Value
}

func selectedID(cb slack.InteractionCallback, id string) *int64 {
	n, err := strconv.ParseInt(selected(cb, id), 10, 64)
	if err != nil {
		return nil
	}
	return &n
}

func selectedIDs(cb slack.InteractionCallback, id string) []int64 {
	var ids []int64
	for _, o := range cb.View.State.Values[id][id].SelectedOptions {
		if n, err := strconv.ParseInt(o.Value, 10, 64); err == nil {
			ids = append(ids, n)
		}
	}
	slices.Sort(ids)
	return ids
}

// submitIndicator saves a new indicator or a new version of one, with its
// audit entry, and answers in the channel the command came from.
func (s *Service) submitIndicator(ctx context.Context, cb slack.InteractionCallback, actor store.Member) error {
	if actor.Role != store.RoleBackbone {
		s.Log.Warn("indicator form submitted by a non-staff member; ignored", "user_id", actor.UserID)
		return nil
	}
	f, errs := readIndicatorForm(cb, s.Now())
	if len(errs) > 0 {
		return nil
	}
	f.def.ChangedBy, f.def.ChangedAt = actor.UserID, s.Now()
	key := "indicator-form:" + cb.View.ID + ":" + cb.View.Hash
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		text, err := s.saveIndicator(ctx, tx, actor, f)
		if err != nil {
			return err
		}
		_, err = kit.Queue(ctx, tx, kit.Message{TeamID: actor.TeamID, Key: key, Channel: f.meta.Origin, EphemeralTo: actor.UserID, Text: text})
		return err
	})
	var ue *kit.Problem
	if !errors.As(err, &ue) {
		return err
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		_, err := kit.Queue(ctx, tx, kit.Message{TeamID: actor.TeamID, Key: key, Channel: f.meta.Origin, EphemeralTo: actor.UserID, Text: "⚠️ " + ue.Msg})
		return err
	})
}

func (s *Service) saveIndicator(ctx context.Context, tx *store.Tx, actor store.Member, f indicatorForm) (string, error) {
	if f.meta.Key == "" {
		return s.addIndicator(ctx, tx, actor, f)
	}
	return s.editIndicator(ctx, tx, actor, f)
}

func (s *Service) addIndicator(ctx context.Context, tx *store.Tx, actor store.Member, f indicatorForm) (string, error) {
	ind, err := tx.AddIndicator(ctx, actor.TeamID, f.key, f.def, f.partners)
	if errors.Is(err, store.ErrConflict) {
		return "", kit.Sorry(fmt.Sprintf("There is already an indicator with the key `%s` (archived ones count), so nothing was saved. Type `/indicators add` again and pick another key.", f.key))
	}
	if err != nil {
		return "", err
	}
	err = tx.Audit(ctx, store.Change{TeamID: actor.TeamID, Actor: actor.UserID, Action: "indicator.add", Entity: "indicator", EntityID: ind.Key, After: ind})
	return fmt.Sprintf("✅ Added *%s* (`%s`), reported %s by %s. They report with `/report %s VALUE` or the `/report` form; a reminder goes out when each %s ends.",
		kit.Escape(ind.Name), ind.Key, ind.Cadence, kit.Plural(len(ind.PartnerIDs), "partner", "partners"), ind.Key, periodNoun(ind.Cadence)), err
}

func (s *Service) editIndicator(ctx context.Context, tx *store.Tx, actor store.Member, f indicatorForm) (string, error) {
	cur, err := tx.IndicatorByKey(ctx, actor.TeamID, f.meta.Key)
	if err != nil {
		return "", err
	}
	if cur, err = tx.LockIndicator(ctx, actor.TeamID, cur.ID); err != nil {
		return "", err
	}
	if sameDefinition(cur, f) {
		return fmt.Sprintf("Nothing changed in *%s* (`%s`); it stays at v%d.", kit.Escape(cur.Name), cur.Key, cur.Version), nil
	}
	if f.def.Cadence != cur.Cadence {
		rs, err := tx.LatestReports(ctx, actor.TeamID, store.ReportFilter{IndicatorID: &cur.ID})
		if err != nil {
			return "", err
		}
		if len(rs) > 0 {
			return "", kit.Sorry(fmt.Sprintf("`%s` already has values reported %s, so its cadence can't change; nothing was saved. Define a new indicator for another cadence.", cur.Key, cur.Cadence))
		}
	}
	after, err := tx.UpdateIndicator(ctx, cur, f.def, f.partners)
	if err != nil {
		return "", err
	}
	err = tx.Audit(ctx, store.Change{TeamID: actor.TeamID, Actor: actor.UserID, Action: "indicator.edit", Entity: "indicator", EntityID: cur.Key, Before: cur, After: after})
	return fmt.Sprintf("✅ Saved *%s* (`%s`) as definition v%d. Values already reported keep v%d; `/indicators show %s` marks the change.",
		kit.Escape(after.Name), after.Key, after.Version, cur.Version, after.Key), err
}

// sameDefinition reports whether the form changes nothing.
func sameDefinition(cur store.Indicator, f indicatorForm) bool {
	a, b := cur.IndicatorDef, f.def
	a.Version, a.ChangedBy, a.ChangedAt = 0, "", time.Time{}
	b.Version, b.ChangedBy, b.ChangedAt = 0, "", time.Time{}
	if len(a.Dimensions) == 0 && len(b.Dimensions) == 0 {
		a.Dimensions, b.Dimensions = nil, nil
	}
	return reflect.DeepEqual(a, b) && slices.Equal([]int64(cur.PartnerIDs), f.partners)
}

// indicatorArchive retires an indicator.
func (s *Service) indicatorArchive(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	key, err := oneKey(rest, "/indicators archive youth-binge-drinking")
	if err != nil {
		return kit.Reply{}, err
	}
	ind, err := s.findIndicator(ctx, req.TeamID, key)
	if err != nil {
		return kit.Reply{}, err
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.ArchiveIndicator(ctx, ind.ID); err != nil {
			return err
		}
		after := ind
		after.Archived = true
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "indicator.archive", Entity: "indicator", EntityID: ind.Key, Before: ind, After: after})
	})
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: fmt.Sprintf("✅ Archived *%s* (`%s`). Its values stay and can still be exported; it no longer shows in lists, forms or prompts.", kit.Escape(ind.Name), ind.Key)}, nil
}
