package contract

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// moduleRoot is the module's root from this package's directory.
const moduleRoot = "../.."

// accumulatorTypes parses every library package of the module (all but
// examples, internal and testdata) and returns "pkg.Type" (pkg the
// directory from the root, "kpi" for the root) for every exported type
// with a method whose name begins with Add and a method Merge.
func accumulatorTypes(t *testing.T) []string {
	methods := map[string]map[string]bool{}
	err := filepath.WalkDir(moduleRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			rel, _ := filepath.Rel(moduleRoot, path)
			switch first := strings.Split(filepath.ToSlash(rel), "/")[0]; {
			case first == "examples", first == "internal", d.Name() == "testdata",
				strings.HasPrefix(d.Name(), ".") && rel != ".":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(moduleRoot, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		if pkg == "." {
			pkg = "kpi"
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 {
				continue
			}
			name := receiverName(fn.Recv.List[0].Type)
			if !ast.IsExported(name) {
				continue
			}
			key := pkg + "." + name
			if methods[key] == nil {
				methods[key] = map[string]bool{}
			}
			methods[key][fn.Name.Name] = true
		}
		return nil
	})
	require.NoError(t, err)
	var out []string
	for key, ms := range methods {
		if !ms["Merge"] {
			continue
		}
		for m := range ms {
			if strings.HasPrefix(m, "Add") {
				out = append(out, key)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// receiverName is the type name of a receiver: T, *T, T[P] or *T[P].
func receiverName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}
