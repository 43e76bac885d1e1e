#!/bin/sh
# layers.sh - the source folders depend on each other one way only: no cycle
# of includes or calls between folders, the core depends on no other folder
# and the mail library only on the core (check_layers.py).  The checker is
# first shown trees that break each rule, so that it is known to catch them.
. "${ALTC_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/lib.sh"
CHECK="python3 $ALTC_SRCDIR/tests/layout/check_layers.py"
T=$(mktemp -d "${TMPDIR:-/tmp}/altc-layers.XXXXXX")
trap 'rm -rf "$T"' EXIT

# tree DIR: a small tree with a core and a workflow using it
tree() {
	mkdir -p "$1/engine" "$1/mailers" "$1/offer"
	printf 'int\ncore_fn(void)\n{\n\treturn 0;\n}\n' > "$1/engine/core.c"
	printf 'int core_fn(void);\n' > "$1/engine/core.h"
	printf 'int\nmail_fn(void)\n{\n\treturn 0;\n}\n' > "$1/mailers/mail.c"
	printf 'int mail_fn(void);\n' > "$1/mailers/mail.h"
	printf '#include "core.h"\n#include "mail.h"\nint\noffer_fn(void)\n{\n\treturn core_fn() + mail_fn();\n}\n' \
	    > "$1/offer/offer.c"
	printf 'int offer_fn(void);\n' > "$1/offer/offer.h"
}

tree "$T/good"
ok "a tree whose folders depend one way passes" sh -c "$CHECK '$T/good' >/dev/null"

tree "$T/call"
printf '#include "core.h"\nint\ncore2(void)\n{\n\treturn offer_fn();\n}\n' > "$T/call/engine/up.c"
ok "the core calling a workflow by name is caught" sh -c "! $CHECK '$T/call' >/dev/null"

tree "$T/inc"
printf '#include "mail.h"\n' > "$T/inc/engine/up.h"
ok "the core including a header of the mail library is caught" sh -c "! $CHECK '$T/inc' >/dev/null"

tree "$T/cycle"
mkdir -p "$T/cycle/company"
printf '#include "offer.h"\nint\ncompany_fn(void)\n{\n\treturn offer_fn();\n}\n' > "$T/cycle/company/company.c"
printf 'int company_fn(void);\n' > "$T/cycle/company/company.h"
printf 'int\nuse(void)\n{\n\treturn company_fn();\n}\n' >> "$T/cycle/offer/offer.c"
ok "two workflows calling each other are caught as a cycle" \
    sh -c "$CHECK '$T/cycle' | grep -q 'folders in a cycle'"

out=$($CHECK "$ALTC_SRCDIR" 2>&1)
ok "the source tree has no cycle between folders ($(echo "$out" | tail -n 1))" \
    test "$(echo "$out" | grep -c '^not ok')" -eq 0
echo "$out" | grep '^not ok\|^  ' | sed 's/^/# /'
e2e_done
