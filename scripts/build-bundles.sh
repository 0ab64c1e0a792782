#!/bin/sh
# Usage: scripts/build-bundles.sh [OUT_DIR]   (default: bundle-cache/ of this checkout)
# Builds every bundle under bundles/<b>/ (payload/ archived, bundle.env gives the manifest fields)
# into OUT_DIR/<name>-<version>-<os>-<arch>.tar.gz plus its .manifest.json (docs/bundles.md).
# Needs only GNU tar, gzip and sha256sum, not the jar. The flags make the archive reproducible:
# sorted names, fixed mtime (2020-01-01, as BundleBuilder), owner 0:0, normalized modes, GNU
# format (no pax headers), no macOS sidecars, gzip without name or timestamp.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/bundle-cache}
mkdir -p "$out"
out=$(cd "$out" && pwd)

json_list() {
    first=1
    printf '['
    for item in $1; do
        [ "$first" -eq 1 ] || printf ', '
        printf '"%s"' "$item"
        first=0
    done
    printf ']'
}

json_string() {
    printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"
}

for dir in "$root"/bundles/*/; do
    [ -f "$dir/bundle.env" ] || continue
    BUNDLE_NAME= BUNDLE_VERSION= BUNDLE_OS=linux BUNDLE_ARCH=any BUNDLE_CAPABILITIES= BUNDLE_ENTRY= BUNDLE_RESULT_FILES= BUNDLE_REQUIRES_ON_HOST=
    . "$dir/bundle.env"
    stem="$BUNDLE_NAME-$BUNDLE_VERSION-$BUNDLE_OS-$BUNDLE_ARCH"
    entries=$(cd "$dir/payload" && LC_ALL=C ls -A | grep -v -e '^\._' -e '^\.DS_Store$')
    # shellcheck disable=SC2086 # entries are names we control, one per word
    LC_ALL=C tar --sort=name --format=gnu --mtime=@1577836800 --owner=0 --group=0 --numeric-owner \
        --mode='a=rX,u+w' --exclude='._*' --exclude='.DS_Store' \
        -C "$dir/payload" -cf - $entries | gzip -n -9 > "$out/$stem.tar.gz.tmp"
    mv "$out/$stem.tar.gz.tmp" "$out/$stem.tar.gz"
    sha=$(sha256sum "$out/$stem.tar.gz" | cut -d' ' -f1)
    {
        printf '{\n  "schema_version" : 1,\n'
        printf '  "name" : "%s",\n  "version" : "%s",\n  "os" : "%s",\n  "arch" : "%s",\n' "$BUNDLE_NAME" "$BUNDLE_VERSION" "$BUNDLE_OS" "$BUNDLE_ARCH"
        printf '  "sha256" : "%s",\n' "$sha"
        printf '  "capabilities" : %s,\n' "$(json_list "$BUNDLE_CAPABILITIES")"
        printf '  "entry_command" : %s,\n' "$(json_string "$BUNDLE_ENTRY")"
        printf '  "result_files" : %s' "$(json_list "$BUNDLE_RESULT_FILES")"
        # only wrappers carry it (BundleManifest.toJson writes it only when not empty)
        [ -z "$BUNDLE_REQUIRES_ON_HOST" ] || printf ',\n  "requires_on_host" : %s' "$(json_list "$BUNDLE_REQUIRES_ON_HOST")"
        printf '\n}\n'
    } > "$out/$stem.manifest.json.tmp"
    mv "$out/$stem.manifest.json.tmp" "$out/$stem.manifest.json"
    echo "$out/$stem.tar.gz $sha"
done
