import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  undo(): void;
  redo(): void;
  save(): void;
  copy(): void;
  paste(): void;
  remove(): void;
  selectAll(): void;
}

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.closest('[role="combobox"], .ant-select') !== null;
}

/**
 * The designer's keys: Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y, Ctrl+S, Ctrl+C / Ctrl+V, Ctrl+A, Delete and
 * Backspace. Keys typed into a form field stay with the field (its own undo, its own delete).
 */
export function useDesignerShortcuts(handlers: ShortcutHandlers, enabled = true): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 's') { e.preventDefault(); ref.current.save(); return; }
      if (typingIn(e.target)) return;
      const h = ref.current;
      if (mod && key === 'z') { e.preventDefault(); if (e.shiftKey) h.redo(); else h.undo(); }
      else if (mod && key === 'y') { e.preventDefault(); h.redo(); }
      else if (mod && key === 'c') h.copy();
      else if (mod && key === 'v') { e.preventDefault(); h.paste(); }
      else if (mod && key === 'a') { e.preventDefault(); h.selectAll(); }
      else if (key === 'delete' || key === 'backspace') { e.preventDefault(); h.remove(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
