package main

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"

	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// Every core within one input: an uncompressed file of at least
// defaultSplitMin bytes (-max-line-bytes and the other reading rules
// unchanged) is cut into GOMAXPROCS pieces at line starts where a reader
// of the whole would start a record (cutRule: for a calls CSV,
// daily.SafeCut, none of the 15 lines before the cut holds a quote, so no
// quoted field spans it; for an access log, any line start). The pieces
// are read in parallel, each into a book of its own with its lines
// numbered from 1, and absorbed in order with the other inputs' (readAll).
// A piece's evidence IDs start at its first byte (evidenceID), so they
// follow the input's order whatever the lines before it; its bad rows are
// shifted by the lines of the pieces before it (its reader returns its
// last line's number), and sourceLine turns an ID into the line the
// whole file's reader gives it. (The pieces' lines used to be counted
// first, which read the input twice.) The result is byte for byte that of
// one reader: the book's figures do not depend on the split, and the bad
// rows and row hashes come in the same order. A cut is looked for in the
// MiB after each even share of the bytes; a CSV with quotes on every few
// lines may get fewer pieces, or none. -format html's usage by partner
// is kept by each piece and merged as the books are (partners.merge).

// With a disorder bound (-disorder) the pieces are at most boundedPiece
// bytes, however many cores: they are absorbed in order as they are read,
// a few at a time (readAll).

// defaultSplitMin is the smallest input read in pieces: 4 MiB, about
// 50,000 rows.
const defaultSplitMin = 4 << 20

// piece is the bytes [from, to) of an input (from 0: the piece holds the
// header).
type piece struct{ from, to int64 }

// The bytes read around each even share to find a cut: back, for
// SafeCut's lines; ahead, for the next line start that is safe. A cut is
// looked for in a near window first (a log's lines are a few hundred
// bytes: its cut is a line or two after the share), then, if none is
// found there, in the far one. Reading the far window for every cut read
// a quarter of the input again, on one goroutine before any piece was
// read (a cut every 4 MiB under -disorder).
const (
	cutBack, nearBack   = 64 << 10, 8 << 10
	cutAhead, nearAhead = 1 << 20, 8 << 10
)

// splitInput cuts an input of size bytes, read through ra, into at most n
// pieces; one piece when n < 2 or no cut is safe.
func splitInput(ra io.ReaderAt, size int64, n int, safe cutRule) ([]piece, error) {
	cuts := []int64{0}
	var buf []byte // one buffer for every window
	for k := 1; k < n; k++ {
		target := size * int64(k) / int64(n)
		if target <= cuts[len(cuts)-1] {
			continue
		}
		for _, w := range [...][2]int64{{nearBack, nearAhead}, {cutBack, cutAhead}} {
			var cut int64
			var err error
			if cut, buf, err = cutNear(ra, size, target, w[0], w[1], buf, safe); err != nil {
				return nil, err
			}
			if cut > 0 {
				cuts = append(cuts, cut)
				break
			}
		}
	}
	pieces := make([]piece, len(cuts))
	for i, c := range cuts {
		pieces[i] = piece{from: c, to: size}
		if i > 0 {
			pieces[i-1].to = c
		}
	}
	return pieces, nil
}

// cutNear returns the first line start at or after target, inside the
// window [target-back, target+ahead) of the input and before its end, at
// which the input may be cut (safe); 0 when there is none in the
// window. buf is reused for the window's bytes and returned.
func cutNear(ra io.ReaderAt, size, target, back, ahead int64, buf []byte, safe cutRule) (int64, []byte, error) {
	from := max(0, target-back)
	n := min(size, target+ahead) - from
	if int64(cap(buf)) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if m, err := ra.ReadAt(buf, from); int64(m) < n {
		return 0, buf, err
	}
	for t := target - from; ; {
		i := bytes.IndexByte(buf[t-1:], '\n')
		if i < 0 {
			return 0, buf, nil
		}
		q := t + int64(i)
		if from+q >= size {
			return 0, buf, nil
		}
		if safe(buf[:q], from == 0) {
			return from + q, buf, nil
		}
		t = q + 1
	}
}

// job is what one goroutine of readAll reads: a whole input, or a piece
// of one (ra, pc and the input's header h set).
type job struct {
	src int
	s   source
	ra  io.ReaderAt
	rd  io.Reader // instead of ra: a chunk of a stream, from byte pc.from (readChunks)
	pc  piece
	h   *daily.Header
	// chunks > 1: a stream (a gzip file, a pipe) read in chunks, this many
	// at once (readChunks).
	chunks int
}

