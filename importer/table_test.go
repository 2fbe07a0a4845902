package importer_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/importer"
)

func TestReadTable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data string
		rows       int
		refusal    string // "" when the file is read
	}{
		{"comma", "name,sector\nA,education\nB,health\n", 2, ""},
		{"BOM and semicolons, headers in any case", "\xEF\xBB\xBFName;SECTOR;Short Name\nA;education;AA\n", 1, ""},
		{"semicolons with a quoted comma", "name;sector\n\"A, Inc.\";business\n", 1, ""},
		{"blank lines skipped", "name,sector\n\nA,education\n,\n", 1, ""},
		{"CRLF", "name,sector\r\nA,education\r\n", 1, ""},
		{"empty", "", 0, "The file is empty"},
		{"header only", "name,sector\n", 0, "no rows"},
		{"Windows-1252", "name,sector\nA,education\nCaf\xe9,business\n", 0, "Line 3 is not UTF-8"},
		{"UTF-16", "\xFF\xFEn\x00a\x00", 0, "UTF-16"},
		{"xlsx", "PK\x03\x04\x14\x00", 0, ".xlsx"},
		{"binary", "name\x00,sector\n", 0, "not a text file"},
		{"unknown column", "name,secter\nA,x\n", 0, `"secter" is not a column`},
		{"missing column", "name\nA\n", 0, `no "sector" column`},
		{"repeated column", "name,sector,Name\nA,b,c\n", 0, "appears twice"},
		{"broken quotes", "name,sector\n\"A,education\nB\n", 0, "can't be read as CSV"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tab, err := importer.ReadTable(importer.Partners, []byte(tt.data))
			var fe *importer.FileError
			switch {
			case tt.refusal == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.refusal != "" && (!errors.As(err, &fe) || !strings.Contains(fe.Msg, tt.refusal)):
				t.Fatalf("error %v, want a refusal saying %q", err, tt.refusal)
			case len(tab.Rows) != tt.rows:
				t.Errorf("%d rows, want %d", len(tab.Rows), tt.rows)
			}
		})
	}
}

func TestReadTableLimits(t *testing.T) {
	t.Parallel()
	big := append([]byte("name,sector\n"), bytes.Repeat([]byte("x"), importer.MaxBytes)...)
	if _, err := importer.ReadTable(importer.Partners, big); err == nil || !strings.Contains(err.Error(), "the limit is 10 MB") {
		t.Errorf("a file over 10 MB: %v", err)
	}
	many := "name,sector\n" + strings.Repeat("A,education\n", importer.MaxRows+1)
	if _, err := importer.ReadTable(importer.Partners, []byte(many)); err == nil || !strings.Contains(err.Error(), "more than 50000 rows") {
		t.Errorf("a file over 50,000 rows: %v", err)
	}
	exact := "name,sector\n" + strings.Repeat("A,education\n", importer.MaxRows)
	if tab, err := importer.ReadTable(importer.Partners, []byte(exact)); err != nil || len(tab.Rows) != importer.MaxRows {
		t.Errorf("a file of exactly 50,000 rows: %d, %v", len(tab.Rows), err)
	}
}

func TestGuessKind(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, header string
		want         importer.Kind
	}{
		{"2025 partner reports.csv", "x", importer.Reports},
		{"Members.CSV", "x", importer.Members},
		{"export.csv", "key,name,definition,unit,direction,cadence,combine", importer.Indicators},
		{"export.csv", "slack_id,partner", importer.Members},
		{"export.csv", "colour", ""},
	} {
		got, _ := importer.GuessKind(tt.name, []byte(tt.header+"\nv\n"))
		if got != tt.want {
			t.Errorf("GuessKind(%q, %q) = %q, want %q", tt.name, tt.header, got, tt.want)
		}
	}
}
