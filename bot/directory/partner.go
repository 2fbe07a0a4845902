package directory

import (
	"context"
	"errors"
	"fmt"

	"github.com/backbone-coalition/backbone/args"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// FindPartner finds a partner by its name, or says which one the user
// probably meant.
func (d *Directory) FindPartner(ctx context.Context, tx *store.Tx, teamID, name string) (store.Partner, error) {
	p, err := tx.PartnerByName(ctx, teamID, name)
	if !errors.Is(err, store.ErrNotFound) {
		return p, err
	}
	ps, err := tx.Partners(ctx, teamID)
	if err != nil {
		return p, err
	}
	names := make([]string, 0, len(ps))
	for _, p := range ps {
		names = append(names, p.Name)
	}
	hint := ""
	if c, ok := kit.ClosestName(name, names); ok {
		hint = fmt.Sprintf(" Did you mean “%s”?", kit.Escape(c))
	}
	return p, kit.Sorry(fmt.Sprintf("No partner is called “%s”.%s Type `/backbone partner list` to see them all.", kit.Escape(kit.Truncate(name, 80)), hint))
}

// PartnerOption reads the partner="Name" option of a command: nil when
// absent.
func (d *Directory) PartnerOption(ctx context.Context, teamID string, a args.Args) (*store.Partner, error) {
	tok, ok := a.Named["partner"]
	if !ok {
		return nil, nil
	}
	var p store.Partner
	err := d.store.InTx(ctx, func(tx *store.Tx) (err error) {
		p, err = d.FindPartner(ctx, tx, teamID, tok.Text)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}
