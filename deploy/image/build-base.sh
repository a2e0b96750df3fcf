#!/usr/bin/env bash
# build-base.sh OUT_DIR [JIB_FROM_IMAGE]: the base image of Plumbline's container image, made offline from the build
# machine's own JDK, as a `docker save` tarball OUT_DIR/base.tar that Jib reads as `tar://OUT_DIR/base.tar`
# (agent/app/pom.xml, profile `image`). No registry is needed: none that holds a JRE image can be reached from where
# Plumbline is built.
#
# The one layer holds, distroless-style (no shell, no package manager):
#   /opt/java/openjdk         a Java runtime made by jlink from the JDK that runs the build (Java 17), with the
#                             modules Plumbline and its libraries use; the build machine's CA certificates as its
#                             cacerts; without the AWT/sound/imaging native libraries, which need X11, ALSA and image
#                             libraries and which a headless daemon never loads
#   /usr/lib/<arch>/...       the shared libraries the runtime links against (zlib, libstdc++, libgcc_s) and
#                             glibc's (sqlite-jdbc's native library needs libpthread.so.0 too), copied from the
#                             build machine (Debian 12: packages libc6, zlib1g, libstdc++6, libgcc-s1); glibc's
#                             C.UTF-8 locale (libc-bin); their copyright files under /usr/share/doc/<package>/, and
#                             the packages and versions in /usr/share/doc/plumbline-base/packages.txt
#   /lib, /lib64 -> usr/...   the merged-/usr layout, as on Debian 12, so the ELF interpreter is where binaries look
#   /etc/passwd, /etc/group   root, and the user `plumbline` (uid and gid 65532) the image runs as; its home is the
#                             state directory
#   /var/lib/plumbline        owned by 65532, mode 0700: the state directory (a volume)
#   /etc/plumbline            where the configuration is mounted
#   /tmp                      mode 1777 (the JVM's and sqlite-jdbc's temporary files)
# Its config: PATH and JAVA_HOME as in the eclipse-temurin images (Java at /opt/java/openjdk), LANG=C.UTF-8,
# user 65532:65532. With a registry in reach, `-Djib.from.image=eclipse-temurin:17-jre` uses that image instead.
#
# The tarball is made again only when it is missing or older than this script or the JDK: jlink takes about 10 s.
# The layer is reproducible for one JDK and one set of libraries: sorted entries, owners by number, times at 0.
set -euo pipefail

out="$(realpath -m "${1:?usage: build-base.sh OUT_DIR [JIB_FROM_IMAGE]}")"
# the value of -Djib.from.image, as Maven passes it (the expression itself when it is not set)
from_image="${2:-}"
if [[ -n "$from_image" && "$from_image" != '${jib.from.image}' ]]; then
  echo "build-base.sh: the image builds on $from_image (jib.from.image): no base image to make"
  exit 0
fi
if [[ "$(uname -s)" != Linux ]] || ! command -v ldd >/dev/null; then
  echo "build-base.sh: the base image is made from this machine's Linux JDK and glibc; here build with -DskipImage," \
    "or on a registry's image: -Djib.from.image=eclipse-temurin:17-jre" >&2
  exit 1
fi
script="${BASH_SOURCE[0]}"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v jlink || command -v java)")")")}"
jlink="$java_home/bin/jlink"
[[ -x "$jlink" ]] || { echo "build-base.sh: no jlink in $java_home (a JDK 17 is needed, not a JRE)" >&2; exit 1; }

base="$out/base.tar"
if [[ -f "$base" && "$base" -nt "$script" && "$base" -nt "$java_home/release" ]]; then
  echo "build-base.sh: $base is up to date"
  exit 0
fi

# java.* and jdk.* modules Plumbline's class path uses (jdeps --print-module-deps), and those it reaches only at run
# time: elliptic-curve and PKCS#11 crypto for TLS and SSH, the zip file system, DNS for JNDI, more charsets, and jcmd
# for thread and heap dumps (`kubectl exec POD -- jcmd 1 Thread.print`)
modules=java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.rmi
modules+=,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,java.xml.crypto
modules+=,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jcmd,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net
modules+=,jdk.unsupported,jdk.zipfs
# native libraries of java.desktop a headless daemon never loads, which link against X11, ALSA, freetype, libjpeg...
desktop_natives=(libawt_xawt.so libjawt.so libsplashscreen.so libjsound.so libfontmanager.so libjavajpeg.so liblcms.so)

# a work directory of this run's own, and the tarball moved into place whole: two builds at once do not collide
mkdir -p "$out"
work="$(mktemp -d "$out/work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$root/opt/java"

started=$SECONDS
# without --strip-debug: it would take 6 s more and drop the line numbers from the JDK's frames of stack traces, to
# save 7 MB of the compressed image
"$jlink" --add-modules "$modules" --no-header-files --no-man-pages --output "$root/opt/java/openjdk"
for lib in "${desktop_natives[@]}"; do
  rm -f "$root/opt/java/openjdk/lib/$lib"
done
# the machine's CA certificates (Debian: ca-certificates-java keeps them current), else the JDK's own
if [[ -f /etc/ssl/certs/java/cacerts ]]; then
  cp -L /etc/ssl/certs/java/cacerts "$root/opt/java/openjdk/lib/security/cacerts"
fi

# shared libraries: what every ELF file of the runtime needs, as the loader resolves it here
declare -A needed=()
while IFS= read -r -d '' elf; do
  if ! head -c 4 "$elf" | grep -q 'ELF'; then continue; fi
  while read -r path; do
    [[ -n "$path" ]] && needed["$path"]=1
  done < <(ldd "$elf" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}')
