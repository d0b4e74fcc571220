// TeX in the page. KaTeX (~260 kB, and its stylesheet) is a chunk of its own, fetched when a
// formula is first drawn (the Explain cell near the screen, the presenter) and evaluated in a
// task of its own, not while the page loads; whoever draws formulas wraps them in a Suspense
// boundary that keeps their place until then.
import { lazyModule } from '../lazyModule';
import type { KatexHtmlProps } from './KatexHtml';

const katexHtml = lazyModule(() => import('./KatexHtml'));

/** Loads KaTeX before a formula needs it. */
export const preloadTex = () => katexHtml.preload();

export function Tex(props: KatexHtmlProps) {
  const { default: KatexHtml } = katexHtml.useModule();
  return <KatexHtml {...props} />;
}
