// Package contract holds no code: its test checks the accumulator
// contract of package kpi (section Accumulators of its documentation) on
// every accumulator of the module, and fails when an exported type with an
// Add method and a Merge method is not in its table.
package contract
