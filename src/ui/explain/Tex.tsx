// TeX typeset by KaTeX into HTML (no network: KaTeX's fonts are bundled with the app).
import katex from 'katex';
import { useMemo } from 'react';

interface TexProps {
  tex: string;
  display?: boolean;
}

export function Tex({ tex, display = false }: TexProps) {
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
