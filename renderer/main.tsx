// Entry of the React UI: picks the host's DeskApi (desktop preload or mcpdesk ui) and renders the app.
import { createRoot } from 'react-dom/client';
import { connectApi } from './api/index.ts';
import { App } from './app.tsx';
import { applyTheme, savedTheme } from './lib/theme.ts';

applyTheme(savedTheme());
const root = document.getElementById('root');
if (root) createRoot(root).render(<App api={connectApi()} />);
