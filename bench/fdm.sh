# bench/fdm.sh - the baseline shared by the mail benchmarks: Debian's fdm
# files the same mails from a Maildir into another Maildir, matching the
# reply token with a regexp ("read a mail, decide, write it somewhere").
# Sourced from a benchmark's work directory, after `now` is defined and the
# mails are in gen/new.
#
#   fdm_run [FDM-SETTING]     one timed run into fresh Maildirs; sets $frate
#   fdm_baseline RATE [FDM-SETTING]
#                             fdm_run, then prints fdm's rate and the ratio of
#                             RATE to it, followed by $FDM_TARGET when set
#   fdm_ratio RATE RATE1 RATE2
#                             prints the ratio of RATE to the faster of two
#                             fdm runs, one before altc and one after it: what
#                             drifts during a run (the previous run's
#                             deletions, another process) counts against altc
#
# Every timed phase starts after a sync, so that no side pays for writing
# back the copies made to feed the other.

fdm_runs=0

fdm_run() {
	frate=
	if ! command -v fdm >/dev/null 2>&1; then
		echo "fdm not installed (apt-get install fdm): no baseline"
		return 0
	fi
	fdm_runs=$((fdm_runs + 1))
	fin=fdm-in.$fdm_runs fout=fdm-out.$fdm_runs
	mkdir -p $fin/new $fin/cur $fin/tmp $fout/new $fout/cur $fout/tmp
	cp -r gen/new/. $fin/new/
	# as root fdm drops privileges to user debianfdm (Debian) for fetching
	if [ "$(id -u)" = 0 ] && id debianfdm >/dev/null 2>&1; then
		chmod 711 "$W"
		chown -R debianfdm: $fin $fout
	fi
	{
		echo "set lock-file \"$W/fdm.lock\""
		[ -n "${1:-}" ] && echo "$1"
		cat <<CONF
account "spool" maildir "$W/$fin"
action "replies" maildir "$W/$fout"
action "other" maildir "$W/$fout"
match "^To:.*reply\\\\+[a-z2-7]{32}@univ\\\\.example" in headers action "replies"
match all action "other"
CONF
	} > fdm.conf
	sync
	fdm_t0=$(now)
	fdm -q -f fdm.conf fetch 2>fdm.log || { cat fdm.log >&2; return 1; }
	fdm_t1=$(now)
	fdm_got=$(ls $fout/new | wc -l)
	frate=$(python3 -c "print('%.0f' % ($fdm_got / ($fdm_t1 - $fdm_t0)))")
	echo "fdm (regexp match + Maildir delivery): $fdm_got mails in $(python3 -c "print('%.2f' % ($fdm_t1 - $fdm_t0))") s: $frate msg/s"
	# nothing is deleted before the end: files created while recently
	# deleted inodes are about cost more on some file systems (ext4 without
	# a journal skips them one by one), and would penalise the next phase
}

fdm_baseline() {
	fdm_run "${2:-}" || return 1
	[ -n "$frate" ] || return 0
	echo "ratio altc/fdm: $(python3 -c "print('%.2f' % ($1 / $frate))")${FDM_TARGET:+ $FDM_TARGET}"
}

fdm_ratio() {
	[ -n "$2" ] && [ -n "$3" ] || return 0
	echo "ratio altc/fdm: $(python3 -c "print('%.2f' % ($1 / max($2, $3)))") (against the faster fdm run)${FDM_TARGET:+ $FDM_TARGET}"
}
