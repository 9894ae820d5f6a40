package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// writeJSON streams the days, the findings and the outages one element
// at a time. Its document is the one json.MarshalIndent gives for the
// whole: decoded and encoded again as one value, it is byte for byte the
// same. The inputs: the embedded sample (outages with their evidence,
// findings), a generated week with bad rows (listed, with their lines)
// and a header-only file (every streamed array empty).
func TestJSONStreamedIsTheWholeDocument(t *testing.T) {
	header, _, _ := bytes.Cut(sampleCalls, []byte("\n"))
	for _, in := range []struct {
		name    string
		data    []byte
		outages bool
	}{
		{"the sample", sampleCalls, true},
		{"a generated week with bad rows", mixedInput(t), true},
		{"a header only", append(header, '\n'), false},
	} {
		rep, err := readSplit(t, jsonFlags("cbuae"), []source{bytesSource("calls.csv", in.data)}, 0, 1, 0)
		require.NoError(t, err, in.name)
		var got bytes.Buffer
		require.NoError(t, writeJSON(&got, rep), in.name)

		var doc jsonReport
		require.NoError(t, json.Unmarshal(got.Bytes(), &doc), in.name)
		require.Equal(t, in.outages, len(doc.Outages) > 0, in.name)
		require.Equal(t, len(rep.res.Rows), len(doc.Days), in.name)
		want, err := json.MarshalIndent(doc, "", "  ")
		require.NoError(t, err)
		require.Equal(t, string(want)+"\n", got.String(), in.name)
	}
}

// A write that fails within a streamed array stops writeJSON with its
// error: nothing more is written.
func TestJSONStopsAtAWriteError(t *testing.T) {
	rep, err := readSplit(t, jsonFlags("cbuae"), sources(nil), 0, 1, 0)
	require.NoError(t, err)
	var whole bytes.Buffer
	require.NoError(t, writeJSON(&whole, rep))
	days := bytes.Index(whole.Bytes(), []byte(`"days": [`))
	outages := bytes.Index(whole.Bytes(), []byte(`"outages": [`))
	require.Positive(t, days)
	require.Positive(t, outages)
	for _, at := range []int{days + 100, outages + 100} {
		w := &failAfter{n: at}
		require.ErrorIs(t, writeJSON(w, rep), errFull, "failing at byte %d", at)
		require.Equal(t, whole.String()[:at], w.buf.String())
		require.Zero(t, w.after, "writes after the failed one")
	}
}

var errFull = errors.New("disk full")

// failAfter takes n bytes, then fails every write, counting those after
// the first that failed.
type failAfter struct {
	buf    bytes.Buffer
	n      int
	failed bool
	after  int
}

func (f *failAfter) Write(p []byte) (int, error) {
	if f.failed {
		f.after++
		return 0, errFull
	}
	room := f.n - f.buf.Len()
	if len(p) <= room {
		return f.buf.Write(p)
	}
	f.buf.Write(p[:room])
	f.failed = true
	return room, errFull
}
