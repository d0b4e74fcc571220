// A module fetched on demand and read during render: a component that needs it before it has
// loaded suspends (the nearest Suspense boundary keeps its place); once loaded, or preloaded,
// it is read at once, with no fallback shown. The page preloads such modules when idle, each
// evaluated in a task of its own.
import { use } from 'react';

export interface LazyModule<M> {
  /** Starts loading (once); resolves with the module. */
  preload(): Promise<M>;
  /** In a component: the module, suspending until it has loaded. */
  useModule(): M;
}

export function lazyModule<M>(load: () => Promise<M>): LazyModule<M> {
  let loaded: M | null = null;
  let loading: Promise<M> | null = null;
  const preload = () =>
    (loading ??= load().then((module) => {
      loaded = module;
      return module;
    }));
  return {
    preload,
    // `use` may be called conditionally; the same promise every time, so React tracks it.
    useModule: () => loaded ?? use(preload()),
  };
}
