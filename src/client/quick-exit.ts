// The "leave this site quickly" control on every page: replaces this page in the history with a
// neutral one, so the back button does not return here. Without JavaScript it is a plain link.
for (const link of document.querySelectorAll<HTMLAnchorElement>("a[data-quick-exit]")) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    window.dispatchEvent(new Event("confide:quick-exit"));
    document.body.hidden = true;
    window.location.replace(link.href);
  });
}
