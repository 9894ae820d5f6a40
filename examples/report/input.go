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
}

func sources(files []string) []source {
	if len(files) == 0 {
		return []source{{name: "sample/calls.csv", open: func() (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(sampleCalls)), nil
		}}}
	}
	var srcs []source
	for _, name := range files {
		srcs = append(srcs, source{name: name, open: func() (io.ReadCloser, error) { return openFile(name) }})
	}
	return srcs
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
