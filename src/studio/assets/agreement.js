// The agreement page: a settle button per label appends a settling answer.
"use strict";
(function () {
  const who = document.getElementById("annotator");
  const status = document.getElementById("status");
  who.value = localStorage.getItem("standpoint-annotator") || "";
  who.addEventListener("change", () => localStorage.setItem("standpoint-annotator", who.value.trim()));
  for (const section of document.querySelectorAll("section.disagreement")) {
    for (const b of section.querySelectorAll("button[data-label]")) {
      b.addEventListener("click", async () => {
        const r = await fetch("/api/settle", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ annotator: who.value.trim(), id: section.dataset.id, label: b.dataset.label }),
        });
        if (r.ok) {
          location.reload();
        } else {
          let msg = r.statusText;
          try { msg = (await r.json()).error; } catch (e) { /* keep the status text */ }
          status.textContent = msg;
        }
      });
    }
  }
})();
