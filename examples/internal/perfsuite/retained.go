package perfsuite

import (
	"runtime"
	"unsafe"

	"github.com/openfinance-kpi/kpi/performance"
)

// Memory is the retained memory of the suite's endpoint-days after the
// whole data has been ingested (issue 8's memory targets).
type Memory struct {
	// StateBytes is the mean retained size of an endpoint-day with
	// traffic: the EndpointDay value (Counter, Stats, Histogram, Daily)
	// plus the heap it holds (the Histogram's pages).
	StateBytes float64
	// BusiestStateBytes is the same for the busiest endpoint-day alone.
	BusiestStateBytes float64
	// StructBytes is unsafe.Sizeof(EndpointDay{}), the part without heap.
	StructBytes uintptr
	// EndpointDays is the number of endpoint-days with traffic.
	EndpointDays int
	// ThroughputStructBytes is the fixed size of one performance.Throughput.
	ThroughputStructBytes uintptr
	// ActiveSeconds is the number of (endpoint, second) pairs with traffic,
	// summed over the endpoint-days.
	ActiveSeconds int
	// ThroughputHeap is the heap the Throughputs' tables retain as left by
	// ingest (slack from growth included); ThroughputCompactHeap the same
	// after Clone.
	ThroughputHeap, ThroughputCompactHeap uint64
	// ThroughputCompactRetained is the sum of RetainedBytes of the
	// Throughputs after Compact (structs included): the library's own
	// accounting, without the allocator's size-class rounding the heap
	// figures include.
	ThroughputCompactRetained uint64
}

// ThroughputBytesPerSecond is ThroughputHeap / ActiveSeconds.
func (m Memory) ThroughputBytesPerSecond() float64 {
	return float64(m.ThroughputHeap) / float64(max(m.ActiveSeconds, 1))
}

// ThroughputCompactBytesPerSecond is ThroughputCompactHeap / ActiveSeconds.
func (m Memory) ThroughputCompactBytesPerSecond() float64 {
	return float64(m.ThroughputCompactHeap) / float64(max(m.ActiveSeconds, 1))
}

// heapAfterGC returns the live heap after a full collection.
func heapAfterGC() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// grown is after - before, or 0 if the heap shrank (something else was
// freed in between: the figure would be meaningless, and 0 says so).
func grown(before, after uint64) uint64 {
	if after < before {
		return 0
	}
	return after - before
}

// Retained ingests d into one EndpointDay and one Throughput per
// endpoint-day and measures the heap they retain (runtime.MemStats after a
// collection, before and after). It measures memory, not time. Do not run
// it in parallel with other allocating work.
func Retained(d *Data) Memory {
	n := d.Days * len(d.Endpoints)
	states := make([]EndpointDay, n)
	tps := make([]performance.Throughput, n)
	compact := make([]performance.Throughput, n)
	cursor := d.Cal.Cursor()
	busiest := d.EndpointDay(d.Busiest(), 3)
	one := new(EndpointDay)

	before := heapAfterGC()
	for i := range busiest {
		_ = one.Add(&busiest[i])
	}
	oneHeap := grown(before, heapAfterGC())
	runtime.KeepAlive(busiest)

	before = heapAfterGC()
	for i := range d.Calls {
		day := int(cursor.DateOf(d.Calls[i].ReceivedAt) - d.First)
		_ = states[day*len(d.Endpoints)+int(d.EP[i])].Add(&d.Calls[i])
	}
	statesHeap := grown(before, heapAfterGC())

	before = heapAfterGC()
	cursor = d.Cal.Cursor()
	for i := range d.Calls {
		day := int(cursor.DateOf(d.Calls[i].ReceivedAt) - d.First)
		_ = tps[day*len(d.Endpoints)+int(d.EP[i])].Add(&d.Calls[i])
	}
	mid := heapAfterGC()
	tpsHeap := grown(before, mid)
	for i := range tps {
		compact[i] = tps[i].Clone()
		compact[i].Compact()
	}
	compactHeap := grown(mid, heapAfterGC())
	m := Memory{
		StructBytes:           unsafe.Sizeof(EndpointDay{}),
		ThroughputStructBytes: unsafe.Sizeof(performance.Throughput{}),
		ThroughputHeap:        tpsHeap,
		ThroughputCompactHeap: compactHeap,
	}
	for i := range tps {
		if tps[i].Calls() > 0 {
			m.EndpointDays++
		}
		m.ActiveSeconds += tps[i].Seconds()
		m.ThroughputCompactRetained += uint64(compact[i].RetainedBytes())
	}
	size := float64(m.StructBytes)
	m.StateBytes = size + float64(statesHeap)/float64(max(m.EndpointDays, 1))
	m.BusiestStateBytes = size + float64(oneHeap)
	runtime.KeepAlive(one)
	runtime.KeepAlive(states)
	runtime.KeepAlive(tps)
	runtime.KeepAlive(compact)
	return m
}
