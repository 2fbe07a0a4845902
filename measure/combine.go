package measure

import (
	"math"
	"slices"
	"time"
)

// Method is how partner values combine into the coalition figure.
type Method string

// The methods.
const (
	Sum    Method = "sum"
	Mean   Method = "mean"
	Median Method = "median"
	// Latest takes the value reported most recently.
	Latest Method = "latest"
)

// Methods lists the methods.
func Methods() []Method { return []Method{Sum, Mean, Median, Latest} }

// Valid reports whether m is a known method.
func (m Method) Valid() bool { return slices.Contains(Methods(), m) }

// Label says what the method does, for people.
func (m Method) Label() string {
	switch m {
	case Sum:
		return "sum of partners"
	case Mean:
		return "mean of partners"
	case Median:
		return "median of partners"
	}
	return "latest value reported"
}

// Contribution is one partner's newest value for a period and segment.
type Contribution struct {
	Partner int64
	Value   float64
	// At is when the value was reported.
	At time.Time
}

// Combine is the coalition figure of the contributions; false when there
// are none.
func (m Method) Combine(cs []Contribution) (float64, bool) {
	if len(cs) == 0 {
		return 0, false
	}
	values := make([]float64, len(cs))
	for i, c := range cs {
		values[i] = c.Value
	}
	switch m {
	case Mean:
		return sum(values) / float64(len(values)), true
	case Median:
		slices.Sort(values)
		mid := len(values) / 2
		if len(values)%2 == 1 {
			return values[mid], true
		}
		return (values[mid-1] + values[mid]) / 2, true
	case Latest:
		newest := slices.MaxFunc(cs, func(a, b Contribution) int {
			if c := a.At.Compare(b.At); c != 0 {
				return c
			}
			return int(a.Partner - b.Partner)
		})
		return newest.Value, true
	}
	return sum(values), true
}

func sum(vs []float64) float64 {
	var s float64
	for _, v := range vs {
		s += v
	}
	return s
}

// Direction says which way an indicator should move.
type Direction string

// The directions.
const (
	Up   Direction = "up"
	Down Direction = "down"
)

// Directions lists the directions.
func Directions() []Direction { return []Direction{Up, Down} }

// Valid reports whether d is a known direction.
func (d Direction) Valid() bool { return d == Up || d == Down }

// Label says which way is good, for people.
func (d Direction) Label() string {
	if d == Down {
		return "lower is better"
	}
	return "higher is better"
}

// Reached reports whether v has reached target, going in direction d.
func Reached(v, target float64, d Direction) bool {
	if d == Down {
		return v <= target
	}
	return v >= target
}

// Trend compares a figure with the one before: an arrow for the way it
// moved and whether that is good, such as "↓ better".
func Trend(prev, cur float64, d Direction) string {
	switch {
	case math.Abs(cur-prev) < 1e-9:
		return "→ no change"
	case (cur > prev) == (d == Up):
		return arrow(cur > prev) + " better"
	}
	return arrow(cur > prev) + " worse"
}

func arrow(up bool) string {
	if up {
		return "↑"
	}
	return "↓"
}
