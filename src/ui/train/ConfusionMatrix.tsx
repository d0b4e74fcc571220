// A confusion matrix as a table: a row per true class, a column per predicted class, each cell
// the count, shaded by its share of the row (more ink = more). Counts stay readable on any
// shade: each cell's text is whichever of the theme's text and surface colours (or black and
// white, between which every fill reaches 4.5:1) contrasts more.
import { useDisplay } from '../theme/DisplayContext';

type Rgb = [number, number, number];

const rgbOf = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const hexOf = (rgb: Rgb) =>
  '#' + rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

/** WCAG's relative luminance of an sRGB colour. */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: Rgb, b: Rgb) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

export const contrastRatio = (a: string, b: string) => contrast(rgbOf(a), rgbOf(b));

/** The cell's fill (`share` of the ink over the surface) and the text colour that reads on it. */
export function cellColours(share: number, ink: string, surface: string, text: string) {
  const [i, s] = [rgbOf(ink), rgbOf(surface)];
  const fill = i.map((v, k) => share * v + (1 - share) * s[k]) as Rgb;
  const candidates = [text, surface, '#000000', '#ffffff'];
  const scores = candidates.map((c) => contrast(fill, rgbOf(c)));
  // The theme's own colours when they read well enough, else the stronger of black and white.
  const best = scores[0] >= 4.5 ? 0 : scores[1] >= 4.5 ? 1 : scores[2] >= scores[3] ? 2 : 3;
  return { background: hexOf(fill), color: candidates[best] };
}

interface ConfusionMatrixProps {
  /** confusion[label][predicted]. */
  confusion: number[][];
  classNames: string[];
  caption: string;
}

export function ConfusionMatrix({ confusion, classNames, caption }: ConfusionMatrixProps) {
  const { palette } = useDisplay();
  return (
    <div className="confusion-frame">
      <table className="confusion-matrix">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">true ↓ / predicted →</th>
            {classNames.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {confusion.map((row, label) => {
            const total = row.reduce((a, b) => a + b, 0);
            return (
              <tr key={label}>
                <th scope="row">{classNames[label]}</th>
                {row.map((count, predicted) => {
                  const share = total > 0 ? count / total : 0;
                  const isRight = label === predicted;
                  return (
                    <td
                      key={predicted}
                      data-share={share.toFixed(3)}
                      className={isRight ? 'confusion-right' : undefined}
                      title={`true ${classNames[label]}, predicted ${classNames[predicted]}: ${count} of ${total}`}
                      style={cellColours(
                        share,
                        palette.series.reference,
                        palette.surface,
                        palette.text,
                      )}
                    >
                      {count}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
