"""Printed documents (reportlab): one module per form over one shared page layout.

- :mod:`.fonts` finds and registers the fonts; :mod:`.layout` is the page layout every
  document uses; :mod:`.roster`, :mod:`.group_roster`, :mod:`.annual_plan`, :mod:`.minutes`
  and :mod:`.signin` are the documents (the last two share :mod:`.meeting`);
- :mod:`.catalog` lists the documents for the CLI and the 报表 page;
- :mod:`.page_images` turns a PDF into page pictures for the preview and the printer.

No Qt here: the GUI shows and prints what these modules produce.
"""
