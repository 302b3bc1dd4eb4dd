import { useEffect } from 'react';

/** Names the browser tab (and the history entry) after the screen: "Orders · Coulisse". */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · Coulisse` : 'Coulisse';
  }, [title]);
}
