package bot_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryHTTPServerHasTimeouts reads every non-test Go file of the module:
// each http.Server literal sets ReadHeaderTimeout and ReadTimeout (a slow
// client must not hold a connection forever), and nothing starts a server
// through http.ListenAndServe or http.Serve, which set neither.
func TestEveryHTTPServerHasTimeouts(t *testing.T) {
	t.Parallel()
	servers := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "data" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CompositeLit:
				if isHTTPSel(x.Type, "Server") {
					servers++
					checkTimeouts(t, fset.Position(x.Pos()).String(), x)
				}
			case *ast.CallExpr:
				if isHTTPSel(x.Fun, "ListenAndServe") || isHTTPSel(x.Fun, "ListenAndServeTLS") || isHTTPSel(x.Fun, "Serve") {
					t.Errorf("%s: a server without timeouts: build an http.Server instead", fset.Position(x.Pos()))
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if servers < 2 {
		t.Errorf("found %d http.Server literals; the walk missed the serve command or the fake Slack", servers)
	}
}

func isHTTPSel(e ast.Expr, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == "http"
}

func checkTimeouts(t *testing.T, pos string, lit *ast.CompositeLit) {
	t.Helper()
	set := map[string]bool{}
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok {
				set[k.Name] = true
			}
		}
	}
	for _, field := range []string{"ReadHeaderTimeout", "ReadTimeout"} {
		if !set[field] {
			t.Errorf("%s: http.Server without %s", pos, field)
		}
	}
}
