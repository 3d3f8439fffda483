package reach

import "testing"

func TestActionCovers(t *testing.T) {
	tests := []struct {
		deny, allow string
		want        bool
	}{
		{"*", "s3:GetObject", true},
		{"s3:*", "s3:Get*", true},
		{"s3:Get*", "s3:GetObject", true},
		{"s3:Get*", "s3:*", false},
		{"s3:GetObject", "s3:*", false},
		{"S3:getobject", " s3:GetObject ", true},
		{"s3:*Object", "s3:PutObject", true},
		{"s3:*Object", "s3:PutBucket", false},
		{"s3:GetObject", "s3:GetObjectAcl", false},
		{"", "s3:GetObject", false},
	}
	for _, tt := range tests {
		if got := actionCovers(tt.deny, tt.allow); got != tt.want {
			t.Errorf("actionCovers(%q, %q) = %v, want %v", tt.deny, tt.allow, got, tt.want)
		}
	}
}

func TestEscalates(t *testing.T) {
	for a, want := range map[string]bool{
		"*": true, "*:*": true, "sts:AssumeRole": true, "iam:PassRole": true, "iam:PutRolePolicy": true,
		"iam:*": true, "iam:GetRole": false, "iam:ListRoles": false, "sts:GetCallerIdentity": false,
		"s3:*": false, "dynamodb:GetItem": false, "AssumeRole": false,
	} {
		if got := escalates(a); got != want {
			t.Errorf("escalates(%q) = %v, want %v", a, got, want)
		}
	}
}
