package render

import (
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
// rendered before any is written, so a rendering error leaves dir untouched;
// each file is then replaced atomically (written to a temporary file in dir
// and renamed), and a file whose content is unchanged is not rewritten. Only
// the named files are touched.
func WriteFiles(dir string, files ...File) error {
	contents := make([][]byte, len(files))
	seen := make(map[string]bool, len(files))
	for i, f := range files {
		if err := checkName(f.Name); err != nil {
			return err
		}
		if seen[f.Name] {
			return fmt.Errorf("render: file %q is listed twice", f.Name)
		}
		seen[f.Name] = true
		b, err := f.Bytes()
		if err != nil {
			return err
		}
		contents[i] = b
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i, f := range files {
		path := filepath.Join(dir, f.Name)
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, contents[i]) {
			continue
		}
		if err := writeAtomic(path, contents[i]); err != nil {
			return err
		}
	}
	return nil
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Chmod(name, 0o644); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return err
	}
	return nil
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
