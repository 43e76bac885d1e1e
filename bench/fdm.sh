# bench/fdm.sh - the baseline shared by the mail benchmarks: Debian's fdm
# files the same mails from a Maildir into another Maildir, matching the
# reply token with a regexp ("read a mail, decide, write it somewhere").
# Sourced from a benchmark's work directory, after `now` is defined and the
# mails are in gen/new.  fdm_baseline RATE [FDM-SETTING] prints fdm's rate
# and the ratio of RATE to it, followed by TARGET when one is given in
# $FDM_TARGET.

fdm_baseline() {
	if ! command -v fdm >/dev/null 2>&1; then
		echo "fdm not installed (apt-get install fdm): no baseline"
		return 0
	fi
	mkdir -p fdm-in/new fdm-in/cur fdm-in/tmp fdm-out/new fdm-out/cur fdm-out/tmp
	cp -r gen/new/. fdm-in/new/
	# as root fdm drops privileges to user debianfdm (Debian) for fetching
	if [ "$(id -u)" = 0 ] && id debianfdm >/dev/null 2>&1; then
		chmod 711 "$W"
		chown -R debianfdm: fdm-in fdm-out
	fi
	{
		echo "set lock-file \"$W/fdm.lock\""
		[ -n "${2:-}" ] && echo "$2"
		cat <<CONF
account "spool" maildir "$W/fdm-in"
action "replies" maildir "$W/fdm-out"
action "other" maildir "$W/fdm-out"
match "^To:.*reply\\\\+[a-z2-7]{32}@univ\\\\.example" in headers action "replies"
match all action "other"
CONF
	} > fdm.conf
	fdm_t0=$(now)
	fdm -q -f fdm.conf fetch 2>fdm.log || { cat fdm.log >&2; return 1; }
	fdm_t1=$(now)
	fdm_got=$(ls fdm-out/new | wc -l)
	frate=$(python3 -c "print('%.0f' % ($fdm_got / ($fdm_t1 - $fdm_t0)))")
	echo "fdm (regexp match + Maildir delivery): $fdm_got mails in $(python3 -c "print('%.2f' % ($fdm_t1 - $fdm_t0))") s: $frate msg/s"
	echo "ratio altc/fdm: $(python3 -c "print('%.2f' % ($1 / $frate))")${FDM_TARGET:+ $FDM_TARGET}"
}
