"""Scale-out on a cluster: the Spark job over WARC files (`spark`), its Parquet layout
(`parquet`), run summary (`summary`), file systems (`storage`) and `load` back into a store.

Every core of one machine is the runner's business (`projectradar.runner`); `spark` needs
PySpark and is imported when used.
"""
