// The extension's pages. They share one head (extension/src/page.template.html: charset, the Content-Security-Policy
// of the manifest, colour schemes); each page gives its title, its style sheet and its root element, and its script
// is the .tsx of the same name in the folder of the same name.

/** @typedef {{ name: string; title: string; stylesheet: string; body: string }} Page */

/** @type {Page[]} */
export const pages = [
  { name: 'popup', title: 'STS Inspector', stylesheet: 'page.css', body: '<main id="app"></main>' },
  { name: 'options', title: 'STS Inspector options', stylesheet: 'page.css', body: '<main id="app"></main>' },
  // The viewer draws its own <main>.
  {
    name: 'viewer',
    title: 'TLS reports · STS Inspector',
    stylesheet: 'viewer.css',
    body: '<div id="app"></div>',
  },
];

const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** Text for an HTML attribute or element: the project's own strings, escaped all the same. */
const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => escapes[/** @type {keyof typeof escapes} */ (c)]);

/**
 * A page's HTML from the template: every `{{name}}` filled; a name the template has and no page gives is an error.
 * @param {string} template
 * @param {Page} page
 * @param {string} csp
 */
export function pageHtml(template, page, csp) {
  /** @type {Record<string, string>} */
  const values = {
    csp: escapeHtml(csp),
    title: escapeHtml(page.title),
    stylesheet: escapeHtml(page.stylesheet),
    script: escapeHtml(`${page.name}.js`),
    body: page.body,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_, name) => {
    const value = values[name];
    if (value === undefined) {
      throw new Error(`the page template names {{${name}}}, which no page gives`);
    }
    return value;
  });
}
