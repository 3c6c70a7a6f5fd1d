"""Dot charts with confidence intervals.

``spec`` (``ChartSpec``: what a chart shows and how it is read), ``choice`` (which chart suits which
table, and its text alternative), ``markup`` (a chart as HTML/CSS at its final size).
"""
