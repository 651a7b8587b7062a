// formlint serve: the page. Files are checked by POST /api/review, which answers every finding
// in both languages with the rows of each form, so switching language or filtering needs no
// second check. Downloads send the same files again to /api/check and /api/annotate.
// Text from the forms is only ever set as textContent: a form cannot inject markup.
"use strict";

const WORDS = {
  zh: {
    title: "formlint 绩效表检查", api: "API 文档", other: "English",
    drop: "把表单文件拖到这里，或点击选择文件（可多选）",
    accepted: "可读取：", limits: "每次最多 {files} 个文件，共 {mb} MB；每个文件最多用时 {seconds} 秒",
    token: "访问令牌", check: "检查", clear: "清空", remove: "移除",
    checking: "正在检查 {n} 个文件…", done: "检查完成：{n} 个文件，用时 {s} 秒",
    preparing: "正在生成 {what}…", failed: "无法连接服务器：{e}",
    tooMany: "一次选了 {n} 个文件，上限是 {limit} 个；请分批检查",
    tooLarge: "所选文件共 {mb} MB，超过上限 {limit} MB；请分批检查",
    files: "文件", formsCount: "表单", findings: "问题", notLinted: "未检查的文件",
    error: "错误", warning: "警告", info: "提示",
    byFile: "按文件", byDepartment: "按主管部门", forms: "表单与问题",
    department: "主管部门", flaggedForms: "有问题的表单", unfilled: "（未填）",
    severity: "级别", rule: "规则", allRules: "全部规则", flagged: "只看有问题的表单",
    shown: "显示 {n} / {total} 张表单", form: "表 {n}：", unit: "实施单位",
    fileLevel: "文件本身的问题", notLintedFile: "此文件未检查，原因：", clean: "没有问题",
    htmlReport: "下载 HTML 报告", json: "下载 JSON", annotated: "下载标注后的 {name}",
    annotatedSuffix: "-标注", report: "formlint-报告",
  },
  en: {
    title: "formlint performance form check", api: "API docs", other: "中文",
    drop: "Drop form files here, or click to choose them (several at once)",
    accepted: "Reads: ", limits: "At most {files} files of {mb} MB together per check; {seconds} s per file",
    token: "Access token", check: "Check", clear: "Clear", remove: "remove",
    checking: "Checking {n} files…", done: "Checked {n} files in {s} s",
    preparing: "Preparing {what}…", failed: "Cannot reach the server: {e}",
    tooMany: "{n} files chosen, the limit is {limit}; check them in smaller batches",
    tooLarge: "The files chosen come to {mb} MB, over the limit of {limit} MB; check them in smaller batches",
    files: "files", formsCount: "forms", findings: "findings", notLinted: "files not linted",
    error: "error", warning: "warning", info: "info",
    byFile: "Per file", byDepartment: "Per department (主管部门)", forms: "Forms and findings",
    department: "Department (主管部门)", flaggedForms: "forms with findings", unfilled: "(not filled)",
    severity: "Severity", rule: "Rule", allRules: "all rules", flagged: "only forms with findings",
    shown: "{n} of {total} forms shown", form: "form {n}: ", unit: "unit (实施单位)",
    fileLevel: "findings on the file itself", notLintedFile: "This file was not linted, because:", clean: "no findings",
    htmlReport: "Download the HTML report", json: "Download the JSON", annotated: "Download {name} annotated",
    annotatedSuffix: "-annotated", report: "formlint-report",
  },
};
const SEVERITIES = ["error", "warning", "info"];
const WORKBOOK = /\.(xlsx|xlsm)$/i;

const state = {
  lang: localStorage.getItem("formlint-lang") === "en" ? "en" : "zh",
  info: null, // GET /api/info
  chosen: [], // File objects, in the order they are sent
  review: null, // the last answer of /api/review
  status: null, // {key, values} or {refusal}
};

const $ = (id) => document.getElementById(id);

