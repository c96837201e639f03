"""Types into a workbook with LibreOffice Calc as a department would, then saves it as .xlsx.

Usage: python3 type_into.py IN.xlsx OUT.xlsx SHEET CELL=TEXT ...

A plain TEXT goes in through setFormula, the API's way of typing (it converts 2025.10, dates,
times and percentages to numbers whatever the cell's format). A TEXT of the form `paste:...` is
set with setString instead, as a paste of plain text is (`\\r\\n` in it becomes a CR LF);
`general:...` first resets the cell's format to General, as pasting a formatted cell does;
`type:...` goes through Calc's input line (.uno:EnterString), which honours a text format;
`sort=N` sorts the data rows by column N (0-based) descending, `hide=R` hides row R,
`deleterow=R` and `insertrow=R` delete row R or insert an empty row above it (.uno:DeleteRows,
.uno:InsertRows, the row selected first).
Started with its own headless soffice and profile (office.py), so it runs next to a user's
LibreOffice.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import desktop, prop, url  # noqa: E402


def main():
    src, out, sheet_name, *edits = sys.argv[1:]
    with desktop() as (office, ctx):
        doc = office.loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
        sheet = doc.Sheets.getByName(sheet_name)
        controller = doc.getCurrentController()
        controller.setActiveSheet(sheet)
        dispatcher = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx
        )
        frame = controller.getFrame()
        for edit in edits:
            cell, text = edit.split("=", 1)
            if cell == "sort":
                # Sort the data rows by column `text` (0-based), descending, as a department
                # sorting its sheet: select the table, Data ▸ Sort (.uno:DataSort) with a header
                # row (lifting the protection, which has no password, first).
                sheet.unprotect("")
                cursor = sheet.createCursor()
                cursor.gotoEndOfUsedArea(False)
                end = cursor.getRangeAddress()
                controller.select(sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow))
                dispatcher.executeDispatch(frame, ".uno:DataSort", "", 0, (
                    prop("ByRows", True),
                    prop("HasHeader", True),
                    prop("Col1", int(text) + 1),
                    prop("Ascending1", False),
                ))
                continue
            if cell in ("deleterow", "insertrow"):
                # Select row `text` (1-based) and delete it, or insert an empty row above it,
                # through the menu command as a department head does (protection lifted first:
                # it has no password).
                sheet.unprotect("")
                row = sheet.getRows().getByIndex(int(text) - 1)
                controller.select(row)
                command = ".uno:DeleteRows" if cell == "deleterow" else ".uno:InsertRows"
                dispatcher.executeDispatch(frame, command, "", 0, ())
                continue
            if cell == "hide":
                # Hide row `text` (1-based), as a filter does.
                sheet.getRows().getByIndex(int(text) - 1).IsVisible = False
                continue
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
        doc.storeToURL(url(out), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)


if __name__ == "__main__":
    main()
