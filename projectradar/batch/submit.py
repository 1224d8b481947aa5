"""The file to hand spark-submit: runs the batch job with spark-submit's master.

    spark-submit --master yarn projectradar/batch/submit.py warc.paths --out s3a://bucket/radar/

Absolute imports only: spark-submit runs this as a script, not as a module.
"""
import sys

from projectradar.batch.spark import main

if __name__ == "__main__":
    sys.exit(main())
