// The status page of an import: while the background worker runs it, fetch the page again every two seconds
// and put its fresh content in place (the progress sits in a role="status" region that screen readers announce).
// Without JavaScript the page offers a link to refresh it.
(function () {
  "use strict";
  const DELAY_MS = 2000;
  function running(root) {
    return root.querySelector("[data-import-running]") !== null;
  }
  async function poll() {
    const main = document.getElementById("content-main");
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.getElementById("content-main");
        if (fresh) {
          main.replaceChildren(...fresh.childNodes);
        }
      }
    } catch (error) {
      // The network failed for a moment: try again at the next tick.
    }
    if (running(main)) {
      window.setTimeout(poll, DELAY_MS);
    }
  }
  const main = document.getElementById("content-main");
  if (main && running(main)) {
    window.setTimeout(poll, DELAY_MS);
  }
})();
