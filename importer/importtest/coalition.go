// Package importtest generates coalitions as CSV files, with deliberately
// bad rows whose line numbers it knows, for the importer's tests and
// benchmark.
package importtest

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/backbone-coalition/backbone/importer"
)

// Size is how large a generated coalition is.
type Size struct {
	Partners, Members, Groups, Indicators int
	// PartnersPerIndicator report each indicator; Months of monthly
	// reports end with December 2025.
	PartnersPerIndicator, Months int
	// BadEvery puts one bad row after every BadEvery good ones (0: none).
	BadEvery int
}

// Acceptance is the coalition of the import acceptance test: 300
// partners, 1,200 members, 20 groups, 10 indicators, 5 years of monthly
// reports, and about 2% bad rows.
func Acceptance() Size {
	return Size{Partners: 300, Members: 1200, Groups: 20, Indicators: 10, PartnersPerIndicator: 80, Months: 60, BadEvery: 49}
}

// File is one generated CSV file with the lines of its bad rows.
type File struct {
	Kind importer.Kind
	Data []byte
	Bad  []int
}

// Coalition is a generated coalition, its files in import order.
type Coalition struct {
	Size  Size
	Files []File
	// People are the coalition's Slack users.
	People Directory
}

// Generate builds the coalition of size s.
func Generate(s Size) Coalition {
	c := Coalition{Size: s, People: Directory{}}
	for i := range s.Members {
		id, email := memberID(i), fmt.Sprintf("person%04d@example.org", i+1)
		c.People[strings.ToLower(id)] = importer.Person{UserID: id, DisplayName: fmt.Sprintf("Person %04d", i+1), TZ: "America/New_York", TeamID: "T1"}
		c.People[email] = c.People[strings.ToLower(id)]
	}
	c.Files = []File{
		s.file(importer.Partners, s.partnerRows(), badPartners()),
		s.file(importer.Groups, s.groupRows(), badGroups()),
		s.file(importer.Members, s.memberRows(), badMembers()),
		s.file(importer.Indicators, s.indicatorRows(), badIndicators()),
		s.file(importer.Reports, s.reportRows(), badReports()),
	}
	return c
}

// file writes rows under kind's header, with a bad row (taken in turn
// from bad) after every BadEvery good ones.
func (s Size) file(kind importer.Kind, rows [][]string, bad [][]string) File {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(kind.Columns())
	f, line := File{Kind: kind}, 1
	for i, r := range rows {
		_ = w.Write(r)
		line++
		if s.BadEvery > 0 && (i+1)%s.BadEvery == 0 {
			_ = w.Write(bad[(i/s.BadEvery)%len(bad)])
			line++
			f.Bad = append(f.Bad, line)
		}
	}
	w.Flush()
	f.Data = buf.Bytes()
	return f
}

func memberID(i int) string     { return fmt.Sprintf("U%07d", i+1) }
func partnerName(i int) string  { return fmt.Sprintf("Partner %03d Organization", i+1) }
func groupName(i int) string    { return fmt.Sprintf("Working group %02d", i+1) }
func indicatorKey(i int) string { return fmt.Sprintf("indicator-%02d", i+1) }

func (s Size) partnerRows() [][]string {
	sectors := []string{"nonprofit", "government", "business", "philanthropy", "education", "health", "community", "other"}
	var rows [][]string
	for i := range s.Partners {
		rows = append(rows, []string{partnerName(i), sectors[i%len(sectors)], fmt.Sprintf("P%03d", i+1), "no"})
	}
	return rows
}

func (s Size) groupRows() [][]string {
	var rows [][]string
	for i := range s.Groups {
		rows = append(rows, []string{groupName(i), fmt.Sprintf("CGRP%04d", i+1), memberID(i), "Strategy " + fmt.Sprint(i+1), "no"})
	}
	return rows
}

func (s Size) memberRows() [][]string {
	roles := []string{"partner", "partner", "partner", "steering"}
	var rows [][]string
	for i := range s.Members {
		id, email := memberID(i), fmt.Sprintf("person%04d@example.org", i+1)
		if i%2 == 1 {
			id = "" // matched by email alone
		}
		tz := ""
		if i%3 == 0 {
			tz = "Europe/Paris"
		}
		groups := groupName(i%s.Groups) + "; " + groupName((i+7)%s.Groups)
		rows = append(rows, []string{id, email, "", partnerName(i % s.Partners), roles[i%len(roles)], tz, groups})
	}
	return rows
}

