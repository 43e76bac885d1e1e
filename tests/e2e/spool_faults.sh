#!/bin/sh
# spool_faults.sh - a write or an fsync that fails while a mail enters the
# spool (disk full, I/O error) must leave nothing in new/ nor in tmp/, and
# the MTA must be told to retry (exit 75); the same mail delivered once the
# disk is back is applied once.  The faults come from the faultfs.so
# LD_PRELOAD shim, aimed at the spool's tmp/ directory only.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/mailin_lib.sh"
SHIM=${ALTC_BUILDDIR:-$PWD}/tests/e2e/faultfs.so
[ -f "$SHIM" ] || skip_all "faultfs.so was not built"
# a sanitizer runtime wants to come first; the shim only wraps two calls
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0; export ASAN_OPTIONS

e2e_instance --demo
mail() {
	printf 'From: rh@benotti.example\nTo: offres@univ.example\nSubject: aide\nMessage-ID: <fault-%s@benotti.example>\n\nAIDE\n' "$1"
}
files_in() { find "spool/mail/$1" -type f | wc -l; }

for op in fsync write; do
	rc=0
	mail $op | LD_PRELOAD=$SHIM FAULTFS_OP=$op FAULTFS_PATH=/spool/mail/tmp/ \
	    altc deliver -r offres@univ.example 2>deliver-$op.log || rc=$?
	ok "a failed $op: the MTA is told to retry (exit 75)" test $rc -eq 75
	ok "a failed $op: nothing in new/" test "$(files_in new)" -eq 0
	ok "a failed $op: nothing left in tmp/" test "$(files_in tmp)" -eq 0
	ok "a failed $op: the reason is logged" grep -q "$([ $op = fsync ] && echo 'Input/output' || echo 'No space')" deliver-$op.log
done

# the shim itself: aimed elsewhere, it changes nothing
mail ok | LD_PRELOAD=$SHIM FAULTFS_OP=fsync FAULTFS_PATH=/nowhere/ \
    altc deliver -r offres@univ.example
ok "the shim aimed elsewhere lets the mail in" test "$(files_in new)" -eq 1
ok "the file in new/ is whole" grep -q '^AIDE$' spool/mail/new/*

# the MTA retries the failed ones: each is applied once
mail fsync | altc deliver -r offres@univ.example
mail write | altc deliver -r offres@univ.example
altc serve --once 2>serve.log
ok "the retried mails are applied" test "$(find spool/done -type f | wc -l)" -eq 3
ok "each is answered once" test "$(sql "SELECT count(*) FROM outbox WHERE template = 'reply.help' AND rcpt = 'rh@benotti.example'")" -eq 3
e2e_done
