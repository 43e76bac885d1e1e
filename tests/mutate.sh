#!/bin/sh
# mutate.sh - do the tests catch what they claim?  Applies each mutant of a
# list (one small text change in the source: a flipped comparison, a dropped
# guard, a changed constant, a removed side effect), rebuilds, runs the tests
# named for it and reports which mutants were killed (a test failed) and
# which survived (nothing noticed).  Run by hand from a configured build
# tree; never from make check.  The source is always restored, even on ^C.
#
# usage: tests/mutate.sh [-b BUILD] [-f LIST] [-k REGEX] [-c CMD] [-t SECS] [-u] [-n] [-v]
#   -b BUILD  configured build directory (default: build, then .)
#   -f LIST   mutant list (default: tests/mutants.txt)
#   -k REGEX  only the mutants whose header line matches REGEX (grep -E)
#   -c CMD    test command for every mutant instead of the tests it names,
#             run from the top of the tree with $BUILD and $TESTS exported
#             (e.g. -c 'make -C "$BUILD" check' for the whole suite)
#   -t SECS   a test run longer than this is stopped and counts as killed
#             (a mutant that loops forever; default 300)
#   -u        every unit test of make check besides the tests named (the
#             unit tests take seconds, the whole suite many minutes)
#   -n        only check that every mutant applies (its text is found once)
#   -v        show the output of failing builds and of the test command
#
# List format: a mutant starts with a header line
#     @ FILE | TEST... | what the mutant breaks
# FILE is a base name found anywhere in the tree (files may move between
# folders), TEST the make check TESTS entries that must catch it; then
#     - original text (exactly once in FILE)
#     + replacement text (may be empty: "+" alone deletes the original)
# Several "- " (or "+ ") lines in a row are one text of several lines.
# Blank lines and lines starting with # are ignored.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build= list="$top/tests/mutants.txt" filter= cmd= dry=0 verbose=0 limit=300 units=
while getopts b:f:k:c:t:unv opt; do
	case $opt in
	b) build=$OPTARG ;;
	f) list=$OPTARG ;;
	k) filter=$OPTARG ;;
	c) cmd=$OPTARG ;;
	t) limit=$OPTARG ;;
	u) units=all ;;
	n) dry=1 ;;
	v) verbose=1 ;;
	*) sed -n '9,21s/^# \{0,1\}//p' "$0" >&2; exit 64 ;;
	esac
done
if [ -z "$build" ]; then
	if [ -f "$top/build/Makefile" ]; then build=$top/build; else build=$top; fi
fi
build=$(cd "$build" && pwd) || exit 66
[ -f "$build/Makefile" ] || { echo "mutate.sh: $build is not configured" >&2; exit 66; }
[ -r "$list" ] || { echo "mutate.sh: cannot read $list" >&2; exit 66; }
command -v perl >/dev/null || { echo "mutate.sh: perl is needed" >&2; exit 69; }

if [ "$units" = all ]; then
	units=$(make -s -C "$build" -f Makefile -f - print-tests <<'MK' | tr ' ' '\n' | grep '^tests/unit/'
print-tests:
	@echo $(TESTS)
MK
) || { echo "mutate.sh: cannot list the unit tests of $build" >&2; exit 66; }
fi

work=$(mktemp -d) || exit 70
backup= target=
restore() {
	if [ -n "$target" ] && [ -f "$backup" ]; then
		cp "$backup" "$target" && touch "$target"
	fi
	target=
}
trap 'restore; rm -rf "$work"; exit 130' INT TERM
trap 'restore; rm -rf "$work"' EXIT

# locate FILE: exactly one source file of that name outside the build and .git
locate() {
	find "$top" \( -path "$build" -o -path "$top/.git" -o -path "$top/autom4te.cache" \) \
	    -prune -o -type f -name "$1" -print > "$work/found"
	[ "$(wc -l < "$work/found")" -eq 1 ] && cat "$work/found"
}

# apply FILE: replace the one occurrence of $MUT_FROM by $MUT_TO
apply() {
	MUT_FILE=$1 perl -e '
		local $/; open(my $f, "<", $ENV{MUT_FILE}) or exit 3; my $s = <$f>; close $f;
		my ($from, $to) = ($ENV{MUT_FROM}, $ENV{MUT_TO});
		my $n = () = $s =~ /\Q$from\E/g;
		exit($n == 0 ? 4 : 5) if $n != 1;
		exit 0 if $ENV{MUT_DRY};
		$s =~ s/\Q$from\E/$to/;
		open($f, ">", $ENV{MUT_FILE}) or exit 3; print $f $s; close $f or exit 3;'
}

killed=0 survived=0 broken=0 invalid=0 total=0
survivors=