func (s Size) indicatorRows() [][]string {
	var rows [][]string
	for i := range s.Indicators {
		var partners []string
		for _, p := range s.reporters(i) {
			partners = append(partners, partnerName(p))
		}
		unit, combine := "count", "sum"
		if i%2 == 1 {
			unit, combine = "percent", "mean"
		}
		rows = append(rows, []string{indicatorKey(i), fmt.Sprintf("Indicator %02d", i+1), "What indicator " + fmt.Sprint(i+1) + " counts.",
			unit, "up", "monthly", combine, "10", "2021-01", "50", "2027-12", groupName(i % s.Groups), "", strings.Join(partners, "; "), "no"})
	}
	return rows
}

// reporters are the partners that report indicator i.
func (s Size) reporters(i int) []int {
	var ps []int
	for k := range s.PartnersPerIndicator {
		ps = append(ps, (i*s.Partners/max(s.Indicators, 1)+k)%s.Partners)
	}
	return ps
}

func (s Size) reportRows() [][]string {
	var rows [][]string
	for i := range s.Indicators {
		for _, p := range s.reporters(i) {
			for m := range s.Months {
				year, month := 2025-(s.Months-1-m)/12, 12-(s.Months-1-m)%12
				rows = append(rows, []string{indicatorKey(i), partnerName(p), fmt.Sprintf("%d-%02d", year, month), "",
					fmt.Sprint((i*7+p*3+m)%97 + 1), ""})
			}
		}
	}
	return rows
}

// The bad rows, each refused for its own reason.

func badPartners() [][]string {
	return [][]string{
		{"=HYPERLINK(\"http://evil.example\")", "education", "", "no"},
		{"Unknown sector partner", "space", "", "no"},
		{"", "health", "", "no"},
	}
}

func badGroups() [][]string {
	return [][]string{{"Group without channel", "general", "", "", "no"}}
}

func badMembers() [][]string {
	return [][]string{
		{"", "nobody@example.org", "", "", "partner", "", ""},
		{"", "person0001@example.org", "", "No Such Partner", "", "", ""},
		{"", "person0002@example.org", "", "", "chief", "", ""},
		{"", "person0003@example.org", "", "", "", "Mars/Olympus", ""},
		{"", "person0004@example.org", "", "", "", "", "@channel"},
	}
}

func badIndicators() [][]string {
	return [][]string{{"Bad Key!", "Bad", "Bad key", "count", "up", "monthly", "sum", "", "", "", "", "", "", "", "no"}}
}

func badReports() [][]string {
	return [][]string{
		{"indicator-01", partnerName(0), "2099-01", "", "5", ""},
		{"indicator-01", partnerName(0), "2024-01", "", "lots", ""},
		{"no-such-indicator", partnerName(0), "2024-01", "", "5", ""},
		{"indicator-01", "No Such Partner", "2024-01", "", "5", ""},
		{"indicator-02", partnerName(0), "2024-01", "", "5", "+1 see attached"},
		{"indicator-01", partnerName(0), "2024-Q1", "", "5", ""},
		{"indicator-01", partnerName(0), "2024-01", "town=Greenfield", "5", ""},
	}
}

// Directory is a table of Slack users by lowercase email and ID: the
// People of a coalition generated here.
type Directory map[string]importer.Person

// ByEmail finds a person by email.
func (d Directory) ByEmail(_ context.Context, email string) (importer.Person, error) {
	if p, ok := d[strings.ToLower(email)]; ok {
		return p, nil
	}
	return importer.Person{}, importer.NoSuchPerson("no Slack account uses that email")
}

// ByID finds a person by Slack ID.
func (d Directory) ByID(_ context.Context, id string) (importer.Person, error) {
	if p, ok := d[strings.ToLower(id)]; ok {
		return p, nil
	}
	return importer.Person{}, importer.NoSuchPerson("no Slack account has that ID")
}
