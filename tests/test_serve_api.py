"""`formlint serve`'s API through the framework's test client: the JSON of /api/check is the
CLI's for the same files in every format formlint reads; every limit, the token and the guards
refuse with a message in both languages and the right status; uploads never outlive their
request, and nothing is written anywhere else.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import shutil
import socket
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from conftest import seed_path
from fastapi.testclient import TestClient
from formats import (
    convert,
    seed_lines,
    write_docx,
    write_html,
    write_mhtml,
    write_ofd,
    write_pdf,
    write_xlsx,
)

from linter.cli import main
from linter.config import Config
from linter.plugins import load_registry
from linter.serve import worker
from linter.serve.app import create_app
from linter.serve.settings import Settings, hosts_for
from linter.serve.uploads import private_folder, safe_names

SEED = "000"  # a target form with VAG001 errors on 工作计划 and 行业标准
BASE = "http://127.0.0.1:8730"


def client(**settings) -> TestClient:
    return TestClient(create_app(Settings(Config(), **settings), load_registry()), base_url=BASE)


def upload(*paths: Path) -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (p.name, p.read_bytes())) for p in paths]


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """Where the server's private folders go during the test, to see that none is left."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def uploads_left(folder: Path) -> list[Path]:
    """The private folders of requests still in ``folder`` (multiprocessing keeps a folder of
    its own there for the forkserver's socket)."""
    return list(folder.glob("formlint-serve-*"))


