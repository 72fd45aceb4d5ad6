#!/usr/bin/env bash
# Builds one of the project's two virtualenvs from the pinned requirement
# files, unless it is already built from the same files (stamp = their hash).
#   scripts/mkvenv.sh openerp|satchmo|bench|browser
# browser: the Python 3 venv of the browser walk (tests/browser/walk.py), and
# Debian's Chromium (apt-get, as root) when /usr/bin/chromium is missing.
. "$(dirname "$0")/common.sh"
kind=$1
case $kind in
  openerp) venv=$OE_VENV; reqs="$ROOT/requirements/openerp.txt $ROOT/requirements/openerp-addons.txt" ;;
  satchmo) venv=$SHOP_VENV; reqs="$ROOT/requirements/satchmo.txt" ;;
  bench) venv=$BENCH_VENV; reqs="$ROOT/requirements/bench.txt" ;;
  browser) venv=$BROWSER_VENV; reqs="$ROOT/requirements/browser.txt" ;;
  *) die "usage: $0 openerp|satchmo|bench|browser" ;;
esac
if [ "$kind" = browser ] && [ ! -x /usr/bin/chromium ]; then
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
        || die "the browser walk needs Chromium at /usr/bin/chromium: install it (Debian: apt-get install chromium)"
    say "installing Chromium (apt-get install chromium)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2 \
        || die "apt-get install chromium failed"
fi
stamp=$(cat $reqs "$0" | md5sum | cut -c1-32)
if [ -f "$venv/.stamp" ] && [ "$(cat "$venv/.stamp")" = "$stamp" ]; then
    exit 0
fi
if [ "$kind" = browser ]; then
    py=$(command -v python3) || die "the browser walk needs Python 3 (python3 on PATH)"
    say "building the $kind virtualenv in $venv (with $py)"
    rm -rf "$venv"
    if ! "$py" -m venv "$venv" >/dev/null 2>&1; then
        [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || die "$py cannot make a venv: install python3-venv"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; } >&2
        rm -rf "$venv"; "$py" -m venv "$venv" || die "$py -m venv failed"
    fi
    "$venv/bin/python" -m pip --disable-pip-version-check -q install -r "$reqs" 2>&1 | { grep -v -E 'WARNING: (Url|Location)' || true; }
    [ "${PIPESTATUS[0]}" = 0 ] || die "installing $reqs failed"
    echo "$stamp" > "$venv/.stamp"
    say "$kind virtualenv ready"
    exit 0
fi
py=$(find_python27)
say "building the $kind virtualenv in $venv (with $py)"
rm -rf "$venv"
tools=$BUILD/virtualenv-tool
if ! PYTHONPATH=$tools "$py" -c 'import virtualenv' 2>/dev/null; then
    "$py" -m pip install -q --disable-pip-version-check --target "$tools" virtualenv==20.15.1 2>&1 | grep -v -E 'WARNING: Url|DEPRECATION' || true
fi
export VIRTUALENV_OVERRIDE_APP_DATA=$BUILD/virtualenv-data
PYTHONPATH=$tools "$py" -m virtualenv -q -p "$py" "$venv"
pip() { "$venv/bin/python" -m pip --disable-pip-version-check -q "$@" 2>&1 | { grep -v -E 'WARNING: Url|DEPRECATION|^$' || true; }; return "${PIPESTATUS[0]}"; }
case $kind in
  openerp)
    # reportlab declares pillow>=4 but runs on the 3.4.2 OpenERP 7 needs
    pip install --no-warn-conflicts -r "$ROOT/requirements/openerp.txt"
    pip install --no-deps -r "$ROOT/requirements/openerp-addons.txt" ;;
  satchmo)
    pip install --no-binary Django -r "$ROOT/requirements/satchmo.txt" ;;
  bench)
    pip install -r "$ROOT/requirements/bench.txt" ;;
esac
echo "$stamp" > "$venv/.stamp"
say "$kind virtualenv ready"
