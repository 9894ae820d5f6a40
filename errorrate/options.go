package errorrate

// Options selects between the readings of ER-1 (package doc, # Rules). The zero value
// is the DEFAULT reading of every rule; it is a plain value, safe to copy
// and to share between goroutines.
type Options struct {
	// CountNoResponse is the ER-1 OPTION: add attributable calls that got
	// no response (status 0) to the numerator. The default (false) counts
	// attributable 5xx responses only. Either way no-response calls are in
	// the denominator.
	CountNoResponse bool
}
