package bot

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/backbone-coalition/backbone"

// allowedFeatureEdges are the only imports one feature may make of another.
var allowedFeatureEdges = map[string][]string{
	"commitment":  {"recognition"},
	"indicator":   {"recognition"},
	"recognition": nil,
	"digest":      {"indicator"},
	"admin":       {"indicator"},
	"home":        {"commitment", "indicator"},
}

type listedPackage struct {
	ImportPath string
	Dir        string
	Imports    []string
	GoFiles    []string
}

// listPackages runs go list over the module's packages.
func listPackages(t *testing.T) map[string]listedPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", module+"/...")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]listedPackage{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs[strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")] = p
	}
	return pkgs
}

// importViolations lists the imports that break the rules of doc.go.
func importViolations(pkgs map[string]listedPackage) []string {
	var bad []string
	for name, p := range pkgs {
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			to := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
			if why := forbidden(name, to); why != "" {
				bad = append(bad, name+" imports "+to+": "+why)
			}
		}
	}
	slices.Sort(bad)
	return bad
}

func feature(pkg string) (string, bool) {
	name, ok := strings.CutPrefix(pkg, "bot/")
	if !ok {
		return "", false
	}
	_, isFeature := allowedFeatureEdges[name]
	return name, isFeature
}

func forbidden(from, to string) string {
	fromFeature, fromIsFeature := feature(from)
	toFeature, toIsFeature := feature(to)
	switch {
	case (strings.HasPrefix(from, "store") || from == "schedules") && (to == "bot" || strings.HasPrefix(to, "bot/")):
		return "store and schedules never import the bot"
	case strings.HasPrefix(from, "store") && to == "schedules":
		return "store never imports schedules"
	case fromIsFeature && to == "bot":
		return "no feature imports the shell"
	case fromIsFeature && toIsFeature && !slices.Contains(allowedFeatureEdges[fromFeature], toFeature):
		return "not an edge the domain needs (see allowedFeatureEdges)"
	case (from == "bot/kit" || from == "bot/directory") && (to == "bot" || toIsFeature):
		return "kit and directory import no feature and not the shell"
	case from == "bot/kit" && to == "bot/directory":
		return "kit sits below directory"
	}
	return ""
}

func TestImportsFollowTheArchitecture(t *testing.T) {
	t.Parallel()
	pkgs := listPackages(t)
	for _, f := range []string{"bot", "bot/kit", "bot/directory", "bot/commitment", "bot/home"} {
		if _, ok := pkgs[f]; !ok {
			t.Fatalf("go list did not list %s", f)
		}
	}
	for _, v := range importViolations(pkgs) {
		t.Error(v)
	}
}

// TestTheRuleCatchesABackEdge shows the rule test can fail: made-up
// imports that break each rule are each reported.
func TestTheRuleCatchesABackEdge(t *testing.T) {
	t.Parallel()
	broken := map[string]listedPackage{
		"bot/recognition": {Imports: []string{module + "/bot/commitment"}},
		"bot/commitment":  {Imports: []string{module + "/bot"}},
		"bot/kit":         {Imports: []string{module + "/bot/directory"}},
		"store":           {Imports: []string{module + "/bot/outbox"}},
		"schedules":       {Imports: []string{module + "/bot/kit"}},
		"bot/directory":   {Imports: []string{module + "/bot/home"}},
	}
	if got := importViolations(broken); len(got) != len(broken) {
		t.Errorf("%d violations reported for %d broken imports: %q", len(got), len(broken), got)
	}
}

// TestViewsDoNoIO: a view function takes data and returns blocks.
func TestViewsDoNoIO(t *testing.T) {
	t.Parallel()
	for name, p := range listPackages(t) {
		if _, ok := feature(name); !ok {
			continue
		}
		for _, file := range p.GoFiles {
			if !strings.HasPrefix(file, "view") && file != "modal.go" {
				continue
			}
			for _, fn := range viewsWithIO(t, filepath.Join(p.Dir, file)) {
				t.Errorf("%s/%s: %s takes a store or a context; views take data", name, file, fn)
			}
		}
	}
}

func viewsWithIO(t *testing.T, path string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		for _, param := range fn.Type.Params.List {
			if typ := exprString(param.Type); typ == "context.Context" || typ == "*store.Store" || typ == "*store.Tx" {
				bad = append(bad, fn.Name.Name)
			}
		}
		if fn.Recv != nil && exprString(fn.Recv.List[0].Type) == "*Service" {
			bad = append(bad, fn.Name.Name+" (a method of the feature's Service)")
		}
	}
	return bad
}

func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return "*" + exprString(x.X)
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	case *ast.Ident:
		return x.Name
	}
	return ""
}