function t(key, values = {}) {
  return WORDS[state.lang][key].replace(/\{(\w+)\}/g, (_, name) => values[name]);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// --- talking to the server -----------------------------------------------------------------

function headers() {
  const token = $("token").value.trim();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

function upload(files) {
  const body = new FormData();
  for (const file of files) body.append("files", file, file.name);
  return body;
}

async function post(path, files) {
  const response = await fetch(path, { method: "POST", body: upload(files), headers: headers() });
  if (!response.ok) {
    let refusal;
    try {
      refusal = await response.json();
    } catch {
      refusal = { zh: `服务器返回 ${response.status}`, en: `the server answered ${response.status}` };
    }
    throw { refusal };
  }
  return response;
}

function tooMuch(files) {
  const limits = state.info.limits;
  if (files.length > limits.max_files) {
    return { key: "tooMany", values: { n: files.length, limit: limits.max_files } };
  }
  const size = files.reduce((sum, f) => sum + f.size, 0);
  if (size > limits.max_bytes * 0.98) { // the multipart envelope needs a little room
    return { key: "tooLarge", values: { mb: mb(size), limit: mb(limits.max_bytes) } };
  }
  return null;
}

function mb(bytes) {
  return (bytes / 1048576).toFixed(1).replace(/\.0$/, "");
}

function size(bytes) {
  return bytes < 1048576 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${mb(bytes)} MB`;
}

async function check() {
  const files = [...state.chosen];
  if (!files.length) return;
  const refused = state.info && tooMuch(files);
  if (refused) return setStatus(refused, true);
  setStatus({ key: "checking", values: { n: files.length } });
  $("check").disabled = true;
  const started = performance.now();
  try {
    state.review = await (await post("/api/review", files)).json();
    state.sent = files;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    setStatus({ key: "done", values: { n: files.length, s: seconds } });
    renderResults();
  } catch (e) {
    setStatus(e.refusal ? { refusal: e.refusal } : { key: "failed", values: { e } }, true);
  } finally {
    $("check").disabled = !state.chosen.length;
  }
}

async function download(button, path, name) {
  button.disabled = true;
  setStatus({ key: "preparing", values: { what: button.textContent } });
  try {
    const blob = await (await post(path, state.sent)).blob();
    const link = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    setStatus(null);
  } catch (e) {
    setStatus(e.refusal ? { refusal: e.refusal } : { key: "failed", values: { e } }, true);
  } finally {
    button.disabled = false;
  }
}

function setStatus(status, refused = false) {
  state.status = status && { ...status, refused };
  renderStatus();
}

// --- choosing files -----------------------------------------------------------------------

function choose(files) {
  const known = new Set(state.chosen.map(key));
  for (const file of files) if (!known.has(key(file))) state.chosen.push(file);
  renderChosen();
  check();
}

function key(file) {
  return `${file.name}\u0000${file.size}\u0000${file.lastModified}`;
}

function renderChosen() {
  const list = $("chosen");
  list.replaceChildren(
    ...state.chosen.map((file, i) => {
      const remove = el("button", { type: "button", title: t("remove"), "aria-label": t("remove"), text: "×" });
      remove.addEventListener("click", () => {
        state.chosen.splice(i, 1);
        renderChosen();
        if (state.chosen.length) check();
        else clear();
      });
      return el("li", {}, `${file.name} · ${size(file.size)} `, remove);
    }),
  );
  $("check").disabled = $("clear").disabled = !state.chosen.length;
}

function clear() {
  state.chosen = [];
  state.review = null;
  setStatus(null);
  renderChosen();
  $("results").hidden = true;
}

// --- rendering ----------------------------------------------------------------------------

function render() {
  document.documentElement.lang = state.lang === "en" ? "en" : "zh-CN";
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  $("lang").textContent = t("other");
  $("token").placeholder = "Bearer";
  if (state.info) {
    const { limits, suffixes } = state.info;
    $("accepted").textContent = t("accepted") + suffixes.join(" ");
    $("limits").textContent = t("limits", {
      files: limits.max_files, mb: mb(limits.max_bytes), seconds: limits.time_limit,
    });
  }
  renderChosen();
  renderStatus();
  if (state.review) renderResults();
}

function renderStatus() {
  const node = $("status");
  const status = state.status;
  node.className = status && status.refused ? "refused" : "";
  if (!status) node.textContent = "";
  else if (status.refusal) node.textContent = status.refusal[state.lang] || status.refusal.message;
  else node.textContent = t(status.key, status.values);
}

function renderResults() {
  const review = state.review;
  $("results").hidden = false;
  const counts = review.summary.by_severity;
  $("cards").replaceChildren(
    card(t("files"), review.summary.files),
    card(t("notLinted"), review.summary.skipped, review.summary.skipped ? "error" : ""),
    card(t("formsCount"), review.summary.forms),
    card(t("findings"), review.summary.diagnostics),
    ...SEVERITIES.map((s) => card(t(s), counts[s], s)),
  );
  renderDownloads();
  renderByFile();
  renderByDepartment();
  renderRuleChoice();
  renderFiles();
}

function card(label, value, cls = "") {
  return el("div", { class: `card ${cls}` }, el("b", { text: String(value) }), el("span", { text: label }));
}

function renderDownloads() {
  const lang = state.lang;
  const buttons = [
    [t("htmlReport"), `/api/check?format=html&lang=${lang}`, `${t("report")}.html`],
    [t("json"), `/api/check?format=json&lang=${lang}`, `${t("report")}.json`],
  ];
  for (const file of state.review.files) {
    if (WORKBOOK.test(file.path) && file.linted) {
      const stem = file.path.replace(WORKBOOK, "");
      const suffix = file.path.slice(stem.length);
      buttons.push([
        t("annotated", { name: file.path }),
        `/api/annotate?name=${encodeURIComponent(file.path)}&lang=${lang}`,
        `${stem}${t("annotatedSuffix")}${suffix}`,
      ]);
    }
  }
  $("downloads").replaceChildren(
    ...buttons.map(([label, path, name]) => {
      const button = el("button", { type: "button", class: "download", text: label });
      button.addEventListener("click", () => download(button, path, name));
      return button;
    }),
  );
}

function severityCells(counts) {
  return SEVERITIES.map((s) => el("td", { class: `num ${counts[s] ? s : "zero"}`, text: String(counts[s] || 0) }));
}

function tally(diagnostics) {
  const counts = {};
  for (const d of diagnostics) counts[d.severity] = (counts[d.severity] || 0) + 1;
  return counts;
}

function summaryHead(...names) {
  return el("tr", {}, ...names.map(([text, cls]) => el("th", { class: cls || "", text })));
}

function renderByFile() {
  const rows = state.review.files.map((file, i) => {
    const link = el("a", { href: `#file-${i}`, text: file.path });
    return el(
      "tr", {},
      el("td", {}, link, file.linted ? null : el("span", { class: "not-linted", text: ` (${t("notLinted")})` })),
      el("td", { class: "num", text: String(file.forms.length) }),
      ...severityCells(tally(file.diagnostics)),
    );
  });
  $("by-file").replaceChildren(
    summaryHead([t("files")], [t("formsCount"), "num"], ...SEVERITIES.map((s) => [t(s), "num"])),
    ...rows,
  );
}

