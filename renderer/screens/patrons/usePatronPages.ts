import { useCallback, useRef, useState } from 'react';
import type { Input } from '../../../shared/contract.ts';
import type { Patron } from '../../../shared/domain/patron.ts';
import type { ErrorPayload } from '../../../shared/errors.ts';
import { api } from '../../api.ts';
import { toDisplayError } from '../../components/displayError.ts';
import { patronPageSize as pageSize } from './patronPageSize.ts';

export type PatronQuery = Omit<Input<'patron.search'>, 'offset' | 'limit'>;

interface Loaded {
  queryKey: string;
  total: number | null;
  more: boolean;
  pages: Map<number, Patron[]>;
  error: ErrorPayload | null;
}

/**
 * The patrons matching a query, fetched a page (`patronPageSize`) at a time as the list scrolls to them. A
 * new query starts from nothing; `reload` (after a write) fetches the pages again but keeps showing the old
 * ones meanwhile.
 */
export function usePatronPages(query: PatronQuery) {
  const queryKey = JSON.stringify(query);
  const [version, setVersion] = useState(0);
  const fetchKey = `${queryKey}#${version}`;
  const [loaded, setLoaded] = useState<Loaded>({
    queryKey: '',
    total: null,
    more: false,
    pages: new Map(),
    error: null,
  });
  // Pages asked for under the current query and version; replaced (never mutated) when either changes.
  const requested = useRef<{ key: string; pages: Set<number> }>({ key: '', pages: new Set() });

  const ensure = useCallback(
    (first: number, last: number) => {
      if (requested.current.key !== fetchKey) requested.current = { key: fetchKey, pages: new Set() };
      const asked = requested.current;
      const input = JSON.parse(queryKey) as PatronQuery;
      for (let page = Math.floor(first / pageSize); page <= Math.floor(last / pageSize); page += 1) {
        if (asked.pages.has(page)) continue;
        asked.pages.add(page);
        api
          .call('patron.search', { ...input, offset: page * pageSize, limit: pageSize })
          .then((answer) => {
            if (requested.current !== asked) return;
            setLoaded((state) => {
              const pages = new Map(state.queryKey === queryKey ? state.pages : []);
              pages.set(page, answer.patrons);
              return { queryKey, total: answer.total, more: answer.more, pages, error: null };
            });
          })
          .catch((error: unknown) => {
            if (requested.current !== asked) return;
            asked.pages.delete(page);
            setLoaded((state) => ({ ...state, error: toDisplayError(error) }));
          });
      }
    },
    [fetchKey, queryKey],
  );

  const current = loaded.queryKey === queryKey;
  const pages = current ? loaded.pages : null;
  const row = useCallback(
    (index: number): Patron | undefined => pages?.get(Math.floor(index / pageSize))?.[index % pageSize],
    [pages],
  );
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  return {
    total: current ? loaded.total : null,
    more: current ? loaded.more : false,
    error: loaded.error,
    row,
    ensure,
    reload,
  };
}
