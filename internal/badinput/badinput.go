// Package badinput formats the errors that list every bad item of a batch
// (calls, payments, roll-up rows): kpi's BAD INPUT, nothing dropped silently.
// The public error types keep their own fields; their Error and Unwrap
// methods are one line each over these helpers.
package badinput

import (
	"fmt"
	"strings"
)

// shown is how many items Summary names before "and N more".
const shown = 3

// Summary writes "N bad <noun>(s); <first>; <second>; <third>; and M more".
func Summary[E error](noun string, items []E) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d bad %s(s)", len(items), noun)
	for i, it := range items {
		if i == shown {
			fmt.Fprintf(&b, "; and %d more", len(items)-shown)
			break
		}
		b.WriteString("; ")
		b.WriteString(it.Error())
	}
	return b.String()
}

// Errors returns items as a []error, for Unwrap() []error.
func Errors[E error](items []E) []error {
	errs := make([]error, len(items))
	for i, it := range items {
		errs[i] = it
	}
	return errs
}
