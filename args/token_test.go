package args

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// tk builds an expected token; Raw and Pos are checked by other tests.
func tk(kind Kind, text string) Token { return Token{Kind: kind, Text: text} }

func labeled(kind Kind, text, label string) Token {
	return Token{Kind: kind, Text: text, Label: label}
}

func opt(key string, t Token) Token {
	t.Key = key
	return t
}

func TestTokenize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    []Token
		wantErr string // a part of the message
	}{
		{name: "empty", in: "", want: nil},
		{name: "only spaces", in: "   ", want: nil},
		{name: "tabs and newlines separate", in: "set\treminder_hour\n9\r\n", want: []Token{
			tk(Word, "set"), tk(Word, "reminder_hour"), tk(Word, "9")}},
		{name: "number", in: "audit 20", want: []Token{tk(Word, "audit"), tk(Word, "20")}},
		{name: "quoted name and option", in: `partner add "Greenfield Public Schools" sector=education`, want: []Token{
			tk(Word, "partner"), tk(Word, "add"), tk(Quoted, "Greenfield Public Schools"),
			opt("sector", tk(Word, "education"))}},
		{name: "two quoted", in: `partner rename "Old Name" "New Name"`, want: []Token{
			tk(Word, "partner"), tk(Word, "rename"), tk(Quoted, "Old Name"), tk(Quoted, "New Name")}},
		{name: "member with apostrophe in quoted option", in: `member <@U123|maria> partner="Franklin County Sheriff's Office" role=steering`, want: []Token{
			tk(Word, "member"), labeled(User, "U123", "maria"),
			opt("partner", tk(Quoted, "Franklin County Sheriff's Office")), opt("role", tk(Word, "steering"))}},
		{name: "group add with every form", in: `group add "Youth recognition" <#C0456|youth-rec> lead=<@U777> purpose="Celebrate young people doing good"`, want: []Token{
			tk(Word, "group"), tk(Word, "add"), tk(Quoted, "Youth recognition"), labeled(Channel, "C0456", "youth-rec"),
			opt("lead", tk(User, "U777")), opt("purpose", tk(Quoted, "Celebrate young people doing good"))}},
		{name: "unicode and em dash", in: `member list partner="Mahalo Café — Orange"`, want: []Token{
			tk(Word, "member"), tk(Word, "list"), opt("partner", tk(Quoted, "Mahalo Café — Orange"))}},
		{name: "user without label", in: "<@U123ABC>", want: []Token{tk(User, "U123ABC")}},
		{name: "user with label", in: "<@W123ABC|maria.k>", want: []Token{labeled(User, "W123ABC", "maria.k")}},
		{name: "channel without label", in: "<#C123ABC>", want: []Token{tk(Channel, "C123ABC")}},
		{name: "link with label", in: "<https://x.org/a?b=1&amp;c=2|x.org>", want: []Token{labeled(Link, "https://x.org/a?b=1&c=2", "x.org")}},
		{name: "link without label", in: "<https://x.org>", want: []Token{tk(Link, "https://x.org")}},
		{name: "mailto link", in: "<mailto:ana@x.org|ana@x.org>", want: []Token{labeled(Link, "mailto:ana@x.org", "ana@x.org")}},
		{name: "special channel and here", in: "<!channel> <!here>", want: []Token{tk(Special, "channel"), tk(Special, "here")}},
		{name: "subteam", in: "<!subteam^S123|@team>", want: []Token{labeled(Special, "subteam^S123", "@team")}},
		{name: "adjacent mentions", in: "<@U1><@U2>,<#C3>", want: []Token{tk(User, "U1"), tk(User, "U2"), tk(Word, ","), tk(Channel, "C3")}},
		{name: "word glued to mention", in: "thanks<@U1>", want: []Token{tk(Word, "thanks"), tk(User, "U1")}},
		{name: "entities in word", in: "R&amp;D &lt;3 a&gt;b &amp;lt;", want: []Token{
			tk(Word, "R&D"), tk(Word, "<3"), tk(Word, "a>b"), tk(Word, "&lt;")}},
		{name: "escaped mention is text", in: "&lt;@U1&gt;", want: []Token{tk(Word, "<@U1>")}},
		{name: "entities in quoted", in: `"Boys &amp; Girls Club"`, want: []Token{tk(Quoted, "Boys & Girls Club")}},
		{name: "smart double quotes", in: `partner add “Greenfield Public Schools” sector=education`, want: []Token{
			tk(Word, "partner"), tk(Word, "add"), tk(Quoted, "Greenfield Public Schools"), opt("sector", tk(Word, "education"))}},
		{name: "smart quotes in option", in: `partner=“Franklin County Sheriff’s Office”`, want: []Token{
			opt("partner", tk(Quoted, "Franklin County Sheriff’s Office"))}},
		{name: "mixed straight and curly double", in: `"Old Name” “New Name"`, want: []Token{tk(Quoted, "Old Name"), tk(Quoted, "New Name")}},
		{name: "single quotes with apostrophe", in: `'Franklin County Sheriff's Office' role=partner`, want: []Token{
			tk(Quoted, "Franklin County Sheriff's Office"), opt("role", tk(Word, "partner"))}},
		{name: "smart single quotes", in: `‘Youth recognition’`, want: []Token{tk(Quoted, "Youth recognition")}},
		{name: "apostrophe inside word", in: `Sheriff's O’Brien`, want: []Token{tk(Word, "Sheriff's"), tk(Word, "O’Brien")}},
		{name: "empty quotes", in: `purpose=""`, want: []Token{opt("purpose", tk(Quoted, ""))}},
		{name: "quoted text trimmed", in: `" Greenfield "`, want: []Token{tk(Quoted, "Greenfield")}},
		{name: "mentions inside quotes read as text", in: `purpose="Thank <@U1|maria> in <#C2|youth> &amp; <!here> <https://x.org|our site>"`, want: []Token{
			opt("purpose", tk(Quoted, "Thank @maria in #youth & @here our site"))}},
		{name: "quote closes before next word", in: `partner="A"role=x`, want: []Token{opt("partner", tk(Quoted, "A")), opt("role", tk(Word, "x"))}},
		{name: "key lowercased", in: "Sector=Health", want: []Token{opt("sector", tk(Word, "Health"))}},
		{name: "value with equals", in: "note=a=b", want: []Token{opt("note", tk(Word, "a=b"))}},
		{name: "not a key stays a word", in: "2+2=4", want: []Token{tk(Word, "2+2=4")}},
		{name: "option with channel", in: "channel=<#C9|general>", want: []Token{opt("channel", labeled(Channel, "C9", "general"))}},
		{name: "quote char mid word is text", in: `5"`, want: []Token{tk(Word, `5"`)}},
		{name: "non-breaking space separates", in: "a\u00a0b", want: []Token{tk(Word, "a"), tk(Word, "b")}},
		{name: "unterminated double", in: `partner add "Greenfield Public Schools sector=education`,
			wantErr: `The quote opened before "Greenfield is never closed. Put the name in straight quotes: "Greenfield Public Schools".`},
		{name: "unterminated smart", in: `partner add “Greenfield`, wantErr: `before “Greenfield is never closed`},
		{name: "unterminated single", in: `'Sheriff's Office`, wantErr: `before 'Sheriff's is never closed`},
		{name: "quote at the end", in: `partner add "`, wantErr: `The quote " at the end is never closed`},
		{name: "mismatched families", in: `"Greenfield'`, wantErr: "is never closed"},
		{name: "empty key", in: "partner add =x", wantErr: `There is nothing before "=" in "=x"`},
		{name: "spaced equals", in: "sector = education", wantErr: `nothing before "="`},
		{name: "empty value", in: "sector= education", wantErr: `There is nothing after "sector="`},
		{name: "empty value at end", in: "sector=", wantErr: `nothing after "sector="`},
		{name: "empty user", in: "member <@>", wantErr: `I couldn't read "&lt;@&gt;"`},
		{name: "user with empty id and label", in: "<@|maria>", wantErr: `couldn't read "&lt;@|maria&gt;"`},
		{name: "empty channel", in: "<#>", wantErr: `couldn't read "&lt;#&gt;"`},
		{name: "empty special", in: "<!>", wantErr: `couldn't read "&lt;!&gt;"`},
		{name: "empty brackets", in: "<>", wantErr: `couldn't read "&lt;&gt;"`},
		{name: "unclosed mention", in: "<@U123 hello", wantErr: `couldn't read "&lt;@U123 hello"`},
		{name: "nested mention", in: "<@U1<@U2>>", wantErr: `couldn't read`},
		{name: "link without scheme", in: "<x.org>", wantErr: `couldn't read "&lt;x.org&gt;"`},
		{name: "malformed mention inside quotes", in: `"hi <@>"`, wantErr: `couldn't read "&lt;@&gt;"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Tokenize(tt.in)
			if tt.wantErr != "" {
				assertUserError(t, err, tt.wantErr)
				return
			}
			if err != nil {
				t.Fatalf("Tokenize(%q) error: %v", tt.in, err)
			}
			for i := range got {
				got[i].Raw, got[i].Pos = "", 0
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokenize(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenizeRawAndPos(t *testing.T) {
	t.Parallel()
	got, err := Tokenize(" a  lead=<@U1|m>\t“x y” <#C1>")
	if err != nil {
		t.Fatal(err)
	}
	wantRaw := []string{"a", "lead=<@U1|m>", "“x y”", "<#C1>"}
	if len(got) != len(wantRaw) {
		t.Fatalf("got %d tokens, want %d", len(got), len(wantRaw))
	}
	for i, tok := range got {
		if tok.Raw != wantRaw[i] || tok.Pos != i+1 {
			t.Errorf("token %d: Raw %q Pos %d, want %q %d", i, tok.Raw, tok.Pos, wantRaw[i], i+1)
		}
	}
}

func assertUserError(t *testing.T, err error, want string) {
	t.Helper()
	var ue *Error
	if !errors.As(err, &ue) {
		t.Fatalf("error %v (%T), want *Error containing %q", err, err, want)
	}
	if !strings.Contains(ue.Msg, want) {
		t.Errorf("message %q\ndoes not contain %q", ue.Msg, want)
	}
}

func TestKindString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind Kind
		want string
	}{
		{Word, "word"}, {Quoted, "quoted"}, {User, "user"}, {Channel, "channel"},
		{Link, "link"}, {Special, "special"}, {Kind(0), "none"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := tt.kind.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
