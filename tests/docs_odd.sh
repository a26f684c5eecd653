#!/usr/bin/env bash
# docs_odd.sh: docs/ODD.md follows the model as it is built: its process overview (section 3)
# lists the phases in the order of the models table in models/registry.c, every model has a
# submodel section (7.x) naming its source file, and every source file a section names
# exists; the entity kinds of section 2 are the engine's (sim/world.c). Needs $NABIJ_SRC and
# $PYTHON.
set -euo pipefail
: "${NABIJ_SRC:?}"
"${PYTHON:-/usr/bin/python3}" - "$NABIJ_SRC" <<'PY'
import os, re, sys
src = sys.argv[1]
odd = open(os.path.join(src, "docs/ODD.md"), encoding="utf-8").read()
reg = open(os.path.join(src, "models/registry.c"), encoding="utf-8").read()
world = open(os.path.join(src, "sim/world.c"), encoding="utf-8").read()
bad = []

table = re.search(r"static const sim_model \*const models\[\] = \{(.*?)\};", reg, re.S)
assert table, "models/registry.c: no models[] table"
models = re.findall(r"&mdl_(\w+)", table.group(1))
# each model's name as the engine knows it (the first field of its sim_model)
names = []
for m in models:
    path = os.path.join(src, "models", m + ".c")
    text = open(path, encoding="utf-8").read()
    d = re.search(r"const sim_model mdl_%s = \{\s*\"(\w+)\"" % m, text)
    assert d, f"{path}: no definition of mdl_{m}"
    names.append(d.group(1))

s3 = re.search(r"## 3\. Process overview and scheduling\n(.*?)\n## ", odd, re.S)
assert s3, "docs/ODD.md: no section 3"
listed = re.findall(r"^(\d+)\. (\w+):", s3.group(1), re.M)
if [n for _, n in listed] != names:
    bad.append(f"ODD section 3 lists the phases {[n for _, n in listed]}, models/registry.c runs {names}")
if [int(k) for k, _ in listed] != list(range(1, len(listed) + 1)):
    bad.append("ODD section 3: the phases are not numbered 1, 2, 3, ...")

heads = re.findall(r"^### 7\.\d+ .*$", odd, re.M)
files = set()
for h in heads:
    for f in re.findall(r"models/\w+\.c", h):
        files.add(f)
        if not os.path.exists(os.path.join(src, f)):
            bad.append(f"ODD: '{h}' names {f}, which does not exist")
for m in models:
    if f"models/{m}.c" not in files:
        bad.append(f"ODD: no submodel section (### 7.x) names models/{m}.c")

kinds = re.search(r"kind_names\[SIM_N_KINDS\] = \{(.*?)\};", world, re.S)
assert kinds, "sim/world.c: no kind_names"
s2 = re.search(r"## 2\. Entities, state variables and scales\n(.*?)\n## ", odd, re.S).group(1)
for k in re.findall(r'"(\w+)"', kinds.group(1)):
    if f"**{k}**" not in s2:
        bad.append(f"ODD section 2 does not describe the entity kind **{k}**")

for b in bad:
    print("FAIL:", b)
if bad:
    sys.exit(1)
print(f"docs_odd: ok ({len(names)} phases in order, {len(files)} submodel files, entity kinds)")
PY
