#!/usr/bin/env python3
"""Writes a JSON Schema (draft 2020-12) for one command's --format json output from sample outputs:
objects list their keys (required when every sample has them, no others allowed), arrays their item
schema, numbers are numbers. Used to (re)generate docs/schemas/*.schema.json; the tests validate the
command's output against the committed schema. Usage: infer-schema.py ID TITLE SAMPLE.json... > out"""
import json, sys

def infer(values):
    types = set()
    objs, arrs = [], []
    for v in values:
        if v is None: types.add("null")
        elif isinstance(v, bool): types.add("boolean")
        elif isinstance(v, (int, float)): types.add("number")
        elif isinstance(v, str): types.add("string")
        elif isinstance(v, list): types.add("array"); arrs.append(v)
        elif isinstance(v, dict): types.add("object"); objs.append(v)
    s = {}
    t = sorted(types)
    s["type"] = t[0] if len(t) == 1 else t
    if objs:
        keys = []
        for o in objs:
            for k in o:
                if k not in keys: keys.append(k)
        s["properties"] = {k: infer([o[k] for o in objs if k in o]) for k in keys}
        s["required"] = [k for k in keys if all(k in o for o in objs)]
        s["additionalProperties"] = False
    if arrs:
        items = [x for a in arrs for x in a]
        if items: s["items"] = infer(items)
    return s

sid, title, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": sid, "title": title}
schema.update(infer([json.load(open(p)) for p in paths]))
print(json.dumps(schema, indent=2, ensure_ascii=False))
