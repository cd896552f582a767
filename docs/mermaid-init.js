// Draws the book's diagrams: mermaid.js (docs/mermaid.min.js, loaded just before this script)
// turns each <pre class="mermaid"> that docs/mermaid.mjs wrote into an SVG once the page has
// loaded, in Mermaid's dark theme under mdBook's dark themes and its default one otherwise.
// Mermaid draws a diagram once, so picking a theme of the other kind reloads the page.
(() => {
  const darkThemes = ["ayu", "navy", "coal"];
  const isDark = () => darkThemes.some((theme) => document.documentElement.classList.contains(theme));
  const dark = isDark();
  mermaid.initialize({ startOnLoad: true, theme: dark ? "dark" : "default" });

  // mdBook sets the theme's class on <html> in its own click handler, which runs after this one.
  for (const button of document.querySelectorAll("#mdbook-theme-list button")) {
    button.addEventListener("click", () => {
      setTimeout(() => {
        if (isDark() !== dark) window.location.reload();
      });
    });
  }
})();
