// TeX typeset by KaTeX into HTML (no network: KaTeX's fonts are bundled with the app). Loaded
// on demand by Tex.tsx: KaTeX and its stylesheet stay out of the page's entry chunk.
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

export interface KatexHtmlProps {
  tex: string;
  display?: boolean;
}

export default function KatexHtml({ tex, display = false }: KatexHtmlProps) {
  const html = useMemo(
    () =>
      katex.renderToString(tex, {
        displayMode: display,
        throwOnError: false,
        output: 'htmlAndMathml',
      }),
    [tex, display],
  );
  const Tag = display ? 'div' : 'span';
  // KaTeX escapes the TeX it is given; the TeX here is built from numbers and part indices.
  return <Tag className="tex" dangerouslySetInnerHTML={{ __html: html }} />;
}
