package perfsuite

import (
	"runtime"
	"slices"
	"unsafe"

	"github.com/openfinance-kpi/kpi/performance"
)

// Memory is the retained memory of the suite's endpoint-days after the
// whole data has been ingested (issue 8's memory targets).
type Memory struct {
	// EndpointDays is the number of endpoint-days with traffic.
	EndpointDays int
	// StateMean and StateMax are the mean and the largest
	// EndpointDay.RetainedBytes over the endpoint-days with traffic: the
	// struct (Counter, Stats, Histogram header, Daily, Rejections) plus the
	// Histogram's 512-byte pages, computed, not sampled from the heap.
	StateMean float64
	StateMax  int
	// StateHeapMean is the cross-check of StateMean from the heap: the
	// struct plus the live heap the states' construction grew by
	// (runtime.MemStats after a collection), divided by EndpointDays. It is
	// close to StateMean but moves with whatever else the runtime holds.
	StateHeapMean float64

	// ActiveSeconds is the number of (endpoint, second) pairs with traffic,
	// summed over the endpoint-days.
	ActiveSeconds int
	// Throughputs is the number of performance.Throughput values, one per
	// endpoint-day of the data, with traffic or not.
	Throughputs int
	// ThroughputStructBytes is unsafe.Sizeof(performance.Throughput{}).
	ThroughputStructBytes uintptr
	// ThroughputBlocks is the number of 32-byte blocks the compacted
	// tables hold (at most two per day).
	ThroughputBlocks int
	// ThroughputLiveHeap is the heap the Throughputs' tables hold as left
	// by ingest (append's growth slack included): a live table.
	ThroughputLiveHeap uint64
	// ThroughputCompactHeap is the same after Throughput.Compact, as at day
	// close.
	ThroughputCompactHeap uint64
	// ThroughputCompactRetained is the sum of Throughput.RetainedBytes
	// after Compact, structs included: the library's own accounting
	// (144-byte struct + 32 bytes a block + 4 bytes an entry).
	ThroughputCompactRetained uint64
	// ThroughputCompactBound is the heap the compacted tables take under
	// Go's size classes: per Throughput, the blocks' slice (32 or 64
	// bytes, both size classes) plus SizeClass(4·entries) for the one
	// entries slice Compact allocates (see SizeClass).
	ThroughputCompactBound uint64
}

// ThroughputLivePerSecond is ThroughputLiveHeap / ActiveSeconds.
func (m Memory) ThroughputLivePerSecond() float64 {
	return float64(m.ThroughputLiveHeap) / float64(max(m.ActiveSeconds, 1))
}

// ThroughputCompactPerSecond is ThroughputCompactHeap / ActiveSeconds: the
// compacted tables' heap, fixed part and size-class rounding included.
func (m Memory) ThroughputCompactPerSecond() float64 {
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

// sizeClasses are the object sizes of Go's small-object size classes
// (Go 1.26, src/internal/runtime/gc/sizeclasses.go; unchanged in many
// releases). A small allocation takes the smallest class that holds it.
var sizeClasses = []int{8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256,
	288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792,
	2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728,
	10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768}

// SizeClass is the heap Go's allocator takes for an object of n bytes
// without pointers (no malloc header): the smallest size class holding n,
// or n rounded up to whole 8 KB pages past 32 KB. Between consecutive
// classes the rounding is at most 18.75 % (4,097 -> 4,864 bytes), 12.5 %
// for most.
func SizeClass(n int) int {
	if n <= 0 {
		return 0
	}
	if i, _ := slices.BinarySearch(sizeClasses, n); i < len(sizeClasses) {
		return sizeClasses[i]
	}
	const page = 8192
	return (n + page - 1) / page * page
}

// Retained ingests d into one EndpointDay and one Throughput per
// endpoint-day and measures what they retain: EndpointDay.RetainedBytes
// for every endpoint-day, the heap as a cross-check, and the Throughputs'
// heap live and after Compact. It measures memory, not time. Do not run it
// in parallel with other allocating work.
func Retained(d *Data) Memory {
	n := d.Days * len(d.Endpoints)
	states := make([]EndpointDay, n)
	for i := range states {
		states[i] = NewEndpointDay()
	}
	tps := make([]performance.Throughput, n)
	m := Memory{Throughputs: n, ThroughputStructBytes: unsafe.Sizeof(performance.Throughput{})}

	before := heapAfterGC()
	cursor := d.Cal.Cursor()
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
	m.ThroughputLiveHeap = grown(before, heapAfterGC())
	for i := range tps {
		tps[i].Compact()
	}
	m.ThroughputCompactHeap = grown(before, heapAfterGC())

	var sum int
	for i := range states {
		if states[i].Errors.Requests() == 0 && states[i].Rejected.Total() == 0 {
			continue
		}
		r := states[i].RetainedBytes()
		m.EndpointDays++
		sum += r
		m.StateMax = max(m.StateMax, r)
	}
	m.StateMean = float64(sum) / float64(max(m.EndpointDays, 1))
	m.StateHeapMean = float64(unsafe.Sizeof(EndpointDay{})) + float64(statesHeap)/float64(max(m.EndpointDays, 1))

	for i := range tps {
		secs, r := tps[i].Seconds(), tps[i].RetainedBytes()
		m.ActiveSeconds += secs
		m.ThroughputCompactRetained += uint64(r)
		// RetainedBytes = struct + 32·blocks + 4·entries, one entry per
		// second here (no second reaches 32,767 calls).
		blocks := (r - int(m.ThroughputStructBytes) - 4*secs) / 32
		m.ThroughputBlocks += blocks
		m.ThroughputCompactBound += uint64(32*blocks + SizeClass(4*secs))
	}
	runtime.KeepAlive(states)
	runtime.KeepAlive(tps)
	return m
}
