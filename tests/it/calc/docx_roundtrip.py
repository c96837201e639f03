"""Opens a .docx in LibreOffice Writer as a leader would: exports it to PDF, turns on track
changes, replaces one sentence, saves it as .docx, and opens the saved file again.

Usage: python3 docx_roundtrip.py IN.docx OUT.docx OUT.pdf OLD NEW
"""
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main():
    src, out, pdf, old, new = sys.argv[1:]
    profile = tempfile.mkdtemp(prefix="huibao-lo-")
    pipe = "huibaodocx%d" % os.getpid()
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         "-env:UserInstallation=file://" + profile,
         "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(300):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.1)
        else:
            raise SystemExit("soffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        url = lambda p: uno.systemPathToFileUrl(os.path.abspath(p))
        doc = desktop.loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
        doc.storeToURL(url(pdf), (prop("FilterName", "writer_pdf_Export"),))
        doc.RecordChanges = True
        search = doc.createSearchDescriptor()
        search.SearchString = old
        found = doc.findFirst(search)
        if found is None:
            raise SystemExit("sentence not found: " + old)
        found.setString(new)
        doc.storeToURL(url(out), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        again = desktop.loadComponentFromURL(url(out), "_blank", 0, (prop("Hidden", True),))
        changes = again.getRedlines().createEnumeration()
        n = 0
        while changes.hasMoreElements():
            changes.nextElement()
            n += 1
        print("reopened with %d tracked changes" % n)
        again.close(True)
    finally:
        office.terminate()
        try:
            office.wait(10)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
