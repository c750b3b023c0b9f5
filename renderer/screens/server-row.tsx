// One server in the compact list: status dot, letter avatar, name and state; the one action its state calls for, the rest in an overflow menu; a click selects it for the detail pane.
import type { ServerStatusDto } from '../../app/contract/dto.ts';
import type { ServerAction } from '../lib/server-list.ts';
import { StateBadge } from '../components/badge.tsx';
import { Avatar, StatusDot } from '../components/avatar.tsx';
import { MenuButton } from '../components/menu.tsx';
import { rowId } from '../lib/browser-notify.ts';

interface Props {
  status: ServerStatusDto;
  /** The state shown: `busy` while a sign-in runs. */
  shownState: ServerStatusDto['state'] | 'busy';
  primary: ServerAction | undefined;
  menu: ServerAction[];
  selected: boolean;
  now: number;
  onSelect(): void;
  onAction(a: ServerAction): void;
}

export function ServerRow({ status: s, shownState, primary, menu, selected, now, onSelect, onAction }: Props) {
  return (
    <li
      className={`row row-compact${selected ? ' row-selected' : ''}`}
      id={rowId(s.name)}
      tabIndex={-1}
      data-testid={`server-${s.name}`}
      data-state={s.state}
      onClick={(e) => { if (!(e.target as Element).closest('button')) onSelect(); }}
    >
      <StatusDot state={shownState} />
      <Avatar name={s.name} />
      <div className="row-main">
        <button type="button" className="row-select" aria-label={`${s.name}, show details`} aria-current={selected ? 'true' : undefined} aria-controls="server-detail" onClick={onSelect}>
          <span className="row-name">{s.name}</span>
        </button>
        <p className="row-line">
          <StateBadge plain state={shownState} expiresAt={s.expiresAt} retryAt={s.retryAt} now={now} testId={`state-${s.name}`} />
          <span className="row-host"> · {host(s.url)}</span>
        </p>
      </div>
      <div className="row-actions">
        {primary && (
          <button type="button" className="primary" data-action={primary.id} disabled={primary.disabled} onClick={() => onAction(primary)}>{primary.label}</button>
        )}
        <MenuButton
          label={`More actions for ${s.name}`}
          testId={`menu-${s.name}`}
          items={menu.map((a) => ({ key: a.key, label: a.label, danger: a.danger, disabled: a.disabled, onSelect: () => onAction(a) }))}
        />
      </div>
    </li>
  );
}

/** The URL's host (the full URL is in the detail pane). */
function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
