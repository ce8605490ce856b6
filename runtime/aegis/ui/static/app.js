// The Aegis memory viewer. Plain DOM, no framework; every piece of memory text is
// set with textContent (never innerHTML), so stored text cannot become markup.
"use strict";

const CSRF = document.querySelector('meta[name="aegis-csrf"]').content;
const main = document.getElementById("main");

// ---------------------------------------------------------------- helpers

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function getJSON(path) {
  const response = await fetch(path, {credentials: "same-origin"});
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

async function postJSON(path, body) {
  const response = await fetch(path, {
    method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json", "X-Aegis-CSRF": CSRF},
    body: JSON.stringify(body || {}),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

let flashTimer = null;
function flash(message, kind) {
  const box = document.getElementById("flash");
  box.textContent = message;
  box.className = kind || "ok";
  box.hidden = false;
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => { box.hidden = true; }, 4000);
}

function plural(n, word, words) { return `${n} ${n === 1 ? word : (words || word + "s")}`; }
function day(iso) { return iso ? iso.replace("T", " ").replace("Z", "") : "—"; }
function short(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }
function tierBadge(tier) { return el("span", {class: "badge tier-" + tier}, tier); }
function memoryLink(id) { return el("a", {href: "#/memory/" + encodeURIComponent(id), class: "mono"}, id); }

function show(...nodes) { main.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined)); }
function failed(error) { show(el("p", {class: "error"}, "Could not load: " + error.message)); }

// ---------------------------------------------------------------- memories

const filters = {q: "", tier: "", kind: "", tag: "", source: "", sort: ""};
let searchTimer = null;
let listRequest = 0;

function memoriesPage() {
  const field = (id, label, options) => el("label", {class: "filter"}, label,
    el("select", {id, onchange: (e) => { filters[id] = e.target.value; loadMemories(); }},
      options.map(([value, text]) => el("option", {value, selected: filters[id] === value}, text))));
  const search = el("input", {id: "search", type: "search", placeholder: "Search memories…",
    value: filters.q, autocomplete: "off", autofocus: true,
    oninput: (e) => {
      filters.q = e.target.value;
      clearTimeout(searchTimer);
      searchTimer = setTimeout(loadMemories, 150);
    }});
  show(
    el("section", {class: "toolbar"}, search,
      el("div", {class: "filters"},
        field("tier", "Tier", [["", "all"], ["project", "project"], ["user", "user"]]),
        field("kind", "Kind", [["", "all"], ["fact", "fact"], ["event", "event"]]),
        el("label", {class: "filter"}, "Tag", el("select", {id: "tag", onchange: (e) => { filters.tag = e.target.value; loadMemories(); }}, el("option", {value: ""}, "all"))),
        el("label", {class: "filter"}, "Source", el("select", {id: "source", onchange: (e) => { filters.source = e.target.value; loadMemories(); }}, el("option", {value: ""}, "all"))),
        field("sort", "Sort", [["", "best"], ["newest", "newest"], ["oldest", "oldest"],
          ["updated", "recently changed"], ["importance", "importance"], ["recalled", "most recalled"]]))),
    el("p", {id: "count", class: "muted"}),
    el("div", {id: "list", class: "list"}));
  loadMemories();
}

function fillOptions(id, values) {
  const select = document.getElementById(id);
  if (!select) return;
  const current = filters[id];
  const keep = new Set(values);
  if (current) keep.add(current);
  select.replaceChildren(el("option", {value: ""}, "all"),
    ...[...keep].sort().map((v) => el("option", {value: v, selected: v === current}, v)));
}

async function loadMemories() {
  const request = ++listRequest;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  let data;
  try { data = await getJSON("/api/memories?" + params); }
  catch (error) {
    document.getElementById("count").textContent = error.message;
    return;
  }
  if (request !== listRequest) return;          // a newer keystroke already asked
  fillOptions("tag", data.tags);
  fillOptions("source", data.sources);
  document.getElementById("count").textContent =
    plural(data.count, "memory", "memories") + (filters.q ? ` matching “${filters.q}”` : "");
  const list = document.getElementById("list");
  if (!data.memories.length) {
    list.replaceChildren(el("p", {class: "empty"}, filters.q || filters.tag || filters.kind || filters.source || filters.tier
      ? "No memory matches these filters." : "No memories yet for this project. Use /remember in Claude Code, or let capture save decisions."));
    return;
  }
  list.replaceChildren(...data.memories.map((m) =>
    el("a", {class: "memory-row" + (m.superseded_by ? " superseded" : ""), href: "#/memory/" + encodeURIComponent(m.id), "data-id": m.id},
      el("div", {class: "row-text"}, m.text),
      el("div", {class: "row-meta"},
        tierBadge(m.tier), el("span", {class: "badge"}, m.kind),
        m.tags.map((t) => el("span", {class: "tag"}, "#" + t)),
        el("span", {class: "muted"}, `from ${m.source} · ${day(m.created_at).slice(0, 10)} · importance ${m.importance}` +
          (m.recall_count ? ` · recalled ${m.recall_count}×` : "") + (m.score !== undefined ? ` · score ${m.score}` : ""))))));
}

// ---------------------------------------------------------------- one memory

async function memoryPage(id) {
  let data;
  try { data = await getJSON("/api/memory/" + encodeURIComponent(id)); }
  catch (error) { return failed(error); }
  const m = data.memory;
  const text = el("textarea", {id: "edit-text", rows: 5}, m.text);
  const tags = el("input", {id: "edit-tags", value: m.tags.join(", "), placeholder: "comma-separated"});
  const importance = el("input", {id: "edit-importance", type: "number", min: 0, max: 1, step: 0.05, value: m.importance});
  const kind = el("select", {id: "edit-kind"}, ["fact", "event"].map((k) => el("option", {value: k, selected: k === m.kind}, k)));
  const save = async () => {
    try {
      const result = await postJSON(`/api/memory/${encodeURIComponent(m.id)}/update`,
        {text: text.value, tags: tags.value, importance: Number(importance.value), kind: kind.value});
      flash(`Saved ${m.id} (version ${result.memory.version})`);
      memoryPage(m.id);
    } catch (error) { flash(error.message, "error"); }
  };
  const confirmBox = el("div", {id: "confirm", class: "confirm", hidden: true},
    el("span", {}, "Forget this memory for good? Its history goes too."),
    el("button", {id: "confirm-forget", class: "danger", onclick: async () => {
      try {
        await postJSON(`/api/memory/${encodeURIComponent(m.id)}/forget`, {});
        flash(`Forgot ${m.id}`);
        location.hash = "#/memories";
      } catch (error) { flash(error.message, "error"); }
    }}, "Yes, forget it"),
    el("button", {onclick: () => { confirmBox.hidden = true; }}, "Cancel"));
  const history = data.history.slice().reverse().map((v) =>
    el("li", {class: "version"},
      el("div", {class: "row-meta"}, el("strong", {}, "v" + v.version), el("span", {class: "muted"}, day(v.changed_at)),
        el("span", {class: "badge"}, v.kind), v.tags.map((t) => el("span", {class: "tag"}, "#" + t)),
        v.version === m.version ? el("span", {class: "badge current"}, "current")
          : el("button", {class: "small restore", "data-version": v.version, onclick: async () => {
              try {
                const result = await postJSON(`/api/memory/${encodeURIComponent(m.id)}/restore`, {version: v.version});
                flash(`Restored version ${v.version} as version ${result.memory.version}`);
                memoryPage(m.id);
              } catch (error) { flash(error.message, "error"); }
            }}, "Restore")),
      el("div", {class: "version-text"}, v.text)));
  const relations = data.relations.map((r) =>
    el("li", {}, r.direction === "out" ? "this " : "", el("span", {class: "badge"}, r.kind.replace("_", " ")),
      r.direction === "out" ? " → " : " ← ", memoryLink(r.other_id), " ",
      el("span", {class: "muted"}, r.other_text ? short(r.other_text, 90) : "(not in this project)")));
  show(
    el("p", {}, el("a", {href: "#/memories"}, "← all memories")),
    el("section", {class: "card"},
      el("h2", {class: "mono"}, m.id, " ", tierBadge(m.tier),
        m.superseded_by ? el("span", {class: "badge warn"}, "superseded by ", m.superseded_by) : null),
      el("p", {class: "muted"}, `from ${m.source} · created ${day(m.created_at)} · updated ${day(m.updated_at)} · version ${m.version} · confidence ${m.confidence} · recalled ${m.recall_count}×`),
      el("label", {class: "block"}, "Text", text),
      el("div", {class: "edit-row"},
        el("label", {class: "block"}, "Tags", tags),
        el("label", {class: "block"}, "Importance", importance),
        el("label", {class: "block"}, "Kind", kind)),
      el("div", {class: "actions"},
        el("button", {id: "save", class: "primary", onclick: save}, "Save changes"),
        el("button", {id: "forget", class: "danger", onclick: () => { confirmBox.hidden = false; }}, "Forget…")),
      confirmBox),
    el("section", {class: "card"}, el("h3", {}, "History (" + plural(data.history.length, "earlier version") + ")"),
      el("ol", {class: "history"}, history)),
    el("section", {class: "card"}, el("h3", {}, "Relations"),
      relations.length ? el("ul", {class: "relations"}, relations) : el("p", {class: "muted"}, "No relations.")));
  if (!data.history.length) document.querySelector(".history").replaceWith(el("p", {class: "muted"}, "Never changed."));
}

// ---------------------------------------------------------------- logs

function memoryLine(item) {
  return el("li", {},
    item.exists ? memoryLink(item.id) : el("span", {class: "mono muted"}, item.id), " ",
    item.exists ? el("span", {}, short(item.text, 120)) : el("span", {class: "muted"}, "(forgotten, or another project's)"));
}

async function recallPage() {
  let data;
  try { data = await getJSON("/api/recall"); } catch (error) { return failed(error); }
  const sessions = data.sessions.map((s) =>
    el("section", {class: "card session"},
      el("h3", {}, el("span", {class: "mono"}, s.session_id), " ",
        el("span", {class: "muted"}, `${plural(s.memories, "memory", "memories")} injected · ≈${s.tokens} tokens · last ${day(s.last)}`)),
      el("table", {},
        el("thead", {}, el("tr", {}, ["When", "Event", "Outcome", "≈Tokens", "Injected"].map((h) => el("th", {}, h)))),
        el("tbody", {}, s.events.slice().reverse().map((e) =>
          el("tr", {}, el("td", {class: "nowrap"}, day(e.at)), el("td", {}, e.event),
            el("td", {}, el("span", {class: "badge" + (e.outcome === "injected" ? " ok" : "")}, e.outcome)),
            el("td", {class: "num"}, e.tokens || ""),
            el("td", {}, e.memories.length ? el("ul", {class: "plain"}, e.memories.map(memoryLine)) : "")))))));
  show(el("h2", {}, "What recall injected"),
    el("p", {class: "muted"}, `Briefings at session start and recall on each prompt, ${plural(data.sessions.length, "session")}, ≈${data.tokens} tokens in all (estimated at 4 characters a token).`),
    sessions.length ? sessions : el("p", {class: "empty"}, "Nothing recalled yet."));
}

async function capturePage() {
  let data;
  try { data = await getJSON("/api/capture"); } catch (error) { return failed(error); }
  const undo = (memoryId, button) => async () => {
    try {
      await postJSON("/api/capture/undo", {memory_id: memoryId});
      flash(`Undid the capture of ${memoryId}`);
      capturePage();
    } catch (error) { flash(error.message, "error"); }
  };
  const sessions = data.sessions.map((s) =>
    el("section", {class: "card session"},
      el("h3", {}, el("span", {class: "mono"}, s.session_id), " ", el("span", {class: "muted"}, "last " + day(s.last))),
      el("table", {},
        el("thead", {}, el("tr", {}, ["When", "Action", "Category", "Memory", ""].map((h) => el("th", {}, h)))),
        el("tbody", {}, s.events.slice().reverse().map((e) =>
          el("tr", {}, el("td", {class: "nowrap"}, day(e.at)),
            el("td", {}, el("span", {class: "badge" + (e.action === "added" ? " ok" : "")}, e.action)),
            el("td", {}, e.category || e.reason || ""),
            el("td", {}, e.memory ? el("ul", {class: "plain"}, memoryLine(e.memory)) : ""),
            el("td", {}, e.action === "added" && e.memory && e.memory.exists
              ? el("button", {class: "small undo", onclick: undo(e.memory.id)}, "Undo") : "")))))));
  show(el("h2", {}, "What capture stored"),
    el("p", {class: "muted"}, "Undo forgets a captured memory (and makes current again whatever it superseded)."),
    sessions.length ? sessions : el("p", {class: "empty"}, "Capture has not stored anything yet."));
}

async function spoolPage() {
  let data;
  try { data = await getJSON("/api/spool"); } catch (error) { return failed(error); }
  show(el("h2", {}, "Spool backlog"),
    el("p", {class: "muted"}, `${plural(data.entries.length, "memory", "memories")} waiting for an unreachable store (replayed into the same store when it is back) · ${plural(data.jobs_pending, "capture job")} queued.`),
    data.entries.length ? el("table", {},
      el("thead", {}, el("tr", {}, ["Category", "Tier", "Namespace", "Text"].map((h) => el("th", {}, h)))),
      el("tbody", {}, data.entries.map((e) => el("tr", {}, el("td", {}, e.category), el("td", {}, e.scope),
        el("td", {class: "mono"}, e.namespace), el("td", {}, short(e.text, 160))))))
      : el("p", {class: "empty"}, "The spool is empty: everything captured is in the store."));
}

async function settingsPage() {
  let data;
  try { data = await getJSON("/api/settings"); } catch (error) { return failed(error); }
  show(el("h2", {}, "Settings in effect"),
    el("p", {class: "muted"}, `Backend ${data.backend} · project ${data.project_namespace} · user ${data.user_namespace}. Secrets are masked.`),
    data.problems.length ? el("ul", {class: "problems"}, data.problems.map((p) => el("li", {}, p))) : null,
    el("table", {class: "settings"},
      el("thead", {}, el("tr", {}, ["Setting", "Variable", "Value", "From"].map((h) => el("th", {}, h)))),
      el("tbody", {}, data.settings.map((s) => el("tr", {class: s.source === "default" ? "" : "set"},
        el("td", {class: "mono"}, s.name), el("td", {class: "mono muted"}, s.env),
        el("td", {class: "mono"}, s.value === null ? "—" : String(s.value)), el("td", {}, s.source))))));
}

// ---------------------------------------------------------------- routing

async function header() {
  try {
    const o = await getJSON("/api/overview");
    document.getElementById("scope").replaceChildren(
      el("span", {title: "project namespace"}, o.project_namespace), " · ",
      el("span", {}, plural(o.project_memories, "project memory", "project memories")), " · ",
      el("span", {}, plural(o.user_memories, "preference")), " · ",
      el("span", {class: "muted"}, o.backend));
  } catch (error) { /* the page itself shows the error */ }
}

function route() {
  const hash = location.hash || "#/memories";
  const [, page, arg] = hash.match(/^#\/([a-z]+)(?:\/(.+))?$/) || [null, "memories", null];
  for (const link of document.querySelectorAll("#nav a")) {
    link.classList.toggle("active", link.dataset.page === (page === "memory" ? "memories" : page));
  }
  const pages = {memories: memoriesPage, recall: recallPage, capture: capturePage,
                 spool: spoolPage, settings: settingsPage};
  if (page === "memory" && arg) memoryPage(decodeURIComponent(arg));
  else (pages[page] || memoriesPage)();
  header();
}

window.addEventListener("hashchange", route);
route();
