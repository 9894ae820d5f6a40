package main

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// The embedded sample: a generated week of calls on the CBUAE endpoint
// list and its planned windows (sample/README.md says how it was made).
//
//go:embed sample/calls.csv
var sampleCalls []byte

//go:embed sample/planned.csv
var samplePlanned []byte

// source is one input file (or the embedded sample).
type source struct {
	name string
	open func() (io.ReadCloser, error)
	// at opens the input for reading at offsets, when it can be (an
	// uncompressed regular file, the sample): nil, or a nil ReaderAt, when
	// it cannot. The input is then read in pieces on several cores
	// (split.go).
	at func() (ra io.ReaderAt, size int64, c io.Closer, err error)
	// once is true for an input that cannot be opened a second time (a
	// pipe, standard input): the second pass of an input more out of
	// order than -disorder is refused on it (build).
	once bool
}

func sources(files []string) []source {
	if len(files) == 0 {
		return []source{bytesSource("sample/calls.csv", sampleCalls)}
	}
	var srcs []source
	for _, name := range files {
		fi, err := os.Stat(name) // an error is openFile's to report
		srcs = append(srcs, source{name: name, open: func() (io.ReadCloser, error) { return openFile(name) }, at: func() (io.ReaderAt, int64, io.Closer, error) { return openAt(name) },
			once: err == nil && !fi.Mode().IsRegular()})
	}
	return srcs
}

// bytesSource is an input held in memory.
func bytesSource(name string, data []byte) source {
	return source{name: name,
		open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
		at: func() (io.ReaderAt, int64, io.Closer, error) {
			return bytes.NewReader(data), int64(len(data)), io.NopCloser(nil), nil
		}}
}

// openAt opens name for reading at offsets when it is an uncompressed
// regular file; otherwise (gzip, a pipe, an error: open reports it) the
// ReaderAt is nil, with the size on disk of a gzip file (0 when unknown).
func openAt(name string) (io.ReaderAt, int64, io.Closer, error) {
	if strings.HasSuffix(name, ".gz") {
		if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() {
			return nil, st.Size(), nil, nil // compressed: jobs reads it as a stream
		}
		return nil, 0, nil, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, nil, nil
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, 0, nil, nil
	}
	return f, st.Size(), f, nil
}

// openFile opens name, through gzip when it ends in ".gz".
func openFile(name string) (io.ReadCloser, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(name, ".gz") {
		return f, nil
	}
	z, err := gzip.NewReader(f)
	if err == io.EOF {
		err = errors.New("empty file, not gzip data (want a gzip header)")
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{z, f}, nil
}
