"""Types annex tables into LibreOffice as an office would have them from last year: in Calc, a
sheet per table (附件N and the title above, the header, the rows, 注 lines below), each cell typed
through the input line (.uno:EnterString) and merged with Format ▸ Merge Cells (.uno:MergeCells)
after selecting the range; in Writer, a table per annex under its 附件N line and title, with its
注 paragraphs below, the cells merged through the table cursor (what Table ▸ Merge Cells does).
Saved as .xlsx and .docx.

Usage: python3 type_table.py BOOKS.json
BOOKS.json: [{"xlsx": path, "docx": path, "tables": [{"sheet": name, "above": [texts],
"cells": [[texts]] (header first), "merges": [[r0, c0, r1, c1]] (in cells), "below": [texts]}]}]
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import desktop, prop, url  # noqa: E402


def column_name(c):
    name = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        name = chr(65 + rem) + name
    return name


def type_calc(office, ctx, book):
    doc = office.loadComponentFromURL("private:factory/scalc", "_blank", 0, (prop("Hidden", True),))
    controller = doc.getCurrentController()
    frame = controller.getFrame()
    dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    sheets = doc.Sheets
    for i, table in enumerate(book["tables"]):
        if i < sheets.getCount():
            sheet = sheets.getByIndex(i)
            sheet.Name = table["sheet"]
        else:
            sheets.insertNewByName(table["sheet"], i)
            sheet = sheets.getByName(table["sheet"])
        controller.setActiveSheet(sheet)
        width = len(table["cells"][0])
        top = len(table["above"])
        rows = [[text] + [""] * (width - 1) for text in table["above"]]
        rows += table["cells"]
        rows += [[text] + [""] * (width - 1) for text in table["below"]]
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    controller.select(sheet.getCellByPosition(c, r))
                    dispatcher.executeDispatch(frame, ".uno:EnterString", "", 0, (prop("StringName", text),))
        merges = [[r0 + top, c0, r1 + top, c1] for r0, c0, r1, c1 in table["merges"]]
        # The title and the 注 lines across the table, as a clerk lays them out.
        merges.append([top - 1, 0, top - 1, width - 1])
        for r0, c0, r1, c1 in merges:
            controller.select(sheet.getCellRangeByPosition(c0, r0, c1, r1))
            dispatcher.executeDispatch(frame, ".uno:MergeCells", "", 0, ())
    doc.storeToURL(url(book["xlsx"]), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)


def type_writer(office, book):
    from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK

    doc = office.loadComponentFromURL("private:factory/swriter", "_blank", 0, (prop("Hidden", True),))
    text = doc.Text
    cursor = text.createTextCursor()
    for table in book["tables"]:
        for line in table["above"]:
            text.insertString(cursor, line, False)
            text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        cells = table["cells"]
        grid = doc.createInstance("com.sun.star.text.TextTable")
        grid.initialize(len(cells), len(cells[0]))
        text.insertTextContent(cursor, grid, False)
        for r, row in enumerate(cells):
            for c, value in enumerate(row):
                if value:
                    grid.getCellByName(column_name(c) + str(r + 1)).setString(value)
        # From the bottom right, so no merge renames a cell a later one names.
        for r0, c0, r1, c1 in sorted(table["merges"], reverse=True):
            merge = grid.createCursorByCellName(column_name(c0) + str(r0 + 1))
            merge.gotoCellByName(column_name(c1) + str(r1 + 1), True)
            merge.mergeRange()
        for line in table["below"]:
            text.insertString(cursor, line, False)
            text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
    doc.storeToURL(url(book["docx"]), (prop("FilterName", "MS Word 2007 XML"),))
    doc.close(True)


def main():
    books = json.load(open(sys.argv[1], encoding="utf-8"))
    with desktop() as (office, ctx):
        for book in books:
            type_calc(office, ctx, book)
            type_writer(office, book)


if __name__ == "__main__":
    main()