# one mutant: header in $hdr, text in $MUT_FROM/$MUT_TO
run_one() {
	total=$((total + 1))
	file=$(printf '%s\n' "$hdr" | cut -d'|' -f1 | sed 's/^@ *//; s/ *$//')
	tests=$(printf '%s\n' "$hdr" | cut -d'|' -f2 | sed 's/^ *//; s/ *$//')
	what=$(printf '%s\n' "$hdr" | cut -d'|' -f3- | sed 's/^ *//')
	label="#$total $file: $what"
	if [ -n "$filter" ] && ! printf '%s\n' "$hdr" | grep -Eq -- "$filter"; then
		return
	fi
	if ! path=$(locate "$file"); then
		printf '%s\n' "INVALID  $label (file not found once)"
		invalid=$((invalid + 1)); return
	fi
	export MUT_FROM MUT_TO
	MUT_DRY=1; export MUT_DRY
	apply "$path"; rc=$?
	if [ $rc -ne 0 ]; then
		case $rc in 4) why="text not found" ;; 5) why="text found more than once" ;; *) why="i/o error" ;; esac
		printf '%s\n' "INVALID  $label ($why)"
		invalid=$((invalid + 1)); return
	fi
	[ "$dry" -eq 1 ] && { printf '%s\n' "ok       $label"; return; }
	backup=$work/orig
	cp -p "$path" "$backup" || exit 73
	target=$path
	MUT_DRY=0 apply "$path" || { restore; invalid=$((invalid + 1)); return; }
	if ! make -C "$build" -j2 > "$work/build.log" 2>&1; then
		printf '%s\n' "BROKEN   $label (does not build)"
		[ "$verbose" -eq 1 ] && tail -20 "$work/build.log"
		broken=$((broken + 1)); restore; return
	fi
	[ -n "$units" ] && tests=$(printf '%s\n' $units $tests | awk '!seen[$0]++' | tr '\n' ' ')
	# only unit tests: build just their programs; a script may need any of them
	progs=$(for t in $tests; do case $t in tests/unit/*) echo "$t" ;; *) echo ALL ;; esac; done |
	    tr '\n' ' ')
	BUILD=$build TESTS=$tests; export BUILD TESTS
	if [ -n "$cmd" ]; then
		(cd "$top" && timeout "$limit" sh -c "$cmd") > "$work/test.log" 2>&1
	elif echo "$progs" | grep -q ALL; then
		timeout "$limit" make -C "$build" check TESTS="$tests" > "$work/test.log" 2>&1
	else
		timeout "$limit" make -C "$build" check TESTS="$tests" check_PROGRAMS="$progs" \
		    > "$work/test.log" 2>&1
	fi
	if [ $? -ne 0 ]; then
		printf '%s\n' "killed   $label"
		killed=$((killed + 1))
	else
		printf '%s\n' "SURVIVED $label"
		[ "$verbose" -eq 1 ] && tail -20 "$work/test.log"
		survived=$((survived + 1))
		survivors="$survivors
  $label"
	fi
	restore
}

hdr= MUT_FROM= MUT_TO= have_from=0 have_to=0
flush() {
	if [ -n "$hdr" ]; then
		if [ $have_from -eq 1 ] && [ $have_to -eq 1 ]; then
			run_one
		else
			total=$((total + 1))
			echo "INVALID  #$total $hdr (needs one - and one + line)"
			invalid=$((invalid + 1))
		fi
	fi
	hdr= MUT_FROM= MUT_TO= have_from=0 have_to=0
}
exec 3< "$list"
while IFS= read -r line <&3; do
	case $line in
	'#'*|'') ;;
	'@'*) flush; hdr=$line ;;
	'- '*) if [ $have_from -eq 1 ]; then MUT_FROM="$MUT_FROM
${line#- }"; else MUT_FROM=${line#- }; fi; have_from=1 ;;
	'+ '*) if [ $have_to -eq 1 ]; then MUT_TO="$MUT_TO
${line#+ }"; else MUT_TO=${line#+ }; fi; have_to=1 ;;
	'+') if [ $have_to -eq 1 ]; then MUT_TO="$MUT_TO
"; fi; have_to=1 ;;
	*) echo "mutate.sh: $list: cannot read line: $line" >&2 ;;
	esac
done
flush
exec 3<&-

if [ "$dry" -eq 1 ]; then
	echo "$total mutants, $invalid invalid"
	[ $invalid -eq 0 ]; exit
fi
# rebuild the restored tree so the build matches the source again, test
# programs included (the last ones built hold a mutant)
[ $((killed + survived + broken)) -gt 0 ] && make -C "$build" -j2 > /dev/null 2>&1 &&
    make -C "$build" -j2 check TESTS= > /dev/null 2>&1
scored=$((killed + survived))
echo "killed $killed, survived $survived, not building $broken, invalid $invalid"
if [ $scored -gt 0 ]; then
	echo "mutation score: $((100 * killed / scored))% ($killed/$scored)"
fi
[ -n "$survivors" ] && printf '%s\n' "survivors:$survivors"
exit 0
