#!/bin/sh
# tests/conformance/run.sh CORPORA_DIR [ALTC] - the mail-in parsers over
# third-party corpora nobody here wrote (../shared/corpora): reply texts of
# github/email_reply_parser, bounces and auto-replies of sisimai, odd MIME
# of mime4j and flanker.  Prints the accuracy per corpus; exits non-zero
# only when altc crashes (a signal or an unexpected exit status).
set -eu
CORPORA=${1:?usage: run.sh CORPORA_DIR [ALTC]}
HERE=$(cd "$(dirname "$0")" && pwd)
ALTC=${2:-${ALTC_BIN:-$PWD/altc}}
case $CORPORA in /*) ;; *) CORPORA=$PWD/$CORPORA ;; esac
case $ALTC in /*) ;; *) ALTC=$PWD/$ALTC ;; esac
exec python3 "$HERE/conformance.py" "$CORPORA" "$ALTC"
