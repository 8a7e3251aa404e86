# shellcheck shell=bash
# Shared by scripts/test and scripts/demo: sourced, not run. Expects ROOT (the repository) to be set.
# Sets up .venv with the package and its test extras, and installs Debian packages when running as root.

VENV=$ROOT/.venv
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

say() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
die() { say "$*"; exit 1; }

# apt_install PACKAGE...: install as root, refreshing the package lists only when that is what failed.
apt_install() {
    local hint="install them with: apt-get install $*"
    if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null; then
        die "missing $*; $hint"
    fi
    local apt=(apt-get -y -q -o DPkg::Lock::Timeout=300 -o APT::Get::Assume-Yes=true)
    local log
    log=$(mktemp)
    say "installing $* with apt-get"
    if ! compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null \
        || ! "${apt[@]}" install --no-install-recommends "$@" </dev/null >"$log" 2>&1; then
        "${apt[@]}" update </dev/null >>"$log" 2>&1
        "${apt[@]}" install --no-install-recommends "$@" </dev/null >>"$log" 2>&1 \
            || { tail -n 20 "$log" >&2; rm -f "$log"; die "apt-get could not install $*; $hint"; }
    fi
    rm -f "$log"
}

# ensure_venv: a working .venv with the package and its test extras (reinstalled when pyproject.toml
# or the checkout's location changes; the install is editable).
python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }

ensure_venv() {
    if [[ -x $VENV/bin/python ]] && ! python_ok "$VENV/bin/python"; then
        say "recreating $VENV (it does not run Python 3.11+)"
        rm -rf "$VENV"
    fi
    if [[ ! -x $VENV/bin/python ]]; then
        PYTHON=${PYTHON:-python3}
        python_ok "$(command -v "$PYTHON" || echo "$PYTHON")" || die "Python 3.11+ is needed; install it with: apt-get install python3 python3-venv"
        # Debian splits the venv module (with ensurepip) into python3-venv.
        if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
            rm -rf "$VENV"
            apt_install python3-venv
            "$PYTHON" -m venv "$VENV" || { rm -rf "$VENV"; die "could not create $VENV with $PYTHON -m venv"; }
        fi
    fi

    # Reinstall only when pyproject.toml or the checkout's location changed (the install is editable).
    local stamp
    stamp="$(sha256sum pyproject.toml | cut -d' ' -f1) $ROOT"
    if [[ "$(cat "$VENV/.rebound-installed" 2>/dev/null)" != "$stamp" ]] \
        || ! "$VENV/bin/python" -c 'import sidecar, pytest, responses' 2>/dev/null; then
        "$VENV/bin/python" -m pip install -q -e '.[test]' >"$VENV/pip.log" 2>&1 \
            || { tail -n 20 "$VENV/pip.log" >&2; die "pip install -e '.[test]' failed; full log in $VENV/pip.log"; }
        printf '%s' "$stamp" >"$VENV/.rebound-installed"
    fi
}

# ensure_mariadb: a reachable server, or the binaries to start a private one (sidecar.devdb).
ensure_mariadb() {
    local check='
import os, sys
from sidecar import devdb
sys.exit(0 if devdb.server_url(os.environ) or devdb.find_binaries() else 1)'
    "$VENV/bin/python" -c "$check" || apt_install mariadb-server
    "$VENV/bin/python" -c "$check" \
        || die "no MariaDB server reachable and no mariadbd to start one; install: apt-get install mariadb-server"
}
