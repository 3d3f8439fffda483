package app

import (
	"errors"
	"strings"
	"testing"
)

// TestValidateUpload: the upload validation the threat model cites for the
// API service (Input validation).
func TestValidateUpload(t *testing.T) {
	pdf := Upload{Tenant: "t1", Name: "contract.pdf", ContentType: "application/pdf", Size: 1024, Head: []byte("%PDF-1.7\n")}
	if err := ValidateUpload(pdf); err != nil {
		t.Fatalf("a valid PDF was refused: %v", err)
	}
	bad := map[string]func(u *Upload){
		"no tenant":            func(u *Upload) { u.Tenant = "" },
		"path in the name":     func(u *Upload) { u.Name = "../../etc/passwd" },
		"backslash path":       func(u *Upload) { u.Name = `..\secrets.pdf` },
		"hidden file":          func(u *Upload) { u.Name = ".htaccess" },
		"control character":    func(u *Upload) { u.Name = "a\nb.pdf" },
		"name too long":        func(u *Upload) { u.Name = strings.Repeat("a", 256) },
		"empty":                func(u *Upload) { u.Size = 0 },
		"too large":            func(u *Upload) { u.Size = MaxUploadSize + 1 },
		"type not allowed":     func(u *Upload) { u.ContentType = "text/html" },
		"content is not a PDF": func(u *Upload) { u.Head = []byte("<html><script>") },
	}
	for name, change := range bad {
		u := pdf
		change(&u)
		if err := ValidateUpload(u); !errors.Is(err, ErrInvalidUpload) {
			t.Errorf("%s: ValidateUpload = %v, want ErrInvalidUpload", name, err)
		}
	}
}
