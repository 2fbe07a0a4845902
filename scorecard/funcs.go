package scorecard

import (
	"html/template"

	"github.com/backbone-coalition/backbone/store"
)

// funcs are the templates' helpers.
func funcs() template.FuncMap {
	return template.FuncMap{
		"due": func(c store.Commitment) string {
			if d := due(c); d != "" {
				return "due " + d
			}
			return "no date"
		},
	}
}
