/**
 * Mount a page's component into its `#app` element (the page template has one), then mark the document as
 * rendered: `<html data-rendered>`. Tools that drive the page (the end-to-end tests) wait for that mark before they
 * query it, so they never query the blank document a new tab starts with.
 */
import { render, type ComponentChild } from 'preact';

export function mountPage(page: ComponentChild): void {
  const app = document.getElementById('app');
  if (app === null) {
    throw new Error('this page has no #app element');
  }
  render(page, app);
  document.documentElement.dataset.rendered = '';
}
