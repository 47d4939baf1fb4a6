/**
 * Text made safe to give Leaflet, whose tooltips and popups take HTML: every name that reaches a
 * map (stations, streets, places, categories) comes from data someone typed, and a name such as
 * `<img src=x onerror=…>` would otherwise run as script on the map page.
 */
export const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
