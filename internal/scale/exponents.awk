# Prints, for each benchmark, the growth exponent from 10,000 to 100,000
# components of ns/op, B/op and allocs/op: log10(value at 100k / value at 10k).
/^Benchmark/ {
  split($1, p, "/"); name = p[1]; n = p[2]; sub(/-[0-9]+$/, "", n)
  for (i = 3; i < NF; i++) v[name, n, $(i+1)] = $i
  names[name] = 1
}
END {
  for (b in names) {
    if (v[b, "n=10000", "ns/op"] == "" || v[b, "n=100000", "ns/op"] == "") continue
    printf "%-22s", b
    split("ns/op B/op allocs/op", u, " ")
    for (k = 1; k <= 3; k++) {
      a = v[b, "n=10000", u[k]]; c = v[b, "n=100000", u[k]]
      if (a > 0 && c > 0) printf "  %s %.2f", u[k], log(c / a) / log(10); else printf "  %s -", u[k]
    }
    printf "\n"
  }
}
