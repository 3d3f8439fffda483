package render

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// File is one generated document: a file name (no directories) and the
// function that renders it.
type File struct {
	// Name is the file's name, without directories.
	Name string
	// Render writes the file's content.
	Render func(io.Writer) error
}

// Bytes renders the file into memory.
func (f File) Bytes() ([]byte, error) {
	if f.Render == nil {
		return nil, fmt.Errorf("render: file %q has no renderer", f.Name)
	}
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, fmt.Errorf("render: %s: %w", f.Name, err)
	}
	return buf.Bytes(), nil
}

func checkName(name string) error {
	if name == "" || name != filepath.Base(name) || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		return fmt.Errorf("render: %q is not a plain file name", name)
	}
	return nil
}

// WriteFiles renders every file and writes it into dir. Every file is
// rendered before any is written, so a rendering error leaves dir's files
// untouched: each is rendered into a temporary file in dir (streamed, so a
// large document is never held in memory twice), and once all are
// rendered each replaces its file atomically (a rename); a file whose
// content is unchanged is not rewritten. Only the named files are touched.
func WriteFiles(dir string, files ...File) error {
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if err := checkName(f.Name); err != nil {
			return err
		}
		if seen[f.Name] {
			return fmt.Errorf("render: file %q is listed twice", f.Name)
		}
		seen[f.Name] = true
		if f.Render == nil {
			return fmt.Errorf("render: file %q has no renderer", f.Name)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	temps := make([]string, len(files))
	defer func() {
		for _, t := range temps {
			if t != "" {
				os.Remove(t)
			}
		}
	}()
	for i, f := range files {
		t, err := renderTemp(dir, f)
		if err != nil {
			return err
		}
		temps[i] = t
	}
	for i, f := range files {
		path := filepath.Join(dir, f.Name)
		if same, err := sameContent(temps[i], path); err != nil {
			return err
		} else if !same {
			if err := os.Rename(temps[i], path); err != nil {
				return err
			}
			temps[i] = ""
		}
	}
	return nil
}

// renderTemp renders a file into a new temporary file in dir and returns
// its path; it leaves nothing behind when rendering fails.
func renderTemp(dir string, f File) (string, error) {
	tmp, err := os.CreateTemp(dir, "."+f.Name+".tmp*")
	if err != nil {
		return "", err
	}
	name := tmp.Name()
	bw := bufio.NewWriterSize(tmp, 256<<10)
	rerr := f.Render(bw)
	if rerr != nil {
		rerr = fmt.Errorf("render: %s: %w", f.Name, rerr)
	}
	err = errors.Join(rerr, bw.Flush(), tmp.Close())
	if err == nil {
		err = os.Chmod(name, 0o644)
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// sameContent reports whether the files at a and b hold the same bytes; a
// missing b is not the same.
func sameContent(a, b string) (bool, error) {
	ib, err := os.Stat(b)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	ia, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	if ia.Size() != ib.Size() || !ib.Mode().IsRegular() {
		return false, nil
	}
	fa, err := os.Open(a)
	if err != nil {
		return false, err
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false, err
	}
	defer fb.Close()
	ra, rb := bufio.NewReaderSize(fa, 64<<10), bufio.NewReaderSize(fb, 64<<10)
	bufA, bufB := make([]byte, 32<<10), make([]byte, 32<<10)
	for {
		na, errA := io.ReadFull(ra, bufA)
		nb, errB := io.ReadFull(rb, bufB)
		if na != nb || !bytes.Equal(bufA[:na], bufB[:nb]) {
			return false, nil
		}
		if errA == io.EOF || errA == io.ErrUnexpectedEOF {
			return errB == io.EOF || errB == io.ErrUnexpectedEOF, nil
		}
		if errA != nil {
			return false, errA
		}
		if errB != nil {
			return false, errB
		}
	}
}

// Stale renders every file and compares it with the copy in dir. It returns
// the names of the files that are missing or differ, sorted.
func Stale(dir string, files ...File) ([]string, error) {
	var stale []string
	for _, f := range files {
		if err := checkName(f.Name); err != nil {
			return nil, err
		}
		want, err := f.Bytes()
		if err != nil {
			return nil, err
		}
		got, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		if err != nil || !bytes.Equal(got, want) {
			stale = append(stale, f.Name)
		}
	}
	slices.Sort(stale)
	return stale, nil
}
