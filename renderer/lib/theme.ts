// Light and dark themes: the system's choice by default, or the person's, kept in localStorage.

export type Theme = 'system' | 'light' | 'dark';
const KEY = 'mcpdesk.theme';

export function savedTheme(): Theme {
  const t = window.localStorage.getItem(KEY);
  return t === 'light' || t === 'dark' ? t : 'system';
}

export function applyTheme(theme: Theme): void {
  if (theme === 'system') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', theme);
  window.localStorage.setItem(KEY, theme);
}