done < <(find "$root/opt/java/openjdk/bin" "$root/opt/java/openjdk/lib" -type f \( -perm -u+x -o -name '*.so' \) -print0)
# glibc's libraries that native code in jars links against (sqlite-jdbc's needs libpthread.so.0), beside libc: all
# of glibc's but the character set converters; and libgcc_s, which glibc loads when a thread ends or is cancelled
libc_dir=""
for path in "${!needed[@]}"; do
  [[ "$(basename "$path")" == libc.so.6 ]] && libc_dir="$(dirname "$path")"
done
[[ -n "$libc_dir" ]] || { echo "build-base.sh: ldd found no libc.so.6 for the runtime" >&2; exit 1; }
for name in libc.so.6 libm.so.6 libpthread.so.0 libdl.so.2 librt.so.1 libresolv.so.2 libutil.so.1 libanl.so.1 \
    libnss_files.so.2 libnss_dns.so.2 libgcc_s.so.1; do
  [[ -e "$libc_dir/$name" ]] && needed["$libc_dir/$name"]=1
done

packages=()
for path in "${!needed[@]}"; do
  case "$path" in "$root"/*) continue ;; esac           # the runtime's own libraries
  inside="$path"
  case "$path" in
    /lib/*) inside="/usr$path" ;;
    /lib64/*) inside="/usr$path" ;;
  esac
  mkdir -p "$root$(dirname "$inside")"
  cp -L "$path" "$root$inside"
  if command -v dpkg >/dev/null; then
    package=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null || true)
    [[ -n "$package" ]] && packages+=("${package%%:*}")
  fi
done
# the C.UTF-8 locale (LANG=C.UTF-8): glibc does not build it in; without it the JVM reads file names as ASCII
if [[ -d /usr/lib/locale/C.utf8 ]]; then
  mkdir -p "$root/usr/lib/locale"
  cp -rL /usr/lib/locale/C.utf8 "$root/usr/lib/locale/C.utf8"
  if command -v dpkg >/dev/null; then
    package=$(dpkg -S /usr/lib/locale/C.utf8 2>/dev/null || true)
    [[ -n "$package" ]] && packages+=("${package%%:*}")
  fi
fi
ln -s usr/lib "$root/lib"
[[ -d "$root/usr/lib64" ]] && ln -s usr/lib64 "$root/lib64"

# the JDK whose modules jlink linked (Debian: openjdk-17-jdk-headless; its licences are in the runtime's legal/)
if command -v dpkg >/dev/null; then
  package=$(dpkg -S "$java_home/jmods/java.base.jmod" 2>/dev/null || dpkg -S "$(readlink -f "$java_home")/jmods/java.base.jmod" 2>/dev/null || true)
  [[ -n "$package" ]] && packages+=("${package%%:*}")
fi
mkdir -p "$root/usr/share/doc/plumbline-base"
{
  echo "# the Debian packages whose files this base image holds (the Java runtime: jlink of $java_home)"
  if ((${#packages[@]})); then
    printf '%s\n' "${packages[@]}" | sed 's/:.*//' | sort -u | while read -r package; do
      dpkg-query -W -f '${binary:Package} ${Version}\n' "$package" 2>/dev/null || echo "$package"
      if [[ -f "/usr/share/doc/$package/copyright" ]]; then
        mkdir -p "$root/usr/share/doc/$package"
        cp -L "/usr/share/doc/$package/copyright" "$root/usr/share/doc/$package/copyright"
      fi
    done
  fi
} > "$root/usr/share/doc/plumbline-base/packages.txt"
# the runtime's own name and version, and its licence files stay in /opt/java/openjdk (release, legal/)

mkdir -p "$root/etc" "$root/etc/plumbline" "$root/var/lib/plumbline" "$root/tmp"
cat > "$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
plumbline:x:65532:65532:Plumbline:/var/lib/plumbline:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
cat > "$root/etc/group" <<'EOF'
root:x:0:
plumbline:x:65532:
nogroup:x:65534:
EOF
cat > "$root/etc/nsswitch.conf" <<'EOF'
passwd: files
group: files
hosts: files dns
EOF

# the layer: root owns everything but the state directory; no write bits for group and others but on /tmp
layer="$work/layer.tar"
common=(--format=gnu --numeric-owner --mtime=@0 --no-acls --no-xattrs --no-selinux)
(
  cd "$root"
  tar "${common[@]}" --sort=name --owner=0 --group=0 --mode='u+rwX,go+rX,go-w' \
    --exclude=./tmp --exclude=./var/lib/plumbline -cf "$layer" .
  tar "${common[@]}" --owner=0 --group=0 --mode=1777 --no-recursion -rf "$layer" ./tmp
  tar "${common[@]}" --owner=65532 --group=65532 --mode=0700 --no-recursion -rf "$layer" ./var/lib/plumbline
)

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) arch="$(uname -m)" ;;
esac
diff_id="sha256:$(sha256sum "$layer" | cut -d' ' -f1)"
version="$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$root/opt/java/openjdk/release")"
cat > "$work/config.json" <<EOF
{"architecture":"$arch","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"65532:65532",
  "Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
         "JAVA_HOME=/opt/java/openjdk","JAVA_VERSION=$version","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z",
   "created_by":"deploy/image/build-base.sh: jlink runtime of Java $version and the libraries it links against"}]}
EOF
cat > "$work/manifest.json" <<'EOF'
[{"Config":"config.json","RepoTags":["plumbline-base:local"],"Layers":["layer.tar"]}]
EOF
tar --format=gnu --numeric-owner --owner=0 --group=0 --mtime=@0 -C "$work" -cf "$work/base.tar" \
  manifest.json config.json layer.tar
mv -f "$work/base.tar" "$base"
echo "build-base.sh: $base ($(du -h "$base" | cut -f1), Java $version, $arch) in $((SECONDS - started)) s"
