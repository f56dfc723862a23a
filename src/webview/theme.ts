// Colours for the charts, from the page's CSS. In a panel VS Code sets `--vscode-*` variables on <html>
// and a class on <body> (vscode-light / vscode-dark / vscode-high-contrast); main.css maps them, with
// fallbacks for the exported page (light or dark by prefers-color-scheme), to the `--lens-*` variables read
// here. A canvas cannot use CSS variables, so the values are read with getComputedStyle and charts are
// redrawn when they change.
import type { ColorRole } from '../report/views/chart-spec';

/** Dispatched on window after the charts are redrawn for a new theme; views with their own canvas listen. */
export const THEME_EVENT = 'lens-theme-change';

export interface Theme {
  colors: Record<ColorRole, string>;
  grid: string;
  text: string;
  muted: string;
  background: string;
  fontFamily: string;
  fontSize: number;
  /** A short fingerprint, so a change of body class that changes no colour redraws nothing. */
  key: string;
}

const ROLES: ColorRole[] = ['blue', 'orange', 'green', 'red', 'purple', 'yellow', 'foreground', 'muted'];

export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const colors = Object.fromEntries(ROLES.map((r) => [r, v(`--lens-${r}`, '#888888')])) as Record<ColorRole, string>;
  const theme = {
    colors,
    grid: v('--lens-grid', 'rgba(128,128,128,0.25)'),
    text: v('--lens-foreground', '#333333'),
    muted: v('--lens-muted', '#777777'),
    background: v('--lens-background', '#ffffff'),
    fontFamily: style.fontFamily || 'sans-serif',
    fontSize: parseFloat(style.fontSize) || 13,
  };
  return { ...theme, key: JSON.stringify(theme) };
}

let scratch: CanvasRenderingContext2D | null = null;

/** Any CSS colour the canvas understands, with this opacity (bands and shaded ranges are see-through). */
export function withAlpha(color: string, alpha: number): string {
  scratch ??= document.createElement('canvas').getContext('2d');
  if (!scratch) return color;
  // The canvas normalises whatever it is given to #rrggbb or rgba(r, g, b, a).
  scratch.fillStyle = '#000000';
  scratch.fillStyle = color;
  const c = String(scratch.fillStyle);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  if (hex) return `rgba(${parseInt(hex[1]!, 16)}, ${parseInt(hex[2]!, 16)}, ${parseInt(hex[3]!, 16)}, ${alpha})`;
  const rgba = /^rgba?\(([^,]+),([^,]+),([^,)]+)(?:,([^)]+))?\)$/.exec(c.replace(/\s+/g, ''));
  if (rgba) return `rgba(${rgba[1]}, ${rgba[2]}, ${rgba[3]}, ${alpha * (rgba[4] ? parseFloat(rgba[4]) : 1)})`;
  return color;
}

/**
 * Calls `onChange` with the new theme whenever the page's colours change: VS Code rewrites <body>'s class
 * and <html>'s style attribute on a theme switch; the exported page follows prefers-color-scheme. Changes
 * are coalesced to one per frame and only reported when a colour really differs.
 */
export function watchTheme(onChange: (theme: Theme) => void): void {
  let last = readTheme().key;
  let pending = false;
  const check = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const t = readTheme();
      if (t.key === last) return;
      last = t.key;
      onChange(t);
    });
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style', 'data-vscode-theme-kind'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', check);
  window.matchMedia('(prefers-contrast: more)').addEventListener('change', check);
}

export const prefersReducedMotion = (): boolean => window.matchMedia('(prefers-reduced-motion: reduce)').matches;
