package bot

import (
	"strings"
	"testing"
)

func TestTooDeep(t *testing.T) {
	t.Parallel()
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"empty", "", false},
		{"flat object", `{"a":1,"b":"x"}`, false},
		{"64 levels", deep(64), false},
		{"65 levels", deep(65), true},
		{"65 levels of objects", strings.Repeat(`{"a":`, 65) + "1" + strings.Repeat("}", 65), true},
		{"brackets in a string", `{"a":"` + deep(100) + `"}`, false},
		{"escaped quote in a string", `{"a":"\"` + deep(100) + `"}`, false},
		{"escaped backslash ends the string", `{"a":"\\",` + `"b":` + deep(70) + `}`, true},
		{"closed then reopened", deep(60) + deep(60), false},
		{"unterminated", strings.Repeat("[", 65), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tooDeep([]byte(tt.in)); got != tt.want {
				t.Errorf("tooDeep(%.40q…) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
