"""Reports layer: PDFs rendered in memory with reportlab.

* :mod:`screening.reports.fonts`: the shipped fonts, glyph coverage (fontTools), font choice.
* :mod:`screening.reports.text`: normalisation, right-to-left shaping and ordering, markup.
* :mod:`screening.reports.layout`: :class:`DocumentSpec` and :class:`DocumentBuilder`, the building
  blocks every document uses (page furniture, headings, tables, flags, lists, notes).
* :mod:`screening.reports.output`: SHA-256 of a PDF and the atomic write to the user's chosen path.
"""
