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
