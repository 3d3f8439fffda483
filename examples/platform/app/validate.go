// Package app holds three of the API service's controls as the service
// implements them in Go: upload validation, per-tenant rate limiting and
// the tenant authorization check. The threat model in ../platform points
// at these functions (threatmodel.ImplementedBy) and at their tests
// (threatmodel.ProvedBy), so that its report shows which mitigations a
// passing test proves and which are only declared.
package app

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode"
)

// Upload is what a client sends with a document: the name, the declared
// content type, the size in bytes and the first bytes of the content.
type Upload struct {
	Tenant      string
	Name        string
	ContentType string
	Size        int64
	Head        []byte // at least the first 8 bytes of the content
}

// MaxUploadSize is the largest document the API accepts: 25 MiB.
const MaxUploadSize = 25 << 20

// ErrInvalidUpload is wrapped by every error ValidateUpload returns.
var ErrInvalidUpload = errors.New("invalid upload")

// magic is the allow-list of content types, each with the bytes its
// content must start with: the type is checked against the content, not
// trusted from the client.
var magic = map[string]string{
	"application/pdf": "%PDF-",
	"image/png":       "\x89PNG\r\n\x1a\n",
	"image/jpeg":      "\xff\xd8\xff",
}

// ValidateUpload checks an upload before anything stores or parses it: a
// tenant, a plain file name without a path, an allowed content type that
// the content's first bytes confirm, and a size within MaxUploadSize.
func ValidateUpload(u Upload) error {
	switch {
	case u.Tenant == "":
		return fmt.Errorf("%w: no tenant", ErrInvalidUpload)
	case u.Name == "" || len(u.Name) > 255 || u.Name != path.Base(u.Name) || strings.ContainsAny(u.Name, `\/`) ||
		strings.HasPrefix(u.Name, ".") || strings.ContainsFunc(u.Name, unicode.IsControl):
		return fmt.Errorf("%w: the name must be a plain file name", ErrInvalidUpload)
	case u.Size <= 0 || u.Size > MaxUploadSize:
		return fmt.Errorf("%w: size %d is not between 1 byte and 25 MiB", ErrInvalidUpload, u.Size)
	}
	prefix, ok := magic[u.ContentType]
	if !ok {
		return fmt.Errorf("%w: content type %q is not allowed", ErrInvalidUpload, u.ContentType)
	}
	if !strings.HasPrefix(string(u.Head), prefix) {
		return fmt.Errorf("%w: the content is not %s", ErrInvalidUpload, u.ContentType)
	}
	return nil
}
