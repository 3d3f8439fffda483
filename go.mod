module github.com/threatwright/threatwright

go 1.26
