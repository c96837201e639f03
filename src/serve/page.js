// huibao serve: draws the pages the server built, keeps them current, and shows where a
// clicked paragraph or cell comes from. No framework: the DOM and fetch.
"use strict";
const secret = document.body.dataset.secret;
const pagesBox = document.getElementById("pages");
const fileSelect = document.getElementById("file");
let state = null; // the last /state
let view = 0; // which file's pages are shown
let picked = null; // { field, old } being edited
let L = {}; // the interface's words

function $(id) { return document.getElementById(id); }

async function sync() {
  const response = await fetch("/state", { cache: "no-store" });
  const next = await response.json();
  L = next.labels;
  document.title = L.header;
  fonts(next.fonts);
  state = next;
  nav();
  await draw();
  problems();
  document.body.dataset.generation = String(state.generation);
}

// Each font once, under the family name the pages use.
function fonts(families) {
  const sheet = $("fonts");
  const have = new Set((sheet.dataset.have || "").split(" ").filter(Boolean));
  for (const f of families) {
    if (have.has(f)) continue;
    sheet.appendChild(document.createTextNode(
      `@font-face { font-family: "${f}"; src: url("/font/${f}.ttf") format("truetype"); font-display: block; }\n`));
    have.add(f);
  }
  sheet.dataset.have = [...have].join(" ");
  // The interface's own Chinese in the material's fonts: an office PC has its own, a bare
  // machine may have none.
  const cjk = families.map(f => `"${f}"`).join(", ");
  document.body.style.fontFamily = cjk + ", sans-serif";
  document.body.style.setProperty("--cjk", cjk);
}

// Only pages whose SVG changed are fetched; the others stay as they are (and so does the
// scroll position).
async function draw() {
  const pages = (state.views[view] || { pages: [] }).pages;
  const fetches = [];
  pages.forEach((p, i) => {
    let sheet = pagesBox.children[i];
    if (!sheet) {
      sheet = document.createElement("div");
      sheet.className = "sheet";
      sheet.id = "page-" + (i + 1);
      pagesBox.appendChild(sheet);
    }
    sheet.dataset.index = String(i);
    if (sheet.dataset.hash === p.hash) return;
    fetches.push(fetch(`/page/${p.hash}.svg`).then(r => r.ok ? r.text() : null).then(svg => {
      if (svg === null) return;
      sheet.innerHTML = svg;
      sheet.dataset.hash = p.hash;
      const box = sheet.querySelector("svg").viewBox.baseVal;
      sheet.classList.toggle("landscape", box.width > box.height);
    }));
  });
  while (pagesBox.children.length > pages.length) pagesBox.lastChild.remove();
  await Promise.all(fetches);
}

function nav() {
  const current = fileSelect.value;
  fileSelect.replaceChildren(...state.views.map((v, i) => new Option(v.file, String(i))));
  if (current !== "" && state.views[Number(current)]) fileSelect.value = current;
  view = Number(fileSelect.value || 0);
  const list = $("parts");
  list.replaceChildren();
  for (const part of state.parts) {
    if (view !== 0 && state.views[view].file !== part.file) continue;
    const li = document.createElement("li");
    li.appendChild(link(part.name, view === 0 ? part.page : 0));
    if (part.items.length) {
      const ol = document.createElement("ol");
      const first = part.items[0].page;
      part.items.forEach((item, k) => {
        const entry = document.createElement("li");
        const page = view === 0 ? item.page : item.page - (part.page || 0);
        entry.appendChild(link(`${k + 1}. ${item.title}`, page));
        ol.appendChild(entry);
      });
      li.appendChild(ol);
    }
    list.appendChild(li);
  }
}

function link(text, page) {
  const a = document.createElement("a");
  a.textContent = text;
  a.addEventListener("click", () => { const s = pagesBox.children[page]; if (s) s.scrollIntoView(); });
  return a;
}

function problems() {
  const box = $("problems");
  box.hidden = !state.problems;
  $("problems-head").textContent = L.problems;
  $("problems-text").textContent = state.problems || "";
}

// A click on a paragraph or cell: where it comes from, and an edit box for one field's text.
pagesBox.addEventListener("click", async event => {
  const area = event.target.closest(".area");
  if (!area) return;
  const sheet = area.closest(".sheet");
  document.querySelectorAll(".area.picked").forEach(a => a.classList.remove("picked"));
  area.classList.add("picked");
  $("source-note").textContent = "";
  const q = `generation=${state.generation}&view=${view}&page=${sheet.dataset.index}&area=${area.dataset.area}`;
  const response = await fetch("/source?" + q, { cache: "no-store" });
  const found = await response.json();
  show(found);
});

function show(found) {
  const box = $("source");
  box.hidden = false;
  $("source-error").textContent = found.error || "";
  const where = $("source-where");
  where.replaceChildren();
  for (const f of found.fields || []) {
    const dl = document.createElement("dl");
    for (const [k, v] of [[L.file, f.file], [L.line, String(f.line)], [L.field, f.label]]) {
      const dt = document.createElement("dt"); dt.textContent = k;
      const dd = document.createElement("dd"); dd.textContent = v;
      dl.append(dt, dd);
    }
    where.appendChild(dl);
  }
  const one = found.kind === "field" ? found.fields[0] : null;
  $("source-note").textContent =
    found.kind === "template" ? (found.fields.length ? L.near : L.template)
    : found.kind === "several" ? L.several
    : found.kind === "composed" ? L.composed
    : one && one.changed ? L.changed
    : one && !found.whole ? L.part : "";
  const value = $("source-value");
  value.hidden = !one;
  $("source-save").hidden = !one || one.changed;
  $("source-save").textContent = L.save;
  $("source-close").textContent = L.close;
  picked = one ? { file: one.path, field: one.field, old: one.value } : null;
  if (one) { value.value = one.value; value.focus(); }
}

$("source-save").addEventListener("click", async () => {
  if (!picked) return;
  const body = JSON.stringify({ ...picked, new: $("source-value").value });
  const response = await fetch("/edit", {
    method: "POST", body, headers: { "Content-Type": "application/json", "X-Huibao-Secret": secret },
  });
  const answer = await response.json().catch(() => ({ error: response.statusText }));
  if (response.ok) {
    $("source-error").textContent = "";
    $("source-note").textContent = L.saved;
    $("source").hidden = true;
    picked = null;
  } else {
    $("source-error").textContent = answer.error;
  }
});
$("source-close").addEventListener("click", () => { $("source").hidden = true; picked = null; });
fileSelect.addEventListener("change", () => { pagesBox.replaceChildren(); requestSync(); });

// One sync at a time, the last one after any that came in meanwhile: an older state never
// lands after a newer one.
let syncing = false;
let again = false;
function requestSync() {
  if (syncing) { again = true; return; }
  syncing = true;
  sync().catch(() => {}).finally(() => {
    syncing = false;
    if (again) { again = false; requestSync(); }
  });
}

new EventSource("/events").addEventListener("build", requestSync);
