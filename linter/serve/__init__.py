"""``formlint serve``: a web page and a JSON API over the same engine as ``formlint check``.

A front end like the CLI, for people who never open a terminal and for the budget system to
call: uploads go to a private temporary folder, a worker process lints them there with
``linter.engine`` and renders them with the registered reporters, and the folder is removed
before the response leaves. The framework (FastAPI on Starlette, served by uvicorn) is the
``serve`` extra and is imported only by this subpackage, never by ``formlint check``.
"""
