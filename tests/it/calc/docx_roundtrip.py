"""Opens a .docx in LibreOffice Writer as a leader would: exports it to PDF, turns on track
changes, replaces one sentence, saves it as .docx, and opens the saved file again.

Usage: python3 docx_roundtrip.py IN.docx OUT.docx OUT.pdf OLD NEW
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import desktop, prop, url  # noqa: E402


def main():
    src, out, pdf, old, new = sys.argv[1:]
    with desktop() as (office, _):
        doc = office.loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
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
        again = office.loadComponentFromURL(url(out), "_blank", 0, (prop("Hidden", True),))
        changes = again.getRedlines().createEnumeration()
        n = 0
        while changes.hasMoreElements():
            changes.nextElement()
            n += 1
        print("reopened with %d tracked changes" % n)
        again.close(True)


if __name__ == "__main__":
    main()
