// The "leave this site quickly" control on every page: replaces this page in the history with a
// neutral one, so the back button does not return here. Without JavaScript it is a plain link.
// Escape pressed three times (each within 5 s of the last) leaves too, as GOV.UK's "exit this page"
// does with Shift; the status line tells screen reader users how many presses remain.
const link = document.querySelector<HTMLAnchorElement>("a[data-quick-exit]");
const announcer = document.querySelector("[data-quick-exit-status]");
const leave = () => {
  if (!link) return;
  window.dispatchEvent(new Event("confide:quick-exit"));
  document.body.hidden = true;
  window.location.replace(link.href);
};
link?.addEventListener("click", (event) => {
  event.preventDefault();
  leave();
});
let presses = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || event.repeat) return;
  presses++;
  clearTimeout(timer);
  if (presses >= 3) return leave();
  if (announcer) announcer.textContent = (presses === 1 ? link?.dataset.twice : link?.dataset.once) ?? "";
  timer = setTimeout(() => {
    presses = 0;
    if (announcer) announcer.textContent = "";
  }, 5000);
});
