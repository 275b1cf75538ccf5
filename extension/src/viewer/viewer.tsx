/** The report viewer page: the viewer, its reading done by a worker beside the page. */
import { render } from 'preact';
import { Viewer } from './app.js';

const app = document.getElementById('app');
if (app) {
  const worker = new Worker('report.worker.js', { type: 'module' });
  render(<Viewer worker={worker} />, app);
}
