"""Reads a reviewed or fixed document back with tools that are not ally.

Usage: read_review.py REVIEWED.docx CONVERTED.odt
       read_review.py --annotations DOCUMENT.odt
       read_review.py --changes FIXED.docx
       read_review.py --odt-changes RESAVED.odt

- REVIEWED.docx is read with python-docx (PyPI): each comment's id, author, initials and
  first paragraph.
- CONVERTED.odt is what LibreOffice made of REVIEWED.docx: each office:annotation with the
  text it is anchored on, as LibreOffice understood the comment's range.
- With --changes, FIXED.docx is read with python-docx: each tracked deletion and insertion,
  with its author and text.
- With --odt-changes, RESAVED.odt is a fixed .odt as LibreOffice saved it again: each tracked
  deletion and insertion, in the order of the text, with its author and text, as LibreOffice
  understood them.
"""

import sys
import xml.etree.ElementTree as ET
import zipfile

import docx

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
NS = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def python_docx_comments(path):
    for comment in docx.Document(path).comments:
        first = comment.text.split("\n")[0]
        yield f"python-docx: {comment.comment_id} {comment.author} ({comment.initials}): {first}"


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def python_docx_changes(path):
    document = docx.Document(path)
    parts = [document.element.body]
    parts += [section.header._element for section in document.sections]
    for part in parts:
        for change in part.iter(W + "del", W + "ins"):
            kind = "deletion" if change.tag == W + "del" else "insertion"
            text = "".join(t.text or "" for t in change.iter(W + "t", W + "delText"))
            yield f"python-docx: {kind} by {change.get(W + 'author')}: `{text}`"


def libreoffice_annotations(path):
    root = ET.fromstring(zipfile.ZipFile(path).read("content.xml"))
    open_ = {}
    done = []

    def walk(element):
        for child in element:
            if child.tag == OFFICE + "annotation":
                creator = child.findtext("dc:creator", default="", namespaces=NS)
                paragraphs = ["".join(p.itertext()) for p in child.findall("text:p", NS)]
                open_[child.get(OFFICE + "name")] = [creator, paragraphs, ""]
            elif child.tag == OFFICE + "annotation-end":
                done.append(open_.pop(child.get(OFFICE + "name")))
            else:
                if child.text:
                    for annotation in open_.values():
                        annotation[2] += child.text
                walk(child)
            if child.tail:
                for annotation in open_.values():
                    annotation[2] += child.tail

    walk(root)
    for creator, paragraphs, anchored in done:
        yield f"libreoffice: {creator} on `{anchored}`: {paragraphs[0] if paragraphs else ''}"
        for paragraph in paragraphs[1:]:
            yield f"  {paragraph}"


def libreoffice_changes(path):
    root = ET.fromstring(zipfile.ZipFile(path).read("content.xml"))
    text = "{" + NS["text"] + "}"
    regions = {}
    for region in root.iter(text + "changed-region"):
        for kind in ("deletion", "insertion"):
            change = region.find("text:" + kind, NS)
            if change is not None:
                creator = change.findtext("office:change-info/dc:creator", default="", namespaces={**NS, "office": OFFICE[1:-1]})
                deleted = "".join("".join(p.itertext()) for p in change.findall("text:p", NS))
                regions[region.get(text + "id")] = (kind, creator, deleted)
    inserted = {}
    open_ = set()
    order = []

    def walk(element):
        for child in element:
            if child.tag == text + "tracked-changes":
                continue
            if child.tag in (text + "change", text + "change-start"):
                order.append(child.get(text + "change-id"))
            if child.tag == text + "change-start":
                open_.add(child.get(text + "change-id"))
                inserted[child.get(text + "change-id")] = ""
            elif child.tag == text + "change-end":
                open_.discard(child.get(text + "change-id"))
            else:
                for id_ in open_:
                    inserted[id_] += child.text or ""
                walk(child)
            for id_ in open_:
                inserted[id_] += child.tail or ""

    walk(root)
    for id_ in order:
        kind, creator, deleted = regions[id_]
        shown = deleted if kind == "deletion" else inserted.get(id_, "")
        yield f"libreoffice (.odt): {kind} by {creator}: `{shown}`"


if __name__ == "__main__":
    if sys.argv[1] == "--odt-changes":
        for line in libreoffice_changes(sys.argv[2]):
            print(line)
        sys.exit(0)
    if sys.argv[1] == "--annotations":
        for line in libreoffice_annotations(sys.argv[2]):
            print(line)
        sys.exit(0)
    if sys.argv[1] == "--changes":
        for line in python_docx_changes(sys.argv[2]):
            print(line)
        sys.exit(0)
    for line in python_docx_comments(sys.argv[1]):
        print(line)
    for line in libreoffice_annotations(sys.argv[2]):
        print(line)
