import type { ReactNode } from 'react';

/**
 * A data table that scrolls sideways inside its frame on narrow screens rather than breaking the page.
 * `caption` names it for screen readers (visually hidden unless shown).
 */
export function Table({
  caption,
  showCaption = false,
  children,
  className,
}: {
  caption: string;
  showCaption?: boolean;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className="table-wrap">
      <table className={`table ${className ?? ''}`}>
        <caption className={showCaption ? 'table-caption' : 'visually-hidden'}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}
