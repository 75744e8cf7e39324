// The app from a recorded snapshot (recorded.html?snapshot=URL, default the sample beside it):
// work on the pages, or test them, with no cluster. Never part of the served app.
import { createRoot } from 'react-dom/client';
import type { Recording } from '../contract.js';
import { App } from './app.js';
import { recordedApi } from './recorded-api.js';

const url = new URLSearchParams(window.location.search).get('snapshot') ?? './recorded/sample-snapshot.json';
const root = createRoot(document.getElementById('root')!);
fetch(url).then((r) => {
  if (!r.ok) throw new Error(`cannot read the snapshot ${url}: HTTP ${r.status}`);
  return r.json() as Promise<Recording>;
}).then(
  (rec) => root.render(<App api={recordedApi(rec)} />),
  (e: Error) => root.render(<p className="error">{e.message}</p>),
);
