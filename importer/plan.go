package importer

import (
	"context"
	"fmt"
	"strings"

	"github.com/backbone-coalition/backbone/store"
)

// Action is what an import does with a row.
type Action string

// The actions.
const (
	Add       Action = "add"
	Update    Action = "update"
	Unchanged Action = "unchanged"
)

// Change is one accepted row and what the import does with it.
type Change struct {
	Line   int
	Label  string
	Action Action
}

// Refusal is one refused row: its line and the reason in plain words.
type Refusal struct {
	Line   int
	Reason string
}

// Plan is what an import of a file does, row by row.
type Plan struct {
	Kind    Kind
	Changes []Change
	Refused []Refusal
	ops     []op
}

// op is one change to make, inside the import's transaction.
type op func(ctx context.Context, tx *store.Tx) error

// Count is how many rows get action a.
func (p Plan) Count(a Action) int {
	n := 0
	for _, c := range p.Changes {
		if c.Action == a {
			n++
		}
	}
	return n
}

// Summary says in one line what the plan does.
func (p Plan) Summary() string {
	return fmt.Sprintf("%d to add, %d to update, %d unchanged, %d refused",
		p.Count(Add), p.Count(Update), p.Count(Unchanged), len(p.Refused))
}

// NoOp reports whether applying the plan would change nothing.
func (p Plan) NoOp() bool { return p.Count(Add) == 0 && p.Count(Update) == 0 }

func (p *Plan) refuse(line int, format string, a ...any) {
	p.Refused = append(p.Refused, Refusal{Line: line, Reason: fmt.Sprintf(format, a...)})
}

func (p *Plan) keep(line int, label string) {
	p.Changes = append(p.Changes, Change{Line: line, Label: label, Action: Unchanged})
}

func (p *Plan) change(line int, label string, a Action, o op) {
	p.Changes = append(p.Changes, Change{Line: line, Label: label, Action: a})
	if o != nil {
		p.ops = append(p.ops, o)
	}
}

// checkRow refuses the row's generic faults: cells beyond the header and
// formula-like text. It reports whether the row may go on.
func (p *Plan) checkRow(r Row) bool {
	if strings.TrimSpace(r.Cells[extraCells]) != "" {
		p.refuse(r.Line, "it has more cells than the header has columns (a value with a comma needs quotes around it)")
		return false
	}
	if col, bad := formulaCell(r); bad {
		p.refuse(r.Line, "the %s starts with %q, which spreadsheets run as a formula; remove that character (or put the text in other words)", col, strings.TrimLeft(r.Cells[col], " \t\r\n")[:1])
		return false
	}
	return true
}

// seen refuses a row whose key an earlier row of the file already had.
type seen map[string]int

func (s seen) repeat(p *Plan, line int, key, what string) bool {
	if first, ok := s[key]; ok {
		p.refuse(line, "it repeats the %s of line %d; keep one of the two rows", what, first)
		return true
	}
	s[key] = line
	return false
}
