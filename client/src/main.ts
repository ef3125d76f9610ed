/** Entry point of the dashboard bundle. */
import './styles.css';
import { registerServiceWorker } from './offline/service-worker.js';
import { startApp } from './views/app.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain #root');
void startApp(root);
registerServiceWorker();
