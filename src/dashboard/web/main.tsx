// The dashboard's browser app: the overview at #/, a Rollout at #/rollouts/NS/NAME.
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { httpApi } from './http-api.js';

createRoot(document.getElementById('root')!).render(<App api={httpApi()} />);
