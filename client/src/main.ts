/** Entry point of the dashboard bundle. */
import './styles.css';
import { startDashboard } from './views/dashboard.js';

const mapContainer = document.getElementById('map');
const panelContainer = document.getElementById('panel');
if (!mapContainer || !panelContainer) throw new Error('index.html must contain #map and #panel');
void startDashboard({ mapContainer, panelContainer });
