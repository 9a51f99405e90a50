#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# check-api-docs.sh — the API reference of libpostmortem-store builds: a separate build
# tree configured with -Ddocs=true makes the GIR (g-ir-scanner, every warning fatal) and
# the gi-docgen reference (warnings fatal), and every function of the library's version
# script, plus the overview, is in the reference. Skips (77) when gi-docgen or
# g-ir-scanner is missing.
# Runs in: meson test (suite data). Usage: check-api-docs.sh SOURCE_ROOT
set -euo pipefail
src="$1"
for tool in gi-docgen g-ir-scanner; do
  if ! command -v "$tool" >/dev/null; then
    echo "1..0 # SKIP $tool is not installed (tests/install-deps.sh installs it)"; exit 77
  fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

meson setup "$tmp/build" "$src" -Ddocs=true -Dgui=disabled -Dsymbolize=disabled -Dwerror=true \
  >"$tmp/setup.log" 2>&1 || { echo "meson setup -Ddocs=true failed:"; cat "$tmp/setup.log"; exit 1; }
ninja -C "$tmp/build" core/store/doc/postmortem-store-1 >"$tmp/build.log" 2>&1 || {
  echo "the reference did not build:"; cat "$tmp/build.log"; exit 1; }
# (The scanner runs with --warn-error and gi-docgen with --fatal-warnings: any warning
# failed the build above. Show what they said all the same.)
grep -i "warning" "$tmp/build.log" && { echo "warnings while building the reference"; exit 1; }

doc="$tmp/build/core/store/doc/postmortem-store-1"
for page in index.html overview.html class.Store.html class.Report.html class.Settings.html; do
  [ -s "$doc/$page" ] || { echo "the reference has no $page"; exit 1; }
done
missing=0
names=$(sed -n '/global:/,/local:/p' "$src/core/store/libpostmortem-store.map" |
        grep -oE '^\s+pm_[a-z0-9_]+;' | tr -d ' ;' | grep -v '_get_type$')
n=0
for name in $names; do
  n=$((n + 1))
  if ! grep -rqF -- "$name" "$doc"; then
    echo "not in the reference: $name"; missing=$((missing + 1))
  fi
done
[ "$missing" -eq 0 ] || exit 1
# Documented, not only listed: every function, its parameters and its return value.
python3 - "$tmp/build/core/store/PostmortemStore-1.gir" <<'PY' || exit 1
import sys
import xml.etree.ElementTree as ET
ns = {"c": "http://www.gtk.org/introspection/c/1.0", "g": "http://www.gtk.org/introspection/core/1.0"}
C = "{%s}" % ns["c"]
bad = []
for kind in ("function", "method", "constructor"):
    for fn in ET.parse(sys.argv[1]).getroot().iter("{%s}%s" % (ns["g"], kind)):
        name = fn.get(C + "identifier")
        if name.endswith("_get_type"):
            continue
        if fn.find("g:doc", ns) is None:
            bad.append("%s: no description" % name)
        for p in fn.iterfind("g:parameters/g:parameter", ns):
            if p.find("g:doc", ns) is None:
                bad.append("%s: parameter %s undocumented" % (name, p.get("name")))
        ret = fn.find("g:return-value", ns)
        rtype = ret.find("g:type", ns)
        if ret.find("g:doc", ns) is None and (rtype is None or rtype.get("name") != "none"):
            bad.append("%s: return value undocumented" % name)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
echo "the reference documents all $n functions (and the overview)"
