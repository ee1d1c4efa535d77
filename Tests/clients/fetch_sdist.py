"""Fetches a project's source distribution from PyPI into a directory, once.

    python fetch_sdist.py NAME VERSION DIRECTORY    prints the .tar.gz path

`pip download --no-binary` would have to build the sdist's metadata, and
virtualenv's build requirements are not all on PyPI's mirror here; the
simple index (PEP 691 JSON) names the file and its sha256, which is checked.
"""
import hashlib
import json
import os
import sys
import urllib.request

name, version, directory = sys.argv[1:4]
for candidate in ("%s-%s.tar.gz" % (name.replace("-", "_"), version), "%s-%s.tar.gz" % (name, version)):
    if os.path.exists(os.path.join(directory, candidate)):
        print(os.path.join(directory, candidate))
        sys.exit(0)
request = urllib.request.Request("https://pypi.org/simple/%s/" % name,
                                 headers={"Accept": "application/vnd.pypi.simple.v1+json"})
files = json.load(urllib.request.urlopen(request, timeout=120))["files"]
wanted = {("%s-%s.tar.gz" % (n, version)).lower() for n in (name, name.replace("-", "_"))}
for entry in files:
    if entry["filename"].lower() in wanted:
        body = urllib.request.urlopen(entry["url"], timeout=300).read()
        if hashlib.sha256(body).hexdigest() != entry["hashes"]["sha256"]:
            sys.exit("%s: sha256 does not match the index" % entry["filename"])
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, entry["filename"])
        with open(path + ".tmp", "wb") as stream:
            stream.write(body)
        os.replace(path + ".tmp", path)
        print(path)
        sys.exit(0)
sys.exit("no sdist of %s %s on PyPI" % (name, version))
