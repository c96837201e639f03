"""Types into a workbook with LibreOffice Calc as a department would, then saves it as .xlsx.

Usage: python3 type_into.py IN.xlsx OUT.xlsx SHEET CELL=TEXT ...

Each TEXT goes in through setFormula, which is what typing into the cell does (Calc converts
2025.10, dates, times and percentages by the cell's format). A TEXT of the form `paste:...` is
set with setString instead, as a paste of plain text is (`\\r\\n` in it becomes a CR LF);
`general:...` first resets the cell's format to General, as pasting a formatted cell does;
`type:...` goes through Calc's input line (.uno:EnterString), which honours a text format.
Started with its own headless soffice and profile, so it runs next to a user's LibreOffice.
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
    src, out, sheet_name, *edits = sys.argv[1:]
    profile = tempfile.mkdtemp(prefix="huibao-lo-")
    pipe = "huibao%d" % os.getpid()
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "-env:UserInstallation=file://" + profile,
            "--accept=pipe,name=%s;urp;" % pipe,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        for _ in range(300):
            try:
                ctx = resolver.resolve(
                    "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
                )
                break
            except Exception:
                time.sleep(0.1)
        else:
            raise SystemExit("soffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx
        )
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),)
        )
        sheet = doc.Sheets.getByName(sheet_name)
        controller = doc.getCurrentController()
        controller.setActiveSheet(sheet)
        dispatcher = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx
        )
        frame = controller.getFrame()
        for edit in edits:
            cell, text = edit.split("=", 1)
            target = sheet.getCellRangeByName(cell)
            if text.startswith("general:"):
                # A cell whose format was reset to General (pasted over with formatting).
                target.NumberFormat = 0
                text = text[len("general:"):]
            if text.startswith("type:"):
                # Through the input line, as a person typing into the cell: the cell's format
                # decides what the text becomes.
                controller.select(target)
                dispatcher.executeDispatch(
                    frame, ".uno:EnterString", "", 0, (prop("StringName", text[len("type:"):]),)
                )
            elif text.startswith("paste:"):
                target.setString(text[len("paste:"):].replace("\\r\\n", "\r\n"))
            else:
                target.setFormula(text)
        doc.calculateAll()
        doc.storeToURL(
            uno.systemPathToFileUrl(os.path.abspath(out)),
            (prop("FilterName", "Calc MS Excel 2007 XML"),),
        )
        doc.close(True)
    finally:
        office.terminate()
        try:
            office.wait(10)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
