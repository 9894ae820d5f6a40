package main
import "io"
func writeOFBMetrics(w io.Writer, r *report) error { return nil }
