import { render } from 'preact';

const app = document.getElementById('app');
if (app) {
  render(<h1>STS Inspector options</h1>, app);
}
