"""Inputs named by fsspec URLs: a folder is walked as the local folder is, in the same order and
with the same name excludes; a URL that cannot be read is a PARSE001 finding naming why, and the
run goes on with the other inputs; reports write a URL as it is."""

from __future__ import annotations

import json
import sys

from conftest import SEEDS, seed_copies, seed_path

import linter.limits
from linter.cli import main
from linter.config import Config
from linter.discovery import Skipped, discover
from linter.plugins import load_registry


def test_a_url_folder_is_walked_as_the_local_folder_is(tmp_path):
    corpus = seed_copies(tmp_path, 3 * 64_000)
    (corpus / "d01" / "notes.md").write_text("not a form", encoding="utf-8")
    (corpus / "d02" / "sub").mkdir()
    (corpus / "d02" / "sub" / "form.txt").write_bytes(seed_path("001").read_bytes())
    registry, config = load_registry(), Config(extend_exclude=("d00",))
    url = corpus.as_uri()
    local = list(discover([str(corpus)], registry, config))
    remote = list(discover([url], registry, config))
    assert len(local) > 10 and not any("/d00/" in str(entry) for entry in local)
    mapped = [
        e._replace(path=e.path.replace(url, str(corpus), 1))
        if isinstance(e, Skipped)
        else e.replace(url, str(corpus), 1)
        for e in remote
    ]
    assert mapped == local
    assert any(isinstance(e, Skipped) and e.path.endswith("notes.md") for e in remote)


def test_urls_that_cannot_be_read_are_findings_and_the_run_goes_on(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "s3fs", None)  # as where s3fs is not installed
    missing = (tmp_path / "gone.txt").as_uri()
    urls = ["s3://archive/2024/form.txt", "nosuch://archive/form.txt", missing]
    form = seed_path("000").as_uri()
    code = main(["check", *urls, form, "--format", "json", "--no-cache", "--lang", "en"])
    report = json.loads(capsys.readouterr().out)
    said: dict[str, list[str]] = {}
    for d in report["diagnostics"]:
        said.setdefault(d["path"], []).append(d["message"])
    assert {path: said[path] for path in urls} == {
        urls[0]: ["cannot open this URL: Install s3fs to access S3"],
        urls[1]: ["cannot open this URL: Protocol not known: nosuch"],
        missing: ["no such file or directory"],
    }
    assert report["summary"]["forms"] == 4 and len(said[form]) > 5  # linted
    assert code == 2


def test_a_url_over_the_size_limit_is_refused(monkeypatch, capsys):
    monkeypatch.setattr(linter.limits, "MAX_BYTES", 1000)
    url = seed_path("000").as_uri()
    assert main(["check", url, "--format", "json", "--no-cache", "--lang", "en"]) == 2
    (found,) = json.loads(capsys.readouterr().out)["diagnostics"]
    assert found["code"] == "PARSE001" and found["message"] == "file too large (limit 1000 bytes)"


def test_sarif_names_a_url_as_it_is(capsys):
    url = SEEDS.as_uri()
    main(["check", url, "--format", "sarif", "--no-cache"])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris and all(uri.startswith(url + "/") for uri in uris)
