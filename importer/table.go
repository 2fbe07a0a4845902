package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits of one file.
const (
	MaxBytes = 10 << 20
	MaxRows  = 50_000
)

// FileError refuses a whole file; Msg says why in plain words and what to
// do instead. Nothing is changed.
type FileError struct{ Msg string }

func (e *FileError) Error() string { return e.Msg }

func refuse(format string, a ...any) *FileError { return &FileError{Msg: fmt.Sprintf(format, a...)} }

// Row is one data row: its line number in the file and its cells by
// column name (lowercase).
type Row struct {
	Line  int
	Cells map[string]string
}

// Get returns a cell, trimmed, without the apostrophe Export puts before
// text a spreadsheet would take for a formula.
func (r Row) Get(col string) string {
	v := strings.TrimSpace(r.Cells[col])
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@", rune(v[1])) {
		return v[1:]
	}
	return v
}

// Table is a parsed CSV file.
type Table struct {
	Columns []string
	Rows    []Row
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ReadTable parses data as CSV for kind: UTF-8 with or without a BOM,
// comma or semicolon separated, headers matched ignoring case. A file that
// is too large, not UTF-8, not CSV, or whose columns are not kind's is
// refused with a *FileError.
func ReadTable(kind Kind, data []byte) (Table, error) {
	if err := checkBytes(data); err != nil {
		return Table{}, err
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sniffComma(data)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return Table{}, refuse("The file is empty. Its first line should name the columns: %s.", strings.Join(kind.Columns(), ", "))
	} else if err != nil {
		return Table{}, notCSV(err)
	}
	cols, err := matchColumns(kind, header)
	if err != nil {
		return Table{}, err
	}
	rows, err := readRows(r, cols)
	if err != nil {
		return Table{}, err
	}
	return Table{Columns: cols, Rows: rows}, nil
}

// checkBytes refuses what is not a small UTF-8 text file.
func checkBytes(data []byte) error {
	switch {
	case len(data) > MaxBytes:
		return refuse("The file is %.1f MB; the limit is 10 MB. Split it into smaller files and import them one after the other.", float64(len(data))/(1<<20))
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return refuse("This is a spreadsheet workbook (.xlsx), not a CSV file. In Excel or Google Sheets, use File → Save as / Download → CSV (UTF-8), and import that.")
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return refuse("The file is saved as UTF-16 text. Save it again as \"CSV UTF-8\" and import that.")
	case bytes.IndexByte(data, 0) >= 0:
		return refuse("This is not a text file, so not CSV. Save your spreadsheet as \"CSV UTF-8\" and import that.")
	case !utf8.Valid(data):
		return refuse("Line %d is not UTF-8 text (the file was probably saved in an older encoding such as Windows-1252). Save it again as \"CSV UTF-8\" and import that.", badLine(data))
	}
	return nil
}

// badLine is the line of the first byte that is not UTF-8.
func badLine(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// sniffComma picks ';' when the header line has more semicolons than
// commas outside quotes (spreadsheets in many locales save so), else ','.
func sniffComma(data []byte) rune {
	commas, semis, quoted := 0, 0, false
	for _, b := range data {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			if semis > commas {
				return ';'
			}
			return ','
		case b == ',':
			commas++
		case b == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

func notCSV(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return refuse("Line %d can't be read as CSV (%s). Check its quotes, or save the spreadsheet again as \"CSV UTF-8\".", pe.StartLine, pe.Err)
	}
	return refuse("The file can't be read as CSV: %s.", err)
}

// matchColumns names the header's columns, refusing unknown, repeated and
// missing required ones.
func matchColumns(kind Kind, header []string) ([]string, error) {
	known := kind.Columns()
	cols := make([]string, len(header))
	for i, h := range header {
		name := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(h)), " ", "_")
		switch {
		case name == "":
			return nil, refuse("Column %d has no name. The first line should name the columns: %s.", i+1, strings.Join(known, ", "))
		case !slices.Contains(known, name):
			return nil, refuse("%q is not a column of a %s file. Its columns are: %s.", clip(h, 40), kind, strings.Join(known, ", "))
		case slices.Contains(cols, name):
			return nil, refuse("The column %q appears twice.", name)
		}
		cols[i] = name
	}
	for _, req := range kind.Required() {
		if !slices.Contains(cols, req) && !(req == "email" && slices.Contains(cols, "slack_id")) {
			return nil, refuse("The file has no %q column. A %s file needs: %s.", req, kind, strings.Join(kind.Required(), ", "))
		}
	}
	return cols, nil
}

func readRows(r *csv.Reader, cols []string) ([]Row, error) {
	var rows []Row
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, notCSV(err)
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rows) == MaxRows {
			return nil, refuse("The file has more than %d rows. Split it into smaller files and import them one after the other.", MaxRows)
		}
		row := Row{Line: line, Cells: make(map[string]string, len(cols))}
		for i, v := range rec {
			if i >= len(cols) {
				row.Cells[extraCells] += v
				continue
			}
			row.Cells[cols[i]] = v
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, refuse("The file has a header line but no rows to import.")
	}
	return rows, nil
}

// extraCells holds what a row has beyond the header's columns.
const extraCells = "\x00extra"

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
