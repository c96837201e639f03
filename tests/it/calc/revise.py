"""Revises a .docx in LibreOffice Writer as a leader does: turns on track changes
(.uno:TrackChanges), and for each OLD NEW pair selects OLD's first occurrence and types NEW
over it (.uno:InsertText, as the keyboard does); an OLD of the form `re:...` is a regular
expression (`re:^附件1$`, a paragraph that is only that). Saves as Word 2007-365 .docx.

Usage: python3 revise.py IN.docx OUT.docx OLD NEW [OLD NEW ...]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import desktop, prop, url  # noqa: E402


def main():
    src, out = sys.argv[1:3]
    pairs = sys.argv[3:]
    with desktop() as (office, ctx):
        doc = office.loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
        dispatch = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx)
        frame = doc.CurrentController.Frame
        dispatch.executeDispatch(frame, ".uno:TrackChanges", "", 0, (prop("TrackChanges", True),))
        if not doc.RecordChanges:
            raise SystemExit("track changes did not turn on")
        for old, new in zip(pairs[::2], pairs[1::2]):
            search = doc.createSearchDescriptor()
            if old.startswith("re:"):
                search.SearchRegularExpression = True
                old = old[3:]
            search.SearchString = old
            found = doc.findFirst(search)
            if found is None:
                raise SystemExit("not found: " + old)
            doc.CurrentController.select(found)
            dispatch.executeDispatch(frame, ".uno:InsertText", "", 0, (prop("Text", new),))
        doc.storeToURL(url(out), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)


if __name__ == "__main__":
    main()
