#!/usr/bin/env bash
# The round trip of `ally review` through real office software, too heavy for every `cargo test`:
#
#   1. `ally review` writes a reviewed copy of a handbook that LibreOffice wrote
#      (tests/fixtures/libreoffice/handbook.docx: a heading, a table, a footnote, a header and
#      `white|list` split over two formatting runs);
#   2. python-docx (PyPI) reads the copy's comments;
#   3. LibreOffice opens the copy and saves it as .odt, and the annotations it kept are read
#      back with the text each is anchored on;
#   4. both are compared with tests/fixtures/libreoffice/handbook.review.expected;
#   5. the same for the handbook saved as .odt, whose comments LibreOffice reads back after
#      saving the reviewed copy again;
#   6. `ally fix --track-changes` writes the same handbook's fixes as tracked changes;
#      python-docx lists them, LibreOffice accepts them all and saves the text, and that text
#      must be the text of the original (as LibreOffice saves it) after `ally fix` on it;
#      rejecting them all must give the original text;
#   7. the same tracked changes in the handbook saved as .odt, read back after LibreOffice saved
#      the fixed copy again.
#
# Usage: scripts/office-roundtrip.sh [--screenshot DIR] [--update]
#
#   --screenshot DIR  also render the reviewed copy to PDF and its first page to DIR/review.png
#   --update          write what was read to the expected file instead of comparing
#
# Installs Debian's libreoffice-writer-nogui, python3-uno and poppler-utils (with sudo when not
# root), and python-docx into a virtual environment in the work folder, if they are missing.

set -euo pipefail

screenshot=""
update=false
while (($#)); do
    case $1 in
        --screenshot) screenshot=$2; shift 2 ;;
        --update) update=true; shift ;;
        *) printf 'usage: %s [--screenshot DIR] [--update]\n' "$0" >&2; exit 2 ;;
    esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
expected=$root/tests/fixtures/libreoffice/handbook.review.expected
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

