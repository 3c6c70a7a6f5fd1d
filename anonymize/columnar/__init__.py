"""The columnar fast path: answers as fixed byte layouts and column stores, for speed only.

Nothing here decides what is protected; it makes sealing and opening hundreds of thousands of rows
fast. ``payload``: answers as exact JSON bytes for sealing; ``layout``: coded answers as a fixed byte
layout per response; ``coded_batch`` codes a batch of checked answer sets; ``chunks`` reads a chunk
of opened responses column by column; ``columns`` holds compact column stores; ``factorize`` numbers
the distinct values of a column; ``order`` puts the rows in pseudonym order.
"""
