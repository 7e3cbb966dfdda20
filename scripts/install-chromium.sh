#!/bin/sh
# Install the Debian packages the browser tests need (browser downloads do not work here):
#   chromium, chromium-driver  the browser Playwright drives (tests/conftest.py)
#   fonts-dejavu-core          a font with every Turkish letter, for screenshots and PDFs
#   poppler-utils              pdfinfo/pdftotext, to read printed pages back (test_quality_print)
#   zbar-tools                 zbarimg, to read the QR codes of printed checklists back (test_site_address)
#   default-jre-headless       Java for the Nu HTML Checker (test_quality_markup)
# Installs only what is missing; does nothing when everything is there.
set -e
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
[ -x /usr/bin/chromedriver ] || need="$need chromium-driver"
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need="$need fonts-dejavu-core"
{ command -v pdftotext && command -v pdfinfo; } >/dev/null 2>&1 || need="$need poppler-utils"
command -v zbarimg >/dev/null 2>&1 || need="$need zbar-tools"
java -version >/dev/null 2>&1 || need="$need default-jre-headless"
if [ -z "$need" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "Installing Debian packages:$need" >&2
# slim images lack this folder, and the Java package's post-install step fails without it
$SUDO mkdir -p /usr/share/man/man1
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
java -version >/dev/null 2>&1 || { echo "java -version fails after installing default-jre-headless" >&2; exit 1; }