function renderByDepartment() {
  const departments = new Map();
  for (const file of state.review.files) {
    for (const form of file.forms) {
      const name = form.department || t("unfilled");
      if (!departments.has(name)) departments.set(name, { forms: 0, flagged: 0, diagnostics: [] });
      const entry = departments.get(name);
      const found = file.diagnostics.filter((d) => d.form === form.index);
      entry.forms += 1;
      entry.flagged += found.length ? 1 : 0;
      entry.diagnostics.push(...found);
    }
  }
  const sorted = [...departments].sort((a, b) => b[1].diagnostics.length - a[1].diagnostics.length || a[0].localeCompare(b[0]));
  $("by-department").replaceChildren(
    summaryHead([t("department")], [t("formsCount"), "num"], [t("flaggedForms"), "num"], ...SEVERITIES.map((s) => [t(s), "num"])),
    ...sorted.map(([name, entry]) =>
      el(
        "tr", {},
        el("td", { text: name }),
        el("td", { class: "num", text: String(entry.forms) }),
        el("td", { class: "num", text: String(entry.flagged) }),
        ...severityCells(tally(entry.diagnostics)),
      ),
    ),
  );
}

function renderRuleChoice() {
  const select = $("rule");
  const chosen = select.value;
  const counts = {};
  for (const file of state.review.files) for (const d of file.diagnostics) counts[d.code] = (counts[d.code] || 0) + 1;
  const options = Object.keys(counts).sort().map((code) => {
    const summary = state.review.rules[code][state.lang];
    return el("option", { value: code, text: `${code} ${summary} (${counts[code]})` });
  });
  select.replaceChildren(el("option", { value: "", text: t("allRules") }), ...options);
  select.value = counts[chosen] ? chosen : "";
}

function visible(d) {
  const severities = [...document.querySelectorAll("input.severity:checked")].map((i) => i.value);
  const rule = $("rule").value;
  return severities.includes(d.severity) && (!rule || d.code === rule);
}

