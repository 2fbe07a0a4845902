package args

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	f.Add(`partner add "Greenfield Public Schools" sector=education`)
	f.Fuzz(func(t *testing.T, s string) {
		toks, err := Tokenize(s)
		again, err2 := Tokenize(s)
		if !reflect.DeepEqual(toks, again) || (err == nil) != (err2 == nil) {
			t.Fatalf("Tokenize(%q) is not deterministic", s)
		}
		if _, perr := Parse(s, "sector", "role", "partner", "lead", "purpose"); perr != nil {
			var ue *Error
			if !errors.As(perr, &ue) || ue.Msg == "" {
				t.Fatalf("Parse(%q) error %v is not a user error", s, perr)
			}
		}
		if err != nil {
			return
		}
		for i, tok := range toks {
			if tok.Pos != i+1 {
				t.Fatalf("token %d has Pos %d", i, tok.Pos)
			}
			if strings.Count(tok.Text, "<@") > strings.Count(tok.Raw, "&lt;@") {
				t.Fatalf("token %+v has an unescaped <@ in its text", tok)
			}
			if tok.Raw == "" || !strings.Contains(s, tok.Raw) {
				t.Fatalf("token %+v: Raw is not from the input", tok)
			}
		}
	})
}
