#!/usr/bin/env bash
# Builds Cairn's local job images into the local Docker engine, without any registry:
#
#   cairn/base:bookworm (+ cairn/base:latest)  Debian bookworm minbase + the tools a
#                                              CircleCI job's shell expects
#   cairn/node:bookworm (+ cairn/node:latest)  the same + Node.js and npm (Debian's)
#
# An image is built only when it is missing or was built by an older recipe (label
# cairn.image.recipe); --force rebuilds both. See README.md beside this file.
#
# Usage: build.sh [--force] [--print-mirror] [--help]
#
# Environment:
#   CAIRN_DEBIAN_MIRROR           Debian mirror URL (default: the first Debian source in
#                                 the machine's apt configuration)
#   CAIRN_DEBIAN_SECURITY_MIRROR  Debian security mirror URL, or "none" (default: from apt
#                                 configuration; none if there is no such source)
#   CAIRN_IMAGES_VERBOSE=1        stream debootstrap/apt output instead of logging it
#   TMPDIR                        where the temporary root filesystems go (default /var/tmp)
#
# Exit codes: 0 images ready (built or already there), 1 a build step failed,
#             2 bad usage, 3 a prerequisite is missing (docker, root, debootstrap, mirror).
set -euo pipefail

# Bump when the recipe below changes: images with another recipe label are rebuilt.
readonly RECIPE_VERSION=2
readonly SUITE=bookworm
readonly BASE_IMAGE="cairn/base:${SUITE}"
readonly NODE_IMAGE="cairn/node:${SUITE}"
readonly BASE_PACKAGES=(
  bash bzip2 ca-certificates coreutils curl findutils git gnupg gzip jq less netbase
  netcat-openbsd openssh-client openssh-sftp-server procps sudo tar unzip wget xz-utils zip
)
readonly NODE_PACKAGES=(nodejs npm)
readonly IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
readonly CIRCLECI_UID=3434
readonly APT_ETC="${CAIRN_APT_ETC:-/etc/apt}" # tests point this at a fake apt directory

log() { printf '%s\n' "$*"; }
die() {
  local code=$1
  shift
  printf 'build.sh: error: %s\n' "$*" >&2
  exit "$code"
}

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

force=0
print_mirror=0
for arg in "$@"; do
  case "$arg" in
  --force) force=1 ;;
  --print-mirror) print_mirror=1 ;;
  -h | --help)
    usage
    exit 0
    ;;
  *)
    printf 'build.sh: unknown argument: %s (usage: build.sh [--force] [--print-mirror] [--help])\n' "$arg" >&2
    exit 2
    ;;
  esac
done

# --- the Debian mirror, from the machine's own apt configuration --------------------------

# Prints "URI SUITE" for every enabled `deb` source, in the order apt reads them:
# sources.list, then sources.list.d/*.list and *.sources in name order. Understands both the
# one-line format and deb822 (.sources) paragraphs.
apt_sources() {
  local files=() f
  [[ -f "$APT_ETC/sources.list" ]] && files+=("$APT_ETC/sources.list")
  for f in "$APT_ETC"/sources.list.d/*; do
    case "$f" in *.list | *.sources) [[ -f "$f" ]] && files+=("$f") ;; esac
  done
  ((${#files[@]})) || return 0
  awk '
    function flush(   n, m, i, j, uris, suites) {
      if (types ~ /(^| )deb( |$)/ && tolower(enabled) != "no") {
        n = split(uri_field, uris, /[ \t]+/)
        m = split(suite_field, suites, /[ \t]+/)
        for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
          if (uris[i] != "" && suites[j] != "") print uris[i], suites[j]
      }
      types = ""; uri_field = ""; suite_field = ""; enabled = ""; last = ""
    }
    FNR == 1 { if (deb822) flush(); deb822 = (FILENAME ~ /\.sources$/); last = "" }
    deb822 {
      if ($0 ~ /^[ \t]*#/) next
      if ($0 ~ /^[ \t]*$/) { flush(); next }
      if ($0 ~ /^[ \t]/) { value = $0 }
      else {
        last = tolower(substr($0, 1, index($0, ":") - 1))
        value = substr($0, index($0, ":") + 1)
      }
      if (last == "types") types = types " " value
      else if (last == "uris") uri_field = uri_field " " value
      else if (last == "suites") suite_field = suite_field " " value
      else if (last == "enabled") { gsub(/[ \t]/, "", value); enabled = value }
      next
    }
    {
      sub(/#.*/, "")
      if ($1 != "deb") next
      i = 2
      if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
      if (i + 1 <= NF) print $i, $(i + 1)
    }
    END { if (deb822) flush() }
  ' "${files[@]}"
}