missing=()
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
# Accepting tracked changes goes through LibreOffice's UNO bridge, which the system Python has.
/usr/bin/python3 -c 'import uno' 2>/dev/null || missing+=(python3-uno)
if ((${#missing[@]})); then
    sudo=""
    [[ $(id -u) -ne 0 ]] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q python-docx==1.2.0

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
cp "$root/tests/fixtures/libreoffice/handbook.docx" "$work/"
(cd "$work" && SOURCE_DATE_EPOCH=1796601600 "$root/target/release/ally" review handbook.docx) || [[ $? -eq 1 ]]

# A private LibreOffice profile, so that a desktop session's settings do not change the result.
office() { soffice -env:UserInstallation="file://$work/profile" --headless "$@" >/dev/null 2>&1; }
office --convert-to odt --outdir "$work/odt" "$work/handbook.reviewed.docx"
[[ -f $work/odt/handbook.reviewed.odt ]] || { echo "LibreOffice could not open the reviewed copy" >&2; exit 1; }
"$work/venv/bin/python" "$root/scripts/office/read_review.py" \
    "$work/handbook.reviewed.docx" "$work/odt/handbook.reviewed.odt" >"$work/read.txt"

# The same review of the handbook as LibreOffice saved it in its own format.
cp "$root/tests/fixtures/libreoffice/handbook.odt" "$work/"
(cd "$work" && SOURCE_DATE_EPOCH=1796601600 "$root/target/release/ally" review handbook.odt >/dev/null) || [[ $? -eq 1 ]]
office --convert-to odt:writer8 --outdir "$work/resaved" "$work/handbook.reviewed.odt"
[[ -f $work/resaved/handbook.reviewed.odt ]] || { echo "LibreOffice could not open the reviewed .odt" >&2; exit 1; }
"$work/venv/bin/python" "$root/scripts/office/read_review.py" --annotations \
    "$work/resaved/handbook.reviewed.odt" | sed 's/^libreoffice:/libreoffice (.odt):/' >>"$work/read.txt"

# Tracked changes.
replace=(--replace foreman=supervisor --replace crazy=surprising)
cp "$root/tests/fixtures/libreoffice/handbook.docx" "$work/fixed.docx"
(cd "$work" && SOURCE_DATE_EPOCH=1796601600 "$root/target/release/ally" fix --track-changes \
    "${replace[@]}" fixed.docx >/dev/null 2>&1)
"$work/venv/bin/python" "$root/scripts/office/read_review.py" --changes "$work/fixed.docx" >>"$work/read.txt"
/usr/bin/python3 "$root/scripts/office/accept_all.py" "$work/fixed.docx" "$work/accepted.txt"
/usr/bin/python3 "$root/scripts/office/accept_all.py" \
    "$root/tests/fixtures/libreoffice/handbook.docx" "$work/plain.txt" --keep-changes
"$root/target/release/ally" fix "${replace[@]}" "$work/plain.txt" >/dev/null 2>&1
if diff -u "$work/plain.txt" "$work/accepted.txt"; then
    echo "accepted in LibreOffice: the same text as \`ally fix\` on the plain text" >>"$work/read.txt"
else
    echo "office round trip: accepting the tracked changes gives other text than ally fix (diff above)" >&2
    exit 1
fi

# Rejecting every change gives the original text back.
/usr/bin/python3 "$root/scripts/office/accept_all.py" "$work/fixed.docx" "$work/rejected.txt" --reject
/usr/bin/python3 "$root/scripts/office/accept_all.py" \
    "$root/tests/fixtures/libreoffice/handbook.docx" "$work/original.txt" --keep-changes
diff -u "$work/original.txt" "$work/rejected.txt" || { echo "office round trip: rejecting the changes does not give the original text" >&2; exit 1; }

# The same for the handbook saved as .odt: LibreOffice saves the fixed copy again and its tracked
# changes are read back, then accepted and rejected.
cp "$root/tests/fixtures/libreoffice/handbook.odt" "$work/fixed.odt"
(cd "$work" && SOURCE_DATE_EPOCH=1796601600 "$root/target/release/ally" fix --track-changes \
    "${replace[@]}" fixed.odt >/dev/null 2>&1)
office --convert-to odt:writer8 --outdir "$work/resaved" "$work/fixed.odt"
[[ -f $work/resaved/fixed.odt ]] || { echo "LibreOffice could not open the fixed .odt" >&2; exit 1; }
"$work/venv/bin/python" "$root/scripts/office/read_review.py" --odt-changes "$work/resaved/fixed.odt" >>"$work/read.txt"
/usr/bin/python3 "$root/scripts/office/accept_all.py" "$work/fixed.odt" "$work/accepted-odt.txt"
/usr/bin/python3 "$root/scripts/office/accept_all.py" \
    "$root/tests/fixtures/libreoffice/handbook.odt" "$work/plain-odt.txt" --keep-changes
cp "$work/plain-odt.txt" "$work/original-odt.txt"
"$root/target/release/ally" fix "${replace[@]}" "$work/plain-odt.txt" >/dev/null 2>&1
diff -u "$work/plain-odt.txt" "$work/accepted-odt.txt" || { echo "office round trip: accepting the .odt's changes gives other text than ally fix" >&2; exit 1; }
/usr/bin/python3 "$root/scripts/office/accept_all.py" "$work/fixed.odt" "$work/rejected-odt.txt" --reject
diff -u "$work/original-odt.txt" "$work/rejected-odt.txt" || { echo "office round trip: rejecting the .odt's changes does not give the original text" >&2; exit 1; }
echo "accepted in LibreOffice (.odt): the same text as \`ally fix\` on the plain text; rejected: the original" >>"$work/read.txt"

if [[ -n $screenshot ]]; then
    mkdir -p "$screenshot"
    # LibreOffice 7.4 exports comments as PDF notes, drawn as an icon after each term.
    office --convert-to 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}' \
        --outdir "$work/pdf" "$work/handbook.reviewed.docx"
    pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$work/pdf/handbook.reviewed.pdf" "$screenshot/review"
    echo "wrote $screenshot/review.png"
fi

if $update; then
    cp "$work/read.txt" "$expected"
    echo "wrote $expected"
elif diff -u "$expected" "$work/read.txt"; then
    echo "office round trip: LibreOffice and python-docx read the comments and tracked changes ally wrote"
else
    echo "office round trip: the reviewed copy reads differently (diff above)" >&2
    exit 1
fi
