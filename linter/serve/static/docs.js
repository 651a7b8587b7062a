// The API's reference, read from /openapi.json: FastAPI's own docs pages load their scripts
// from a CDN, and this server works offline.
"use strict";

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function table(head, rows) {
  const node = el("table", undefined, "summary");
  const top = el("tr");
  for (const h of head) top.append(el("th", h));
  node.append(top);
  for (const row of rows) {
    const tr = el("tr");
    for (const cell of row) tr.append(el("td", cell));
    node.append(tr);
  }
  return node;
}

function schemaOf(spec, ref) {
  return ref.split("/").slice(1).reduce((node, part) => node[part], spec);
}

function operation(spec, method, path, op) {
  const section = el("section", undefined, "file");
  section.append(el("h3", `${method.toUpperCase()} ${path}`), el("p", op.summary || ""));
  if (op.description) section.append(el("p", op.description, "where"));
  const params = (op.parameters || []).map((p) => [
    p.name, p.in, p.required ? "required" : "optional", (p.schema && p.schema.description) || p.description || "",
  ]);
  const body = op.requestBody && op.requestBody.content["multipart/form-data"];
  if (body) {
    const schema = schemaOf(spec, body.schema.$ref);
    for (const [name, field] of Object.entries(schema.properties)) {
      params.push([name, "multipart/form-data", (schema.required || []).includes(name) ? "required" : "optional", field.description || ""]);
    }
  }
  if (params.length) section.append(table(["parameter", "in", "", "description"], params));
  const responses = Object.entries(op.responses).map(([status, r]) => [status, r.description || ""]);
  section.append(table(["status", "answer"], responses));
  return section;
}

async function start() {
  const spec = await (await fetch("/openapi.json")).json();
  document.getElementById("version").textContent = spec.info.version;
  document.getElementById("description").textContent = spec.info.description;
  const list = document.getElementById("endpoints");
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) list.append(operation(spec, method, path, op));
  }
}

start();
