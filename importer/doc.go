// Package importer brings a coalition in from CSV files and takes it out
// again: partners, members, working groups, indicators and past reports.
//
// An import always has two steps. Preview reads the file, checks every row
// and says what would be added, updated, left unchanged or refused (with
// the line number and the reason in plain words), changing nothing. Apply
// does the same checks again and makes every change in one transaction,
// with one audit entry, or none. Importing the same file twice changes
// nothing the second time. Export writes the same formats Import reads.
package importer
