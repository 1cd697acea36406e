// The labelling page: one paragraph at a time; one key per answer (as `standpoint label`).
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let cfg = null;
  let current = null;
  let busy = false;

  async function api(path, body) {
    const opts = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    };
    const r = await fetch(path, opts);
    let data = {};
    try { data = await r.json(); } catch (e) { data = { error: r.statusText }; }
    if (!r.ok) {
      const err = new Error(data.error || r.statusText);
      err.status = r.status;
      throw err;
    }
    return data;
  }

  function annotator() { return $("annotator").value.trim(); }

  function paragraphs(el, texts) {
    el.replaceChildren(...texts.map((t) => {
      const p = document.createElement("p");
      p.textContent = t;
      return p;
    }));
  }

  function show(view) {
    const q = view.question;
    current = q;
    $("question").hidden = !q;
    $("done").hidden = !!q;
    if (q) {
      $("source").textContent = q.source;
      $("title").textContent = q.title || "(no title)";
      $("pid").textContent = q.id;
      $("shared").textContent = q.shared ? "· asked of every annotator" : "";
      paragraphs($("before"), q.before);
      $("text").textContent = q.text;
      paragraphs($("after"), q.after);
      const g = $("guess");
      if (q.guess) {
        const head = document.createElement("p");
        head.textContent = `model's guess: ${q.guess[0]} (${q.guess[1].toFixed(2)})`;
        const bars = document.createElement("div");
        bars.className = "probs";
        for (const [l, p] of q.probs) {
          const bar = document.createElement("span");
          bar.className = "prob";
          const fill = document.createElement("span");
          fill.className = "fill";
          fill.style.width = `${Math.round(p * 100)}%`;
          bar.append(fill, `${l} ${p.toFixed(2)}`);
          bars.appendChild(bar);
        }
        g.replaceChildren(head, bars);
      } else {
        g.textContent = "no model yet: one is trained once the labels hold two classes";
      }
    }
    const p = view.progress;
    $("progress").textContent =
      `${p.labelled} labelled · ${p.skipped} skipped · ${p.remaining} remaining` +
      (p.retrained ? ` · model retrained ${p.retrained}×` : "") + (p.retraining ? " · retraining…" : "");
    $("progress").dataset.labelled = p.labelled;
    $("progress").dataset.remaining = p.remaining;
    const fmt = (c) => c.map(([l, n]) => `${l} ${n}`).join(", ");
    $("counts").textContent = `yours: ${fmt(p.mine)} — everyone: ${fmt(p.everyone)} — ${p.records} answers in the file`;
    $("undo").disabled = !p.can_undo;
  }

  async function run(step) {
    if (busy) return;
    busy = true;
    try {
      $("status").textContent = "";
      show(await step());
    } catch (e) {
      $("status").textContent = e.message;
      if (e.status === 409) {
        try { show(await api(`/api/state?annotator=${encodeURIComponent(annotator())}`)); } catch (e2) { /* shown above */ }
      }
    } finally {
      busy = false;
    }
  }

  function load() {
    const who = annotator();
    if (!who) {
      $("status").textContent = "Type your name as annotator to start.";
      $("question").hidden = true;
      return;
    }
    localStorage.setItem("standpoint-annotator", who);
    run(() => api(`/api/state?annotator=${encodeURIComponent(who)}`));
  }

  function answer(label) {
    if (!current) return;
    const id = current.id;
    run(() => api("/api/answer", { annotator: annotator(), id, label }));
  }

  function undo() {
    run(() => api("/api/undo", { annotator: annotator() }));
  }

  document.addEventListener("keydown", (ev) => {
    if (!cfg || ev.target === $("annotator") || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const k = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
    const found = cfg.labels.find(([key]) => key === k);
    if (found) answer(found[1]);
    else if (k === "s") answer(null);
    else if (cfg.undo.includes(k)) undo();
    else return;
    ev.preventDefault();
  });

  async function start() {
    try {
      cfg = await api("/api/config");
    } catch (e) {
      $("status").textContent = e.message;
      return;
    }
    const box = $("answers");
    for (const [key, label] of cfg.labels) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "answer";
      b.textContent = `[${key}] ${label}`;
      b.addEventListener("click", () => answer(label));
      box.appendChild(b);
    }
    $("skip").addEventListener("click", () => answer(null));
    $("undo").addEventListener("click", undo);
    const fromUrl = new URLSearchParams(location.search).get("annotator");
    $("annotator").value = fromUrl || localStorage.getItem("standpoint-annotator") || cfg.annotator || "";
    $("annotator").addEventListener("change", load);
    load();
  }

  start();
})();
