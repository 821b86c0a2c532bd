"""Reads Parquet files with pyarrow or DuckDB and prints them as JSON for the Java tests.

Usage: read_parquet.py pyarrow|duckdb FILE...  (the files are read as one table, in order)
Times come out as INT64 microseconds (so years beyond Python's datetime survive), doubles as
text ("NaN", "Infinity", "-Infinity" or repr), everything else as JSON values.
"""
import json
import math
import sys

import pyarrow as pa


def plain(value):
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return value


def normalized(table):
    columns = []
    values = []
    for field, column in zip(table.schema, table.columns):
        kind = field.type
        if isinstance(kind, pa.ExtensionType):
            column = pa.chunked_array([c.storage for c in column.chunks], kind.storage_type)
            kind = kind.storage_type
        if pa.types.is_timestamp(kind):
            column = column.cast(pa.int64())
        columns.append({"name": field.name, "type": str(field.type)})
        values.append(column.to_pylist())
    rows = [[plain(v) for v in row] for row in zip(*values)] if values else []
    return columns, rows


def main():
    engine, files = sys.argv[1], sys.argv[2:]
    out = {}
    if engine == "pyarrow":
        import pyarrow.parquet as pq

        tables = [pq.read_table(f) for f in files]
        table = pa.concat_tables(tables) if tables else pa.table({})
        first = pq.ParquetFile(files[0])
        schema = first.schema
        out["logical_types"] = {
            schema.column(i).name: str(schema.column(i).logical_type)
            for i in range(len(schema))
        }
        out["physical_types"] = {
            schema.column(i).name: schema.column(i).physical_type for i in range(len(schema))
        }
        out["codecs"] = sorted(
            {
                first.metadata.row_group(g).column(c).compression
                for g in range(first.metadata.num_row_groups)
                for c in range(first.metadata.num_columns)
            }
        )
        out["row_groups"] = sum(pq.ParquetFile(f).metadata.num_row_groups for f in files)
        meta = first.metadata.metadata or {}
        out["key_value"] = {k.decode(): v.decode() for k, v in meta.items()}
    elif engine == "duckdb":
        import duckdb

        listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        table = duckdb.sql("SELECT * FROM read_parquet([" + listing + "])").arrow()
        if not isinstance(table, pa.Table):
            table = table.read_all()
    else:
        raise SystemExit("unknown engine " + engine)
    out["columns"], out["rows"] = normalized(table)
    json.dump(out, sys.stdout, ensure_ascii=True)


main()
