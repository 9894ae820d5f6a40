//go:build kpicheckcount

package kpi

import "sync/atomic"

// checks counts the calls of Check in a build with the kpicheckcount tag:
// tests of code that promises to check each call once read it
// (go test -tags kpicheckcount). Other builds have no counter.
var checks atomic.Uint64

func countCheck() { checks.Add(1) }

// ChecksForTest returns how many times Check has run in this process. It
// exists only in builds with the kpicheckcount tag.
func ChecksForTest() uint64 { return checks.Load() }
