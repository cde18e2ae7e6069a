module github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/scripts/gomodzip

go 1.25.0

require golang.org/x/mod v0.38.0
