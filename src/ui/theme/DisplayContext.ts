// What every chart needs to know about the display: the palette of the theme in use and how
// much the large-text mode scales text (axis widths and tick sizes grow with it).
import { createContext, useContext } from 'react';
import { PALETTES, type Palette, type ResolvedTheme } from './palette';

export interface Display {
  theme: ResolvedTheme;
  palette: Palette;
  /** 1 normally, larger in the projector mode; matches the root font-size scale. */
  fontScale: number;
}

export const DisplayContext = createContext<Display>({
  theme: 'light',
  palette: PALETTES.light,
  fontScale: 1,
});

export const useDisplay = () => useContext(DisplayContext);