function renderFiles() {
  const onlyFlagged = $("flagged").checked;
  let shown = 0;
  let total = 0;
  const sections = state.review.files.map((file, i) => {
    const found = file.diagnostics.filter(visible);
    const section = el("section", { class: "file", id: `file-${i}` }, el("h3", { text: file.path }));
    const loose = found.filter((d) => d.form === null);
    if (loose.length || !file.linted) {
      const heading = file.linted ? el("p", { text: t("fileLevel") }) : el("p", { class: "not-linted", text: t("notLintedFile") });
      section.append(heading, findingList(loose, "loose"));
    }
    const starts = [...new Set(file.forms.map((f) => f.line))].sort((a, b) => a - b);
    for (const form of file.forms) {
      total += 1;
      const mine = found.filter((d) => d.form === form.index);
      if (onlyFlagged && !mine.length) continue;
      shown += 1;
      const end = starts.find((line) => line > form.line) || file.rows.length + 1;
      section.append(formBlock(file, form, mine, end));
    }
    section.hidden = section.childElementCount === 1; // its heading alone: nothing to show
    return section;
  });
  $("shown").textContent = t("shown", { n: shown, total });
  $("files").replaceChildren(...sections);
}

function formBlock(file, form, found, end) {
  const counts = tally(found);
  const name = form.project || form.title;
  const summary = el(
    "summary", {},
    el("b", { text: t("form", { n: form.index }) + name }),
    el("span", { class: "meta", text: [form.title, form.department, form.unit].filter(Boolean).join(" · ") }),
    ...SEVERITIES.filter((s) => counts[s]).map((s) => el("span", { class: `count ${s}`, text: `${t(s)} ${counts[s]}` })),
  );
  if (!found.length) summary.append(el("span", { class: "meta", text: t("clean") }));
  const block = el("details", { class: "form", open: "" }, summary);
  const byLine = new Map();
  for (const d of found) {
    if (!byLine.has(d.line)) byLine.set(d.line, []);
    byLine.get(d.line).push(d);
  }
  const outside = found.filter((d) => d.line < form.line || d.line >= end);
  if (outside.length) block.append(findingList(outside, "loose"));
  const lines = file.rows.slice(form.line - 1, end - 1);
  const width = Math.max(1, ...lines.map((row) => row.split("\t").length));
  const table = el("table", { class: "rows" });
  lines.forEach((row, k) => table.append(rowOf(form.line + k, row, width, byLine.get(form.line + k) || [])));
  block.append(el("div", { class: "table-wrap" }, table));
  return block;
}

function rowOf(line, row, width, found) {
  const marks = {};
  const rank = (s) => SEVERITIES.length - SEVERITIES.indexOf(s);
  for (const d of found) {
    for (const cell of d.cells) if (!marks[cell] || rank(d.severity) > rank(marks[cell])) marks[cell] = d.severity;
  }
  const texts = row.split("\t");
  const cells = [];
  for (let i = 0; i < width; i++) {
    cells.push(el("td", { class: marks[i] ? `hit ${marks[i]}` : "", text: texts[i] || "" }));
  }
  const tr = el("tr", { class: found.length ? "flagged" : "" }, el("td", { class: "ln", text: String(line) }), ...cells);
  if (found.length) tr.append(el("td", { class: "messages" }, findingList(found)));
  return tr;
}

function findingList(found, cls = "") {
  return el(
    "ul", { class: `findings ${cls}` },
    ...found.map((d) =>
      el(
        "li", {},
        el("span", { class: `sev ${d.severity}`, text: t(d.severity) }), " ",
        el("code", { title: state.review.rules[d.code][state.lang], text: d.code }), " ",
        d[state.lang], " ",
        el("span", { class: "where", text: d.where ? d.where.label : `${d.line}:${d.column}` }),
      ),
    ),
  );
}

// --- start ----------------------------------------------------------------------------------

async function start() {
  const drop = $("drop");
  $("file-input").addEventListener("change", (e) => {
    choose(e.target.files);
    e.target.value = "";
  });
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    choose(e.dataTransfer.files);
  });
  $("check").addEventListener("click", check);
  $("clear").addEventListener("click", clear);
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "zh" ? "en" : "zh";
    localStorage.setItem("formlint-lang", state.lang);
    render();
  });
  for (const input of document.querySelectorAll("input.severity, #flagged")) input.addEventListener("change", renderFiles);
  $("rule").addEventListener("change", renderFiles);
  try {
    state.info = await (await fetch("/api/info")).json();
    $("version").textContent = `${state.info.tool.name} ${state.info.tool.version}`;
    $("file-input").accept = state.info.suffixes.join(",");
    $("token-box").hidden = !state.info.token;
  } catch (e) {
    setStatus({ key: "failed", values: { e } }, true);
  }
  render();
}

start();