@pytest.fixture(scope="module")
def every_format(tmp_path_factory) -> Path:
    """One seed form in every format formlint reads, and a file it does not read."""
    out = tmp_path_factory.mktemp("formats")
    build = tmp_path_factory.mktemp("build")
    lines = seed_lines(seed_path("004"))
    shutil.copy(seed_path("004"), out / "表单.txt")
    (out / "表单.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_xlsx(lines, out / "表单.xlsx")
    write_docx(lines, out / "表单.docx")
    write_pdf(lines, out / "表单.pdf")
    write_html(lines, out / "表单.html")
    write_mhtml(out / "表单.html", out / "表单.mhtml")
    write_ofd(lines, out / "表单.ofd")
    shutil.copy(out / "表单.xlsx", build / "form.xlsx")
    shutil.copy(out / "表单.docx", build / "form.docx")
    shutil.copy(convert(build / "form.xlsx", "xls", build), out / "表单.xls")
    shutil.copy(out / "表单.xls", out / "表单.et")  # WPS writes .et as an .xls
    shutil.copy(convert(build / "form.docx", "doc", build), out / "表单.doc")
    shutil.copy(out / "表单.doc", out / "表单.wps")
    other = seed_path("004").read_text(encoding="utf-8")
    for project in ("城乡居民医疗保险业务经办工作经费", "社保专线网络租赁费"):
        other = other.replace(project, f"另一个{project}")  # the same goals in other projects
    (out / "other projects.txt").write_text(other, encoding="utf-8")
    (out / "notes.md").write_text("# not a form\n", encoding="utf-8")
    return out


def cli_report(folder: Path, names: list[str], *options: str, capsys, monkeypatch) -> str:
    """What `formlint check NAME… --format json` prints in ``folder``."""
    monkeypatch.chdir(folder)
    capsys.readouterr()
    main(["check", *names, "--format", "json", "--no-cache", *options])
    return capsys.readouterr().out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_json_is_the_clis_for_files_of_every_format(
    every_format, lang, capsys, monkeypatch, private_tmp
):
    names = sorted(p.name for p in every_format.iterdir())
    expected = cli_report(
        every_format, names, "--lang", lang, capsys=capsys, monkeypatch=monkeypatch
    )
    response = client().post(
        f"/api/check?lang={lang}", files=upload(*(every_format / n for n in names))
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    report = response.json()
    assert report == json.loads(expected)
    assert response.content == expected.encode("utf-8")  # byte for byte, too
    suffixes = {Path(f["path"]).suffix for f in report["files"]}
    assert suffixes == {Path(n).suffix for n in names}  # every format was read…
    assert report["summary"]["skipped"] == 1  # …but notes.md, reported as the CLI does (PARSE006)
    assert {"DUP006", "DUP007"} <= set(report["summary"]["by_rule"])  # batch rules, in place
    assert not uploads_left(private_tmp)  # the uploads are gone


def test_reports_of_other_formats_with_their_media_types(private_tmp):
    files = upload(seed_path(SEED))
    api = client()
    html = api.post("/api/check?format=html", files=files)
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    assert "attachment" in html.headers["content-disposition"]
    assert "<!DOCTYPE html>" in html.text and "工作计划" in html.text
    sarif = api.post("/api/check?format=sarif&lang=en", files=files)
    assert sarif.headers["content-type"] == "application/sarif+json"
    assert sarif.json()["version"] == "2.1.0"
    workbook = api.post("/api/check?format=xlsx", files=files)
    assert zipfile.ZipFile(io.BytesIO(workbook.content)).namelist()
    unknown = api.post("/api/check?format=pdf", files=files)
    assert unknown.status_code == 400 and unknown.json()["error"] == "unknown_format"


def test_the_pages_model_has_both_languages_rows_and_marked_cells(private_tmp):
    response = client().post("/api/review", files=upload(seed_path(SEED)))
    assert response.status_code == 200
    (file,) = response.json()["files"]
    assert file["path"] == seed_path(SEED).name and file["linted"]
    assert file["rows"] == seed_path(SEED).read_text(encoding="utf-8").splitlines()
    placeholder = next(d for d in file["diagnostics"] if d["code"] == "VAG001")
    row = file["rows"][placeholder["line"] - 1].split("\t")
    assert [row[i] for i in placeholder["cells"]] == ["工作计划"]
    assert "占位" in placeholder["zh"] and "placeholder" in placeholder["en"]
    assert placeholder["form"] in {f["index"] for f in file["forms"]}
    rules = response.json()["rules"]
    assert rules["VAG001"]["zh"] and rules["VAG001"]["en"] != rules["VAG001"]["zh"]


def test_an_uploaded_workbook_comes_back_annotated(tmp_path, private_tmp):
    from openpyxl import load_workbook

    workbook = tmp_path / "申报表.xlsx"
    write_xlsx(seed_lines(seed_path(SEED)), workbook)
    files = upload(workbook, seed_path("004"))
    response = client().post("/api/annotate?name=申报表.xlsx&lang=en", files=files)
    assert response.status_code == 200
    assert (
        "filename*=UTF-8''%E7%94%B3%E6%8A%A5%E8%A1%A8-%E6%A0%87%E6%B3%A8.xlsx"
        in (response.headers["content-disposition"])
    )
    book = load_workbook(io.BytesIO(response.content))
    notes = [c.comment.text for ws in book for row in ws.iter_rows() for c in row if c.comment]
    assert any(note.startswith("VAG001 [error]") and "placeholder" in note for note in notes)
    marked = [c for ws in book for row in ws.iter_rows() for c in row if c.value == "工作计划"]
    assert marked and all(c.comment is not None for c in marked)


@pytest.mark.parametrize(
    ("name", "files", "status", "error"),
    [
        ("a.txt", [("a.txt", b"x")], 400, "not_a_workbook"),
        ("b.xlsx", [("a.xlsx", b"x")], 400, "not_a_workbook"),  # not among the uploads
        ("a.xlsx", [("a.xlsx", b"not a zip")], 422, "unreadable_workbook"),
    ],
)
def test_annotate_refuses_what_it_cannot_annotate(name, files, status, error, private_tmp):
    response = client().post(f"/api/annotate?name={name}", files=[("files", f) for f in files])
    assert response.status_code == status
    body = response.json()
    assert body["error"] == error and body["zh"] and body["en"] and body["message"] == body["zh"]


# --- limits -------------------------------------------------------------------------------


def refused(response, status: int, error: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error
    assert body["zh"] != body["en"] and body["message"] in (body["zh"], body["en"])
    return body


def test_a_request_over_the_size_limit_is_refused_before_it_is_read(private_tmp):
    body = refused(
        client(max_bytes=4096).post("/api/check", files=[("files", ("a.txt", b"x" * 5000))]),
        413,
        "too_large",
    )
    assert "4096" in body["zh"] and "4096" in body["en"]


def test_a_chunked_body_is_counted_as_it_arrives(private_tmp):
    """No Content-Length to go by: the bytes are counted, and the endpoint's answer replaced."""
    boundary = "formlint-test"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()

    def chunks():
        yield head
        for _ in range(10):
            yield b"x" * 1000
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client(max_bytes=4096).post(
        "/api/check?lang=en",
        content=chunks(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert refused(response, 413, "too_large")["message"].startswith("the upload is larger")


def test_too_many_files_are_refused(private_tmp):
    files = [("files", (f"{n}.txt", b"x")) for n in range(3)]
    body = refused(client(max_files=2).post("/api/check", files=files), 413, "too_many_files")
    assert "3" in body["zh"] and "2" in body["en"]


def test_no_files_is_refused():
    refused(client().post("/api/check"), 400, "no_files")
    refused(client().post("/api/check", data={"files": "text"}), 400, "no_files")


def test_a_check_over_its_time_is_killed(monkeypatch, private_tmp):
    """The engine cuts off a slow file itself (a PARSE001 finding, as in the CLI); a worker
    that still overruns, where no signal reaches, is killed, and the request says so."""
    monkeypatch.setattr(worker, "GRACE", 0.0)
    response = client(time_limit=0.001).post("/api/check", files=upload(seed_path(SEED)))
    body = refused(response, 504, "timed_out")
    assert "0.001" in body["zh"]
    assert not multiprocessing.active_children()  # killed and reaped
    assert not uploads_left(private_tmp)


def test_the_engine_cuts_off_a_file_at_the_servers_time_limit(tmp_path):
    """--time-limit reaches the engine in the worker: a slow file is cut off (PARSE001 while it
    is read, PARSE004 naming a check that overran), the other file is still checked, and the
    request is answered."""
    (tmp_path / "slow.txt").write_text(seed_path(SEED).read_text(encoding="utf-8") * 1000)
    shutil.copy(seed_path(SEED), tmp_path / "quick.txt")
    task = worker.Task(
        str(tmp_path), ("slow.txt", "quick.txt"), Config(), "en", "report", "json", 0.1
    )
    outcome = worker.run(task, 60)
    assert outcome.kind == "done"
    found = json.loads(outcome.value)["diagnostics"]
    cuts = [d for d in found if d["path"] == "slow.txt" and d["code"] in ("PARSE001", "PARSE004")]
    assert cuts and all("0.1" in d["message"] for d in cuts)
    assert "VAG001" in {d["code"] for d in found if d["path"] == "quick.txt"}


def test_a_failed_check_is_an_outcome_not_a_traceback(tmp_path):
    outcome = worker.run(worker.Task(str(tmp_path), (), Config(), "zh", "no such work"), 60)
    assert outcome == worker.Outcome("failed", "KeyError: 'no such work'")


# --- token, hosts, origins --------------------------------------------------------------


def test_the_token_is_required_on_the_api(private_tmp):
    api = client(token="s3cret")
    files = upload(seed_path(SEED))
    missing = api.post("/api/check", files=files)
    refused(missing, 401, "token_required")
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = {"Authorization": "Bearer s3cret-not"}
    refused(api.post("/api/check", files=files, headers=wrong), 401, "token_wrong")
    basic = {"Authorization": "Basic s3cret"}
    refused(api.post("/api/review", files=files, headers=basic), 401, "token_required")
    right = {"Authorization": "Bearer s3cret"}
    assert api.post("/api/check", files=files, headers=right).status_code == 200
    assert api.get("/api/info").json()["token"] is True  # the page learns it must ask
    assert api.get("/").status_code == 200


def test_only_loopback_names_are_served_on_loopback():
    assert hosts_for("127.0.0.1") == hosts_for("::1") == hosts_for("localhost")
    assert hosts_for("0.0.0.0") is None and hosts_for("192.0.2.7") is None
    api = client()
    assert api.get("/api/info", headers={"host": "localhost:8730"}).status_code == 200
    assert api.get("/api/info", headers={"host": "[::1]:8730"}).status_code == 200
    body = refused(
        api.get("/api/info", headers={"host": "attacker.example"}), 400, "host_not_allowed"
    )
    assert "attacker.example" in body["zh"]
    anywhere = client(hosts=None)
    assert anywhere.get("/api/info", headers={"host": "formlint.example"}).status_code == 200


def test_a_post_from_another_page_is_refused(private_tmp):
    files = upload(seed_path(SEED))
    api = client()
    other = {"origin": "http://attacker.example"}
    refused(api.post("/api/check", files=files, headers=other), 403, "cross_origin")
    same = {"origin": BASE}
    assert api.post("/api/check", files=files, headers=same).status_code == 200


def test_refusals_of_the_framework_are_bilingual_too():
    api = client()
    refused(api.get("/nowhere"), 404, "not_found")
    refused(api.get("/api/check"), 405, "method_not_allowed")
    refused(api.post("/api/check?lang=fr", files=[("files", ("a.txt", b"x"))]), 422, "bad_request")


# --- where uploads go -------------------------------------------------------------------


def test_upload_names_are_safe_and_unique():
    names = safe_names(
        ["../../etc/passwd", "C:\\Users\\x\\表.xlsx", "表.xlsx", "a\x00b.txt", "-", "", None, ".."]
    )
    assert names == ["passwd", "表.xlsx", "表 (2).xlsx", "ab.txt", "upload", "upload (2)",
                     "upload (3)", "upload (4)"]  # fmt: skip
    (long,) = safe_names(["表" * 200 + ".xlsx"])
    assert long.endswith(".xlsx") and len(long.encode()) <= 240


def test_the_private_folder_is_private_and_removed(private_tmp):
    with private_folder([("a.txt", b"x"), ("b.txt", b"y")]) as folder:
        assert Path(folder).parent == private_tmp
        assert os.stat(folder).st_mode & 0o777 == 0o700
        assert {os.stat(Path(folder, n)).st_mode & 0o777 for n in ("a.txt", "b.txt")} == {0o600}
    assert not Path(folder).exists()


def test_nothing_is_written_outside_the_private_folder(tmp_path, monkeypatch, private_tmp):
    """No cache, no report, no annotated copy beside anything: the working directory and the
    temporary directory are as they were."""
    workdir = tmp_path / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    workbook = tmp_path / "form.xlsx"
    write_xlsx(seed_lines(seed_path(SEED)), workbook)
    api = client()
    for path in (
        "/api/check",
        "/api/review",
        "/api/check?format=html",
        "/api/annotate?name=form.xlsx",
    ):
        assert api.post(path, files=upload(workbook)).status_code == 200
    assert not list(workdir.iterdir()) and not uploads_left(private_tmp)


# --- the API's documents --------------------------------------------------------------------


def test_openapi_and_the_offline_docs():
    api = client()
    spec = api.get("/openapi.json").json()
    assert {"/api/check", "/api/review", "/api/annotate", "/api/info"} <= set(spec["paths"])
    check = spec["paths"]["/api/check"]["post"]
    assert "multipart/form-data" in check["requestBody"]["content"]
    assert {"413", "401", "504"} <= set(check["responses"])
    for path in ("/", "/docs"):
        page = api.get(path)
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert "//" not in "".join(
            line for line in page.text.splitlines() if "src=" in line or "href=" in line
        )


# --- the command ------------------------------------------------------------------------


FRAMEWORK = ("fastapi", "starlette", "uvicorn", "pydantic", "anyio", "multipart")


def test_check_and_help_never_import_the_framework():
    code = (
        "import sys\nfrom linter.cli import main\n"
        f"main(['check', {str(seed_path(SEED))!r}, '--no-cache', '-q'])\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FRAMEWORK!r}))"
    )
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_serve_without_the_extra_says_how_to_install_it(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    monkeypatch.delitem(sys.modules, "linter.serve.server", raising=False)
    assert main(["serve", "--port", "0"]) == 2
    assert "pip install 'formlint[serve]'" in capsys.readouterr().err


def test_a_port_in_use_is_one_message(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and "Traceback" not in err
