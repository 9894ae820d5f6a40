package perfsuite

import (
	"runtime"
	"slices"
	"unsafe"

	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/performance"
)

// Memory is the retained memory of the suite's endpoint-days
// (book.EndpointDay) after the whole data has been ingested: the memory
// targets.
type Memory struct {
	// EndpointDays is the number of endpoint-days with traffic.
	EndpointDays int
	// CoreMean and CoreMax are the mean and the largest CoreBytes over the
	// endpoint-days with traffic: the part of a book.EndpointDay without
	// per-second tables (Counter, Daily, Stats, Rejections, the Histogram's
	// header and its 512-byte pages), computed, not sampled from the heap.
	CoreMean float64
	CoreMax  int
	// FullMean and FullMax are the same for FullBytes after Compact of the
	// TPS and PIPS tables (a closed day): the whole book.EndpointDay.
	FullMean float64
	FullMax  int
	// FullHeapMean is the cross-check of FullMean from the heap: the
	// struct plus the live heap the endpoint-days' ingest and Compact grew
	// by (runtime.MemStats after a collection), divided by EndpointDays. It
	// is FullMean plus the size-class rounding of the compacted tables'
	// entries, and moves with whatever else the runtime holds.
	FullHeapMean float64
	// Payments is the number of endpoint-days with traffic that feed PIPS.
	Payments int

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
	// (192-byte struct + 32 bytes a block + 4 bytes an entry).
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

// Retained ingests d into one book.EndpointDay per endpoint-day (the
// library's, as a Book makes them: NewDays) and into one standalone
// performance.Throughput per endpoint-day, and measures what they retain:
// CoreBytes and FullBytes (after Compact) of every endpoint-day, the heap
// as a cross-check, and the Throughputs' heap live and after Compact. It
// measures memory, not time. Do not run it in parallel with other
// allocating work.
func Retained(d *Data) Memory {
	n := d.Days * len(d.Endpoints)
	days := NewDays(d)
	tps := make([]performance.Throughput, n)
	m := Memory{Throughputs: n, ThroughputStructBytes: unsafe.Sizeof(performance.Throughput{})}

	before := heapAfterGC()
	for i := range d.Calls {
		_ = days.Add(&d.Calls[i], d.EP[i])
	}
	for _, row := range days.Days {
		for e := range row {
			row[e].TPS.Compact()
			if row[e].PIPS != nil {
				row[e].PIPS.Compact()
			}
		}
	}
	daysHeap := grown(before, heapAfterGC())

	before = heapAfterGC()
	cursor := d.Cal.Cursor()
	for i := range d.Calls {
		day := int(cursor.DateOf(d.Calls[i].ReceivedAt) - d.First)
		_ = tps[day*len(d.Endpoints)+int(d.EP[i])].Add(&d.Calls[i])
	}
	m.ThroughputLiveHeap = grown(before, heapAfterGC())
	for i := range tps {
		tps[i].Compact()
	}
	m.ThroughputCompactHeap = grown(before, heapAfterGC())

	var core, full int
	for _, row := range days.Days {
		for e := range row {
			s := &row[e]
			if s.Calls() == 0 && s.Rejections.Total() == 0 {
				continue
			}
			m.EndpointDays++
			if s.Payment {
				m.Payments++
			}
			c, f := CoreBytes(s), FullBytes(s)
			core += c
			full += f
			m.CoreMax = max(m.CoreMax, c)
			m.FullMax = max(m.FullMax, f)
		}
	}
	m.CoreMean = float64(core) / float64(max(m.EndpointDays, 1))
	m.FullMean = float64(full) / float64(max(m.EndpointDays, 1))
	m.FullHeapMean = float64(unsafe.Sizeof(book.EndpointDay{})) + float64(daysHeap)/float64(max(m.EndpointDays, 1))

	for i := range tps {
		secs, r := tps[i].SecondsWithTraffic(), tps[i].RetainedBytes()
		m.ActiveSeconds += secs
		m.ThroughputCompactRetained += uint64(r)
		// RetainedBytes = struct + 32·blocks + 4·entries, one entry per
		// second here (no second reaches 32,767 calls).
		blocks := (r - int(m.ThroughputStructBytes) - 4*secs) / 32
		m.ThroughputBlocks += blocks
		m.ThroughputCompactBound += uint64(32*blocks + SizeClass(4*secs))
	}
	runtime.KeepAlive(days)
	runtime.KeepAlive(tps)
	return m
}
