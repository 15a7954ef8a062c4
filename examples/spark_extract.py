"""Extract articles with gleaner on Spark: WARC files or JSONL records in, Parquet out.

WARC input (``.warc``/``.warc.gz`` files: a folder, a glob or a file) is read the way
Common Crawl jobs read it: the task that gets a file reads and extracts it itself with
``gleaner.extract_warc``, one record at a time, so the pages never pass through the JVM;
one task per file, rows back as Arrow (``mapInArrow``: needs pyarrow). JSONL input is lines ``{"id", "url", "charset", "html" |
"html_base64"}``, the records of ``gleaner batch --input jsonl``: Spark splits the lines
into tasks and each task extracts its records with ``gleaner.extract_record`` inside
``mapPartitions``. Either way the rows are written as Parquet, one per page, with the
answer of ``gleaner batch`` for it; ``--article-json`` adds the whole article as JSON
(blocks, removals...), which costs a third of the throughput (it is shipped and written
twice the text). A record that cannot be extracted gets a row with ``error_code`` (the
codes of ``gleaner batch``) instead of failing the job.

    python3 -m pip install ./python 'pyspark[sql]'    # [sql]: pyarrow, pandas
    python3 examples/spark_extract.py --input crawl/ --output articles.parquet \\
        --master 'local[2]'

On a cluster, ship the gleaner wheel to the executors (``--py-files`` does not carry
native code: install the wheel in the executors' environment, or use
``spark.archives`` with a packed virtualenv) and drop ``--master``.
"""

import argparse
import glob
import json
import os
import shutil
import time

COLUMNS = [
    ("id", "string"),
    ("url", "string"),
    ("title", "string"),
    ("text", "string"),
    ("lang", "string"),
    ("published", "string"),
    ("authors", "array<string>"),
    ("site_name", "string"),
    ("article", "string"),
    ("error_code", "string"),
    ("error", "string"),
]


def schema():
    from pyspark.sql.types import _parse_datatype_string

    return _parse_datatype_string(", ".join(f"{name}: {kind}" for name, kind in COLUMNS))


def record_id(value):
    """The record's id as text: a string as it is, any other JSON value as JSON."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value)


def row_of(out, article_json=True):
    """One output row for one line of `gleaner batch` (a dict from gleaner.extract_record
    or gleaner.extract_warc, which parse, decode and extract in Rust with the GIL
    released)."""
    row = dict.fromkeys(name for name, _ in COLUMNS)
    row["id"] = record_id(out["id"])
    if "error" in out:
        row.update(error_code=out["error"]["code"], error=out["error"]["message"])
        return row
    a = out["article"]
    row.update(
        url=a.get("url"),
        title=a.get("title"),
        text=a.get("text"),
        lang=a.get("lang"),
        published=a.get("published"),
        authors=a.get("authors") or [],
        site_name=a.get("site_name"),
        article=json.dumps(a, ensure_ascii=False) if article_json else None,
    )
    return row


def warc_files(input_path):
    """The WARC files named by `input_path` (a folder, a glob or a file), sorted; empty
    when it names none (JSONL input)."""
    if os.path.isdir(input_path):
        names = [os.path.join(input_path, n) for n in os.listdir(input_path)]
    else:
        names = glob.glob(input_path)
    return sorted(n for n in names if n.endswith((".warc", ".warc.gz")) and os.path.isfile(n))


def arrow_schema():
    import pyarrow as pa

    kinds = {"string": pa.string(), "array<string>": pa.list_(pa.string())}
    return pa.schema([(name, kinds[kind]) for name, kind in COLUMNS])


def arrow_batches(path, article_json, options, rows_per_batch):
    """The rows of one WARC file's pages as Arrow record batches."""
    import gleaner
    import pyarrow as pa

    schema, rows = arrow_schema(), []
    for out in gleaner.extract_warc(path, **options):
        rows.append(row_of(out, article_json))
        if len(rows) == rows_per_batch:
            yield pa.RecordBatch.from_pylist(rows, schema=schema)
            rows = []
    if rows:
        yield pa.RecordBatch.from_pylist(rows, schema=schema)


