#!/bin/sh
# setup.sh - one command to get altconnect running on a fresh Debian 12.
#
#   ./setup.sh demo    install what is missing, build, run the demo instance
#   ./setup.sh test    install what is missing, build twice (normal and
#                      ASan+UBSan) and run every test in both
#   ./setup.sh deps [test]   only install the Debian packages
#
# Run as root (or with sudo available) so that apt-get can install.
set -eu

cd "$(dirname "$0")"
TOP=$(pwd)
JOBS=$(nproc 2>/dev/null || echo 2)

BUILD_DEPS="build-essential autoconf automake pkg-config
libetpan-dev libsqlite3-dev libcsv-dev libcurl4-gnutls-dev libpcre2-dev
libcmocka-dev libmicrohttpd-dev libgnutls28-dev libical-dev libxml2-dev libzip-dev
libinih-dev libjson-c-dev libqpdf-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev
fonts-dejavu-core"
# peers and tools the tests drive: an SMTP server, Dovecot, headless
# Chromium, the database shell, Python for the scripted peers, valgrind
TEST_DEPS="python3 python3-aiosmtpd sqlite3 postfix dovecot-imapd chromium
valgrind clang libclang-rt-14-dev procps time fdm openssl curl
python3-openpyxl python3-icalendar poppler-utils"

say() { printf '==> %s\n' "$*"; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
		echo "setup.sh: run as root to install packages" >&2; exit 77; fi
}

install_deps() {
	missing=""
	for p in $*; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	say "installing:$missing"
	as_root apt-get update -qq
	# postfix asks questions at install time; a local-only answer is enough
	echo "postfix postfix/main_mailer_type select Local only" | as_root debconf-set-selections 2>/dev/null || true
	echo "postfix postfix/mailname string localhost" | as_root debconf-set-selections 2>/dev/null || true
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# Postfix and OpenSMTPD conflict as Debian packages: the one that is not
# installed is only downloaded into apt's cache, where the MTA tests unpack
# it, with the system users its daemons need
mta_packages() {
	for p in postfix opensmtpd; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" && continue
		ls /var/cache/apt/archives/"$p"_*.deb >/dev/null 2>&1 && continue
		say "downloading $p (not installed: it conflicts with the other MTA)"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -d -y -qq --no-install-recommends "$p" >/dev/null || true
	done
	for u in opensmtpd opensmtpq; do
		getent passwd "$u" >/dev/null || as_root adduser --quiet --system --group --no-create-home \
		    --home /var/lib/opensmtpd/empty "$u" || true
	done
}

configure_build() {	# configure_build DIR [configure options]
	dir=$1; shift
	[ -x configure ] && [ configure -nt configure.ac ] || { say "autoreconf"; autoreconf -fi >/dev/null 2>&1 || autoreconf -fi; }
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ]; then
		say "configure $dir $*"
		(cd "$dir" && "$TOP/configure" -q "$@")
	fi
	say "build $dir"
	make -s -C "$dir" -j"$JOBS"
}

summary() {	# summary LOG... : "N passed, N failed" from automake's test-suite logs
	awk '/^# PASS:/ { p += $3 } /^# (FAIL|ERROR|XPASS):/ { f += $3 }
	     END { printf "%d passed, %d failed\n", p, f }' "$@"
}

# reply_to_validation MAILFILE: the rp's answer (Thunderbird style) to an offer.to_validate mail
reply_to_validation() {
	rt=$(sed -n 's/^Reply-To: *<\{0,1\}\([^>]*\)>\{0,1\}.*/\1/p' "$1" | head -n 1)
	mid=$(sed -n 's/^Message-ID: *//p' "$1" | head -n 1)
	cat <<MAIL
From: Claire Lambert <rp.gea@univ.example>
To: $rt
Subject: Re: offre à valider
Date: $(date -R)
Message-ID: <demo-valider-$$@univ.example>
In-Reply-To: $mid
References: $mid
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

VALIDER 4 Belle offre, missions variées et bon encadrement.

Le $(date '+%d/%m/%Y') à 10:20, altconnect a écrit :
> Une nouvelle offre attend votre validation.
MAIL
}