// jobs returns the jobs of the inputs, in input order, and the closers of
// the inputs opened for pieces. An input that cannot be cut, or whose
// header does not read (its whole job reports the error as one reader
// does), is one job.
func (r *report) jobs(srcs []source) ([]job, []io.Closer) {
	n := r.cfg.splitInto
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	minSize := r.cfg.splitMin
	if minSize <= 0 {
		minSize = defaultSplitMin
	}
	var jobs []job
	var closers []io.Closer
	// A stream is read in chunks: a large one (or one of unknown size, a
	// pipe) on every core, whatever the inputs, since the parts of an
	// input are absorbed before the next input's (in input order, for
	// the disorder bound) and the next input reads only a part or two
	// ahead: 7 gzip files of a day each, the 10 M rows, took 5.9 s on two
	// cores where the one file of them all took 4.5 s. A small one only
	// when the cores outnumber the inputs twice or more: chunks cost a
	// buffer and goroutines each (1,000 gzip files of 1,000 rows took 1.1
	// s chunked, 0.7 s not).
	spread := n / max(1, len(srcs))
	streamJob := func(whole job, size int64) job {
		switch {
		case size == 0 || size >= minChunkedStream:
			whole.chunks = n
		case spread >= 2:
			whole.chunks = spread
		}
		return whole
	}
	for i, s := range srcs {
		whole := job{src: i, s: s}
		if n < 2 {
			jobs = append(jobs, whole)
			continue
		}
		if s.at == nil {
			jobs = append(jobs, streamJob(whole, 0))
			continue
		}
		ra, size, c, err := s.at()
		if err != nil {
			jobs = append(jobs, whole)
			continue
		}
		if ra == nil {
			jobs = append(jobs, streamJob(whole, size))
			continue
		}
		pieces, err := r.piecesOf(s.name, ra, size, minSize, n)
		if err != nil || len(pieces) < 2 {
			c.Close()
			jobs = append(jobs, whole)
			continue
		}
		closers = append(closers, c)
		h := pieces[0].h
		for _, pc := range pieces {
			jobs = append(jobs, job{src: i, s: s, ra: ra, pc: pc.piece, h: h})
		}
	}
	return jobs, closers
}

// cutRule says whether an input may be cut after before, the bytes of the
// input that end at the cut (whole: before is the input's start).
type cutRule func(before []byte, whole bool) bool

// cutRule is the report's input format's: daily.SafeCut for a calls CSV,
// whose quoted fields may span lines; any line start (the only places
// offered) for an access log, whose records are lines
// (accesslog.Reader.ReadPiece).
func (r *report) cutRule() cutRule {
	if r.csvInput() {
		return daily.SafeCut
	}
	return func([]byte, bool) bool { return true }
}

// csvInput reports whether the input format is the calls CSV
// (daily.ReadCallsWith), not an access log.
func (r *report) csvInput() bool { return r.cfg.input == nil || r.cfg.input.Format() == "csv" }

// headedPiece is a piece and its input's header.
type headedPiece struct {
	piece
	h *daily.Header
}

// piecesOf cuts an input of at least minSize bytes into up to n pieces,
// after reading its header.
func (r *report) piecesOf(name string, ra io.ReaderAt, size, minSize int64, n int) ([]headedPiece, error) {
	if size < minSize {
		return nil, nil
	}
	if r.bound > 0 { // parts of at most boundedPiece bytes (readAll)
		n = max(n, int(min(size/boundedPiece+1, 1<<20)))
	}
	var h *daily.Header // a calls CSV's; an access log has none
	if r.csvInput() {
		hh, err := daily.ReadHeader(name, io.NewSectionReader(ra, 0, size), daily.ReadOptions{MaxLineBytes: r.cfg.maxLineBytes})
		if err != nil {
			return nil, err
		}
		h = &hh
	}
	pieces, err := splitInput(ra, size, n, r.cutRule())
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	out := make([]headedPiece, len(pieces))
	for i := range pieces {
		out[i] = headedPiece{pieces[i], h}
	}
	return out, nil
}

// Every core within a stream: an input that cannot be read at offsets (a
// gzip file, a pipe) is read on one goroutine, which decompresses it and
// cuts it into chunks at line starts where the format allows (cutRule), and the
// chunks are read in parallel, each as a piece of the input (readOne:
// its positions start at the chunk's first byte in the decompressed
// input, its bad rows are shifted by the lines before it). A chunk is
// read into a buffer of defaultChunkBytes (the first one a quarter of
// that, the second half) and cut at the first safe line start in the
// buffer's last eighth, looked for 8 KiB at a time. When
// there is none (a long line, or quotes on every few lines), and at the
// end of the input or a read error, the rest of the input is read as one
// stream (the last chunk), as a piece of a file that cannot be cut is:
// memory holds a few buffers whatever the input. Up to job.chunks chunks
// are read at once, and the parts come out in the input's order, so the
// report is that of one reader. Chunks smaller than a piece cost more
// than they gain: 1 MiB ones took 11 % more CPU than 4 MiB ones on the
// 10 M rows gzipped (each chunk is a part, absorbed on its own).

// defaultChunkBytes is the size of a stream's chunk buffers: a piece's
// (boundedPiece).
const defaultChunkBytes = boundedPiece

