"""Opens a document in LibreOffice, accepts every tracked change, and saves its text.

Usage: accept_all.py DOCUMENT OUT.txt [--keep-changes | --reject]

Comments are taken out of a copy of the document first: LibreOffice 7.4 running headless can
crash when it makes a view of a document with comments, which accepting changes needs. Only
the comment markers go; the text and the tracked changes stay as they are.

With --keep-changes the document is saved as text as it is, without accepting anything: the
same export of the original gives the text that `ally fix` on plain text is compared with.
With --reject every tracked change is rejected instead, which must give the original text back.

Runs under the Python that LibreOffice's UNO bridge belongs to (Debian: python3-uno with
/usr/bin/python3). Starts its own headless LibreOffice with a private profile.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


COMMENT_MARKERS = re.compile(
    rb'<w:commentRange(?:Start|End) w:id="\d+"/>|<w:r><w:commentReference w:id="\d+"/></w:r>'
)


# In .odt: the end markers first, then each annotation with its text.
ANNOTATION_ENDS = re.compile(rb"<office:annotation-end [^>]*/>")
ANNOTATIONS = re.compile(rb"<office:annotation[ >].*?</office:annotation>", re.S)


def without_comments(source, folder):
    """A copy of the .docx or .odt at `source` in `folder` without comments in its main text."""
    copy = os.path.join(folder, os.path.basename(source))
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(copy, "w") as out:
        for entry in original.infolist():
            data = original.read(entry)
            if entry.filename == "word/document.xml":
                data = COMMENT_MARKERS.sub(b"", data)
            elif entry.filename == "content.xml":
                data = ANNOTATIONS.sub(b"", ANNOTATION_ENDS.sub(b"", data))
            out.writestr(entry, data)
    return copy


def main():
    out = os.path.abspath(sys.argv[2])
    accept = "--keep-changes" not in sys.argv
    command = ".uno:RejectAllTrackedChanges" if "--reject" in sys.argv else ".uno:AcceptAllTrackedChanges"
    profile = tempfile.mkdtemp()
    source = without_comments(os.path.abspath(sys.argv[1]), tempfile.mkdtemp())
    pipe = f"ally_accept_{os.getpid()}"
    # A new profile makes LibreOffice restart itself once, which would cut the connection:
    # let it set the profile up first.
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--terminate_after_init"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext()
        )
        for _ in range(120):
            try:
                context = resolver.resolve(
                    f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
                )
                break
            except Exception:
                time.sleep(0.5)
        else:
            sys.exit("LibreOffice did not start")
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        # Right after start-up a load may come back empty; it succeeds once the office settles.
        document = None
        for _ in range(5):
            document = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),)
            )
            if document is not None:
                break
            time.sleep(2)
        if document is None:
            sys.exit(f"LibreOffice could not open {source}")
        if accept:
            dispatcher = manager.createInstanceWithContext(
                "com.sun.star.frame.DispatchHelper", context
            )
            frame = document.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, command, "", 0, ())
        document.storeToURL(
            uno.systemPathToFileUrl(out),
            (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF,,,")),
        )
        # Closing a document with comments can bring LibreOffice 7.4 down when it runs
        # headless; it is stopped below instead.
    finally:
        office.terminate()
        office.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(os.path.dirname(source), ignore_errors=True)


if __name__ == "__main__":
    main()
