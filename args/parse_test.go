package args

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        string
		allowed   []string
		wantPos   []string // Text of each positional token
		wantNamed map[string]string
		wantErr   string
	}{
		{name: "empty", in: "", wantNamed: map[string]string{}},
		{name: "partner add", in: `partner add "Greenfield Public Schools" sector=education`, allowed: []string{"sector"},
			wantPos: []string{"partner", "add", "Greenfield Public Schools"}, wantNamed: map[string]string{"sector": "education"}},
		{name: "member", in: `member <@U123|maria> partner="Franklin County Sheriff's Office" role=steering`, allowed: []string{"partner", "role"},
			wantPos: []string{"member", "U123"}, wantNamed: map[string]string{"partner": "Franklin County Sheriff's Office", "role": "steering"}},
		{name: "allowed keys without case", in: "ROLE=steering", allowed: []string{"Role"},
			wantNamed: map[string]string{"role": "steering"}},
		{name: "unknown key with hint", in: "partner add x secter=health", allowed: []string{"sector", "role"},
			wantErr: `Unknown option "secter". Use one of: sector, role. Did you mean sector=?`},
		{name: "unknown key without hint", in: "colour=red", allowed: []string{"sector", "role"},
			wantErr: `Unknown option "colour". Use one of: sector, role.`},
		{name: "no options allowed", in: "audit days=20",
			wantErr: `This command takes no name=value options, so I don't understand "days="`},
		{name: "duplicate key", in: "role=partner Role=steering", allowed: []string{"role"},
			wantErr: "The option role= is given twice. Give it only once."},
		{name: "tokenizer error passes through", in: `"open`, allowed: []string{"role"}, wantErr: "is never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.in, tt.allowed...)
			if tt.wantErr != "" {
				assertUserError(t, err, tt.wantErr)
				return
			}
			if err != nil {
				t.Fatalf("Parse error: %v", err)
			}
			var pos []string
			for _, p := range got.Positional {
				pos = append(pos, p.Text)
			}
			named := map[string]string{}
			for k, v := range got.Named {
				named[k] = v.Text
			}
			if !reflect.DeepEqual(pos, tt.wantPos) || !reflect.DeepEqual(named, tt.wantNamed) {
				t.Errorf("got %q %q, want %q %q", pos, named, tt.wantPos, tt.wantNamed)
			}
		})
	}
}

func TestArgsHelpers(t *testing.T) {
	t.Parallel()
	a, err := Parse(`thank <@U1|ana> "Boys &amp; Girls" <#C1> <@U2> lead=<@U3>`, "lead")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"users", a.Users(), []string{"U1", "U2"}},
		{"channels", a.Channels(), []string{"C1"}},
		{"words", a.Words(), []string{"thank", "Boys & Girls"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	t.Run("value", func(t *testing.T) {
		t.Parallel()
		if v, ok := a.Value("LEAD"); v != "U3" || !ok {
			t.Errorf("Value(LEAD) = %q, %v", v, ok)
		}
		if v, ok := a.Value("role"); v != "" || ok {
			t.Errorf("Value(role) = %q, %v", v, ok)
		}
	})
}

func TestClosest(t *testing.T) {
	t.Parallel()
	keys := []string{"sector", "role", "partner", "lead"}
	tests := []struct {
		word   string
		want   string
		wantOK bool
	}{
		{"secter", "sector", true},
		{"SECTOR", "sector", true},
		{"rol", "role", true},
		{"roles", "role", true},
		{"partnr", "partner", true},
		{"led", "lead", true},
		{"ro", "role", true},
		{"xy", "", false},
		{"colour", "", false},
		{"", "", false},
		{"sécteur", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			t.Parallel()
			got, ok := Closest(tt.word, keys)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Closest(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