run_demo() {
	install_deps "$BUILD_DEPS"
	configure_build build
	ALTC="$TOP/build/altc"
	rm -rf demo && mkdir demo && cd demo
	# the import reports go to the ga of the demo university
	printf '[import]\nreport_to = ga@univ.example\n' > altconnect.conf
	export ALTC_CONFIG="$(pwd)/altconnect.conf"
	say "altc init --demo (in $(pwd))"
	"$ALTC" init --demo
	for f in "$TOP"/data/demo/import/*.csv; do
		say "drop import $(basename "$f")"
		"$ALTC" deliver --import "$f"
	done
	for f in "$TOP"/data/demo/mail/*.eml; do
		rcpt=$(sed -n 's/^X-Envelope-To: *//p' "$f" | head -n 1)
		say "drop mail $(basename "$f")${rcpt:+ for $rcpt}"
		if [ -n "$rcpt" ]; then "$ALTC" deliver -r "$rcpt" < "$f"; else "$ALTC" deliver < "$f"; fi
	done
	say "altc serve --once"
	"$ALTC" serve --once
	# the responsible teacher validates the new offer by replying to her mail
	tv=$(grep -l "^Reply-To: .*reply+" spool/outbox/new/* 2>/dev/null | xargs -r grep -l "^To:.*<rp.gea@univ.example>" | head -n 1)
	if [ -n "$tv" ]; then
		reply_to_validation "$tv" > rp-reply.eml
		rt=$(sed -n 's/^To: *//p' rp-reply.eml | head -n 1)
		say "rp.gea@univ.example replies VALIDER 4 to $rt"
		"$ALTC" deliver -r "$rt" < rp-reply.eml
		say "altc serve --once"
		"$ALTC" serve --once
	fi
	echo
	say "what happened"
	"$ALTC" import list
	echo
	"$ALTC" student list
	echo
	"$ALTC" offer list
	echo
	echo "processed inputs:  $(find spool/done -type f | wc -l) in $(pwd)/spool/done"
	echo "refused inputs:    $(find spool/failed -type f ! -name '*.reason' | wc -l) in $(pwd)/spool/failed"
	for r in spool/failed/*.reason; do
		[ -f "$r" ] && printf '  %s\n' "$(cat "$r")"
	done
	n=$(find spool/outbox/new -type f | wc -l)
	echo "outgoing mail:     $n message(s) in $(pwd)/spool/outbox/new (no relay configured)"
	"$ALTC" outbox list
	echo
	echo "Read a message:  less $(pwd)/spool/outbox/new/$(ls spool/outbox/new | head -n 1)"
	echo "More commands:   cd demo && ../build/altc help"
}

run_tests() {
	install_deps "$BUILD_DEPS $TEST_DEPS"
	mta_packages
	rc=0
	configure_build build --enable-werror
	say "tests (normal build)"
	make -s -C build -j"$JOBS" check || rc=1
	say "unit tests under valgrind"
	make -s -C build check-valgrind || rc=1
	configure_build build-asan --enable-werror --enable-sanitizers
	say "tests (AddressSanitizer + UBSan)"
	make -s -C build-asan -j"$JOBS" check || rc=1
	for d in build build-asan; do
		[ $rc -eq 0 ] || [ ! -f $d/test-suite.log ] || grep -B2 -A30 '^FAIL\|^ERROR' $d/test-suite.log | head -n 200
	done
	summary build/test-suite.log build-asan/test-suite.log
	return $rc
}

case "${1:-}" in
demo) run_demo ;;
test) run_tests ;;
deps) if [ "${2:-}" = test ]; then install_deps "$BUILD_DEPS $TEST_DEPS"; mta_packages; else install_deps "$BUILD_DEPS"; fi ;;
*) echo "usage: ./setup.sh demo | test | deps [test]" >&2; exit 64 ;;
esac
