package main

import (
	"bytes"
	"fmt"
	"io"
	"runtime"

	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// Every core within one input: an uncompressed CSV of at least
// defaultSplitMin bytes (-max-line-bytes and the other reading rules
// unchanged) is cut into GOMAXPROCS pieces at line starts where a reader
// of the whole would start a record (daily.SafeCut: none of the 15 lines
// before the cut holds a quote, so no quoted field spans it). The pieces
// are read in parallel, each into a book of its own with its lines
// numbered from 1, and absorbed in order with the other inputs' (readAll).
// A piece's evidence IDs start at its first byte (evidenceID), so they
// follow the input's order whatever the lines before it; its bad rows are
// shifted by the lines of the pieces before it (its reader returns its
// last line's number), and sourceLine turns an ID into the line the
// whole file's reader gives it. (The pieces' lines used to be counted
// first, which read the input twice.) The result is byte for byte that of one reader: the book's
// figures do not depend on the split, and the bad rows and row hashes
// come in the same order. A cut is looked for in the MiB
// after each even share of the bytes; an input with quotes on every few
// lines may get fewer pieces, or none.

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
func splitInput(ra io.ReaderAt, size int64, n int) ([]piece, error) {
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
			if cut, buf, err = cutNear(ra, size, target, w[0], w[1], buf); err != nil {
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
// which the input may be cut (daily.SafeCut); 0 when there is none in the
// window. buf is reused for the window's bytes and returned.
func cutNear(ra io.ReaderAt, size, target, back, ahead int64, buf []byte) (int64, []byte, error) {
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
		if daily.SafeCut(buf[:q], from == 0) {
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
	pc  piece
	h   *daily.Header
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
	for i, s := range srcs {
		whole := job{src: i, s: s}
		csv := r.cfg.input == nil || r.cfg.input.Format() == "csv" // daily.ReadCallsWith
		if n < 2 || s.at == nil || !csv || r.partners != nil {
			jobs = append(jobs, whole)
			continue
		}
		ra, size, c, err := s.at()
		if err != nil || ra == nil {
			jobs = append(jobs, whole)
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
	h, err := daily.ReadHeader(name, io.NewSectionReader(ra, 0, size), daily.ReadOptions{MaxLineBytes: r.cfg.maxLineBytes})
	if err != nil {
		return nil, err
	}
	pieces, err := splitInput(ra, size, n)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	out := make([]headedPiece, len(pieces))
	for i := range pieces {
		out[i] = headedPiece{pieces[i], &h}
	}
	return out, nil
}
