"""Any CSV or XLSX through a column mapping: ``model`` (the mapping file, validated against the
instrument), ``responses`` (reading a file through it), ``draft`` (a starter mapping to review).
"""
