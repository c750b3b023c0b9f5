// A menu button (WAI-ARIA APG "Menu Button" pattern): Enter, Space or ↓ opens it on the first item, ↑ on the last; ↑ ↓ Home End and a letter move; Enter or Space picks; Escape closes and focus goes back to the button; Tab or a click elsewhere closes it.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { moveTo } from '../lib/menu-keys.ts';

export interface MenuItem {
  key: string;
  label: string;
  danger?: boolean | undefined;
  /** Shown and reachable (APG: disabled items stay focusable), but does nothing. */
  disabled?: boolean | undefined;
  onSelect(): void;
}

export function MenuButton({ label, items, text = '⋯', testId }: { label: string; items: MenuItem[]; text?: string; testId?: string }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const id = useId();
  const openAt = (i: number) => { setActive(i); setOpen(true); };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  useEffect(() => {
    if (open) refs.current[active]?.focus();
  }, [open, active]);
  useEffect(() => {
    if (!open) return undefined;
    const outside = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);
  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      openAt(e.key === 'ArrowDown' ? 0 : items.length - 1);
    }
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const next = moveTo(e.key, active, items.map((i) => i.label));
    if (next !== undefined) {
      e.preventDefault();
      setActive(next);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      // A menu inside a dialog closes alone, not the dialog with it.
      e.stopPropagation();
      close(true);
    } else if (e.key === 'Tab') {
      // From the button, the browser's own Tab moves on to the next (or previous) element of the page.
      close(true);
    }
  };
  const pick = (item: MenuItem) => {
    if (item.disabled) return;
    close(true);
    item.onSelect();
  };
  return (
    <div className="menu-wrap">
      <button
        ref={button}
        type="button"
        className="menu-button"
        id={`${id}-button`}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        data-testid={testId}
        onClick={() => (open ? close(true) : openAt(0))}
        onKeyDown={onButtonKey}
      >
        <span aria-hidden="true">{text}</span>
      </button>
      {open && (
        <div
          ref={menu}
          className="menu"
          role="menu"
          id={`${id}-menu`}
          aria-labelledby={`${id}-button`}
          onKeyDown={onMenuKey}
          onBlur={(e) => { if (!menu.current?.contains(e.relatedTarget as Node | null) && e.relatedTarget !== button.current) setOpen(false); }}
        >
          {items.map((item, i) => (
            <button
              key={item.key}
              ref={(el) => { refs.current[i] = el; }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={`menu-item${item.danger ? ' menu-item-danger' : ''}`}
              aria-disabled={item.disabled ? true : undefined}
              onClick={() => pick(item)}
              onPointerMove={() => { if (i !== active) setActive(i); }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
