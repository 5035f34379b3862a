// Popups rendered once: a tip without a body, whose anchor's aria-describedby names a text
// elsewhere on the page, gets its popup, a copy of that text, when first shown.
// Elements of class ed-tip-omit (back-links, full references) stay out of the copy.
let edTipCount = 0;
function edTipBody(tip) {
  let body = tip.querySelector(":scope > .ed-tip-body");
  if (body) return body;
  const id = tip.firstElementChild && tip.firstElementChild.getAttribute("aria-describedby");
  const source = id && document.getElementById(id);
  if (!source) return null;
  body = document.createElement("span");
  body.className = "ed-tip-body ed-editorial";
  body.setAttribute("role", "tooltip");
  body.id = `ed-tip-made-${++edTipCount}`;
  if (tip.dataset.edTipLead) {
    const lead = document.createElement("span");
    lead.className = "ed-tip-lead";
    lead.textContent = `${tip.dataset.edTipLead} `;
    body.append(lead);
  }
  for (const child of source.childNodes) {
    const copy = child.cloneNode(true);
    if (copy.nodeType === Node.ELEMENT_NODE) {
      if (copy.classList.contains("ed-tip-omit")) continue;
      copy.removeAttribute("id");
      copy.querySelectorAll(".ed-tip-omit").forEach((el) => el.remove());
      copy.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id"));
      // a popup inside the popup would be a copy of a copy: its anchor's text is enough
      copy.querySelectorAll(".ed-tip-body").forEach((el) => el.remove());
    }
    body.append(copy);
  }
  if (tip.dataset.edTipMore) {
    const more = document.createElement("a");
    more.className = "ed-tip-more";
    more.href = `#${id}`;
    more.textContent = tip.dataset.edTipMore;
    body.append(" ", more);
  }
  tip.append(body);
  return body;
}
["mouseover", "focusin"].forEach((type) =>
  document.addEventListener(type, (event) => {
    const tip = event.target.closest && event.target.closest(".ed-tip");
    if (tip) edTipBody(tip);
  }, true)
);

// Escape hides an open tooltip (WCAG 1.4.13: dismissible); moving focus or the pointer
// away and back shows it again.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const tip = document.activeElement && document.activeElement.closest(".ed-tip");
  if (tip) tip.classList.add("ed-tip-dismissed");
});
document.addEventListener("focusin", (event) => {
  document.querySelectorAll(".ed-tip-dismissed").forEach((tip) => {
    if (!tip.contains(event.target)) tip.classList.remove("ed-tip-dismissed");
  });
});
document.addEventListener("mouseover", (event) => {
  const tip = event.target.closest && event.target.closest(".ed-tip-dismissed");
  if (!tip) document.querySelectorAll(".ed-tip-dismissed").forEach((t) => t.classList.remove("ed-tip-dismissed"));
});

// Keep an open tooltip inside the window: a mark near the right edge shifts its popup left.
function edFitTip(tip) {
  const body = tip.querySelector(":scope > .ed-tip-body");
  if (!body) return;
  body.style.left = "";
  const rect = body.getBoundingClientRect();
  if (!rect.width) return;
  const margin = 8;
  const overflow = rect.right - (document.documentElement.clientWidth - margin);
  if (overflow > 0) {
    const shift = Math.min(overflow, Math.max(0, rect.left - margin));
    body.style.left = `${-shift}px`;
  }
}
["mouseover", "focusin"].forEach((type) =>
  document.addEventListener(type, (event) => {
    const tip = event.target.closest && event.target.closest(".ed-tip");
    if (tip) edFitTip(tip);
  })
);

// "cite": copies the passage's full citation (its data-ed-citation and the passage's
// address on this page) to the clipboard and says so in a status line; where the clipboard
// is refused, the status line shows the citation to copy by hand.  Without script the link
// is a plain link to the passage.
function edCiteStatus() {
  let status = document.getElementById("ed-cite-status");
  if (!status) {
    status = document.createElement("div");
    status.id = "ed-cite-status";
    status.className = "ed-cite-status ed-editorial";
    status.setAttribute("role", "status");
    document.body.append(status);
  }
  return status;
}
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.ed-cite-passage");
  if (!link) return;
  event.preventDefault();
  const address = new URL(link.getAttribute("href"), window.location.href).href;
  const citation = `${link.dataset.edCitation}, ${address}`;
  const status = edCiteStatus();
  const show = (text) => {
    status.textContent = text;
    status.classList.add("ed-cite-shown");
    clearTimeout(status.edTimer);
    status.edTimer = setTimeout(() => status.classList.remove("ed-cite-shown"), 6000);
  };
  const copy = navigator.clipboard && window.isSecureContext
    ? navigator.clipboard.writeText(citation) : Promise.reject(new Error("no clipboard"));
  copy.then(() => show(`Citation copied: ${citation}`), () => show(citation));
});
