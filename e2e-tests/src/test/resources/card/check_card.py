"""Checks an export's data card against its downloaded files (DataCardIT).

usage: check_card.py FOLDER   (FOLDER holds README.md, manifest.json and the JSON Lines data files)

The front matter must load as YAML and name each type's file as its train split; per type, the
rows, and per column the null share, min and max in the card's tables, and the top values in the
manifest, must be what the data files hold.
"""
import collections
import datetime
import json
import os
import re
import sys

import yaml

folder = sys.argv[1]
card = open(os.path.join(folder, "README.md"), encoding="utf-8").read()
manifest = json.load(open(os.path.join(folder, "manifest.json"), encoding="utf-8"))
assert card.startswith("---\n"), "no front matter"
front = yaml.safe_load(card[4 : card.index("\n---\n", 4)])
types = manifest["request"]["data_types"]
assert [c["config_name"] for c in front["configs"]] == types, front["configs"]
assert front["configs"][0].get("default") is True
assert front["license"], front


def cells(line):
    parts = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [p.strip().replace("\\|", "|") for p in parts]


def as_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def same(card_value, value):
    if isinstance(value, bool) or value is None:
        return card_value == "" if value is None else True
    if isinstance(value, (int, float)):
        return float(card_value) == float(value)
    return as_time(card_value) == as_time(value)


checked = 0
for config in front["configs"]:
    t = config["config_name"]
    paths = [f["path"] for f in config["data_files"]]
    assert [f["split"] for f in config["data_files"]] == ["train"], config
    records = []
    for p in paths:
        with open(os.path.join(folder, p), encoding="utf-8") as f:
            records += [json.loads(line) for line in f if line.strip()]
    # the files table: | train | logs | files | rows | bytes | path |
    row = next(cells(l) for l in card.splitlines() if l.startswith("| train | " + t + " |"))
    assert int(row[3]) == len(records), (t, row, len(records))
    # the column table of the type
    section = card.split("## Columns of `" + t + "`")[1].split("\n## ")[0]
    table = {cells(l)[0].strip("`"): cells(l) for l in section.splitlines() if l.startswith("| `")}
    fields = list(records[0].keys()) if records else list(table)
    assert list(table) == fields, (list(table), fields)
    profiles = manifest["quality"][t]["profiles"]
    for name in fields:
        values = [r[name] for r in records]
        present = [v for v in values if v is not None]
        _, kind, _, null_share, low, high, _ = table[name]
        expected_share = "%.4f" % (1 - len(present) / len(values)) if values else ""
        assert null_share == expected_share, (t, name, null_share, expected_share)
        ordered = [v for v in present if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if kind in ("integer", "number") and ordered:
            assert same(low, min(ordered)) and same(high, max(ordered)), (t, name, low, high)
        elif kind == "datetime" and present:
            times = sorted(present, key=as_time)
            assert same(low, times[0]) and same(high, times[-1]), (t, name, low, high)
        elif kind == "string":
            counts = collections.Counter(present)
            profile = profiles[name]
            if len(counts) > 50:
                assert profile["many_values"] is True, (t, name)
            else:
                top = sorted(counts.items(), key=lambda e: (-e[1], e[0]))[:10]
                assert list(profile["top"].items()) == top, (t, name, profile["top"], top)
        checked += 1
print("ok", checked, "columns")
