// What VS Code does to a webview's page for a colour theme: a class on <body> and the theme's colours as
// --vscode-* variables on <html>. Values from VS Code's Dark Modern and Light Modern themes (the ones the
// panels are read in most), limited to the variables main.css uses.
export type ThemeName = 'dark' | 'light';

export const THEME_VARIABLES: Record<ThemeName, Record<string, string>> = {
  dark: {
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-red': '#f14c4c',
    '--vscode-charts-purple': '#b180d7',
    '--vscode-charts-yellow': '#cca700',
    '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
    '--vscode-foreground': '#cccccc',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-sideBar-background': '#181818',
    '--vscode-editorWidget-border': '#313131',
    '--vscode-textLink-foreground': '#4daafc',
    '--vscode-button-background': '#0078d4',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#313131',
    '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-focusBorder': '#0078d4',
    '--vscode-textCodeBlock-background': '#2b2b2b',
    '--vscode-textPreformat-foreground': '#d0d0d0',
    '--vscode-textPreformat-background': '#3c3c3c',
    '--vscode-editor-foreground': '#cccccc',
    '--vscode-scrollbarSlider-background': 'rgba(121, 121, 121, 0.4)',
    '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  },
  light: {
    '--vscode-charts-blue': '#1a85ff',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#388a34',
    '--vscode-charts-red': '#e51400',
    '--vscode-charts-purple': '#652d90',
    '--vscode-charts-yellow': '#bf8803',
    '--vscode-charts-lines': 'rgba(97, 97, 97, 0.5)',
    '--vscode-foreground': '#3b3b3b',
    '--vscode-descriptionForeground': '#3b3b3b',
    '--vscode-editor-background': '#ffffff',
    '--vscode-sideBar-background': '#f8f8f8',
    '--vscode-editorWidget-border': '#c8c8c8',
    '--vscode-textLink-foreground': '#005fb8',
    '--vscode-button-background': '#005fb8',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#e5e5e5',
    '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-focusBorder': '#005fb8',
    '--vscode-textCodeBlock-background': '#f8f8f8',
    '--vscode-textPreformat-foreground': '#3b3b3b',
    '--vscode-textPreformat-background': 'rgba(0, 0, 0, 0.12)',
    '--vscode-editor-foreground': '#3b3b3b',
    '--vscode-scrollbarSlider-background': 'rgba(100, 100, 100, 0.4)',
    '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  },
};

/**
 * The styles VS Code puts into every webview before the page's own (src/vs/workbench/contrib/webview/
 * browser/pre/index.html, VS Code 1.100), limited to what can change how our pages look. `code` getting a
 * background of its own is one: inside a <pre> it painted a band behind every line of the code sketch.
 */
export const VSCODE_DEFAULT_STYLES = `
body { overscroll-behavior-x: none; background-color: transparent; color: var(--vscode-editor-foreground); font-family: var(--vscode-font-family); font-weight: var(--vscode-font-weight); font-size: var(--vscode-font-size); margin: 0; padding: 0 20px; }
img, video { max-width: 100%; max-height: 100%; }
a, a code { color: var(--vscode-textLink-foreground); }
code { font-family: var(--monaco-monospace-font); color: var(--vscode-textPreformat-foreground); background-color: var(--vscode-textPreformat-background); padding: 1px 3px; border-radius: 4px; }
pre code { padding: 0; }
::-webkit-scrollbar { width: 10px; height: 10px; }
::-webkit-scrollbar-thumb { background-color: var(--vscode-scrollbarSlider-background); }
`;

/** The chart colours of a theme, as [r, g, b], for the tests' pixel checks. */
export function chartRgb(theme: ThemeName): [number, number, number][] {
  return ['blue', 'orange', 'green', 'red', 'purple', 'yellow'].map((r) => {
    const hex = THEME_VARIABLES[theme][`--vscode-charts-${r}`]!;
    return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  });
}

/**
 * Page code that applies a theme the way VS Code does (CSSOM, so the CSP allows it): the variables on
 * <html>, the class on <body>. Defines window.__applyVsCodeTheme for switching later.
 */
export function vscodeThemeScript(theme: ThemeName): string {
  return `(() => {
  const themes = ${JSON.stringify(THEME_VARIABLES)};
  window.__applyVsCodeTheme = (name) => {
    const root = document.documentElement.style;
    for (const [k, v] of Object.entries(themes[name])) root.setProperty(k, v);
    document.body.classList.remove('vscode-light', 'vscode-dark');
    document.body.classList.add('vscode-' + name);
    document.body.dataset.vscodeThemeKind = 'vscode-' + name;
  };
  window.__applyVsCodeTheme(${JSON.stringify(theme)});
})();`;
}