readonly DEBIAN_SUITES='buster|bullseye|bookworm|trixie|forky|duke|sid|oldoldstable|oldstable|stable|testing|unstable'

# $1 = main | security. Prints the first matching http(s) URI, without a trailing slash.
find_debian_mirror() {
  local pattern
  if [[ $1 == main ]]; then
    pattern="^(${DEBIAN_SUITES})(-updates|-backports)?$"
  else
    pattern="^(${DEBIAN_SUITES})(-security|/updates)$"
  fi
  local uri suite
  while read -r uri suite; do
    [[ $uri =~ ^https?:// && $suite =~ $pattern ]] || continue
    printf '%s\n' "${uri%/}"
    return 0
  done < <(apt_sources)
  return 0
}

mirror="${CAIRN_DEBIAN_MIRROR:-$(find_debian_mirror main)}"
mirror="${mirror%/}"
security_mirror="${CAIRN_DEBIAN_SECURITY_MIRROR:-$(find_debian_mirror security)}"
security_mirror="${security_mirror%/}"
[[ $security_mirror == none ]] && security_mirror=""

if ((print_mirror)); then
  printf 'mirror %s\nsecurity %s\n' "${mirror:-none}" "${security_mirror:-none}"
  exit 0
fi

# --- what is there already -----------------------------------------------------------------

command -v docker >/dev/null 2>&1 ||
  die 3 "docker is not installed (apt-get install docker.io, then start dockerd)"
docker info >/dev/null 2>&1 ||
  die 3 "cannot reach the Docker engine (is dockerd running, and may this user use its socket?)"

# Two runs at once (the start script and a test, say) would build twice: take turns.
lockfile="${TMPDIR:-/tmp}/cairn-images.lock"
exec 9>>"$lockfile" || die 3 "cannot open the lock file $lockfile"
if ! flock -n 9; then
  log "waiting for another build.sh run to finish…"
  flock 9
fi

# Prints ok | missing | stale.
image_state() {
  local recipe
  if ! recipe=$(docker image inspect -f '{{ index .Config.Labels "cairn.image.recipe" }}' "$1" 2>/dev/null); then
    echo missing
  elif [[ $recipe == "$RECIPE_VERSION" ]]; then
    echo ok
  else
    echo stale
  fi
}

need_base=$force
need_node=$force
if ((!force)); then
  for image in "$BASE_IMAGE" "$NODE_IMAGE"; do
    state=$(image_state "$image")
    if [[ $state == ok ]]; then
      id=$(docker image inspect -f '{{.Id}}' "$image")
      log "$image exists (${id:7:12}, recipe $RECIPE_VERSION), skipping"
      docker tag "$image" "${image%:*}:latest"
    else
      [[ $state == stale ]] && log "$image was built by another recipe, rebuilding"
      if [[ $image == "$BASE_IMAGE" ]]; then need_base=1; else need_node=1; fi
    fi
  done
  # cairn/node is cairn/base plus Node.js: a new base means a new node image.
  ((need_base)) && need_node=1
fi
if ((!need_base && !need_node)); then
  log "cairn images ready"
  exit 0
fi

# --- prerequisites for building ------------------------------------------------------------

((EUID == 0)) || die 3 "building the images needs root (debootstrap and chroot); run: sudo $0"
((need_base)) && { command -v debootstrap >/dev/null 2>&1 ||
  die 3 "debootstrap is not installed (apt-get install debootstrap)"; }
for tool in chroot tar mount umount; do
  command -v "$tool" >/dev/null 2>&1 || die 3 "$tool is not installed"
done
[[ -n $mirror ]] || die 3 "no Debian mirror found in $APT_ETC/sources.list{,.d}; set CAIRN_DEBIAN_MIRROR=http://<host>/debian"
[[ $mirror =~ ^https?:// ]] || die 2 "CAIRN_DEBIAN_MIRROR must be an http(s) URL, got: $mirror"

# A proxy that apt on this machine uses is used by the build too (debootstrap's wget and apt
# in the chroot both honour http_proxy).
if [[ -z ${http_proxy:-} ]] && command -v apt-config >/dev/null 2>&1; then
  apt_proxy=""
  eval "$(apt-config shell apt_proxy Acquire::http::Proxy)"
  if [[ -n $apt_proxy && $apt_proxy != DIRECT ]]; then
    export http_proxy="$apt_proxy"
  fi
fi
# Keep a snapshot mirror usable: if this machine's apt skips the Valid-Until check, so do we.
apt_opts=()
if command -v apt-config >/dev/null 2>&1; then
  check_valid_until=""
  eval "$(apt-config shell check_valid_until Acquire::Check-Valid-Until)"
  [[ $check_valid_until == false ]] && apt_opts+=(-o Acquire::Check-Valid-Until=false)
fi

# --- the temporary work area, removed on exit ----------------------------------------------

work=$(mktemp -d "${TMPDIR:-/var/tmp}/cairn-images.XXXXXX")
buildlog=$(mktemp "${TMPDIR:-/tmp}/cairn-images-build.XXXXXX.log")
succeeded=0

unmount_under() {
  local mnt
  # Deepest first. /proc/mounts escapes spaces as \040; our paths have none.
  awk -v root="$1/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r mnt; do umount -l "$mnt" 2>/dev/null || true; done
}

cleanup() {
  unmount_under "$work"
  rm -rf --one-file-system "$work"
  if ((succeeded)); then
    rm -f "$buildlog"
  elif [[ -s $buildlog ]]; then
    printf 'build.sh: the build log is kept at %s; its end:\n' "$buildlog" >&2
    tail -n 30 "$buildlog" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs a command with its output in the build log (or on the terminal when verbose).
quietly() {
  if [[ ${CAIRN_IMAGES_VERBOSE:-} == 1 ]]; then
    "$@"
  else
    "$@" >>"$buildlog" 2>&1
  fi
}

# Runs a shell command with apt inside the root filesystem $1: network through the host's
# resolver, /proc mounted, no service starts, fast (unsafe) dpkg I/O; all undone afterwards.
in_chroot() {
  local root=$1 cmd=$2 status=0
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/cairn-build-unsafe-io"
  mount -t proc proc "$root/proc" || return
  quietly chroot "$root" /usr/bin/env -i \
    PATH="$IMAGE_PATH" HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    http_proxy="${http_proxy:-}" https_proxy="${https_proxy:-}" no_proxy="${no_proxy:-}" \
    APT_OPTS="${apt_opts[*]}" \
    /bin/sh -euc "$cmd" || status=$?
  umount "$root/proc" || umount -l "$root/proc"
  rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/dpkg/dpkg.cfg.d/cairn-build-unsafe-io"
  : >"$root/etc/resolv.conf"
  return "$status"
}

# Everything that makes a debootstrapped tree a container image; also repairs an exported one.
configure_rootfs() {
  local root=$1
  {
    echo "deb $mirror $SUITE main"
    echo "deb $mirror $SUITE-updates main"
    if [[ -n $security_mirror ]]; then echo "deb $security_mirror $SUITE-security main"; fi
  } >"$root/etc/apt/sources.list"
  # Slim like Debian's own container images: no manuals, docs (but licences) or translations.
  cat >"$root/etc/dpkg/dpkg.cfg.d/cairn-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  cat >"$root/etc/apt/apt.conf.d/cairn-container" <<'EOF'
// Container image defaults: keep no downloaded packages, no translations.
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::Languages "none";
Acquire::GzipIndexes "true";
EOF
  # The host's name and addresses must not leak into the image; Docker supplies its own.
  echo localhost >"$root/etc/hostname"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
  : >"$root/etc/resolv.conf"
  rm -f "$root/.dockerenv"
}

# $1 rootfs; $2 = keep-lists to keep apt's package lists (tar leaves them out of the image).
slim_rootfs() {
  local root=$1 keep=${2:-}
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$root"/usr/share/{man,info,groff,lintian}/* 2>/dev/null || true
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  [[ $keep == keep-lists ]] || rm -rf "$root"/var/lib/apt/lists/*
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin
  rm -rf "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old "$root"/var/log/* "$root"/tmp/*
  mkdir -p "$root/var/lib/apt/lists/partial"
}

# $1 rootfs, $2 image, $3 base|node
import_rootfs() {
  local root=$1 image=$2 kind=$3
  # Package lists are fetched again by whoever needs them (`apt-get update`), as in any image.
  tar --numeric-owner -C "$root" --exclude='./var/lib/apt/lists/*' -c . 2>>"$buildlog" |
    docker import \
      --change "ENV PATH=$IMAGE_PATH" \
      --change "ENV LANG=C.UTF-8" \
      --change "LABEL cairn.image=$kind" \
      --change "LABEL cairn.image.recipe=$RECIPE_VERSION" \
      --change "LABEL cairn.image.suite=$SUITE" \
      --change 'CMD ["/bin/bash"]' \
      - "$image" >>"$buildlog" || return
  docker tag "$image" "${image%:*}:latest"
}

# Runs "$@" as one step of a build: prints "  <what>… Ns" when it is done.
step() {
  local what=$1 t=$SECONDS
  shift
  "$@" || return
  log "  $what… $((SECONDS - t))s"
}

started=$SECONDS
root="$work/rootfs"
# The images being replaced, removed at the end if nothing else uses them.
old_ids=()
for image in "$BASE_IMAGE" "$NODE_IMAGE"; do
  if [[ $image == "$BASE_IMAGE" ]] && ((!need_base)); then continue; fi
  id=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null) && old_ids+=("$id")
done

# --- cairn/base ----------------------------------------------------------------------------

if ((need_base)); then
  base_t0=$SECONDS
  log "building $BASE_IMAGE (debootstrap)…"
  # Plain minbase, then the rest with apt in the new tree: apt fetches in one pipelined
  # stream where debootstrap's --include fetches one package at a time (measured: 13 s
  # faster), and the same apt run applies the security and point-release updates.
  step "debootstrap --variant=minbase from $mirror" \
    quietly debootstrap --variant=minbase "$SUITE" "$root" "$mirror" ||
    die 1 "debootstrap failed (mirror $mirror)"
  # debootstrap leaves its /proc and /sys mounted when it fails half-way; it is done now.
  unmount_under "$root"
  configure_rootfs "$root"
  step "apt-get upgrade, apt-get install ${#BASE_PACKAGES[@]} packages" \
    in_chroot "$root" "apt-get \$APT_OPTS update && apt-get \$APT_OPTS -y upgrade && apt-get \$APT_OPTS -y install --no-install-recommends ${BASE_PACKAGES[*]}" ||
    die 1 "apt-get install in the new root filesystem failed"
  # The user a CircleCI image has: circleci (uid 3434, passwordless sudo), beside root.
  chroot "$root" /usr/sbin/useradd --uid "$CIRCLECI_UID" --user-group --create-home \
    --shell /bin/bash circleci
  echo 'circleci ALL=(ALL) NOPASSWD:ALL' >"$root/etc/sudoers.d/circleci"
  chmod 0440 "$root/etc/sudoers.d/circleci"
  slim_rootfs "$root" keep-lists
  step "docker import" import_rootfs "$root" "$BASE_IMAGE" base ||
    die 1 "docker import of $BASE_IMAGE failed"
  log "$BASE_IMAGE done in $((SECONDS - base_t0))s"
fi

# --- cairn/node: cairn/base's tree + apt-get install -------------------------------------

if ((need_node)); then
  node_t0=$SECONDS
  if ((need_base)); then
    # Go on in cairn/base's tree (already imported): it still has the package lists fetched
    # a moment ago and nothing to upgrade.
    # shellcheck disable=SC2016 # expanded inside the chroot
    node_apt='apt-get $APT_OPTS -y install --no-install-recommends '
  else
    # The base image is there but not its tree: take the tree back out of Docker.
    log "exporting $BASE_IMAGE…"
    mkdir -p "$root"
    cid=$(docker create "$BASE_IMAGE" /bin/true) || die 1 "docker create $BASE_IMAGE failed"
    status=0
    docker export "$cid" | tar --numeric-owner -C "$root" -x || status=$?
    docker rm "$cid" >/dev/null || true
    ((status == 0)) || die 1 "docker export of $BASE_IMAGE failed"
    configure_rootfs "$root"
    # shellcheck disable=SC2016 # expanded inside the chroot
    node_apt='apt-get $APT_OPTS update && apt-get $APT_OPTS -y upgrade && apt-get $APT_OPTS -y install --no-install-recommends '
  fi
  log "building $NODE_IMAGE (apt-get install ${NODE_PACKAGES[*]})…"
  step "apt-get install ${NODE_PACKAGES[*]}" \
    in_chroot "$root" "$node_apt${NODE_PACKAGES[*]}" ||
    die 1 "apt-get install ${NODE_PACKAGES[*]} failed"
  slim_rootfs "$root"
  step "docker import" import_rootfs "$root" "$NODE_IMAGE" node ||
    die 1 "docker import of $NODE_IMAGE failed"
  log "$NODE_IMAGE done in $((SECONDS - node_t0))s"
fi

for id in "${old_ids[@]}"; do
  # Fails, harmlessly, while a container or another tag still uses the old image.
  docker image rm "$id" >/dev/null 2>&1 || true
done

succeeded=1
log "cairn images ready (built in $((SECONDS - started))s)"
