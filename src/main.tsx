// The page's entry: our styles and the notebook. KaTeX's styles come with KaTeX, loaded on demand
// (ui/explain/Tex.tsx). React and the notebook's own code are evaluated in separate tasks (the
// notebook is a chunk of its own), and the first render is a transition, so React draws the
// notebook in slices of a few milliseconds instead of one long task.
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './ui/notebook.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const { App } = await import('./ui/App');
startTransition(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
