import { type ReactNode, useId } from 'react';
import { Link } from 'react-router';

/**
 * Colours for series, distinguishable by most colour-blind readers (after Okabe and Ito), in the order
 * series are given them. SVG presentation attributes cannot read CSS variables, hence literals.
 */
export const PALETTE = [
  '#2456a6',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#8a6d00',
  '#5b6573',
];
export const colour = (i: number) => PALETTE[i % PALETTE.length]!;

export const AXIS_TICK = { fontSize: 12, fill: '#5b6573' };
export const GRID_STROKE = '#e3e6ea';

export interface SummaryTable {
  columns: string[];
  rows: (string | number)[][];
}

/**
 * A titled card around a chart. The chart is drawn for the eye; the same figures are given to screen
 * readers as a table (visually hidden), since an SVG of bars says nothing to them.
 */
export function ChartCard({
  title,
  note,
  summary,
  className,
  testId,
  children,
}: {
  title: string;
  note?: string;
  summary?: SummaryTable | null;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const id = useId();
  const table = summary && summary.rows.length > 0 ? summary : null;
  return (
    <section
      className={`card dashboard-card ${className ?? ''}`}
      aria-labelledby={`${id}-title`}
      data-testid={testId}
    >
      <header className="dashboard-card-header">
        <h2 id={`${id}-title`}>{title}</h2>
        {note ? <p className="muted small">{note}</p> : null}
      </header>
      <div className="dashboard-card-body" aria-hidden={table ? true : undefined}>
        {children}
      </div>
      {table ? (
        <table className="visually-hidden">
          <caption>{title}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells of a row are positional.
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** A headline figure: a label and its number, optionally a link to the list behind it. */
export function Tile({
  label,
  value,
  tone,
  testId,
  to,
}: {
  label: string;
  value: string;
  tone?: 'warning' | 'danger' | undefined;
  testId: string;
  to?: string;
}) {
  const body = (
    <>
      <span className="tile-value" data-testid={testId}>
        {value}
      </span>
      <span className="tile-label">{label}</span>
    </>
  );
  return (
    <div className={`card tile${tone ? ` tile-${tone}` : ''}`}>
      {to ? (
        <Link to={to} className="tile-link">
          {body}
        </Link>
      ) : (
        body
      )}
    </div>
  );
}
