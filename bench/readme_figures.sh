#!/usr/bin/env bash
# bench/readme_figures.sh -- the rows of msg/README.md's "Measured" table,
# printed from a bench run so they cannot go stale:
#   bash bench/readme_figures.sh          run BENCH_ONLY=msg bench/run.sh, then print
#   bash bench/readme_figures.sh LOG      print from the saved output of such a run
# (with LOG, the per-second figures come from the .cycles files that run left
# in ${B:-build}/bench/$(basename $CC){,-x86_64}/). Paste the output over the
# table, heading line included. Columns: portable build / BACKEND=x86_64 build.
#   bash bench/readme_figures.sh crypto [LOG]
#                                         the top-level README's table of the five
#                                         primitives (run.sh for sha3 aes mlkem mldsa
#                                         fndsa; the anchor column is other projects'
#                                         published or measured figures, kept as text)
set -euo pipefail
cd "$(dirname "$0")/.."
CC=${CC:-cc}
tag=$(basename "$CC")
LB=${B:-build}/bench/$tag
if [ "${1:-}" = crypto ]; then
    shift
    if [ $# -ge 1 ]; then
        log=$1
    else
        mkdir -p "$LB"
        log=$LB/crypto.log
        for d in sha3 aes mlkem mldsa fndsa; do BENCH_ONLY=$d bash bench/run.sh; done | tee "$log" >&2
    fi
    echo "Callgrind instructions for one call (\`bash bench/readme_figures.sh crypto\`, $(date -u -r "$log" +%Y-%m-%d),"
    echo "$($CC --version | head -1) -O2; portable C and the BACKEND=x86_64 build):"
    echo
    awk '
/^== bench_/ { prog = $2 }
/^[A-Za-z0-9_]+ +\|/ {
    split($0, f, "|"); o = prog ":" $1
    split(f[2], a, " "); ins[o, 0] = a[3]
    if (length(f) >= 3) { split(f[3], b, " "); ins[o, 1] = b[3] }
}
function k(x) { return x >= 1e7 ? sprintf("%.1fM", x / 1e6) : x >= 1e6 ? sprintf("%.2fM", x / 1e6) : x >= 1e5 ? sprintf("%.0fk", x / 1e3) : sprintf("%.1fk", x / 1e3) }
function g(o, j, d) { return k(ins[o, j] / (d ? d : 1)) }
function three(a, b, c, j, d) { return g(a, j) " / " g(b, j, d) " / " g(c, j) }
END {
    print "| operation | Aegis PQ portable | portable anchor | Aegis PQ x86_64 | optimised anchor |"
    print "|---|---|---|---|---|"
    for (j = 0; j <= 1; j++) {
        r[1, j] = g("bench_sha3:sha3_256_1KiB", j) " / " g("bench_sha3:sha3_256_1MiB", j) "; " g("bench_sha3:shake128_squeeze_1MiB", j)
        r[2, j] = g("bench_aes:aes256gcm_encrypt_16KiB", j) " / " g("bench_aes:aes256gcm_encrypt_1MiB", j)
        r[3, j] = three("bench_mlkem:keygen", "bench_mlkem:encaps", "bench_mlkem:decaps", j)
        r[4, j] = g("bench_mldsa:mldsa65_keygen", j) " / " g("bench_mldsa:mldsa65_sign_mean1000", j, 1000) " / " g("bench_mldsa:mldsa65_verify", j)
        r[5, j] = three("bench_fndsa:fndsa512_keygen", "bench_fndsa:fndsa512_sign", "bench_fndsa:fndsa512_verify", j)
    }
    n[1] = "SHA3-256 1 KiB / 1 MiB; SHAKE128 1 MiB"; an[1] = "XKCP generic64 45.2k / 43.1M; 36.2M"
    n[2] = "AES-256-GCM 16 KiB / 1 MiB";             an[2] = "BearSSL ct64 2.51M / 159.8M"
    n[3] = "ML-KEM-768 keygen / encaps / decaps";    an[3] = "mlkem-native portable 439k / 505k / 614k"
    n[4] = "ML-DSA-65 keygen / sign (mean) / verify"; an[4] = "pq-crystals ref 2.07M / 8.48M / 2.16M"
    n[5] = "Falcon-512 keygen / sign / verify";      an[5] = "c-fn-dsa integer-only 64.0M / 29.4M / 419k"
    oa[1] = "XKCP AVX2 21.3k / 20.3M; 17.6M"
    oa[2] = "OpenSSL 3.0 AES-NI + PCLMULQDQ 44.2k / 2.66M"
    oa[3] = "pq-crystals avx2 146k / 148k / 163k"
    oa[4] = "pq-crystals avx2 466k / 1.34M / 494k"
    oa[5] = "c-fn-dsa x86_64 39.7M / 3.07M / 183k (PQClean avx2 sign 1.95M)"
    for (i = 1; i <= 5; i++) printf "| %s | %s | %s | %s | %s |\n", n[i], r[i, 0], an[i], r[i, 1], oa[i]
}' "$log"
    exit 0
fi
if [ $# -ge 1 ]; then
    log=$1
else
    mkdir -p "$LB"
    log=$LB/msg.log
    BENCH_ONLY=msg bash bench/run.sh | tee "$log" >&2
fi
ccver=$($CC --version | head -1)
when=$(date -u -r "$log" +%Y-%m-%d)
# rate NAME BUILD_DIR -> messages per second from bench_msg's wall-clock lines
rate() { awk -v k="$1" 'index($0, k) == 3 {for (i = 1; i <= NF; i++) if ($(i + 1) == "/s") {printf "%.0f", $i; exit}}' "$2/bench_msg.cycles" 2>/dev/null; }
rp() { rate "$1" "$LB"; }
rx() { rate "$1" "$LB-x86_64"; }
echo "## Measured (bench/bench_msg.c via bench/readme_figures.sh, $when, $ccver -O2, shared 2-core machine, library level without the database)"
echo
awk -v sp="$(rp 'seal 100 B')" -v sx="$(rx 'seal 100 B')" -v opp="$(rp 'open 100 B')" -v ox="$(rx 'open 100 B')" \
    -v s6p="$(rp 'seal 64 KiB')" -v s6x="$(rx 'seal 64 KiB')" -v o6p="$(rp 'open 64 KiB')" -v o6x="$(rx 'open 64 KiB')" \
    -v cp="$(rp 'CSig sign')" -v cx="$(rx 'CSig sign')" -v vp="$(rp 'CSig verify')" -v vx="$(rx 'CSig verify')" '
# run.sh rows: op | (blank) cycles stack instructions | (blank) cycles stack instructions
/^[A-Za-z0-9_]+ +\|/ {
    split($0, f, "|"); o = $1
    n = split(f[2], a, " "); cyc[o, 0] = a[1]; stk[o, 0] = a[2]; ins[o, 0] = a[3]
    if (length(f) >= 3) { split(f[3], b, " "); cyc[o, 1] = b[1]; stk[o, 1] = b[2]; ins[o, 1] = b[3] }
}
function m(x) { x /= 1e6; return x >= 10 ? sprintf("%.1f M", x) : x >= 1 ? sprintf("%.2f M", x) : x >= 0.1 ? sprintf("%.3f M", x) : sprintf("%.4f M", x) }
function pair(arr, o) { return m(arr[o, 0]) " / " m(arr[o, 1]) }
function two(arr, o1, o2, j) { return m(arr[o1, j]) " + " m(arr[o2, j]) }
function row(name, o, ps, px, brief) { printf "| %s | %s | %s | %s | %s |\n", name, pair(ins, o), pair(cyc, o), ps == "" ? "" : ps " / " px, brief }
END {
    print "| operation | instructions (callgrind) portable / x86_64 | median cycles portable / x86_64 | per second (wall) portable / x86_64 | original brief |"
    print "|---|---|---|---|---|"
    row("seal 100 B (SPK only)", "seal_100B", sp, sx, "40 encryptions/s")
    row("open 100 B (SPK only)", "open_100B", opp, ox, "33 decryptions/s")
    row("seal 64 KiB", "seal_64KiB", s6p, s6x, "")
    row("open 64 KiB", "open_64KiB", o6p, o6x, "")
    printf "| CSig sign (ML-DSA-65 + Falcon-512) | %s / %s | %s / %s | %s / %s | 22 signatures/s |\n", \
        two(ins, "mldsa65_sign", "falcon512_sign", 0), two(ins, "mldsa65_sign", "falcon512_sign", 1), \
        two(cyc, "mldsa65_sign", "falcon512_sign", 0), two(cyc, "mldsa65_sign", "falcon512_sign", 1), cp, cx
    row("CSig verify (both)", "csig_verify_envelope", vp, vx, "28 verifications/s")
    printf "| ML-KEM-768 encaps / decaps from seed | %s / %s, %s / %s | %s / %s, %s / %s | | |\n", \
        m(ins["mlkem768_encaps", 0]), m(ins["mlkem768_decaps_seed", 0]), m(ins["mlkem768_encaps", 1]), m(ins["mlkem768_decaps_seed", 1]), \
        m(cyc["mlkem768_encaps", 0]), m(cyc["mlkem768_decaps_seed", 0]), m(cyc["mlkem768_encaps", 1]), m(cyc["mlkem768_decaps_seed", 1])
    row("key schedule (TH + okm)", "key_schedule", "", "", "")
    printf "| AES-256-GCM 256 B / 64 KiB | %s / %s, %s / %s | %s / %s, %s / %s | | |\n", \
        m(ins["aes256gcm_256B", 0]), m(ins["aes256gcm_64KiB", 0]), m(ins["aes256gcm_256B", 1]), m(ins["aes256gcm_64KiB", 1]), \
        m(cyc["aes256gcm_256B", 0]), m(cyc["aes256gcm_64KiB", 0]), m(cyc["aes256gcm_256B", 1]), m(cyc["aes256gcm_64KiB", 1])
    print ""
    printf "Pairs are portable / x86_64 (\"a / b, c / d\": first operation portable / second portable,\n"
    printf "then the x86_64 build). Falcon-512 signing (integer-emulated floating point, constant time)\n"
    printf "is %.0f %% of a seal'"'"'s instructions (portable), %.0f %% (x86_64). Peak stack of one call: seal\n", \
        100 * ins["falcon512_sign", 0] / ins["seal_100B", 0], 100 * ins["falcon512_sign", 1] / ins["seal_100B", 1]
    printf "%.1f / %.1f KB, open %.1f / %.1f KB. Cycles and per-second figures move with the machine'"'"'s load;\n", \
        stk["seal_100B", 0] / 1000, stk["seal_100B", 1] / 1000, stk["open_100B", 0] / 1000, stk["open_100B", 1] / 1000
    printf "instruction counts do not.\n"
}' "$log"