// minChunkedStream is the size on disk from which a stream is read in
// chunks on every core whatever the inputs (jobs): a gzip file of 1 MiB
// holds some 4 to 8 MiB of log, a chunk or two.
const minChunkedStream = 1 << 20

// readChunks reads the stream of job j in chunks, j.chunks at once, and
// emits their parts in order.
func (r *report) readChunks(j job, abort *atomic.Bool, emit func(part)) {
	rc, err := j.s.open()
	if err != nil {
		emit(part{book: book.New(r.cfg.bookConfig()), err: err})
		return
	}
	defer rc.Close()
	order := make(chan chan part, j.chunks-1) // with the one being emitted: j.chunks chunks at once
	go r.cutChunks(j, abortReader{rc, abort}, abort, order)
	for c := range order {
		for p := range c {
			emit(p)
		}
	}
}

// cutChunks reads in, the stream of job j, cuts it into chunks and starts
// a goroutine reading each, whose parts go to a channel sent on order,
// in the input's order; it closes order after the last. A chunk's buffer
// is reused once its reader is done (a new one for each chunk cleared a
// gigabyte for 10 M rows).
func (r *report) cutChunks(j job, in io.Reader, abort *atomic.Bool, order chan<- chan part) {
	defer close(order)
	maxSize := r.cfg.chunkBytes
	if maxSize <= 0 {
		maxSize = defaultChunkBytes
	}
	size := maxSize / 4 // the first chunks are smaller: a small input is not read into 4 MiB
	free := make(chan []byte, j.chunks+1)
	buffer := func() []byte {
		select {
		case b := <-free:
			if cap(b) >= size {
				return b[:0]
			}
		default:
		}
		return make([]byte, 0, size)
	}
	start := func(c job, buf []byte) {
		out := make(chan part, 1)
		order <- out
		go func() {
			r.readOne(c, abort, func(p part) { out <- p })
			close(out)
			if buf != nil {
				select {
				case free <- buf:
				default:
				}
			}
		}()
	}
	safe := r.cutRule()
	var h *daily.Header
	var from int64
	buf := buffer()
	for {
		// At least target bytes, then a little more at a time (the near
		// window's 8 KiB) until a safe cut follows target.
		target := cap(buf) - cap(buf)/8 // the cut is looked for in the buffer's last eighth
		var err error
		buf, err = fill(in, buf, target)
		cut, t := -1, target
		for err == nil && len(buf) < cap(buf) {
			buf, err = fill(in, buf, min(cap(buf), len(buf)+nearAhead))
			if cut, t = safeCutFrom(buf, t, from == 0, safe); cut > 0 {
				break
			}
		}
		if err != nil {
			cut = -1 // the input ended or failed: what is left is the last chunk
		}
		if cut > 0 && from == 0 && r.csvInput() {
			hh, herr := daily.ReadHeader(j.s.name, bytes.NewReader(buf[:cut]), daily.ReadOptions{MaxLineBytes: r.cfg.maxLineBytes})
			if herr != nil {
				cut = -1 // the last chunk's reader reports it, as one reader does
			} else {
				h = &hh
			}
		}
		if cut < 0 || abort.Load() {
			// The rest, as one stream: the bytes read, then what is left
			// (nothing after io.EOF: the input ended; after another error,
			// that error, as a reader of the whole gets it).
			var rest io.Reader = bytes.NewReader(buf)
			switch {
			case err == nil:
				rest = io.MultiReader(rest, in)
			case err != io.EOF:
				rest = io.MultiReader(rest, errReader{err})
			}
			start(job{src: j.src, s: j.s, rd: rest, pc: piece{from: from}, h: h}, nil)
			return
		}
		size = min(2*size, maxSize)
		next := append(buffer(), buf[cut:]...) // before buf is another goroutine's
		start(job{src: j.src, s: j.s, rd: bytes.NewReader(buf[:cut]), pc: piece{from: from, to: from + int64(cut)}, h: h}, buf)
		from += int64(cut)
		buf = next
	}
}

// fill reads from in until buf holds n bytes (n <= cap(buf)) or in fails,
// and returns buf and the error (io.EOF at the end of the input) as in
// gave it.
func fill(in io.Reader, buf []byte, n int) ([]byte, error) {
	for len(buf) < n {
		k, err := in.Read(buf[len(buf):n])
		buf = buf[:len(buf)+k]
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// safeCutFrom returns the first line start at or after t in buf at which
// the input may be cut (safe; whole: buf is the input's start),
// before buf's end, or -1 and where to look again once buf holds more.
func safeCutFrom(buf []byte, t int, whole bool, safe cutRule) (cut, again int) {
	for t > 0 && t <= len(buf) {
		i := bytes.IndexByte(buf[t-1:], '\n')
		if i < 0 {
			return -1, len(buf)
		}
		q := t + i
		if q >= len(buf) {
			return -1, t
		}
		if safe(buf[:q], whole) {
			return q, q
		}
		t = q + 1
	}
	return -1, t
}

// errReader returns err, the error that ended the stream it follows.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
