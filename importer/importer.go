package importer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

// Importer previews and applies imports for a coalition.
type Importer struct {
	Store  *store.Store
	People People
	// Now is the clock.
	Now func() time.Time
}

// Request is one file to import.
type Request struct {
	TeamID, Actor string
	Kind          Kind
	Filename      string
	Data          []byte
	// Claim, when set, runs first in Apply's transaction; its error (a
	// draft imported already) aborts the import.
	Claim func(ctx context.Context, tx *store.Tx) error
}

// planner checks one file's rows inside a transaction.
type planner struct {
	tx            *store.Tx
	teamID, actor string
	// clock is the instant of the import; now the coalition's local time,
	// which periods are read in.
	clock, now time.Time
	people     map[string]Person
	missing    map[string]string
}

// errPreview rolls a preview's transaction back.
var errPreview = errors.New("preview only")

// Preview says what importing req would do, changing nothing. A file
// refused as a whole returns a *FileError.
func (im Importer) Preview(ctx context.Context, req Request) (Plan, error) {
	return im.run(ctx, req, false)
}

// Apply imports req: every accepted row in one transaction with one audit
// entry, or nothing. Refused rows are left out and listed in the plan.
func (im Importer) Apply(ctx context.Context, req Request) (Plan, error) {
	return im.run(ctx, req, true)
}

func (im Importer) run(ctx context.Context, req Request, apply bool) (Plan, error) {
	t, err := ReadTable(req.Kind, req.Data)
	if err != nil {
		return Plan{Kind: req.Kind}, err
	}
	people := im.People
	if people == nil {
		people = Offline{}
	}
	found, err := resolvePeople(ctx, people, req.Kind, t)
	if err != nil {
		return Plan{Kind: req.Kind}, fmt.Errorf("look people up: %w", err)
	}
	var plan Plan
	err = im.Store.InTx(ctx, func(tx *store.Tx) error {
		pl, err := im.planner(ctx, tx, req, found)
		if err != nil {
			return err
		}
		if plan, err = pl.plan(ctx, req.Kind, t); err != nil {
			return err
		}
		if !apply {
			return errPreview
		}
		return pl.apply(ctx, req, plan)
	})
	if errors.Is(err, errPreview) {
		err = nil // a preview's rollback is its success
	}
	return plan, err
}

func (im Importer) planner(ctx context.Context, tx *store.Tx, req Request, l lookups) (*planner, error) {
	c, err := tx.Coalition(ctx, req.TeamID)
	if err != nil && !isNotFound(err) {
		return nil, err
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		loc = time.UTC
	}
	clock := im.Now()
	return &planner{tx: tx, teamID: req.TeamID, actor: req.Actor, clock: clock, now: clock.In(loc),
		people: l.found, missing: l.missing}, nil
}

func (pl *planner) plan(ctx context.Context, kind Kind, t Table) (Plan, error) {
	switch kind {
	case Partners:
		return pl.planPartners(ctx, t)
	case Groups:
		return pl.planGroups(ctx, t)
	case Members:
		return pl.planMembers(ctx, t)
	case Indicators:
		return pl.planIndicators(ctx, t)
	case Reports:
		return pl.planReports(ctx, t)
	}
	return Plan{}, fmt.Errorf("unknown kind %q", kind)
}

// apply makes the plan's changes and records the import in the audit log.
func (pl *planner) apply(ctx context.Context, req Request, plan Plan) error {
	if req.Claim != nil {
		if err := req.Claim(ctx, pl.tx); err != nil {
			return err
		}
	}
	for _, o := range plan.ops {
		if err := o(ctx, pl.tx); err != nil {
			return fmt.Errorf("import %s: %w", req.Kind, err)
		}
	}
	return pl.tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.Actor, Action: "import." + string(req.Kind),
		Entity: "import", EntityID: req.Filename, After: map[string]any{
			"file": req.Filename, "added": plan.Count(Add), "updated": plan.Count(Update),
			"unchanged": plan.Count(Unchanged), "refused": len(plan.Refused)}})
}
