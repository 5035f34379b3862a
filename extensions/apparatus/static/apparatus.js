// The reading-view switch (critical / diplomatic), remembered across pages and reloads
// in localStorage, and the apparatus marks: a click opens the entry in place (the popup
// has a link to the listing); Escape closes it.
(() => {
  const KEY = "edition.readingView";
  const root = document.documentElement;

  const stored = () => {
    try {
      return localStorage.getItem(KEY) === "diplomatic" ? "diplomatic" : "critical";
    } catch (e) {
      return "critical";
    }
  };

  const apply = (view) => {
    root.dataset.edView = view;
    document.querySelectorAll('.ed-view-switch input[name="ed-view"]').forEach((input) => {
      input.checked = input.value === view;
    });
  };

  apply(stored());
  document.querySelectorAll(".ed-view-switch").forEach((fieldset) => {
    fieldset.hidden = false;
    fieldset.addEventListener("change", (event) => {
      const view = event.target.value === "diplomatic" ? "diplomatic" : "critical";
      try {
        localStorage.setItem(KEY, view);
      } catch (e) { /* private mode: the view holds for this page only */ }
      apply(view);
    });
  });
  // another tab changed the view
  window.addEventListener("storage", (event) => {
    if (event.key === KEY) apply(stored());
  });

  const closeAll = (except) => {
    document.querySelectorAll(".ed-app-mark.ed-tip-open").forEach((tip) => {
      if (tip !== except) {
        tip.classList.remove("ed-tip-open");
        tip.querySelector("a.ed-app-mark-link")?.setAttribute("aria-expanded", "false");
      }
    });
  };

  document.querySelectorAll(".ed-app-mark > a.ed-app-mark-link").forEach((link) => {
    link.setAttribute("aria-expanded", "false");
    link.addEventListener("click", (event) => {
      const tip = link.parentElement;
      event.preventDefault();
      if (typeof edTipBody === "function") edTipBody(tip);
      const open = !tip.classList.contains("ed-tip-open");
      closeAll(tip);
      tip.classList.toggle("ed-tip-open", open);
      tip.classList.remove("ed-tip-dismissed");
      link.setAttribute("aria-expanded", String(open));
    });
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".ed-app-mark")) closeAll(null);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeAll(null);
  });
})();

// Keep an entry's popup inside the window (marks near the right edge).
(() => {
  const place = (tip) => {
    const body = tip.querySelector(".ed-tip-body");
    if (!body) return;
    body.style.left = "";
    requestAnimationFrame(() => {
      const rect = body.getBoundingClientRect();
      const over = rect.right - (document.documentElement.clientWidth - 8);
      if (over > 0) body.style.left = `${-Math.min(over, rect.left - 8)}px`;
    });
  };
  document.querySelectorAll(".ed-app-mark").forEach((tip) => {
    tip.addEventListener("mouseenter", () => place(tip));
    tip.addEventListener("focusin", (event) => {
      if (event.target.classList.contains("ed-app-mark-link")) place(tip);
    });
  });
})();
