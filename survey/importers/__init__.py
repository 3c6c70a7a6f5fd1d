"""Reading other tools' response exports as rows of typed answers (``CsvRow``).

``formats`` says which reader a file needs; ``csv_format`` is eqsurvey's own CSV; ``limesurvey``
and ``kobo`` (packages) read those tools' exports; ``mapping`` (package) reads any CSV/XLSX through
a column-mapping file; ``tables`` reads any CSV or XLSX as numbered rows; ``cells`` makes one cell a
typed answer; ``cells_chunk`` reads a batch column by column. Identifying metadata of the source
(IP addresses, devices, accounts, locations, dates) is dropped on reading.
"""