def warc_batches(batches, paths, article_json, options, rows_per_batch=256):
    """mapInArrow's function: for each task's index (one per WARC file), the rows of that
    file's pages as Arrow record batches."""
    for batch in batches:
        for index in batch.column(0).to_pylist():
            yield from arrow_batches(paths[index], article_json, options, rows_per_batch)


def jsonl_rows(lines, article_json, options):
    import gleaner

    for line in lines:
        if line.strip():
            yield row_of(gleaner.extract_record(line, **options), article_json)


def write_warc_part(index, path, output_path, article_json, options, rows_per_group=1024):
    """A task of --direct: the rows of one WARC file written by the task itself as
    `part-<index>.parquet` (pyarrow), so rows never cross to the JVM; returns their number."""
    import pyarrow.parquet as pq

    final = os.path.join(output_path, f"part-{index:05d}.parquet")
    temp = final + ".tmp"
    n = 0
    with pq.ParquetWriter(temp, arrow_schema()) as writer:
        for batch in arrow_batches(path, article_json, options, rows_per_group):
            writer.write_batch(batch)
            n += batch.num_rows
    # A retried task replaces its file whole; readers never see half of one.
    os.replace(temp, final)
    return n


def run(spark, input_path, output_path, partitions=None, article_json=False, direct=False,
        **options):
    """Extracts every page of `input_path` (WARC files, else JSONL) into Parquet at
    `output_path`; returns the number of rows written. `direct` (WARC input only): each
    task writes its file's Parquet part itself, on a filesystem every executor shares."""
    sc = spark.sparkContext
    # The workers import this module for warc_rows/jsonl_rows (gleaner is installed there).
    sc.addPyFile(os.path.abspath(__file__))
    warcs = warc_files(input_path)
    if warcs and direct:
        shutil.rmtree(output_path, ignore_errors=True)
        os.makedirs(output_path)
        return sc.parallelize(range(len(warcs)), len(warcs)).map(
            lambda i: write_warc_part(i, warcs[i], output_path, article_json, options)
        ).sum()
    if direct:
        raise ValueError("--direct takes WARC input (.warc, .warc.gz files)")
    if warcs:
        # A WARC file cannot be split: one task per file (spark.range gives partition i the
        # index i alone), reading it where it runs; rows go back to the JVM as Arrow, which
        # costs far less than pickled rows.
        frame = spark.range(len(warcs), numPartitions=len(warcs)).mapInArrow(
            lambda batches: warc_batches(batches, warcs, article_json, options), schema()
        )
    else:
        lines = sc.textFile(input_path, minPartitions=partitions or sc.defaultParallelism)
        rows = lines.mapPartitions(lambda part: jsonl_rows(part, article_json, options))
        frame = spark.createDataFrame(rows, schema())
    frame.write.mode("overwrite").parquet(output_path)
    return spark.read.parquet(output_path).count()


def session(master):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("gleaner-extract").config("spark.ui.enabled", "false")
    if master:
        builder = builder.master(master)
    return builder.getOrCreate()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--input",
        required=True,
        help="WARC files (.warc, .warc.gz: a folder, a glob or a file), else JSONL records",
    )
    p.add_argument("--output", required=True, help="Parquet folder to write (replaced)")
    p.add_argument("--master", help="Spark master, e.g. local[2]; default: spark-submit's")
    p.add_argument("--partitions", type=int, help="JSONL input partitions (default: the cores)")
    p.add_argument("--article-json", action="store_true", help="add the whole article as JSON")
    p.add_argument(
        "--direct",
        action="store_true",
        help="WARC input: each task writes its Parquet part itself (pyarrow), on a filesystem "
        "all executors share; rows never cross to the JVM",
    )
    p.add_argument("--mode", choices=["precision", "balanced", "recall"])
    args = p.parse_args()
    options = {"mode": args.mode} if args.mode else {}
    spark = session(args.master)
    start = time.perf_counter()
    n = run(spark, args.input, args.output, args.partitions, args.article_json, args.direct,
            **options)
    took = time.perf_counter() - start
    print(f"gleaner on spark: rows={n} seconds={took:.2f} rows_per_s={n / took:.1f}")
    spark.stop()


if __name__ == "__main__":
    main()
