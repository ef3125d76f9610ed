/** Entry point of the dashboard bundle; `/public/:space` opens the citizens' map (no login). */
import './styles.css';
import { registerServiceWorker } from './offline/service-worker.js';
import { startApp } from './views/app.js';
import { startPublicPage } from './views/public-page.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain #root');
const publicSpace = /^\/public\/([^/]+)\/?$/.exec(window.location.pathname)?.[1];
if (publicSpace !== undefined) void startPublicPage(root, decodeURIComponent(publicSpace));
else {
  void startApp(root);
  registerServiceWorker();
}
