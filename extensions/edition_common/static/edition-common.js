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
