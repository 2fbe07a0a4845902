package dates

import (
	"strconv"
	"strings"
	"time"
)

// spanish reads the common Spanish phrases many coalition members write:
// "hoy", "mañana", "pasado mañana", "el viernes", "el próximo viernes"
// (the coming one, as it is usually meant), "la próxima semana", "fin de
// mes", "15 de diciembre", "en 2 semanas".
func spanish(w []string, today Date) (result, bool) {
	w = trimSpanish(w)
	if len(w) == 0 {
		return result{}, false
	}
	phrase := strings.Join(w, " ")
	switch phrase {
	case "hoy":
		return result{date: today, bare: true}, true
	case "mañana", "manana":
		return result{date: today.AddDays(1), bare: true}, true
	case "pasado mañana", "pasado manana":
		return result{date: today.AddDays(2), bare: true}, true
	case "próxima semana", "proxima semana", "semana que viene", "semana próxima", "semana proxima":
		return result{date: today.monday().AddDays(7), bare: true}, true
	case "fin de mes", "final de mes", "fin del mes", "final del mes":
		return result{date: Date{today.Year, today.Month, daysIn(today.Year, today.Month)}, bare: true}, true
	case "fin de semana", "pronto", "algún día":
		return result{err: errVagueWord(phrase, today)}, true
	}
	if r, ok := spanishWeekday(w, today); ok {
		return r, true
	}
	if r, ok := spanishDuration(w, today); ok {
		return r, true
	}
	return spanishDate(w, today)
}

// trimSpanish drops the words around a Spanish date: "para el", "hasta
// el", "antes del", "por la mañana".
func trimSpanish(w []string) []string {
	for len(w) > 1 {
		switch w[0] {
		case "el", "la", "del", "al", "de", "este", "esta", "para", "hasta", "antes", "a":
			w = w[1:]
			continue
		}
		break
	}
	if n := len(w); n > 3 && (w[n-3] == "por" || w[n-3] == "en") && w[n-2] == "la" {
		w = w[:n-3]
	}
	return w
}

var spanishDays = map[string]time.Weekday{
	"lunes": time.Monday, "martes": time.Tuesday, "miércoles": time.Wednesday, "miercoles": time.Wednesday,
	"jueves": time.Thursday, "viernes": time.Friday, "sábado": time.Saturday, "sabado": time.Saturday, "domingo": time.Sunday,
}

// spanishWeekday reads "viernes", "próximo viernes", "viernes que viene".
func spanishWeekday(w []string, today Date) (result, bool) {
	if len(w) == 2 && (w[0] == "próximo" || w[0] == "proximo") {
		w = w[1:]
	}
	if len(w) == 3 && w[1] == "que" && w[2] == "viene" || len(w) == 2 && (w[1] == "próximo" || w[1] == "proximo") {
		w = w[:1]
	}
	day, ok := spanishDays[w[0]]
	if len(w) != 1 || !ok {
		return result{}, false
	}
	return result{date: strictlyAfter(today, day), bare: true}, true
}

var spanishMonths = []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
	"septiembre", "octubre", "noviembre", "diciembre"}

// spanishDate reads "15 de diciembre" and "15 de diciembre de 2027".
func spanishDate(w []string, today Date) (result, bool) {
	if len(w) != 3 && len(w) != 5 || w[1] != "de" || !digits(w[0], 1, 2) {
		return result{}, false
	}
	m := 0
	for i, name := range spanishMonths {
		if w[2] == name || w[2] == "setiembre" && i == 8 {
			m = i + 1
		}
	}
	if m == 0 {
		return result{}, false
	}
	raw := strings.Join(w, " ")
	var date Date
	var err error
	switch {
	case len(w) == 3:
		date, err = nextOccurrence(m, atoi(w[0]), raw, today)
	case w[3] == "de" && digits(w[4], 4, 4):
		date, err = build(atoi(w[4]), m, atoi(w[0]), raw, today)
	default:
		return result{}, false
	}
	return result{date: date, err: err, bare: true, explicit: true}, true
}

// spanishDuration reads "en 3 días", "en dos semanas", "en un mes".
func spanishDuration(w []string, today Date) (result, bool) {
	if len(w) != 3 || w[0] != "en" {
		return result{}, false
	}
	n, ok := map[string]int{"un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6}[w[1]]
	if !ok {
		if n, ok = count(w[1]); !ok || !digits(w[1], 1, 4) {
			return result{}, false
		}
	}
	unit := map[string]string{"día": "day", "dia": "day", "días": "day", "dias": "day", "semana": "week", "semanas": "week",
		"mes": "month", "meses": "month"}[w[2]]
	if unit == "" {
		return result{}, false
	}
	return inDuration([]string{"in", strconv.Itoa(n), unit}, today)
}
