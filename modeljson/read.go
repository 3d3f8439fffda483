package modeljson

import (
	"encoding"
	"reflect"
	"strconv"
	"strings"
)

// reader turns a parsed JSON value into the format's Go types, strictly:
// an unknown field, a value of the wrong type, an unknown enum token, or a
// missing required field is an error with its path.
type reader struct {
	errs Errors
}

func (r *reader) fail(path string, off int64, msg string) {
	if len(r.errs) < MaxErrors {
		r.errs = append(r.errs, &Error{Path: path, Offset: off, Message: msg})
	}
}

var (
	metaType = reflect.TypeFor[meta]()
	textType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// read fills dst (a pointer) from v; root is the meta that collects the
// offsets of scalar values, by their path suffix.
func (r *reader) read(v *value, dst reflect.Value, path string, root *meta, suffix string) {
	if len(r.errs) >= MaxErrors {
		return
	}
	t := dst.Type()
	if root != nil && v.kind != 'o' {
		root.Offs[suffix] = v.off
	}
	if reflect.PointerTo(t).Implements(textType) {
		r.text(v, dst, path)
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		r.read(v, p.Elem(), path, root, suffix)
		dst.Set(p)
	case reflect.Struct:
		r.object(v, dst, path)
	case reflect.Slice:
		if v.kind != 'a' {
			r.fail(path, v.off, "expected an array, got "+v.kindName())
			return
		}
		s := reflect.MakeSlice(t, len(v.vals), len(v.vals))
		for i, item := range v.vals {
			idx := "[" + strconv.Itoa(i) + "]"
			r.read(item, s.Index(i), path+idx, root, suffix+idx)
		}
		dst.Set(s)
	case reflect.String:
		if v.kind != 's' {
			r.fail(path, v.off, "expected a string, got "+v.kindName())
			return
		}
		dst.SetString(v.str)
	case reflect.Bool:
		if v.kind != 'b' {
			r.fail(path, v.off, "expected true or false, got "+v.kindName())
			return
		}
		dst.SetBool(v.b)
	case reflect.Int:
		n, err := strconv.ParseInt(v.str, 10, 32)
		if v.kind != 'n' || err != nil {
			r.fail(path, v.off, "expected a whole number, got "+describe(v))
			return
		}
		dst.SetInt(n)
	}
}

func describe(v *value) string {
	if v.kind == 'n' || v.kind == 's' {
		return v.kindName() + " " + strconv.Quote(v.str)
	}
	return v.kindName()
}

// text reads an enum token, a duration or a date through UnmarshalText.
func (r *reader) text(v *value, dst reflect.Value, path string) {
	if v.kind != 's' {
		r.fail(path, v.off, "expected "+expected(dst.Type())+", got "+v.kindName())
		return
	}
	u := dst.Addr().Interface().(encoding.TextUnmarshaler)
	if err := u.UnmarshalText([]byte(v.str)); err != nil || v.str == "" && dst.Kind() == reflect.Uint8 {
		r.fail(path, v.off, "expected "+expected(dst.Type())+", got "+strconv.Quote(v.str))
	}
}

// expected describes what a text value of type t may be.
func expected(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[duration]():
		return `a duration such as "720h" or "90d"`
	case reflect.TypeFor[date]():
		return `a date such as "2027-03-31" or an RFC 3339 time`
	}
	if t.Kind() == reflect.String {
		return "a string"
	}
	return "one of " + strings.Join(tokens(t), ", ")
}

// tokens lists the text tokens of an enum type, by trying its values.
func tokens(t reflect.Type) []string {
	var out []string
	for i := 1; i < 256; i++ {
		v := reflect.New(t).Elem()
		v.SetUint(uint64(i))
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			break
		}
		out = append(out, strconv.Quote(string(b)))
	}
	return out
}

// object reads a JSON object into a struct, by the fields' json tags.
func (r *reader) object(v *value, dst reflect.Value, path string) {
	if v.kind != 'o' {
		r.fail(path, v.off, "expected an object, got "+v.kindName())
		return
	}
	t := dst.Type()
	var m *meta
	fields := map[string]int{}
	var names, required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type == metaType {
			m = dst.Addr().Interface().(interface{ record() *meta }).record()
			*m = meta{Path: path, Off: v.off, Offs: map[string]int64{}}
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		fields[name] = i
		names = append(names, name)
		if opts == "" {
			required = append(required, name)
		}
	}
	for k, key := range v.keys {
		i, ok := fields[key]
		if !ok {
			r.fail(path+"."+key, v.koffs[k], "unknown field "+strconv.Quote(key)+": expected "+suggest(key, names))
			continue
		}
		r.read(v.vals[k], dst.Field(i), path+"."+key, m, "."+key)
	}
	for _, name := range required {
		if !contains(v.keys, name) {
			r.fail(path, v.off, "missing field "+strconv.Quote(name))
		}
	}
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// suggest names the field a misspelt key probably meant (one that differs
// only in case, or by a plural), else lists the fields.
func suggest(key string, names []string) string {
	k := singular(key)
	for _, n := range names {
		if singular(n) == k {
			return strconv.Quote(n)
		}
	}
	return "one of " + strings.Join(names, ", ")
}

func singular(s string) string {
	s = strings.ToLower(s)
	if t, ok := strings.CutSuffix(s, "ies"); ok {
		return t + "y"
	}
	return strings.TrimSuffix(s, "s")
}
